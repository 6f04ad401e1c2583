"""The store's behaviour, the same on every backend: counts, per-site keys and state, locks, crawl history."""

from __future__ import annotations

import json

import pytest

from defense_news.items import Article, Comment
from defense_news.storage import SCHEMA_VERSION, SiteBusy, StoreError, WriteCounts

SEEN = "2026-06-30T00:00:00Z"


def article(
    post_id: int | None, published_at: str = "2026-06-01", title: str = "Title", site: str = "a", **kw
) -> Article:
    return Article(
        url=kw.pop("url", f"https://example.test/{post_id}/"),
        post_id=post_id,
        title=title,
        body_text="Body",
        published_at=published_at,
        site=site,
        **kw,
    )


def comment(comment_id: int, text: str | None = "Hi", site: str = "a") -> Comment:
    return Comment(comment_id=comment_id, post_id=1, article_url="https://example.test/1/", text=text, site=site)


def test_upserts_count_new_updated_unchanged(make_store):
    store = make_store()
    assert store.upsert_articles([article(1, "2026-06-01"), article(2, "2026-01-01")], SEEN) == WriteCounts(new=2)
    again = store.upsert_articles(
        [article(1, "2026-06-01", "New title"), article(2, "2026-01-01")], "2026-06-30T01:00:00Z"
    )
    assert again == WriteCounts(new=0, updated=1, unchanged=1)
    assert store.upsert_comments([comment(5)], "x") == WriteCounts(new=1)
    assert store.upsert_comments([comment(5)], "y") == WriteCounts(unchanged=1)
    assert store.upsert_comments([comment(5, "Edited")], "z") == WriteCounts(updated=1)
    assert store.conn.execute("select title, first_seen, last_seen from articles where post_id = 1").fetchone() == (
        "New title",
        SEEN,
        "2026-06-30T01:00:00Z",
    )
    # An unchanged row keeps its content (scraped_at too) and only moves last_seen.
    assert store.conn.execute("select text, first_seen, last_seen from comments").fetchall() == [("Edited", "x", "z")]
    assert store.schema_version == SCHEMA_VERSION


def test_lists_and_text_are_stored_exactly(make_store):
    store = make_store()
    tricky = "Ünïcödé “quotes” — \\ backslash\ttab\nnewline 'single' \"double\" 🚀"
    item = article(3, authors=["A. Writer", tricky], categories=[], tags=["x,y"], description=tricky, word_count=0)
    store.upsert_articles([item], SEEN)
    row = store.conn.execute("select authors, categories, tags, description, word_count from articles").fetchone()
    assert row == (json.dumps(["A. Writer", tricky], ensure_ascii=False), "[]", '["x,y"]', tricky, 0)
    assert store.upsert_articles([item], SEEN) == WriteCounts(unchanged=1)


def test_an_article_is_found_by_post_id_or_by_url(make_store):
    store = make_store()
    store.upsert_articles([article(None, url="https://example.test/no-id/")], SEEN)
    # The same page later seen with its post id: the same row, now with the id.
    assert store.upsert_articles([article(9, url="https://example.test/no-id/")], SEEN) == WriteCounts(updated=1)
    # The same post id under a new URL (slug edited): still the same row.
    assert store.upsert_articles([article(9, url="https://example.test/renamed/")], SEEN) == WriteCounts(updated=1)
    assert store.conn.execute("select post_id, url from articles").fetchall() == [(9, "https://example.test/renamed/")]


def test_the_same_ids_and_urls_on_two_sites_are_two_rows(make_store):
    store = make_store()
    # Two WordPress sites number their posts and comments independently: post 1 exists on both.
    assert store.upsert_articles([article(1, site="a"), article(1, site="b")], SEEN) == WriteCounts(new=2)
    assert store.upsert_comments([comment(7, site="a"), comment(7, "Other", site="b")], SEEN) == WriteCounts(new=2)
    # A change on one site is an update of that site's row only.
    assert store.upsert_articles([article(1, title="Changed", site="b")], SEEN) == WriteCounts(updated=1)
    rows = store.conn.execute("select site, title from articles order by site").fetchall()
    assert rows == [("a", "Title"), ("b", "Changed")]
    assert store.conn.execute("select site, text from comments order by site").fetchall() == [
        ("a", "Hi"),
        ("b", "Other"),
    ]
    assert (store.count("articles", "a"), store.count("articles", "b"), store.count("articles")) == (1, 1, 2)


def test_incomplete_threads_are_per_site(make_store):
    store = make_store()
    mark = {
        "article_url": "u",
        "post_id": 1,
        "failed_url": "u/comment-page-2/",
        "reason": "HTTP 503",
        "recorded_at": "t",
    }
    store.mark_incomplete("a", [mark])
    store.mark_incomplete("b", [mark])
    store.mark_incomplete("a", [{**mark, "reason": "HTTP 500"}])  # marked again: one row, the last reason
    assert store.incomplete_threads("a") == ["u"]
    assert store.count("incomplete_threads") == 2
    store.clear_incomplete("a", ["u"])
    assert store.incomplete_threads("a") == []
    assert store.incomplete_threads("b") == ["u"]


def test_stored_articles_are_the_sites_own(make_store):
    store = make_store()
    store.upsert_articles([article(1, "2026-06-01"), article(2, None, site="b")], SEEN)
    [stored] = store.stored_articles("a")
    assert (stored.url, stored.published_at, stored.modified_at, stored.last_seen) == (
        "https://example.test/1/",
        "2026-06-01",
        None,
        SEEN,
    )


def test_site_locks_are_per_site_and_name_their_holder(make_store):
    first, second = make_store(), make_store()
    lock_a = first.lock_site("a", "pid 1 on node node-a, job j1")
    with pytest.raises(SiteBusy, match=r"Another crawl of site a is writing to .*\(.*pid 1 on node node-a, job j1"):
        second.lock_site("a")
    lock_b = second.lock_site("127.0.0.1:8080")  # another site: no wait
    lock_a.release()
    second.lock_site("a").release()
    lock_b.release()


def test_a_failing_batch_leaves_no_half_rows(make_store):
    store = make_store()
    with pytest.raises(StoreError, match=r"text"):
        store.upsert_comments([comment(1), comment(2, text=None)], SEEN)
    assert store.count("comments") == 0


def crawl(store, site: str, started: str, reason: str | None, shard: str | None = None) -> int:
    crawl_id = store.insert_crawl({"site": site, "spider": "wordpress", "started_at": started, "shard": shard})
    if reason is not None:
        store.update_crawl(crawl_id, {"finish_reason": reason, "finished_at": started})
    return crawl_id


def test_crawl_history_finds_the_interrupted_run_to_resume(make_store):
    store = make_store()
    assert store.crawl_history("a").has_previous is False
    crawl(store, "a", "2026-06-01T00:00:00Z", "finished")
    crawl(store, "a", "2026-06-02T00:00:00Z", None)  # killed: never recorded its end
    crawl(store, "a", "2026-06-03T00:00:00Z", "database_busy")  # refused: not a run
    crawl(store, "b", "2026-06-04T00:00:00Z", "finished")  # another site
    history = store.crawl_history("a")
    assert (history.has_previous, history.last_reason, history.resume_since) == (True, None, "2026-06-02T00:00:00Z")
    crawl(store, "a", "2026-06-05T00:00:00Z", "finished")
    assert store.crawl_history("a").resume_since is None


def test_each_shard_has_its_own_history(make_store):
    store = make_store()
    crawl(store, "a", "2026-06-01T00:00:00Z", None, shard="1/2")  # shard 1 killed
    crawl(store, "a", "2026-06-02T00:00:00Z", "finished", shard="2/2")  # shard 2 finished after it
    crawl(store, "a", "2026-06-03T00:00:00Z", "finished")  # a whole-site run
    assert store.crawl_history("a", "1/2").resume_since == "2026-06-01T00:00:00Z"
    assert store.crawl_history("a", "2/2").resume_since is None
    assert store.crawl_history("a").last_reason == "finished"


def test_crawl_records_are_updated_in_place(make_store):
    store = make_store()
    first = crawl(store, "a", "2026-06-01T00:00:00Z", None)
    second = crawl(store, "a", "2026-06-02T00:00:00Z", None)
    assert second > first
    store.update_crawl(first, {"finish_reason": "finished", "articles_new": 3, "node": "node-a", "job": "j1"})
    rows = store.conn.execute("select id, finish_reason, articles_new, node, job from crawls order by id").fetchall()
    assert rows == [(first, "finished", 3, "node-a", "j1"), (second, None, None, None, None)]
    assert store.count("crawls", "a") == 2


def test_shards_of_a_site_run_side_by_side_but_never_with_a_whole_site_run(make_store):
    first, second, third = make_store(), make_store(), make_store()
    one = first.lock_site("a", "pid 1 on node node-a", shard="1/2")
    two = second.lock_site("a", "pid 2 on node node-b", shard="2/2")  # the other shard: no wait
    with pytest.raises(SiteBusy, match=r"site a shard 1/2 is writing to .*pid 1 on node node-a"):
        third.lock_site("a", shard="1/2")
    with pytest.raises(SiteBusy, match=r"site a is writing to "):
        third.lock_site("a")  # the whole site while shards of it run
    one.release()
    two.release()
    whole = first.lock_site("a", "pid 3 on node node-a")
    with pytest.raises(SiteBusy, match=r"site a is writing to .*pid 3 on node node-a"):
        second.lock_site("a", shard="2/2")
    whole.release()
    third.lock_site("a", shard="2/2").release()
