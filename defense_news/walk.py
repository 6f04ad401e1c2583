"""The page walk's decisions, as plain functions and state: which listing entries to fetch,
where a listing walk stops, which article pages are not stored (and why), and what the run
found where (:class:`Findings`)."""

from __future__ import annotations

import logging
import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, tzinfo
from typing import Protocol

from .dates import Moment, parse_iso
from .items import Article
from .pages import ArticlePage, ListingPage
from .run import Run
from .storage.known import KnownArticles
from .urls import listing_base


class Count(Protocol):
    """The spider's stats counter (``defense_news/<name>``)."""

    def __call__(self, name: str, amount: int = 1) -> None: ...


# A date of month or year precision, as stored (docs/fields.md).
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass
class Findings:
    """The articles the run found, and where it looked in vain.

    A run that found no article anywhere it looked ends ``articles_not_found``
    (:mod:`defense_news.outcome`); one that found known articles and nothing new did its job.
    An article is found once a listing shows it (a known theme's entry, a stored article, a
    dated one older than ``since``), a feed, sitemap or the REST API lists it, or its page
    reads as an article: a guessed link (an unknown theme's) that turns out to be no
    article is not one.
    """

    count: Count
    urls: set[str] = field(default_factory=set)
    # Posts the REST API listed (no URLs kept: each post once by construction).
    posts: int = 0
    # Where nothing was found, the first few ("feed http://x/feed/ (HTTP 404)"), and how many more.
    nothing: list[str] = field(default_factory=list)
    more: int = 0
    # An incremental REST read lists only what changed: none is nothing new, not nothing found.
    changes_only: bool = False
    # A finish reason the spider gave already, which says more (rest_incomplete).
    closing: str | None = None

    def article(self, url: str) -> None:
        if url not in self.urls:
            self.urls.add(url)
            self.count("articles_found")

    def listed_posts(self, posts: int, changes_only: bool) -> None:
        self.posts += posts
        self.changes_only = self.changes_only or changes_only
        if posts:
            self.count("articles_found", posts)

    def page(self, url: str, skip: Skip | None) -> None:
        """A fetched page: an article (stored or not, see :func:`not_stored`), or none."""
        if no_article(skip):
            self.nothing_at(f"page {url} (no article)")
        else:
            self.article(url)

    def nothing_at(self, place: str) -> None:
        if len(self.nothing) < 5:
            self.nothing.append(place)
        else:
            self.more += 1

    def failure(self, site: str) -> str | None:
        """The one line saying what was not found where, for a run that found no article; else None."""
        if self.urls or self.posts or self.changes_only or self.closing:
            return None
        where = "; ".join(self.nothing) or "no listing, feed, sitemap or REST list answered"
        more = f" and {self.more} more places" if self.more else ""
        return f"No articles found on {site} where the run looked: {where}{more}"


@dataclass
class ListingWalks:
    """The run's listing walks (a listing and its ``page/N/`` pages): what each listed so far.

    Two guards against a listing whose pagination never ends (a trap, or a broken theme that
    links page N+1 from every page): a page after the first that lists no article the walk's
    earlier pages did not ends the walk, and no walk goes past ``max_pages`` pages
    (``DEFENSE_NEWS_MAX_LISTING_PAGES``). "Not listed earlier in this walk", not "in this run":
    categories share articles, and a category's page whose articles all appeared in other
    categories may still be followed by pages of its own.
    """

    max_pages: int
    findings: Findings
    listed: dict[str, set[str]] = field(default_factory=dict)
    # The guards that stopped a walk already (each is logged once as a warning, then quietly).
    warned: set[str] = field(default_factory=set)

    def adds(self, listing_url: str, urls: list[str]) -> bool:
        """Whether a listing page lists an article its walk had not listed; records them."""
        seen = self.listed.setdefault(listing_base(listing_url), set())
        new = not seen.issuperset(urls) if urls else False
        seen.update(urls)
        return new

    def level(self, guard: str) -> int:
        if guard in self.warned:
            return logging.DEBUG
        self.warned.add(guard)
        return logging.WARNING


@dataclass
class ListingWalk:
    """What one listing page gives: the articles to fetch, and whether the walk goes on."""

    wanted: list[str] = field(default_factory=list)
    empty: bool = False
    # Why the walk stops at this page (logged at ``stop_level``), or None.
    stop: str | None = None
    stop_level: int = logging.INFO
    # An entry of the listing's own sequence is older than ``since``: no next page.
    older_than_since: bool = False


def read_listing(
    listing: ListingPage,
    page: int,
    run: Run,
    timezone: tzinfo,
    known: KnownArticles,
    walks: ListingWalks,
    count: Count,
) -> ListingWalk:
    """The entries of page ``page`` (of its walk) of a listing worth fetching, and whether its next page is."""
    response, findings = listing.response, walks.findings
    entries = listing.entries()
    walk = ListingWalk(empty=not entries)
    count("listing_pages")
    if walk.empty:
        count("listing_empty")
        findings.nothing_at(f"listing {response.url} (no article links)")
    for entry in entries:
        if not run.on_site(entry.url):
            count("offsite_links_ignored")
            continue
        url = response.urljoin(entry.url)
        if not entry.guessed:
            findings.article(url)
        if entry.date is not None and run.before_since(entry.date, timezone):
            walk.older_than_since = walk.older_than_since or not entry.featured
            continue
        if not known.wants(url):
            findings.article(url)  # stored by an earlier run: an article, guessed or not
            if not known.count_differs(url, entry.comments):
                count("incremental/known_skipped")
                continue
            # The listing prints another comment count than the one stored: the thread changed
            # (a late approval, a removal), read before its turn in the rolling re-check.
            count("recheck/listing_count_differs")
        walk.wanted.append(entry.url)
    own = [e for e in entries if not e.featured]
    adds = walks.adds(response.url, [response.urljoin(e.url) for e in own])
    if known.all_known(response.urljoin(e.url) for e in own):
        count("incremental/listings_stopped")
        walk.stop = f"Stopping at {response.url}: every article on it is already stored"
    elif own and run.before_since(own[-1].date, timezone):
        walk.stop = f"Stopping {response.url}: listings older than since={run.since}"
    elif page > 1 and not adds:
        count("listing/no_new_articles")
        walk.stop_level = walks.level("no_new_articles")
        walk.stop = (
            f"Stopping {response.url}: page {page} of this listing lists no article its earlier pages did not "
            "(pagination that never ends?)"
        )
    elif page >= walks.max_pages:
        count("listing/max_pages_reached")
        walk.stop_level = walks.level("max_pages")
        walk.stop = (
            f"Stopping {response.url}: {page} pages of this listing read, the most "
            f"DEFENSE_NEWS_MAX_LISTING_PAGES={walks.max_pages} allows"
        )
    return walk


# Why a page is not stored: (stats to count, log level, message with the URL as %s).
Skip = tuple[tuple[str, ...], int, str]


def not_stored(page: ArticlePage) -> Skip | None:
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


def no_article(skip: Skip | None) -> bool:
    """Whether :func:`not_stored`'s reason says the page is no article at all (a not-found or
    other page), rather than an article not to store (unpublished, protected)."""
    return skip is not None and skip[0][0] in {"soft_404", "skipped/not_article"}


def too_old(article: Article, run: Run, timezone: tzinfo) -> Skip | None:
    """Why a fetched article is not stored when it is older than ``-a since=`` by its own date: a
    listing entry the listing printed no date for (or a featured one, or a feed or sitemap entry
    dated otherwise) is fetched to be judged, never stored unjudged. Undated pages are kept
    (``since`` cannot tell)."""
    if not run.before_since(latest_day(article.published_at), timezone):
        return None
    message = f"Older than since={run.since} by its own date ({article.published_at}), not stored: %s"
    return ("skipped/older_than_since",), logging.INFO, message


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


# More stored articles than this answering WordPress's "not found" page in one run, and more
# than the article pages the run read, is the site's fault (its permalinks broken by a
# migration, a plugin's rewrite rules flushed), not as many posts taken down at once.
SITE_WIDE_NOT_FOUND = 3


@dataclass
class GonePages:
    """Stored articles whose page WordPress itself answered "not found" this run (its 404
    template, ``body.error404``: no public post at that address, as for a post trashed,
    unpublished or made private), judged once the run is idle (:meth:`verdict`).

    A 404 without that template (a proxy's, a CDN's, a bare server's) is no such statement and
    never comes here. Judged at the end rather than at once, because a page's answer may come
    before the run has read anything else of the site."""

    not_found: list[str] = field(default_factory=list)
    # Article pages the run read as articles: the site's posts answered.
    read: int = 0

    def verdict(self, listed: set[str]) -> tuple[list[str], list[str], str | None]:
        """``(gone, kept, why kept)``, then forgets the pages: those still listed by this run's
        listings are kept (the listing says the post is there), and all are kept when the whole
        site seems to answer "not found" (:data:`SITE_WIDE_NOT_FOUND`).

        >>> GonePages(["/a/", "/b/"], read=5).verdict(listed={"/b/"})
        (['/a/'], ['/b/'], 'still listed by this run')
        >>> GonePages([f"/{n}/" for n in range(4)], read=2).verdict(listed=set())[2]
        "4 stored articles answered not found, 2 read: the site's fault"
        >>> GonePages([f"/{n}/" for n in range(4)], read=9).verdict(listed=set())[0]
        ['/0/', '/1/', '/2/', '/3/']
        """
        pages, self.not_found = list(dict.fromkeys(self.not_found)), []
        if len(pages) > max(SITE_WIDE_NOT_FOUND, self.read):
            return [], pages, f"{len(pages)} stored articles answered not found, {self.read} read: the site's fault"
        kept = [url for url in pages if url in listed]
        return [url for url in pages if url not in listed], kept, "still listed by this run" if kept else None
