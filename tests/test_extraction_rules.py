"""Extraction rules across themes: category names for slugs, comment counts, third-party comment
systems, repeated-hour comment times. Expected values checked by hand on the pages."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from defense_news.items import Comment
from defense_news.pages import ArticlePage
from defense_news.pages.comments import resolve_repeated_hour
from tests.helpers import page

NY = ZoneInfo("America/New_York")


def test_slugs_become_the_names_the_page_shows():
    # ZoxPress prints only "Military"; post_class() has category-russia; the menu links
    # /category/russia/ as "Russia".
    article = ArticlePage(page("zox", "/2022/12/why-russias-artillery-advantage-is-fading/")).article()
    assert article.categories == ["Military", "Russia"]


def test_open_thread_without_comments_counts_zero():
    article = ArticlePage(page("wp-tt1", "/2024/02/navy-frigate-shipyard-problem/")).article()
    assert article.comment_count == 0


def _comment(comment_id: int, posted_at: str) -> Comment:
    return Comment(comment_id=comment_id, posted_at=posted_at)


def test_repeated_hour_placed_by_thread_order():
    # 01:50 then, by a later ID, 01:20: the second can only be the standard-time 01:20 (06:20Z).
    comments = [
        _comment(9, "2025-10-30T23:00:00Z"),
        _comment(10, "2025-11-02T05:50:00Z"),
        _comment(11, "2025-11-02T05:20:00Z"),
        _comment(12, "2025-11-05T13:00:00Z"),
    ]
    assert resolve_repeated_hour(comments, NY) == 0
    assert [c.posted_at for c in comments] == [
        "2025-10-30T23:00:00Z",
        "2025-11-02T05:50:00Z",
        "2025-11-02T06:20:00Z",
        "2025-11-05T13:00:00Z",
    ]


def test_repeated_hour_that_order_cannot_settle_is_counted():
    comments = [
        _comment(15, "2024-10-01T04:20:00Z"),
        _comment(16, "2024-11-03T05:30:00Z"),
        _comment(17, "2024-11-03T08:05:00Z"),
    ]
    assert resolve_repeated_hour(comments, NY) == 1
    assert comments[1].posted_at == "2024-11-03T05:30:00Z"  # the first instant, as WordPress stores it


def test_date_hints_fill_only_what_the_page_lacks():
    from defense_news.items import Article
    from defense_news.pages.article import DateHint, with_date_hint

    month = Article(published_at="2025-10", published_at_source="url", published_at_precision="month")
    feed = DateHint("2025-10-28T13:00:00Z", "feed")
    assert with_date_hint(month, feed, NY).published_at == "2025-10-28T13:00:00Z"
    assert with_date_hint(month, feed, NY).published_at_source == "feed"
    # a feed date outside the page's own month is not taken
    assert with_date_hint(month, DateHint("2025-11-02T13:00:00Z", "feed"), NY) is month
    # a sitemap lastmod is a modification: only when nothing else dated the article
    assert with_date_hint(month, DateHint("2025-10-29T08:00:00Z", "sitemap"), NY) is month
    undated = Article()
    assert with_date_hint(undated, DateHint("2025-10-29T08:00:00Z", "sitemap"), NY).published_at_source == "sitemap"
    exact = Article(published_at="2025-10-28T13:00:00Z", published_at_precision="second")
    assert with_date_hint(exact, DateHint("2025-10-28T14:00:00Z", "feed"), NY) is exact
