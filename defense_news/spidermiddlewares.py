"""The project's spider middlewares (``SPIDER_MIDDLEWARES`` in settings.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector

from .categorybook import CategoryBook
from .items import Article, Comment
from .run import run_of

logger = logging.getLogger(__name__)


class ExtractionErrorMiddleware:
    """A page that breaks extraction is logged with its URL and counted; the crawl goes on.

    Whatever the callback yielded before the error is kept; nothing half-built
    is stored because items are only built whole by the loaders.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionErrorMiddleware:
        return cls(crawler.stats)

    def process_spider_exception(self, response: Response, exception: Exception) -> Iterable[Any] | None:
        if isinstance(exception, HttpError):
            return None  # HttpErrorMiddleware logs and counts non-200 answers
        if isinstance(exception, CloseSpider):
            return None  # a callback ending the run on purpose (rest_refused): Scrapy closes the spider
        self.stats.inc_value("defense_news/errors/extraction")
        self.stats.inc_value(f"defense_news/errors/extraction/{type(exception).__name__}")
        logger.error(
            "Extraction failed on %s: %s: %s", response.url, type(exception).__name__, exception, exc_info=exception
        )
        return []


class SiteMiddleware(BaseSpiderMiddleware):
    """Stamp every article and comment with the spider's ``site_id``, wherever it was built.

    One place for the whole spider: items come from article pages, comment pages
    and the REST API alike, and stored keys and feed rows need the site on each.
    """

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        if isinstance(item, Article | Comment) and item.site is None:
            run = run_of(self.crawler)
            item.site = run.site_id if run is not None else None
        return item


class CategoryNamesMiddleware(BaseSpiderMiddleware):
    """Name an article's category slugs from the spider's :class:`~defense_news.categorybook.CategoryBook`
    as it leaves the spider, whichever callback built it (its page, a REST answer, a later page).

    Outermost, after the shard's filter: only articles that leave are awaited in the store.
    """

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        book = getattr(self.crawler.spider, "category_book", None)
        if not isinstance(item, Article) or not isinstance(book, CategoryBook):
            return item
        leaving = book.leaving(item)
        stats = self.crawler.stats
        assert stats is not None
        if leaving.named:
            stats.inc_value("defense_news/categories/named_on_arrival", leaving.named)
        if leaving.kept:
            logger.debug("%s leaves with category slugs %s, no name seen yet", item.url, leaving.kept)
        return leaving.article
