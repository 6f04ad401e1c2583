"""The walk of an article's comment thread across its pages, as plain state.

A thread's first page is the article itself (or, on sites that open on the newest page,
the page the bare permalink shows); its other pages are followed from the page links.
A lost page (an error, a soft 404) leaves the thread incomplete: it is recorded
(:data:`defense_news.signals.thread_incomplete`) so the next run reads it again.
"""

from __future__ import annotations

from collections.abc import Iterable

from .urls import comment_page_number, comment_page_url


class ThreadWalk:
    """Comment pages covered already, and the threads this run could not read whole."""

    def __init__(self) -> None:
        # Comment pages already covered by the page that showed them (the bare permalink).
        self.covered: set[str] = set()
        # Articles whose thread lost a comment page this run (each reported once).
        self.incomplete: set[str] = set()

    def pages_to_follow(
        self, shown_url: str, shown_number: int | None, article_url: str, links: Iterable[str]
    ) -> list[str]:
        """The comment pages a page links to that are still to fetch.

        ``shown_url`` is the page read; when it is the bare permalink, the comment page it showed
        (``shown_number``) counts as fetched: the same comments are not fetched twice."""
        if comment_page_number(shown_url) is None and shown_number is not None:
            self.covered.add(comment_page_url(article_url, shown_number))
        return [url for url in links if url not in self.covered]

    def lost_page(self, article_url: str) -> bool:
        """A page of this thread was lost: True the first time (the thread counts as incomplete once)."""
        if article_url in self.incomplete:
            return False
        self.incomplete.add(article_url)
        return True
