"""Reconcile (issue 20 item 4) driven against the wp-news replica's API, with the stored rows
as a dictionary: the site's totals against the live rows, differences bisected by date."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from scrapy.http import TextResponse

from defense_news.items import Article, Comment
from defense_news.replica import ORIGIN
from defense_news.rest import records as rest
from defense_news.rest.answers import read_answer
from defense_news.rest.reconcile import Reconcile, Resume, resume_of
from defense_news.storage import Store
from defense_news.storage.base import read_reconciled
from defense_news.storage.state import _own_differences
from tests.test_restcrawl import api_fetch
from tests.wp_news import WordPressApi

NOW = datetime(2025, 1, 15, 12, tzinfo=UTC)
API_ROOT = ORIGIN + "/wp-json/"


class Stored:
    """The live rows a store holds, by kind: id → date (ISO UTC)."""

    def __init__(self, api: WordPressApi) -> None:
        self.rows: dict[str, dict[int, str]] = {
            "articles": {p["id"]: rest.utc(p["date_gmt"]) for p in api.posts if rest.skip_reason(p) is None},
            "comments": {c["id"]: rest.utc(c["date_gmt"]) for c in api.comments},
        }

    def ids(self, kind: str, after: str | None, before: str | None) -> set[int]:
        return {
            i
            for i, date in self.rows[kind].items()
            if (after is None or date > after) and (before is None or date < before)
        }

    def count(self, kind: str, after: str | None, before: str | None) -> int:
        return len(self.ids(kind, after, before))


class InStore:
    """The same rows in a real store, SQLite or PostgreSQL: its live counts and ids of date windows
    (the bounds, exclusive ISO times, compared as each backend compares them)."""

    SITE = "wp-news"

    def __init__(self, store: Store, stored: Stored) -> None:
        self.store = store
        articles = [
            Article(url=f"{ORIGIN}/?p={i}", post_id=i, title="T", published_at=date, site=self.SITE)
            for i, date in stored.rows["articles"].items()
        ]
        comments = [
            Comment(comment_id=i, post_id=1, article_url=ORIGIN, text="c", posted_at=date, site=self.SITE)
            for i, date in stored.rows["comments"].items()
        ]
        store.upsert_articles(articles, NOW.isoformat())
        store.upsert_comments(comments, NOW.isoformat())

    def count(self, kind: str, after: str | None, before: str | None) -> int:
        return self.store.live_count(kind, self.SITE, after, before)

    def ids(self, kind: str, after: str | None, before: str | None) -> set[int]:
        if kind == "articles":
            return self.store.live_post_ids(self.SITE, published_after=after, published_before=before)
        return self.store.live_comment_ids(self.SITE, posted_after=after, posted_before=before)


def convert(kind: str, records: list[Any], url: str) -> list[Article | Comment]:
    if kind == "articles":
        return [Article(post_id=r["id"]) for r in records if rest.skip_reason(r) is None]
    return [Comment(comment_id=r["id"]) for r in records]


def drive(
    recon: Reconcile, api: WordPressApi, totals: dict[str, int] | None = None
) -> tuple[list[Any], list[str], dict[str, set[int]]]:
    fetch = api_fetch(api)
    queue, asked, items, removed = recon.start(totals=totals), [], [], {}
    while queue:
        ask = queue.pop(0)
        asked.append(ask.url)
        status, headers, body = fetch(ask.url)
        step = recon.on_answer(
            ask.listing, ask.page, read_answer(TextResponse(ask.url, status=status, headers=headers, body=body))
        )
        items += step.items
        queue += step.asks
        for kind, ids in recon.take_removed().items():
            removed.setdefault(kind, set()).update(ids)
    assert recon.done
    return items, asked, removed


def reconcile(stored: Stored | InStore, **kwargs: Any) -> Reconcile:
    return Reconcile(API_ROOT, NOW, stored.count, stored.ids, convert, **kwargs)


def test_wordpress_own_differences_are_named_once_then_not_chased():
    api = WordPressApi.captured()
    recon = reconcile(Stored(api))
    items, asked, removed = drive(recon, api)
    assert (items, removed) == ([], {})
    record = recon.record()
    # Two password-protected posts counted by X-WP-Total; 43 approved comments on protected or
    # private posts counted and not listed.
    assert (record["articles"]["site"], record["articles"]["stored"], record["articles"]["own"]) == (238, 236, 2)
    assert (record["comments"]["site"] - record["comments"]["stored"], record["comments"]["own"]) == (43, 43)
    assert recon.left() == []
    assert len(asked) <= 40, len(asked)
    # The next run knows them: the two totals, nothing more.
    again = reconcile(Stored(api), known_own={"articles": 2, "comments": 43})
    assert drive(again, api)[1:] == (asked[:2], {})


def test_missing_and_removed_rows_are_found_in_few_requests(dataset):
    api = WordPressApi.captured()
    stored = Stored(api)
    in_sync = {"articles": 2, "comments": 43}
    missing_comments = sorted(stored.rows["comments"])[100:2400:800]  # 3 comments never stored
    missing_post = sorted(stored.rows["articles"])[50]
    for i in missing_comments:
        del stored.rows["comments"][i]
    del stored.rows["articles"][missing_post]
    stored.rows["comments"][999001] = "2024-03-01T10:00:00Z"  # gone from the site
    # The stored rows in the store a crawl uses, on each backend (issue 20 item 8).
    store = dataset.store()
    try:
        recon = reconcile(InStore(store, stored), known_own=in_sync)
        items, asked, removed = drive(recon, api)
    finally:
        store.close()
    assert {i.comment_id for i in items if isinstance(i, Comment)} == set(missing_comments)
    assert [i.post_id for i in items if isinstance(i, Article)] == [missing_post]
    assert removed == {"comments": {999001}}
    # k differences in n records: about k·log2(n/100) requests, the WordPress's own included.
    assert len(asked) <= 2 + 60, len(asked)
    assert recon.record()["comments"]["removed"] == 1


def test_the_cap_leaves_windows_named_for_the_next_run():
    api = WordPressApi.captured()
    stored = Stored(api)
    for i in sorted(stored.rows["comments"])[::300]:
        del stored.rows["comments"][i]
    recon = reconcile(stored, cap=3)
    _, asked, _ = drive(recon, api)
    assert len(asked) == 2 + 3
    assert recon.left()
    assert all("on the site" in line and "stored" in line for line in recon.left())
    assert recon.record()["comments"]["own"] is None  # not known: not relied on next run


def test_a_full_crawl_names_wordpress_own_differences_without_a_request():
    api = WordPressApi.captured()
    recon = reconcile(Stored(api))
    assert recon.start({"articles": (238, 236), "comments": (2488, 2445)}) == []
    assert recon.done
    assert (recon.outcomes["articles"].own, recon.outcomes["comments"].own) == (2, 43)
    assert recon.left() == []


def test_the_next_run_goes_on_from_the_windows_left_until_the_counts_agree():
    """A cap far below what the differences need: each run spends it where the last one stopped
    (crawls.reconciled's ``resume``), instead of on the same first windows every run."""
    api = WordPressApi.captured()
    stored = Stored(api)
    dates = {c["id"]: rest.utc(c["date_gmt"]) for c in api.comments}
    missing = sorted(stored.rows["comments"])[::300]
    for i in missing:
        del stored.rows["comments"][i]
    totals = {"articles": 238, "comments": len(api.comments) + len(api.hidden_comments)}
    record: str | None = None
    runs = 0
    while runs < 15:
        runs += 1
        recon = reconcile(stored, cap=5, known_own={"articles": 2}, resume=resume_of(record))
        items, asked, _ = drive(recon, api, totals)
        assert len(asked) <= 5, asked
        for item in items:  # what the pipeline stores
            stored.rows["comments"][item.comment_id] = dates[item.comment_id]
        record = json.dumps(recon.record())
        if not recon.left():
            break
    assert not recon.left()
    assert 3 < runs < 15, runs
    assert set(stored.rows["comments"]) == set(dates)  # every one missing found
    assert recon.record()["comments"]["own"] == 43  # the rest is WordPress's own: known now
    assert resume_of(record) == {}


def test_a_record_without_usable_windows_left_resumes_nothing():
    assert resume_of(None) == resume_of("not JSON") == resume_of("[]") == {}
    # An older release's record (no "resume"), a date that is none, a count that is none.
    assert resume_of('{"comments": {"own": null, "left": ["x"]}}') == {}
    assert resume_of('{"comments": {"own_so_far": 1, "resume": [["May", null, 3]]}}') == {}
    assert resume_of('{"comments": {"own_so_far": 1, "resume": [[null, null, "3"]]}}') == {}
    found = resume_of('{"comments": {"own_so_far": 1, "resume": [[null, "2024-01-01T00:00:00Z", 3]]}}')
    assert found["comments"].windows == [(None, "2024-01-01T00:00:00Z", 3)]


def test_the_next_run_reads_a_record_once_for_what_is_known_and_where_to_go_on():
    """crawls.reconciled has one reader (storage.base.read_reconciled): the kind read whole gives
    its own difference (the state), the kind cut short its windows (the resume), neither both."""
    record = json.dumps(
        {
            "articles": {"own": 2, "left": [], "resume": []},
            "comments": {"own": None, "own_so_far": 5, "left": ["x"], "resume": [[None, "2024-01-01T00:00:00Z", 3]]},
            "pages": 7,  # not a kind's outcome
        }
    )
    assert _own_differences(record) == {"articles": 2}
    assert resume_of(record) == {"comments": Resume(5, [(None, "2024-01-01T00:00:00Z", 3)])}
    assert read_reconciled(record).keys() == {"articles", "comments"}
    for damaged in (None, "", "{not JSON", "[1]"):
        assert _own_differences(damaged) == resume_of(damaged) == read_reconciled(damaged) == {}
