"""Emit each article and comment once per run, however often it was reached."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from ..items import Article, Comment


def item_key(item: Any) -> tuple[str, Any] | None:
    """Articles are keyed on their post ID (or URL); comments on their comment ID."""
    if isinstance(item, Article):
        return ("article", item.post_id) if item.post_id is not None else ("article-url", item.url)
    if isinstance(item, Comment):
        return ("comment", item.comment_id)
    return None


class DeduplicatePipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.seen: set[tuple[str, Any]] = set()
        self.seen_urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        key = item_key(item)
        if key is None:
            return item
        kind = "article" if isinstance(item, Article) else "comment"
        # An article is also a duplicate if its URL was seen under another key.
        duplicate = key in self.seen or (isinstance(item, Article) and item.url in self.seen_urls)
        if duplicate:
            self.stats.inc_value(f"defense_news/duplicates/{kind}")
            raise DropItem(f"duplicate {kind} {key[1]}", log_level="DEBUG")
        self.seen.add(key)
        if isinstance(item, Article) and item.url:
            self.seen_urls.add(item.url)
        self.stats.inc_value(f"defense_news/{kind}s")
        return item
