"""CategoryBook: the category names a run has seen, for the slugs an article page leaves unnamed.

ZoxPress names an article's first category only; the others are post_class slugs
(``category-<slug>``), named on the page only when a link there names them (the menu). The
crawl sees more than one page: each category's listing names itself in its title, other
articles name their first category, REST answers name every term. The book keeps what was
seen (slug → name, the first name seen standing) and the articles that still wait for one.

An article is named from the book as it leaves the spider. One that leaves with a slug the
book learns later is named in the store (the ``categories_named`` signal), and in the feeds,
which hold it back until the book names its slugs or the feed closes
(:mod:`defense_news.exporters`, docs/extraction.md#categories). Plain state: the spider feeds it
(``spiders/category_names.py``), the ``CategoryNamesMiddleware`` asks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .items import Article


@dataclass
class Leaving:
    """An article as it leaves the spider, and what the book did to its categories."""

    article: Article
    named: int = 0  # slugs named from the book
    kept: list[str] = field(default_factory=list)  # slugs still without a name


@dataclass
class CategoryBook:
    names: dict[str, str] = field(default_factory=dict)
    # Article URL -> the slugs its page left unnamed: set when the page is read, taken as it leaves.
    expected: dict[str, list[str]] = field(default_factory=dict)
    # Slug -> the URLs of the articles that left with it: named in the store when the name comes.
    waiting: dict[str, set[str]] = field(default_factory=dict)
    # Names seen for a slug that differ from the first one (kept for the log and stats).
    disagreements: list[tuple[str, str, str]] = field(default_factory=list)
    # Article URL -> the slugs it left with, unnamed: the feeds name them once the book can.
    left: dict[str, list[str]] = field(default_factory=dict)

    def __setstate__(self, state: dict[str, object]) -> None:
        # A book a paused run pickled (JOBDIR) before `left` existed.
        self.__dict__.update({"left": {}, **state})

    def learn(self, slug: str | None, name: str | None) -> set[str]:
        """Take ``name`` for ``slug``; the URLs of the articles already out with that slug."""
        name = (name or "").strip()
        if not slug or not name:
            return set()
        known = self.names.get(slug)
        if known is not None:
            if known != name:
                self.disagreements.append((slug, known, name))
            return set()
        self.names[slug] = name
        return self.waiting.pop(slug, set())

    def expect(self, url: str | None, slugs: list[str]) -> None:
        """The page of ``url`` names these of its category slugs nowhere."""
        if url and slugs:
            self.expected[url] = list(slugs)

    def leaving(self, article: Article) -> Leaving:
        """``article`` with the slugs the book knows named; the others wait for a name."""
        slugs = [s for s in self.expected.pop(article.url or "", []) if s in article.categories]
        if not slugs:
            return Leaving(article)  # nothing unnamed, or REST named them all on the way
        known = {s: self.names[s] for s in slugs if s in self.names}
        kept = [s for s in slugs if s not in known]
        for slug in kept:
            self.waiting.setdefault(slug, set()).add(article.url or "")
        if kept:
            self.left[article.url or ""] = kept
        if known:
            article = named(article, known)
        return Leaving(article, len(known), kept)

    def names_for(self, article: Article) -> tuple[dict[str, str], bool]:
        """The names known now for the slugs ``article`` left with, and whether that is all of them."""
        kept = self.left.get(article.url or "", [])
        known = {s: self.names[s] for s in kept if s in self.names}
        return known, len(known) == len(kept)

    def unnamed(self) -> dict[str, int]:
        """Slugs no name came for, with the number of articles stored with each."""
        return {slug: len(urls) for slug, urls in sorted(self.waiting.items())}


def rename(values: list[str], names: Mapping[str, str]) -> list[str]:
    """``values`` with each slug of ``names`` replaced by its name, a name listed once.

    >>> rename(["Military", "analysis", "china"], {"analysis": "Defense Analysis"})
    ['Military', 'Defense Analysis', 'china']
    """
    return list(dict.fromkeys(names.get(v, v) for v in values))


def named(article: Article, names: Mapping[str, str]) -> Article:
    """The article with its category slugs named, the primary ``category`` too."""
    categories = rename(article.categories, names)
    category = names.get(article.category, article.category) if article.category else article.category
    return replace(article, categories=categories, category=category)
