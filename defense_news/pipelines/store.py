"""Store articles and comments through the run's store, upserting in batched transactions."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem, NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import deferred_from_coro

from .. import signals as dn_signals
from ..categorybook import named
from ..dates import to_iso, utc_now
from ..items import Article, Comment
from ..storage import DATABASE_ERROR, RunState, Store, StoreError, WriteCounts

logger = logging.getLogger(__name__)

# Counted under defense_news/dropped/, so the crawl record lists it and a REST run that lost a
# record does not count as read whole.
UNSTORABLE = "defense_news/dropped/unstorable"
# What one record's values raise in a store (a str no encoder takes, a number SQLite cannot
# hold), as opposed to StoreError, the database failing.
RECORD_ERRORS = (ValueError, TypeError, OverflowError)


class StorePipeline:
    """Batch items and write them through a :class:`~defense_news.storage.Store`.

    The store belongs to :class:`~defense_news.storage.RunState`, which opens it
    (and locks the site) when this pipeline is built; tests pass a store directly.
    """

    def __init__(
        self,
        store: Store,
        site: str,
        batch_size: int = 500,
        stats: StatsCollector | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        self.store = store
        self.site = site
        self.batch_size = max(1, batch_size)
        self.stats = stats
        self.crawler = crawler
        self.articles: list[Article] = []
        self.comments: list[Comment] = []
        self.incomplete: list[dict[str, Any]] = []
        # Removals noticed and not yet written: (kind, ids, urls, time noticed).
        self.removals: list[tuple[str, list[int], list[str], str]] = []
        # Articles stored with a comment count (their thread read), articles that got comments
        # stored, and threads that lost a page: comment_count is recounted from the live
        # comments stored at the end of the run (issue 20, item 6).
        self.counted: set[str] = set()
        self.commented: set[str] = set()
        self.lost_threads: set[str] = set()
        # Threads with comments read from a REST comment list not read whole: not recounted
        # (another of their comments may have been on the page lost).
        self.uncounted: set[str] = set()
        # Category slugs named after their articles left the spider (issue 22 item 12): article
        # URL -> slug -> name, for the whole run (an article still on its way is named as it comes);
        # the URLs whose stored rows are still to be named.
        self.category_names: dict[str, dict[str, str]] = {}
        self.names_to_write: set[str] = set()
        self.run_started = to_iso(utc_now())
        self.error: str | None = None
        self._closing: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        state = crawler.get_extension(RunState)
        if state is None or not state.config.enabled:
            # INFO, not the WARNING Scrapy gives a NotConfigured with a reason: asked for, nothing is wrong.
            logger.info("No database for this run (DEFENSE_NEWS_SQLITE_PATH empty, or an exploration command)")
            raise NotConfigured
        # Built with the engine, before the scheduler opens JOBDIR: the moment to lock
        # the site and record the run. StorageRefused stops the run here.
        store = state.open()
        pipeline = cls(store, state.site, state.config.batch_size, crawler.stats, crawler)
        pipeline.run_started = to_iso(state.started)
        crawler.signals.connect(pipeline.thread_incomplete, signal=dn_signals.thread_incomplete)
        crawler.signals.connect(pipeline.records_removed, signal=dn_signals.records_removed)
        crawler.signals.connect(pipeline.counts_unknown, signal=dn_signals.counts_unknown)
        crawler.signals.connect(pipeline.flush, signal=dn_signals.store_flush)
        crawler.signals.connect(pipeline.categories_named, signal=dn_signals.categories_named)
        return pipeline

    def open_spider(self) -> None:
        if self.error is not None:
            raise CloseSpider(DATABASE_ERROR)
        logger.info(
            "Storing site %s into %s (schema version %d)", self.site, self.store.location, self.store.schema_version
        )

    def records_removed(self, kind: str, ids: Any = (), urls: Any = (), reason: str = "") -> None:
        """Records the site no longer shows: marked removed (``removed_at``) with the next batch."""
        if kind not in ("articles", "comments"):
            raise ValueError(kind)
        ids, urls = sorted(set(ids)), sorted(set(urls))
        if ids or urls:
            logger.info("%d %s no longer public on the site (%s): marked removed", len(ids) or len(urls), kind, reason)
            self.removals.append((kind, ids, urls, to_iso(utc_now())))

    def categories_named(self, names: Any, urls: Any) -> None:
        """Category names learned after these articles left the spider: written with the next batch."""
        for url in urls:
            self.category_names.setdefault(url, {}).update(names)
            self.names_to_write.add(url)

    def counts_unknown(self, article_urls: Any = (), reason: str = "") -> None:
        """Threads whose comments came from a list not read whole: their counts are left as stored."""
        urls = set(article_urls) - self.uncounted
        if urls:
            logger.info("%d threads not recounted: %s", len(urls), reason)
            self.uncounted |= urls

    def thread_incomplete(self, article_url: str, post_id: int | None, failed_url: str, reason: str) -> None:
        self.lost_threads.add(article_url)
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
        if isinstance(item, Article | Comment):
            if item.site is None:
                item.site = self.site
            elif item.site != self.site:
                # The run holds the lock of its own site only.
                if self.stats is not None:
                    self.stats.inc_value("defense_news/dropped/other_site")
                raise DropItem(f"{item.site!r} is not this run's site {self.site!r}")
            problem = unstorable(item)
            if problem:
                if self.stats is not None:
                    self.stats.inc_value(UNSTORABLE)
                raise DropItem(f"not stored, {problem}: {record_name(item)}", log_level="ERROR")
            if isinstance(item, Article):
                if item.url in self.category_names:
                    item = named(item, self.category_names[item.url])
                self.articles.append(item)
            else:
                self.comments.append(item)
        if len(self.articles) + len(self.comments) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        if self.error is not None:
            return
        try:
            # Articles first, so a batch never holds comments whose article comes later.
            articles = self._upsert(self.store.upsert_articles, self.articles)
            comments = self._upsert(self.store.upsert_comments, self.comments)
            # A thread fetched again starts complete; failures of this run mark it again.
            self.store.clear_incomplete(self.site, (a.url for a in self.articles if a.url))
            self.store.mark_incomplete(self.site, self.incomplete)
            removed = self._remove()
            renamed = 0
            if self.names_to_write:
                renamed = self.store.name_categories(
                    self.site, {u: self.category_names[u] for u in self.names_to_write}
                )
        except StoreError as exc:
            self._fail(exc)
            return
        if self.stats is not None:
            self.stats.inc_value("defense_news/sqlite/articles_written", len(self.articles))
            self.stats.inc_value("defense_news/sqlite/comments_written", len(self.comments))
            for kind, counts in (("articles", articles), ("comments", comments)):
                for outcome in ("new", "updated", "unchanged", "restored"):
                    self.stats.inc_value(f"defense_news/sqlite/{kind}_{outcome}", getattr(counts, outcome))
                self.stats.inc_value(f"defense_news/sqlite/{kind}_removed", removed[kind])
            if renamed:
                self.stats.inc_value("defense_news/sqlite/categories_named", renamed)
        self.counted.update(a.url for a in self.articles if a.url and a.comment_count is not None)
        self.commented.update(c.article_url for c in self.comments if c.article_url)
        self.articles.clear()
        self.comments.clear()
        self.incomplete.clear()
        self.names_to_write.clear()

    def _remove(self) -> dict[str, int]:
        """Write the removals noticed: rows marked now, by kind (rows already marked are not counted)."""
        removed = {"articles": 0, "comments": 0}
        for kind, ids, urls, noticed in self.removals:
            if kind == "articles":
                removed[kind] += self.store.remove_articles(self.site, noticed, post_ids=ids, urls=urls)
            else:
                removed[kind] += self.store.remove_comments(self.site, noticed, ids)
        self.removals.clear()
        return removed

    def recount(self) -> None:
        """comment_count of the threads read whole this run: the live comments stored for them.

        An article stored with a count had its thread read (REST or pages); an article that
        got new comments keeps a count only if it had one (its thread was read before).
        Threads that lost a page keep what was stored: their count is not known; so do threads
        whose comments came from a REST comment list not read whole, unless read whole since.
        """
        if self.error is not None:
            return
        counted = self.counted - self.lost_threads
        try:
            changed = self.store.recount_comments(self.site, counted)
            changed += self.store.recount_comments(
                self.site, self.commented - counted - self.lost_threads - self.uncounted, True
            )
        except StoreError as exc:
            self._fail(exc)
            return
        if self.stats is not None:
            self.stats.inc_value("defense_news/sqlite/comment_counts_recounted", changed)

    def _upsert(self, upsert: Callable[[Sequence[Any], str], WriteCounts], items: list[Any]) -> WriteCounts:
        """The batch in one transaction; should one record's values break it, each record alone,
        so that record is dropped (named, counted) and never takes its batch with it."""
        try:
            return upsert(items, self.run_started)
        except RECORD_ERRORS:
            pass  # rolled back: nothing of the batch is written yet
        totals, kept = WriteCounts(), []
        for item in items:
            try:
                counts = upsert([item], self.run_started)
            except RECORD_ERRORS as exc:
                logger.error("Dropped %s: not stored, %s: %s", type(item).__name__, exc, record_name(item))
                if self.stats is not None:
                    self.stats.inc_value(UNSTORABLE)
                continue
            kept.append(item)
            totals = totals + counts
        items[:] = kept  # the stats count what was written
        return totals

    def _fail(self, exc: StoreError) -> None:
        """Stop the crawl: the batch is rolled back, rows already committed stay intact."""
        self.error = str(exc)
        logger.critical(
            "Database write failed (%s); stopping the crawl. The last batch (%d articles, %d comments) was rolled back"
            " and is not stored; everything stored before it is intact.",
            self.error,
            len(self.articles),
            len(self.comments),
        )
        if self.stats is not None:
            self.stats.set_value("defense_news/sqlite/error", str(exc.__cause__ or exc))
            self.stats.inc_value("defense_news/sqlite/not_stored", len(self.articles) + len(self.comments))
        self.articles.clear()
        self.comments.clear()
        engine = self.crawler.engine if self.crawler is not None else None
        if engine is not None and engine.running and self._closing is None:
            self._closing = deferred_from_coro(engine.close_spider_async(reason=DATABASE_ERROR))

    def close_spider(self) -> None:
        self._closing = True  # the engine is closing already: a failure here needs no close request
        # The store stays open: RunState completes the crawl record with it, then closes it.
        self.flush()
        self.recount()


def unstorable(item: Any) -> str | None:
    """Why a record's text cannot be stored (no encoder takes a lone surrogate), or None.

    The loaders mend such text (``processors.valid_unicode``); this catches values set elsewhere.
    """
    if not dataclasses.is_dataclass(item):
        return None
    for field in dataclasses.fields(item):
        value = getattr(item, field.name)
        for text in value if isinstance(value, list) else (value,):
            if isinstance(text, str) and not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError as exc:
                    return f"{field.name} is not valid Unicode ({exc.reason}: {text[exc.start : exc.end]!r})"
    return None


def record_name(item: Any) -> str:
    """A record as a log line names it: a comment by id and article, an article by URL."""
    if isinstance(item, Comment):
        return f"comment {item.comment_id} of {item.article_url}"
    return str(getattr(item, "url", None) or item)
