"""Crawls into PostgreSQL: the same rows, records and incremental decisions as into SQLite; no password anywhere."""

from __future__ import annotations

import logging
import sqlite3
import subprocess

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.storage.postgres import PostgresStore
from tests.helpers import crawl
from tests.processes import PROJECT, crawl_command
from tests.sitecopy import REFRESH_FROM, add_comment, copy_site, refresh_days_after, serve_on

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

psycopg = pytest.importorskip("psycopg")

CATEGORIES = "military,politics"
ARTICLES = "select site, url, post_id, content_hash from articles"
COMMENTS = "select site, comment_id, post_id, content_hash from comments"
RECORD = (
    "select site, spider, mode, finish_reason, articles_new, articles_updated, articles_unchanged,"
    " comments_new, comments_updated, comments_unchanged, errors, node from crawls order by id"
)


def settings(**database):
    return {"DEFENSE_NEWS_REFRESH_DAYS": refresh_days_after(REFRESH_FROM), "DEFENSE_NEWS_REST": False, **database}


@pytest.fixture
def crawler_url(pg_database, monkeypatch) -> str:
    monkeypatch.setenv("PGPASSFILE", str(pg_database.passfile))
    monkeypatch.setenv("DEFENSE_NEWS_NODE", "node-test")
    owner = PostgresStore(pg_database.url(pg_database.owner))
    owner.grant(pg_database.crawler)
    owner.close()
    return pg_database.url()


def rows(conn, query: str) -> set[tuple]:
    return set(map(tuple, conn.execute(query).fetchall()))


@deferred_f_from_coro_f
async def test_postgres_and_sqlite_store_the_same_and_decide_the_same(tmp_path, crawler_url):
    root = copy_site(tmp_path)
    db = tmp_path / "reference.db"
    requests = {}
    with serve_on(root) as site:
        port = site.server_address[1]
        for _name, database in (
            ("sqlite", {"DEFENSE_NEWS_SQLITE_PATH": str(db)}),
            ("postgres", {"DEFENSE_NEWS_DATABASE_URL": crawler_url}),
        ):
            await crawl(settings(**database), base_url=site.base_url, categories=CATEGORIES)
    # A new comment, then a repeat run of each: incremental state read back from each database.
    add_comment(root)
    for name, database in (
        ("sqlite", {"DEFENSE_NEWS_SQLITE_PATH": str(db)}),
        ("postgres", {"DEFENSE_NEWS_DATABASE_URL": crawler_url}),
    ):
        with serve_on(root, port) as site:
            await crawl(settings(**database), base_url=site.base_url, categories=CATEGORIES)
            requests[name] = sorted(site.requests)
    assert requests["postgres"] == requests["sqlite"]
    assert len(requests["sqlite"]) < 17  # incremental: fewer than the first run's requests

    store = PostgresStore(crawler_url)
    with sqlite3.connect(db) as reference:
        assert rows(store.conn, ARTICLES) == rows(reference, ARTICLES)
        assert rows(store.conn, COMMENTS) == rows(reference, COMMENTS)
        assert len(rows(reference, COMMENTS)) == 1 + 2 + 3 + 20 + 1 + 1
        pg_records = store.conn.execute(RECORD).fetchall()
        sqlite_records = reference.execute(RECORD).fetchall()
    store.close()
    # The same counts; only the node differs: SQLite's runs are this machine's too, named the same way.
    assert [r[:-1] for r in pg_records] == [r[:-1] for r in sqlite_records]
    assert [r[-1] for r in pg_records] == ["node-test", "node-test"]
    assert pg_records[1][7] == 1  # the new comment


@deferred_f_from_coro_f
async def test_the_password_is_in_no_log_stat_record_or_error(tmp_path, pg_database, crawler_url, caplog, monkeypatch):
    # Against the documented way (docs/postgres.md), the password is in the URL here.
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    password = pg_database.passwords[pg_database.crawler]
    url = crawler_url.replace("_crawler@", f"_crawler:{password}@")
    caplog.set_level(logging.DEBUG)
    root = copy_site(tmp_path)
    with serve_on(root) as site:
        result = await crawl(settings(DEFENSE_NEWS_DATABASE_URL=url), base_url=site.base_url, categories="politics")
        # A wrong password, in a real `scrapy crawl`: it stops at once with one clear line.
        wrong = url.replace(password, "wrong-secret-42")
        refused = subprocess.run(
            crawl_command(site.base_url, tmp_path / "unused.db", "-s", f"DEFENSE_NEWS_DATABASE_URL={wrong}"),
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.stats["finish_reason"] == "finished"
    assert refused.returncode == 1
    [error] = [line for line in refused.stderr.splitlines() if "CRITICAL" in line or "ERROR" in line]
    assert error.endswith(
        f'CRITICAL: PostgreSQL {crawler_url}: connection failed: connection to server at "127.0.0.1", port'
        f' {pg_database.port} failed: FATAL:  password authentication failed for user "{pg_database.crawler}".'
        " Nothing was crawled."
    )
    monkeypatch.setenv("PGPASSFILE", str(pg_database.passfile))
    store = PostgresStore(crawler_url)
    records = store.conn.execute("select * from crawls").fetchall()
    store.close()
    assert password not in caplog.text + repr(result.stats) + repr(records)
    assert "wrong-secret-42" not in refused.stderr + refused.stdout
