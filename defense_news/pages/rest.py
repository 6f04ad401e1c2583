"""The WordPress REST API (``/wp-json/wp/v2/``): URLs, answers, and what they add to a page.

Pure functions of a response or of decoded JSON; the spider decides when to ask.
REST prints ``date_gmt``/``modified_gmt`` without a zone (``2024-10-01T11:30:00``):
they are UTC.
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from urllib.parse import urlencode

from lxml.html import fragment_fromstring
from scrapy.http import Response

from ..dates import parse_iso, to_iso
from ..html_text import element_text
from ..items import Article, Comment
from ..loaders import CommentLoader

logger = logging.getLogger(__name__)

# Statuses that mean "the API is closed to us", not "this one object is missing".
BLOCKING_STATUSES = frozenset({401, 403, 429})
# Codes WordPress (and the usual "disable REST" plugins) answer when the API is off.
BLOCKING_CODES = frozenset({"rest_no_route", "rest_cannot_access", "rest_login_required", "rest_disabled"})
# Page past the last one: the end of a listing, not an error.
PAST_LAST_PAGE_CODES = frozenset({"rest_post_invalid_page_number", "rest_comment_invalid_page_number"})
TERM_FIELDS = {"category": "categories", "post_tag": "tags"}


def rest_url(api_root: str, route: str, params: dict[str, Any] | None = None) -> str:
    """A REST URL under ``api_root`` (``…/wp-json/`` or the plain-permalink ``…/?rest_route=/``).

    >>> rest_url("https://x.com/wp-json/", "wp/v2/posts/7", {"_embed": "wp:term"})
    'https://x.com/wp-json/wp/v2/posts/7?_embed=wp%3Aterm'
    >>> rest_url("https://x.com/?rest_route=/", "wp/v2/posts", {"page": 2})
    'https://x.com/?rest_route=%2Fwp%2Fv2%2Fposts&page=2'
    """
    route = route.lstrip("/")
    query = urlencode(params or {})
    if "rest_route=" in api_root:
        base = api_root.split("?", 1)[0]
        query = urlencode({"rest_route": "/" + route, **(params or {})})
        return f"{base}?{query}"
    url = api_root.rstrip("/") + "/" + route
    return f"{url}?{query}" if query else url


@dataclass(frozen=True)
class RestAnswer:
    """A REST response, decoded: ``data`` is the JSON, ``blocked`` names why the API is unusable."""

    status: int
    data: Any = None
    blocked: str | None = None
    past_last_page: bool = False
    total_pages: int | None = None
    total: int | None = None

    @property
    def ok(self) -> bool:
        return self.blocked is None and not self.past_last_page and 200 <= self.status < 300


def _int_header(response: Response, name: str) -> int | None:
    value = response.headers.get(name)
    if value is None:
        return None
    text = value.decode("latin-1").strip()
    return int(text) if text.isdigit() else None


def read_answer(response: Response) -> RestAnswer:
    """Decode a REST response; say whether it shows the API blocked (HTML, 401/403/429, no route)."""
    status = response.status
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
    try:
        data = json.loads(response.body) if "json" in content_type or response.body[:1] in (b"{", b"[") else None
    except ValueError:
        data = None
    total_pages = _int_header(response, "X-WP-TotalPages")
    total = _int_header(response, "X-WP-Total")
    code = data.get("code") if isinstance(data, dict) else None
    if data is None:
        return RestAnswer(status, blocked=f"HTTP {status}, not JSON ({content_type or 'no Content-Type'})")
    if code in PAST_LAST_PAGE_CODES:
        return RestAnswer(status, data, past_last_page=True, total_pages=total_pages, total=total)
    if status in BLOCKING_STATUSES or code in BLOCKING_CODES:
        return RestAnswer(status, data, blocked=f"HTTP {status}" + (f" {code}" if code else ""))
    return RestAnswer(status, data, total_pages=total_pages, total=total)


# -- posts -------------------------------------------------------------------


def _utc(value: Any) -> str | None:
    """``date_gmt`` as stored: ``2024-10-01T11:30:00`` → ``2024-10-01T11:30:00Z``."""
    if not isinstance(value, str) or not value:
        return None
    moment = parse_iso(value)  # naive means UTC here
    return to_iso(moment) if isinstance(moment, datetime) else None


def _rendered(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def term_key(value: str) -> str:
    """A term name or slug reduced for comparison: ``"North Korea"`` and ``north-korea`` match.

    >>> term_key("Politics &amp; Policy"), term_key("north-korea"), term_key("North Korea")
    ('politics-policy', 'north-korea', 'north-korea')
    """
    return re.sub(r"\W+", "-", html.unescape(value).casefold()).strip("-")


def post_terms(post: dict[str, Any]) -> tuple[dict[str, list[str]], set[str]]:
    """Category and tag names from ``_embedded["wp:term"]`` (names come HTML-escaped),
    and the keys (:func:`term_key`) of their names and slugs."""
    terms: dict[str, list[str]] = {"categories": [], "tags": []}
    keys: set[str] = set()
    for group in (post.get("_embedded") or {}).get("wp:term") or []:
        for term in group or []:
            if not isinstance(term, dict):
                continue
            key = TERM_FIELDS.get(term.get("taxonomy", ""))
            name = html.unescape(term.get("name") or "").strip()
            if key and name and name not in terms[key]:
                terms[key].append(name)
                keys.update(term_key(v) for v in (name, term.get("slug") or "") if v)
    return terms, keys


@dataclass
class PostFacts:
    """What REST knows exactly about a post."""

    post_id: int
    link: str | None
    slug: str | None
    status: str | None
    published_at: str | None
    modified_at: str | None
    comment_status: str | None
    categories: list[str] | None = None
    tags: list[str] | None = None
    protected: bool = False
    term_keys: set[str] = field(default_factory=set)


def post_facts(post: dict[str, Any]) -> PostFacts | None:
    if not isinstance(post, dict) or not isinstance(post.get("id"), int):
        return None
    terms, keys = post_terms(post) if "_embedded" in post else (None, set())
    return PostFacts(
        post_id=post["id"],
        link=post.get("link"),
        slug=post.get("slug"),
        status=post.get("status"),
        published_at=_utc(post.get("date_gmt")),
        modified_at=_utc(post.get("modified_gmt")),
        comment_status=post.get("comment_status"),
        categories=terms["categories"] if terms else None,
        tags=terms["tags"] if terms else None,
        protected=bool((post.get("content") or {}).get("protected")),
        term_keys=keys,
    )


def posts_page(answer: RestAnswer) -> list[PostFacts]:
    """The posts of a ``/wp/v2/posts`` page (none past the last page)."""
    if not answer.ok or not isinstance(answer.data, list):
        return []
    return [facts for post in answer.data if (facts := post_facts(post)) is not None]


@dataclass
class Enrichment:
    """An article with REST values merged in, and what changed."""

    article: Article
    taken: list[str] = field(default_factory=list)  # fields whose value now comes from REST
    refined: list[str] = field(default_factory=list)  # date-only HTML values made exact
    disagreements: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, html, rest)


def _same_day(html_value: str, rest_value: str, timezone: tzinfo) -> bool:
    day = parse_iso(html_value)
    moment = parse_iso(rest_value)
    if not isinstance(day, date) or isinstance(day, datetime) or not isinstance(moment, datetime):
        return False
    return moment.astimezone(timezone).date() == day or moment.astimezone(UTC).date() == day


def enrich(article: Article, facts: PostFacts, timezone: tzinfo) -> Enrichment:
    """Merge REST facts into an HTML article. REST wins for IDs, timestamps and terms.

    Why: REST reads them straight from the database (UTC, to the second, every
    term), while themes print a day, a relative "5 hours ago" or one category.
    Text fields (title, body, authors...) stay as the page shows them.
    """
    result = Enrichment(article)
    values: dict[str, Any] = {}

    def take(name: str, rest_value: Any, html_value: Any, differs: bool) -> None:
        if rest_value in (None, []):
            return
        if html_value not in (None, []) and differs:
            result.disagreements.append((name, html_value, rest_value))
        if rest_value != html_value:
            values[name] = rest_value
            result.taken.append(name)

    take("post_id", facts.post_id, article.post_id, facts.post_id != article.post_id)
    for name in ("published_at", "modified_at"):
        rest_value, html_value = getattr(facts, name), getattr(article, name)
        if rest_value is None:
            continue
        if isinstance(html_value, str) and len(html_value) == 10 and _same_day(html_value, rest_value, timezone):
            result.refined.append(name)
            take(name, rest_value, html_value, differs=False)
        else:
            take(name, rest_value, html_value, differs=rest_value != html_value)
    for name in ("categories", "tags"):
        rest_terms = getattr(facts, name)
        if rest_terms is None:
            continue
        html_terms = getattr(article, name) or []
        # A theme showing fewer terms (or slugs) is not a disagreement; a term REST lacks is.
        unknown = [t for t in html_terms if term_key(t) not in facts.term_keys]
        take(name, rest_terms, html_terms, differs=bool(unknown))
    if facts.categories and article.category not in facts.categories:
        primary = term_key(article.category or "")
        matching = [c for c in facts.categories if term_key(c) == primary]
        take("category", (matching or facts.categories)[0], article.category, differs=not matching)
    result.article = replace(article, **values)
    return result


# -- comments ------------------------------------------------------------------


def comments_url(api_root: str, post_id: int, page: int, per_page: int) -> str:
    params = {"post": post_id, "per_page": per_page, "page": page, "orderby": "date_gmt", "order": "asc"}
    return rest_url(api_root, "wp/v2/comments", params)


def _text(rendered: str) -> str | None:
    if not rendered.strip():
        return None
    return element_text(fragment_fromstring(rendered, create_parent="div"))


def rest_comments(
    records: list[dict[str, Any]], article_url: str, now: datetime, timezone: tzinfo | None = None
) -> list[Comment]:
    """Comments of one post from all its REST pages, with depth from the parent chain.

    Only approved comments reach anonymous REST readers. Depth 1 is top level;
    a reply to a comment REST does not show (held, spam) counts from that gap.
    """
    by_id = {r["id"]: r for r in records if isinstance(r, dict) and isinstance(r.get("id"), int)}

    def depth(comment_id: int) -> int:
        level, seen = 1, {comment_id}
        parent = by_id[comment_id].get("parent") or 0
        while parent in by_id and parent not in seen:
            seen.add(parent)
            level += 1
            parent = by_id[parent].get("parent") or 0
        return level

    items = []
    for comment_id, record in by_id.items():
        loader = CommentLoader(item=Comment(), base_url=article_url, timezone=timezone, now=now)
        loader.add_value("comment_id", comment_id)
        loader.add_value("post_id", record.get("post"))
        loader.add_value("article_url", article_url)
        loader.add_value("parent_id", record.get("parent") or None)
        loader.add_value("depth", depth(comment_id))
        loader.add_value("author", record.get("author_name"))
        loader.add_value("author_url", record.get("author_url") or None)
        loader.add_value("posted_at", _utc(record.get("date_gmt")))
        loader.add_value("text", _text(_rendered(record.get("content"))))
        loader.add_value("scraped_at", now)
        item = loader.load_item()
        assert isinstance(item, Comment)
        items.append(item)
    return items
