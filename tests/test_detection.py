"""A site given only by its address: time zone, category base and categories detected
(defense_news/detection.py, WordPressSpider.detect). End to end on tests/sites/wp-berlin, a real
WordPress 6.1 in Europe/Berlin with the category base "themen", against its database's values
(tests/sites/wp-berlin-expected.json, written by tests/sites/wp-berlin-capture.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.detection import (
    SiteDetection,
    category_base,
    index_timezone,
    offsets_timezone,
    page_times,
)
from defense_news.items import Article
from defense_news.replica import ReplicaServer, serve
from defense_news.rest.site import read_site_index
from defense_news.spiders.wordpress import WordPressSpider
from tests.faults import FaultPlan, serve_faults
from tests.helpers import SITES, crawl

EXPECTED = json.loads((SITES / "wp-berlin-expected.json").read_text())


@pytest.fixture
def berlin_site() -> Iterator[ReplicaServer]:
    """A server per test: its request log is the test's own."""
    with serve(SITES / "wp-berlin") as server:
        yield server


def stored(db) -> tuple[dict, dict]:
    with sqlite3.connect(db) as conn:
        articles = {row[0]: row[1:] for row in conn.execute("SELECT post_id, url, published_at FROM articles")}
        comments = {
            row[0]: row[1:] for row in conn.execute("SELECT comment_id, post_id, parent_id, posted_at FROM comments")
        }
    return articles, comments


def assert_everything_exact(db, base_url: str) -> None:
    """Every published post and approved comment, at WordPress's own UTC times; nothing hidden."""
    articles, comments = stored(db)
    assert {post_id: (url, published) for post_id, (url, published) in articles.items()} == {
        post["id"]: (base_url.rstrip("/") + post["path"], post["date_gmt"]) for post in EXPECTED["posts"]
    }
    assert comments == {c["id"]: (c["post"], c["parent"] or None, c["date_gmt"]) for c in EXPECTED["comments"]}
    assert not set(EXPECTED["hidden_comments"]) & set(comments)


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_address_only_detects_timezone_and_categories_from_rest(berlin_site, tmp_path):
    db = tmp_path / "berlin.db"
    result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, spidercls=WordPressSpider, site=berlin_site.base_url)
    stats = result.stats
    assert stats["defense_news/site/timezone"] == "Europe/Berlin"
    assert stats["defense_news/site/timezone_source"].startswith("the REST index")
    assert stats["defense_news/site/category_base"] == "themen"
    assert stats["defense_news/site/categories"] == "3"
    assert "defense_news/site/defaults" not in stats
    assert "defense_news/missing_categories" not in stats
    assert_everything_exact(db, berlin_site.base_url)
    # Rows name the site by its address (host:port).
    with sqlite3.connect(db) as conn:
        port = berlin_site.base_url.rsplit(":", 1)[1].strip("/")
        assert {a.site for a in result.items} == {f"127.0.0.1:{port}"}
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(EXPECTED["posts"])


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_without_rest_the_pages_and_sitemap_tell(berlin_site, tmp_path):
    db = tmp_path / "berlin.db"
    result = await crawl(
        {"DEFENSE_NEWS_SQLITE_PATH": str(db)}, spidercls=WordPressSpider, site=berlin_site.base_url, rest="0"
    )
    stats = result.stats
    # The home page shows three winter posts: one offset, taken as a fixed offset (and said so).
    assert stats["defense_news/site/timezone"] == "UTC+01:00"
    assert stats["defense_news/site/timezone_fixed_offset"] is True
    assert stats["defense_news/site/category_base"] == "themen"
    assert stats["defense_news/site/category_base_source"].startswith("the category sitemap")
    # The theme prints every time with its offset: still exact.
    assert_everything_exact(db, berlin_site.base_url)
    assert not any("/wp-json/" in path or "rest_route" in path for path in berlin_site.requests)


@deferred_f_from_coro_f
async def test_nothing_to_detect_uses_the_defaults_and_says_so(zox_site, caplog):
    # The ZoxPress replica: no REST API, no category sitemap, dates printed as text only.
    result = await crawl({}, spidercls=WordPressSpider, site=zox_site.base_url, max_pages="1")
    stats = result.stats
    assert stats["defense_news/site/timezone"] == "UTC"
    assert stats["defense_news/site/timezone_source"] == "default"
    assert stats["defense_news/site/defaults"] >= 1
    assert "No time zone found" in caplog.text
    assert "are read as UTC" in caplog.text


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_profile_means_no_detection_requests(berlin_site):
    # The 19fortyfive profile names its time zone and category base: nothing is asked.
    result = await crawl({}, site="19fortyfive", base_url=berlin_site.base_url, categories="heer", max_pages="1")
    assert "defense_news/site/timezone_source" in result.stats
    assert result.stats["defense_news/site/timezone_source"] == "site profile"
    assert not [path for path in berlin_site.requests if "_fields=name" in path]


def response(url: str, body: bytes, cls: type = TextResponse, status: int = 200) -> TextResponse:
    return cls(url=url, body=body, encoding="utf-8", status=status, request=Request(url))


def test_rest_index_timezone_string_then_gmt_offset():
    full = read_site_index(response("https://x.com/wp-json/", b'{"timezone_string":"Europe/Berlin","gmt_offset":1}'))
    assert index_timezone(full) == ZoneInfo("Europe/Berlin")
    # "UTC+5.5" chosen in Settings → General: no zone name, only the offset.
    offset_only = read_site_index(response("https://x.com/wp-json/", b'{"timezone_string":"","gmt_offset":5.5}'))
    assert index_timezone(offset_only).tzname(None) == "UTC+05:30"
    assert read_site_index(response("https://x.com/wp-json/", b"<html>not json</html>")) is None
    assert read_site_index(response("https://x.com/wp-json/", b'{"code":"rest_no_route"}', status=404)) is None


def test_a_rest_index_naming_no_usable_zone_is_said_so_not_called_missing():
    body = b'{"home":"https://x.com","timezone_string":"Mars/Base","gmt_offset":"abc"}'
    index = read_site_index(response("https://x.com/wp-json/", body))
    assert index_timezone(index) is None
    site = SiteDetection("https://x.com/", None, "default", "category", "https://x.com/wp-json/", [])
    site.on_index("https://x.com/wp-json/", None, "https://x.com/wp-json/", index.raw_zone)
    (warning,) = [w for w in site.settle() if w.startswith("No time zone")]
    # It used to say "no REST index" of an index that answered.
    assert warning.startswith(
        "No time zone found for https://x.com/ (the REST index names no usable zone "
        "(timezone_string 'Mars/Base', gmt_offset 'abc'), no offsets in the pages' dates)"
    )


def test_offsets_across_a_clock_change_name_a_zone_that_fits_them():
    page = response(
        "https://x.com/",
        b'<html><body><time datetime="2024-10-27T02:30:00+02:00"></time><time datetime="2024-10-27T02:30:00+01:00">'
        b'</time><time datetime="2024-07-01T12:00:00Z"></time></body></html>',
        HtmlResponse,
    )
    times = page_times(page)
    assert len(times) == 2  # "Z" is UTC as such, not the site's zone
    zone = offsets_timezone(times)
    berlin = ZoneInfo("Europe/Berlin")
    for moment in (datetime(2024, 1, 15, 9, 30), datetime(2024, 7, 1, 12), datetime(2025, 3, 30, 3, 30)):
        assert moment.replace(tzinfo=zone).utcoffset() == moment.replace(tzinfo=berlin).utcoffset()


def test_category_base_from_links():
    assert category_base(["https://x.com/topics/navy/", "https://x.com/topics/navy/subs/"]) == "topics"
    assert category_base(["https://x.com/blog/category/navy/"], "/blog/") == "category"
    # No base at all (SEO plugins strip it): nothing between the root and the slug.
    assert category_base(["https://x.com/navy/", "https://x.com/army/"]) == ""


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_plain_permalinks_site(tmp_path):
    # The same site with plain permalinks (?p=8, ?cat=2, &paged=2, &cpage=2): tests/sites/wp-berlin-plain.
    expected = json.loads((SITES / "wp-berlin-plain-expected.json").read_text())
    assert expected["options"]["permalink_structure"] == ""
    db = tmp_path / "plain.db"
    with serve(SITES / "wp-berlin-plain") as site:
        result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, spidercls=WordPressSpider, site=site.base_url)
        requests = list(site.requests)
    stats = result.stats
    assert stats["defense_news/site/permalinks"] == "plain"
    assert stats["defense_news/site/timezone"] == "Europe/Berlin"
    assert stats["defense_news/site/rest_root"].endswith("/?rest_route=/")
    articles, comments = stored(db)
    assert {post_id: tuple(values) for post_id, values in articles.items()} == {
        post["id"]: (site.base_url.rstrip("/") + post["path"], post["date_gmt"]) for post in expected["posts"]
    }
    assert comments == {c["id"]: (c["post"], c["parent"] or None, c["date_gmt"]) for c in expected["comments"]}
    # The long thread's other comment page was fetched in its plain form.
    assert "/?p=8&cpage=1" in requests


@deferred_f_from_coro_f
async def test_no_rest_index_means_enrichment_asks_no_more(zox_site, caplog):
    # source=auto on the ZoxPress replica (no REST API): the REST crawl's first answer (404 HTML)
    # and detection's two index asks (404 HTML at /wp-json/, the home page at ?rest_route=/) show
    # there is no API; enrichment then asks nothing (its listing batches used to add one request
    # per listing walked, each answered 404 again).
    before = len(zox_site.requests)
    result = await crawl({}, spidercls=WordPressSpider, site=zox_site.base_url)
    asked = [p for p in zox_site.requests[before:] if "/wp-json/" in p or "rest_route" in p]
    assert [p for p in asked if "/wp/v2/posts?slug=" in p] == []
    # The REST crawl's first page and the two index asks (before: three listing batches more).
    assert len(asked) == 3, asked
    assert result.stats["defense_news/rest/blocked"].startswith("HTTP 404, not JSON")
    warnings = [r.getMessage() for r in caplog.records if "REST API not usable" in r.getMessage()]
    assert len(warnings) == 1
    assert "no REST index" in warnings[0]
    assert len(result.of(Article)) == 23  # the page walk stores what it stored before


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_a_rest_index_answering_503_once_is_asked_again(tmp_path):
    # One transient 503 on the REST index must not make the whole run believe there is no API:
    # detection requests get the polite retries every data request gets.
    plan = FaultPlan(mix={}, first={"/wp-json/": "http_503"}, retry_after="0")
    with serve_faults(SITES / "wp-berlin", plan) as server:
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": ""},
            spidercls=WordPressSpider,
            site=server.base_url,
            source="html",
            categories="heer",
            max_pages="1",
        )
        index_attempts = server.attempts["/wp-json/"]
    stats = result.stats
    assert index_attempts == 2
    assert stats["retry/count"] == 1
    assert stats["defense_news/site/timezone"] == "Europe/Berlin"
    assert stats["defense_news/site/timezone_source"].startswith("the REST index")
    assert stats["defense_news/site/category_base"] == "themen"


def test_site_facts_pickled_before_the_wordpress_signs_still_read():
    """A paused run's SiteDetection (JOBDIR) pickled by a release without ``wordpress_seen`` and
    ``home_lacks`` unpickles without them: read as "nothing said", not an AttributeError that stops
    the resumed run."""
    import pickle

    site = SiteDetection("https://x.test/", None, "default", None, "https://x.test/wp-json/", [])
    site.on_home_unread("HTTP 404")
    assert site.no_wordpress == "home page HTTP 404"
    for name in ("wordpress_seen", "home_lacks", "sitemap_asked"):
        del site.__dict__[name]
    assert pickle.loads(pickle.dumps(site)).no_wordpress is None
