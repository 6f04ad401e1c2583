"""The one owner of the database in a crawl: lock, crawl record, resume decision, stored state, summary.

:class:`RunState` is an extension (in the style of kingfisher-collect's
``DatabaseStore``). As the engine is built, the store pipeline asks it to
:meth:`~RunState.open` the run; it then, for the spider's site:

1. opens the store (migrating the schema),
2. takes the site's lock (another crawl of the *same* site refuses to start;
   other sites crawl into the same database at the same time),
3. reads the site's earlier runs and decides whether this one resumes an
   interrupted run, and whether a ``JOBDIR`` left behind can be trusted (only
   the queue of a run that stopped gracefully is resumed; the state of a run
   that finished, or that was killed, is discarded),
4. records the run in ``crawls``,
5. hands the spider what the database knows of its site (:class:`SiteState`).

At the end it completes the crawl record and logs the run's one summary line.

The hand-over, which spiders rely on:

- The spider sets ``site_id: str`` in ``__init__``: a profile name (``19fortyfive``)
  or, for a site given by URL only, its host (lower-case, with the port when not
  the scheme's default). Every row is stored under it.
- Before the spider's ``start()`` runs, ``spider.site_state`` is set to a
  :class:`SiteState`. Without a database (``DEFENSE_NEWS_SQLITE_PATH`` empty, or an
  exploration command) it is left as the spider set it: give it an empty
  ``SiteState(site_id)`` in ``__init__``.
- ``spider.args`` (optional): a dataclass of the crawl arguments, recorded in
  ``crawls.arguments``; a true ``args.full`` records the mode ``full``.
- Categories that do not exist: the stats value ``defense_news/missing_categories``
  (a list); lost comment pages: the :data:`defense_news.signals.thread_incomplete`
  signal. Both are named in the summary.
- The spider never opens the database.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import socket
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from .. import signals as dn_signals
from ..dates import to_iso, utc_now
from ..finish_reasons import FAILED_REASONS
from ..run import run_of
from .base import (
    DATABASE_BUSY,
    DATABASE_ERROR,
    RECONCILED,
    CrawlHistory,
    SiteBusy,
    SiteLock,
    StorageRefused,
    Store,
    StoreError,
    read_reconciled,
)
from .config import StorageConfig
from .known import KnownArticles, version_stamp
from .sqlite import SQLiteStore

logger = logging.getLogger(__name__)

# Files Scrapy keeps in JOBDIR: the dupefilter, the disk queues, spider.state.
# The site's own totals (X-WP-Total of public posts and approved comments), as the crawl sets
# them in the stats (the keys of defense_news.progress, which storage does not import).
SITE_TOTALS = {"site_articles": "defense_news/site/total_articles", "site_comments": "defense_news/site/total_comments"}
JOBDIR_STATE = ("requests.seen", "requests.queue", "spider.state")
# Pages a run names in its record (crawls.failures); pages_failed counts them all. A bound, so
# a site that is down for a whole run does not write thousands of lines into one cell.
FAILURES_KEPT = 100


@dataclass
class SiteState:
    """What the database knows of one site, handed to the spider before ``start()``."""

    site: str = ""
    # Stored articles, and those to fetch again (an empty set: everything is new).
    known: KnownArticles = field(default_factory=KnownArticles)
    # Articles whose comment threads an earlier run left incomplete: fetch them first.
    incomplete_threads: list[str] = field(default_factory=list)
    # URL → newest stored timestamp (known.version_stamp): sitemap lastmod checks.
    article_versions: dict[str, str] = field(default_factory=dict)
    # Start of the interrupted run this one resumes, or None.
    resume_since: str | None = None
    crawl_id: int | None = None
    # Start of the last finished run that read the REST API to the end (None: never):
    # a REST run asks only for posts modified and comments posted since then.
    rest_since: str | None = None
    # What the last reconciling run found to be WordPress's own difference, by kind (issue 20):
    # not chased again while the difference stays that.
    reconciled_own: dict[str, int] = field(default_factory=dict)
    # That run's record as stored (crawls.reconciled, JSON): the windows it left are where the
    # next run's reconciliation goes on (defense_news.rest.reconcile.resume_of).
    reconciled_record: str | None = None
    # Stored depths of comments by id (a new reply to an old comment continues its thread).
    comment_depths: Callable[[Iterable[int]], dict[int, int]] = field(default=lambda ids: {}, repr=False)
    # The live rows stored for the site, read-only (docs/storage.md "Removed rows"): what the run
    # compares with the site's lists. Store.live_comment_ids(site, posted_after=, posted_before=,
    # post_ids=), Store.live_post_ids(site, published_after=, published_before=) and
    # Store.live_count(table, site, after=, before=) with this site; empty without a database.
    live_comment_ids: Callable[..., set[int]] = field(default=lambda *a, **kw: set(), repr=False)
    live_post_ids: Callable[..., set[int]] = field(default=lambda *a, **kw: set(), repr=False)
    live_count: Callable[..., int] = field(default=lambda *a, **kw: 0, repr=False)
    # Post ids of the stored articles by URL: a stored article whose page is gone is asked for by id.
    post_ids: dict[str, int] = field(default_factory=dict, repr=False)


def open_store(config: StorageConfig) -> Store:
    """The store the settings name: PostgreSQL when DEFENSE_NEWS_DATABASE_URL is set, else SQLite."""
    if config.database_url:
        return open_postgres(config.database_url, config.timeout)
    return SQLiteStore(config.sqlite_path, timeout=config.timeout)


def open_postgres(url: str, timeout: float, existing: bool = False) -> Store:
    """A :class:`~.postgres.PostgresStore`; ``existing``: refuse a database without the schema."""
    if not url.startswith(("postgresql://", "postgres://")):
        raise StoreError(f"DEFENSE_NEWS_DATABASE_URL must start with postgresql:// (got {url.split(':', 1)[0]}:...)")
    try:
        from .postgres import PostgresStore
    except ImportError:
        raise StoreError(
            "DEFENSE_NEWS_DATABASE_URL names a PostgreSQL database but psycopg is not installed: "
            "pip install -e '.[postgres]'"
        ) from None
    return PostgresStore(url, connect_timeout=timeout, existing=existing)


def node_name() -> str:
    """This crawl node in crawl records and lock messages: $DEFENSE_NEWS_NODE, else the host name."""
    return os.environ.get("DEFENSE_NEWS_NODE") or socket.gethostname()


def job_of(spider: Spider | None) -> str | None:
    """scrapyd's job id (it passes ``-a _job=``), or $SCRAPY_JOB; None for a crawl started by hand or cron."""
    return getattr(spider, "_job", None) or os.environ.get("SCRAPY_JOB") or None


def shard_of(spider: Spider | None) -> str:
    """``K/N`` when the spider crawls one shard of its site (``-a shard=``), else ``""``."""
    run = run_of(spider)
    return str(run.args.shard) if run is not None and run.args.shard else ""


def site_of(spider: Spider | None) -> str:
    """The spider's ``site_id``; its name for spiders that crawl no configured site."""
    if spider is None:
        return "?"
    run = run_of(spider)
    return run.site_id if run is not None else str(spider.name or "?")


class RunState:
    """Lock the site, record the run, hand the spider its stored state, summarise the run."""

    def __init__(self, config: StorageConfig, stats: StatsCollector, jobdir: str | None = None) -> None:
        self.config = config
        self.stats = stats
        self.jobdir = jobdir or None
        self.crawler: Crawler | None = None
        self.store: Store | None = None
        self.lock: SiteLock | None = None
        self.site = "?"
        self.spider_name = "?"
        self.node = node_name()
        self.job: str | None = None
        self.shard = ""
        self.crawl_id: int | None = None
        self.mode = "incremental"
        self.site_state: SiteState | None = None
        self.started = utc_now()
        # Articles whose threads lost a comment page this run (thread_incomplete signal).
        self.incomplete: set[str] = set()
        # Pages the run lost (page_failed signal): all counted, the first FAILURES_KEPT named.
        self.pages_failed = 0
        self.failures: list[dict[str, str]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunState:
        config = StorageConfig.from_settings(crawler.settings)
        if config.exploring:
            # Logged here at INFO: a NotConfigured with a reason is a WARNING from Scrapy, and
            # nothing is wrong (every `scrapy parse` printed it).
            logger.info("Exploration command: the database is neither opened, locked nor recorded")
            raise NotConfigured
        assert crawler.stats is not None
        state = cls(config, crawler.stats, crawler.settings.get("JOBDIR"))
        state.crawler = crawler
        # Nothing happens until the engine is built (see open()): a crawler that is
        # only created, as in unit tests, takes no lock and leaves no record.
        crawler.signals.connect(state.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(state.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(state.engine_stopped, signal=signals.engine_stopped)
        crawler.signals.connect(state.thread_incomplete, signal=dn_signals.thread_incomplete)
        crawler.signals.connect(state.page_failed, signal=dn_signals.page_failed)
        return state

    # -- opening -------------------------------------------------------------

    def open(self) -> Store:
        """Open the store, lock the site, decide resume/JOBDIR, record the run, hand over the state.

        Called by the store pipeline as the engine is built: after the spider and
        before the scheduler, which reads JOBDIR when it is created. Raises
        :class:`StorageRefused` (already logged, one line) when the run must not start.
        """
        if self.store is not None:
            return self.store
        spider = self.crawler.spider if self.crawler is not None else None
        self.site = site_of(spider)
        self.spider_name = spider.name if spider is not None else "?"
        self.job = job_of(spider)
        self.shard = shard_of(spider)
        try:
            store = open_store(self.config)
        except StoreError as exc:
            self._refuse(DATABASE_ERROR, f"{exc}. Nothing was crawled.")
        holder = f"pid {os.getpid()} on node {self.node}{f', job {self.job}' if self.job else ''}"
        try:
            self.lock = store.lock_site(self.site, holder, self.shard)
        except StoreError as exc:
            busy = isinstance(exc, SiteBusy)
            if busy:
                self._record_refusal(store)
            store.close()
            self._refuse(DATABASE_BUSY if busy else DATABASE_ERROR, str(exc))
        try:
            history = store.crawl_history(self.site, self.shard)
            self._check_jobdir(history)
            if history.resume_since is not None:
                self.mode = "resume"
            self.crawl_id = store.insert_crawl(
                {
                    "site": self.site,
                    "spider": self.spider_name,
                    "started_at": to_iso(self.started),
                    "mode": self.mode,
                    "jobdir": self.jobdir,
                    "pid": os.getpid(),
                    **self._who(),
                }
            )
            self.site_state = self._load(store, history)
        except (StoreError, OSError) as exc:
            self.release(store)
            self._refuse(DATABASE_ERROR, f"Cannot start the run: {exc}. Nothing was crawled.")
        self.store = store
        if spider is not None:
            spider.site_state = self.site_state  # type: ignore[attr-defined]  # the hand-over (module docstring)
        if self.mode == "resume":
            logger.warning(
                "The previous run of %s on %s did not finish: resuming (every listing page is walked, "
                "articles it wrote are fetched again)",
                self.site,
                store.location,
            )
        return store

    def _who(self) -> dict[str, Any]:
        """The crawl record's node, scrapyd job and shard."""
        return {"node": self.node, "job": self.job, "shard": self.shard or None}

    def _refuse(self, reason: str, message: str) -> NoReturn:
        logger.critical(message)
        self.stats.set_value("finish_reason", reason)
        raise StorageRefused(reason, message)

    def _record_refusal(self, store: Store) -> None:
        """A crawl record for the refused run, so the database's history shows it (best effort)."""
        now = to_iso(utc_now())
        try:
            store.insert_crawl(
                {
                    "site": self.site,
                    "spider": self.spider_name,
                    "started_at": now,
                    "finished_at": now,
                    "finish_reason": DATABASE_BUSY,
                    "mode": "refused",
                    "jobdir": self.jobdir,
                    "pid": os.getpid(),
                    **self._who(),
                }
            )
        except StoreError as exc:
            logger.debug("No crawl record for the refused run: %s", exc)

    def _load(self, store: Store, history: CrawlHistory) -> SiteState:
        resume_since = history.resume_since
        stored = list(store.stored_articles(self.site))
        known = KnownArticles.from_stored(
            stored,
            utc_now(),
            self.config.refresh_days,
            resume_since,
            recheck_days=self.config.recheck_days,
            recheck_max=self.config.recheck_max,
        )
        versions = {a.url: stamp for a in stored if (stamp := version_stamp(a))}
        incomplete = store.incomplete_threads(self.site)
        self.stats.set_value("defense_news/known_articles", len(known.urls))
        if known.recheck_left:
            # Named once here; the page walk reads them first next run (docs/scheduling.md).
            self.stats.set_value("defense_news/recheck/left_for_next_run", known.recheck_left)
            logger.warning(
                "%d stored articles of %s are due for their re-check beyond DEFENSE_NEWS_RECHECK_MAX (%d):"
                " left for the next run",
                known.recheck_left,
                self.site,
                self.config.recheck_max,
            )
        logger.info(
            "%d articles of %s already stored, %d of them fetched again (published in the last %d days%s,"
            " or %d older ones due for their re-check); %d threads left incomplete",
            len(known.urls),
            self.site,
            len(known.refresh),
            self.config.refresh_days,
            " or written by the interrupted run" if resume_since else "",
            len(known.recheck),
            len(incomplete),
        )
        site = self.site
        return SiteState(
            site,
            known,
            incomplete,
            versions,
            resume_since,
            self.crawl_id,
            # An interrupted run may have left gaps: the next REST run starts from the last
            # finished one, as every run after it is asked again.
            rest_since=history.rest_since,
            reconciled_own=_own_differences(history.reconciled),
            reconciled_record=history.reconciled,
            comment_depths=lambda ids: store.comment_depths(site, ids),
            live_comment_ids=functools.partial(store.live_comment_ids, site),
            live_post_ids=functools.partial(store.live_post_ids, site),
            live_count=functools.partial(_live_count, store, site),
            post_ids={a.url: a.post_id for a in stored if a.post_id is not None},
        )

    def _check_jobdir(self, history: CrawlHistory) -> None:
        if not self.jobdir:
            return
        jobdir = Path(self.jobdir)
        present = [name for name in JOBDIR_STATE if (jobdir / name).exists()]
        if not present:
            return
        reason = history.last_reason
        if history.has_previous and reason not in (None, "finished") and history.last_jobdir == self.jobdir:
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

    # -- during the run --------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        if self.crawl_id is None or self.store is None:
            return
        arguments = _arguments(spider)
        if arguments.get("full"):
            self.mode = "full"
        self.stats.set_value("defense_news/crawl_id", self.crawl_id)
        self.stats.set_value("defense_news/crawl_mode", self.mode)
        self._update({"mode": self.mode, "arguments": json.dumps(arguments, default=str)})

    def thread_incomplete(self, article_url: str, **kwargs: Any) -> None:
        self.incomplete.add(article_url)

    def page_failed(self, url: str, kind: str, reason: str, **kwargs: Any) -> None:
        self.pages_failed += 1
        if len(self.failures) < FAILURES_KEPT:
            self.failures.append({"url": url, "kind": kind, "reason": reason})

    def _update(self, values: dict[str, Any]) -> None:
        if self.store is None or self.crawl_id is None:
            return
        try:
            self.store.update_crawl(self.crawl_id, values)
        except StoreError as exc:
            # A warning: when the database fails, the store's own CRITICAL line already says so.
            logger.warning("Crawl record #%s not updated: %s", self.crawl_id, exc)

    # -- the end -----------------------------------------------------------------

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
            for outcome in ("new", "updated", "unchanged", "removed", "restored")
        }
        values.update((column, stats.get(key)) for column, key in SITE_TOTALS.items())
        values["reconciled"] = stats.get(RECONCILED)
        values.update(self._live_counts())
        values.update(
            finished_at=to_iso(utc_now()),
            finish_reason=reason,
            pages_fetched=stats.get("downloader/response_count", 0),
            # Set by the spider: "rest" when the API gave every post and comment to the end.
            source=stats.get("defense_news/source"),
            errors=stats.get("log_count/ERROR", 0),
            items_dropped=stats.get("item_dropped_count", 0),
            dropped=json.dumps(dropped, sort_keys=True),
            comment_systems=json.dumps(third_party_systems(stats), sort_keys=True),
            pages_failed=self.pages_failed,
            failures=json.dumps(self.failures, ensure_ascii=False),
        )
        return values

    def _live_counts(self) -> dict[str, int | None]:
        """The live rows stored for the site at the end of the run (None: not known)."""
        if self.store is None:
            return {"stored_articles": None, "stored_comments": None}
        try:
            return {
                "stored_articles": self.store.live_count("articles", self.site),
                "stored_comments": self.store.live_count("comments", self.site),
            }
        except StoreError as exc:
            logger.warning("Live rows of %s not counted: %s", self.site, exc)
            return {"stored_articles": None, "stored_comments": None}

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.site == "?":
            self.site = site_of(spider)
        values = self.counts(reason)
        self._update(values)
        self.log_summary(values)

    def log_summary(self, values: dict[str, Any]) -> None:
        """The run's one summary line; at ERROR when the run failed (exit status 1) or categories were
        missing, WARNING when threads are incomplete."""
        elapsed = max((datetime.fromisoformat(values["finished_at"]) - self.started).total_seconds(), 0)
        run = f"Crawl #{self.crawl_id} of {self.site} ({self.mode})" if self.crawl_id else f"Crawl of {self.site}"
        parts = [
            f"{run} ended: {values['finish_reason']} after {elapsed:.0f} s, {values['pages_fetched']} pages fetched,"
            f" {values['errors']} errors."
        ]
        if self.store is not None:
            parts.append(
                "Articles: {articles_new} new, {articles_updated} updated, {articles_unchanged} unchanged."
                " Comments: {comments_new} new, {comments_updated} updated, {comments_unchanged} unchanged.".format(
                    **values
                )
            )
            removals = [
                values[f"{kind}_{change}"] for change in ("removed", "restored") for kind in ("articles", "comments")
            ]
            if any(removals):
                parts.append(
                    "No longer on the site: {} articles, {} comments marked removed;"
                    " back: {} articles, {} comments.".format(*removals)
                )
            if values["stored_articles"] is not None:
                parts.append(totals_sentence(values))
        else:
            parts.append(f"{self.stats.get_value('item_scraped_count', 0)} items scraped (no database).")
        parts.append(f"Items dropped: {values['items_dropped']} {values['dropped']}.")
        if self.pages_failed:
            where = f" (listed in crawls.failures of crawl #{self.crawl_id})" if self.crawl_id else ""
            parts.append(f"Pages lost: {self.pages_failed}{where}.")
        level = logging.INFO
        incomplete = sorted(self.incomplete)
        if incomplete:
            parts.append(
                f"{len(incomplete)} comment threads incomplete (fetched again next run): {', '.join(incomplete)}."
            )
            level = logging.WARNING
        third_party = third_party_systems(self.stats.get_stats())
        if third_party:
            served = ", ".join(f"{name} ({count} articles)" for name, count in sorted(third_party.items()))
            parts.append(f"Comments are served by {served}: not collected.")
            level = max(level, logging.WARNING)
        missing = self.stats.get_value("defense_news/missing_categories") or []
        if missing:
            parts.append(f"Categories not found on the site: {', '.join(missing)}.")
            level = logging.ERROR
        if values["finish_reason"] in FAILED_REASONS:
            # A run that failed (exit status 1) does not end on an INFO line that reads like success.
            level = logging.ERROR
        logger.log(level, " ".join(parts))

    def engine_stopped(self) -> None:
        if self.store is not None:
            self.release(self.store)
            self.store = None

    def release(self, store: Store) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        store.close()


def _live_count(store: Store, site: str, table: str, after: str | None = None, before: str | None = None) -> int:
    return store.live_count(table, site, after, before)


def _own_differences(reconciled: str | None) -> dict[str, int]:
    """Per kind, the difference the last reconciliation found to be WordPress's own, where it
    read every window it had to (``own`` not None, nothing ``left``)."""
    return {
        kind: outcome["own"]
        for kind, outcome in read_reconciled(reconciled).items()
        if isinstance(outcome.get("own"), int) and not outcome.get("left")
    }


def totals_sentence(values: dict[str, Any]) -> str:
    """The dataset's live rows of the site next to the site's own totals, when it stated them.

    >>> totals_sentence({"stored_articles": 236, "stored_comments": 2440, "site_articles": 238, "site_comments": 2445})
    'Live in the dataset: 236 articles, 2440 comments; the site states 238 articles, 2445 comments.'
    >>> totals_sentence({"stored_articles": 9, "stored_comments": 40, "site_articles": None, "site_comments": None})
    "Live in the dataset: 9 articles, 40 comments; the site's totals are unknown (only its REST API states them)."
    """
    stored = f"Live in the dataset: {values['stored_articles']} articles, {values['stored_comments']} comments"
    site = [values.get("site_articles"), values.get("site_comments")]
    if site == [None, None]:
        # A page walk: no page states how many posts and comments the site has.
        return f"{stored}; the site's totals are unknown (only its REST API states them)."
    shown = ["?" if n is None else str(n) for n in site]
    return f"{stored}; the site states {shown[0]} articles, {shown[1]} comments."


def third_party_systems(stats: dict[str, Any]) -> dict[str, int]:
    """Articles whose comments a third-party system serves, by system (the spider counts them)."""
    prefix = "defense_news/comments/third_party/"
    return {key.removeprefix(prefix): count for key, count in stats.items() if key.startswith(prefix)}


def _arguments(spider: Spider | None) -> dict[str, Any]:
    run = run_of(spider)
    if run is None:
        return {}
    values = asdict(run.args)
    return {name: value for name, value in values.items() if value not in (None, False)}
