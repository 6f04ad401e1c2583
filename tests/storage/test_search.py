"""Full-text search (schema migration 7): the FTS5 indexes follow every write of the store."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from defense_news.explore import fts_query
from defense_news.items import Article, Comment
from defense_news.storage import SQLiteStore

from .test_migration import LEGACY

SEEN = "2026-06-30T00:00:00Z"
HOSTILE = [
    'He said "no" and left',
    "O'Brien's point",
    "AND OR NOT",
    "NEAR(carrier group, 3)",
    "carrier* ^group body_text:secret",
    "<script>alert('x')</script> &amp; <b>bold</b>",
    "'); DROP TABLE comments; --",
    '"unbalanced',
    "Zapad’s Return: Россия – naïve façade",
    "\u202eevil\u202c and \u200bzero-width",
    '=HYPERLINK("http://x")',
]


def comment(comment_id: int, text: str, site: str = "a", post_id: int = 1) -> Comment:
    return Comment(comment_id=comment_id, post_id=post_id, article_url="https://example.test/1/", text=text, site=site)


def article(post_id: int, title: str, body: str, site: str = "a") -> Article:
    return Article(
        url=f"https://example.test/{post_id}/",
        post_id=post_id,
        title=title,
        body_text=body,
        published_at="2026-06-01",
        site=site,
    )


def found_comments(store: SQLiteStore, text: str) -> set[tuple[str, int]]:
    rows = store.conn.execute(
        "SELECT c.site, c.comment_id FROM comments_fts JOIN comments c ON c.id = comments_fts.rowid"
        " WHERE comments_fts MATCH ?",
        (fts_query(text),),
    )
    return set(rows)


def found_articles(store: SQLiteStore, text: str) -> set[int]:
    rows = store.conn.execute(
        "SELECT a.post_id FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?",
        (fts_query(text),),
    )
    return {row[0] for row in rows}


def check_indexes(store: SQLiteStore) -> None:
    """FTS5's own check that each index holds exactly what its table holds."""
    for index in ("articles_fts", "comments_fts"):
        store.conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "news.db")


def test_search_follows_inserts_updates_and_sites(store: SQLiteStore) -> None:
    store.upsert_articles([article(1, "Carriers at sea", "The navy sails."), article(2, "Tanks", "Armour.")], SEEN)
    store.upsert_comments([comment(10, "Carriers are vulnerable"), comment(10, "Carriers!", site="b")], SEEN)
    assert found_articles(store, "carrier") == {1}  # stemmed: "carriers" is found by "carrier"
    assert found_articles(store, "navy sails") == {1}
    assert found_comments(store, "carriers") == {("a", 10), ("b", 10)}

    # An edited comment and article: the old words are gone from the index, the new ones found.
    store.upsert_comments([comment(10, "Submarines are quieter")], "2026-07-01T00:00:00Z")
    store.upsert_articles([article(1, "Carriers at sea", "The fleet anchors.")], "2026-07-01T00:00:00Z")
    assert found_comments(store, "vulnerable") == set()
    assert found_comments(store, "submarines") == {("a", 10)}
    assert found_comments(store, "carriers") == {("b", 10)}
    assert found_articles(store, "sails") == set()
    assert found_articles(store, "fleet anchors") == {1}

    # Unchanged rows seen again leave the index as it is.
    store.upsert_comments([comment(10, "Submarines are quieter")], "2026-07-02T00:00:00Z")
    assert found_comments(store, "submarines") == {("a", 10)}
    check_indexes(store)

    store.conn.execute("DELETE FROM comments WHERE site = 'b'")
    assert found_comments(store, "carriers") == set()
    check_indexes(store)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_and_searched_literally(store: SQLiteStore, text: str) -> None:
    store.upsert_comments([comment(1, text), comment(2, "unrelated words")], SEEN)
    assert found_comments(store, text) == {("a", 1)}
    check_indexes(store)


@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80))
def test_any_search_text_is_a_valid_query(store: SQLiteStore, text: str) -> None:
    store.upsert_comments([comment(1, "Some words here")], SEEN)
    found_comments(store, text)  # no sqlite3.OperationalError, whatever was typed


def test_migration_indexes_what_older_databases_hold(tmp_path: Path) -> None:
    db = tmp_path / "legacy.db"
    shutil.copyfile(LEGACY, db)
    with sqlite3.connect(db) as conn:
        before = dict(conn.execute("SELECT comment_id, text FROM comments"))
    store = SQLiteStore(db)
    try:
        check_indexes(store)
        assert store.conn.execute("SELECT count(*) FROM comments_fts").fetchone()[0] == len(before)
        for comment_id, text in before.items():
            assert ("19fortyfive", comment_id) in found_comments(store, text)
        titles = [row[0] for row in store.conn.execute("SELECT title FROM articles")]
        assert all(found_articles(store, title) for title in titles)
    finally:
        store.close()
