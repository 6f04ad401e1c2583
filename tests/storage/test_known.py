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


def test_rolling_recheck_reads_older_articles_least_recently_read_first(make_store):
    """Issue 20 item 5: each older article falls due within the period, oldest first, capped."""
    store = make_store()
    store.upsert_articles([article(1, "2026-06-25")], "2026-06-30T11:00:00Z")  # recent: refreshed anyway
    store.upsert_articles([article(2, "2025-01-01"), article(3, "2025-01-01")], "2026-05-01T00:00:00Z")  # 60 days
    store.upsert_articles([article(4, "2025-01-01")], "2026-04-01T00:00:00Z")  # 90 days: the oldest read
    store.upsert_articles([article(5, "2025-01-01")], "2026-06-29T00:00:00Z")  # read yesterday

    def known(**kwargs: int) -> KnownArticles:
        return KnownArticles.from_stored(store.stored_articles("a"), NOW, 14, **kwargs)

    url = "https://example.test/{}/".format
    assert known().recheck == []  # off unless asked for
    due = known(recheck_days=30, recheck_max=100)
    assert due.recheck == [url(4), url(2), url(3)]
    assert due.recheck_left == 0
    assert {url(2), url(3), url(4)} <= due.refresh
    assert not due.wants(url(5))
    capped = known(recheck_days=30, recheck_max=1)
    assert (capped.recheck, capped.recheck_left) == ([url(4)], 2)
    # A run right after one that read everything re-checks nothing.
    store.upsert_articles([article(n, "2025-01-01") for n in (2, 3, 4, 5)], "2026-06-30T11:30:00Z")
    assert known(recheck_days=30, recheck_max=100).recheck == []
    store.close()


def test_due_points_spread_over_the_second_half_of_the_period(make_store):
    """Articles stored on one day do not all fall due on one day."""
    store = make_store()
    store.upsert_articles([article(n, "2025-01-01") for n in range(200)], "2026-05-01T12:00:00Z")
    day = [
        len(
            KnownArticles.from_stored(
                store.stored_articles("a"), datetime(2026, 5, d, 12, tzinfo=UTC), 14, None, 30, 1000
            ).recheck
        )
        for d in (15, 16, 20, 25, 31)
    ]
    assert day[0] == 0  # nothing before half the period
    assert day == sorted(day)
    assert 0 < day[2] < day[3] < 200
    assert day[-1] == 200  # all within the period (30 days)
    store.close()


def test_a_listing_comment_count_other_than_the_stored_one_picks_the_thread():
    from defense_news.storage.base import StoredArticle

    stored = [StoredArticle("https://example.test/2/", "2025-01-01", None, "2026-06-29T00:00:00Z", comment_count=4)]
    known = KnownArticles.from_stored(stored, NOW, 14)
    assert not known.count_differs("https://example.test/2/", 4)
    assert known.count_differs("https://example.test/2/", 5)
    assert not known.count_differs("https://example.test/2/", None)  # the listing prints none
    assert not known.count_differs("https://example.test/new/", 5)  # not stored: wanted anyway
