"""Stores of every backend, so the store's behaviour is tested once for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from defense_news.storage import SQLiteStore, Store


# The PostgreSQL half starts a cluster (tests/postgres.py): end-to-end, outside `make test-fast`.
@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.e2e)])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """Opens a store on one fresh database (each call a new connection, as two crawls have).

    PostgreSQL: migrated and granted by the owner, then opened as the crawler role,
    as a deployment runs it (docs/postgres.md).
    """
    stores: list[Store] = []
    if request.param == "sqlite":
        db = tmp_path / "news.db"

        def make() -> Store:
            stores.append(SQLiteStore(db))
            return stores[-1]

    else:
        from defense_news.storage.postgres import PostgresStore

        database = request.getfixturevalue("pg_database")
        request.getfixturevalue("monkeypatch").setenv("PGPASSFILE", str(database.passfile))
        owner = PostgresStore(database.url(database.owner))
        owner.grant(database.crawler)
        owner.close()

        def make() -> Store:
            stores.append(PostgresStore(database.url()))
            return stores[-1]

    yield make
    for store in stores:
        store.close()
