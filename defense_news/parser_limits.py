"""Every HTML page parsed once, checked for what the parser's limits cut off (issue 22 item 15).

:class:`ParserLimitMiddleware` builds each HTML response's selector with
:func:`~defense_news.pages.parsing.parse_checked` before anything reads it: a page nested
past libxml2's depth limit is read again (see ``pages/parsing.py``), and whatever that
second read still leaves out is named in one log line with the page's URL and counted
under ``defense_news/parser_depth/`` (docs/reliability.md). It sits after
ResponseCheckMiddleware (565), which may recast a response as HTML, and before the
rendering middleware (560), whose judgement reads the page.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.statscollectors import StatsCollector

from .pages.parsing import ParseCut, parse_checked

logger = logging.getLogger(__name__)

STATS = "defense_news/parser_depth"


class ParserLimitMiddleware:
    """Each HTML response's selector built by ``parse_checked``; a page a parser limit cut, named and counted."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParserLimitMiddleware:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse):
            return response
        selector, cut = parse_checked(response)
        # Scrapy builds response.selector lazily into this slot; filled here, every reader (page
        # objects, response.css/xpath) shares the one checked parse, and the page is parsed once.
        response._cached_selector = selector
        if cut is not None:
            self.report(response.url, cut)
        return response

    def report(self, url: str, cut: ParseCut) -> None:
        """One line naming the page, the limit and what is lost; a counter for each."""
        for name, amount in cut.counters().items():
            self.stats.inc_value(f"{STATS}/{name}", amount)
        level, outcome = cut.outcome()
        logger.log(level, "Parser limit on %s: %s", url, outcome)
