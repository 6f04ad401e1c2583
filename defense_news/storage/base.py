"""What the crawl needs from a database, whatever the backend.

:class:`Store` is the interface :class:`~defense_news.storage.state.RunState` and
the store pipeline use; :class:`~defense_news.storage.sqlite.SQLiteStore` is the
embedded backend. A backend keeps the tables of :mod:`~defense_news.storage.schema`
with the same keys and the same change detection (a row is *unchanged* when its
``content_hash`` is, *updated* otherwise), reports failures as :class:`StoreError`,
and provides a per-site lock that the operating system or the server releases
when the process dies.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..items import Article, Comment

# Finish reason and crawl record of a run refused because another crawl of the same
# site holds the lock; such records never count as interrupted runs (nothing was crawled).
DATABASE_BUSY = "database_busy"
# Finish reason when the database cannot be used (not a database, newer schema,
# read-only, full, locked by another program for longer than the timeout).
DATABASE_ERROR = "database_error"
# Stats key of what a run's reconciliation found (defense_news.rest.reconcile.Reconcile.record(),
# JSON), which the crawl record keeps (crawls.reconciled).
RECONCILED = "defense_news/reconcile/record"


@dataclass(frozen=True)
class WriteCounts:
    """What an upsert did: rows inserted, rewritten (content changed) and left as they were;
    ``restored``: rows among the updated and unchanged ones that were marked removed (live again)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    restored: int = 0

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(
            self.new + other.new,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.restored + other.restored,
        )


@dataclass(frozen=True)
class StoredArticle:
    """What incremental runs need to know of a stored article."""

    url: str
    published_at: str | None
    modified_at: str | None
    # When the article was last read (its page or its REST record): the rolling re-check's order.
    last_seen: str
    comment_count: int | None = None
    # Its WordPress post id (None: stored without one): a page gone is checked with posts/<id>.
    post_id: int | None = None


@dataclass(frozen=True)
class CrawlHistory:
    """The earlier runs of one site, as far as the next run's decisions need them."""

    # Finish reason and JOBDIR of the last run that was not refused (None: no run yet,
    # or the last one never recorded its end).
    last_reason: str | None = None
    last_jobdir: str | None = None
    has_previous: bool = False
    # Start of the first run since the last finished one that did not finish (a
    # killed, stopped or failed run), or None: the next run resumes after it.
    resume_since: str | None = None
    # Start of the last finished run that read the site through its REST API (crawls.source).
    rest_since: str | None = None
    # crawls.reconciled of the last run that reconciled (JSON), or None.
    reconciled: str | None = None


def read_reconciled(record: str | None) -> dict[str, dict[str, Any]]:
    """crawls.reconciled (JSON) read: per kind, its outcome as the run recorded it; nothing from a
    record that is not one (an older release's, or damaged). The one reader of that column: the
    next run's state (storage/state.py) and where reconciliation resumes (rest/reconcile.py).

    >>> read_reconciled('{"articles": {"own": 2, "left": []}, "comments": 3}'), read_reconciled("{not json")
    ({'articles': {'own': 2, 'left': []}}, {})
    """
    try:
        found = json.loads(record) if record else {}
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {kind: outcome for kind, outcome in found.items() if isinstance(outcome, dict)}


class StoreError(RuntimeError):
    """The database cannot be used: not a database, newer schema, read-only, full, locked..."""


class SiteBusy(StoreError):
    """Another crawl of the same site holds its lock."""


class StorageRefused(Exception):
    """The run stops before its first request: the database cannot be used, or the site is busy.

    Raised as the engine is built, before the scheduler opens JOBDIR, so a refused
    run touches nothing another run may be using. ``reason`` is the finish reason
    (:data:`DATABASE_BUSY`, :data:`DATABASE_ERROR`); the message was logged already.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class SiteLock(Protocol):
    def release(self) -> None: ...


class Store(Protocol):
    """A database holding several sites' articles, comments, crawl records and run state.

    Every method that reads or writes a site's state takes the site; items carry
    their own (``Article.site``, ``Comment.site``). Writes are batched by the
    caller; each call is one transaction, so a crash keeps all of it or none.
    """

    # Where the data goes, for messages (never holds a password).
    location: str

    @property
    def schema_version(self) -> int: ...

    def lock_site(self, site: str, holder: str = "", shard: str = "") -> SiteLock:
        """Take the site's lock for this run, or raise :class:`SiteBusy` naming the holder.

        ``holder`` describes this run to the next one that finds the lock taken (node, job).
        With ``shard`` (``K/N``), the run crawls one shard: shards of a site run side by side,
        each once at a time, and none of them with a run of the whole site.
        """

    def upsert_articles(self, items: Iterable[Article], seen_at: str) -> WriteCounts: ...

    def upsert_comments(self, items: Iterable[Comment], seen_at: str) -> WriteCounts: ...

    def mark_incomplete(self, site: str, rows: Iterable[dict[str, Any]]) -> None:
        """Record threads missing a comment page (``article_url``, ``post_id``, ``failed_url``, ``reason``,
        ``recorded_at``)."""

    def clear_incomplete(self, site: str, article_urls: Iterable[str]) -> None:
        """Forget the marks of articles fetched again (a new failure marks them again)."""

    def incomplete_threads(self, site: str) -> list[str]: ...

    def stored_articles(self, site: str) -> Iterator[StoredArticle]: ...

    def comment_depths(self, site: str, comment_ids: Iterable[int]) -> dict[int, int]:
        """Stored depths of these comments (the parents of new replies); unknown ids are left out."""

    def crawl_history(self, site: str, shard: str = "") -> CrawlHistory:
        """The site's earlier runs (of one shard, ``K/N``; ``""``: runs of the whole site)."""

    def insert_crawl(self, values: dict[str, Any]) -> int:
        """Insert a ``crawls`` row (column → value) and return its id."""

    def update_crawl(self, crawl_id: int, values: dict[str, Any]) -> None: ...

    def count(self, table: str, site: str | None = None) -> int:
        """Rows of ``table`` (of one site), removed ones included: see :meth:`live_count`."""

    # -- removals and totals (issue 20; docs/storage.md "Removed rows") ----------------
    #
    # Times are ISO 8601 UTC strings as stored (``2026-06-30T12:00:00Z``); windows compare
    # them as text, like every stored time. "Live": ``removed_at IS NULL``.

    def remove_articles(
        self, site: str, removed_at: str, post_ids: Iterable[int] = (), urls: Iterable[str] = ()
    ) -> int:
        """Mark these articles removed (by post id and/or URL) at ``removed_at``; rows stay.

        Rows already marked keep their first mark. Returns how many rows were marked now.
        The article's comments are left as they are (WordPress still counts them in X-WP-Total).
        """

    def remove_comments(self, site: str, removed_at: str, comment_ids: Iterable[int]) -> int:
        """Mark these comments removed at ``removed_at`` (rows stay); returns how many were marked now.

        Only for comments known gone (a thread read to its end, a list read to its end): an
        upsert of the same comment later clears the mark (:attr:`WriteCounts.restored`)."""

    def live_comment_ids(
        self,
        site: str,
        posted_after: str | None = None,
        posted_before: str | None = None,
        post_ids: Iterable[int] | None = None,
        article_urls: Iterable[str] | None = None,
    ) -> set[int]:
        """Ids of the live comments stored for the site, posted strictly after/before the given
        times (``None``: no bound; a comment without ``posted_at`` is only in an unbounded window),
        of these posts only when ``post_ids`` is given, of these articles (by ``article_url``, as a
        page walk knows them) when ``article_urls`` is; given both, of either."""

    def live_post_ids(
        self, site: str, published_after: str | None = None, published_before: str | None = None
    ) -> set[int]:
        """Post ids of the live articles stored for the site, published strictly after/before the
        given times (``None``: no bound); articles stored without a post id are left out."""

    def live_count(self, table: str, site: str, after: str | None = None, before: str | None = None) -> int:
        """Live rows of ``articles`` or ``comments`` of the site, in a window of ``published_at``
        (articles) or ``posted_at`` (comments), bounds exclusive as WordPress's ``after``/``before``."""

    def recount_comments(self, site: str, article_urls: Iterable[str], only_counted: bool = False) -> int:
        """Set ``comment_count`` of these articles to their live comments stored (by ``article_url``).

        For articles whose whole thread was read: the count is then what the dataset holds. With
        ``only_counted``, articles stored with NULL (thread never read) are left NULL. The content
        hash stays the one of the article as last read (a new comment is no edit of the article).
        Returns how many articles' counts changed.
        """

    def name_categories(self, site: str, names: Mapping[str, Mapping[str, str]]) -> int:
        """Replace category slugs of stored articles by their names (article URL -> slug -> name),
        in ``categories`` and ``category`` alike, a name listed once; the content hash becomes the one
        of the article read with those names. Returns how many rows changed."""

    def close(self) -> None: ...
