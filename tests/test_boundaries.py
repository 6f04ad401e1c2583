"""Only the site's own origin is ever requested, whatever its pages link to or redirect to."""

from __future__ import annotations

import logging
import shutil

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.items import Article
from defense_news.replica import serve
from defense_news.urls import origin
from tests.faults import FaultPlan, serve_faults
from tests.helpers import SITES, crawl

STOCK = SITES / "wp-tt3"
ARTICLE = "2024/07/hypersonic-missiles-hype-reality"
REDIRECTED_LISTING = "/category/politics/"


def hostile_links(sinks: list[str]) -> list[str]:
    """Links a page must not lead the crawler to: other origins, other schemes."""
    links = []
    for sink in sinks:
        host_port = sink.split("://", 1)[1]
        links += [
            f"{sink}/2024/01/offsite-article/",
            f"{sink}/category/offsite/",
            f"{sink}/page/2/",
            f"{sink}/{ARTICLE}/comment-page-9/",
            f"//{host_port}/2024/02/protocol-relative/",
            f"https://{host_port}/2024/03/other-scheme/",
            f"http://user:secret@{host_port}/2024/04/with-credentials/",
        ]
    links += [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        "mailto:editor@example.org?subject=2024/01/x/",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "ftp://127.0.0.2/2024/05/ftp/",
        "tel:+15555550100",
        "about:blank",
        "http://[::1]/2024/06/ipv6-loopback/",
        "http://0x7f000002/2024/06/hex-ip/",
    ]
    return links


def plant(site, links: list[str]) -> None:
    """Put the links where the spider looks: listing items, pagination, categories, comment pages."""
    home = site / "index.html"
    html = home.read_text()
    items = "".join(f'<li><h2 class="wp-block-post-title"><a href="{link}">x</a></h2></li>' for link in links)
    marker = 'wp-block-post-template">'
    assert marker in html
    html = html.replace(marker, marker + items, 1)
    html = html.replace("</head>", f'<link rel="next" href="{links[2]}"></head>', 1)
    nav = "".join(f'<a href="{link}">menu</a>' for link in links)
    html = html.replace("</body>", f"<nav>{nav}</nav></body>", 1)
    home.write_text(html)

    article = site / ARTICLE / "index.html"
    html = article.read_text()
    cats = "".join(f'<a href="{link}" rel="tag">Evil</a>' for link in links)
    html = html.replace(
        '<div class="taxonomy-category wp-block-post-terms">',
        f'<div class="taxonomy-category wp-block-post-terms">{cats}',
        1,
    )
    pages = "".join(f'<a class="page-numbers" href="{link}">9</a>' for link in links)
    html = html.replace(
        '<div class="wp-block-comments-pagination-numbers">',
        f'<div class="wp-block-comments-pagination-numbers">{pages}',
        1,
    )
    html = html.replace("</head>", f'<meta http-equiv="refresh" content="0; url={links[0]}"></head>', 1)
    article.write_text(html)


@pytest.fixture
def sinks():
    """Two other origins: another address, and the same address on another port."""
    with serve(STOCK, host="127.0.0.2") as far, serve(STOCK) as near:
        yield far, near


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_no_request_ever_leaves_the_site(tmp_path, sinks, caplog):
    far, near = sinks
    site = tmp_path / "site"
    shutil.copytree(STOCK, site)
    links = hostile_links([far.origin, near.origin, near.origin.replace("127.0.0.1", "localhost")])
    plant(site, links)
    plan = FaultPlan(mix={}, offsite={REDIRECTED_LISTING}, offsite_origin=far.origin)
    with serve_faults(site, plan) as server, caplog.at_level(logging.INFO):
        result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": ""}, base_url=server.base_url)
        own = set(server.requests)

    assert far.requests == []
    assert near.requests == []
    stats = result.stats
    # The spider follows none of the links (the middleware only had the redirect to refuse)...
    assert stats["defense_news/offsite/refused"] == stats["defense_news/offsite/refused/redirect"] == 1
    assert stats.get("offsite/filtered", 0) == 0
    assert stats["defense_news/offsite_links_ignored"] >= 10
    assert stats.get("defense_news/failed/article", 0) == 0
    # The redirected listing is named as failed, with where it tried to go.
    assert any(
        "Listing" in r.getMessage() and REDIRECTED_LISTING in r.getMessage() and "outside the site" in r.getMessage()
        for r in caplog.records
    )
    # The hostile links cost nothing: every public post is still there.
    assert len(result.of(Article)) == 9
    assert all(a.url.startswith(server.base_url) for a in result.of(Article))
    assert not any("offsite" in path or "etc/passwd" in path for path in own)
    assert stats.get("spider_exceptions/count", 0) == 0


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8045/x", ("127.0.0.1", 8045)),
        ("https://WWW.19FortyFive.com:443/x", ("www.19fortyfive.com", None)),
        ("http://www.19fortyfive.com:80/x", ("www.19fortyfive.com", None)),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("data:text/html,x", None),
        ("http://[::1", None),
        ("http://127.0.0.1:99999/", None),
    ],
)
def test_origin(url, expected):
    assert origin(url) == expected


def test_middleware_refuses_what_the_spider_might_let_through():
    """Defence in depth: a request to another port, scheme or host never reaches the downloader."""
    from scrapy import Request
    from scrapy.exceptions import IgnoreRequest
    from scrapy.http import Response
    from scrapy.utils.test import get_crawler

    from defense_news.downloadermiddlewares import SiteBoundaryMiddleware
    from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider
    from tests.helpers import project_settings_dict

    crawler = get_crawler(NineteenFortyFiveSpider, project_settings_dict())
    crawler.spider = crawler._create_spider(base_url="http://127.0.0.1:8045/")
    mw = SiteBoundaryMiddleware.from_crawler(crawler)
    assert mw.process_request(Request("http://127.0.0.1:8045/2024/01/a/")) is None
    for url in (
        "http://127.0.0.1:8046/2024/01/a/",
        "https://127.0.0.1/",
        "http://127.0.0.2:8045/",
        "file:///etc/passwd",
    ):
        with pytest.raises(IgnoreRequest, match="outside the site"):
            mw.process_request(Request(url))
    request = Request("http://127.0.0.1:8045/2024/01/a/")
    away = Response(request.url, status=301, headers={"Location": "http://127.0.0.2:8045/2024/01/a/"}, request=request)
    with pytest.raises(IgnoreRequest, match="redirect outside the site"):
        mw.process_response(request, away)
    loop = Response(request.url, status=302, headers={"Location": "/2024/01/a/"}, request=request)
    with pytest.raises(IgnoreRequest, match="redirect loop"):
        mw.process_response(request, loop)
    fine = Response(request.url, status=301, headers={"Location": "/2024/01/b/"}, request=request)
    assert mw.process_response(request, fine) is fine
    assert crawler.stats.get_value("defense_news/offsite/refused") == 5
