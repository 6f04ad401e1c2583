"""End-to-end crawls of a stock WordPress replica served on 127.0.0.1."""

import sqlite3

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.items import Article, Comment
from tests.helpers import crawl
from tests.stock_truth import COMMENTS_PER_POST, PUBLIC_POSTS

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("site_fixture", ["stock_site", "stock_classic_site"])
@deferred_f_from_coro_f
async def test_crawl_stock_wordpress(site_fixture, request, tmp_path):
    site = request.getfixturevalue(site_fixture)
    db = tmp_path / "news.db"
    result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, base_url=site.base_url)

    articles = result.of(Article)
    comments = result.of(Comment)
    assert {a.post_id for a in articles} == PUBLIC_POSTS
    assert len(articles) == len(PUBLIC_POSTS)
    assert all(a.url.startswith(site.base_url) for a in articles)
    per_post: dict[int, int] = {}
    for c in comments:
        per_post[c.post_id] = per_post.get(c.post_id, 0) + 1
    assert per_post == COMMENTS_PER_POST
    assert len({c.comment_id for c in comments}) == len(comments)
    assert result.stats["defense_news/skipped/password_protected"] == 1
    # Both categories were found (tt1 links them from the home page, tt3 only from articles).
    assert result.stats["defense_news/categories_discovered"] == 2
    assert result.stats.get("log_count/ERROR", 0) == 0
    # Each comment page is fetched once: the bare permalink counts as the page it shows,
    # including single-page threads whose comment permalinks name comment-page-1/.
    assert result.stats.get("defense_news/duplicates/comment", 0) == 0

    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == len(PUBLIC_POSTS)
        assert conn.execute("select count(*) from comments").fetchone()[0] == sum(COMMENTS_PER_POST.values())
        assert conn.execute("select parent_id, depth from comments where comment_id = 21").fetchone() == (20, 4)


@deferred_f_from_coro_f
async def test_two_runs_leave_one_row_each(stock_site, tmp_path):
    db = tmp_path / "news.db"
    await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, base_url=stock_site.base_url, categories="military")
    with sqlite3.connect(db) as conn:
        first = conn.execute("select post_id, first_seen, last_seen from articles order by post_id").fetchall()
    await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, base_url=stock_site.base_url, categories="military,politics")
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "select count(*), count(distinct post_id), count(distinct url) from articles"
        ).fetchone() == (
            len(PUBLIC_POSTS),
            len(PUBLIC_POSTS),
            len(PUBLIC_POSTS),
        )
        assert conn.execute("select count(*), count(distinct comment_id) from comments").fetchone() == (27, 27)
        again = dict((row[0], row[1:]) for row in conn.execute("select post_id, first_seen, last_seen from articles"))
        for post_id, first_seen, last_seen in first:
            assert again[post_id][0] == first_seen  # first_seen kept
            assert again[post_id][1] >= last_seen
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)


@deferred_f_from_coro_f
async def test_feed_export_writes_one_file_per_record_kind(stock_site, tmp_path):
    import csv
    import json

    out = tmp_path / "out"
    await crawl(
        {"DEFENSE_NEWS_SQLITE_PATH": "", "DEFENSE_NEWS_EXPORT_DIR": str(out)},
        base_url=stock_site.base_url,
        categories="politics",
    )
    (articles_file,) = out.glob("articles-*.jsonl")
    (comments_file,) = out.glob("comments-*.jsonl")
    articles = [json.loads(line) for line in articles_file.read_text(encoding="utf-8").splitlines()]
    comments = [json.loads(line) for line in comments_file.read_text(encoding="utf-8").splitlines()]
    assert sorted(a["post_id"] for a in articles) == [7, 9, 11, 13, 16]
    assert {"comment_id", "parent_id", "depth"} <= set(comments[0])
    assert sorted(c["comment_id"] for c in comments) == [24, 25, 26, 33]
    assert "“Deterrence” & Its Discontents" in {a["title"] for a in articles}  # UTF-8, not \\u escapes

    await crawl(
        {"DEFENSE_NEWS_SQLITE_PATH": "", "DEFENSE_NEWS_EXPORT_DIR": str(out), "DEFENSE_NEWS_EXPORT_FORMAT": "csv"},
        base_url=stock_site.base_url,
        categories="politics",
    )
    (comments_csv,) = out.glob("comments-*.csv")
    with comments_csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(int(r["comment_id"]) for r in rows) == [24, 25, 26, 33]
