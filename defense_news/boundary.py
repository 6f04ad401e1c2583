"""Only the site's own origin is ever requested.

Scrapy's offsite filter compares host names only (any port, any scheme, any
subdomain). :class:`SiteBoundaryMiddleware` is stricter and runs on every
request the downloader is given, redirects included: the scheme must be http
or https, and the host and port must be those of the spider's ``base_url``
(http and https on their default ports count as the same site, since sites
redirect one to the other). Anything else is refused and counted as
``defense_news/offsite/refused`` (``.../refused/redirect`` for redirects).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

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
        target = origin(request.url)
        if target == allowed:
            return None
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/refused")
        redirected = bool(request.meta.get("redirect_urls"))
        if redirected:
            stats.inc_value(f"{STATS}/refused/redirect")
        where = f"{target[0]}:{target[1] or ''}" if target else (urlsplit(request.url).scheme or "no scheme")
        if where not in self.refused_hosts:
            self.refused_hosts.add(where)
            logger.warning(
                "Refused %s outside %s:%s: %s",
                "redirect" if redirected else "request",
                allowed[0],
                allowed[1] or "",
                request.url[:200],
            )
        raise IgnoreRequest(f"outside the site: {request.url[:200]}")
