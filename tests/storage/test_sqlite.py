"""The SQLite store: upserts count new/updated/unchanged, keys are per site, failures are StoreError."""

from __future__ import annotations

import sqlite3

import pytest

from defense_news.items import Article, Comment
from defense_news.storage import SCHEMA_VERSION, SiteBusy, SQLiteStore, StoreError, WriteCounts
from defense_news.storage.sqlite import lock_path

SEEN = "2026-06-30T00:00:00Z"


def article(post_id: int, published_at: str = "2026-06-01", title: str = "Title", site: str = "a") -> Article:
    return Article(
        url=f"https://example.test/{post_id}/",
        post_id=post_id,
        title=title,
        body_text="Body",
        published_at=published_at,
        site=site,
    )


def comment(comment_id: int, text: str | None = "Hi", site: str = "a") -> Comment:
    return Comment(comment_id=comment_id, post_id=1, article_url="https://example.test/1/", text=text, site=site)


def test_upserts_count_new_updated_unchanged(tmp_path):
    store = SQLiteStore(tmp_path / "news.db")
    assert store.upsert_articles([article(1, "2026-06-01"), article(2, "2026-01-01")], SEEN) == WriteCounts(new=2)
    again = store.upsert_articles(
        [article(1, "2026-06-01", "New title"), article(2, "2026-01-01")], "2026-06-30T01:00:00Z"
    )
    assert again == WriteCounts(new=0, updated=1, unchanged=1)
    assert store.upsert_comments([comment(5)], "x") == WriteCounts(new=1)
    assert store.upsert_comments([comment(5)], "y") == WriteCounts(unchanged=1)
    assert store.conn.execute("select title, first_seen from articles where post_id = 1").fetchone() == (
        "New title",
        SEEN,
    )
    assert store.schema_version == SCHEMA_VERSION
    store.close()


def test_the_same_ids_and_urls_on_two_sites_are_two_rows(tmp_path):
    store = SQLiteStore(tmp_path / "news.db")
    # Two WordPress sites number their posts and comments independently: post 1 exists on both.
    assert store.upsert_articles([article(1, site="a"), article(1, site="b")], SEEN) == WriteCounts(new=2)
    assert store.upsert_comments([comment(7, site="a"), comment(7, "Other", site="b")], SEEN) == WriteCounts(new=2)
    # A change on one site is an update of that site's row only.
    assert store.upsert_articles([article(1, title="Changed", site="b")], SEEN) == WriteCounts(updated=1)
    rows = store.conn.execute("select site, title from articles order by site").fetchall()
    assert rows == [("a", "Title"), ("b", "Changed")]
    assert store.conn.execute("select site, text from comments order by site").fetchall() == [
        ("a", "Hi"),
        ("b", "Other"),
    ]
    assert (store.count("articles", "a"), store.count("articles", "b"), store.count("articles")) == (1, 1, 2)
    store.close()


def test_incomplete_threads_are_per_site(tmp_path):
    store = SQLiteStore(tmp_path / "news.db")
    mark = {
        "article_url": "u",
        "post_id": 1,
        "failed_url": "u/comment-page-2/",
        "reason": "HTTP 503",
        "recorded_at": "t",
    }
    store.mark_incomplete("a", [mark])
    store.mark_incomplete("b", [mark])
    assert store.incomplete_threads("a") == ["u"]
    store.clear_incomplete("a", ["u"])
    assert store.incomplete_threads("a") == []
    assert store.incomplete_threads("b") == ["u"]
    store.close()


def test_site_locks_are_per_site(tmp_path):
    db = tmp_path / "news.db"
    first, second = SQLiteStore(db), SQLiteStore(db)
    lock_a = first.lock_site("a")
    with pytest.raises(SiteBusy, match=rf"Another crawl of site a is writing to {db} \(pid \d+ since "):
        second.lock_site("a")
    lock_b = second.lock_site("127.0.0.1:8080")  # another site: no wait
    assert lock_path(db, "127.0.0.1:8080").name == "news.db.127.0.0.1%3A8080.lock"
    lock_a.release()
    second.lock_site("a").release()
    lock_b.release()
    first.close()
    second.close()


def test_a_failing_batch_leaves_no_half_rows(tmp_path):
    store = SQLiteStore(tmp_path / "news.db")
    with pytest.raises(StoreError, match=r"NOT NULL constraint failed: comments\.text"):
        store.upsert_comments([comment(1), comment(2, text=None)], SEEN)
    assert store.count("comments") == 0
    store.close()


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "news.db"
    SQLiteStore(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"pragma user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this defense_news"):
        SQLiteStore(db)


def test_not_a_database_is_a_clear_error(tmp_path):
    db = tmp_path / "news.db"
    db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="Cannot use SQLite database"):
        SQLiteStore(db)
    assert db.read_bytes().startswith(b"this is not sqlite")
