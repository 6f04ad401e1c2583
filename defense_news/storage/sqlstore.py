"""What the two SQL backends do alike, written once: row mapping, shared statements, history, counts.

:class:`SQLStore` holds every :class:`~defense_news.storage.base.Store` method whose
SQL is the same on SQLite and PostgreSQL. Statements are written with SQLite's
``:name`` parameters; a backend runs them through three hooks (:meth:`~SQLStore._read`,
:meth:`~SQLStore._stream`, :meth:`~SQLStore._write`), translating the parameters and its
driver's errors (:class:`~defense_news.storage.base.StoreError`). What differs (the
upserts, the locks, the migrations' bookkeeping) stays in ``sqlite.py`` and ``postgres.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..items import Article, Comment
from .base import DATABASE_BUSY, CrawlHistory, StoredArticle, StoreError
from .schema import CRAWL_HISTORY_LAST, CRAWL_HISTORY_REST, CRAWL_HISTORY_RESUME, LIST_FIELDS, content_hash

# Tables count() may be asked about (the name goes into SQL).
TABLES = frozenset({"articles", "comments", "crawls", "incomplete_threads"})

MARK_INCOMPLETE = (
    "INSERT INTO incomplete_threads (site, article_url, post_id, failed_url, reason, recorded_at)"
    " VALUES (:site, :article_url, :post_id, :failed_url, :reason, :recorded_at)"
    " ON CONFLICT (site, article_url) DO UPDATE SET failed_url = excluded.failed_url,"
    " reason = excluded.reason, recorded_at = excluded.recorded_at"
)
CLEAR_INCOMPLETE = "DELETE FROM incomplete_threads WHERE site = :site AND article_url = :article_url"
INCOMPLETE_THREADS = "SELECT article_url FROM incomplete_threads WHERE site = :site ORDER BY article_url"
# Least recently read first: the order the page walk's rolling re-check takes them in.
STORED_ARTICLES = (
    "SELECT url, published_at, modified_at, last_seen, comment_count FROM articles WHERE site = :site"
    " ORDER BY last_seen, url"
)


def record_row(item: Article | Comment, fields: Sequence[str]) -> dict[str, Any]:
    """An item as stored: its site, its fields (lists as JSON text) and its ``content_hash``."""
    # The fields read directly: dataclasses.asdict() deep-copies every value, which cost
    # more than the hash and the JSON together (the values are only read here).
    values = {f: getattr(item, f) for f in fields}
    row = values.copy()
    for f in LIST_FIELDS.intersection(fields):
        row[f] = json.dumps(values[f], ensure_ascii=False)
    row["site"] = item.site
    row["content_hash"] = content_hash(values)
    return row


def check_not_newer(location: str, version: int, supported: int) -> None:
    """Refuse a database a newer defense_news has migrated: this one would misread it."""
    if version > supported:
        raise StoreError(
            f"{location} has schema version {version}, newer than this defense_news ({supported}); upgrade it"
        )


def insert_sql(table: str, values: Iterable[str]) -> str:
    """``INSERT INTO table (names) VALUES (:names)`` for the given column names (the code's own)."""
    names = list(values)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(f':{name}' for name in names)})"


class SQLStore:
    """The :class:`~defense_news.storage.base.Store` methods both SQL backends share."""

    location: str

    # -- hooks: each backend runs a ``:name`` statement its own way ------------

    def _read(self, statement: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """All rows of a query."""
        raise NotImplementedError

    def _stream(self, statement: str, params: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
        """The rows of a query one by one, never all in memory."""
        raise NotImplementedError

    def _write(self, statement: str, rows: Sequence[dict[str, Any]]) -> None:
        """The statement once per row, in one transaction."""
        raise NotImplementedError

    # -- incomplete threads ----------------------------------------------------

    def mark_incomplete(self, site: str, rows: Iterable[dict[str, Any]]) -> None:
        marks = [{**row, "site": site} for row in rows]
        if marks:
            self._write(MARK_INCOMPLETE, marks)

    def clear_incomplete(self, site: str, article_urls: Iterable[str]) -> None:
        keys = [{"site": site, "article_url": url} for url in article_urls if url]
        if keys:
            self._write(CLEAR_INCOMPLETE, keys)

    def incomplete_threads(self, site: str) -> list[str]:
        return [row[0] for row in self._read(INCOMPLETE_THREADS, {"site": site})]

    # -- run state -------------------------------------------------------------

    def stored_articles(self, site: str) -> Iterator[StoredArticle]:
        for row in self._stream(STORED_ARTICLES, {"site": site}):
            yield StoredArticle(*row)

    def crawl_history(self, site: str, shard: str = "") -> CrawlHistory:
        params = {"site": site, "shard": shard, "busy": DATABASE_BUSY}
        last = self._read(CRAWL_HISTORY_LAST, params)
        if not last:
            return CrawlHistory()
        return CrawlHistory(
            last_reason=last[0][0],
            last_jobdir=last[0][1],
            has_previous=True,
            resume_since=self._read(CRAWL_HISTORY_RESUME, params)[0][0],
            rest_since=self._read(CRAWL_HISTORY_REST, params)[0][0],
        )

    def update_crawl(self, crawl_id: int, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        self._write(f"UPDATE crawls SET {assignments} WHERE id = :id", [{**values, "id": crawl_id}])

    def count(self, table: str, site: str | None = None) -> int:
        if table not in TABLES:
            raise ValueError(table)
        if site is None:
            return int(self._read(f"SELECT count(*) FROM {table}", {})[0][0])
        return int(self._read(f"SELECT count(*) FROM {table} WHERE site = :site", {"site": site})[0][0])
