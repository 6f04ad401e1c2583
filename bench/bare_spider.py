"""The baseline: a bare Scrapy spider that follows exactly the links defense_news follows.

Same rules as :class:`~defense_news.spiders.nineteen_forty_five.NineteenFortyFiveSpider`
on a ZoxPress site: home → menu categories → listing pages (grid and featured
article links, the link to page N+1) → articles (category links, comment pages
except the one the bare permalink already shows) → comment pages. No items, no
extraction, no storage.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response

_COMMENT_PAGE = re.compile(r"comment-page-(\d+)/")
_LISTING_PAGE = re.compile(r"/page/(\d+)/$")


class BareSpider(Spider):
    name = "bare"

    def __init__(self, *args: Any, base_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base_url = base_url
        self.covered: set[str] = set()  # the comment page each bare permalink already shows

    async def start(self) -> AsyncIterator[Any]:
        yield Request(self.base_url, callback=self.parse_home)

    def parse_home(self, response: Response) -> Iterator[Request]:
        for href in response.css(".zox-nav-menu a::attr(href), nav a::attr(href)").getall():
            if "/category/" in href:
                yield response.follow(href, callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        for href in response.css(
            "section.zox-blog-grid article.infinite-post .zox-art-title a::attr(href), "
            "#zox-feat-wrap .zox-art-title a::attr(href)"
        ).getall():
            yield response.follow(href, callback=self.parse_article, priority=1)  # as the real spider
        match = _LISTING_PAGE.search(response.url)
        wanted = f"page/{int(match.group(1)) + 1 if match else 2}/"
        for href in response.css(".zox-nav-links a::attr(href)").getall():
            if href.endswith(wanted):
                yield response.follow(href, callback=self.parse_listing)
                break

    def parse_article(self, response: Response) -> Iterator[Request]:
        for href in response.css("a.zox-post-cat-link::attr(href)").getall():
            yield response.follow(href, callback=self.parse_listing)
        yield from self.parse_comment_page(response)

    def parse_comment_page(self, response: Response) -> Iterator[Request]:
        if not _COMMENT_PAGE.search(response.url):
            older = response.css(".navigation .nav-previous a::attr(href)").re_first(_COMMENT_PAGE)
            if older:
                self.covered.add(f"{response.url}comment-page-{int(older) + 1}/")
        for href in response.css(".navigation a::attr(href)").getall():
            url = response.urljoin(href.split("#")[0])
            if _COMMENT_PAGE.search(url) and url not in self.covered:
                yield Request(url, callback=self.parse_comment_page, priority=2)
