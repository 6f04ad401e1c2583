"""Removals marked, never deleted; live rows, windows and counts (issue 20), on every backend."""

from __future__ import annotations

from defense_news.storage import WriteCounts
from tests.storage.test_store import SEEN, article, comment

LATER = "2026-07-01T00:00:00Z"


def removed(store, table: str, key: str) -> dict:
    return dict(store._read(f"SELECT {key}, removed_at FROM {table} ORDER BY {key}", {}))


def test_removed_rows_stay_with_the_time_noticed_and_come_back_when_seen_again(make_store):
    store = make_store()
    store.upsert_articles([article(1), article(2), article(3)], SEEN)
    store.upsert_comments([comment(5), comment(6)], SEEN)
    assert store.remove_articles("a", LATER, post_ids=[1], urls=["https://example.test/2/"]) == 2
    assert store.remove_comments("a", LATER, [5, 99]) == 1  # an id never stored marks nothing
    # Marked again later: the first time noticed stays, and nothing is counted twice.
    assert store.remove_articles("a", "2026-07-02T00:00:00Z", post_ids=[1]) == 0
    assert removed(store, "articles", "post_id") == {1: LATER, 2: LATER, 3: None}
    assert removed(store, "comments", "comment_id") == {5: LATER, 6: None}
    assert store.count("articles", "a") == 3  # never deleted
    assert (store.live_count("articles", "a"), store.live_count("comments", "a")) == (1, 1)
    # Seen again (unchanged or edited): live again, and counted as restored.
    assert store.upsert_articles([article(1), article(2, title="Edited")], LATER) == WriteCounts(
        updated=1, unchanged=1, restored=2
    )
    assert store.upsert_comments([comment(5), comment(6)], LATER) == WriteCounts(unchanged=2, restored=1)
    assert removed(store, "articles", "post_id") == {1: None, 2: None, 3: None}
    assert removed(store, "comments", "comment_id") == {5: None, 6: None}


def test_removals_are_per_site(make_store):
    store = make_store()
    store.upsert_articles([article(1, site="a"), article(1, site="b")], SEEN)
    store.upsert_comments([comment(5, site="a"), comment(5, site="b")], SEEN)
    store.remove_articles("b", LATER, post_ids=[1])
    store.remove_comments("b", LATER, [5])
    assert (store.live_count("articles", "a"), store.live_count("articles", "b")) == (1, 0)
    assert (store.live_count("comments", "a"), store.live_count("comments", "b")) == (1, 0)


def test_live_ids_and_counts_of_a_date_window(make_store):
    store = make_store()
    store.upsert_articles(
        [
            article(1, "2026-06-01T00:00:00Z"),
            article(2, "2026-06-10T00:00:00Z"),
            article(3, "2026-06-20T00:00:00Z"),
            article(None, "2026-06-15T00:00:00Z", url="https://example.test/no-id/"),
        ],
        SEEN,
    )
    comments = [comment(i) for i in (5, 6, 7)]
    for c, day in zip(comments, ("01", "10", "20"), strict=True):
        c.posted_at = f"2026-06-{day}T00:00:00Z"
    other = comment(8)
    other.post_id, other.article_url = 2, "https://example.test/2/"
    store.upsert_comments([*comments, other], SEEN)
    store.remove_articles("a", LATER, post_ids=[3])
    store.remove_comments("a", LATER, [7])
    assert store.live_post_ids("a") == {1, 2}  # the one without a post id is left out
    assert store.live_post_ids("a", published_after="2026-06-01T00:00:00Z") == {2}  # bounds are exclusive
    assert store.live_post_ids("a", published_before="2026-06-10T00:00:00Z") == {1}
    assert store.live_comment_ids("a") == {5, 6, 8}
    assert store.live_comment_ids("a", posted_after="2026-06-05T00:00:00Z") == {6}  # 8 has no posted_at
    assert store.live_comment_ids("a", post_ids=[2]) == {8}
    assert store.live_comment_ids("a", post_ids=[]) == set()
    # By article URL, as the page walk knows a thread (issue 20: comments gone from its pages).
    assert store.live_comment_ids("a", article_urls=["https://example.test/1/"]) == {5, 6}
    assert store.live_comment_ids("a", article_urls=["https://example.test/nowhere/"]) == set()
    assert store.live_comment_ids("a", post_ids=[2], article_urls=["https://example.test/1/"]) == {5, 6, 8}
    assert store.live_count("articles", "a", after="2026-06-05T00:00:00Z") == 2  # 2 and the one without an id
    assert store.live_count("comments", "a", after="2026-06-01T00:00:00Z", before="2026-06-30T00:00:00Z") == 1


def test_recount_sets_live_comments_and_leaves_the_content_hash_alone(make_store):
    store = make_store()
    url = "https://example.test/1/"
    store.upsert_articles([article(1, comment_count=1), article(2), article(3, comment_count=0)], SEEN)
    store.upsert_comments([comment(5), comment(6), comment(7)], SEEN)  # all three of article 1
    store.remove_comments("a", LATER, [7])
    assert store.recount_comments("a", [url, "https://example.test/3/", "https://example.test/nowhere/"]) == 1
    # only_counted: article 2 was stored without a count (its thread never read): left NULL.
    assert store.recount_comments("a", ["https://example.test/2/"], only_counted=True) == 0
    rows = dict(store._read("SELECT post_id, comment_count FROM articles", {}))
    assert rows == {1: 2, 2: None, 3: 0}
    # A new comment is no edit of the article: the next run reading the page as before finds it
    # unchanged (and the count stays the live one).
    assert store.upsert_articles([article(1, comment_count=1)], LATER) == WriteCounts(unchanged=1)
    assert store.recount_comments("a", [url]) == 0
    assert dict(store._read("SELECT post_id, comment_count FROM articles", {}))[1] == 2


def test_a_recount_and_a_later_listing_with_that_count_agree(make_store):
    # Reconciliation restores a comment of an article the same run stored with one: the recount
    # makes it 2. The next REST run lists the post with the live comments it knows (2), nothing
    # else changed on the site: unchanged, not "updated" (a quiet site shows 0 updated).
    store = make_store()
    url = "https://example.test/1/"
    store.upsert_articles([article(1, comment_count=1)], SEEN)
    store.upsert_comments([comment(5), comment(6)], SEEN)
    assert store.recount_comments("a", [url]) == 1
    assert store.upsert_articles([article(1, comment_count=2)], LATER) == WriteCounts(unchanged=1)
    # Either count read again leaves the row as the recount made it.
    assert store.upsert_articles([article(1, comment_count=1)], LATER) == WriteCounts(unchanged=1)
    assert dict(store._read("SELECT post_id, comment_count FROM articles", {}))[1] == 2
    # An edit is still one.
    assert store.upsert_articles([article(1, title="Edited", comment_count=2)], LATER) == WriteCounts(updated=1)


def test_the_pipeline_marks_removals_and_recounts_threads_read_whole(make_store):
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from defense_news.pipelines.store import StorePipeline

    store = make_store()
    stats = MemoryStatsCollector(get_crawler())
    pipeline = StorePipeline(store, "a", stats=stats)
    pipeline.run_started = SEEN
    for item in (article(1, comment_count=0), comment(5), comment(6), comment(7)):
        pipeline.process_item(item)
    # A second article whose thread lost a page: its count stays as the page stated it.
    lost = article(2, comment_count=7)
    other = comment(8)
    other.post_id, other.article_url = 2, lost.url
    for item in (lost, other):
        pipeline.process_item(item)
    pipeline.thread_incomplete(lost.url, 2, lost.url + "comment-page-2/", "HTTP 503")
    pipeline.records_removed("comments", ids=[7], reason="trashed")
    pipeline.records_removed("articles", ids=[3], urls=[], reason="never stored: nothing marked")
    pipeline.close_spider()
    counts = dict(store._read("SELECT post_id, comment_count FROM articles", {}))
    assert counts == {1: 2, 2: 7}  # two live comments of 1 stored; 2's thread not read whole
    assert removed(store, "comments", "comment_id")[7] is not None
    got = {k.removeprefix("defense_news/sqlite/"): v for k, v in stats.get_stats().items()}
    assert (got["comments_removed"], got["articles_removed"], got["comment_counts_recounted"]) == (1, 0, 1)
    # The next run sees comment 7 again (approved back): live again, counted restored, thread recounted.
    pipeline = StorePipeline(store, "a", stats=stats)
    pipeline.run_started = LATER
    pipeline.process_item(comment(7))
    pipeline.close_spider()
    assert dict(store._read("SELECT post_id, comment_count FROM articles", {}))[1] == 3
    assert stats.get_value("defense_news/sqlite/comments_restored") == 1
