"""A ``source=rest`` crawl paused (as Ctrl-C once does) and resumed from its JOBDIR queue, on the
wp-news replica: the same database as a crawl never paused, a truthful crawl record, no page read twice.

Before the REST crawl's state went into ``spider.state``, the resumed run started a new crawl whose
first comment page the JOBDIR dupefilter dropped as seen: it read the queued comment pages, never
the posts, and ended ``rest_incomplete`` ("not read whole ()") with no article stored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from scrapy import Request, signals
from scrapy.http import Response
from scrapy.utils.defer import deferred_f_from_coro_f, deferred_from_coro
from scrapy.utils.test import get_crawler
from twisted.internet import reactor

from defense_news.dates import to_iso
from defense_news.replica import running
from defense_news.rest.crawl import CLOCK_MARGIN
from defense_news.spiders.wordpress import WordPressSpider
from tests.databases import Dataset
from tests.helpers import SITES, crawl, project_settings_dict
from tests.test_rest_faults import SETTINGS as FAULTY_SITE_SETTINGS
from tests.wp_news import RestReplicaServer, WordPressApi, serve_wp_news

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

ARTICLES, COMMENTS = 236, 2445
# Columns of a crawl record that tell what the site holds and what the store holds after it.
SUMMARY = ("source", "site_articles", "site_comments", "stored_articles", "stored_comments")


def settings(db: Path, jobdir: Path | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_TIMEZONE": "America/New_York"}
    if jobdir is not None:
        # One request at a time: the pause lands after the REST page asked for.
        values.update(JOBDIR=str(jobdir), CONCURRENT_REQUESTS=1)
    return values


class PauseAfter:
    """Stops the crawl as Ctrl-C once does (engine stop, reason ``shutdown``) once ``pages`` REST pages answered."""

    def __init__(self, crawler: Any, pages: int) -> None:
        self.crawler, self.pages, self.seen = crawler, pages, 0

    def response_received(self, response: Response, request: Request) -> None:
        if "/wp-json/" in response.url:
            self.seen += 1
            if self.seen == self.pages:
                reactor.callLater(0, deferred_from_coro, self.crawler.stop_async())


@pytest.fixture(scope="module")
def server() -> Any:
    """One replica: the same address (so the same URLs and site id) for both crawls."""
    with serve_wp_news() as server:
        yield server


def rest_pages(paths: list[str]) -> list[str]:
    return [p for p in paths if "/wp-json/" in p]


# 10 of 25 comment pages read; every comment page and the first post page read (AHEAD asked the others).
@pytest.mark.parametrize("pause_after", [10, 26], ids=["among-comments", "among-posts"])
@deferred_f_from_coro_f
async def test_a_paused_rest_crawl_resumes_to_what_an_unpaused_one_stores(server, tmp_path, caplog, pause_after):
    whole_db = tmp_path / "whole.db"
    before = len(server.requests)
    await crawl(settings(whole_db), WordPressSpider, site=server.base_url, source="rest")
    whole_pages = rest_pages(server.requests[before:])
    assert len(whole_pages) == 25 + 3

    db, jobdir = tmp_path / "resumed.db", tmp_path / "job"
    paused = get_crawler(WordPressSpider, project_settings_dict(**settings(db, jobdir)))
    pause = PauseAfter(paused, pause_after)
    paused.signals.connect(pause.response_received, signal=signals.response_received)
    before = len(server.requests)
    await paused.crawl_async(site=server.base_url, source="rest")
    assert paused.stats.get_value("finish_reason") == "shutdown"
    paused_pages = rest_pages(server.requests[before:])
    assert len(paused_pages) == pause_after  # the pause landed where asked, before the end
    caplog.clear()
    caplog.set_level("INFO", logger="defense_news")
    before = len(server.requests)
    result = await crawl(settings(db, jobdir), WordPressSpider, site=server.base_url, source="rest")
    resumed_pages = rest_pages(server.requests[before:])

    # (3) The queue went on: every REST page of the unpaused crawl read once across both runs.
    assert sorted(paused_pages + resumed_pages) == sorted(whole_pages)
    assert "Resuming the paused run's REST crawl" in caplog.text
    assert not [r for r in caplog.records if "not read whole" in r.getMessage()]

    # (1) The same rows: articles (with their comment counts), comments (with parents and depths).
    whole, resumed = Dataset(whole_db), Dataset(db)
    for table, key in (("articles", "url"), ("comments", "comment_id")):
        assert resumed.rows(table, key) == whole.rows(table, key)
    assert len(resumed.rows("articles", "url")) == ARTICLES
    assert len(resumed.rows("comments", "comment_id")) == COMMENTS

    # (2) A truthful record: the pause, then a finished REST run with the unpaused run's summary.
    assert result.stats["finish_reason"] == "finished"
    assert result.stats["defense_news/source"] == "rest"
    assert "defense_news/rest/incomplete" not in result.stats
    runs = resumed.read("SELECT * FROM crawls ORDER BY id")
    assert [(r["mode"], r["finish_reason"]) for r in runs] == [("incremental", "shutdown"), ("resume", "finished")]
    (unpaused,) = whole.read("SELECT * FROM crawls")
    assert {k: runs[-1][k] for k in SUMMARY} == {k: unpaused[k] for k in SUMMARY}
    assert (runs[-1]["stored_articles"], runs[-1]["stored_comments"]) == (ARTICLES, COMMENTS)
    assert sum(r["articles_new"] for r in runs) == unpaused["articles_new"] == ARTICLES
    assert sum(r["comments_new"] for r in runs) == unpaused["comments_new"] == COMMENTS

    # The next run asks for what changed since the paused run started (its pages were read then).
    before = len(server.requests)
    await crawl(settings(db), WordPressSpider, site=server.base_url, source="rest")
    paused_start = datetime.fromisoformat(runs[0]["started_at"].replace("Z", "+00:00"))
    after = quote(to_iso(paused_start - CLOCK_MARGIN))
    assert f"modified_after={after}" in " ".join(rest_pages(server.requests[before:]))


# The faulty REST site's short crawl settings (4 a page, 1 s timeouts, tiny back-off).
SMALL = FAULTY_SITE_SETTINGS


@pytest.mark.parametrize(("fate", "reason"), [("http_500", "rest_incomplete"), ("login", "rest_refused")])
@deferred_f_from_coro_f
async def test_the_run_after_an_unfinished_rest_crawl_reads_the_api_again_from_the_same_jobdir(tmp_path, fate, reason):
    """A REST crawl that ended without reading the API whole (a page lost, the API refusing) is not
    finished: the next run resumes its JOBDIR, whose dupefilter has seen the first pages. That run
    must ask them again and finish, not stop at once, nor (with the judged crawl taken back) judge
    the same losses again, run after run."""
    db, jobdir = tmp_path / "news.db", tmp_path / "job"
    values = {**SMALL, "DEFENSE_NEWS_SQLITE_PATH": str(db), "JOBDIR": str(jobdir)}
    with running(
        RestReplicaServer([SITES / "wp-api", SITES / "wp-tt3"], WordPressApi.captured(SITES / "wp-api"))
    ) as site:
        site.api_faults = {"wp/v2/comments?per_page=4&page=2&": [fate] * 5}
        first = await crawl(values, WordPressSpider, site=site.base_url, source="rest")
        assert first.stats["finish_reason"] == reason
        site.api_faults = {}
        before = len(site.requests)
        again = await crawl(values, WordPressSpider, site=site.base_url, source="rest")
        asked = rest_pages(site.requests[before:])
    assert again.stats["finish_reason"] == "finished"
    assert again.stats["defense_news/source"] == "rest"
    stored = Dataset(db)
    assert (len(stored.rows("articles", "url")), len(stored.rows("comments", "comment_id"))) == (9, 27)
    assert len(asked) == len(set(asked))  # no page twice
    runs = stored.read("SELECT mode, finish_reason FROM crawls ORDER BY id")
    assert [r["finish_reason"] for r in runs] == [reason, "finished"]


class PauseInReconcile:
    """Stops the crawl as Ctrl-C once does once ``answers`` reconciliation requests answered."""

    def __init__(self, crawler: Any, answers: int) -> None:
        self.crawler, self.answers, self.seen = crawler, answers, 0

    def response_received(self, response: Response, request: Request) -> None:
        if getattr(request.callback, "__name__", "") == "parse_reconcile":
            self.seen += 1
            if self.seen == self.answers:
                reactor.callLater(0, deferred_from_coro, self.crawler.stop_async())


@deferred_f_from_coro_f
async def test_a_run_paused_while_reconciling_resumes_without_error_and_finds_the_differences(tmp_path, caplog):
    """Paused among the reconciliation's requests (a late approval and two comments trashed since
    the first run): the resumed run drops the requests the paused one queued (its reconciliation
    is gone with it), counted, no traceback, and reconciles again: the approval stored, the two
    comments marked removed."""
    api = WordPressApi.captured()
    held = api.add_comment(
        api.posts[30]["id"], "Late", "Approved at last.", datetime(2023, 3, 1, 12, tzinfo=UTC), approved=False
    )
    db, jobdir = tmp_path / "news.db", tmp_path / "job"
    with serve_wp_news(api) as server:
        await crawl(settings(db), WordPressSpider, site=server.base_url, source="rest")
        api.approve_comment(held["id"])
        trashed = [c for c in api.comments if c["date_gmt"].startswith("2024-10")][:2]
        for comment in trashed:
            api.comments.remove(comment)
        paused = get_crawler(WordPressSpider, project_settings_dict(**settings(db, jobdir)))
        pause = PauseInReconcile(paused, 2)
        paused.signals.connect(pause.response_received, signal=signals.response_received)
        await paused.crawl_async(site=server.base_url, source="rest")
        assert paused.stats.get_value("finish_reason") == "shutdown"
        assert pause.seen == 2
        caplog.clear()
        result = await crawl(settings(db, jobdir), WordPressSpider, site=server.base_url, source="rest")
    assert result.stats["finish_reason"] == "finished"
    assert "spider_exceptions/AssertionError" not in result.stats
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert result.stats.get("defense_news/reconcile/stale_pages", 0) >= 1
    stored = Dataset(db)
    assert held["id"] in stored.rows("comments", "comment_id")
    gone = stored.column("SELECT comment_id, removed_at FROM comments WHERE removed_at IS NOT NULL")
    assert set(gone) == {c["id"] for c in trashed}
