"""Drop records that lack a required field, naming the URL and the field."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from ..items import Article, Comment

logger = logging.getLogger(__name__)

# An article is kept without a date (counted as defense_news/articles_without_date): a theme
# that prints none must not cost the article; the date comes from other sources where they exist.
REQUIRED: dict[type, tuple[str, ...]] = {
    Article: ("url", "title", "body_text"),
    Comment: ("comment_id", "article_url", "text"),
}


class ValidatePipeline:
    """Drop items missing a required field; counted as ``defense_news/dropped/<kind>_missing_<field>``."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        required = REQUIRED.get(type(item))
        if required is None:
            return item
        adapter = ItemAdapter(item)
        missing = [name for name in required if adapter.get(name) in (None, "", [])]
        if isinstance(item, Article) and not missing and not adapter.get("published_at"):
            self.stats.inc_value("defense_news/articles_without_date")
            logger.warning("No publication date found for %s (stored without one)", adapter.get("url"))
        if missing:
            kind = type(item).__name__.lower()
            where = adapter.get("url") or adapter.get("article_url") or "unknown URL"
            if kind == "comment" and adapter.get("comment_id"):
                where = f"{where}#comment-{adapter.get('comment_id')}"
            for name in missing:
                self.stats.inc_value(f"defense_news/dropped/{kind}_missing_{name}")
            raise DropItem(f"{where}: missing {', '.join(missing)}")
        return item
