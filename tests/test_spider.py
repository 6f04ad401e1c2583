"""The request graph: what the spider asks for from each kind of page (no network)."""

import subprocess
import sys
from urllib.parse import parse_qsl, urlsplit

import pytest
from scrapy import Request
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from defense_news.arguments import ArgumentError
from defense_news.items import Article, Comment
from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider
from defense_news.spiders.requests import RESUMED
from tests.helpers import ORIGIN, SITES, page, project_settings_dict
from tests.wp_news import WordPressApi

LONG = "/2024/07/hypersonic-missiles-hype-reality/"


def make_spider(**kwargs):
    crawler = get_crawler(NineteenFortyFiveSpider, project_settings_dict())
    return NineteenFortyFiveSpider.from_crawler(crawler, **kwargs)


def requests_of(results):
    return [r for r in results if isinstance(r, Request)]


def test_listing_yields_articles_then_next_page():
    spider = make_spider(categories="military", rest="0")
    out = list(spider.parse_listing(page("wp-tt3", "/category/military/"), page=1))
    urls = [r.url for r in requests_of(out)]
    assert urls == [
        ORIGIN + "/2024/10/drones-ukraine-lessons-army/",
        ORIGIN + "/2024/09/submarine-readiness-briefing/",
        ORIGIN + LONG,
        ORIGIN + "/category/military/page/2/",
    ]
    assert [r.callback for r in requests_of(out)][:3] == [spider.parse_article] * 3
    assert requests_of(out)[-1].callback == spider.parse_listing
    assert not [x for x in out if isinstance(x, Article | Comment)]


def test_listing_asks_rest_once_for_its_articles():
    """With REST on, a listing page's articles are asked for in one request (their post-<ID>
    classes), and each article request then carries its post's answer."""
    spider = make_spider(categories="military")
    out = requests_of(spider.parse_listing(page("wp-tt3", "/category/military/"), page=1))
    batch, next_page = out
    assert batch.url == (
        ORIGIN + "/wp-json/wp/v2/posts?include=12%2C14%2C15&per_page=3&_embed=author%2Cwp%3Aterm%2Cwp%3Afeaturedmedia"
    )
    assert next_page.url == ORIGIN + "/category/military/page/2/"
    # The small site's API (WordPress's answer to this very query is in tests/sites/wp-api/checks.json.xz).
    api = WordPressApi.captured(SITES / "wp-api")
    status, headers, body = api.answer("/wp/v2/posts", parse_qsl(urlsplit(batch.url).query), ORIGIN)
    answer = TextResponse(batch.url, status=status, body=body, headers=headers, request=batch)
    articles = requests_of(spider.parse_rest_batch(answer, **batch.cb_kwargs))
    assert [r.url for r in articles] == batch.cb_kwargs["urls"]
    assert [r.cb_kwargs["rest_facts"].post_id for r in articles] == [15, 14, 12]
    assert all(r.cb_kwargs["batched"] for r in articles)
    # The same articles on another listing page are not asked for again.
    assert requests_of(spider.parse_listing(page("wp-tt3", "/category/military/"), page=1))[:-1] == []


def test_max_pages_stops_pagination():
    spider = make_spider(categories="military", max_pages="1", rest="0")
    urls = [r.url for r in requests_of(spider.parse_listing(page("wp-tt3", "/category/military/"), page=1))]
    assert ORIGIN + "/category/military/page/2/" not in urls
    assert len(urls) == 3


def test_since_skips_older_articles_and_stops():
    spider = make_spider(categories="military", since="2024-08-01", rest="0")
    urls = [r.url for r in requests_of(spider.parse_listing(page("wp-tt3", "/category/military/"), page=1))]
    # 2024-10-01 and 2024-09-10 are newer; the 2024-07-04 post is older, so no page 2 either
    assert urls == [ORIGIN + "/2024/10/drones-ukraine-lessons-army/", ORIGIN + "/2024/09/submarine-readiness-briefing/"]


def test_since_judges_an_article_by_its_own_date():
    """Issue 22 item 5: an entry its listing gave no date for is judged by its page's date;
    an article fetched again for an incomplete thread (not listed) is not."""
    spider = make_spider(since="2024-08-01", rest="0")
    assert list(spider.parse_article(page("wp-tt1", LONG))) == []  # 2024-07-04
    assert spider.crawler.stats.get_value("defense_news/skipped/older_than_since") == 1
    resumed = page("wp-tt1", LONG)
    resumed.meta[RESUMED] = True
    assert isinstance(next(iter(spider.parse_article(resumed))), Article)


def test_article_yields_item_comments_and_older_comment_pages_only():
    # The HTML graph; with REST enrichment the article waits for REST (tests/test_wordpress_api.py).
    spider = make_spider(rest="0")
    out = list(spider.parse_article(page("wp-tt1", LONG)))
    assert isinstance(out[0], Article)
    assert [c.comment_id for c in out if isinstance(c, Comment)] == [16, 17, 18, 19, 20, 21]
    pages = [r.url for r in requests_of(out) if r.callback == spider.parse_comment_page]
    assert pages == [ORIGIN + LONG + "comment-page-1/", ORIGIN + LONG + "comment-page-2/"]
    # page 3 is what the bare permalink showed: never requested again
    assert ORIGIN + LONG + "comment-page-3/" not in [r.url for r in requests_of(out)]


def test_comment_page_yields_only_comments_and_pages():
    spider = make_spider()
    out = list(
        spider.parse_comment_page(page("wp-tt3", LONG + "comment-page-2/"), post_id=12, article_url=ORIGIN + LONG)
    )
    assert [c.comment_id for c in out if isinstance(c, Comment)] == [9, 10, 11, 12, 13, 14, 15]
    assert not [x for x in out if isinstance(x, Article)]
    assert {r.url for r in requests_of(out)} >= {ORIGIN + LONG + "comment-page-1/"}


@pytest.mark.parametrize("path", ["/tag/nato/", "/author/jnunez/", "/category/military/", "/"])
def test_non_articles_never_become_items(path):
    spider = make_spider()
    assert list(spider.parse_article(page("wp-tt3", path))) == []
    assert spider.crawler.stats.get_value("defense_news/skipped/not_article") == 1


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ({"since": "yesterday"}, "since"),
        ({"since": "2999-01-01"}, "since"),  # after today: would store nothing, exit 0
        ({"max_pages": "-1"}, "max_pages"),
        ({"max_pages": "two"}, "max_pages"),
        ({"base_url": "ftp://example.com/"}, "base_url"),
        ({"base_url": "example.com"}, "base_url"),
        ({"base_url": "http://[::1/"}, "base_url"),
        ({"base_url": "http://127.0.0.1:99999/"}, "base_url"),
        ({"base_url": "http://127.0.0.1:port/"}, "base_url"),
        ({"categories": ""}, "categories"),
        ({"categories": " , ,"}, "categories"),
        ({"categories": "milit<ary"}, "categories"),
    ],
)
def test_bad_arguments_name_the_argument(args, name):
    with pytest.raises(ArgumentError, match=f"Invalid spider argument {name}="):
        make_spider(**args)


def test_base_url_moves_every_url_and_domain():
    spider = make_spider(base_url="http://127.0.0.1:8045", categories="military,Russia/")
    assert spider.allowed_domains == ["127.0.0.1"]
    assert spider.args.categories == ("military", "russia")
    assert spider.base_url == "http://127.0.0.1:8045/"


@pytest.mark.e2e
def test_scrapy_crawl_rejects_bad_argument_with_exit_2(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "19fortyfive", "-a", "since=yesterday"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Invalid spider argument since='yesterday': expected a date in the form YYYY-MM-DD" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_listing_comment_count_other_than_the_stored_one_fetches_that_thread():
    """Issue 20 item 5: a known article is fetched again when its listing entry prints another
    comment count than the one stored; the walk still stops at a page of known articles."""
    from scrapy.http import HtmlResponse

    from defense_news.storage import KnownArticles

    a, b = ORIGIN + "/2024/01/a/", ORIGIN + "/2024/01/b/"
    entries = "".join(
        f'<article id="post-{n}"><h2 class="entry-title"><a href="{url}">T</a></h2>'
        f'<span class="comments-link"><a href="{url}#comments">{count} Comments</a></span></article>'
        for n, url, count in ((2, a, 5), (3, b, 3))
    )
    body = f"<html><body><main>{entries}</main></body></html>".encode()
    url = ORIGIN + "/category/military/"
    response = HtmlResponse(url, body=body, encoding="utf-8", request=Request(url))
    spider = make_spider(categories="military", rest="0")
    spider.known = KnownArticles(urls={a, b}, comment_counts={a: 4, b: 3})
    assert [r.url for r in requests_of(spider.parse_listing(response, page=1))] == [a]
    assert spider.crawler.stats.get_value("defense_news/recheck/listing_count_differs") == 1


def test_requests_say_what_they_fetch_in_meta():
    """Rendering and the HTML checks read the page kind the spider marks in meta (issue 19,
    item 4), not the callback's name: a page behind any callback is a page, data is data."""
    from defense_news.spiders.requests import PAGE_KIND, reads_a_page

    spider = make_spider(categories="military")
    article = Article(url=ORIGIN + LONG, post_id=15)
    pages = {
        "listing": spider.listing_request(ORIGIN + "/category/military/"),
        "article": spider.article_request(ORIGIN + LONG),
        "byline": spider.byline_request(article, 3),
    }
    for kind, request in pages.items():
        assert request.meta[PAGE_KIND] == kind
        assert reads_a_page(request)
    data = [
        spider.posts_request(ORIGIN + "/wp-json/wp/v2/posts?page=1", 1),
        spider.rest_request(ORIGIN + "/wp-json/wp/v2/posts/15", spider.parse_rest_post),
    ]
    for request in data:
        assert request.meta[PAGE_KIND] is None
        assert not reads_a_page(request)
    # The callback's name no longer decides: a page read by a callback of any name is a page,
    # and a data request read by parse_article is data.
    renamed = Request(ORIGIN + LONG, callback=spider.parse_rest_post, meta={PAGE_KIND: "article"})
    assert reads_a_page(renamed)
    assert not reads_a_page(Request(ORIGIN + "/feed/", callback=spider.parse_article, meta={PAGE_KIND: None}))
    # A request the crawl did not build (scrapy shell's, scrapy parse's first): by its address.
    assert reads_a_page(Request(ORIGIN + LONG))
    assert not reads_a_page(Request(ORIGIN + "/?rest_route=/wp/v2/posts"))
    assert not reads_a_page(Request(ORIGIN + "/robots.txt"))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ({"since": "2024-08-01"}, "since= describes a page walk"),
        ({"since": "2024-08-01", "max_pages": "2"}, "max_pages=, since= describe a page walk"),
    ],
)
def test_source_auto_says_which_arguments_make_it_walk_the_pages(args, said, caplog):
    with caplog.at_level("INFO"):
        assert make_spider(**args).reads_rest() is False
    assert f"source=auto walks the pages: {said}" in caplog.text


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("False", False)])
def test_trim_tail_setting_reaches_the_spider_s_pages(value, expected):
    overrides = {} if value is None else {"DEFENSE_NEWS_TRIM_TAIL": value}
    crawler = get_crawler(NineteenFortyFiveSpider, project_settings_dict(**overrides))
    spider = NineteenFortyFiveSpider.from_crawler(crawler)
    assert spider.page_of(page("wp-tt1", LONG)).trim_tail is expected
