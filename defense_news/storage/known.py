"""What a scheduled run already has of its site: the stored articles, read once at the start.

The spider asks two questions of it: should this article link be requested
(:meth:`KnownArticles.wants`), and may a category stop paginating here
(:meth:`KnownArticles.all_known`). Memory stays small: a set of URLs plus the
subset still worth refreshing, and the stored comment counts.

It also holds the page walk's **rolling re-check** (:attr:`KnownArticles.recheck`): older
articles a listing walk never reaches again (it stops at the first page of known ones) are
read again a slice a run, least recently read first, so each is read at least once every
``recheck_days``: a late-approved or edited comment, a retitled post, found within that period.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..dates import to_iso
from .base import StoredArticle


@dataclass
class KnownArticles:
    """Stored article URLs, and those to fetch again (recent, or touched by an interrupted run)."""

    urls: set[str] = field(default_factory=set)
    refresh: set[str] = field(default_factory=set)
    # False after an interrupted run: pages past a known one may never have been walked.
    may_stop_early: bool = True
    # Older articles read again this run (the rolling re-check), least recently read first.
    recheck: list[str] = field(default_factory=list)
    # Articles overdue for their re-check that the per-run cap left for the next run.
    recheck_left: int = 0
    # Stored comment counts, for listings that print one (a thread that changed is read again).
    comment_counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_stored(
        cls,
        stored: Iterable[StoredArticle],
        now: datetime,
        refresh_days: int,
        resume_since: str | None = None,
        recheck_days: int = 0,
        recheck_max: int = 0,
    ) -> KnownArticles:
        """Known articles published on or after ``now - refresh_days`` are fetched again for their new comments.

        After an interrupted run (``resume_since`` is its start), the articles it
        wrote are fetched again too, as their comment pages may not all have been
        stored; and pagination never stops early, as the interrupted run may not
        have reached later pages.
        """
        known = cls(may_stop_early=resume_since is None)
        cutoff = to_iso((now - timedelta(days=refresh_days)).date())
        older: list[StoredArticle] = []
        for article in stored:
            known.urls.add(article.url)
            if article.comment_count is not None:
                known.comment_counts[article.url] = article.comment_count
            published = article.published_at
            recent = published is None or published[:10] >= cutoff
            if recent or (resume_since is not None and article.last_seen >= resume_since):
                known.refresh.add(article.url)
            else:
                older.append(article)
        if recheck_days > 0 and older:
            known._pick_recheck(older, now, timedelta(days=recheck_days), recheck_max)
        return known

    def _pick_recheck(self, older: list[StoredArticle], now: datetime, period: timedelta, cap: int) -> None:
        """The older articles due again, least recently read first, at most ``cap``; what the
        cap leaves is counted and first in line next run.

        Each article falls due between half the period and the period after it was last read,
        at a point of its own (from its URL): a site stored in one day does not all fall due on
        one day, whatever the runs' schedule, and none waits longer than the period.
        """
        due = [a for a in older if a.last_seen < to_iso(now - period * _due_fraction(a.url))]
        due.sort(key=lambda a: (a.last_seen, a.url))
        self.recheck = [a.url for a in due[:cap]]
        self.refresh.update(self.recheck)
        self.recheck_left = len(due) - len(self.recheck)

    def wants(self, url: str) -> bool:
        return url not in self.urls or url in self.refresh

    def count_differs(self, url: str, shown: int | None) -> bool:
        """A listing shows a comment count other than the stored one: the thread changed."""
        stored = self.comment_counts.get(url)
        return shown is not None and stored is not None and shown != stored

    def all_known(self, urls: Iterable[str]) -> bool:
        """True when a listing page that shows ``urls`` ends an incremental walk."""
        urls = list(urls)
        return self.may_stop_early and bool(urls) and all(url in self.urls for url in urls)


def _due_fraction(url: str) -> float:
    """Between 0.5 and 1, fixed for a URL: the share of the re-check period it waits.

    >>> 0.5 <= _due_fraction("https://example.test/a/") < 1
    True
    """
    return 0.5 + zlib.crc32(url.encode()) / 2**33


def version_stamp(article: StoredArticle) -> str | None:
    """The stored copy's newest time, for a sitemap's ``lastmod`` check: its modified time when
    stored to the second, else its publication time, else whichever day it has.

    A page may print only the day of its update ("Last updated: January 7, 2025"): against a
    ``lastmod`` that day says nothing (an edit later that day is newer), while the publication's
    instant still tells an unedited post (``lastmod`` = publication) from an edited one. A stamp
    without a time is never "unchanged" (:func:`defense_news.pages.sitemap.unchanged`): fetched.

    >>> version_stamp(StoredArticle("u", "2025-01-05T08:00:00Z", "2025-01-07", "2025-01-08T00:00:00Z"))
    '2025-01-05T08:00:00Z'
    >>> version_stamp(StoredArticle("u", "2025-01-05T08:00:00Z", "2025-01-07T10:00:00Z", "2025-01-08T00:00:00Z"))
    '2025-01-07T10:00:00Z'
    """
    timed = (v for v in (article.modified_at, article.published_at) if v and "T" in v)
    return next(timed, article.modified_at or article.published_at)
