"""Store articles and comments in SQLite, upserting in batched transactions."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from ..crawllog import CrawlLog
from ..dates import to_iso, utc_now
from ..items import Article, Comment
from ..store import SQLiteStore

logger = logging.getLogger(__name__)


class SQLitePipeline:
    def __init__(self, path: str, batch_size: int = 500, stats: StatsCollector | None = None) -> None:
        self.path = path
        self.batch_size = max(1, batch_size)
        self.stats = stats
        self.store: SQLiteStore | None = None
        self.articles: list[Article] = []
        self.comments: list[Comment] = []
        self.run_started = to_iso(utc_now())

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SQLitePipeline:
        path = crawler.settings.get("DEFENSE_NEWS_SQLITE_PATH")
        if not path:
            raise NotConfigured("DEFENSE_NEWS_SQLITE_PATH is empty: SQLite storage is off")
        crawl_log = crawler.get_extension(CrawlLog)
        if crawl_log is not None:
            # Lock the database and record the run before the scheduler opens JOBDIR.
            crawl_log.open()
        return cls(path, crawler.settings.getint("DEFENSE_NEWS_SQLITE_BATCH_SIZE", 500), crawler.stats)

    def open_spider(self) -> None:
        self.store = SQLiteStore(self.path)
        logger.info("Storing into SQLite %s (schema version %d)", self.path, self.store.schema_version)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            self.articles.append(item)
        elif isinstance(item, Comment):
            self.comments.append(item)
        if len(self.articles) + len(self.comments) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        assert self.store is not None
        # Articles first, so a batch never holds comments whose article comes later.
        articles = self.store.upsert_articles(self.articles, self.run_started)
        comments = self.store.upsert_comments(self.comments, self.run_started)
        if self.stats is not None:
            self.stats.inc_value("defense_news/sqlite/articles_written", len(self.articles))
            self.stats.inc_value("defense_news/sqlite/comments_written", len(self.comments))
            for kind, counts in (("articles", articles), ("comments", comments)):
                for outcome in ("new", "updated", "unchanged"):
                    self.stats.inc_value(f"defense_news/sqlite/{kind}_{outcome}", getattr(counts, outcome))
        self.articles.clear()
        self.comments.clear()

    def close_spider(self) -> None:
        if self.store is None:
            return
        try:
            self.flush()
        finally:
            self.store.close()
            self.store = None
