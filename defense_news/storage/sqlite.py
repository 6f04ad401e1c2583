"""The embedded backend: one SQLite file (WAL), batched upserts, a ``flock`` per site.

Plain sqlite3, no ORM. List fields are JSON arrays (query them with
``json_each``). Every batch is one transaction, so a crash leaves either the
whole batch or none of it. WAL and a busy timeout let crawls of different sites
write to one file at the same time: each transaction waits for the other's.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from ..dates import to_iso, utc_now
from ..items import Article, Comment
from .base import SiteBusy, StoreError, WriteCounts
from .schema import (
    ARTICLE_FIELDS,
    ARTICLE_KEYS,
    COMMENT_FIELDS,
    COMMENT_KEYS,
    MIGRATIONS,
    SCHEMA_VERSION,
    PostgresOnly,
    Rehash,
    rehash,
)
from .sqlstore import SQLStore, check_not_newer, insert_sql, record_row

logger = logging.getLogger(__name__)

MEMORY = ":memory:"


def explain(path: Path, exc: Exception, timeout: float | None = None) -> str:
    """sqlite3's message, with what it means for this database when SQLite's own words are cryptic."""
    message = str(exc)
    if path.is_dir():  # SQLite says only "unable to open database file"
        return f"{message}: {path} is a directory, not a database file"
    directory = path.parent
    if str(path) != MEMORY and not directory.is_dir():
        # The folder could not be made: say why rather than call a folder that is not there read-only.
        existing = next((p for p in (directory, *directory.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            return f"{message}: {existing} is a file, not a directory"
    if str(path) != MEMORY and not os.access(directory, os.W_OK):
        return f"{message}: the directory {directory} is read-only (SQLite writes its journal next to the database)"
    if "locked" in message and timeout is not None:
        return (
            f"{message}: another program held a write lock for longer than DEFENSE_NEWS_SQLITE_TIMEOUT ({timeout:g} s)"
        )
    return message


@contextmanager
def _translated(path: Path, timeout: float | None = None) -> Iterator[None]:
    """sqlite3's errors as :class:`StoreError`, so callers need not know the backend."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: {explain(path, exc, timeout)}") from exc


def _row(item: Article | Comment, fields: Sequence[str], seen_at: str) -> dict[str, Any]:
    row = record_row(item, fields)
    row["seen_at"] = seen_at
    return row


def upsert_sql(table: str, fields: Sequence[str], keys: Sequence[Sequence[str]]) -> str:
    """``INSERT … ON CONFLICT (key) DO UPDATE`` for each key: unchanged rows only get ``last_seen``."""
    columns = ", ".join(("site", *fields, "content_hash", "first_seen", "last_seen"))
    placeholders = ", ".join((":site", *(f":{f}" for f in fields), ":content_hash", ":seen_at", ":seen_at"))
    updates = ", ".join(
        f"{f} = CASE WHEN {table}.content_hash = excluded.content_hash THEN {table}.{f} ELSE excluded.{f} END"
        for f in (*fields, "content_hash")
    )
    # A row seen again is live again: its removal mark (removed_at) is cleared.
    clauses = " ".join(
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}, last_seen = excluded.last_seen, removed_at = NULL"
        for key in keys
    )
    return f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {clauses}"


ARTICLE_UPSERT = upsert_sql("articles", ARTICLE_FIELDS, ARTICLE_KEYS)
COMMENT_UPSERT = upsert_sql("comments", COMMENT_FIELDS, COMMENT_KEYS)
# Looked up inside the upsert's transaction, so the counts match what the upsert did.
ARTICLE_BEFORE = (
    "SELECT content_hash, removed_at FROM articles WHERE site = :site AND (post_id = :post_id OR url = :url)"
    " ORDER BY post_id = :post_id DESC LIMIT 1"
)
COMMENT_BEFORE = "SELECT content_hash, removed_at FROM comments WHERE site = :site AND comment_id = :comment_id"


def missing_file_problem(path: Path) -> str | None:
    """Why a database path to read has no file behind it (a typo, a folder), or None.

    >>> missing_file_problem(Path("/no/such.db")).split(":")[0], missing_file_problem(Path("/")).split(":")[0]
    ('/no/such.db does not exist', '/ is not a file')
    """
    advice = "give the path of an existing defense_news database"
    if not path.exists():
        return f"{path} does not exist: {advice}"
    if not path.is_file():
        return f"{path} is not a file: {advice}"
    return None


def must_exist(path: Path) -> None:
    """Refuse a database path with no file behind it, before anything creates one."""
    problem = missing_file_problem(path)
    if problem is not None:
        raise StoreError(problem)


class FileLock:
    """A ``flock`` on a file; the operating system releases it when the process dies.

    Exclusive for a run of a whole site; shared for the site's file plus exclusive for
    the shard's own when the run crawls one shard (shards run side by side, a
    whole-site run waits for none of them and none waits for it: one is refused).
    """

    def __init__(self, path: Path, file: IO[str]) -> None:
        self.path = path
        self.file: IO[str] | None = file

    @classmethod
    def acquire(cls, path: Path, busy_message: str, holder: str = "", shared: bool = False) -> FileLock:
        """Lock ``path`` (created if needed) or raise :class:`SiteBusy` with ``busy_message`` and the holder."""
        try:
            file = open(path, "a+")  # noqa: SIM115 - held open for the whole run
        except OSError as exc:
            raise StoreError(
                f"Cannot create the lock file {path} ({exc.strerror}): the database's directory must be writable"
            ) from None
        try:
            fcntl.flock(file, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            found = _holder(file, shared)
            file.close()
            raise SiteBusy(busy_message.format(holder=found)) from None
        if not shared:  # a shared holder is one of several: its shard's own file names it
            file.seek(0)
            file.truncate()
            file.write(f"{holder or f'pid {os.getpid()}'} since {to_iso(utc_now())}\n")
            file.flush()
        return cls(path, file)

    def release(self) -> None:
        if self.file is not None:
            fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()
            self.file = None


def _holder(file: IO[str], shared: bool) -> str:
    """Who holds ``file``: its text names an exclusive holder; shared holders are a site's shards."""
    if not shared:
        try:
            fcntl.flock(file, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # an exclusive holder: its own text names it
        else:
            fcntl.flock(file, fcntl.LOCK_UN)
            return "shards of it are being crawled"
    file.seek(0)
    return file.read().strip() or "another process"


class ShardLock:
    """The site's lock, shared, and its shard's, exclusive: released together."""

    def __init__(self, site: FileLock, shard: FileLock) -> None:
        self.locks = (shard, site)

    def release(self) -> None:
        for lock in self.locks:
            lock.release()


class NoLock:
    """The lock of an in-memory database: nothing else can open it."""

    def release(self) -> None:
        pass


def lock_path(db_path: str | Path, site: str) -> Path:
    """``<database>.<site>.lock``, the site percent-encoded (a host's ``:port`` included)."""
    return Path(f"{db_path}.{quote(site, safe='.-_')}.lock")


class SQLiteStore(SQLStore):
    """:class:`~defense_news.storage.base.Store` on a SQLite file, migrated to the current schema on open."""

    def __init__(self, path: str | Path, timeout: float = 30.0, existing: bool = False) -> None:
        """Open (and migrate) the database at ``path``, created when missing unless ``existing``.

        With ``existing`` (a source to read, as ``scrapy dbcopy``'s), a missing file, or one
        without the schema, is a :class:`StoreError` and nothing is created or written.
        """
        self.path = Path(path)
        self.location = str(path)
        self.timeout = timeout
        if existing:
            must_exist(self.path)
        try:
            if str(path) != MEMORY:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"Cannot open SQLite database {path}: {explain(self.path, exc)}") from None
        try:
            # Read before anything is written (WAL mode writes the header): a file with
            # none of the schema is left exactly as it was.
            if existing and self.schema_version == 0:
                self.conn.close()
                raise StoreError(f"{path} is not a defense_news database (it has none of its tables)")
            foreign = self._foreign_tables()
            if foreign:
                self.conn.close()
                raise StoreError(
                    f"{path} is not a defense_news database: it holds another program's tables"
                    f" ({', '.join(foreign)}) and no defense_news schema version; nothing was written to it."
                    " Give a new file or one a crawl made (DEFENSE_NEWS_SQLITE_PATH)"
                )
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"Cannot use SQLite database {path}: {explain(self.path, exc, timeout)}") from None

    def _foreign_tables(self) -> list[str]:
        """The tables of a file no migration has stamped (another program's database), else none.

        Migrating it would add this project's tables among that program's (or stop halfway on
        a name both use). The stamp and the tables are read in one statement, so one snapshot:
        a crawl migrating the same new file at the same moment stamps its tables as it makes them.
        """
        version, names = self.conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version),"
            " (SELECT group_concat(name, ', ') FROM (SELECT name FROM sqlite_master"
            "  WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite%' ORDER BY name))"
        ).fetchone()
        return [] if version or not names else str(names).split(", ")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        version = self.schema_version
        check_not_newer(str(self.path), version, SCHEMA_VERSION)
        while version < SCHEMA_VERSION:
            with self.transaction():
                # Read again under the write lock: a crawl of another site that opened the
                # same file at the same moment may have run this migration meanwhile.
                version = self.schema_version
                if version >= SCHEMA_VERSION:
                    break
                logger.info("Migrating %s to schema version %d", self.path, version + 1)
                for statement in MIGRATIONS[version]:
                    if isinstance(statement, Rehash):
                        rehash(self._migration_read, self.conn.executemany)
                    elif not isinstance(statement, PostgresOnly):
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")
            version += 1

    def _migration_read(self, statement: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return self.conn.execute(statement, params).fetchall()

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    # -- lock ------------------------------------------------------------------

    def lock_site(self, site: str, holder: str = "", shard: str = "") -> FileLock | ShardLock | NoLock:
        if self.location == MEMORY:
            return NoLock()
        advice = "Wait for it to finish, or point this run at another DEFENSE_NEWS_SQLITE_PATH."
        busy = f"Another crawl of site {site} is writing to {self.path} ({{holder}}); not starting. {advice}"
        if not shard:
            return FileLock.acquire(lock_path(self.path, site), busy, holder)
        whole = FileLock.acquire(lock_path(self.path, site), busy, holder, shared=True)
        try:
            part = FileLock.acquire(
                lock_path(self.path, f"{site} shard {shard}"),
                f"Another crawl of site {site} shard {shard} is writing to {self.path} ({{holder}}); not starting."
                f" {advice}",
                holder,
            )
        except StoreError:
            whole.release()
            raise
        return ShardLock(whole, part)

    # -- articles and comments -----------------------------------------------

    def upsert_articles(self, items: Iterable[Article], seen_at: str) -> WriteCounts:
        return self._upsert([_row(i, ARTICLE_FIELDS, seen_at) for i in items], ARTICLE_BEFORE, ARTICLE_UPSERT)

    def upsert_comments(self, items: Iterable[Comment], seen_at: str) -> WriteCounts:
        return self._upsert([_row(i, COMMENT_FIELDS, seen_at) for i in items], COMMENT_BEFORE, COMMENT_UPSERT)

    def _upsert(self, rows: list[dict[str, Any]], before_sql: str, upsert: str) -> WriteCounts:
        if not rows:
            return WriteCounts()
        with _translated(self.path, self.timeout), self.transaction():
            before = [self.conn.execute(before_sql, row).fetchone() for row in rows]
            self.conn.executemany(upsert, rows)
        return _counts(rows, before)

    # -- the hooks of SQLStore ------------------------------------------------

    def _read(self, statement: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        with _translated(self.path, self.timeout):
            return self.conn.execute(statement, params).fetchall()

    def _stream(self, statement: str, params: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
        with _translated(self.path, self.timeout):
            yield from self.conn.execute(statement, params)

    def _write(self, statement: str, rows: Sequence[dict[str, Any]]) -> int:
        with _translated(self.path, self.timeout), self.transaction():
            return self.conn.executemany(statement, rows).rowcount

    # -- what SQLite does its own way --------------------------------------------

    def comment_depths(self, site: str, comment_ids: Iterable[int]) -> dict[int, int]:
        ids = sorted(set(comment_ids))
        depths: dict[int, int] = {}
        with _translated(self.path):
            # SQLite allows 999 parameters in older builds: ask in chunks.
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = self.conn.execute(
                    "SELECT comment_id, depth FROM comments WHERE site = ? AND depth IS NOT NULL"
                    f" AND comment_id IN ({', '.join('?' * len(chunk))})",
                    (site, *chunk),
                )
                depths.update((int(i), int(d)) for i, d in rows)
        return depths

    def insert_crawl(self, values: dict[str, Any]) -> int:
        with _translated(self.path, self.timeout), self.transaction():
            cursor = self.conn.execute(insert_sql("crawls", values), values)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def close(self) -> None:
        self.conn.close()


def _counts(rows: Sequence[dict[str, Any]], before: Sequence[tuple[str, str | None] | None]) -> WriteCounts:
    new = updated = unchanged = restored = 0
    for row, old in zip(rows, before, strict=True):
        if old is None:
            new += 1
            continue
        if old[0] == row["content_hash"]:
            unchanged += 1
        else:
            updated += 1
        if old[1] is not None:
            restored += 1
    return WriteCounts(new, updated, unchanged, restored)


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
