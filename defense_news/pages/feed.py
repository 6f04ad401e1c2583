"""RSS 2.0 feeds as WordPress writes them (``/feed/``, ``/category/<slug>/feed/``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from scrapy.http import Response, TextResponse
from scrapy.selector import Selector

from ..urls import page_number


@dataclass(frozen=True)
class FeedEntry:
    url: str
    published_at: datetime | None
    comment_count: int | None


def _rfc822(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError):
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def feed_entries(response: Response) -> list[FeedEntry]:
    """The items of an RSS feed: permalink, exact publication time, comment count."""
    if not isinstance(response, TextResponse):
        return []
    sel = Selector(text=response.text, type="xml")
    sel.remove_namespaces()
    entries = []
    for item in sel.xpath("//channel/item"):
        link = (item.xpath("link/text()").get() or "").strip()
        if not link:
            continue
        count = (item.xpath("comments[not(contains(., '#'))]/text()").get() or "").strip()
        entries.append(
            FeedEntry(
                url=urljoin(response.url, link),
                published_at=_rfc822(item.xpath("pubDate/text()").get()),
                comment_count=page_number(count, 12),
            )
        )
    return entries
