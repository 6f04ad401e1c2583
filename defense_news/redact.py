"""Keep credentials out of the log.

Scrapy logs feed URIs as configured (``Stored jsonlines feed (12 items) in:
ftp://user:password@host/...``), and any message may quote a URL with a
``user:password@`` part (a proxy, a feed, a link on a page). The
:class:`RedactCredentials` extension installs a log record factory that
replaces the password of every ``scheme://user:password@`` in a log message
with ``***`` before any handler sees it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from scrapy.crawler import Crawler

_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^\s:/@]*):(?P<password>[^\s/@]+)@")
_installed = False


def redact(text: str) -> str:
    """Hide the password part of URLs in ``text``.

    >>> redact("Stored csv feed in: ftp://me:hunter2@ftp.example.org/out.csv")
    'Stored csv feed in: ftp://me:***@ftp.example.org/out.csv'
    """
    return _USERINFO.sub(r"\g<scheme>\g<user>:***@", text)


def install() -> None:
    """Wrap the current log record factory (once per process)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call: leave it to the handler to report
            return record
        if "@" in message:
            safe = redact(message)
            if safe != message:
                record.msg, record.args = safe, ()
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


class RedactCredentials:
    def __init__(self) -> None:
        install()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedactCredentials:
        return cls()
