"""source=rest|html|auto end to end on the wp-news replica (a real WordPress's pages and API).

The Done-when of issue 13: the REST crawl stores exactly what the page walk stores, every
field, at most 0.15 requests per article; the page walk with batched enrichment at most 1.3;
a repeat run with nothing new at most 3 requests (4 since scheduled posts are asked for, 6 since the
site's totals are), and a comment added to an old article is
stored by the next run; an API that starts refusing mid-crawl leaves a complete dataset.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.spiders.wordpress import WordPressSpider
from tests.databases import Dataset, dataset_of
from tests.helpers import crawl
from tests.wp_news import WordPressApi, WpNewsServer, serve_wp_news

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

ARTICLES, COMMENTS = 236, 2445


def settings(db: Path | Dataset) -> dict[str, Any]:
    return {**dataset_of(db).settings(), "DEFENSE_NEWS_TIMEZONE": "America/New_York"}


def rows(db: Path | Dataset, table: str, key: str) -> dict[Any, dict[str, Any]]:
    return dataset_of(db).rows(table, key)


async def run(server: WpNewsServer, db: Path | Dataset, **args: str) -> tuple[Any, list[str]]:
    before = len(server.requests)
    result = await crawl(settings(db), WordPressSpider, site=server.base_url, **args)
    return result, server.requests[before:]


@pytest.fixture(scope="module")
def server() -> Any:
    """One replica for the comparisons: the same address, so the same URLs and site id."""
    with serve_wp_news() as server:
        yield server


@pytest.fixture(scope="module")
def html_db(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The page walk of the whole replica (source=html), shared by the comparisons below."""
    return {"db": tmp_path_factory.mktemp("html") / "news.db"}


@deferred_f_from_coro_f
async def test_html_walk_with_batched_enrichment(server, html_db):
    result, asked = await run(server, html_db["db"], source="html")
    assert len(rows(html_db["db"], "articles", "url")) == ARTICLES
    assert len(rows(html_db["db"], "comments", "comment_id")) == COMMENTS
    rest_asked = [p for p in asked if "/wp-json/" in p]
    # One batch per listing page (24 category pages), not one request per article.
    assert result.stats["defense_news/rest/batches"] == len([p for p in rest_asked if "include=" in p])
    assert result.stats["defense_news/rest/enriched"] == ARTICLES
    assert len(asked) / ARTICLES <= 1.3, len(asked)
    html_db["requests"] = len(asked)


@deferred_f_from_coro_f
async def test_rest_stores_exactly_what_html_stores(server, html_db, tmp_path):
    db = tmp_path / "rest.db"
    result, asked = await run(server, db, source="rest")
    assert result.stats["defense_news/source"] == "rest"
    assert all("/wp-json/" in p or p == "/robots.txt" for p in asked)
    assert len(asked) / ARTICLES <= 0.15, len(asked)
    assert len(asked) == 1 + 25 + 3  # robots.txt, 25 comment pages, 3 post pages
    for table, key in (("articles", "url"), ("comments", "comment_id")):
        from_rest, from_html = rows(db, table, key), rows(html_db["db"], table, key)
        assert len(from_rest) == len(from_html)
        assert from_rest == from_html


@deferred_f_from_coro_f
async def test_repeat_run_costs_six_requests_and_finds_a_comment_on_an_old_article(tmp_path):
    """robots.txt, comments since, posts modified since, posts published since. The fourth
    (issue 13 asked for 3) is what finds a scheduled post: WordPress publishes it without
    touching its modified time (tests/test_rest_faults.py). The fifth and sixth (issue 20) are
    the site's totals (``per_page=1``: X-WP-Total of posts and of comments), for the crawl record."""
    db = tmp_path / "news.db"
    api = WordPressApi.captured()
    with serve_wp_news(api) as server:
        await run(server, db)  # source=auto: the API answers
        _, asked = await run(server, db)
        assert len(asked) <= 6, asked
        oldest = min(api.posts, key=lambda p: p["date_gmt"])
        new = api.add_comment(oldest["id"], "Late Reader", "Still relevant.", datetime.now(UTC))
        result, asked = await run(server, db)
    assert len(asked) <= 6, asked
    stored = rows(db, "comments", "comment_id")
    assert len(stored) == COMMENTS + 1
    assert stored[new["id"]]["article_url"] == oldest["link"].replace("https://www.19fortyfive.com", server.origin)
    assert stored[new["id"]]["depth"] == 1
    assert result.stats["defense_news/source"] == "rest"


def last_crawl(db: Path | Dataset) -> dict[str, Any]:
    return dataset_of(db).last_crawl()


@deferred_f_from_coro_f
async def test_the_next_run_stores_a_late_approval_an_edited_comment_and_a_retitled_post(dataset):
    """Issue 20 items 1 and 2: between two runs a moderator approves a comment written before
    the first, a comment's text is edited, a post retitled; the next ordinary run stores all three."""
    db = dataset
    api = WordPressApi.captured()
    post, other = api.posts[10], api.posts[20]
    now = datetime.now(UTC).replace(microsecond=0)
    held = api.add_comment(post["id"], "First Timer", "Held for moderation.", now - timedelta(days=2), approved=False)
    edited = api.add_comment(post["id"], "Regular", "Frist!", now - timedelta(days=3))
    with serve_wp_news(api) as server:
        await run(server, db)
        assert held["id"] not in rows(db, "comments", "comment_id")
        api.approve_comment(held["id"])
        api.edit_comment(edited["id"], "First!")
        api.modify_post(other["id"], datetime.now(UTC), title="A new title")
        result, asked = await run(server, db)
    assert len(asked) <= 6, asked
    assert result.stats["defense_news/source"] == "rest"
    comments = rows(db, "comments", "comment_id")
    assert len(comments) == COMMENTS + 2
    assert comments[held["id"]]["text"] == "Held for moderation."
    assert comments[edited["id"]]["text"] == "First!"
    articles = rows(db, "articles", "post_id")
    assert articles[other["id"]]["title"] == "A new title"
    record = last_crawl(db)
    assert (record["comments_new"], record["comments_updated"], record["comments_unchanged"]) == (1, 1, 0)
    assert (record["articles_new"], record["articles_updated"]) == (0, 1)


def column(db: Path | Dataset, sql: str) -> dict[Any, Any]:
    return dataset_of(db).column(sql)


@deferred_f_from_coro_f
async def test_the_next_run_marks_what_the_site_took_down_and_counts_live_rows(dataset):
    """Issue 20 items 3, 4 and 6: between two runs a comment is trashed, a post taken back to draft,
    another given a password; the next ordinary run marks them removed (the rows stay), counts the
    thread's live comments, and records the site's totals next to the live rows; a comment approved
    again is live again the run after."""
    db = dataset
    api = WordPressApi.captured()
    now = datetime.now(UTC).replace(microsecond=0)
    post, recent, protected = api.posts[10], api.posts[20], api.posts[30]
    spam = api.add_comment(post["id"], "Spammer", "Buy now.", now - timedelta(days=1))
    api.add_comment(post["id"], "Reader", "Fine.", now - timedelta(days=1))
    # Published just before the first run: within the next run's window of new posts.
    api.modify_post(recent["id"], now - timedelta(minutes=5))
    recent["date"], recent["date_gmt"] = recent["modified"], recent["modified_gmt"]
    with serve_wp_news(api) as server:
        await run(server, db)
        thread = len([c for c in api.comments if c["post"] == post["id"]])
        api.trash_comment(spam["id"])
        api.unpublish_post(recent["id"])
        api.protect_post(protected["id"])
        api.modify_post(protected["id"], datetime.now(UTC))
        result, asked = await run(server, db)
        assert len(asked) <= 6, asked
        record = last_crawl(db)
        site = (len(api.posts), len(api.comments) + len(api.hidden_comments))
        counted = column(db, f"select post_id, comment_count from articles where post_id = {post['id']}")
        api.restore_comment(spam["id"])
        await run(server, db)
    assert result.stats["defense_news/source"] == "rest"
    removed = column(db, "select post_id, removed_at from articles where removed_at is not null")
    assert set(removed) == {recent["id"], protected["id"]}
    assert len(rows(db, "articles", "post_id")) == ARTICLES + 0  # never deleted
    assert (record["articles_removed"], record["comments_removed"]) == (2, 1)
    # The site's own totals next to the live rows: WordPress still counts the hidden comments.
    assert (record["site_articles"], record["site_comments"]) == site
    assert (record["stored_articles"], record["stored_comments"]) == (ARTICLES - 2, COMMENTS + 1)
    assert result.stats["defense_news/site/total_articles"] == len(api.posts)
    assert counted == {post["id"]: thread - 1}
    # Approved again: live again, counted restored, and the thread counts it.
    assert column(db, f"select comment_id, removed_at from comments where comment_id = {spam['id']}") == {
        spam["id"]: None
    }
    final = last_crawl(db)
    assert (final["comments_restored"], final["comments_removed"]) == (1, 0)
    assert column(db, f"select post_id, comment_count from articles where post_id = {post['id']}") == {
        post["id"]: thread
    }


@deferred_f_from_coro_f
async def test_a_stored_article_whose_page_is_gone_is_checked_by_id_and_marked_removed(dataset):
    """Issue 20 item 3 on the page walk: a post taken back to draft answers 404 on its permalink;
    the run asks posts/<id> (401 rest_forbidden for a reader) and marks the article removed. A
    404 that REST does not confirm marks nothing."""
    db = dataset
    api = WordPressApi.captured()
    draft = api.posts[12]
    with serve_wp_news(api) as server:
        await run(server, db, source="html")
        api.unpublish_post(draft["id"])
        result, asked = await run(server, db, source="html", full="1")
    assert f"/wp-json/wp/v2/posts/{draft['id']}?_embed=wp%3Aterm" in asked
    assert result.stats["defense_news/rest/posts_gone_by_id"] == 1
    removed = column(db, "select post_id, removed_at from articles where removed_at is not null")
    assert set(removed) == {draft["id"]}
    assert last_crawl(db)["articles_removed"] == 1
    assert len(rows(db, "articles", "post_id")) == ARTICLES  # the row stays


@deferred_f_from_coro_f
async def test_an_api_that_starts_refusing_leaves_a_complete_dataset(server, html_db, tmp_path, caplog):
    db = tmp_path / "news.db"
    server.api_requests, server.refuse_api_after = 0, 8  # some comment pages, then 403 HTML
    try:
        result, _ = await run(server, db)
    finally:
        server.refuse_api_after = None
    assert result.stats["defense_news/rest/blocked"]
    assert result.stats["defense_news/source"] == "html"
    assert sum("REST API not usable" in r.getMessage() for r in caplog.records) == 1
    assert result.stats.get("retry/count", 0) == 0
    for table, key in (("articles", "url"), ("comments", "comment_id")):
        got, want = rows(db, table, key), rows(html_db["db"], table, key)
        assert set(got) == set(want)
    # The comments read before the refusal are the same records the pages give.
    comments = rows(db, "comments", "comment_id")
    assert comments == rows(html_db["db"], "comments", "comment_id")
