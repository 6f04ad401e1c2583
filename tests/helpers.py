"""Shared test helpers: saved pages as responses, project settings, in-process crawls."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from scrapy import signals
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from defense_news import settings as project_settings
from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider

SITES = Path(__file__).parent / "sites"
ORIGIN = "https://www.19fortyfive.com"
# The zone 19FortyFive (and so its replicas) prints local times in: its profile's timezone.
SITE_TZ = ZoneInfo("America/New_York")
# A fixed "now" for pages with relative dates.
NOW = datetime(2022, 12, 20, 15, 0, tzinfo=UTC)


def site_file(site: str, url_path: str) -> Path:
    path = SITES / site / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") else path


def page(site: str, url_path: str, origin: str = ORIGIN) -> HtmlResponse:
    """A saved page as the response the spider would get for its URL."""
    body = site_file(site, url_path).read_bytes()
    url = origin + url_path
    return HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))


def project_settings_dict(**overrides: Any) -> dict[str, Any]:
    values = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
    # Tests crawl a loopback replica: no politeness delay needed.
    values.update(
        DOWNLOAD_DELAY=0,
        AUTOTHROTTLE_ENABLED=False,
        CONCURRENT_REQUESTS_PER_DOMAIN=8,
        LOG_LEVEL="INFO",
        # Tests that store say where; the others must not touch data/ in the checkout.
        DEFENSE_NEWS_SQLITE_PATH="",
        TELNETCONSOLE_ENABLED=False,
    )
    values.update(overrides)
    return values


class CrawlResult:
    def __init__(self) -> None:
        self.items: list[Any] = []
        self.stats: dict[str, Any] = {}
        self.crawler: Any = None

    def on_item(self, item: Any) -> None:
        self.items.append(item)

    def of(self, cls: type) -> list[Any]:
        return [i for i in self.items if isinstance(i, cls)]


async def crawl(
    settings: dict[str, Any] | None = None, spidercls: type = NineteenFortyFiveSpider, **spider_args: Any
) -> CrawlResult:
    """Run one crawl in-process and return the scraped items and stats."""
    result = CrawlResult()
    crawler = get_crawler(spidercls, project_settings_dict(**(settings or {})))
    crawler.signals.connect(result.on_item, signal=signals.item_scraped)
    result.crawler = crawler
    await crawler.crawl_async(**spider_args)
    assert crawler.stats is not None
    result.stats = crawler.stats.get_stats()
    return result
