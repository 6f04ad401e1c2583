"""How a run that did not do its job ends: finish reasons a scheduler must hear of.

``-a categories=nosuchcat`` used to crawl nothing, log the 404 and finish like any
good run: exit status 0, so a scheduler never heard of the typo (or of the site
renaming its categories). So did a crawl of a page that is no WordPress site, or
``discovery=feed`` where there is no feed. Modelled on Scrapy's ``CloseSpider``
extension: when the run runs out of requests, what it found decides the finish
reason, which the project's ``crawl`` command turns into exit status 1
(:data:`~defense_news.finish_reasons.FAILED_REASONS`, docs/exit-codes.md).

Some missing categories among found ones are no failure: they are named in the
log, the stats (``defense_news/missing_categories``) and the closing summary. Nor is
an incremental run that found only articles it had stored: it found articles, none new.
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.statscollectors import StatsCollector

from .finish_reasons import ARTICLES_NOT_FOUND, CATEGORIES_NOT_FOUND
from .run import Run, run_of
from .walk import Findings

logger = logging.getLogger(__name__)


def categories_all_missing(stats: StatsCollector, run: Run | None) -> bool:
    """Whether every category ``-a categories=`` asked for answered 404 (and no listing was read)."""
    requested = run.args.categories if run is not None else None
    if not requested:
        return False  # categories from the site's own menu: its links are not the user's mistake
    missing = set(stats.get_value("defense_news/missing_categories") or ())
    return not stats.get_value("defense_news/listing_pages") and missing >= set(requested)


class MissingCategories:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MissingCategories:
        assert crawler.stats is not None
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        return extension

    def spider_idle(self, spider: Spider) -> None:
        run = run_of(spider)
        if run is None or not run.args.categories or not categories_all_missing(self.stats, run):
            return
        logger.error(
            "None of the requested categories exists on the site (%s): check -a categories= against the "
            "category slugs in the site's /category/ links",
            ", ".join(run.args.categories),
        )
        raise CloseSpider(CATEGORIES_NOT_FOUND)


class ArticlesNotFound:
    """A run that found no article where it looked ends ``articles_not_found``, with one line
    saying what was not found where (the spider's :class:`~defense_news.walk.Findings`)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticlesNotFound:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        # Connected now, after the spider's own idle handler (connected when it was built, which
        # may be after the extensions), so that its judgement runs last: the spider's may give
        # the run another way to the articles (source=auto: the page walk) or record REST's posts.
        self.crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    def spider_idle(self, spider: Spider) -> None:
        findings = getattr(spider, "findings", None)
        run = run_of(spider)
        stats = self.crawler.stats
        if not isinstance(findings, Findings) or run is None or stats is None:
            return
        engine = self.crawler.engine
        if engine is None or not engine.spider_is_idle():
            return  # the spider asked for more (another source, the page walk): not over yet
        if not stats.get_value("downloader/response_count"):
            return  # nothing answered at all: site_unreachable says so (SiteUnreachableMiddleware)
        if categories_all_missing(stats, run):
            return  # categories_not_found says so
        failure = findings.failure(run.base_url)
        if failure is None:
            return
        logger.error("%s", failure)
        raise CloseSpider(ARTICLES_NOT_FOUND)
