"""A REST response decoded: the records, the paging headers, and whether the API refused."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from scrapy.http import Response

from ..urls import page_number

# Statuses that mean "the API is closed to us", not "this one object is missing".
BLOCKING_STATUSES = frozenset({401, 403, 429})
# Codes WordPress (and the usual "disable REST" plugins) answer when the API is off.
BLOCKING_CODES = frozenset({"rest_no_route", "rest_cannot_access", "rest_login_required", "rest_disabled"})
# Page past the last one: the end of a listing, not an error.
PAST_LAST_PAGE_CODES = frozenset({"rest_post_invalid_page_number", "rest_comment_invalid_page_number"})
# Digits of an X-WP-Total or X-WP-TotalPages worth reading; a longer header is taken as missing.
MAX_COUNT_DIGITS = 18


@dataclass(frozen=True)
class RestAnswer:
    """A REST response, decoded: ``data`` is the JSON, ``blocked`` names why the API is unusable,
    ``problem`` why this one answer is (a server error, JSON cut short or garbled: worth asking again)."""

    status: int
    data: Any = None
    blocked: str | None = None
    past_last_page: bool = False
    total_pages: int | None = None
    total: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.blocked is None and self.problem is None and not self.past_last_page and 200 <= self.status < 300


def _int_header(response: Response, name: str) -> int | None:
    value = response.headers.get(name)
    if value is None:
        return None
    # A superscript '²' or thousands of digits is no count: the header is taken as missing.
    return page_number(value.decode("latin-1"), MAX_COUNT_DIGITS)


def read_answer(response: Response) -> RestAnswer:
    """Decode a REST response; say whether it shows the API blocked (HTML, 401/403/429, no route)
    or is one bad answer (5xx, a 2xx whose JSON is cut short, empty or garbled)."""
    status = response.status
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
    # A byte-order mark or whitespace before the JSON is harmless (some plugins print one).
    body = response.body.lstrip(b"\xef\xbb\xbf \t\r\n")
    data = None
    broken = None
    if "json" in content_type or body[:1] in (b"{", b"["):
        try:
            data = json.loads(body)
        except ValueError as exc:
            broken = f"invalid JSON ({exc})" if body else "empty body"
    total_pages = _int_header(response, "X-WP-TotalPages")
    total = _int_header(response, "X-WP-Total")
    code = data.get("code") if isinstance(data, dict) else None
    if status >= 500 and code not in BLOCKING_CODES:
        return RestAnswer(status, data, problem=f"HTTP {status}")
    if data is None:
        if 200 <= status < 300 and not body.startswith(b"<"):
            # Not a page the site chose to send (a login or firewall page is HTML): a bad answer.
            return RestAnswer(
                status, problem=f"HTTP {status}, {broken or 'not JSON'} ({content_type or 'no Content-Type'})"
            )
        return RestAnswer(status, blocked=f"HTTP {status}, not JSON ({content_type or 'no Content-Type'})")
    if code in PAST_LAST_PAGE_CODES:
        return RestAnswer(status, data, past_last_page=True, total_pages=total_pages, total=total)
    if status in BLOCKING_STATUSES or code in BLOCKING_CODES:
        return RestAnswer(status, data, blocked=f"HTTP {status}" + (f" {code}" if code else ""))
    return RestAnswer(status, data, total_pages=total_pages, total=total)


def shape_of(data: Any) -> str:
    """What an answer holds in place of a list of records, for the log: WordPress's error
    object (a plugin or a fatal error answered 200) by its code and message.

    >>> shape_of({"code": "internal_server_error", "message": "There has been a critical error."}), shape_of(None)
    ("WordPress error 'internal_server_error' (There has been a critical error.)", 'nothing')
    """
    if isinstance(data, dict) and isinstance(data.get("code"), str):
        message = data.get("message")
        shown = f"WordPress error {data['code'][:60]!r}"
        if isinstance(message, str) and message.strip():
            shown += f" ({' '.join(message.split())[:160]})"
        return shown
    return type(data).__name__ if data is not None else "nothing"
