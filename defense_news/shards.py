"""``-a shard=K/N``: N jobs split one site's articles between them, each fetching the articles of its share.

An article belongs to shard ``1 + h % N``, where ``h`` is a stable hash of its URL's
path and query (scheme and host left out, so ``http``/``https`` and ``www.`` variants
agree). The URL is the one key every discovery source gives before the article is
fetched (sitemaps and most listings carry no post id), so every job reaches the same
decision for the same article whatever led it there, and together the N jobs fetch
each article exactly once. Listing, sitemap and REST index pages are read by every
shard; comment pages follow their article.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from .items import Article, Comment

logger = logging.getLogger(__name__)
# The spider callback that fetches an article page: the one way into an article and its thread.
ARTICLE_CALLBACK = "parse_article"


class ShardError(ValueError):
    """A ``shard`` value that is not ``K/N`` with 1 <= K <= N."""


@dataclass(frozen=True)
class Shard:
    index: int  # K, 1-based
    count: int  # N

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def owns(self, url: str) -> bool:
        """Whether this shard fetches the article at ``url``.

        >>> shards = [Shard(k, 3) for k in (1, 2, 3)]
        >>> [s.owns("https://example.org/2024/05/a-post/") for s in shards].count(True)
        1
        >>> Shard(1, 3).owns("http://example.org/2024/05/a-post/") == Shard(1, 3).owns("https://www.example.org/2024/05/a-post/")
        True
        """
        return article_key(url) % self.count == self.index - 1


def article_key(url: str) -> int:
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    key = f"{path}?{parts.query}" if parts.query else path
    return int.from_bytes(hashlib.sha1(key.encode()).digest()[:8], "big")


def parse_shard(value: str | None) -> Shard | None:
    """``"K/N"`` → :class:`Shard`; None → None (the whole site).

    >>> parse_shard("2/4")
    Shard(index=2, count=4)
    >>> parse_shard("5/4")
    Traceback (most recent call last):
    ...
    defense_news.shards.ShardError: shard 5/4: K must be between 1 and N
    """
    if value is None:
        return None
    text = str(value).strip()
    index, slash, count = text.partition("/")
    if not slash or not index.strip().isdigit() or not count.strip().isdigit():
        raise ShardError(f"shard {text!r}: expected K/N, such as 1/2 (this job crawls part 1 of 2)")
    shard = Shard(int(index), int(count))
    if not 1 <= shard.index <= shard.count:
        raise ShardError(f"shard {text}: K must be between 1 and N")
    return shard


class ShardMiddleware(BaseSpiderMiddleware):
    """With ``-a shard=K/N``: only this shard's article pages are requested, only its records kept.

    Requests for other shards' articles are dropped before they are scheduled (their
    comment pages are never reached); articles and comments that reach this job by
    another way (a REST listing) are dropped too, so a shard never stores another's.
    """

    def shard(self) -> Shard | None:
        # Imported here: the run's arguments parse -a shard= with this module (no import cycle).
        from .run import run_of

        run = run_of(self.crawler)
        return run.args.shard if run is not None else None

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        shard = self.shard()
        if shard is None or getattr(request.callback, "__name__", None) != ARTICLE_CALLBACK:
            return request
        if shard.owns(request.url):
            return request
        self._skipped("articles_skipped")
        return None

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        shard = self.shard()
        url = item.url if isinstance(item, Article) else item.article_url if isinstance(item, Comment) else None
        if shard is None or url is None or shard.owns(url):
            return item
        self._skipped("items_skipped")
        return None

    def _skipped(self, what: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"defense_news/shard/{what}")
