"""The database an end-to-end crawl test stores into, SQLite or PostgreSQL, and how the test
reads it back: the same assertions hold on both backends (issue 20 item 8).

The ``dataset`` fixture (tests/conftest.py) gives one of each; a test that crawls passes
:meth:`Dataset.settings` and reads rows with :meth:`Dataset.read`. Both backends keep the same
columns and types (TEXT times, integer ids), so the rows compare equal across them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defense_news.storage import SQLiteStore, Store

# Every stored column but the bookkeeping ones (row ids, first/last seen, change hash).
SKIPPED_COLUMNS = {"id", "scraped_at", "first_seen", "last_seen", "content_hash"}


@dataclass(frozen=True)
class Dataset:
    """A SQLite file (``path``) or a PostgreSQL database (``url``, its password in PGPASSFILE)."""

    path: Path | None = None
    url: str | None = None

    @property
    def backend(self) -> str:
        return "sqlite" if self.path is not None else "postgres"

    def settings(self) -> dict[str, str]:
        if self.path is not None:
            return {"DEFENSE_NEWS_SQLITE_PATH": str(self.path)}
        assert self.url is not None
        return {"DEFENSE_NEWS_DATABASE_URL": self.url}

    def store(self) -> Store:
        """The store a crawl opens on this database (the caller closes it)."""
        if self.path is not None:
            return SQLiteStore(self.path)
        from defense_news.storage.postgres import PostgresStore

        assert self.url is not None
        return PostgresStore(self.url)

    def read(self, query: str) -> list[dict[str, Any]]:
        """The rows of one query, as column → value."""
        if self.path is not None:
            conn = sqlite3.connect(self.path)
            conn.row_factory = sqlite3.Row
            try:
                return [dict(row) for row in conn.execute(query)]
            finally:
                conn.close()
        import psycopg
        from psycopg.rows import dict_row

        assert self.url is not None
        with psycopg.connect(self.url, row_factory=dict_row) as pg:
            return list(pg.execute(query).fetchall())

    def rows(self, table: str, key: str) -> dict[Any, dict[str, Any]]:
        """A table's rows by ``key``, without the bookkeeping columns."""
        found = {}
        for row in self.read(f"SELECT * FROM {table}"):
            values = {k: v for k, v in row.items() if k not in SKIPPED_COLUMNS}
            found[values[key]] = values
        return found

    def column(self, query: str) -> dict[Any, Any]:
        """A two-column query as a dictionary."""
        return {a: b for a, b in (tuple(row.values()) for row in self.read(query))}

    def last_crawl(self) -> dict[str, Any]:
        return self.read("SELECT * FROM crawls ORDER BY id DESC LIMIT 1")[0]


def dataset_of(db: Path | Dataset) -> Dataset:
    return db if isinstance(db, Dataset) else Dataset(path=db)
