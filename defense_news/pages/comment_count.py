"""How many comments an article has, as its page states it, and which third-party system
(Disqus, OpenWeb...) serves them when the page shows none itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import processors
from .common import string_values
from .selectors.core import COMMENT_FORM
from .selectors.themes import COMMENT_COUNT_SOURCES, COMMENT_SYSTEMS

if TYPE_CHECKING:
    from .article import ArticlePage


def comment_system(page: ArticlePage) -> str | None:
    """The third-party system serving this page's comments (Disqus, OpenWeb...), if the page shows none itself."""
    if page.thread.elements:
        return None  # the comments are in the page (e.g. Jetpack's comment form only)
    text = page.response.text
    for name, markers in COMMENT_SYSTEMS:
        if any(marker in text for marker in markers):
            return name
    return None


def comment_count(page: ArticlePage) -> list[str]:
    """The count the page states (the heading's own number, never one in the title), else what is known.

    Without a stated count: the comments shown, when they are the whole thread (no
    other comment pages); 0 when the thread is open (a comment form) and shows none.
    """
    invitation = None  # "Leave a comment", "Click to comment": 0 unless comments are shown
    for css in COMMENT_COUNT_SOURCES:
        values = page.css(f"{css}::attr(content)").getall() if "itemprop" in css else string_values(page.css(css))
        for value in values:
            if processors.comment_count(value) is None:
                continue
            if processors.is_invitation(value):
                invitation = invitation or value
                continue
            return [value]
    ld_count = [str(v) for v in page.jsonld.strings(page.jsonld.article(), "commentCount")][:1]
    if ld_count:
        return ld_count
    if page.comment_system() is not None:
        return []  # counted elsewhere (Disqus...): unknown here
    shown = len(page.thread.elements)
    if shown and not page.comment_page_urls():
        return [str(shown)]
    if invitation is not None and not shown:
        return [invitation]
    if not shown and page.css(COMMENT_FORM):
        return ["0"]  # an open thread with no comments yet
    return []
