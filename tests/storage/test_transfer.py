"""`scrapy dbmigrate` and `scrapy dbcopy`: a SQLite dataset copied into PostgreSQL and back is identical."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.storage import SCHEMA_VERSION, SQLiteStore
from defense_news.storage.postgres import PostgresStore
from tests.helpers import crawl
from tests.processes import PROJECT

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

psycopg = pytest.importorskip("psycopg")

TABLES = {
    "articles": "id",
    "comments": "site, comment_id",
    "crawls": "id",
    "incomplete_threads": "site, article_url",
}


def scrapy(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def dump(db) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(f"select * from {table} order by {key}").fetchall() for table, key in TABLES.items()
        }


@deferred_f_from_coro_f
async def test_sqlite_to_postgres_and_back_is_identical(tmp_path, stock_site, pg_database, monkeypatch):
    db = tmp_path / "news.db"
    await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_REST": False}, base_url=stock_site.base_url)
    store = SQLiteStore(db)
    store.mark_incomplete(
        "19fortyfive",
        [{"article_url": "u", "post_id": 12, "failed_url": "u/2/", "reason": "HTTP 503", "recorded_at": "t"}],
    )
    store.close()
    original = dump(db)
    assert all(original.values()), {table: len(rows) for table, rows in original.items()}

    env = pg_database.env()
    owner = pg_database.url(pg_database.owner)
    migrated = scrapy("dbmigrate", owner, "--grant", pg_database.crawler, env=env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    there = scrapy("dbcopy", str(db), owner, env=env)
    assert there.returncode == 0, there.stdout + there.stderr
    assert f"comments: {len(original['comments'])} rows, identical in both" in there.stdout
    back = tmp_path / "back.db"
    again = scrapy("dbcopy", owner, str(back), env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert dump(back) == original

    # The target must be empty: nothing is merged into an existing dataset.
    refused = scrapy("dbcopy", str(db), owner, env=env)
    assert refused.returncode == 1
    assert refused.stdout.startswith(f"Copy failed: {owner} already holds articles")

    # The copied ids are taken: the crawler role's next crawl record comes after them.
    monkeypatch.setenv("PGPASSFILE", str(pg_database.passfile))
    pg = PostgresStore(pg_database.url())
    new_id = pg.insert_crawl({"site": "x", "spider": "wordpress", "started_at": "now"})
    pg.close()
    assert new_id == max(row[0] for row in original["crawls"]) + 1


def test_dbmigrate_as_the_crawler_role_is_refused_in_one_line(pg_database):
    result = scrapy("dbmigrate", pg_database.url(), env=pg_database.env())
    assert result.returncode == 1
    assert result.stdout.strip().splitlines() == [
        f"Migration failed: {pg_database.url()} is at schema version 0 and this defense_news needs {SCHEMA_VERSION}, which this"
        " role may not create: run `scrapy dbmigrate` as the database's owner"
    ]


def test_dbmigrate_of_a_sqlite_file_is_a_usage_error_that_says_why(tmp_path):
    """Not "DEFENSE_NEWS_DATABASE_URL must start with postgresql:// (got /…/news.db:...)" and status 1:
    the path was an argument, and a SQLite file needs no migration command."""
    db = tmp_path / "news.db"
    result = scrapy("dbmigrate", str(db), env={"DEFENSE_NEWS_DATABASE_URL": ""})
    assert result.returncode == 2, result.stdout + result.stderr[-2000:]
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.endswith(
        ": error: scrapy dbmigrate migrates a PostgreSQL database and takes a postgresql:// URL, not a file"
        " path: a SQLite database is migrated by the next crawl that opens it"
    )
    assert not db.exists()


def test_a_postgresql_source_without_the_schema_is_refused_and_left_empty(pg_database, tmp_path):
    owner = pg_database.url(pg_database.owner)
    target = tmp_path / "copy.db"
    result = scrapy("dbcopy", owner, str(target), env=pg_database.env())
    assert result.returncode == 1, result.stdout + result.stderr[-2000:]
    assert result.stdout.strip().splitlines() == [
        f"Copy failed: {owner} is not a defense_news database (it has none of its tables)"
    ]
    assert not target.exists()
    with psycopg.connect(owner, **{"passfile": str(pg_database.passfile)}) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    assert tables == (0,)  # nothing was created on the source side
