"""Copy a whole dataset between databases, SQLite to PostgreSQL and back, row for row.

Every column is copied as stored (ids, hashes, first/last seen, crawl records), into
a target that has the same schema version and no rows yet, in one transaction. Each
table is then checked on both sides: the same number of rows and the same digest,
a sum of row hashes that does not depend on the order the databases return rows in
(their text collations may differ).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .base import Store, StoreError
from .sqlite import SQLiteStore
from .state import open_postgres

logger = logging.getLogger(__name__)

# Parents before children is not needed (no enforced foreign keys), but reads better in the log.
TABLES = ("articles", "comments", "crawls", "incomplete_threads")
# Identity columns whose sequence must move past the copied ids (PostgreSQL).
IDENTITY_TABLES = ("articles", "comments", "crawls")
CHUNK = 5000


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int
    digest: str


def open_location(location: str, timeout: float = 30.0, existing: bool = False) -> Store:
    """A store for a SQLite path or a ``postgresql://`` URL; ``existing``: a source, never created."""
    if "://" in location:
        return open_postgres(location, timeout, existing)
    return SQLiteStore(location, timeout=timeout, existing=existing)


def _is_sqlite(store: Store) -> bool:
    return isinstance(store, SQLiteStore)


def columns(store: Store, table: str) -> list[str]:
    if _is_sqlite(store):
        return [row[1] for row in store.conn.execute(f"PRAGMA table_info({table})")]  # type: ignore[attr-defined]
    rows = store.conn.execute(  # type: ignore[attr-defined]
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = %s ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in rows]


def read_rows(store: Store, table: str, names: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    query = f"SELECT {', '.join(names)} FROM {table}"
    if _is_sqlite(store):
        cursor = store.conn.execute(query)  # type: ignore[attr-defined]
        while chunk := cursor.fetchmany(CHUNK):
            yield from chunk
        return
    with store.conn.cursor() as cursor:  # type: ignore[attr-defined]
        yield from cursor.stream(query)


def row_digest(row: Sequence[Any]) -> int:
    return int.from_bytes(hashlib.sha256(json.dumps(list(row), ensure_ascii=False).encode()).digest()[:16], "big")


def table_digest(store: Store, table: str, names: Sequence[str]) -> tuple[int, str]:
    total = count = 0
    for row in read_rows(store, table, names):
        total = (total + row_digest(row)) % (1 << 128)
        count += 1
    return count, f"{total:032x}"


def copy_dataset(source: Store, target: Store) -> list[TableCopy]:
    """Copy every table of ``source`` into the empty ``target`` and check both hold the same rows."""
    if source.schema_version != target.schema_version:
        raise StoreError(
            f"{source.location} has schema version {source.schema_version} and {target.location} "
            f"{target.schema_version}: open both with this defense_news first"
        )
    plan = []
    for table in TABLES:
        names = columns(source, table)
        if sorted(names) != sorted(columns(target, table)):
            raise StoreError(f"Table {table} has different columns in {source.location} and {target.location}")
        if target.count(table):
            raise StoreError(f"{target.location} already holds {table}: copy into an empty database only")
        plan.append((table, names))
    if _is_sqlite(target):
        _copy_into_sqlite(source, target, plan)
    else:
        _copy_into_postgres(source, target, plan)
    copies = []
    for table, names in plan:
        before, after = table_digest(source, table, names), table_digest(target, table, names)
        if before != after:
            raise StoreError(
                f"Table {table} differs after the copy: {before[0]} rows in {source.location}, "
                f"{after[0]} in {target.location}"
            )
        logger.info("Copied %s: %d rows, digest %s", table, after[0], after[1])
        copies.append(TableCopy(table, *after))
    return copies


def _copy_into_sqlite(source: Store, target: Store, plan: list[tuple[str, list[str]]]) -> None:
    conn = target.conn  # type: ignore[attr-defined]
    try:
        conn.execute("BEGIN IMMEDIATE")
        for table, names in plan:
            statement = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            rows = read_rows(source, table, names)
            while chunk := [row for _, row in zip(range(CHUNK), rows, strict=False)]:
                conn.executemany(statement, chunk)
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise StoreError(f"{target.location}: {exc}") from exc


def _copy_into_postgres(source: Store, target: Store, plan: list[tuple[str, list[str]]]) -> None:
    import psycopg

    conn = target.conn  # type: ignore[attr-defined]
    try:
        with conn.transaction(), conn.cursor() as cursor:
            for table, names in plan:
                with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                    for row in read_rows(source, table, names):
                        copy.write_row(row)
            # Rows keep their ids; the next id the database hands out comes after them.
            for table in IDENTITY_TABLES:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false)"
                    f" FROM {table}"
                )
    except psycopg.Error as exc:
        raise StoreError(f"{target.location}: {exc}") from exc
