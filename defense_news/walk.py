"""The page walk's decisions, as plain functions: which listing entries to fetch, where a
listing walk stops, and which article pages are not stored (and why)."""

from __future__ import annotations

import logging
import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, tzinfo

from .dates import Moment, parse_iso
from .items import Article
from .pages import ArticlePage, ListingPage
from .run import Run
from .storage.known import KnownArticles

Count = Callable[[str], None]
# A date of month or year precision, as stored (docs/fields.md).
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass
class ListingWalk:
    """What one listing page gives: the articles to fetch, and whether the walk goes on."""

    wanted: list[str] = field(default_factory=list)
    empty: bool = False
    # Why the walk stops at this page (logged), or None.
    stop: str | None = None
    # An entry of the listing's own sequence is older than ``since``: no next page.
    older_than_since: bool = False


def read_listing(listing: ListingPage, run: Run, timezone: tzinfo, known: KnownArticles, count: Count) -> ListingWalk:
    """The entries of a listing page worth fetching, and whether its next page is."""
    response = listing.response
    entries = listing.entries()
    walk = ListingWalk(empty=not entries)
    count("listing_pages")
    if walk.empty:
        count("listing_empty")
    for entry in entries:
        if not run.on_site(entry.url):
            count("offsite_links_ignored")
            continue
        if entry.date is not None and run.before_since(entry.date, timezone):
            walk.older_than_since = walk.older_than_since or not entry.featured
            continue
        url = response.urljoin(entry.url)
        if not known.wants(url):
            if not known.count_differs(url, entry.comments):
                count("incremental/known_skipped")
                continue
            # The listing prints another comment count than the one stored: the thread changed
            # (a late approval, a removal), read before its turn in the rolling re-check.
            count("recheck/listing_count_differs")
        walk.wanted.append(entry.url)
    own = [e for e in entries if not e.featured]
    if known.all_known(response.urljoin(e.url) for e in own):
        count("incremental/listings_stopped")
        walk.stop = f"Stopping at {response.url}: every article on it is already stored"
    elif own and run.before_since(own[-1].date, timezone):
        walk.stop = f"Stopping {response.url}: listings older than since={run.since}"
    return walk


def not_stored(page: ArticlePage) -> tuple[tuple[str, ...], int, str] | None:
    """Why an article page is not stored: ``(stats to count, log level, message with the URL as %s)``;
    None for an article to store."""
    if page.is_not_found():
        # A "soft 404": the site's not-found page answered 200 (a cache, a plugin, a moved post).
        message = "Article not stored, %s failed: soft 404 (HTTP 200 with the site's not-found page)"
        return ("soft_404", "failed/article"), logging.ERROR, message
    if not page.is_article():
        return ("skipped/not_article",), logging.INFO, "Not an article page, skipped: %s"
    if page.is_unpublished():
        message = "Unpublished (draft/private) post reachable by URL, nothing stored: %s"
        return ("skipped/unpublished",), logging.WARNING, message
    if page.is_protected():
        return ("skipped/password_protected",), logging.INFO, "Password-protected post, nothing stored: %s"
    return None


def older_than_since(article: Article, run: Run, timezone: tzinfo) -> bool:
    """Whether a fetched article is older than ``-a since=`` by its own date: a listing entry the
    listing printed no date for (or a featured one, or a feed or sitemap entry dated otherwise) is
    fetched to be judged, never stored unjudged. Undated pages are kept (``since`` cannot tell)."""
    return run.before_since(latest_day(article.published_at), timezone)


def latest_day(value: str | None) -> Moment | None:
    """The moment a stored date stands for, a month or year only (``2022-10``, from a URL) by its
    last day, so that it is before ``since`` only when all of it is.

    >>> latest_day("2022-10"), latest_day("2021")
    (datetime.date(2022, 10, 31), datetime.date(2021, 12, 31))
    """
    if not value:
        return None
    match = _PARTIAL.match(value)
    if match is None:
        return parse_iso(value)
    year, month = int(match.group(1)), int(match.group(2) or 12)
    return date(year, month, monthrange(year, month)[1])
