"""One run at a time per database, and a record of every run in the ``crawls`` table.

The extension is built before the scheduler, so it can also decide whether a
``JOBDIR`` left by the previous run can be trusted: only the queue of a run that
stopped gracefully (Ctrl-C, SIGTERM, a CloseSpider limit) is resumed. The state
of a run that finished, or that was killed and never closed its queue files,
is discarded; the database then tells the spider what is already stored
(:mod:`defense_news.incremental`).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import sqlite3
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from .dates import to_iso, utc_now
from .store import SQLiteStore

logger = logging.getLogger(__name__)

# Files Scrapy keeps in JOBDIR: the dupefilter, the disk queues, spider.state.
JOBDIR_STATE = ("requests.seen", "requests.queue", "spider.state")


class DatabaseBusy(RuntimeError):
    """Another crawl holds the lock of this database."""


class DatabaseLock:
    """An exclusive ``flock`` on ``<database>.lock``; the OS releases it when the process dies."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self.file: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        file = open(self.path, "a+")  # noqa: SIM115 - held open for the whole run
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read().strip() or "another process"
            file.close()
            message = (
                f"Another crawl is writing to {str(self.path)[:-5]} ({holder}); not starting. "
                "Wait for it to finish, or point this run at another DEFENSE_NEWS_SQLITE_PATH."
            )
            logger.critical(message)  # the log file says why, not only stderr's traceback
            raise DatabaseBusy(message) from None
        file.seek(0)
        file.truncate()
        file.write(f"pid {os.getpid()} since {to_iso(utc_now())}\n")
        file.flush()
        self.file = file

    def release(self) -> None:
        if self.file is not None:
            fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()
            self.file = None


class CrawlLog:
    """Lock the database, record the run in ``crawls``, log its summary at the end."""

    def __init__(self, db_path: str, stats: StatsCollector, jobdir: str | None = None) -> None:
        self.db_path = db_path
        self.stats = stats
        self.jobdir = jobdir or None
        self.lock = DatabaseLock(db_path)
        self.crawl_id: int | None = None
        self.spider_name = "?"
        self.mode = "incremental"
        # Start of the first interrupted run since the last finished one, if any.
        self.resume_since: str | None = None
        self.started = utc_now()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlLog:
        path = crawler.settings.get("DEFENSE_NEWS_SQLITE_PATH")
        if not path:
            raise NotConfigured("DEFENSE_NEWS_SQLITE_PATH is empty: no crawl record")
        assert crawler.stats is not None
        log = cls(path, crawler.stats, crawler.settings.get("JOBDIR"))
        log.spider_name = crawler.spidercls.name or "?"
        # Nothing happens until the engine is built (see open()): a crawler that is
        # only created, as in unit tests, takes no lock and leaves no record.
        crawler.signals.connect(log.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(log.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(log.engine_stopped, signal=signals.engine_stopped)
        return log

    def open(self) -> None:
        """Lock, look at the previous runs, tidy JOBDIR and insert this run's row.

        Called by the SQLite pipeline as the engine is built: after the spider and
        before the scheduler, which reads JOBDIR when it opens.
        """
        if self.crawl_id is not None:
            return
        spider_name = self.spider_name
        self.lock.acquire()
        store = SQLiteStore(self.db_path)
        try:
            conn = store.conn
            previous = conn.execute(
                "SELECT finish_reason, jobdir FROM crawls WHERE spider = ? ORDER BY id DESC LIMIT 1", (spider_name,)
            ).fetchone()
            self.resume_since = conn.execute(
                "SELECT min(started_at) FROM crawls WHERE spider = ? AND id > coalesce("
                "(SELECT max(id) FROM crawls WHERE spider = ? AND finish_reason = 'finished'), 0)",
                (spider_name, spider_name),
            ).fetchone()[0]
            self._check_jobdir(previous)
            if self.resume_since is not None:
                self.mode = "resume"
            with store.transaction():
                cursor = conn.execute(
                    "INSERT INTO crawls (spider, started_at, mode, jobdir, pid) VALUES (?, ?, ?, ?, ?)",
                    (spider_name, to_iso(self.started), self.mode, self.jobdir, os.getpid()),
                )
            self.crawl_id = cursor.lastrowid
        except BaseException:
            self.lock.release()
            raise
        finally:
            store.close()
        if self.mode == "resume":
            logger.warning(
                "The previous run on %s did not finish: resuming (every listing page is walked, "
                "articles it wrote are fetched again)",
                self.db_path,
            )

    def spider_opened(self, spider: Spider) -> None:
        if self.crawl_id is None:
            return
        arguments = _arguments(spider)
        if arguments.get("full"):
            self.mode = "full"
        self.stats.set_value("defense_news/crawl_id", self.crawl_id)
        self.stats.set_value("defense_news/crawl_mode", self.mode)
        self._update({"mode": self.mode, "arguments": json.dumps(arguments, default=str)})

    def _update(self, values: dict[str, Any]) -> None:
        store = SQLiteStore(self.db_path)
        try:
            with store.transaction():
                store.conn.execute(
                    f"UPDATE crawls SET {', '.join(f'{name} = :{name}' for name in values)} WHERE id = :id",
                    {**values, "id": self.crawl_id},
                )
        finally:
            store.close()

    def _check_jobdir(self, previous: sqlite3.Row | tuple[Any, ...] | None) -> None:
        if not self.jobdir:
            return
        jobdir = Path(self.jobdir)
        present = [name for name in JOBDIR_STATE if (jobdir / name).exists()]
        if not present:
            return
        reason, previous_jobdir = previous if previous is not None else (None, None)
        if reason not in (None, "finished") and previous_jobdir == self.jobdir:
            logger.info("Resuming the queue in JOBDIR %s (previous run stopped: %s)", jobdir, reason)
            return
        why = "finished" if reason == "finished" else "was killed or did not record its end"
        logger.warning("Discarding the state in JOBDIR %s: the previous run %s", jobdir, why)
        for name in present:
            target = jobdir / name
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink()

    def counts(self, reason: str) -> dict[str, Any]:
        stats = self.stats.get_stats()
        # Why items were dropped: validation (<kind>_missing_<field>) and duplicates (duplicate_<kind>).
        dropped = {
            key.removeprefix("defense_news/dropped/"): n
            for key, n in stats.items()
            if key.startswith("defense_news/dropped/")
        }
        dropped.update(
            (f"duplicate_{key.removeprefix('defense_news/duplicates/')}", n)
            for key, n in stats.items()
            if key.startswith("defense_news/duplicates/")
        )
        values: dict[str, Any] = {
            f"{kind}_{outcome}": stats.get(f"defense_news/sqlite/{kind}_{outcome}", 0)
            for kind in ("articles", "comments")
            for outcome in ("new", "updated", "unchanged")
        }
        values.update(
            finished_at=to_iso(utc_now()),
            finish_reason=reason,
            pages_fetched=stats.get("downloader/response_count", 0),
            errors=stats.get("log_count/ERROR", 0),
            items_dropped=stats.get("item_dropped_count", 0),
            dropped=json.dumps(dropped, sort_keys=True),
        )
        return values

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.crawl_id is None:
            return
        values = self.counts(reason)
        self._update(values)
        self.log_summary(values)

    def log_summary(self, values: dict[str, Any]) -> None:
        elapsed = (datetime.fromisoformat(values["finished_at"]) - self.started).total_seconds()
        logger.info(
            "Crawl #%s (%s) ended: %s after %.0f s, %s pages fetched, %s errors",
            self.crawl_id,
            self.mode,
            values["finish_reason"],
            max(elapsed, 0),
            values["pages_fetched"],
            values["errors"],
        )
        logger.info(
            "Articles: %s new, %s updated, %s unchanged",
            values["articles_new"],
            values["articles_updated"],
            values["articles_unchanged"],
        )
        logger.info(
            "Comments: %s new, %s updated, %s unchanged",
            values["comments_new"],
            values["comments_updated"],
            values["comments_unchanged"],
        )
        logger.info("Items dropped: %s %s", values["items_dropped"], values["dropped"])

    def engine_stopped(self) -> None:
        self.lock.release()


def _arguments(spider: Spider | None) -> dict[str, Any]:
    args = getattr(spider, "args", None)
    if args is None:
        return {}
    values = asdict(args)
    return {name: value for name, value in values.items() if value not in (None, False)}
