"""The SQLite store: schema, migrations and batched upserts.

Plain sqlite3, no ORM. List fields are JSON arrays (query them with
``json_each``). Every batch is one transaction, so a crash leaves either the
whole batch or none of it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .items import Article, Comment

logger = logging.getLogger(__name__)

ARTICLE_FIELDS = (
    "url",
    "post_id",
    "title",
    "description",
    "authors",
    "published_at",
    "modified_at",
    "category",
    "categories",
    "tags",
    "image_url",
    "image_caption",
    "body_text",
    "word_count",
    "comment_count",
    "scraped_at",
)
COMMENT_FIELDS = (
    "comment_id",
    "post_id",
    "article_url",
    "parent_id",
    "depth",
    "author",
    "author_url",
    "posted_at",
    "text",
    "scraped_at",
)
LIST_FIELDS = frozenset({"authors", "categories", "tags"})
# Fields that do not make a record "changed" when they differ.
VOLATILE_FIELDS = frozenset({"scraped_at"})

MIGRATIONS: tuple[str, ...] = (
    # 1: articles and comments
    """
    CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL UNIQUE,
        post_id       INTEGER UNIQUE,
        title         TEXT NOT NULL,
        description   TEXT,
        authors       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(authors)),
        published_at  TEXT,
        modified_at   TEXT,
        category      TEXT,
        categories    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(categories)),
        tags          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
        image_url     TEXT,
        image_caption TEXT,
        body_text     TEXT,
        word_count    INTEGER,
        comment_count INTEGER,
        scraped_at    TEXT,
        content_hash  TEXT NOT NULL,
        first_seen    TEXT NOT NULL,
        last_seen     TEXT NOT NULL
    );
    CREATE INDEX articles_published_at ON articles (published_at);
    CREATE INDEX articles_category ON articles (category);
    -- comments.post_id refers to articles.post_id. Not enforced: a thread is kept
    -- even when its article page failed validation (nothing is lost).
    CREATE TABLE comments (
        comment_id   INTEGER PRIMARY KEY,
        post_id      INTEGER REFERENCES articles (post_id),
        article_url  TEXT NOT NULL,
        parent_id    INTEGER,
        depth        INTEGER,
        author       TEXT,
        author_url   TEXT,
        posted_at    TEXT,
        text         TEXT NOT NULL,
        scraped_at   TEXT,
        content_hash TEXT NOT NULL,
        first_seen   TEXT NOT NULL,
        last_seen    TEXT NOT NULL
    );
    CREATE INDEX comments_post_id ON comments (post_id);
    CREATE INDEX comments_parent_id ON comments (parent_id);
    CREATE INDEX comments_article_url ON comments (article_url);
    CREATE INDEX comments_posted_at ON comments (posted_at);
    """,
    # 2: one row per run (defense_news.crawllog)
    """
    CREATE TABLE crawls (
        id                 INTEGER PRIMARY KEY,
        spider             TEXT NOT NULL,
        started_at         TEXT NOT NULL,
        finished_at        TEXT,
        finish_reason      TEXT,
        mode               TEXT,
        arguments          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(arguments)),
        jobdir             TEXT,
        pid                INTEGER,
        articles_new       INTEGER,
        articles_updated   INTEGER,
        articles_unchanged INTEGER,
        comments_new       INTEGER,
        comments_updated   INTEGER,
        comments_unchanged INTEGER,
        pages_fetched      INTEGER,
        errors             INTEGER,
        items_dropped      INTEGER,
        dropped            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(dropped))
    );
    CREATE INDEX crawls_started_at ON crawls (started_at);
    """,
    # 3: threads whose comment pages failed; the next run fetches their articles again
    """
    CREATE TABLE IF NOT EXISTS incomplete_threads (
        article_url  TEXT PRIMARY KEY,
        post_id      INTEGER,
        failed_url   TEXT NOT NULL,
        reason       TEXT NOT NULL,
        recorded_at  TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class WriteCounts:
    """What an upsert did: rows inserted, rewritten (content changed) and left as they were."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0


class StoreError(RuntimeError):
    """The database cannot be used (newer schema, not a database, locked...)."""


def content_hash(values: dict[str, Any]) -> str:
    stable = {k: v for k, v in values.items() if k not in VOLATILE_FIELDS}
    return hashlib.sha1(json.dumps(stable, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _row(item: Article | Comment, fields: Sequence[str], seen_at: str) -> dict[str, Any]:
    # The fields read directly: dataclasses.asdict() deep-copies every value, which cost
    # more than the hash and the JSON together (the values are only read here).
    values = {f: getattr(item, f) for f in fields}
    row = {f: (json.dumps(values[f], ensure_ascii=False) if f in LIST_FIELDS else values[f]) for f in fields}
    row["content_hash"] = content_hash({f: values[f] for f in fields})
    row["seen_at"] = seen_at
    return row


def _upsert_sql(table: str, fields: Sequence[str], keys: Sequence[str]) -> str:
    columns = ", ".join((*fields, "content_hash", "first_seen", "last_seen"))
    placeholders = ", ".join((*(f":{f}" for f in fields), ":content_hash", ":seen_at", ":seen_at"))
    # Unchanged rows only get last_seen; changed rows get every field.
    updates = ", ".join(
        f"{f} = CASE WHEN {table}.content_hash = excluded.content_hash THEN {table}.{f} ELSE excluded.{f} END"
        for f in (*fields, "content_hash")
    )
    clauses = " ".join(f"ON CONFLICT ({key}) DO UPDATE SET {updates}, last_seen = excluded.last_seen" for key in keys)
    return f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {clauses}"


ARTICLE_UPSERT = _upsert_sql("articles", ARTICLE_FIELDS, ("post_id", "url"))
COMMENT_UPSERT = _upsert_sql("comments", COMMENT_FIELDS, ("comment_id",))


class SQLiteStore:
    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Cannot use SQLite database {path}: {exc}") from exc

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this defense_news ({SCHEMA_VERSION}); upgrade it"
            )
        for number in range(version, SCHEMA_VERSION):
            logger.info("Migrating %s to schema version %d", self.path, number + 1)
            with self.transaction():
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    def upsert_articles(self, items: Iterable[Article], seen_at: str) -> WriteCounts:
        rows = [_row(item, ARTICLE_FIELDS, seen_at) for item in items]
        if not rows:
            return WriteCounts()
        with self.transaction():
            # Looked up inside the transaction, so the counts match what the upsert did.
            before = [
                self.conn.execute(
                    "SELECT content_hash FROM articles WHERE post_id = :post_id OR url = :url", row
                ).fetchone()
                for row in rows
            ]
            self.conn.executemany(ARTICLE_UPSERT, rows)
        return _counts(rows, before)

    def upsert_comments(self, items: Iterable[Comment], seen_at: str) -> WriteCounts:
        rows = [_row(item, COMMENT_FIELDS, seen_at) for item in items]
        if not rows:
            return WriteCounts()
        with self.transaction():
            before = [
                self.conn.execute("SELECT content_hash FROM comments WHERE comment_id = :comment_id", row).fetchone()
                for row in rows
            ]
            self.conn.executemany(COMMENT_UPSERT, rows)
        return _counts(rows, before)

    def mark_incomplete(self, rows: Iterable[dict[str, Any]]) -> None:
        """Record threads missing a comment page (``article_url``, ``post_id``, ``failed_url``, ``reason``)."""
        rows = list(rows)
        if rows:
            with self.transaction():
                self.conn.executemany(
                    "INSERT INTO incomplete_threads (article_url, post_id, failed_url, reason, recorded_at)"
                    " VALUES (:article_url, :post_id, :failed_url, :reason, :recorded_at)"
                    " ON CONFLICT (article_url) DO UPDATE SET failed_url = excluded.failed_url,"
                    " reason = excluded.reason, recorded_at = excluded.recorded_at",
                    rows,
                )

    def clear_incomplete(self, article_urls: Iterable[str]) -> None:
        """Forget the marks of articles fetched again (a new failure marks them again)."""
        urls = [(url,) for url in article_urls if url]
        if urls:
            with self.transaction():
                self.conn.executemany("DELETE FROM incomplete_threads WHERE article_url = ?", urls)

    def incomplete_threads(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT article_url FROM incomplete_threads ORDER BY article_url")]

    def count(self, table: str) -> int:
        if table not in {"articles", "comments", "incomplete_threads"}:
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def close(self) -> None:
        self.conn.close()


def _counts(rows: Sequence[dict[str, Any]], before: Sequence[tuple[str] | None]) -> WriteCounts:
    new = updated = unchanged = 0
    for row, old in zip(rows, before, strict=True):
        if old is None:
            new += 1
        elif old[0] == row["content_hash"]:
            unchanged += 1
        else:
            updated += 1
    return WriteCounts(new, updated, unchanged)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")


def stored_article_versions(path: str | Path) -> dict[str, str]:
    """URL → newest known timestamp (``modified_at``, else ``published_at``) of the stored articles.

    Read-only; an absent file or one without the table gives ``{}``.
    """
    if not path or str(path) == ":memory:" or not Path(path).is_file():
        return {}
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT url, coalesce(modified_at, published_at) FROM articles").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        logger.warning("Cannot read stored articles from %s: %s", path, exc)
        return {}
    return {url: stamp for url, stamp in rows if stamp}


def incomplete_thread_urls(path: str | Path) -> list[str]:
    """Article URLs whose threads an earlier run left incomplete (read-only; none if no database yet)."""
    if str(path) == ":memory:" or not Path(path).is_file():
        return []
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute("SELECT article_url FROM incomplete_threads ORDER BY article_url").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:  # no table yet (older schema) or not readable: the pipeline reports it
        logger.debug("No incomplete threads read from %s: %s", path, exc)
        return []
    return [row[0] for row in rows]
