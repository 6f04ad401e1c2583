"""KnownArticles: which stored articles an incremental run skips, refreshes, or stops at."""

from __future__ import annotations

from datetime import UTC, datetime

from defense_news.items import Article
from defense_news.storage import KnownArticles

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def article(post_id: int, published_at: str, site: str = "a") -> Article:
    return Article(
        url=f"https://example.test/{post_id}/",
        post_id=post_id,
        title="T",
        body_text="B",
        published_at=published_at,
        site=site,
    )


def test_known_articles_refresh_window_and_resume(make_store):
    store = make_store()
    store.upsert_articles([article(1, "2026-06-20T10:00:00Z"), article(2, "2026-01-01")], "2026-06-29T00:00:00Z")
    store.upsert_articles([article(3, "2025-12-01")], "2026-06-30T09:00:00Z")
    # Another site's articles are not known to site a.
    store.upsert_articles([article(4, "2026-06-29", site="b")], "2026-06-30T09:00:00Z")

    known = KnownArticles.from_stored(store.stored_articles("a"), NOW, refresh_days=14)
    assert known.urls == {f"https://example.test/{n}/" for n in (1, 2, 3)}
    assert known.refresh == {"https://example.test/1/"}  # published within 14 days
    assert known.wants("https://example.test/1/")
    assert known.wants("https://example.test/new/")
    assert not known.wants("https://example.test/2/")
    assert known.all_known(["https://example.test/2/", "https://example.test/3/"])
    assert not known.all_known(["https://example.test/2/", "https://example.test/new/"])
    assert not known.all_known([])

    # After an interrupted run that started at 08:00, what it wrote is fetched again, and no listing stops early.
    resumed = KnownArticles.from_stored(store.stored_articles("a"), NOW, 14, resume_since="2026-06-30T08:00:00Z")
    assert resumed.refresh == {"https://example.test/1/", "https://example.test/3/"}
    assert not resumed.all_known(["https://example.test/2/"])

    assert KnownArticles.from_stored(store.stored_articles("c"), NOW, 14).urls == set()
    store.close()
