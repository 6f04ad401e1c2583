"""The project's downloader middlewares (``DOWNLOADER_MIDDLEWARES`` in settings.py).

- :class:`SiteBoundaryMiddleware`: only the site's own origin is ever requested.
  Scrapy's offsite filter compares host names only (any port, any scheme, any
  subdomain), and drops redirects to other hosts without telling the callback's
  errback. This is stricter: on every request the scheme must be http or https,
  and the host and port those of the spider's ``base_url`` (http and https on
  their default ports count as the same site, since sites redirect one to the
  other); a redirect whose ``Location`` leaves the site fails its request (so the
  loss is named in the log) instead of being followed, and so does a redirect
  back to a URL of its own chain (a loop). Anything refused is counted as
  ``defense_news/offsite/refused`` (``.../refused/redirect`` for redirects). It
  sits just before RedirectMiddleware (600).

Keeping an unattended crawl polite and honest on a flaky site:

- :class:`PoliteRetryMiddleware`: Scrapy's bounded retries, plus a pause before
  each retry of a 429/503 (the server's ``Retry-After``, else exponential
  back-off), capped by ``DEFENSE_NEWS_RETRY_AFTER_MAX``; a ``Retry-After`` above
  that cap is not retried at all (counted; one warning naming the first URL and value,
  INFO for the others, their count when the run closes).
- :class:`ResponseCheckMiddleware`: a page answered with something that is not
  HTML (garbage, an empty body, an image: a CDN or proxy hiccup) or with HTML cut
  short (no ``</html>``) is retried and, if it stays broken, failed (and so named,
  and fetched again by the next run) rather than skipped or stored half; HTML
  served with a wrong or missing ``Content-Type``/charset is read as what it is.
- :class:`SiteUnreachableMiddleware`: when the first requests all fail at the
  connection level (or the run runs out of requests without a single answer),
  the crawl ends with reason ``site_unreachable``.
- :class:`OneLineNetworkErrors`: a refused connection, a failed DNS lookup or a
  timeout is logged in one line, not with Scrapy's 30 to 75 lines of traceback.
"""

from __future__ import annotations

import asyncio
import logging
import re
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy.exceptions
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import CloseSpider, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.error import (
    ConnectBindError,
    ConnectError,
    ConnectionDone,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    NoRouteError,
    TCPTimedOutError,
)
from twisted.internet.error import TimeoutError as TxTimeoutError
from twisted.web.client import ResponseFailed

from .charsets import is_mislabelled_utf8
from .config import Config
from .dates import utc_now
from .rendering import served_document
from .run import run_of
from .spiders.requests import reads_a_page
from .urls import origin

logger = logging.getLogger(__name__)

STATS = "defense_news"
# Statuses whose retry waits: the server asked us to slow down or is overloaded.
BACKOFF_STATUSES = frozenset({429, 503})
# Failures that mean "nothing answered at that address", not "a page is broken".
# Scrapy >= 2.17 wraps Twisted's errors in its own exceptions; older ones raise Twisted's.
_SCRAPY_CONNECTION_ERRORS = tuple(
    getattr(scrapy.exceptions, name)
    for name in (
        "DownloadConnectionRefusedError",
        "CannotResolveHostError",
        "DownloadTimeoutError",
        "DownloadFailedError",
    )
    if hasattr(scrapy.exceptions, name)
)
CONNECTION_ERRORS = (
    *_SCRAPY_CONNECTION_ERRORS,
    ConnectionRefusedError,
    ConnectError,
    ConnectBindError,
    DNSLookupError,
    NoRouteError,
    TCPTimedOutError,
    TxTimeoutError,
)
# Failures of the network or of the server's answer, never of this program: their
# traceback is Twisted's plumbing and tells a user nothing the message does not.
NETWORK_ERRORS = (
    *CONNECTION_ERRORS,
    *(
        getattr(scrapy.exceptions, name)
        for name in ("ResponseDataLossError", "DownloadCancelledError")
        if hasattr(scrapy.exceptions, name)
    ),
    ConnectionDone,
    ConnectionLost,
    ResponseFailed,
)
# Scrapy loggers that attach a traceback to download failures: the robots.txt fetch,
# and requests without an errback (sitemaps, feeds).
TRACEBACK_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.core.scraper")


def retry_after_seconds(value: bytes | str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date).

    >>> retry_after_seconds(b"120"), retry_after_seconds("soon"), retry_after_seconds(None)
    (120.0, None, None)
    """
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    # ASCII digits only: float() refuses the superscript '²' str.isdigit() takes (the retry
    # would fail with its ValueError instead of waiting the back-off).
    if text.isascii() and text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - utc_now()).total_seconds())


class PoliteRetryMiddleware(RetryMiddleware):
    """Retry like Scrapy, but wait before retrying 429 and 503 responses."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        config = Config.from_settings(settings)
        self.backoff_base = config.retry_backoff_base
        self.max_wait = config.retry_after_max
        # The first answer whose Retry-After was beyond the cap, "<url> (Retry-After <value>)":
        # that one is a WARNING, the others INFO lines summed up when the run closes.
        self.first_too_long: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PoliteRetryMiddleware:
        middleware = super().from_crawler(crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def backoff(self, request: Request, asked: float | None) -> float:
        """Seconds to wait before retrying: the server's ``Retry-After`` (``asked``), else the
        exponential back-off; never more than ``DEFENSE_NEWS_RETRY_AFTER_MAX``."""
        retries = request.meta.get("retry_times", 0)
        wait = asked if asked is not None else self.backoff_base * (2**retries)
        return min(wait, self.max_wait)

    def asks_too_long(self, request: Request, response: Response, asked: float | None) -> bool:
        """The server's ``Retry-After`` (``asked``) exceeds our longest wait: give the URL up now.

        Retrying sooner than the server asked is impolite and, while it still refuses, useless:
        waiting the cap before every retry cost up to ``RETRY_TIMES`` times the cap per URL
        for nothing. The response goes on as the failure it is (named by the spider, fetched
        again by the next run).
        """
        if asked is None or asked <= self.max_wait:
            return False
        header = response.headers.get(b"Retry-After")
        value = header.decode("latin-1").strip() if header else ""
        self.crawler.stats.inc_value(f"{STATS}/retry/retry_after_too_long")
        # A site that asks one URL to wait an hour asks the same of the others it answers: one
        # WARNING for the first, INFO for the rest, their count when the run closes.
        first = self.first_too_long is None
        if first:
            self.first_too_long = f"{request.url} (Retry-After {value})"
        logger.log(
            logging.WARNING if first else logging.INFO,
            "%s answered %s with Retry-After %s (%g s), beyond DEFENSE_NEWS_RETRY_AFTER_MAX (%g s): not retried",
            request.url,
            response.status,
            value,
            asked,
            self.max_wait,
        )
        return True

    def spider_closed(self, spider: Spider) -> None:
        """The run's count of answers whose Retry-After was beyond the cap, when more than the first."""
        count = int(self.crawler.stats.get_value(f"{STATS}/retry/retry_after_too_long") or 0)
        if count > 1:
            logger.warning(
                "%d answers asked to wait beyond DEFENSE_NEWS_RETRY_AFTER_MAX (%g s), the first %s: not "
                "retried; the next run fetches them again",
                count,
                self.max_wait,
                self.first_too_long,
            )

    async def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Any:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        # Read once: an HTTP date is a wait that shrinks as time passes, so the value judged
        # against the cap must be the one waited.
        asked = None
        if response.status in BACKOFF_STATUSES:
            asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if self.asks_too_long(request, response, asked):
            return response
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response
        if response.status in BACKOFF_STATUSES:
            wait = self.backoff(request, asked)
            self.crawler.stats.inc_value(f"{STATS}/retry/backoff_count")
            self.crawler.stats.inc_value(f"{STATS}/retry/backoff_ms", round(wait * 1000))
            logger.info("%s answered %s: waiting %.1f s before retrying", request.url, response.status, wait)
            if wait > 0:
                await asyncio.sleep(wait)
        return retry


class CheckedCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression, with a corrupt compressed body retried, then failed with its reason.

    Scrapy's own lets the decoder's error (``zlib.error``, ``OSError``, ...) reach the
    errback unretried, as if the answer were lost for good; a proxy hiccup that garbles one
    answer is worth asking again, like any other broken answer (ResponseCheckMiddleware).
    Counted as ``defense_news/corrupt_encoding``.
    """

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CheckedCompressionMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.crawler = crawler
        return middleware

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Any:
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            raise  # bigger than DOWNLOAD_MAXSIZE once decoded: Scrapy's own reason stands
        except Exception as exc:  # gzip, zlib, brotli and zstd each raise their own error types
            encoding = b",".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
            problem = f"corrupt {encoding} body ({type(exc).__name__}: {exc})"
            self.crawler.stats.inc_value(f"{STATS}/corrupt_encoding")
            assert self.crawler.spider is not None
            retry = None
            if not request.meta.get("dont_retry"):  # REST enrichment asks never to be retried
                retry = get_retry_request(request, spider=self.crawler.spider, reason="corrupt_encoding")
            if retry is not None:
                logger.info("%s from %s: retrying", problem, request.url)
                return retry
            raise IgnoreRequest(f"{problem} after {request.meta.get('retry_times', 0) + 1} attempts") from None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
# HTML may leave out its doctype and <html> (and an XHTML page may open with an XML
# declaration): a page is markup that opens with one of the tags a document starts with.
_PAGE_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|link|base|script|style|noscript|header|div|main)[\s>/]",
    re.I | re.S,
)
# How far from the end a page's closing tag may sit (cache plugins append comments).
_HTML_END_WINDOW = 4096
# request.meta key: retries spent on 200 answers that were no usable page.
BODY_RETRIES = "defense_news_body_retries"


def looks_like_html(body: bytes) -> bool:
    """A whole HTML document: it opens with its doctype or ``<html>`` (and so must reach ``</html>``)."""
    return bool(_HTML_START.match(body[:1024].lstrip(b"\xef\xbb\xbf")))


def is_a_page(body: bytes) -> bool:
    """HTML of any kind, even without doctype and ``<html>``; not garbage, an empty body, JSON, a feed.

    >>> is_a_page(b"<!DOCTYPE html><html>"), is_a_page(b"<meta charset=utf-8><title>x</title>")
    (True, True)
    >>> is_a_page(b""), is_a_page(b'{"id": 1}'), is_a_page(b"<?xml version='1.0'?><rss>"), is_a_page(b"\\x89PNG")
    (False, False, False, False)
    """
    return bool(_PAGE_START.match(body[:4096].lstrip(b"\xef\xbb\xbf")))


class ResponseCheckMiddleware:
    """Retry pages that are not HTML or cut short; read HTML as HTML whatever its headers say.

    A page rendered by a browser is checked on the bytes its server sent
    (:class:`defense_news.rendering.ServedDocument`), not on the DOM the browser
    serialises, which is always closed: what the plain path refuses, rendering refuses too.

    Which requests are pages comes from the page kind the spider marks in their meta
    (:func:`defense_news.spiders.requests.reads_a_page`):
    robots.txt, feeds, sitemaps and REST answers are data and pass as they are.
    """

    def __init__(self, crawler: Crawler, max_retries: int, require_end: bool, max_size: int = 0) -> None:
        self.crawler = crawler
        self.max_retries = max_retries
        self.require_end = require_end
        # Scrapy's HTTP handler enforces DOWNLOAD_MAXSIZE; a browser does not: checked here.
        self.max_size = max_size

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResponseCheckMiddleware:
        settings = crawler.settings
        return cls(
            crawler,
            settings.getint("RETRY_TIMES"),
            Config.from_settings(settings).require_html_end,
            settings.getint("DOWNLOAD_MAXSIZE"),
        )

    def process_response(self, request: Request, response: Response) -> Any:
        if response.status != 200 or request.method != "GET":
            return response
        body = response.body
        served = served_document(request) if "playwright" in response.flags else None
        if served is not None:
            # Rendered: the body is the browser's DOM, closed whatever the server sent. The
            # checks read the server's own bytes, so a render passes only what a plain fetch would.
            if served.body is None:  # never stored unchecked: asked again, then failed
                return self._retry_or_fail(request, "render/unchecked", f"HTML as sent unreadable ({served.error})")
            body = served.body
            if self.max_size and len(body) > self.max_size:
                self.crawler.stats.inc_value(f"{STATS}/too_big")
                raise IgnoreRequest(f"bigger than DOWNLOAD_MAXSIZE ({len(body)} > {self.max_size} bytes)")
        if not is_a_page(body):
            if not reads_a_page(request):
                return response
            kind = (response.headers.get(b"Content-Type") or b"").decode("latin-1").split(";")[0].strip()
            return self._retry_or_fail(
                request, "not_html", f"not HTML ({kind or 'no Content-Type'}, {len(body)} bytes)"
            )
        response = self._as_html(response)
        if self.require_end and looks_like_html(body) and b"</html" not in body[-_HTML_END_WINDOW:].lower():
            return self._retry_or_fail(request, "truncated_html", f"truncated HTML ({len(body)} bytes, no </html>)")
        return response

    def _retry_or_fail(self, request: Request, stat: str, problem: str) -> Request:
        """Fetch again an answer that is no usable page; after ``RETRY_TIMES`` retries, fail the request.

        The failure reaches the request's errback, which names the page as failed
        (and, for a comment page, records its thread as incomplete for the next run).
        """
        self.crawler.stats.inc_value(f"{STATS}/{stat}")
        tries = request.meta.get(BODY_RETRIES, 0)
        if tries < self.max_retries:
            logger.info("%s from %s: retrying", problem, request.url)
            retry = request.replace(dont_filter=True)
            retry.meta[BODY_RETRIES] = tries + 1
            return retry
        raise IgnoreRequest(f"{problem} after {tries + 1} attempts")

    def _as_html(self, response: Response) -> Response:
        """HTML with a non-HTML type or a charset its own bytes contradict, read as what it is.

        A charset contradicted by the bytes is UTF-8 labelled as something else
        (:func:`~defense_news.charsets.is_mislabelled_utf8`), counted as
        ``defense_news/charset_mislabelled``.
        """
        if isinstance(response, TextResponse):
            mislabelled = is_mislabelled_utf8(response)
            if mislabelled:
                self.crawler.stats.inc_value(f"{STATS}/charset_mislabelled")
                logger.debug("Reading %s as UTF-8, not %s as labelled", response.url, response.encoding)
            elif isinstance(response, HtmlResponse):
                return response
            encoding = "utf-8" if mislabelled else response.encoding
        else:
            declared = _META_CHARSET.search(response.body[:4096])
            encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value(f"{STATS}/html_with_wrong_headers")
        logger.debug("Reading %s as HTML (%s)", response.url, encoding)
        return HtmlResponse(
            url=response.url,
            status=response.status,
            headers=response.headers,
            body=response.body,
            flags=response.flags,
            request=response.request,
            certificate=response.certificate,
            ip_address=response.ip_address,
            protocol=response.protocol,
            encoding=encoding,
        )


class SiteUnreachableMiddleware:
    """End the run early when the site never answers at all.

    After ``DEFENSE_NEWS_UNREACHABLE_AFTER`` connection-level failures without
    a single HTTP response, the spider closes with reason ``site_unreachable``
    (and ``scrapy crawl`` exits with status 1).
    """

    def __init__(self, crawler: Crawler, threshold: int) -> None:
        self.crawler = crawler
        self.threshold = threshold
        self.failures = 0
        self.responses = 0
        self.closing: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteUnreachableMiddleware:
        # Config refuses anything below 1 (exit 2 before the crawl starts).
        threshold = Config.from_settings(crawler.settings).unreachable_after
        o = cls(crawler, threshold)
        crawler.signals.connect(o.response_received, signal=signals.response_received)
        crawler.signals.connect(o.spider_idle, signal=signals.spider_idle)
        return o

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        self.responses += 1

    def spider_idle(self, spider: Spider) -> None:
        """Out of requests, every one of them failed unanswered (fewer than the threshold: sitemap, feed)."""
        if self.responses or not self.failures or self.closing is not None:
            return
        self._report(self.failures)
        raise CloseSpider("site_unreachable")

    def _report(self, attempts: int, last: str = "") -> None:
        logger.critical(
            "Site unreachable: the first %d attempts all failed without an answer%s. "
            "Check the network and base_url; stopping.",
            attempts,
            last,
        )
        self.crawler.stats.set_value(f"{STATS}/site_unreachable", True)

    def process_exception(self, request: Request, exception: Exception) -> Any:
        if self.responses or not isinstance(exception, CONNECTION_ERRORS):
            return None
        self.failures += 1
        if self.failures >= self.threshold and self.closing is None:
            self._report(self.failures, f" (last: {request.url}: {exception})")
            assert self.crawler.engine is not None
            self.closing = deferred_from_coro(self.crawler.engine.close_spider_async(reason="site_unreachable"))
        if self.closing is not None:
            request.meta["dont_retry"] = True  # the errback gets the connection error itself
        return None


class OneLineNetworkErrors(logging.Filter):
    """Log a network failure as its message alone: the traceback goes, the reason stays on the line.

    Installed on Scrapy's loggers that attach tracebacks to download failures
    (``TRACEBACK_LOGGERS``); any other exception keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exception = record.exc_info[1] if record.exc_info else None
        if isinstance(exception, NETWORK_ERRORS):
            message = record.getMessage()
            reason = str(exception).strip() or type(exception).__name__
            record.msg = message if reason in message else f"{message}: {reason}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OneLineNetworkErrors:
        log_filter = _ONE_LINE
        for name in TRACEBACK_LOGGERS:
            # Idempotent: one filter per logger however many crawlers a process runs.
            logging.getLogger(name).addFilter(log_filter)
        return log_filter


_ONE_LINE = OneLineNetworkErrors()


OFFSITE_STATS = "defense_news/offsite"


class SiteBoundaryMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.refused_hosts: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteBoundaryMiddleware:
        return cls(crawler)

    def allowed(self, spider: Spider) -> tuple[str, int | None] | None:
        run = run_of(spider)
        return run.origin if run is not None else None

    def process_request(self, request: Request) -> Any:
        spider = self.crawler.spider
        if spider is None:
            return None
        allowed = self.allowed(spider)
        if allowed is None:
            return None
        if origin(request.url) == allowed:
            return None
        self.refuse(request.url, allowed, redirected=bool(request.meta.get("redirect_urls")))

    def process_response(self, request: Request, response: Response) -> Any:
        if not (300 <= response.status < 400) or b"Location" not in response.headers:
            return response
        spider = self.crawler.spider
        allowed = self.allowed(spider) if spider is not None else None
        if allowed is None or request.meta.get("dont_redirect"):
            return response
        location = (response.headers.get(b"Location") or b"").decode("latin-1").strip()
        target = urljoin(request.url, location)
        if origin(target) == allowed:
            if target == request.url or target in request.meta.get("redirect_urls", ()):
                # Followed, the loop would end in the duplicate filter, silently and without an errback.
                self.crawler.stats.inc_value("defense_news/redirect_loops")
                raise IgnoreRequest(f"redirect loop back to {target[:200]}")
            return response
        self.refuse(target, allowed, redirected=True, source=request.url)

    def refuse(self, url: str, allowed: tuple[str, int | None], redirected: bool, source: str | None = None) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"{OFFSITE_STATS}/refused")
        if redirected:
            stats.inc_value(f"{OFFSITE_STATS}/refused/redirect")
        target = origin(url)
        where = f"{target[0]}:{target[1] or ''}" if target else (urlsplit(url).scheme or "no scheme")
        if where not in self.refused_hosts:
            self.refused_hosts.add(where)
            logger.warning(
                "Refused %s outside %s%s: %s",
                "redirect" if redirected else "request",
                allowed[0],
                f":{allowed[1]}" if allowed[1] else "",
                url[:200],
            )
        if redirected and source:
            raise IgnoreRequest(f"redirect outside the site, to {url[:200]}")
        raise IgnoreRequest(f"outside the site: {url[:200]}")


def _is_robots_txt(url: str) -> bool:
    return urlsplit(url).path == "/robots.txt"


class RobotsTxtOnceMiddleware:
    """robots.txt downloaded once: the answer Scrapy's ``RobotsTxtMiddleware`` fetched for itself
    is given to the spider's own request for it (``discovery=sitemap`` reads its ``Sitemap:``
    lines), which asked the site a second time. Placed next to the downloader (950, after
    HttpCacheMiddleware's 900), as a cache is: the answer is the raw one, and every other
    middleware's ``process_response`` (decompression, redirects, stats) runs on it as on a download.
    Only final answers are kept: a 5xx or 429 is the site's trouble of the moment, asked again."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats
        self.answers: dict[str, Response] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtOnceMiddleware:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured  # nothing fetches robots.txt but the spider: once already
        return cls(crawler.stats)

    def process_request(self, request: Request) -> Any:
        answer = self.answers.get(request.url) if _is_robots_txt(request.url) else None
        if answer is None:
            return None
        self.stats.inc_value(f"{STATS}/robots_txt_reused")
        return answer.replace(request=request)

    def process_response(self, request: Request, response: Response) -> Any:
        if _is_robots_txt(request.url) and response.status < 500 and response.status != 429:
            self.answers.setdefault(request.url, response)
        return response
