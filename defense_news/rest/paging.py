"""One rule for reading a paged REST list, used by every paged REST request.

The headers only help to ask ahead: ``X-WP-TotalPages`` may be missing (a proxy or cache
strips it) or wrong. A list ends by its records (an empty page, a short page with no more
announced, WordPress's past-the-last-page error), and a page that repeats records already
read ends it too (a server ignoring ``page=``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..items import Article, Comment

# A sequential list asks one page after another; a parallel one asks this many pages ahead of
# the page answered (within X-WP-TotalPages), so a header that lies high costs a few requests.
AHEAD = 8
# Empty pages in a row taken for the end, when X-WP-TotalPages says there are more.
EMPTY_PAGES_AT_END = 2


@dataclass(frozen=True)
class Ask:
    """A REST page to ask: which list, which page, its URL."""

    listing: str
    page: int
    url: str


@dataclass(frozen=True)
class Removal:
    """Records the site no longer shows (``kind``: ``articles`` or ``comments``), by id, and how that is known."""

    kind: str
    ids: tuple[int, ...]
    reason: str


@dataclass
class Step:
    """What one REST answer gives: items to yield, pages to ask next, records known gone, or why
    the answer is unusable."""

    items: list[Article | Comment] = field(default_factory=list)
    asks: list[Ask] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    # An answer that is no page of records (5xx, JSON cut short, not a list): ask again, then lose it.
    problem: str | None = None

    @property
    def urls(self) -> list[str]:
        return [ask.url for ask in self.asks]


@dataclass
class Paging:
    """Where one paged REST list stands: pages asked, read and lost, and where the list ends.

    The headers only help to ask ahead: ``X-WP-TotalPages`` may be missing (a proxy or cache
    strips it) or wrong. The list ends at the first page past the records: an empty page,
    a short page with no more announced, or WordPress's past-the-last-page error. It is read
    to the end when every page before that answered with its records.
    """

    name: str
    url: Callable[[int], str]
    per_page: int
    ahead: int = 1
    asked: set[int] = field(default_factory=set)
    read: set[int] = field(default_factory=set)
    lost: dict[int, str] = field(default_factory=dict)
    end: int | None = None
    total_pages: int | None = None
    total: int | None = None
    ids: set[int] = field(default_factory=set)
    empties: int = 0

    def ask(self, pages: Iterable[int]) -> list[Ask]:
        new = [n for n in pages if n not in self.asked and (self.end is None or n < self.end)]
        self.asked.update(new)
        return [Ask(self.name, n, self.url(n)) for n in new]

    @property
    def pending(self) -> bool:
        """Pages asked and not yet answered (before the end)."""
        return any(n not in self.read and n not in self.lost and (self.end is None or n < self.end) for n in self.asked)

    @property
    def waiting(self) -> list[int]:
        """The pages :attr:`pending` names."""
        return sorted(n for n in self.asked - self.read - self.lost.keys() if self.end is None or n < self.end)

    @property
    def complete(self) -> bool:
        return self.end is not None and all(n in self.read for n in range(1, self.end))

    @property
    def losses(self) -> dict[int, str]:
        return {n: why for n, why in self.lost.items() if self.end is None or n < self.end}

    def _ends_at(self, page: int) -> None:
        self.end = page if self.end is None else min(self.end, page)

    def past_last(self, page: int) -> None:
        self._ends_at(page)

    def records(self, page: int, records: list[Any], total: int | None, total_pages: int | None) -> list[Ask]:
        """A page of records read: the pages to ask next."""
        self.read.add(page)
        self.lost.pop(page, None)
        if total_pages is not None:
            self.total_pages = max(self.total_pages or 0, total_pages)
        if self.end is not None and page >= self.end and records:
            self.end = None  # records past what looked like the end: keep going
        ids = {r["id"] for r in records if isinstance(r, dict) and isinstance(r.get("id"), int)}
        if page > 1 and ids and ids <= self.ids:
            # The server ignores page= (or a cache answers every page alike): nothing further is readable.
            self.lost[page] = "the page repeats records already read"
            self._ends_at(page + 1)
            return []
        self.ids |= ids
        more = self.total_pages is not None and page < self.total_pages
        if not records:
            if more and self.empties < EMPTY_PAGES_AT_END:
                self.empties += 1
                return self.ask([page + 1])
            self._ends_at(page)
            return []
        self.empties = 0
        if len(records) < self.per_page and self._last_page(page, total, total_pages):
            self._ends_at(page + 1)
            return []
        # A full page, or a short one the headers do not show to be the last (a comment page
        # is short when it holds comments REST counts but does not show): ask on. Past the
        # end, WordPress answers an empty list or its past-the-last-page error.
        last = max(page + 1, min(self.total_pages or 0, page + self.ahead))
        return self.ask(range(page + 1, last + 1))

    def _last_page(self, page: int, total: int | None, total_pages: int | None) -> bool:
        """The headers say this page is the last, and agree with each other."""
        if total is None or total_pages is None:
            return False
        return page >= total_pages == math.ceil(total / self.per_page)

    def lose(self, page: int, reason: str) -> list[Ask]:
        """A page given up on: the list goes on past it when more pages are announced."""
        self.lost[page] = reason
        if self.total_pages is not None and page < self.total_pages:
            return self.ask([page + 1])
        return []
