"""Bylines from article pages, for a ``source=rest`` crawl on a site whose REST API names no
users (user routes removed against "user enumeration"): plain state, the spider fetches.

One article page per author tells the author's name for all their articles; a page that
names several authors (co-authors) or none is the byline of its own article only, and a
theme that prints no byline on an author's first page does not on the others either.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..items import Article


@dataclass
class BylineWait:
    """Author ids → the names their pages print, and the articles waiting for them."""

    names: dict[int, list[str]] = field(default_factory=dict)
    waiting: dict[int, list[Article]] = field(default_factory=dict)

    def need(self, article: Article, author_id: int) -> tuple[Article | None, bool]:
        """``(article ready, or None while it waits; whether to fetch its page for the byline)``."""
        if author_id in self.names:
            names = self.names[author_id]
            return (replace(article, authors=names) if names else article), False
        queue = self.waiting.setdefault(author_id, [])
        queue.append(article)
        return None, len(queue) == 1

    def read(self, article: Article, author_id: int | None, names: list[str]) -> tuple[list[Article], list[Article]]:
        """An article page's byline: ``(articles ready, articles whose own page must say)``."""
        # Not "if author_id": WordPress gives a post without an author the id 0.
        others = [a for a in self.waiting.pop(author_id, []) if a is not article] if author_id is not None else []
        ready = [replace(article, authors=names) if names else article]
        if len(names) <= 1 and author_id is not None:
            # One name: the author's. None: the theme prints no byline, and the author's other
            # pages would not either (no request per article for nothing).
            self.names[author_id] = names
            ready += [replace(other, authors=names) if names else other for other in others]
            return ready, []
        # Several names (co-authors): each article's own page says.
        return ready, others

    def failed(self, article: Article, author_id: int | None) -> list[Article]:
        """An article's page failed: it goes without authors; the others waiting ask their own pages."""
        if author_id is None:
            return []
        return [other for other in self.waiting.pop(author_id, []) if other is not article]
