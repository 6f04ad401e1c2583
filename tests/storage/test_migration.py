"""A database written by the release before sites (schema 3) is upgraded in place, losing nothing.

``data/legacy-v3.db`` was written by that release's own crawl (see make_legacy_db.py).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.items import Article
from defense_news.storage import LEGACY_SITE, SCHEMA_VERSION, SQLiteStore, schema, sqlite
from defense_news.storage.schema import ARTICLE_FIELDS, COMMENT_FIELDS, LIST_FIELDS, content_hash
from tests.helpers import crawl
from tests.stock_truth import COMMENTS_PER_POST, PUBLIC_POSTS

LEGACY = Path(__file__).parent / "data" / "legacy-v3.db"
TABLES = ("articles", "comments", "crawls", "incomplete_threads")


def rows(db: Path, table: str) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(f"SELECT * FROM {table}")]
    finally:
        conn.close()


@pytest.fixture
def legacy(tmp_path) -> Path:
    db = tmp_path / "news.db"
    shutil.copyfile(LEGACY, db)
    return db


def test_the_fixture_is_a_version_3_database_with_every_kind_of_row(legacy):
    with sqlite3.connect(legacy) as conn:
        assert conn.execute("pragma user_version").fetchone()[0] == 3
    # 9 articles, their comments (one page missing), 2 crawl records, 1 incomplete thread.
    assert [len(rows(legacy, table)) for table in TABLES] == [9, 20, 2, 1]


def test_every_row_survives_the_migration_with_the_same_values(legacy):
    before = {table: rows(legacy, table) for table in TABLES}
    SQLiteStore(legacy).close()
    after = {table: rows(legacy, table) for table in TABLES}
    with sqlite3.connect(legacy) as conn:
        assert conn.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    for table in TABLES:
        assert len(after[table]) == len(before[table]), table
        expected_site = {row["spider"]: row["spider"] for row in before[table]} if table == "crawls" else None
        key = "comment_id" if table == "comments" else ("article_url" if table == "incomplete_threads" else "id")
        old = {row[key]: row for row in before[table]}
        for row in after[table]:
            site = row.pop("site")
            assert site == (expected_site[row["spider"]] if expected_site else LEGACY_SITE)
            if table == "comments":
                row.pop("id")  # the row id migration 7 gives comments (full-text search): the old rowid
            before_row = dict(old[row[key]])
            if table == "articles":
                # Computed again by migration 12 (comment_count left the hash): checked below.
                before_row.pop("content_hash")
            assert {name: row[name] for name in before_row} == before_row, (table, row[key])
            # Columns that later migrations added hold nothing for the old rows.
            assert all(row[name] is None for name in row.keys() - old[row[key]].keys()), (table, row[key])


def test_change_detection_survives_the_migration(legacy):
    """A hash recomputed by this release from the stored values equals the old one: nothing looks changed."""
    SQLiteStore(legacy).close()
    for table, fields in (("articles", ARTICLE_FIELDS), ("comments", COMMENT_FIELDS)):
        for row in rows(legacy, table):
            values = {f: json.loads(row[f]) if f in LIST_FIELDS else row[f] for f in fields}
            assert content_hash(values) == row["content_hash"], (table, row.get("url") or row["comment_id"])


def test_the_site_state_is_found_under_19fortyfive(legacy):
    store = SQLiteStore(legacy)
    try:
        assert len(list(store.stored_articles(LEGACY_SITE))) == 9
        assert store.incomplete_threads(LEGACY_SITE) == [rows(legacy, "incomplete_threads")[0]["article_url"]]
        history = store.crawl_history(LEGACY_SITE)
        assert (history.last_reason, history.resume_since) == ("finished", None)
        assert list(store.stored_articles("other.example")) == []
        # New rows of the same site merge into the migrated ones (same keys).
        article = rows(legacy, "articles")[0]
        assert article["site"] == LEGACY_SITE
        before = store.count("articles")
        copy = Article(**{f: json.loads(article[f]) if f in LIST_FIELDS else article[f] for f in ARTICLE_FIELDS})
        copy.site = LEGACY_SITE
        assert store.upsert_articles([copy], "2030-01-01T00:00:00Z").unchanged == 1
        assert store.count("articles") == before
    finally:
        store.close()


def test_a_migration_that_fails_leaves_the_database_as_it_was(legacy, monkeypatch):
    before = {table: rows(legacy, table) for table in TABLES}
    broken = (*schema.MIGRATIONS[:3], (*schema.MIGRATIONS[3][:-1], "ALTER TABLE no_such_table RENAME TO x"))
    monkeypatch.setattr(sqlite, "MIGRATIONS", broken)
    with pytest.raises(sqlite.StoreError):
        SQLiteStore(legacy)
    with sqlite3.connect(legacy) as conn:
        assert conn.execute("pragma user_version").fetchone()[0] == 3
    assert {table: rows(legacy, table) for table in TABLES} == before


def as_version_11(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a database this release wrote look as the release before migration 12 left it: each
    article's hash with comment_count inside, no columns of migration 13, user_version 11."""
    assert SCHEMA_VERSION == 13  # a later migration: say here what it adds
    with monkeypatch.context() as patch:
        patch.setattr(schema, "VOLATILE_FIELDS", schema.VOLATILE_FIELDS - {"comment_count"})
        conn = sqlite3.connect(db)
        try:
            old = schema.rehashed(conn.execute(schema.REHASH_READ, {"after": 0, "limit": 10**6}).fetchall())
            assert len(old) == len(PUBLIC_POSTS)  # every hash differs once comment_count is inside
            conn.executemany(schema.REHASH_WRITE, old)
            conn.execute("ALTER TABLE crawls DROP COLUMN pages_failed")
            conn.execute("ALTER TABLE crawls DROP COLUMN failures")
            conn.execute("PRAGMA user_version = 11")
            conn.commit()
        finally:
            conn.close()


def content(db: Path) -> dict[str, list[tuple]]:
    """Every article's and comment's stored content (a row stored twice shows twice)."""
    conn = sqlite3.connect(db)
    try:
        return {
            "articles": conn.execute(
                "SELECT url, post_id, title, body_text, comment_count, removed_at FROM articles ORDER BY url"
            ).fetchall(),
            "comments": conn.execute(
                "SELECT comment_id, post_id, parent_id, depth, text, removed_at FROM comments ORDER BY comment_id"
            ).fetchall(),
        }
    finally:
        conn.close()


def last_counts(db: Path) -> tuple[int, ...]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT finish_reason = 'finished', articles_new, articles_updated, articles_unchanged,"
            " comments_new, comments_updated FROM crawls ORDER BY id DESC LIMIT 1"
        ).fetchone()


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_a_version_11_database_is_crawled_twice_after_the_upgrade_with_nothing_changed(
    stock_site, tmp_path, monkeypatch
):
    """Migration 12 (comment_count left the content hash) on a database the previous schema
    made: every row survives, none is duplicated, and the two runs after the upgrade find every
    article of the unchanged site unchanged (without the rehash, each would be 'updated' once)."""
    db = tmp_path / "news.db"
    settings = {"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_REST": False}
    await crawl(settings, base_url=stock_site.base_url)
    before = content(db)
    assert len(before["articles"]) == len(PUBLIC_POSTS)
    assert len(before["comments"]) == sum(COMMENTS_PER_POST.values())
    as_version_11(db, monkeypatch)
    for _ in range(2):
        await crawl(settings, base_url=stock_site.base_url, full="1")
        with sqlite3.connect(db) as conn:
            assert conn.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
        assert content(db) == before
        assert last_counts(db) == (1, 0, 0, len(PUBLIC_POSTS), 0, 0)
