"""Log lines that name the URL and reason instead of dumping whole items."""

from __future__ import annotations

from typing import Any

from scrapy import logformatter
from scrapy.http import Response
from scrapy.spiders import Spider
from twisted.python.failure import Failure


class LogFormatter(logformatter.LogFormatter):
    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> logformatter.LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        result["msg"] = "Dropped %(kind)s: %(exception)s"
        result["args"] = {"kind": type(item).__name__, "exception": exception}
        return result

    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> logformatter.LogFormatterResult:
        result = super().scraped(item, response, spider)
        key = getattr(item, "comment_id", None) or getattr(item, "url", None)
        result["msg"] = "Scraped %(kind)s %(key)s from %(src)s"
        args = result["args"]
        src = args.get("src") if isinstance(args, dict) else None
        result["args"] = {"kind": type(item).__name__, "key": key, "src": src}
        return result
