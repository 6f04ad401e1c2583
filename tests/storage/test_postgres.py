"""The PostgreSQL store: migrations and rights, the site lock across processes, secrets, copies to and from SQLite."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from defense_news.storage import SiteBusy, StoreError, schema
from defense_news.storage.postgres import PostgresStore, postgres_sql
from defense_news.storage.schema import MIGRATIONS
from tests.processes import PROJECT, wait_until

psycopg = pytest.importorskip("psycopg")


@pytest.fixture
def crawler_url(pg_database, monkeypatch) -> str:
    """The crawler role's URL on a database the owner migrated and granted (docs/postgres.md)."""
    monkeypatch.setenv("PGPASSFILE", str(pg_database.passfile))
    owner = PostgresStore(pg_database.url(pg_database.owner))
    owner.grant(pg_database.crawler)
    owner.close()
    return pg_database.url()


def test_every_migration_step_is_translated():
    for step in MIGRATIONS:
        for statement in step:
            translated = postgres_sql(statement)
            assert "json_valid" not in translated
            assert "FOREIGN KEY" not in translated
            assert " INTEGER" not in translated.replace("BIGINT", "")


def test_the_crawler_role_has_only_the_rights_it_uses(crawler_url):
    store = PostgresStore(crawler_url)
    try:
        for statement in (
            "DROP TABLE articles",
            "CREATE TABLE intruder (id integer)",
            "ALTER TABLE articles ADD COLUMN x integer",
            "DELETE FROM articles",
            "DELETE FROM comments",
            "DELETE FROM crawls",
            "TRUNCATE incomplete_threads",
            "UPDATE schema_version SET version = 99",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                store.conn.execute(statement)
    finally:
        store.close()


def test_a_crawler_role_cannot_create_the_schema_and_says_who_can(pg_database, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(pg_database.passfile))
    with pytest.raises(StoreError, match=r"schema version 0 .* run `scrapy dbmigrate` as the database's owner"):
        PostgresStore(pg_database.url())


@pytest.mark.parametrize("tables", [["articles"], ["crawls", "stuff"]])
def test_another_programs_tables_of_our_names_are_refused_and_left_as_they_were(pg_database, monkeypatch, tables):
    """As for SQLite (test_sqlite.py): one line, nothing created, rather than a migration stopping on
    'relation "articles" already exists'. Tables of other names are left alone beside ours."""
    monkeypatch.setenv("PGPASSFILE", str(pg_database.passfile))
    url = pg_database.url(pg_database.owner)
    with psycopg.connect(url, autocommit=True) as conn:
        for table in tables:
            conn.execute(f"CREATE TABLE {table} (a integer, b integer)")
        conn.execute(f"INSERT INTO {tables[0]} VALUES (1, 2)")
    with pytest.raises(StoreError) as refused:
        PostgresStore(url)
    ours = ", ".join(t for t in tables if t != "stuff")
    assert str(refused.value).startswith(
        f"{url} is not a defense_news database: it holds another program's tables of the same names ({ours})"
        " and no defense_news schema version; nothing was written to it."
    )
    with psycopg.connect(url, autocommit=True) as conn:
        names = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        assert names == set(tables)
        assert conn.execute(f"SELECT * FROM {tables[0]}").fetchall() == [(1, 2)]


def test_errors_and_locations_never_show_the_password(pg_database, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    password = pg_database.passwords[pg_database.owner]
    good = f"postgresql://{pg_database.owner}:{password}@{pg_database.host}:{pg_database.port}/{pg_database.name}"
    store = PostgresStore(good)
    assert password not in store.location
    assert store.location == pg_database.url(pg_database.owner)
    store.close()
    bad = good.replace(password, "not-the-password-123")
    with pytest.raises(StoreError) as refused:
        PostgresStore(bad)
    assert "not-the-password-123" not in str(refused.value)
    assert "password authentication failed" in str(refused.value)


HOLD_LOCK = """
import os, sys, time
from defense_news.storage.postgres import PostgresStore
store = PostgresStore(sys.argv[1])
lock = store.lock_site("example.org", f"pid {os.getpid()} on node node-x")
print("locked", flush=True)
time.sleep(120)
"""


def test_the_site_lock_is_released_when_its_process_is_killed(crawler_url, monkeypatch):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, crawler_url], cwd=PROJECT, stdout=subprocess.PIPE, text=True
    )
    store = PostgresStore(crawler_url)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(SiteBusy, match=r"site example\.org .*\(pid \d+ on node node-x, connected since"):
            store.lock_site("example.org")
        store.lock_site("other.example.org").release()  # other sites are free
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)

        def free() -> bool:
            try:
                store.lock_site("example.org").release()
            except SiteBusy:
                return False
            return True

        # The server ends the killed process's session as its socket closes.
        wait_until(free, timeout=15, what="the killed holder's lock to be released")
    finally:
        store.close()
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]


def test_a_database_crawled_before_removals_is_migrated_and_its_crawler_role_uses_them(pg_database, monkeypatch):
    """Migrations 10 and 11 (issue 20) on a database that already holds rows and a granted
    crawler role: the owner migrates (`scrapy dbmigrate`), and the crawler, granted before the
    columns existed, marks removals, counts live rows and records what reconciliation found."""
    from defense_news.storage import postgres as backend
    from defense_news.storage.schema import SCHEMA_VERSION

    monkeypatch.setenv("PGPASSFILE", str(pg_database.passfile))
    with monkeypatch.context() as before:
        before.setattr(backend, "SCHEMA_VERSION", 9)
        owner = PostgresStore(pg_database.url(pg_database.owner))
        owner.grant(pg_database.crawler)
        assert owner.schema_version == 9
        for statement in (
            "INSERT INTO articles (site, url, post_id, title, published_at, content_hash, first_seen, last_seen)"
            " VALUES ('a', 'https://a.test/1/', 1, 'T', '2026-06-01T00:00:00Z', 'h', 'x', 'x')",
            *(
                "INSERT INTO comments (site, comment_id, post_id, article_url, text, posted_at, content_hash,"
                f" first_seen, last_seen) VALUES ('a', {i}, 1, 'https://a.test/1/', 't', '2026-06-0{i}T00:00:00Z',"
                " 'h', 'x', 'x')"
                for i in (5, 6)
            ),
            "INSERT INTO crawls (site, spider, started_at, finish_reason) VALUES ('a', 'wordpress', 'x', 'finished')",
        ):
            owner.conn.execute(statement)
        owner.close()
    owner = PostgresStore(pg_database.url(pg_database.owner))  # what `scrapy dbmigrate` opens
    assert owner.schema_version == SCHEMA_VERSION
    # Migration 12 computed every article's hash again from its stored fields ('h' was none).
    (stored_hash,) = owner.conn.execute("SELECT content_hash FROM articles").fetchone()
    assert stored_hash != "h"
    assert schema.rehashed(owner._migration_read(schema.REHASH_READ, {"after": 0, "limit": 10})) == []
    owner.close()

    store = PostgresStore(pg_database.url())
    try:
        assert store.crawl_history("a").reconciled is None  # the earlier run did not reconcile
        assert (store.live_count("articles", "a"), store.live_count("comments", "a")) == (1, 2)
        assert store.remove_comments("a", "2026-07-01T00:00:00Z", [6]) == 1
        assert store.live_comment_ids("a", posted_after="2026-06-05T00:00:00Z") == set()  # 6 is removed
        assert store.live_count("comments", "a", before="2026-06-06T00:00:00Z") == 1
        assert store.recount_comments("a", ["https://a.test/1/"]) == 1
        crawl = store.insert_crawl({"site": "a", "spider": "wordpress", "started_at": "y"})
        store.update_crawl(crawl, {"finish_reason": "finished", "reconciled": '{"comments": {"own": 0}}'})
        assert store.crawl_history("a").reconciled == '{"comments": {"own": 0}}'
        assert store._read("SELECT comment_count FROM articles", {}) == [(1,)]
    finally:
        store.close()
