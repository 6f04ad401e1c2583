"""A progress line every ``DEFENSE_NEWS_PROGRESS_INTERVAL`` seconds (docs/settings.md).

Modelled on Scrapy's ``LogStats``: built in ``from_crawler``, a looping call between
``spider_opened`` and ``spider_closed``, a line through the module logger at INFO, so
``LOG_LEVEL=WARNING`` silences it. Articles and comments are counted as they are scraped
(``item_scraped``); the site's own totals are read from the stats on every tick, because the
crawl learns them on the way (``X-WP-Total`` of the REST API)::

    Progress: 120 of 236 articles (50%), 1030 of 2445 comments (42%); 95 items/min; ETA 0:14:02
    Progress: 23 articles, 55 comments; 310 items/min; the site's totals are not known

The rate is over about the last minute (the last ``60 / interval`` ticks), so the ETA follows a
crawl that slows down; the ETA is the items left of both totals at that rate.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import create_looping_call

from .config import Config
from .items import Article, Comment

logger = logging.getLogger(__name__)

# Stats keys the crawl sets when the site states its totals (public posts, approved comments).
TOTAL_ARTICLES = "defense_news/site/total_articles"
TOTAL_COMMENTS = "defense_news/site/total_comments"
# Seconds of history behind the rate.
RATE_WINDOW = 60.0


class Progress:
    def __init__(self, stats: StatsCollector, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.stats = stats
        self.interval = interval
        self.clock = clock
        self.articles = 0
        self.comments = 0
        # (time, items done) at the start and at each tick, as far back as the rate looks.
        self.samples: deque[tuple[float, int]] = deque(maxlen=max(1, round(RATE_WINDOW / interval)) + 1)
        self.task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = Config.from_settings(crawler.settings).progress_interval
        if not interval:
            raise NotConfigured("DEFENSE_NEWS_PROGRESS_INTERVAL is 0")
        assert crawler.stats is not None
        extension = cls(crawler.stats, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.samples.append((self.clock(), 0))
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)  # nothing to say before the first interval

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Article):
            self.articles += 1
        elif isinstance(item, Comment):
            self.comments += 1

    def log(self) -> None:
        logger.info("Progress: %s", self.line())

    def line(self) -> str:
        """One tick: the counts against the totals, the rate and the ETA."""
        now, done = self.clock(), self.articles + self.comments
        since, done_then = self.samples[0]
        self.samples.append((now, done))
        per_second = (done - done_then) / (now - since) if now > since else 0.0
        articles, comments = _total(self.stats, TOTAL_ARTICLES), _total(self.stats, TOTAL_COMMENTS)
        parts = [
            f"{_of(self.articles, articles, 'articles')}, {_of(self.comments, comments, 'comments')}",
            f"{per_second * 60:.0f} items/min",
        ]
        if articles is None or comments is None:
            parts.append("the site's totals are not known")
        else:
            left = max(articles - self.articles, 0) + max(comments - self.comments, 0)
            if per_second > 0:
                parts.append(f"ETA {_duration(left / per_second)}")
            elif left:
                parts.append("ETA unknown: nothing scraped lately")
        return "; ".join(parts)


def _total(stats: StatsCollector, key: str) -> int | None:
    value = stats.get_value(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _of(done: int, total: int | None, what: str) -> str:
    if total is None:
        return f"{done} {what}"
    percent = f"{100 * done // total}%" if total else "100%"
    return f"{done} of {total} {what} ({percent})"


def _duration(seconds: float) -> str:
    """
    >>> _duration(842.4)
    '0:14:02'
    >>> _duration(90061)
    '25:01:01'
    """
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
