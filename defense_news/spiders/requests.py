"""What the spider's requests carry: priorities, meta, finish reasons, failure reasons."""

from __future__ import annotations

from typing import Any

from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

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
# REST requests: the callback judges error statuses itself (redirects are still
# followed); a blocked or rate-limited API is not retried.
REST_META: dict[str, Any] = {
    "handle_httpstatus_list": [400, 401, 403, 404, 405, 410, 429, 500, 502, 503, 504],
    "dont_retry": True,
}
# request.meta key: which kind of HTML page a request fetches (listing, article, comments),
# read by rendering (defense_news.rendering) instead of guessing from callback names.
PAGE_KIND = "defense_news_page"
# request.meta key: an article fetched again for the thread an earlier run left incomplete, not
# because a listing lists it (so -a since= does not apply to it).
RESUMED = "defense_news_resumed"


def page_meta(kind: str) -> dict[str, str]:
    return {PAGE_KIND: kind}


def failure_reason(failure: Failure) -> str:
    """A one-line reason for a failed request: the HTTP status, or the error."""
    if failure.check(HttpError):
        response = failure.value.response
        return f"HTTP {response.status}"
    message = failure.getErrorMessage().strip() or failure.type.__name__
    return f"{failure.type.__name__}: {message}"[:300]
