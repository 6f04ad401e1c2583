"""The PostgreSQL test cluster behaves like a deployment: password auth over TCP, a crawler role without rights."""

from __future__ import annotations

import pytest

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

psycopg = pytest.importorskip("psycopg")


def test_crawler_role_connects_with_the_password_file_only(pg_database, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(pg_database.passfile))
    with psycopg.connect(pg_database.url()) as conn:
        assert conn.execute("SELECT current_user, current_database()").fetchone() == (
            pg_database.crawler,
            pg_database.name,
        )
        # Nothing beyond CONNECT until the migration grants it: no tables of its own.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("CREATE TABLE intruder (id integer)")
    # TCP connections really check the password (SCRAM), so a test of secrets can rely on it.
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(pg_database.url(), connect_timeout=5)


def test_owner_may_create_tables(pg_database, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(pg_database.passfile))
    with psycopg.connect(pg_database.url(pg_database.owner)) as conn:
        conn.execute("CREATE TABLE t (id integer)")
        assert conn.execute("SELECT tableowner FROM pg_tables WHERE tablename = 't'").fetchone() == (pg_database.owner,)
