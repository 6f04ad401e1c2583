"""REST API, sitemaps and feeds: parsing units, replica queries and end-to-end crawls per discovery mode."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from defense_news import signals as dn_signals
from defense_news.arguments import ArgumentError, parse_arguments
from defense_news.items import Article, Comment
from defense_news.pages.feed import feed_entries
from defense_news.pages.sitemap import SitemapEntry, read_sitemap, unchanged
from defense_news.replica import query_key, running, serve
from defense_news.rest.answers import read_answer
from defense_news.rest.enrichment import ThreadRead, enrich
from defense_news.rest.records import post_facts, posts_page, rest_comments
from defense_news.rest.routes import rest_url, thread_comments_url
from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider
from tests.helpers import NOW, SITES, crawl, page, project_settings_dict, site_file
from tests.stock_truth import COMMENTS_PER_POST, PUBLIC_POSTS
from tests.wp_news import RestReplicaServer, WordPressApi

NEW_YORK = ZoneInfo("America/New_York")
API = SITES / "wp-api" / "wp-json" / "wp" / "v2"
ORIGIN = "https://www.19fortyfive.com"
COMMENTS_12 = "comments@order=asc&orderby=date_gmt&page={page}&per_page=8&post=12"


def rest_response(name: str, url: str = ORIGIN + "/wp-json/wp/v2/x") -> TextResponse:
    """A saved REST answer with the status and headers of its sidecar."""
    file = API / name
    status, headers = 200, {}
    for line in (file.parent / (file.name + ".headers")).read_text().splitlines():
        key, _, value = line.partition(":")
        if key == "Status":
            status = int(value)
        else:
            headers[key] = value.strip()
    return TextResponse(url, status=status, headers=headers, body=file.read_bytes(), request=Request(url))


# -- replica ---------------------------------------------------------------------


@pytest.mark.e2e
def test_replica_answers_queries_from_files_and_keeps_plain_paths():
    with serve([SITES / "wp-api", SITES / "wp-tt3"]) as server:
        url = server.base_url + "wp-json/wp/v2/posts?per_page=3&page=2&_embed=wp%3Aterm"
        with urllib.request.urlopen(url) as answer:
            assert answer.headers["X-WP-TotalPages"] == "4"
            assert answer.headers["Content-Type"].startswith("application/json")
            assert [p["id"] for p in json.load(answer)] == [13, 12, 11]
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(url.replace("page=2", "page=5"))
        assert error.value.code == 400
        assert json.load(error.value)["code"] == "rest_post_invalid_page_number"
        # A query with no file of its own is ignored, as before; layers fall through to wp-tt3.
        with urllib.request.urlopen(server.base_url + "feed/?utm=x") as answer:
            assert b"<rss" in answer.read()
        with urllib.request.urlopen(server.base_url + "2024/05/defense-budget-five-fights/") as answer:
            assert b'id="comment-24"' not in answer.read()  # the wp-api variant wins


def test_query_key_is_sorted_and_readable():
    assert query_key("post=11&per_page=100&_embed=wp%3Aterm") == "_embed=wp:term&per_page=100&post=11"
    assert query_key("rest_route=/wp/v2/posts") == "rest_route=%2Fwp%2Fv2%2Fposts"


# -- REST parsing ----------------------------------------------------------------


def test_rest_url_in_both_forms():
    assert thread_comments_url(ORIGIN + "/wp-json/", 12, 2, 100) == (
        ORIGIN + "/wp-json/wp/v2/comments?post=12&per_page=100&page=2&orderby=date_gmt&order=asc"
    )
    assert rest_url(ORIGIN + "/?rest_route=/", "wp/v2/posts/7") == ORIGIN + "/?rest_route=%2Fwp%2Fv2%2Fposts%2F7"


def test_posts_page_and_past_last_page():
    answer = read_answer(rest_response("posts@_embed=wp:term&page=1&per_page=3"))
    assert answer.ok
    assert answer.total_pages == 4
    assert answer.total == 10
    posts = posts_page(answer)
    assert [p.post_id for p in posts] == [16, 15, 14]
    assert posts[0].published_at == "2024-12-11T00:05:00Z"  # date_gmt has no Z: it is UTC
    assert posts[0].tags == ["China", "NATO", "Russia"]
    past = read_answer(rest_response("posts@_embed=wp:term&page=5&per_page=3"))
    assert past.past_last_page
    assert not past.blocked
    assert posts_page(past) == []


@pytest.mark.parametrize(
    ("status", "content_type", "body", "blocked"),
    [
        (404, "text/html", b"<html><body>Not Found</body></html>", True),
        (200, "text/html", b"<!DOCTYPE html><html></html>", True),
        (401, "application/json", b'{"code":"rest_cannot_access","data":{"status":401}}', True),
        (403, "application/json", b'{"code":"rest_forbidden","data":{"status":403}}', True),
        (429, "application/json", b'{"code":"too_many_requests"}', True),
        (404, "application/json", b'{"code":"rest_no_route","data":{"status":404}}', True),
        (404, "application/json", b'{"code":"rest_post_invalid_id","data":{"status":404}}', False),
    ],
)
def test_blocked_api_is_recognised(status, content_type, body, blocked):
    response = TextResponse(
        ORIGIN + "/wp-json/wp/v2/posts/7", status=status, body=body, headers={"Content-Type": content_type}
    )
    answer = read_answer(response)
    assert bool(answer.blocked) is blocked
    assert not answer.ok


def test_enrich_makes_dates_exact_and_terms_complete():
    facts = post_facts(json.loads((API / "posts" / "10@_embed=wp:term").read_text()))
    html = Article(
        url=ORIGIN + "/2024/04/b-21-raider-matters/",
        post_id=10,
        published_at="2024-04-09",
        modified_at=None,
        category="Military",
        categories=["Military"],
        tags=["Air Force"],
    )
    result = enrich(html, facts, NEW_YORK)
    assert result.article.published_at == "2024-04-09T15:00:00Z"
    assert result.article.modified_at == "2024-04-10T19:20:00Z"
    assert result.article.tags == ["Air Force", "Nuclear Weapons", "R&D"]
    assert result.refined == ["published_at"]
    assert result.disagreements == []  # the page showing fewer tags is not a disagreement
    assert "tags" in result.taken
    # A term REST does not know is one (REST kept).
    odd = enrich(Article(post_id=10, tags=["Air Force", "Hypersonics"]), facts, NEW_YORK)
    assert odd.disagreements == [("tags", ["Air Force", "Hypersonics"], ["Air Force", "Nuclear Weapons", "R&D"])]
    # A differing exact time is a disagreement; REST wins.
    wrong = enrich(Article(post_id=10, published_at="2024-04-09T16:00:00Z"), facts, NEW_YORK)
    assert wrong.article.published_at == "2024-04-09T15:00:00Z"
    assert ("published_at", "2024-04-09T16:00:00Z", "2024-04-09T15:00:00Z") in wrong.disagreements


def test_terms_printed_as_slugs_match_rest_names():
    """ZoxPress names the primary category and leaves the others as post_class slugs."""
    facts = post_facts(json.loads((API / "posts" / "7@_embed=wp:term").read_text()))
    html = Article(post_id=7, category="military", categories=["military", "politics"], tags=["nato"])
    result = enrich(html, facts, NEW_YORK)
    assert result.disagreements == []
    assert result.article.categories == ["Military", "Politics & Policy"]
    assert result.article.category == "Military"
    assert result.article.tags == ["NATO", "Russia"]


def test_rest_comments_over_pages_have_parents_and_depths():
    records = []
    for number in (1, 2, 3):
        answer = read_answer(rest_response(COMMENTS_12.format(page=number)))
        assert answer.ok
        assert answer.total_pages == 3
        records += answer.data
    # Unlike posts (400), WordPress 6.1 answers an empty 200 past the last comment page.
    past = read_answer(rest_response(COMMENTS_12.format(page=4)))
    assert past.ok
    assert past.data == []
    comments = {c.comment_id: c for c in rest_comments(records, ORIGIN + "/2024/07/x/", NOW, NEW_YORK)}
    assert sorted(comments) == list(range(2, 22))  # 22 (held) and 23 (spam) are not served
    assert (comments[21].parent_id, comments[21].depth) == (20, 4)
    assert (comments[2].parent_id, comments[2].depth) == (None, 1)
    assert (comments[5].parent_id, comments[5].depth) == (4, 4)
    assert comments[16].posted_at == "2024-11-03T05:30:00Z"
    assert comments[2].author_url == "https://example.org/mharrington"
    assert comments[8].text.startswith("I’d push back")


# -- sitemaps and feeds -------------------------------------------------------------


def xml(path: str, url: str | None = None) -> XmlResponse:
    return XmlResponse(url or ORIGIN + "/" + path, body=(SITES / "wp-tt3" / path).read_bytes())


def test_sitemap_index_keeps_post_sitemaps_only():
    children, entries = read_sitemap(xml("wp-sitemap.xml"))
    assert children == [ORIGIN + "/wp-sitemap-posts-post-1.xml"]
    assert entries == []
    children, entries = read_sitemap(xml("wp-sitemap-posts-post-1.xml"))
    assert len(entries) == 10
    assert entries[0].url == ORIGIN + "/2024/01/russia-baltic-zapad-return/"


def test_yoast_sitemap_lastmod_skips_unchanged():
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://www.19fortyfive.com/2024/04/b-21-raider-matters/</loc>"
        b"<lastmod>2024-04-10T19:20:00+00:00</lastmod></url></urlset>"
    )
    _, entries = read_sitemap(XmlResponse(ORIGIN + "/post-sitemap.xml", body=body))
    assert entries == [
        SitemapEntry(ORIGIN + "/2024/04/b-21-raider-matters/", datetime(2024, 4, 10, 19, 20, tzinfo=UTC))
    ]
    assert unchanged(entries[0], "2024-04-10T19:20:00Z")
    assert not unchanged(entries[0], "2024-04-09T15:00:00Z")
    assert not unchanged(entries[0], None)


def urlset(*parts: str) -> XmlResponse:
    body = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    return XmlResponse(ORIGIN + "/post-sitemap.xml", body=(body + "".join(parts) + "</urlset>").encode())


def sitemap_urls(first: int, last: int) -> str:
    return "".join(f"<url><loc>{ORIGIN}/2024/05/post-{n}/</loc></url>" for n in range(first, last))


@pytest.mark.parametrize(
    "between",
    [
        "<x>" * 300 + "</x>" * 300,  # an extension nested past 256 levels
        f"<url><loc>{ORIGIN}/2024/05/big/</loc><caption>{'a' * 11_000_000}</caption></url>",  # a text past 10 MB
    ],
)
def test_a_sitemap_past_libxml2s_default_limits_is_read_whole(caplog, between):
    """Before: Scrapy's parser (no huge_tree) ended the file there, without a word: 3 of the 6 posts."""
    counted: list[str] = []
    with caplog.at_level(logging.WARNING):
        _, entries = read_sitemap(urlset(sitemap_urls(0, 3), between, sitemap_urls(3, 6)), counted.append)
    posts = [e.url for e in entries if "/post-" in e.url]
    assert posts == [f"{ORIGIN}/2024/05/post-{n}/" for n in range(6)]
    assert (counted, caplog.records) == ([], [])


def test_a_sitemap_nested_past_2048_levels_is_read_up_to_there_and_named(caplog):
    counted: list[str] = []
    with caplog.at_level(logging.WARNING):
        _, entries = read_sitemap(
            urlset(sitemap_urls(0, 3), "<x>" * 3_000 + "</x>" * 3_000, sitemap_urls(3, 6)), counted.append
        )
    assert [e.url for e in entries] == [f"{ORIGIN}/2024/05/post-{n}/" for n in range(3)]
    assert counted == ["sitemap/parser_limit"]
    assert [r.getMessage() for r in caplog.records] == [
        f"Parser limit on sitemap {ORIGIN}/post-sitemap.xml: Excessive depth in document: 2048; "
        "3 entries read before it, the rest of the file lost"
    ]


def test_a_sitemap_loc_that_is_no_url_is_left_out_and_named(caplog):
    """Before: urljoin's ValueError on the malformed IPv6 host ended the callback with a traceback."""
    counted: list[str] = []
    with caplog.at_level(logging.WARNING):
        _, entries = read_sitemap(
            urlset(sitemap_urls(0, 1), "<url><loc>http://[::1/x/</loc></url>", sitemap_urls(1, 2)), counted.append
        )
    assert [e.url for e in entries] == [f"{ORIGIN}/2024/05/post-{n}/" for n in range(2)]
    assert counted == ["sitemap/bad_loc"]
    assert [r.getMessage() for r in caplog.records] == [
        f"Sitemap {ORIGIN}/post-sitemap.xml: 1 <loc> that are no URL left out (the first: 'http://[::1/x/')"
    ]


def test_feed_entries_have_exact_times():
    entries = feed_entries(xml("feed/index.xml", ORIGIN + "/feed/"))
    assert len(entries) == 10
    assert entries[0].url == ORIGIN + "/2024/12/arctic-great-power-arena/"
    assert entries[0].published_at == datetime(2024, 12, 11, 0, 5, tzinfo=UTC)


# -- arguments ------------------------------------------------------------------------


def test_discovery_and_rest_arguments():
    args = parse_arguments(
        base_url=None,
        default_base_url=ORIGIN + "/",
        categories=None,
        max_pages=None,
        since=None,
        discovery=" Sitemap",
        rest="0",
    )
    assert (args.discovery, args.rest) == ("sitemap", False)
    with pytest.raises(ArgumentError, match="discovery"):
        parse_arguments(
            base_url=None, default_base_url=ORIGIN + "/", categories=None, max_pages=None, since=None, discovery="rss"
        )
    with pytest.raises(ArgumentError, match="rest"):
        parse_arguments(
            base_url=None, default_base_url=ORIGIN + "/", categories=None, max_pages=None, since=None, rest="maybe"
        )


# -- end to end ------------------------------------------------------------------------


def per_post(comments: list[Comment]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for c in comments:
        counts[c.post_id] = counts.get(c.post_id, 0) + 1
    return counts


@pytest.mark.parametrize("discovery", ["categories", "sitemap", "feed", "api"])
@deferred_f_from_coro_f
async def test_every_discovery_mode_stores_the_same_records(api_site, tmp_path, discovery):
    db = tmp_path / "news.db"
    # per_page=3 makes the api mode walk 4 pages of posts.
    settings = {"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_REST_PER_PAGE": 3}
    before = len(api_site.requests)
    # The page walk and its enrichment (source=auto would read the API itself: tests/test_sources.py).
    result = await crawl(settings, base_url=api_site.base_url, discovery=discovery, source="html")
    articles = {a.post_id: a for a in result.of(Article)}
    assert set(articles) == PUBLIC_POSTS
    assert per_post(result.of(Comment)) == COMMENTS_PER_POST
    stats = result.stats
    assert stats.get("log_count/ERROR", 0) == 0
    assert "defense_news/rest/blocked" not in stats
    assert stats["defense_news/rest/enriched"] == len(PUBLIC_POSTS)
    # Post 11's page hides its closed thread: the three comments come from REST, threaded.
    assert stats["defense_news/source/rest/comments"] == 3
    rest_thread = {c.comment_id: (c.parent_id, c.depth) for c in result.of(Comment) if c.post_id == 11}
    assert rest_thread == {24: (None, 1), 25: (24, 2), 26: (None, 1)}
    # Post 15's page gives a day only: REST makes it exact (in feed mode the feed's pubDate
    # already did, before REST answered; REST then agrees).
    assert articles[15].published_at == "2024-10-01T11:30:00Z"
    assert articles[15].published_at_source == "rest"
    assert stats.get("defense_news/rest/refined/published_at", 0) == (0 if discovery == "feed" else 1)
    assert articles[10].modified_at == "2024-04-10T19:20:00Z"
    assert articles[7].categories == ["Military", "Politics & Policy"]
    if discovery != "categories":
        assert stats[f"defense_news/discovered/{discovery}"] >= len(PUBLIC_POSTS)
        assert stats.get("defense_news/listing_pages", 0) == 0
    api_requests = [p for p in api_site.requests[before:] if "/wp-json/" in p]
    assert len(api_requests) == len(set(api_requests))  # nothing asked twice
    # robots.txt once: Scrapy's RobotsTxtMiddleware's answer serves discovery=sitemap's reading too.
    assert api_site.requests[before:].count("/robots.txt") == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == len(PUBLIC_POSTS)
        assert conn.execute("select count(*) from comments").fetchone()[0] == sum(COMMENTS_PER_POST.values())
        assert conn.execute("select published_at from articles where post_id = 15").fetchone() == (
            "2024-10-01T11:30:00Z",
        )
        assert conn.execute("select parent_id, depth from comments where comment_id = 25").fetchone() == (24, 2)


@deferred_f_from_coro_f
async def test_rest_switch_off_makes_no_api_request(api_site, tmp_path):
    before = len(api_site.requests)
    result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": ""}, base_url=api_site.base_url, discovery="feed", rest="0")
    assert not [p for p in api_site.requests[before:] if "/wp-json/" in p]
    articles = {a.post_id: a for a in result.of(Article)}
    assert set(articles) == PUBLIC_POSTS
    # the page's day, made exact by the feed's pubDate (wp-expected.md: 2024-10-01T11:30:00Z)
    assert (articles[15].published_at, articles[15].published_at_source) == ("2024-10-01T11:30:00Z", "feed")
    assert 11 not in per_post(result.of(Comment))  # the hidden thread stays hidden


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (
            401,
            '{"code":"rest_cannot_access","message":"Only authenticated users can access the REST API.","data":{"status":401}}',
            "application/json; charset=UTF-8",
        ),
        (429, '{"code":"too_many_requests","message":"Slow down"}', "application/json; charset=UTF-8"),
        (200, "<!DOCTYPE html><html><body>Access denied</body></html>", "text/html; charset=UTF-8"),
    ],
)
@pytest.mark.parametrize("discovery", ["categories", "api"])
@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_blocked_api_falls_back_to_html(tmp_path, caplog, status, body, content_type, discovery):
    site = RestReplicaServer([SITES / "wp-api", SITES / "wp-tt3"], WordPressApi.captured(SITES / "wp-api"))
    # Every REST request is refused this way.
    site.refuse_api_after = 0
    site.refusal_status, site.refusal_type, site.refusal_body = status, content_type, body.encode()
    # source=auto reads the API itself first (discovery=categories), and asks a 429 again after
    # its wait, as any page (tests/test_rest_faults.py); enrichment and discovery=api never retry.
    retried = status == 429 and discovery == "categories"
    settings = {"DEFENSE_NEWS_SQLITE_PATH": "", "DEFENSE_NEWS_RETRY_AFTER_MAX": 0.05}
    with running(site):
        result = await crawl(settings, base_url=site.base_url, discovery=discovery)
        api_requests = [p for p in site.requests if "/wp-json/" in p]
    assert {a.post_id for a in result.of(Article)} == PUBLIC_POSTS
    assert result.stats["defense_news/rest/blocked"]
    # Scrapy's own "Gave up retrying" line for the 429.
    assert result.stats.get("log_count/ERROR", 0) == (1 if retried else 0)
    assert result.stats.get("retry/count", 0) == (3 if retried else 0)
    if retried:
        api_requests = api_requests[3:]  # the first REST page, asked 4 times
    assert len(api_requests) == len(set(api_requests))
    # At most the requests already in flight when the first answer came; not one per article.
    assert len(api_requests) <= 8
    assert sum("REST API not usable" in r.getMessage() for r in caplog.records) == 1
    assert "defense_news/rest/enriched" not in result.stats
    if discovery == "api":
        assert result.stats["defense_news/discovery_fallback"] == "categories"


@deferred_f_from_coro_f
async def test_site_without_api_is_crawled_from_html(stock_site, tmp_path):
    result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": ""}, base_url=stock_site.base_url, categories="military")
    assert result.stats["defense_news/rest/blocked"].startswith("HTTP 404, not JSON")
    assert {a.post_id for a in result.of(Article)} == {7, 8, 10, 12, 15}  # 14 is protected


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_sitemap_skips_articles_stored_since_their_lastmod(tmp_path):
    db = tmp_path / "news.db"
    site_root = tmp_path / "yoast"
    site_root.mkdir()
    (site_root / "robots.txt").write_text("User-agent: *\nDisallow: /wp-admin/\n")  # no Sitemap line
    # A Yoast site switches WordPress's own sitemap off.
    (site_root / "wp-sitemap.xml").write_text("<html><body>Not Found</body></html>")
    (site_root / "wp-sitemap.xml.headers").write_text("Status: 404\nContent-Type: text/html\n")
    (site_root / "sitemap_index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{ORIGIN}/post-sitemap.xml</loc></sitemap>"
        f"<sitemap><loc>{ORIGIN}/category-sitemap.xml</loc></sitemap></sitemapindex>"
    )
    (site_root / "post-sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{ORIGIN}/2024/04/b-21-raider-matters/</loc><lastmod>2024-04-10T19:20:00+00:00</lastmod></url>"
        f"<url><loc>{ORIGIN}/2024/10/drones-ukraine-lessons-army/</loc><lastmod>2024-10-01T11:30:00+00:00</lastmod></url>"
        "</urlset>"
    )
    with serve([site_root, SITES / "wp-api", SITES / "wp-tt3"]) as site:
        first = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, base_url=site.base_url, discovery="sitemap")
        assert {a.post_id for a in first.of(Article)} == {10, 15}
        assert "/category-sitemap.xml" not in site.requests
        second = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, base_url=site.base_url, discovery="sitemap")
        assert second.of(Article) == []
        assert second.stats["defense_news/sitemap/unchanged_skipped"] == 2
        off = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_SITEMAP_SKIP_UNCHANGED": False},
            base_url=site.base_url,
            discovery="sitemap",
        )
        assert {a.post_id for a in off.of(Article)} == {10, 15}


@pytest.mark.e2e
def test_crawl_command_rejects_a_bad_discovery_mode():
    """`scrapy crawl` checks -a discovery/rest before starting (exit 2, one line)."""
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "19fortyfive", "-a", "discovery=rss"],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Invalid spider argument discovery='rss'" in done.stderr


# -- request graph (no network) ----------------------------------------------------------


def make_spider(**kwargs):
    crawler = get_crawler(NineteenFortyFiveSpider, project_settings_dict(DEFENSE_NEWS_SQLITE_PATH=""))
    return NineteenFortyFiveSpider.from_crawler(crawler, **kwargs)


def test_article_waits_for_its_rest_answer():
    spider = make_spider()
    out = list(spider.parse_article(page("wp-api", "/2024/05/defense-budget-five-fights/")))
    assert not [x for x in out if isinstance(x, Article | Comment)]  # thread hidden, article held
    (ask,) = [r for r in out if isinstance(r, Request) and r.callback == spider.parse_rest_post]
    assert ask.url == ORIGIN + "/wp-json/wp/v2/posts/11?_embed=wp%3Aterm"
    assert ask.meta["dont_retry"] is True
    answer = rest_response("posts/11@_embed=wp:term", ask.url)
    then = list(spider.parse_rest_post(answer, **ask.cb_kwargs))
    assert isinstance(then[0], Article)
    assert then[0].published_at == "2024-05-22T20:45:00Z"
    assert then[1].url == ORIGIN + "/wp-json/wp/v2/comments?post=11&per_page=100&page=1&orderby=date_gmt&order=asc"
    comments = rest_response("comments@order=asc&orderby=date_gmt&page=1&per_page=100&post=11", then[1].url)
    thread = list(spider.parse_rest_comments(comments, **then[1].cb_kwargs))
    assert [(c.comment_id, c.parent_id, c.depth) for c in thread] == [(24, None, 1), (25, 24, 2), (26, None, 1)]


LONG = "/2024/07/hypersonic-missiles-hype-reality/"
UNDATED = ORIGIN + "/hypersonic-missiles-hype-reality/"


def undated_page(url: str = UNDATED, split: bool = False) -> HtmlResponse:
    """wp-tt1's post 12 (July 4, 2024; 6 comments shown, 2 older comment pages) as a page that
    prints no date: its <time> removed, its URL without /2024/07/. ``split``: a <!--nextpage--> post."""
    body = site_file("wp-tt1", "/2024/07/hypersonic-missiles-hype-reality/").read_text()
    body = re.sub(r"<time[^>]*>.*?</time>", "", body.replace("/2024/07/hypersonic", "/hypersonic"))
    if split:
        link = f'<a class="post-page-numbers" href="{UNDATED}2/">2</a></div>'
        body = body.replace('<div class="entry-content">', f'<div class="entry-content">{link}', 1)
    return HtmlResponse(url, body=body, encoding="utf-8", request=Request(url))


def kinds(out: list) -> list[str]:
    """What a callback yielded: each article's URL, comment ids, each request's callback name."""
    return [
        f"article {x.published_at}" if isinstance(x, Article)
        else f"comment {x.comment_id}" if isinstance(x, Comment)
        else x.callback.__name__
        for x in out
    ]  # fmt: skip


COMMENTS_SHOWN = [f"comment {n}" for n in range(16, 22)] + ["parse_comment_page"] * 2


@pytest.mark.parametrize(("since", "kept"), [("2024-08-01", False), ("2024-07-04", True)])
def test_an_undated_page_keeps_its_comments_until_rest_dates_it(since, kept):
    """An article page dated by REST only (since=): its comments used to go out with the page,
    stored for an article REST then dated before since= and skipped."""
    spider = make_spider(since=since)
    out = list(spider.parse_article(undated_page()))
    assert kinds(out) == ["parse_rest_post", "parse_listing"]  # the REST ask, a category's listing
    answer = rest_response("posts/12@_embed=wp:term", out[0].url)
    then = list(spider.parse_rest_post(answer, **out[0].cb_kwargs))
    if kept:
        assert kinds(then) == ["article 2024-07-04T14:00:00Z", *COMMENTS_SHOWN]
    else:
        assert then == []
        assert spider.crawler.stats.get_value("defense_news/skipped/older_than_since") == 1
    assert spider.held_threads == {}


def test_an_undated_page_batched_with_an_older_rest_date_leaves_nothing():
    spider = make_spider(since="2024-08-01")
    facts = post_facts(json.loads((API / "posts/12@_embed=wp:term").read_text()))
    assert list(spider.parse_article(undated_page(), rest_facts=facts, batched=True))[:-1] == []
    assert spider.crawler.stats.get_value("defense_news/skipped/older_than_since") == 1


def test_a_split_undated_page_keeps_its_comments_until_rest_dates_it():
    spider = make_spider(since="2024-08-01")
    (body_page, _) = spider.parse_article(undated_page(split=True))
    (ask,) = spider.parse_body_page(undated_page(UNDATED + "2/"), **body_page.cb_kwargs)
    assert list(spider.parse_rest_post(rest_response("posts/12@_embed=wp:term", ask.url), **ask.cb_kwargs)) == []
    assert spider.held_threads == {}


def not_found(ask: Request) -> list:
    body = b'{"code":"rest_post_invalid_id","data":{"status":404}}'
    answer = TextResponse(ask.url, status=404, body=body, headers={"Content-Type": "application/json"}, request=ask)
    return list(ask.callback(answer, **ask.cb_kwargs))


def blocked(ask: Request) -> list:
    answer = TextResponse(
        ask.url, status=403, body=b"<html></html>", headers={"Content-Type": "text/html"}, request=ask
    )
    return list(ask.callback(answer, **ask.cb_kwargs))


def failed(ask: Request) -> list:
    failure = Failure(ConnectionRefusedError("refused"))
    failure.request = ask  # as Scrapy sets it on errbacks
    return list(ask.errback(failure))


@pytest.mark.parametrize("answer", [not_found, blocked, failed])
def test_an_undated_page_rest_cannot_date_is_kept_with_its_comments(answer):
    spider = make_spider(since="2024-08-01")
    (ask, _) = spider.parse_article(undated_page())
    assert kinds(answer(ask)) == ["article None", *COMMENTS_SHOWN]
    assert spider.held_threads == {}


def test_an_undated_page_its_listing_batch_did_not_answer_for_is_kept_with_its_comments():
    spider = make_spider(since="2024-08-01")
    out = list(spider.parse_article(undated_page(), batched=True))
    assert kinds(out) == ["article None", *COMMENTS_SHOWN, "parse_listing"]
    assert spider.crawler.stats.get_value("defense_news/rest/not_in_batch") == 1


def test_comments_held_when_a_run_paused_are_read_by_the_next_run():
    """A JOBDIR run paused between the page and its REST answer: the held page was in memory
    only, so the resumed run marks the thread incomplete (the run after reads the page again)."""
    (ask, _) = make_spider(since="2024-07-04").parse_article(undated_page())
    resumed = make_spider(since="2024-07-04")
    marked: list[tuple[str, str]] = []

    def incomplete(article_url: str, reason: str) -> None:
        marked.append((article_url, reason))

    resumed.crawler.signals.connect(incomplete, signal=dn_signals.thread_incomplete)
    then = list(resumed.parse_rest_post(rest_response("posts/12@_embed=wp:term", ask.url), **ask.cb_kwargs))
    assert kinds(then) == ["article 2024-07-04T14:00:00Z"]
    assert marked == [(UNDATED, "its comments waited for REST's date when the run was paused")]
    assert resumed.crawler.stats.get_value("defense_news/threads/held_lost_in_pause") == 1


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_page_rest_still_shows_is_kept_live_and_named_with_its_status(status, caplog):
    """The log said "answered 404" for a page answering 410 too, and nothing counted it."""
    spider = make_spider()
    url = ORIGIN + LONG
    spider.site_state.post_ids[url] = 12
    gone = HtmlResponse(url, status=status, body=b"<html></html>", request=Request(url))
    failure = Failure(HttpError(gone))
    failure.request = gone.request  # as Scrapy sets it on errbacks
    (check,) = spider.article_failed(failure)
    assert check.url == ORIGIN + "/wp-json/wp/v2/posts/12?_embed=wp%3Aterm"
    with caplog.at_level("INFO"):
        assert spider.parse_post_check(rest_response("posts/12@_embed=wp:term", check.url), **check.cb_kwargs) is None
    said = [r.getMessage() for r in caplog.records if "does not show the post gone" in r.getMessage()]
    assert said == [f"{url} answered {status}, but posts/12 does not show the post gone: kept live"]
    assert spider.crawler.stats.get_value("defense_news/removals/article_gone_not_confirmed") == 1


def test_rest_comments_follow_total_pages_then_emit_once():
    spider = make_spider()
    thread = ThreadRead.start(spider.api_root, 12, ORIGIN + "/2024/07/hypersonic-missiles-hype-reality/", {2, 3}, 8)
    (ask,) = spider.thread_requests(thread, thread.paging.ask([1]))
    emitted = []
    for number in (1, 2, 3):
        out = list(spider.parse_rest_comments(rest_response(COMMENTS_12.format(page=number)), **ask.cb_kwargs))
        if number < 3:
            (ask,) = out
            assert ask.cb_kwargs["page"] == number + 1
        else:
            emitted = out
    # The two comments the page showed are not emitted again.
    assert sorted(c.comment_id for c in emitted) == list(range(4, 22))


def test_api_mode_lists_posts_page_by_page_and_skips_protected():
    spider = make_spider(discovery="api")
    answer = rest_response("posts@_embed=wp:term&page=1&per_page=3")
    out = list(spider.parse_rest_posts(answer, page=1))
    articles = [r for r in out if r.callback == spider.parse_article]
    assert [r.url for r in articles] == [
        ORIGIN + "/2024/12/arctic-great-power-arena/",
        ORIGIN + "/2024/10/drones-ukraine-lessons-army/",
    ]
    assert articles[0].cb_kwargs["rest_facts"].post_id == 16
    assert out[-1].cb_kwargs == {"page": 2}
    last = rest_response("posts@_embed=wp:term&page=5&per_page=3")
    assert list(spider.parse_rest_posts(last, page=5)) == []


@deferred_f_from_coro_f
async def test_plain_permalink_rest_root(api_site):
    """Sites without pretty permalinks serve REST at ?rest_route=; DEFENSE_NEWS_REST_ROOT points there."""
    before = len(api_site.requests)
    settings = {"DEFENSE_NEWS_SQLITE_PATH": "", "DEFENSE_NEWS_REST_ROOT": api_site.base_url + "?rest_route=/"}
    result = await crawl(settings, base_url=api_site.base_url, categories="politics")
    assert {a.post_id for a in result.of(Article)} == {7, 9, 11, 13, 16}
    assert result.stats["defense_news/rest/enriched"] == 5
    assert result.stats["defense_news/source/rest/comments"] == 3
    assert not [p for p in api_site.requests[before:] if "/wp-json/" in p]


def test_discovery_start_requests():
    feed = make_spider(discovery="feed", categories="military,politics")
    assert [r.url for r in feed.discovery_requests()] == [
        ORIGIN + "/feed/",
        ORIGIN + "/category/military/feed/",
        ORIGIN + "/category/politics/feed/",
    ]
    sitemap = make_spider(discovery="sitemap")
    (robots,) = sitemap.discovery_requests()
    assert (robots.url, robots.callback) == (ORIGIN + "/robots.txt", sitemap.parse_robots)
    api = make_spider(discovery="api", rest="0")
    (posts,) = api.discovery_requests()
    assert posts.url == ORIGIN + "/wp-json/wp/v2/posts?_embed=wp%3Aterm&per_page=100&page=1"
    assert not api.run.rest_enabled  # listed through REST, but articles are not enriched
