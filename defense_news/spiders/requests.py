"""What the spider's requests carry: priorities, meta, finish reasons, failure reasons."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ..rest import routes

STATS = "defense_news"
# Finish what a listing page found before fetching the next listing page: the
# scheduler then holds about one listing page of requests per category instead
# of the whole site's frontier, so memory stays flat with site size.
ARTICLE_PRIORITY = 1
COMMENT_PAGE_PRIORITY = 2
# Finish reason of a source=rest run whose API refused (exit status 1, docs/exit-codes.md).
REST_REFUSED = "rest_refused"
# Finish reason of a source=rest run that did not read the whole API (exit status 1).
REST_INCOMPLETE = "rest_incomplete"
# request.meta key: what a request of the crawl fetches, read by the downloader middlewares
# (rendering, the HTML checks) instead of guessing from callback names. Every request the
# spider builds carries it: the kind of HTML page, or None for data (REST answers, feeds,
# sitemaps, robots.txt), which a browser would wrap in HTML.
PAGE_KIND = "defense_news_page"
PAGE_KINDS = frozenset({"home", "listing", "article", "comments", "byline"})
DATA_META: dict[str, Any] = {PAGE_KIND: None}
# REST requests: the callback judges error statuses itself (redirects are still
# followed); a blocked or rate-limited API is not retried.
REST_META: dict[str, Any] = {
    "handle_httpstatus_list": [400, 401, 403, 404, 405, 410, 429, 500, 502, 503, 504],
    "dont_retry": True,
    **DATA_META,
}
# REST requests whose one answer the run leans on (the REST crawl's pages, site detection's REST
# index, categories and sitemap): the callback still judges refusals, but a 5xx, a 429 (after its
# Retry-After), a timeout or a dropped connection is asked again like a page of the walk, or one
# transient 503 on the REST index would make the whole run believe the site has no API.
RETRIED_REST_META: dict[str, Any] = {
    "handle_httpstatus_list": REST_META["handle_httpstatus_list"],
    **DATA_META,
}
# request.meta key: an article fetched again for the thread an earlier run left incomplete, not
# because a listing lists it (so -a since= does not apply to it).
RESUMED = "defense_news_resumed"


# request.meta keys Scrapy's downloader middlewares write about one download. A retry asked from
# a callback (get_retry_request on response.request) would carry them into a download of its
# own, and Scrapy 2.19's MetaCopyDetectionMiddleware warns of it. retry_times is carried on
# purpose (the count of tries): settings.META_COPY_WARN_SKIP_KEYS.
DOWNLOAD_NOTES = ("download_latency", "redirect_reasons", "redirect_times", "redirect_ttl", "redirect_urls")


def retry_from_callback(request: Request, spider: Spider, reason: str) -> Request | None:
    """Scrapy's ``get_retry_request`` for an answer a callback cannot use, without the notes of
    the download that brought it (:data:`DOWNLOAD_NOTES`); None once the retries are spent."""
    retry = get_retry_request(request, spider=spider, reason=reason)
    if retry is not None:
        for key in DOWNLOAD_NOTES:
            retry.meta.pop(key, None)
    return retry


def page_meta(kind: str) -> dict[str, str]:
    assert kind in PAGE_KINDS, kind
    return {PAGE_KIND: kind}


def reads_a_page(request: Request) -> bool:
    """True for requests of HTML pages, false for data (REST, feeds, sitemaps) and robots.txt.

    A request the crawl built says so in ``meta[PAGE_KIND]``. One it did not build (the
    first request of ``scrapy shell`` or ``scrapy parse``, a test's) is judged by its
    address: robots.txt and the REST API are data, anything else a page.
    """
    if request.meta.get("dont_obey_robotstxt"):
        return False
    if PAGE_KIND in request.meta:
        return request.meta[PAGE_KIND] is not None
    return not (urlsplit(request.url).path.endswith("/robots.txt") or routes.is_rest_url(request.url))


# The reason Scrapy's RobotsTxtMiddleware gives the requests robots.txt disallows.
ROBOTS_REFUSAL = "Forbidden by robots.txt"


def refused_by_robots(failure: Failure) -> bool:
    """A request robots.txt disallows: the site's choice, said once for the run (outcome.RobotsRefusals)."""
    return bool(failure.check(IgnoreRequest)) and str(failure.value) == ROBOTS_REFUSAL


def not_found(failure: Failure) -> bool:
    """An answer 404 or 410: the site has no such page."""
    return bool(failure.check(HttpError)) and failure.value.response.status in (404, 410)


def failure_level(failure: Failure, not_found_info: bool = False) -> int:
    """How loud one failed page is: an error, but a robots.txt refusal only INFO (summed up once),
    and with ``not_found_info`` a 404 or 410 (the run's outcome sums those up)."""
    quiet = refused_by_robots(failure) or (not_found_info and not_found(failure))
    return logging.INFO if quiet else logging.ERROR


def failure_reason(failure: Failure) -> str:
    """A one-line reason for a failed request: the HTTP status, or the error."""
    if failure.check(HttpError):
        response = failure.value.response
        return f"HTTP {response.status}"
    message = failure.getErrorMessage().strip() or failure.type.__name__
    return f"{failure.type.__name__}: {message}"[:300]
