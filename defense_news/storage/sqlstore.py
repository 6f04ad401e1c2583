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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..items import Article, Comment
from .base import DATABASE_BUSY, CrawlHistory, StoredArticle, StoreError
from .schema import (
    ARTICLE_FIELDS,
    CRAWL_HISTORY_LAST,
    CRAWL_HISTORY_RECONCILED,
    CRAWL_HISTORY_REST,
    CRAWL_HISTORY_RESUME,
    LIST_FIELDS,
    content_hash,
)

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
    "SELECT url, published_at, modified_at, last_seen, comment_count, post_id FROM articles WHERE site = :site"
    " ORDER BY last_seen, url"
)
# Removal marks: the first time a run noticed stays (a row already marked is left alone).
REMOVE_ARTICLE_BY_ID = (
    "UPDATE articles SET removed_at = :removed_at WHERE site = :site AND post_id = :key AND removed_at IS NULL"
)
REMOVE_ARTICLE_BY_URL = (
    "UPDATE articles SET removed_at = :removed_at WHERE site = :site AND url = :key AND removed_at IS NULL"
)
REMOVE_COMMENT = (
    "UPDATE comments SET removed_at = :removed_at WHERE site = :site AND comment_id = :key AND removed_at IS NULL"
)
# The content hash stays the one of the article as last read: a recount alone is no edit.
RECOUNT = "UPDATE articles SET comment_count = :comment_count WHERE site = :site AND url = :url"
# Category slugs named after the article was stored (issue 22 item 12); the hash is the named article's.
NAME_CATEGORIES = (
    "UPDATE articles SET category = :category, categories = :categories, content_hash = :content_hash"
    " WHERE site = :site AND url = :url"
)
# The date a live-row window is over, per table.
WINDOW_FIELDS = {"articles": "published_at", "comments": "posted_at"}
# Values per IN (...) list: SQLite builds before 3.32 allow 999 parameters.
CHUNK = 500


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

    def _write(self, statement: str, rows: Sequence[dict[str, Any]]) -> int:
        """The statement once per row, in one transaction; the rows it changed."""
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
            reconciled=next(iter(self._read(CRAWL_HISTORY_RECONCILED, params)), (None,))[0],
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

    # -- removals, windows and counts (issue 20) ---------------------------------

    def remove_articles(
        self, site: str, removed_at: str, post_ids: Iterable[int] = (), urls: Iterable[str] = ()
    ) -> int:
        marked = 0
        for statement, keys in (
            (REMOVE_ARTICLE_BY_ID, sorted(set(post_ids))),
            (REMOVE_ARTICLE_BY_URL, sorted(set(urls))),
        ):
            if keys:
                marked += self._write(statement, [{"site": site, "removed_at": removed_at, "key": k} for k in keys])
        return marked

    def remove_comments(self, site: str, removed_at: str, comment_ids: Iterable[int]) -> int:
        keys = sorted(set(comment_ids))
        if not keys:
            return 0
        return self._write(REMOVE_COMMENT, [{"site": site, "removed_at": removed_at, "key": k} for k in keys])

    def live_comment_ids(
        self,
        site: str,
        posted_after: str | None = None,
        posted_before: str | None = None,
        post_ids: Iterable[int] | None = None,
        article_urls: Iterable[str] | None = None,
    ) -> set[int]:
        where, params = _window("posted_at", site, posted_after, posted_before)
        query = f"SELECT comment_id FROM comments WHERE {where}"
        if post_ids is None and article_urls is None:
            return {int(row[0]) for row in self._read(query, params)}
        found: set[int] = set()
        # By post id (a REST list) or by article URL (a page walk: pages without post ids).
        for column, keys, prefix in (("post_id", post_ids, "p"), ("article_url", article_urls, "u")):
            for names, values in _in_lists(sorted(set(keys or ())), prefix):
                query_in = f"{query} AND {column} IN ({names})"
                found.update(int(row[0]) for row in self._read(query_in, {**params, **values}))
        return found

    def live_post_ids(
        self, site: str, published_after: str | None = None, published_before: str | None = None
    ) -> set[int]:
        where, params = _window("published_at", site, published_after, published_before)
        rows = self._read(f"SELECT post_id FROM articles WHERE {where} AND post_id IS NOT NULL", params)
        return {int(row[0]) for row in rows}

    def live_count(self, table: str, site: str, after: str | None = None, before: str | None = None) -> int:
        if table not in WINDOW_FIELDS:
            raise ValueError(table)
        where, params = _window(WINDOW_FIELDS[table], site, after, before)
        return int(self._read(f"SELECT count(*) FROM {table} WHERE {where}", params)[0][0])

    def recount_comments(self, site: str, article_urls: Iterable[str], only_counted: bool = False) -> int:
        changes = []
        live = (
            "SELECT count(*) FROM comments c WHERE c.site = a.site AND c.article_url = a.url AND c.removed_at IS NULL"
        )
        for names, values in _in_lists(sorted({url for url in article_urls if url}), "u"):
            rows = self._read(
                f"SELECT url, comment_count, ({live}) FROM articles a WHERE a.site = :site AND a.url IN ({names})",
                {"site": site, **values},
            )
            for url, stored, count in rows:
                if stored != count and not (only_counted and stored is None):
                    changes.append({"site": site, "url": url, "comment_count": int(count)})
        if changes:
            self._write(RECOUNT, changes)
        return len(changes)

    def name_categories(self, site: str, names: Mapping[str, Mapping[str, str]]) -> int:
        changes = []
        columns = ", ".join(ARTICLE_FIELDS)
        for params, values in _in_lists(sorted(names), "u"):
            query = f"SELECT {columns} FROM articles WHERE site = :site AND url IN ({params})"
            for row in self._read(query, {"site": site, **values}):
                record = dict(zip(ARTICLE_FIELDS, row, strict=True))
                for name in LIST_FIELDS:
                    record[name] = json.loads(record[name])
                renamed = names[record["url"]]
                # Each slug as its name, a name listed once (as categorybook.rename does: storage
                # imports no decision module).
                categories = list(dict.fromkeys(renamed.get(c, c) for c in record["categories"]))
                category = renamed.get(record["category"], record["category"])
                if (category, categories) == (record["category"], record["categories"]):
                    continue
                record.update(category=category, categories=categories)
                changes.append(
                    {
                        "site": site,
                        "url": record["url"],
                        "category": category,
                        "categories": json.dumps(categories, ensure_ascii=False),
                        "content_hash": content_hash(record),
                    }
                )
        if changes:
            self._write(NAME_CATEGORIES, changes)
        return len(changes)


def _window(field: str, site: str, after: str | None, before: str | None) -> tuple[str, dict[str, Any]]:
    """The WHERE clause of a site's live rows with ``field`` strictly between the bounds given."""
    where, params = ["site = :site", "removed_at IS NULL"], {"site": site}
    if after is not None:
        where.append(f"{field} > :after")
        params["after"] = after
    if before is not None:
        where.append(f"{field} < :before")
        params["before"] = before
    return " AND ".join(where), params


def _in_lists(values: Sequence[Any], prefix: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``values`` in chunks, each as ``:p0, :p1, ...`` and its parameters."""
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        params = {f"{prefix}{i}": value for i, value in enumerate(chunk)}
        yield ", ".join(f":{name}" for name in params), params
