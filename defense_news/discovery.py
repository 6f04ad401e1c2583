"""Articles found without walking the listings (``-a discovery=sitemap|feed|api``): which
entries to fetch, with the date each source gives, as plain functions of the answers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import tzinfo
from urllib.parse import urljoin

from scrapy.http import Response

from .dates import parse_iso, to_iso
from .pages.article import DateHint
from .pages.feed import feed_entries
from .pages.sitemap import default_sitemaps, read_sitemap, robots_sitemaps, unchanged
from .rest import routes
from .rest.answers import RestAnswer
from .rest.paging import Paging
from .rest.records import PostFacts, posts_page
from .run import Run

logger = logging.getLogger(__name__)

Count = Callable[[str], None]
# Called with each article a source lists (walk.Findings.article).
Found = Callable[[str], None]
# A missing sitemap is an answer (tried next: the default locations), not an error.
SITEMAP_META = {"handle_httpstatus_list": [404, 410]}

__all__ = ["SITEMAP_META", "default_sitemaps"]


def sitemaps_of_robots(response: Response, base_url: str) -> list[str]:
    """The sitemaps robots.txt names, else WordPress's default locations."""
    sitemaps = robots_sitemaps(response) if response.status == 200 else []
    if not sitemaps:
        sitemaps = default_sitemaps(base_url)
        logger.info("robots.txt names no sitemap; trying %s", ", ".join(sitemaps))
    return sitemaps


def sitemap_entries(
    response: Response, run: Run, timezone: tzinfo, stored: Mapping[str, str], count: Count, found: Found
) -> tuple[list[str], list[tuple[str, DateHint | None]]]:
    """A sitemap's child sitemaps, and its articles to fetch with their ``lastmod`` as a date hint
    (those older than ``since`` or unchanged since stored are left out, counted; each is ``found``)."""
    children, entries = read_sitemap(response, count)
    wanted = []
    for entry in entries:
        found(entry.url)
        if run.before_since(entry.lastmod, timezone):
            count("sitemap/older_than_since")
            continue
        if unchanged(entry, stored.get(entry.url)):
            count("sitemap/unchanged_skipped")
            continue
        hint = DateHint(to_iso(entry.lastmod), "sitemap") if entry.lastmod is not None else None
        wanted.append((entry.url, hint))
    return children, wanted


def feed_urls(base_url: str, category_urls: Iterable[str]) -> list[str]:
    """The site's feed, and each named category's."""
    return [urljoin(base_url, "feed/")] + [urljoin(url, "feed/") for url in category_urls]


def feed_articles(
    response: Response, run: Run, timezone: tzinfo, found: Found
) -> list[tuple[str, DateHint | None]] | None:
    """A feed's articles within ``since`` with their ``pubDate`` as a date hint (each item is
    ``found``); None when the feed has no items."""
    entries = feed_entries(response)
    if not entries:
        return None
    for entry in entries:
        found(entry.url)
    return [
        (entry.url, DateHint(to_iso(entry.published_at), "feed") if entry.published_at is not None else None)
        for entry in entries
        if not run.before_since(entry.published_at, timezone)
    ]


def post_list(api_root: str, per_page: int) -> Paging:
    """``discovery=api``: every post, newest first, read by the one paging rule."""
    return Paging("posts", lambda page: routes.post_list_url(api_root, page, per_page), per_page)


def api_articles(answer: RestAnswer, run: Run, timezone: tzinfo, count: Count, found: Found) -> list[PostFacts]:
    """The published, readable posts of a post-list page (protected ones counted), within ``since``
    (each published post is ``found``)."""
    wanted = []
    for facts in posts_page(answer):
        if facts.status not in (None, "publish") or not facts.link:
            continue
        found(facts.link)
        if facts.protected:
            count("skipped/password_protected")
            continue
        if facts.published_at and run.before_since(parse_iso(facts.published_at), timezone):
            continue
        wanted.append(facts)
    return wanted
