"""The same posts and comments through seven WordPress themes (tests/sites/themes), crawled end to end.

Expected values come from WordPress's database (tests/sites/themes/expected.json, written by
``wp-capture.py --set themes``); tests/theme_truth.py compares every field each theme prints.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.items import Article, Comment
from defense_news.replica import serve
from tests.helpers import crawl
from tests.theme_truth import (
    ARTICLE_FIELDS,
    NOT_PRINTED,
    THEMES,
    THEMES_DIR,
    expected,
    printed_on,
    score_theme,
    shown_comments,
)

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

POSTS = {p["id"] for p in expected()["posts"]}


@pytest.mark.parametrize("theme", THEMES)
@deferred_f_from_coro_f
async def test_theme_replica_every_field(theme, tmp_path):
    db = tmp_path / "news.db"
    with serve(THEMES_DIR / theme) as site:
        # No REST API in these replicas: every value comes from the theme's HTML (and the permalink).
        result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_REST": False}, base_url=site.base_url)
    articles, comments = result.of(Article), result.of(Comment)
    # Every comment the theme shows (ZoxPress shows none of a closed thread), and no other.
    shown = shown_comments(theme)
    assert {a.post_id for a in articles} == POSTS
    assert {c.comment_id for c in comments} == shown
    score = score_theme(theme, articles, comments)
    assert score.errors == []
    # Every field the theme prints was compared on every post that prints it, every comment field on every comment.
    for name in set(ARTICLE_FIELDS) - NOT_PRINTED[theme] - {"modified_at"}:
        assert score.checked[name] == printed_on(theme, name), name
    for name in ("parent_id", "depth", "author", "author_url", "posted_at", "text"):
        assert score.checked[f"comment {name}"] == len(shown), name
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == len(POSTS)
        assert conn.execute("select count(*) from comments").fetchone()[0] == len(shown)
    # One comment time is in the repeated hour of 2025-11-02 and is placed by the thread's order.
    assert result.stats.get("defense_news/comments/ambiguous_time", 0) == 0
    assert result.stats.get("log_count/ERROR", 0) == 0


@deferred_f_from_coro_f
async def test_theme_without_dates_stores_every_article(tmp_path):
    """hello-elementor prints no date, author or category: every article is stored, dated by its permalink."""
    with serve(THEMES_DIR / "hello-elementor") as site:
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": str(tmp_path / "n.db"), "DEFENSE_NEWS_REST": False}, base_url=site.base_url
        )
    articles = result.of(Article)
    assert {a.post_id for a in articles} == POSTS
    by_id = {p["id"]: p for p in expected()["posts"]}
    for article in articles:
        assert article.published_at_source == "url"
        assert article.published_at_precision == "month"
        assert article.published_at == by_id[article.post_id]["date_local"][:7]
    assert "defense_news/dropped/article_missing_published_at" not in result.stats
    with sqlite3.connect(tmp_path / "n.db") as conn:
        rows = conn.execute("select distinct published_at_source, published_at_precision from articles").fetchall()
    assert rows == [("url", "month")]


@pytest.mark.parametrize("theme", ["hello-elementor", "zoxpress"])
@deferred_f_from_coro_f
async def test_theme_without_dates_takes_the_feed_date(theme, tmp_path):
    """Found through the feed, the articles of a theme printing no date (hello-elementor) or only the
    day (ZoxPress) get the feed's pubDate (to the second)."""
    with serve(THEMES_DIR / theme) as site:
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": str(tmp_path / "n.db"), "DEFENSE_NEWS_REST": False},
            base_url=site.base_url,
            discovery="feed",
        )
    by_id = {p["id"]: p for p in expected()["posts"]}
    articles = result.of(Article)
    assert {a.post_id for a in articles} == POSTS
    for article in articles:
        assert (article.published_at, article.published_at_source) == (by_id[article.post_id]["date_gmt"], "feed")


@deferred_f_from_coro_f
async def test_zoxpress_categories_are_stored_by_name(tmp_path):
    """Issue 22 item 12: ZoxPress names the first category only and no menu names the others
    here (site model g1); each category's listing names it, so the database stores every post's
    categories by name (the items the feeds wrote may still hold a slug, docs/extraction.md)."""
    db = tmp_path / "news.db"
    with serve(THEMES_DIR / "zoxpress") as site:
        result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_REST": False}, base_url=site.base_url)
    with sqlite3.connect(db) as conn:
        stored = {
            pid: (c, json.loads(cs))
            for pid, c, cs in conn.execute("select post_id, category, categories from articles")
        }
    want = {p["id"]: (p["categories"][0], p["categories"]) for p in expected()["posts"]}
    assert stored == want
    slugged = sum(len(p["categories"]) - 1 for p in expected()["posts"])
    stats = result.stats
    assert slugged > 0
    assert (
        stats.get("defense_news/categories/named_on_arrival", 0) + stats.get("defense_news/categories/named_later", 0)
        == slugged
    )
