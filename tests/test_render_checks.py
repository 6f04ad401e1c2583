"""Rendered pages pass the checks plain pages pass (issue 22, item 4).

A browser hands back its DOM serialised again, which is always closed: a page the
server cut short came back whole-looking and was stored. The checks now read the
bytes the server sent (rendering.ServedDocument).
"""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from defense_news.downloadermiddlewares import ResponseCheckMiddleware
from defense_news.items import Article
from defense_news.rendering import SERVED, ServedDocument
from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider
from tests.helpers import ORIGIN, crawl, project_settings_dict
from tests.test_rendering import chromium  # noqa: F401  (fixture)
from tests.test_zox import TRUNCATED

CUT = b"<!DOCTYPE html><html><head><title>A post</title></head><body><p>Sixty-eight words and then"
CLOSED = CUT + b"</p></body></html>"  # what the browser's DOM makes of it


def rendered(served_body: bytes | None, body: bytes = CLOSED) -> tuple[Request, HtmlResponse]:
    served = ServedDocument()
    served.body = served_body
    request = Request(ORIGIN + "/2022/09/a-post/", meta={SERVED: served, "playwright": True})
    response = HtmlResponse(request.url, body=body, request=request, flags=["playwright"])
    return request, response


def check_middleware(**settings) -> ResponseCheckMiddleware:
    crawler = get_crawler(NineteenFortyFiveSpider, project_settings_dict(RETRY_TIMES=1, **settings))
    crawler.stats.open_spider()
    return ResponseCheckMiddleware.from_crawler(crawler)


def test_rendered_page_cut_short_by_its_server_is_retried_then_failed():
    middleware = check_middleware()
    request, response = rendered(CUT)
    retry = middleware.process_response(request, response)
    assert isinstance(retry, Request)
    assert retry.meta["playwright"] is True  # asked again, through the browser
    with pytest.raises(IgnoreRequest, match=r"truncated HTML \(\d+ bytes, no </html>\) after 2 attempts"):
        middleware.process_response(retry, rendered(CUT)[1].replace(request=retry))
    assert middleware.crawler.stats.get_value("defense_news/truncated_html") == 2


def test_rendered_page_whole_passes_and_others_are_refused():
    middleware = check_middleware(DOWNLOAD_MAXSIZE=200)
    request, response = rendered(CLOSED)
    assert middleware.process_response(request, response) is response
    request, response = rendered(b'{"not": "a page"}')
    assert isinstance(middleware.process_response(request, response), Request)  # not_html: retried
    request, response = rendered(CLOSED + b" " * 100)
    with pytest.raises(IgnoreRequest, match="bigger than DOWNLOAD_MAXSIZE"):
        middleware.process_response(request, response)
    request, response = rendered(None)  # the browser could not give the bytes: never stored unchecked
    assert isinstance(middleware.process_response(request, response), Request)


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_render_always_refuses_the_truncated_article(zox_site, chromium, tmp_path):  # noqa: F811
    settings = {"DEFENSE_NEWS_SQLITE_PATH": "", "DEFENSE_NEWS_REST": False, "DEFENSE_NEWS_RENDER": "always"}
    result = await crawl(settings, base_url=zox_site.base_url, categories="china", max_pages=1)
    stored = {a.post_id for a in result.of(Article)}
    # The china listing's first page: the truncated one and a 404 are named as failed, not stored.
    assert stored == {101022, 101023, 101024, 101026}
    assert TRUNCATED not in stored
    assert result.stats["defense_news/truncated_html"] == 4  # as on the plain path: 1 + RETRY_TIMES
    assert result.stats["defense_news/render/pages"] >= len(stored)
    assert result.stats["defense_news/failed/article"] == 2
