"""A run whose requested categories all turned out not to exist ends ``categories_not_found``.

``-a categories=nosuchcat`` used to crawl nothing, log the 404 and finish like any
good run: exit status 0, so a scheduler never heard of the typo (or of the site
renaming its categories). Modelled on Scrapy's ``CloseSpider`` extension: when the
run runs out of requests, the spider's stats decide the finish reason, which the
project's ``crawl`` command turns into exit status 1 (docs/exit-codes.md).

Some missing categories among found ones are no failure: they are named in the
log, the stats (``defense_news/missing_categories``) and the closing summary.
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.statscollectors import StatsCollector

from .run import run_of

logger = logging.getLogger(__name__)

REASON = "categories_not_found"


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
        requested = run.args.categories if run is not None else None
        if not requested:
            return  # categories from the site's own menu: its links are not the user's mistake
        missing = set(self.stats.get_value("defense_news/missing_categories") or ())
        if self.stats.get_value("defense_news/listing_pages") or not missing >= set(requested):
            return
        logger.error(
            "None of the requested categories exists on the site (%s): check -a categories= against the "
            "category slugs in the site's /category/ links",
            ", ".join(requested),
        )
        raise CloseSpider(REASON)
