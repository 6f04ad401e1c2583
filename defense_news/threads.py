"""The walk of an article's comment thread across its pages, as plain state.

A thread's first page is the article itself (or, on sites that open on the newest page,
the page the bare permalink shows); its other pages are followed from the page links.
A lost page (an error, a soft 404) leaves the thread incomplete: it is recorded
(:data:`defense_news.signals.thread_incomplete`) so the next run reads it again.

Once every page of a thread is read (:meth:`ThreadWalk.verdict`), the walk judges whether the
pages showed the whole thread: no page lost, every comment with its id, and as many comments as
the article page states (its heading's count; on a thread of one page without a heading, the
comments it shows). Only then may stored comments the pages no longer show be marked removed
(issue 20): a thread read in part proves nothing (nor, the spider adds, one showing no comment).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .urls import comment_page_number, comment_page_url


@dataclass
class PageThread:
    """One article's thread as this run's pages show it, until its last page is read."""

    # The count the article page gives (Article.comment_count as the page states it); None: unknown.
    stated: int | None
    ids: set[int] = field(default_factory=set)
    # Comments shown without an id: the pages cannot say which stored ones are gone.
    unnamed: int = 0
    # Comment pages asked for and not read (nor failed) yet.
    pending: int = 0
    problem: str | None = None
    # Pages of the thread followed, the first one included (ThreadWalk.max_pages bounds them).
    pages: int = 1
    # Links left unfollowed at ThreadWalk.max_pages (NextPages.capped says so the first time).
    capped: bool = False


@dataclass(frozen=True)
class NextPages:
    """What one page of a thread leads to (:meth:`ThreadWalk.pages_to_follow`): the comment pages
    to fetch, and why the walk stops short, for the spider to count and log."""

    urls: list[str]
    # A comment page showing no comment its thread's earlier pages did not: its links are not
    # followed (comment pagination that never ends: every comment-page-N linking N+1, or a site
    # that ignores the page number).
    repeats: bool = False
    # Links left at ThreadWalk.max_pages: True the first time for a thread only (said once).
    capped: bool = False


@dataclass(frozen=True)
class ThreadVerdict:
    """A thread whose pages are all read: the comment ids shown, and why they are not the
    whole thread (None: they are, by the pages' own evidence)."""

    article_url: str
    ids: frozenset[int]
    problem: str | None


class ThreadWalk:
    """Comment pages covered already, and the threads this run could not read whole."""

    def __init__(self, max_pages: int = 1000) -> None:
        # Pages one thread's walk reads at most: a guard against comment pagination that never
        # ends (a page showing no comment the earlier ones did not ends it first).
        self.max_pages = max_pages
        # Comment pages already covered by the page that showed them (the bare permalink).
        self.covered: set[str] = set()
        # Articles whose thread lost a comment page this run (each reported once).
        self.incomplete: set[str] = set()
        # Threads whose pages are still being read, by article URL.
        self.reading: dict[str, PageThread] = {}

    def opened(self, article_url: str, stated: int | None) -> None:
        """An article page read: its thread starts, with the count the page gives."""
        if article_url in self.reading:
            # Two pages claim one permalink (a redirect, a duplicate): which shows what is unclear.
            self.reading[article_url].problem = "its article page read twice"
            return
        self.reading[article_url] = PageThread(stated)

    def shown(self, article_url: str, ids: Iterable[int | None]) -> bool:
        """Comments a page of the thread shows (their ids; None for one without): False when it
        shows none the thread's earlier pages did not (its links lead round in a loop)."""
        thread = self.reading.get(article_url)
        if thread is None:
            return True  # a thread this run did not open: nothing to compare with
        new = False
        for comment_id in ids:
            if comment_id is None:
                thread.unnamed += 1
                new = True
            elif comment_id not in thread.ids:
                thread.ids.add(comment_id)
                new = True
        return new

    def page_done(self, article_url: str) -> None:
        """A comment page asked for is read, or failed (:meth:`lost_page` says which)."""
        thread = self.reading.get(article_url)
        if thread is not None:
            thread.pending -= 1

    def verdict(self, article_url: str) -> ThreadVerdict | None:
        """The thread judged once its last page is read (then forgotten); None while pages are pending."""
        thread = self.reading.get(article_url)
        if thread is None or thread.pending > 0:
            return None
        del self.reading[article_url]
        problem = thread.problem
        if problem is None and thread.unnamed:
            problem = f"{thread.unnamed} comments shown without an id"
        elif problem is None and thread.stated is None:
            problem = "the page states no count"
        elif problem is None and thread.stated != len(thread.ids):
            problem = f"the page states {thread.stated} comments, its pages show {len(thread.ids)}"
        return ThreadVerdict(article_url, frozenset(thread.ids), problem)

    def pages_to_follow(
        self,
        shown_url: str,
        shown_number: int | None,
        article_url: str,
        links: Iterable[str],
        *,
        fresh: bool = True,
        comment_page: bool = False,
    ) -> NextPages:
        """The comment pages a page links to that are still to fetch.

        ``shown_url`` is the page read; when it is the bare permalink, the comment page it showed
        (``shown_number``) counts as fetched: the same comments are not fetched twice. ``fresh`` is
        what :meth:`shown` said of the page's comments; ``comment_page``, that the page was fetched
        for its comments (an article page opens its thread: nothing to repeat)."""
        links = list(links)
        repeats = comment_page and not fresh and bool(links)
        if repeats:
            links = []
        if comment_page_number(shown_url) is None and shown_number is not None:
            self.covered.add(comment_page_url(article_url, shown_number))
        # Each page once, though every page links to the others: a thread's pages are counted
        # until read (a request the duplicate filter dropped would never be).
        follow = [url for url in dict.fromkeys(links) if url not in self.covered]
        thread = self.reading.get(article_url)
        capped = False
        if thread is not None:
            if thread.pages + len(follow) > self.max_pages:
                follow = follow[: max(0, self.max_pages - thread.pages)]
                thread.problem = f"more than {self.max_pages} comment pages"
                capped = not thread.capped
                thread.capped = True
            thread.pages += len(follow)
            thread.pending += len(follow)
        self.covered.update(follow)
        return NextPages(follow, repeats, capped)

    def lost_page(self, article_url: str) -> bool:
        """A page of this thread was lost: True the first time (the thread counts as incomplete once)."""
        if article_url in self.reading:
            self.reading[article_url].problem = "a page lost"
        if article_url in self.incomplete:
            return False
        self.incomplete.add(article_url)
        return True
