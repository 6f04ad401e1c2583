"""Only the site's own origin is ever requested.

Scrapy's offsite filter compares host names only (any port, any scheme, any
subdomain), and drops redirects to other hosts without telling the callback's
errback. :class:`SiteBoundaryMiddleware` is stricter. On every request the
downloader is given the scheme must be http or https, and the host and port
must be those of the spider's ``base_url`` (http and https on their default
ports count as the same site, since sites redirect one to the other); and a
redirect response whose ``Location`` leaves the site fails its request (so the
loss is named in the log) instead of being followed, and so does a redirect
back to a URL of its own chain (a loop). Anything refused is
counted as ``defense_news/offsite/refused`` (``.../refused/redirect`` for
redirects). It sits just before RedirectMiddleware (600) in
``DOWNLOADER_MIDDLEWARES``.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

logger = logging.getLogger(__name__)

STATS = "defense_news/offsite"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> tuple[str, int | None] | None:
    """(host, port) of an http(s) URL; ``None`` for other schemes or no host.

    >>> origin("https://www.19fortyfive.com/a/"), origin("http://127.0.0.1:8045/"), origin("javascript:alert(1)")
    (('www.19fortyfive.com', None), ('127.0.0.1', 8045), None)
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    if port == _DEFAULT_PORTS[parts.scheme]:
        port = None
    return parts.hostname.lower(), port


class SiteBoundaryMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.refused_hosts: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteBoundaryMiddleware:
        return cls(crawler)

    def allowed(self, spider: Spider) -> tuple[str, int | None] | None:
        base_url = getattr(spider, "base_url", None)
        return origin(base_url) if base_url else None

    def process_request(self, request: Request) -> Any:
        spider = self.crawler.spider
        if spider is None:
            return None
        allowed = self.allowed(spider)
        if allowed is None:
            return None
        if origin(request.url) == allowed:
            return None
        self.refuse(request.url, allowed, redirected=bool(request.meta.get("redirect_urls")))

    def process_response(self, request: Request, response: Response) -> Any:
        if not (300 <= response.status < 400) or b"Location" not in response.headers:
            return response
        spider = self.crawler.spider
        allowed = self.allowed(spider) if spider is not None else None
        if allowed is None or request.meta.get("dont_redirect"):
            return response
        location = (response.headers.get(b"Location") or b"").decode("latin-1").strip()
        target = urljoin(request.url, location)
        if origin(target) == allowed:
            if target == request.url or target in request.meta.get("redirect_urls", ()):
                # Followed, the loop would end in the duplicate filter, silently and without an errback.
                self.crawler.stats.inc_value("defense_news/redirect_loops")
                raise IgnoreRequest(f"redirect loop back to {target[:200]}")
            return response
        self.refuse(target, allowed, redirected=True, source=request.url)

    def refuse(self, url: str, allowed: tuple[str, int | None], redirected: bool, source: str | None = None) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/refused")
        if redirected:
            stats.inc_value(f"{STATS}/refused/redirect")
        target = origin(url)
        where = f"{target[0]}:{target[1] or ''}" if target else (urlsplit(url).scheme or "no scheme")
        if where not in self.refused_hosts:
            self.refused_hosts.add(where)
            logger.warning(
                "Refused %s outside %s%s: %s",
                "redirect" if redirected else "request",
                allowed[0],
                f":{allowed[1]}" if allowed[1] else "",
                url[:200],
            )
        if redirected and source:
            raise IgnoreRequest(f"redirect outside the site, to {url[:200]}")
        raise IgnoreRequest(f"outside the site: {url[:200]}")
