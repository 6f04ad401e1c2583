"""Store upserts count new, updated and unchanged rows; KnownArticles reads what is stored."""

from __future__ import annotations

from datetime import UTC, datetime

from defense_news.incremental import KnownArticles
from defense_news.items import Article, Comment
from defense_news.store import SQLiteStore, WriteCounts

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def article(post_id: int, published_at: str, title: str = "Title") -> Article:
    return Article(
        url=f"https://example.test/{post_id}/",
        post_id=post_id,
        title=title,
        body_text="Body",
        published_at=published_at,
    )


def test_upserts_count_new_updated_unchanged(tmp_path):
    store = SQLiteStore(tmp_path / "news.db")
    assert store.upsert_articles([article(1, "2026-06-01"), article(2, "2026-01-01")], "2026-06-30T00:00:00Z") == (
        WriteCounts(new=2)
    )
    again = store.upsert_articles(
        [article(1, "2026-06-01", "New title"), article(2, "2026-01-01")], "2026-06-30T01:00:00Z"
    )
    assert again == WriteCounts(new=0, updated=1, unchanged=1)
    comment = Comment(comment_id=5, post_id=1, article_url="https://example.test/1/", text="Hi")
    assert store.upsert_comments([comment], "x") == WriteCounts(new=1)
    assert store.upsert_comments([comment], "y") == WriteCounts(unchanged=1)
    assert store.conn.execute("select title, first_seen from articles where post_id = 1").fetchone() == (
        "New title",
        "2026-06-30T00:00:00Z",
    )
    assert store.schema_version == 2
    store.close()


def test_known_articles_refresh_window_and_resume(tmp_path):
    db = tmp_path / "news.db"
    store = SQLiteStore(db)
    store.upsert_articles([article(1, "2026-06-20T10:00:00Z"), article(2, "2026-01-01")], "2026-06-29T00:00:00Z")
    store.upsert_articles([article(3, "2025-12-01")], "2026-06-30T09:00:00Z")
    store.close()

    known = KnownArticles.load(db, NOW, refresh_days=14)
    assert known.urls == {f"https://example.test/{n}/" for n in (1, 2, 3)}
    assert known.refresh == {"https://example.test/1/"}  # published within 14 days
    assert known.wants("https://example.test/1/")
    assert known.wants("https://example.test/new/")
    assert not known.wants("https://example.test/2/")
    assert known.all_known(["https://example.test/2/", "https://example.test/3/"])
    assert not known.all_known(["https://example.test/2/", "https://example.test/new/"])
    assert not known.all_known([])

    # After an interrupted run that started at 08:00, what it wrote is fetched again, and no listing stops early.
    resumed = KnownArticles.load(db, NOW, refresh_days=14, resume_since="2026-06-30T08:00:00Z")
    assert resumed.refresh == {"https://example.test/1/", "https://example.test/3/"}
    assert not resumed.all_known(["https://example.test/2/"])

    assert KnownArticles.load(tmp_path / "absent.db", NOW, 14).urls == set()
    assert not (tmp_path / "absent.db").exists()
