"""The page walk follows its site (issue 20, no REST API): a comment gone from a thread whose pages
were all read is marked removed, and live again when it comes back; a thread read in part marks
nothing; a heading count other than the stored one has the thread read again, counted.

The thread is post 11's, three comment pages on the stock replica (comments 2-8, 9-15, 16-21;
the bare permalink shows the newest page, 16-21) under the heading "20 responses to …". The
older article is made due for the rolling re-check between runs (its last_seen set long ago).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from tests.databases import Dataset, dataset_of
from tests.helpers import SITES, CrawlResult, crawl
from tests.sitecopy import REFRESH_FROM, copy_site, refresh_days_after, serve_on

pytestmark = pytest.mark.e2e

CATEGORIES = "military,politics"
THREAD = "2024/07/hypersonic-missiles-hype-reality/"
PAGES = ["", "comment-page-1/", "comment-page-2/", "comment-page-3/"]
# The pages of the thread that show its newest comment page (the bare permalink shows page 3).
NEWEST = ["", "comment-page-3/"]
# What a run reads of the thread: page 3 is the bare permalink's, not fetched again.
READ = ["", "comment-page-1/", "comment-page-2/"]


def settings_for(db: Path | Dataset) -> dict:
    # HTML only: the copy serves no REST API, and DEFENSE_NEWS_REST=False asks for none.
    return {
        **dataset_of(db).settings(),
        "DEFENSE_NEWS_REFRESH_DAYS": refresh_days_after(REFRESH_FROM),
        "DEFENSE_NEWS_REST": False,
        # Only the article made due is re-checked: the other older articles wait.
        "DEFENSE_NEWS_RECHECK_MAX": 1,
    }


def make_due(db: Path | Dataset) -> None:
    """The thread's article read long ago: first in line for the rolling re-check."""
    dataset = dataset_of(db)
    # A literal, not a parameter: the same text for sqlite3 and psycopg (no placeholders given).
    query = f"update articles set last_seen = '2000-01-01T00:00:00Z' where url like '%/{THREAD}'"
    if dataset.path is not None:
        with sqlite3.connect(dataset.path) as conn:
            conn.execute(query)
        return
    import psycopg

    assert dataset.url is not None
    with psycopg.connect(dataset.url) as pg:
        pg.execute(query)


def edit(root: Path, pages: list[str], change) -> None:
    for page in pages:
        file = root / THREAD / page / "index.html"
        file.write_text(change(file.read_text()))


def without_comment(comment_id: int):
    def change(html: str) -> str:
        block = re.search(rf'<li id="comment-{comment_id}".*?</li>', html, re.S)
        assert block, f"no comment {comment_id}"
        return html[: block.start()] + html[block.end() :]

    return change


def heading(count: int):
    return lambda html: html.replace("20 responses to", f"{count} responses to")


def restore(root: Path) -> None:
    for page in PAGES:
        (root / THREAD / page / "index.html").write_text((SITES / "wp-tt3" / THREAD / page / "index.html").read_text())


def thread_rows(db: Path | Dataset) -> tuple[dict[int, str | None], int | None]:
    """The thread's comments (id → removed_at) and its article's comment_count."""
    dataset = dataset_of(db)
    comments = dataset.column(f"select comment_id, removed_at from comments where article_url like '%/{THREAD}'")
    [count] = dataset.column(f"select url, comment_count from articles where url like '%/{THREAD}'").values()
    return comments, count


def bare_404(page: Path) -> None:
    """``page`` answers a 404 of a server in front of WordPress: no ``body.error404`` template."""
    page.write_text(
        "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center></body></html>"
    )
    page.with_name(page.name + ".headers").write_text("Status: 404 Not Found\n")


def last_crawl(db: Path | Dataset) -> dict:
    return dataset_of(db).last_crawl()


async def first_run(tmp_path: Path, db: Path | Dataset) -> tuple[Path, int]:
    """A copy of the replica crawled once into ``db``: its root and port (the next runs serve it on the
    same port, so the stored URLs stay the same)."""
    root = copy_site(tmp_path)
    with serve_on(root) as site:
        await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES)
        return root, site.server_address[1]


async def run_again(root: Path, port: int, db: Path | Dataset) -> CrawlResult:
    with serve_on(root, port) as site:
        return await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES)


@deferred_f_from_coro_f
async def test_a_comment_gone_from_a_thread_read_whole_is_marked_removed_and_restored(dataset, tmp_path, caplog):
    """On SQLite and PostgreSQL (the store's live_comment_ids by article URL, remove_comments)."""
    db = dataset
    root, port = await first_run(tmp_path, db)
    comments, count = thread_rows(db)
    assert (sorted(comments), count) == (list(range(2, 22)), 20)

    # Comment 21 trashed: gone from the newest page, the heading says 19.
    edit(root, NEWEST, without_comment(21))
    edit(root, PAGES, heading(19))
    make_due(db)
    with serve_on(root, port) as site, caplog.at_level(logging.INFO):
        result = await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES)
        requests = list(site.requests)
    assert all(f"/{THREAD}{page}" in requests for page in READ), requests
    comments, count = thread_rows(db)
    assert comments[21] is not None
    assert sorted(c for c, removed in comments.items() if removed is None) == list(range(2, 21))
    assert count == 19  # the live comments stored
    assert result.stats["defense_news/removals/comments_gone_from_pages"] == 1
    assert result.stats["defense_news/recheck/heading_count_differs"] == 1
    run = last_crawl(db)
    assert (run["comments_removed"], run["comments_restored"]) == (1, 0)
    assert (run["site_articles"], run["site_comments"]) == (None, None)  # no REST: the site's totals unknown
    assert run["stored_comments"] == 26  # 27 stored on the stock replica, one removed
    summary = [r.getMessage() for r in caplog.records if " ended: " in r.getMessage()][-1]
    assert "1 comments marked removed" in summary
    assert "comments; the site's totals are unknown (only its REST API states them)." in summary

    # Approved again: live again, counted as restored, the count back to 20.
    restore(root)
    make_due(db)
    result = await run_again(root, port, db)
    comments, count = thread_rows(db)
    assert all(removed is None for removed in comments.values())
    assert count == 20
    assert "defense_news/removals/comments_gone_from_pages" not in result.stats
    run = last_crawl(db)
    assert (run["comments_removed"], run["comments_restored"]) == (0, 1)
    assert run["stored_comments"] == 27


@deferred_f_from_coro_f
async def test_a_thread_that_lost_a_page_marks_nothing_removed(tmp_path):
    db = tmp_path / "news.db"
    root, port = await first_run(tmp_path, db)
    edit(root, NEWEST, without_comment(21))
    edit(root, PAGES, heading(19))
    # Page 1 (comments 2-8) answers 404 this time: the thread is not read whole.
    (root / THREAD / "comment-page-1/index.html").unlink()
    make_due(db)
    result = await run_again(root, port, db)
    comments, count = thread_rows(db)
    # Not read whole: the thread keeps the count stored for it (docs/storage.md; the store
    # pipeline's recount skips a thread that lost a page). The page's new heading (19) is no
    # edit of the article: comment_count is outside the content hash, so the row is not rewritten.
    assert count == 20
    assert all(removed is None for removed in comments.values())
    assert "defense_news/removals/comments_gone_from_pages" not in result.stats
    assert result.stats["defense_news/threads/not_whole_on_pages"] == 1
    assert last_crawl(db)["comments_removed"] == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from incomplete_threads where article_url like ?", (f"%/{THREAD}",))


@deferred_f_from_coro_f
async def test_a_thread_whose_heading_count_differs_is_read_again(tmp_path):
    """A comment approved late on the oldest page: the heading says 21, 20 stored; every comment
    page is read, the comment stored, the count the live one."""
    db = tmp_path / "news.db"
    root, port = await first_run(tmp_path, db)

    def approved(html: str) -> str:
        block = re.search(r'<li id="comment-2".*?</li>', html, re.S)
        assert block, "no comment 2"
        late = block.group(0).replace("comment-2", "comment-97").replace("=2", "=97")
        late = late.replace('data-commentid="2"', 'data-commentid="97"')
        return html[: block.end()] + late + html[block.end() :]

    edit(root, ["comment-page-1/"], approved)
    edit(root, PAGES, heading(21))
    make_due(db)
    with serve_on(root, port) as site:
        result = await crawl(settings_for(db), base_url=site.base_url, categories=CATEGORIES)
        requests = list(site.requests)
    assert all(f"/{THREAD}{page}" in requests for page in READ), requests
    assert result.stats["defense_news/recheck/heading_count_differs"] == 1
    comments, count = thread_rows(db)
    assert 97 in comments
    assert count == 21
    assert "defense_news/removals/comments_gone_from_pages" not in result.stats


@deferred_f_from_coro_f
async def test_a_thread_emptied_on_the_pages_marks_nothing_removed(tmp_path):
    """Post 15's only comment gone, its heading with it: the page shows a form and no comment,
    as a page whose comments a plugin loads by script would. No proof: comment 31 stays live."""
    db = tmp_path / "news.db"
    root, port = await first_run(tmp_path, db)
    file = root / "2024/10/drones-ukraine-lessons-army/index.html"
    html = without_comment(31)(file.read_text())
    file.write_text(re.sub(r'<h3 id="comments" class="wp-block-comments-title">.*?</h3>', "", html, flags=re.S))
    result = await run_again(root, port, db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select removed_at from comments where comment_id = 31").fetchone() == (None,)
    assert result.stats["defense_news/removals/empty_thread_not_trusted"] == 1
    assert "defense_news/removals/comments_gone_from_pages" not in result.stats


@deferred_f_from_coro_f
async def test_a_stored_page_answering_410_is_marked_removed_and_a_404_is_not(tmp_path):
    """No REST API to ask: 410 Gone (answered only on purpose) marks the article removed, a bare
    404 that is not WordPress's own not-found page (a proxy's, passing) marks nothing; the page
    back, the article is live again."""
    db = tmp_path / "news.db"
    root, port = await first_run(tmp_path, db)
    gone = root / "2024/12/arctic-great-power-arena/index.html.headers"  # post 16, recent: read every run
    gone.write_text("Status: 410 Gone\n")
    bare_404(root / "2024/10/drones-ukraine-lessons-army/index.html")  # post 15, recent
    result = await run_again(root, port, db)
    removed = dataset_of(db).column("select post_id, removed_at from articles where post_id in (15, 16)")
    assert removed[15] is None
    assert removed[16] is not None
    assert result.stats["defense_news/removals/articles_gone_410"] == 1
    assert result.stats["defense_news/removals/article_404_unconfirmed"] == 1
    assert (last_crawl(db)["articles_removed"], last_crawl(db)["comments_removed"]) == (1, 0)

    gone.unlink()
    await run_again(root, port, db)
    assert dataset_of(db).column("select post_id, removed_at from articles where post_id = 16") == {16: None}
    assert last_crawl(db)["articles_restored"] == 1


@deferred_f_from_coro_f
async def test_a_stored_page_wordpress_answers_not_found_for_is_marked_removed(tmp_path):
    """No REST API to ask: an article trashed or unpublished since the last run answers WordPress's
    own not-found page (404 with ``body.error404``; the replica answers a missing page so): marked
    removed. A bare 404 on another (a proxy's) marks nothing. Back, the article is live again."""
    db = tmp_path / "news.db"
    root, port = await first_run(tmp_path, db)
    make_due(db)  # the thread's post 12: read again by the rolling re-check
    trashed = root / THREAD / "index.html"
    kept = trashed.read_text()
    # Trashed: WordPress answers its not-found page there and lists the post nowhere.
    trashed.unlink()
    listing = root / "category/military/index.html"
    listed = listing.read_text()
    entry = re.search(r'<li class="wp-block-post post-12 .*?</li>', listed, re.S)
    assert entry
    listing.write_text(listed[: entry.start()] + listed[entry.end() :])
    bare_404(root / "2024/12/arctic-great-power-arena/index.html")  # post 16, recent: read every run
    result = await run_again(root, port, db)
    removed = dataset_of(db).column("select post_id, removed_at from articles where post_id in (12, 16)")
    assert removed[12] is not None
    assert removed[16] is None
    assert result.stats["defense_news/removals/articles_gone_404"] == 1
    assert result.stats["defense_news/removals/article_404_unconfirmed"] == 1
    assert "defense_news/removals/article_not_found_not_trusted" not in result.stats
    assert last_crawl(db)["articles_removed"] == 1

    trashed.write_text(kept)
    listing.write_text(listed)
    make_due(db)
    await run_again(root, port, db)
    assert dataset_of(db).column("select post_id, removed_at from articles where post_id = 12") == {12: None}
    assert last_crawl(db)["articles_restored"] == 1


@deferred_f_from_coro_f
async def test_a_stored_page_still_listed_is_not_marked_removed_by_a_not_found_page(tmp_path):
    """A recent article whose page answers WordPress's not-found page while this run's listing
    still lists it (a cache, permalinks being changed): the two disagree, nothing is marked."""
    db = tmp_path / "news.db"
    root, port = await first_run(tmp_path, db)
    (root / "2024/10/drones-ukraine-lessons-army/index.html").unlink()  # post 15, recent, still listed
    result = await run_again(root, port, db)
    assert dataset_of(db).column("select post_id, removed_at from articles where post_id = 15") == {15: None}
    assert result.stats["defense_news/removals/article_not_found_not_trusted"] == 1
    assert "defense_news/removals/articles_gone_404" not in result.stats
