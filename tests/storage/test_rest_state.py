"""What a REST run needs from the store (every backend): when the API was last read to the end, stored comment depths."""

from __future__ import annotations

from defense_news.items import Comment
from defense_news.storage import Store


def crawl(store: Store, site: str, started: str, reason: str | None, source: str | None) -> None:
    crawl_id = store.insert_crawl({"site": site, "spider": "wordpress", "started_at": started})
    store.update_crawl(crawl_id, {"finish_reason": reason, "source": source})


def test_rest_since_is_the_start_of_the_last_finished_rest_run(make_store):
    store = make_store()
    assert store.crawl_history("a").rest_since is None
    crawl(store, "a", "2026-06-01T00:00:00Z", "finished", "rest")
    crawl(store, "a", "2026-06-02T00:00:00Z", "finished", "rest")
    crawl(store, "a", "2026-06-03T00:00:00Z", "finished", "html")  # read the pages: not a REST checkpoint
    crawl(store, "a", "2026-06-04T00:00:00Z", "shutdown", "rest")  # interrupted
    crawl(store, "a", "2026-06-05T00:00:00Z", None, None)  # killed
    crawl(store, "b", "2026-06-06T00:00:00Z", "finished", "rest")  # another site
    history = store.crawl_history("a")
    assert history.rest_since == "2026-06-02T00:00:00Z"
    assert history.resume_since == "2026-06-04T00:00:00Z"
    store.close()


def test_after_a_run_that_resumed_unfinished_ones_rest_since_is_the_first_of_their_starts(make_store):
    """A REST crawl paused and resumed from its JOBDIR read some pages in the paused run: what changed
    on them after that run's start is asked for by the next run."""
    store = make_store()
    crawl(store, "a", "2026-06-01T00:00:00Z", "finished", "rest")
    crawl(store, "a", "2026-06-02T00:00:00Z", "shutdown", None)  # paused
    crawl(store, "a", "2026-06-03T00:00:00Z", "finished", "rest")  # resumed its queue
    assert store.crawl_history("a").rest_since == "2026-06-02T00:00:00Z"
    crawl(store, "a", "2026-06-04T00:00:00Z", "finished", "rest")
    assert store.crawl_history("a").rest_since == "2026-06-04T00:00:00Z"
    crawl(store, "a", "2026-06-05T00:00:00Z", "finished", "html")
    crawl(store, "a", "2026-06-06T00:00:00Z", "rest_incomplete", None)
    crawl(store, "a", "2026-06-07T00:00:00Z", "finished", "rest")
    assert store.crawl_history("a").rest_since == "2026-06-06T00:00:00Z"
    store.close()


def test_comment_depths(make_store):
    store = make_store()
    rows = [
        Comment(comment_id=i, post_id=1, article_url="https://x.test/1/", depth=d, text="t", site=site)
        for i, d, site in ((1, 1, "a"), (2, 2, "a"), (3, 3, "b"), (4, None, "a"))
    ]
    store.upsert_comments(rows, "2026-06-01T00:00:00Z")
    assert store.comment_depths("a", [2, 1, 3, 4, 99]) == {1: 1, 2: 2}
    assert store.comment_depths("a", range(1, 1200)) == {1: 1, 2: 2}  # more ids than one query takes
    assert store.comment_depths("b", []) == {}
    store.close()
