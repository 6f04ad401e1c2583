"""Store articles and comments in SQLite, upserting in batched transactions."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro

from .. import signals as dn_signals
from ..crawllog import CrawlLog
from ..dates import to_iso, utc_now
from ..items import Article, Comment
from ..store import SQLiteStore, StoreError

logger = logging.getLogger(__name__)

# Finish reason when the database cannot take writes (disk full, read-only, locked).
SQLITE_ERROR = "sqlite_error"


class SQLitePipeline:
    def __init__(
        self,
        path: str,
        batch_size: int = 500,
        stats: StatsCollector | None = None,
        timeout: float = 30.0,
        crawler: Crawler | None = None,
    ) -> None:
        self.path = path
        self.batch_size = max(1, batch_size)
        self.stats = stats
        self.timeout = timeout
        self.crawler = crawler
        self.store: SQLiteStore | None = None
        self.articles: list[Article] = []
        self.comments: list[Comment] = []
        self.incomplete: list[dict[str, Any]] = []
        self.run_started = to_iso(utc_now())
        self.error: str | None = None
        self._closing: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SQLitePipeline:
        path = crawler.settings.get("DEFENSE_NEWS_SQLITE_PATH")
        if not path:
            raise NotConfigured("DEFENSE_NEWS_SQLITE_PATH is empty: SQLite storage is off")
        crawl_log = crawler.get_extension(CrawlLog)
        error = None
        if crawl_log is not None:
            # Lock the database and record the run before the scheduler opens JOBDIR.
            try:
                crawl_log.open()
            except (sqlite3.Error, StoreError) as exc:
                error = f"{path}: {exc}"  # open_spider stops the crawl with it
        pipeline = cls(
            path,
            crawler.settings.getint("DEFENSE_NEWS_SQLITE_BATCH_SIZE", 500),
            crawler.stats,
            crawler.settings.getfloat("DEFENSE_NEWS_SQLITE_TIMEOUT", 30.0),
            crawler,
        )
        crawler.signals.connect(pipeline.thread_incomplete, signal=dn_signals.thread_incomplete)
        pipeline.error = error
        return pipeline

    def open_spider(self) -> None:
        if self.error is not None:
            logger.critical("Cannot use SQLite database %s. Nothing was crawled.", self.error)
            raise CloseSpider(SQLITE_ERROR)
        try:
            self.store = SQLiteStore(self.path, timeout=self.timeout)
        except StoreError as exc:
            self.error = str(exc)
            logger.critical("%s. Nothing was crawled.", exc)
            raise CloseSpider(SQLITE_ERROR) from exc
        logger.info("Storing into SQLite %s (schema version %d)", self.path, self.store.schema_version)

    def thread_incomplete(self, article_url: str, post_id: int | None, failed_url: str, reason: str) -> None:
        self.incomplete.append(
            {
                "article_url": article_url,
                "post_id": post_id,
                "failed_url": failed_url,
                "reason": reason,
                "recorded_at": to_iso(utc_now()),
            }
        )

    def process_item(self, item: Any) -> Any:
        if self.error is not None:
            if self.stats is not None:
                self.stats.inc_value("defense_news/sqlite/not_stored")
            raise DropItem(f"not stored, the SQLite database failed: {self.error}", log_level="DEBUG")
        if isinstance(item, Article):
            self.articles.append(item)
        elif isinstance(item, Comment):
            self.comments.append(item)
        if len(self.articles) + len(self.comments) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        assert self.store is not None
        if self.error is not None:
            return
        try:
            # Articles first, so a batch never holds comments whose article comes later.
            articles = self.store.upsert_articles(self.articles, self.run_started)
            comments = self.store.upsert_comments(self.comments, self.run_started)
            # A thread fetched again starts complete; failures of this run mark it again.
            self.store.clear_incomplete(a.url for a in self.articles if a.url)
            self.store.mark_incomplete(self.incomplete)
        except sqlite3.Error as exc:
            self._fail(exc)
            return
        if self.stats is not None:
            self.stats.inc_value("defense_news/sqlite/articles_written", len(self.articles))
            self.stats.inc_value("defense_news/sqlite/comments_written", len(self.comments))
            for kind, counts in (("articles", articles), ("comments", comments)):
                for outcome in ("new", "updated", "unchanged"):
                    self.stats.inc_value(f"defense_news/sqlite/{kind}_{outcome}", getattr(counts, outcome))
        self.articles.clear()
        self.comments.clear()
        self.incomplete.clear()

    def _fail(self, exc: sqlite3.Error) -> None:
        """Stop the crawl: the batch is rolled back, rows already committed stay intact."""
        self.error = f"{self.path}: {exc}"
        logger.critical(
            "SQLite write failed (%s); stopping the crawl. The last batch (%d articles, %d comments) was rolled back"
            " and is not stored; everything stored before it is intact.",
            self.error,
            len(self.articles),
            len(self.comments),
        )
        if self.stats is not None:
            self.stats.set_value("defense_news/sqlite/error", str(exc))
            self.stats.inc_value("defense_news/sqlite/not_stored", len(self.articles) + len(self.comments))
        self.articles.clear()
        self.comments.clear()
        engine = self.crawler.engine if self.crawler is not None else None
        if engine is not None and engine.running and self._closing is None:
            self._closing = deferred_from_coro(engine.close_spider_async(reason=SQLITE_ERROR))

    def close_spider(self) -> None:
        if self.store is None:
            return
        self._closing = True  # the engine is closing already: a failure here needs no close request
        try:
            self.flush()
        finally:
            self.store.close()
            self.store = None
