"""What a scheduled run already has of its site: the stored articles, read once at the start.

The spider asks two questions of it: should this article link be requested
(:meth:`KnownArticles.wants`), and may a category stop paginating here
(:meth:`KnownArticles.all_known`). Memory stays small: a set of URLs plus the
subset still worth refreshing.
"""

from __future__ import annotations

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

    @classmethod
    def from_stored(
        cls, stored: Iterable[StoredArticle], now: datetime, refresh_days: int, resume_since: str | None = None
    ) -> KnownArticles:
        """Known articles published on or after ``now - refresh_days`` are fetched again for their new comments.

        After an interrupted run (``resume_since`` is its start), the articles it
        wrote are fetched again too, as their comment pages may not all have been
        stored; and pagination never stops early, as the interrupted run may not
        have reached later pages.
        """
        known = cls(may_stop_early=resume_since is None)
        cutoff = to_iso((now - timedelta(days=refresh_days)).date())
        for article in stored:
            known.urls.add(article.url)
            published = article.published_at
            recent = published is None or published[:10] >= cutoff
            if recent or (resume_since is not None and article.last_seen >= resume_since):
                known.refresh.add(article.url)
        return known

    def wants(self, url: str) -> bool:
        return url not in self.urls or url in self.refresh

    def all_known(self, urls: Iterable[str]) -> bool:
        """True when a listing page that shows ``urls`` ends an incremental walk."""
        urls = list(urls)
        return self.may_stop_early and bool(urls) and all(url in self.urls for url in urls)
