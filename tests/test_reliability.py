"""Retries, a dead site, oversized and non-HTML answers, and a database that cannot take writes."""

from __future__ import annotations

import itertools
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.items import Article
from defense_news.replica import serve
from tests.faults import FaultPlan, serve_faults
from tests.helpers import SITES, crawl

STOCK = SITES / "wp-tt3"
ROOT = Path(__file__).resolve().parent.parent
MILITARY = "/category/military/"
ARTICLE = "/2024/10/drones-ukraine-lessons-army/"
QUIET = {"mix": {}}  # no random faults: only the ones a test names


def _stored_urls(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {url for (url,) in conn.execute("select url from articles")}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- retries -------------------------------------------------------------------


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_429_waits_for_retry_after(tmp_path):
    plan = FaultPlan(first={MILITARY: "http_429"}, retry_after="1", **QUIET)
    with serve_faults(STOCK, plan) as server:
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": "", "DEFENSE_NEWS_RETRY_AFTER_MAX": 5},
            base_url=server.base_url,
            categories="military",
            max_pages="1",
        )
        first, second = server.times(MILITARY)
    assert second - first >= 0.95
    assert result.stats["defense_news/retry/backoff_count"] == 1
    assert len(result.of(Article)) == 2  # 15 and 12; 14 is password-protected


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_503_without_retry_after_backs_off_exponentially(tmp_path, caplog):
    plan = FaultPlan(always={MILITARY: "http_503"}, retry_after="", **QUIET)
    with serve_faults(STOCK, plan) as server:
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": "", "RETRY_TIMES": 3, "DEFENSE_NEWS_RETRY_BACKOFF_BASE": 0.1},
            base_url=server.base_url,
            categories="military",
        )
        times = server.times(MILITARY)
    # Bounded: one try and three retries, then the listing is reported failed.
    assert len(times) == 4
    gaps = [b - a for a, b in itertools.pairwise(times)]
    for gap, wanted in zip(gaps, (0.1, 0.2, 0.4), strict=True):
        assert gap >= wanted * 0.9
    assert result.stats["defense_news/listing_failed"] == 1
    # Named by its status, not Scrapy's "Ignoring non-200 response".
    failed = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Listing ")]
    assert failed == [f"Listing {server.base_url}category/military/ failed: HTTP 503"]
    # The one listing asked for never answered: the run found no article where it looked, which a
    # scheduler must hear of (issue 22: it used to end "finished", exit status 0).
    assert result.stats["finish_reason"] == "articles_not_found"


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_retry_after_beyond_the_cap_is_given_up_at_once(tmp_path, caplog):
    # The server asks for an hour; we wait at most 0.3 s. Retrying after 0.3 s (three times) is
    # neither polite nor useful: the listing fails at its first answer, named with the value.
    plan = FaultPlan(always={MILITARY: "http_429"}, retry_after="3600", **QUIET)
    with serve_faults(STOCK, plan) as server, caplog.at_level(logging.INFO):
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": "", "RETRY_TIMES": 3, "DEFENSE_NEWS_RETRY_AFTER_MAX": 0.3},
            base_url=server.base_url,
            categories="military",
        )
        times = server.times(MILITARY)
    assert len(times) == 1
    assert result.stats["defense_news/retry/retry_after_too_long"] == 1
    assert "defense_news/retry/backoff_count" not in result.stats
    assert result.stats["defense_news/listing_failed"] == 1
    said = [r.getMessage() for r in caplog.records if "Retry-After" in r.getMessage()]
    assert said == [
        f"{server.base_url}category/military/ answered 429 with Retry-After 3600 (3600 s), "
        "beyond DEFENSE_NEWS_RETRY_AFTER_MAX (0.3 s): not retried"
    ]


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_retry_after_beyond_the_cap_on_many_urls_is_one_warning_and_a_count(tmp_path, caplog):
    # A site asking every article to wait an hour: one WARNING naming the first URL and its value,
    # INFO for the others, their count at the end (it was one WARNING per URL).
    articles = [ARTICLE, "/2024/09/submarine-readiness-briefing/", "/2024/12/arctic-great-power-arena/"]
    plan = FaultPlan(always=dict.fromkeys(articles, "http_429"), retry_after="3600", **QUIET)
    with serve_faults(STOCK, plan) as server, caplog.at_level(logging.INFO):
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": "", "DEFENSE_NEWS_RETRY_AFTER_MAX": 0.3}, base_url=server.base_url, rest="0"
        )
        tries = [len(server.times(path)) for path in articles]
    assert tries == [1, 1, 1]
    assert result.stats["defense_news/retry/retry_after_too_long"] == 3
    said = [(r.levelno, r.getMessage()) for r in caplog.records if "DEFENSE_NEWS_RETRY_AFTER_MAX" in r.getMessage()]
    assert [level for level, _ in said] == [logging.WARNING, logging.INFO, logging.INFO, logging.WARNING]
    first = said[0][1].split(" answered 429 with Retry-After 3600 (3600 s)")[0]
    assert first in {server.base_url + path.lstrip("/") for path in articles}
    assert said[-1][1] == (
        "3 answers asked to wait beyond DEFENSE_NEWS_RETRY_AFTER_MAX (0.3 s), the first "
        f"{first} (Retry-After 3600): not retried; the next run fetches them again"
    )


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_pages_robots_txt_refuses_are_said_once_for_the_run(tmp_path, caplog):
    # robots.txt closes one of the two categories: the run goes on with the other, and says once
    # what robots.txt refused instead of an ERROR for the listing (or for each article).
    closed = tmp_path / "site"
    closed.mkdir()
    (closed / "robots.txt").write_text("User-agent: *\nDisallow: /category/politics/\n")
    with serve([closed, STOCK]) as site, caplog.at_level(logging.INFO):
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": ""}, base_url=site.base_url, categories="military,politics", rest="0"
        )
    assert result.stats["finish_reason"] == "finished"
    assert result.of(Article)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "robots.txt" in r.getMessage()]
    assert said == [f"robots.txt of {site.base_url} disallowed 1 of the requests this run made: not fetched"]


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_comment_pages_robots_txt_refuses_are_not_marked_incomplete(tmp_path, caplog):
    # "Disallow: /*/comment-page-" (common in SEO set-ups): an ERROR per thread and a thread marked
    # incomplete, fetched again by every next run and refused again, was the site's choice.
    closed = tmp_path / "site"
    closed.mkdir()
    (closed / "robots.txt").write_text("User-agent: *\nDisallow: /*/comment-page-\n")
    db = tmp_path / "news.db"
    with serve([closed, STOCK]) as site, caplog.at_level(logging.INFO):
        result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, base_url=site.base_url, rest="0")
    assert result.stats["finish_reason"] == "finished"
    assert result.stats["robotstxt/forbidden"] >= 1
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert "defense_news/incomplete_threads" not in result.stats
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from incomplete_threads").fetchone() == (0,)
    assert any("not fetched: robots.txt disallows it" in r.getMessage() for r in caplog.records)


def test_retry_after_header_forms():
    from defense_news.downloadermiddlewares import retry_after_seconds

    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after_seconds(b"") is None
    # Latin-1 '\xb2' is '²', a digit to str.isdigit(): no number of seconds, so the back-off applies.
    assert retry_after_seconds(b"\xb2") is None


@deferred_f_from_coro_f
async def test_retry_after_is_read_once_per_answer(monkeypatch):
    """The value judged against the cap is the one waited: an HTTP date read twice is two waits."""
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from defense_news import downloadermiddlewares
    from tests.helpers import project_settings_dict

    read: list[object] = []
    parse = downloadermiddlewares.retry_after_seconds

    def counted(value):
        read.append(value)
        return parse(value)

    monkeypatch.setattr(downloadermiddlewares, "retry_after_seconds", counted)
    crawler = get_crawler(Spider, project_settings_dict(DEFENSE_NEWS_RETRY_AFTER_MAX=5))
    crawler.spider = Spider.from_crawler(crawler, name="retry")
    middleware = downloadermiddlewares.PoliteRetryMiddleware.from_crawler(crawler)
    request = Request("http://127.0.0.1:9/category/military/")
    for value in (b"0", b"3600"):
        response = HtmlResponse(request.url, status=429, headers={"Retry-After": value}, body=b"", request=request)
        await middleware.process_response(request, response)
    assert read == [b"0", b"3600"]


# -- a site that is down -----------------------------------------------------------


@pytest.mark.e2e
def test_unreachable_site_exits_non_zero_quickly(tmp_path):
    """`scrapy crawl` as a scheduler runs it: nothing listens on the port."""
    started = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "19fortyfive",
            "-a",
            f"base_url=http://127.0.0.1:{_closed_port()}/",
            "-s",
            f"DEFENSE_NEWS_SQLITE_PATH={tmp_path / 'news.db'}",
            "-s",
            "TELNETCONSOLE_ENABLED=False",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    elapsed = time.monotonic() - started
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "Site unreachable" in proc.stderr
    assert "Crawl failed: site_unreachable" in proc.stderr
    assert "(site_unreachable)" in proc.stderr
    assert elapsed < 30


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_silent_site_stops_after_a_few_timeouts(tmp_path):
    """A host that accepts connections and never answers: a few timeouts, not 40 of them."""
    with socket.socket() as blackhole:
        blackhole.bind(("127.0.0.1", 0))
        blackhole.listen(100)
        port = blackhole.getsockname()[1]
        started = time.monotonic()
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": "", "DOWNLOAD_TIMEOUT": 0.5, "DEFENSE_NEWS_UNREACHABLE_AFTER": 3},
            base_url=f"http://127.0.0.1:{port}/",
        )
        elapsed = time.monotonic() - started
    assert result.stats["finish_reason"] == "site_unreachable"
    assert result.stats["defense_news/site_unreachable"] is True
    assert elapsed < 10


# -- size and type limits ------------------------------------------------------------


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_oversized_page_is_cut_off_and_named(tmp_path, caplog):
    plan = FaultPlan(always={ARTICLE: "huge"}, huge_size=2_000_000, **QUIET)
    with serve_faults(STOCK, plan) as server, caplog.at_level(logging.INFO):
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": "", "DOWNLOAD_MAXSIZE": 1_000_000, "DOWNLOAD_WARNSIZE": 500_000},
            base_url=server.base_url,
            categories="military",
            max_pages="1",
        )
    assert {a.url for a in result.of(Article)} == {
        server.origin + "/2024/07/hypersonic-missiles-hype-reality/",
    }  # 14 is protected, 15 too big
    assert result.stats["defense_news/failed/article"] == 1
    assert any(
        "Article not stored" in r.getMessage() and ARTICLE in r.getMessage() and "max size" in r.getMessage().lower()
        for r in caplog.records
    ), [r.getMessage() for r in caplog.records if "Article" in r.getMessage()]


NOT_HTML = ["garbage", "empty", "garbage_as_html", "image", "pdf", "feed", "json"]


@pytest.mark.parametrize("fate", NOT_HTML)
@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_non_html_answer_to_an_article_is_retried_then_named_as_failed(fate, tmp_path, caplog):
    """A 200 that is no page (a CDN or proxy hiccup) is retried like a truncated page, then failed."""
    plan = FaultPlan(always={ARTICLE: fate}, **QUIET)
    with serve_faults(STOCK, plan) as server, caplog.at_level(logging.INFO):
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": "", "RETRY_TIMES": 2},
            base_url=server.base_url,
            categories="military",
            max_pages="1",
        )
        attempts = server.attempts[ARTICLE]
    assert attempts == 3  # one try and RETRY_TIMES retries
    assert result.stats["defense_news/not_html"] == 3
    assert result.stats["defense_news/failed/article"] == 1
    assert {a.url for a in result.of(Article)} == {server.origin + "/2024/07/hypersonic-missiles-hype-reality/"}
    failed = [r.getMessage() for r in caplog.records if "Article not stored" in r.getMessage()]
    assert len(failed) == 1
    assert ARTICLE in failed[0]
    assert "not HTML" in failed[0]
    assert result.stats.get("spider_exceptions/count", 0) == 0


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_non_html_hiccup_is_retried_and_the_article_stored():
    plan = FaultPlan(first={ARTICLE: "garbage"}, **QUIET)
    with serve_faults(STOCK, plan) as server:
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": ""}, base_url=server.base_url, categories="military", max_pages="1"
        )
    assert result.stats["defense_news/not_html"] == 1
    assert server.origin + ARTICLE in {a.url for a in result.of(Article)}
    assert result.stats.get("defense_news/failed/article", 0) == 0


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_article_failed_on_non_html_is_fetched_by_the_next_run(tmp_path):
    db = tmp_path / "news.db"
    settings = {"DEFENSE_NEWS_SQLITE_PATH": str(db), "RETRY_TIMES": 1}
    with serve_faults(STOCK, FaultPlan(always={ARTICLE: "garbage"}, **QUIET), port=0) as server:
        port = server.server_address[1]
        await crawl(settings, base_url=server.base_url, categories="military", max_pages="1")
    assert server.origin + ARTICLE not in _stored_urls(db)
    # The CDN is healthy again: the next (incremental) run fetches the article it missed.
    with serve_faults(STOCK, FaultPlan(**QUIET), port=port) as server:
        again = await crawl(settings, base_url=server.base_url, categories="military", max_pages="1")
    assert again.stats["defense_news/crawl_mode"] == "incremental"
    assert server.origin + ARTICLE in _stored_urls(db)


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_non_html_listing_and_comment_pages_are_retried_then_named(tmp_path, caplog):
    listing = "/category/politics/page/2/"
    comment_page = "/2024/07/hypersonic-missiles-hype-reality/comment-page-2/"
    plan = FaultPlan(always={listing: "garbage", comment_page: "json"}, **QUIET)
    with serve_faults(STOCK, plan) as server, caplog.at_level(logging.INFO):
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": "", "RETRY_TIMES": 1},
            base_url=server.base_url,
            categories="military,politics",
        )
        attempts = (server.attempts[listing], server.attempts[comment_page])
    assert attempts == (2, 2)
    assert result.stats["defense_news/not_html"] == 4
    assert result.stats["defense_news/listing_failed"] == 1
    assert result.stats["defense_news/failed/comment_page"] == 1
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(listing in m and "not HTML" in m for m in messages), messages
    assert any(comment_page in m and "not HTML" in m and "marked incomplete" in m for m in messages), messages


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_soft_404_article_and_comment_page_are_named_as_failed(tmp_path, caplog):
    """WordPress's not-found page answered 200: no article, no silent empty thread; both named."""
    comment_page = "/2024/07/hypersonic-missiles-hype-reality/comment-page-2/"
    plan = FaultPlan(always={ARTICLE: "soft404", comment_page: "soft404"}, **QUIET)
    db = tmp_path / "news.db"
    with serve_faults(STOCK, plan) as server, caplog.at_level(logging.INFO):
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": str(db)}, base_url=server.base_url, categories="military", max_pages="1"
        )
    assert result.stats["defense_news/soft_404"] == 2
    assert result.stats["defense_news/failed/article"] == 1
    assert result.stats["defense_news/incomplete_threads"] == 1
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(ARTICLE in m and "soft 404" in m for m in messages), messages
    assert any(comment_page in m and "soft 404" in m and "marked incomplete" in m for m in messages), messages
    assert server.origin + ARTICLE not in _stored_urls(db)
