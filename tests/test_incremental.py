"""Scheduled runs against a replica that changes between runs: new articles, new comments, few requests."""

from __future__ import annotations

import json
import sqlite3

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from tests.helpers import SITES, crawl
from tests.sitecopy import REFRESH_FROM, add_article, add_comment, copy_site, refresh_days_after, serve_on
from tests.stock_truth import COMMENTS_PER_POST, PUBLIC_POSTS

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

CATEGORIES = "military,politics"


def settings_for(db):
    # HTML only (the copy serves no REST API), so the request counts are about listings and articles.
    return {
        "DEFENSE_NEWS_SQLITE_PATH": str(db),
        "DEFENSE_NEWS_REFRESH_DAYS": refresh_days_after(REFRESH_FROM),
        "DEFENSE_NEWS_REST": False,
    }


def last_crawl(db) -> dict:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("select * from crawls order by id desc limit 1").fetchone())


def paths(requests: list[str]) -> list[str]:
    return sorted(requests)


@deferred_f_from_coro_f
async def test_repeat_run_fetches_listings_and_recent_articles_only(tmp_path):
    root = copy_site(tmp_path)
    db = tmp_path / "news.db"
    with serve_on(root) as site:
        await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES)
        first = list(site.requests)
        port = site.server_address[1]
    first_run = last_crawl(db)
    assert (first_run["articles_new"], first_run["comments_new"]) == (
        len(PUBLIC_POSTS),
        sum(COMMENTS_PER_POST.values()),
    )
    assert first_run["mode"] == "incremental"
    assert first_run["finish_reason"] == "finished"

    with serve_on(root, port) as site:
        result = await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES)
        second = list(site.requests)
    print(f"requests: first run {len(first)}, repeat run {len(second)}")
    assert paths(second) == paths(
        [
            "/robots.txt",
            "/category/military/",
            # Post 14 is password-protected, so never stored: it is fetched again and keeps
            # military page 1 from being "all known", hence page 2.
            "/category/military/page/2/",
            "/2024/09/submarine-readiness-briefing/",
            "/category/politics/",
            "/2024/10/drones-ukraine-lessons-army/",  # recent (15); its one comment page is this page
            "/2024/12/arctic-great-power-arena/",  # recent (16)
        ]
    )
    assert len(first) == 17
    repeat = last_crawl(db)
    assert (repeat["articles_new"], repeat["articles_updated"], repeat["articles_unchanged"]) == (0, 0, 2)
    assert (repeat["comments_new"], repeat["comments_updated"], repeat["comments_unchanged"]) == (0, 0, 1)
    assert repeat["pages_fetched"] == len(second)
    assert repeat["errors"] == 0
    assert json.loads(repeat["arguments"]) == {
        "base_url": result.crawler.spider.base_url,
        "categories": ["military", "politics"],
        "discovery": "categories",
    }
    assert result.stats["defense_news/incremental/listings_stopped"] == 2


@deferred_f_from_coro_f
async def test_new_article_and_new_comment_are_picked_up(tmp_path):
    root = copy_site(tmp_path)
    db = tmp_path / "news.db"
    with serve_on(root) as site:
        await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES)
        port = site.server_address[1]
    with sqlite3.connect(db) as conn:
        before = dict(conn.execute("select post_id, content_hash from articles"))
        first_seen = dict(conn.execute("select comment_id, first_seen from comments"))

    add_article(root)
    add_comment(root)
    edited = root / "2024/12/arctic-great-power-arena/index.html"
    edited.write_text(edited.read_text().replace("<p>Melting sea ice", "<p>(Updated.) Melting sea ice"))
    with serve_on(root, port) as site:
        await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES)
        requests = list(site.requests)
    assert "/2024/11/carrier-air-wing-gap/" in requests
    run = last_crawl(db)
    assert run["articles_new"] == 1
    assert run["comments_new"] == 1
    # Post 16 was edited; post 15 only gained a comment, the article itself is the same.
    assert (run["articles_updated"], run["articles_unchanged"]) == (1, 1)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == len(PUBLIC_POSTS) + 1
        assert conn.execute("select title from articles where post_id = 99").fetchone() == (
            "The Carrier Air Wing Gap After the Washington Summit",
        )
        assert conn.execute("select count(*), count(distinct comment_id) from comments").fetchone() == (28, 28)
        assert conn.execute("select post_id, text from comments where comment_id = 98").fetchone() == (
            15,
            "Fiber-optic drones ignore the jammers.",
        )
        after = dict(conn.execute("select post_id, content_hash from articles"))
        # comment_count is the live comments stored (issue 20 item 6), though the page's heading
        # still states the old number; the new comment is no edit of the article (its hash stays).
        assert conn.execute(
            "select comment_count, (select count(*) from comments where post_id = 15) from articles where post_id = 15"
        ).fetchone() == (2, 2)
        assert {p for p in before if before[p] != after[p]} == {16}
        assert dict(conn.execute("select comment_id, first_seen from comments where comment_id != 98")) == first_seen

    # The comment disappears from the site: it stays stored, marked removed, as the page shows
    # its whole thread again (one comment under "1 response"; issue 20).
    original = SITES / "wp-tt3/2024/10/drones-ukraine-lessons-army/index.html"
    (root / "2024/10/drones-ukraine-lessons-army/index.html").write_text(original.read_text())
    with serve_on(root, port) as site:
        await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from comments where comment_id = 98").fetchone() == (1,)
        assert conn.execute("select removed_at is not null from comments where comment_id = 98").fetchone() == (1,)
        assert conn.execute("select comment_count from articles where post_id = 15").fetchone() == (1,)
    assert (last_crawl(db)["comments_new"], last_crawl(db)["comments_removed"]) == (0, 1)


@deferred_f_from_coro_f
async def test_full_walks_everything_again(tmp_path):
    root = copy_site(tmp_path)
    db = tmp_path / "news.db"
    with serve_on(root) as site:
        await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES)
        first = len(site.requests)
        port = site.server_address[1]
    with serve_on(root, port) as site:
        await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES, full="1")
        assert len(site.requests) == first
    run = last_crawl(db)
    assert run["mode"] == "full"
    assert (run["articles_new"], run["articles_updated"], run["articles_unchanged"]) == (0, 0, len(PUBLIC_POSTS))


@deferred_f_from_coro_f
async def test_rolling_recheck_reads_the_least_recently_read_older_articles(tmp_path):
    """Issue 20 item 5: older articles the listing walk stops before are read again a slice a
    run, least recently read first, DEFENSE_NEWS_RECHECK_MAX at most; a retitled one is updated."""
    root = copy_site(tmp_path)
    db = tmp_path / "news.db"
    with serve_on(root) as site:
        await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES)
        port = site.server_address[1]
    nato = "2024/08/nato-eastern-flank-after-washington/"
    with sqlite3.connect(db) as conn:
        # As if read 40 days ago (due with the default 30 days), posts 13 and 7 longest ago.
        conn.execute("update articles set last_seen = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-40 days')")
        conn.execute("update articles set last_seen = '2000-01-01T00:00:00Z' where post_id = 13")
        conn.execute("update articles set last_seen = '2000-01-02T00:00:00Z' where post_id = 7")
        (post_7,) = conn.execute("select url from articles where post_id = 7").fetchone()
    page = root / nato / "index.html"
    page.write_text(page.read_text().replace("NATO’s Eastern Flank After", "NATO’s Eastern Flank Long After"))
    with serve_on(root, port) as site:
        result = await crawl(
            {**settings_for(db), "DEFENSE_NEWS_RECHECK_MAX": 2}, base_url=site.base_url, categories=CATEGORIES
        )
        requests = list(site.requests)
    rechecked = ["/" + nato, "/" + post_7.split("/", 3)[3]]
    assert all(path in requests for path in rechecked), requests
    assert result.stats["defense_news/recheck/articles"] == 2
    # Seven older articles were due; the cap left five, named and first in line next run.
    assert result.stats["defense_news/recheck/left_for_next_run"] == 5
    run = last_crawl(db)
    assert (run["articles_updated"], run["articles_unchanged"]) == (1, 3)  # post 13; 7 and the two recent
    with sqlite3.connect(db) as conn:
        assert conn.execute("select title from articles where post_id = 13").fetchone() == (
            "NATO’s Eastern Flank Long After the Washington Summit",
        )
