"""An article's authors: the layers of byline sources, and byline texts split into names."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ..html_text import clean_line, element_text
from .common import first_layer, string_values
from .scope import not_article
from .selectors.core import AUTHOR_HREF, AUTHOR_LINK_CLASS, AUTHOR_REL, SCREEN_READER
from .selectors.metadata import AUTHOR_NAME, AUTHOR_NAME_CONTENT
from .selectors.themes import AUTHOR_BIO_TITLE, BYLINES, ZOX_AUTHOR, ZOX_AUTHOR_BOX, ZOX_AUTHOR_LINK

if TYPE_CHECKING:
    from .article import ArticlePage

# "By Jane Doe and John Roe", "Von Anna Müller und Jonas Weber", "Jane Doe, John Roe & Ann Lee"
_NAME_SEPARATORS = re.compile(r"\s*,\s*(?:and\s+|und\s+)?|\s+(?:and|und|et|y|&)\s+", re.I)
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "phd", "ph.d.", "md", "ii", "iii"})
_BY_PREFIX = re.compile(r"^(?:written\s+)?(?:by|von|par|por)\s*:?\s+", re.I)


def unique_names_plain(names: list[str | None]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def unique_names(names: list[str]) -> list[str]:
    """Byline texts as single names: the "By" prefix off, split on "and"/commas, each once.

    >>> unique_names(["By Jane Doe and John Roe", "Jane Doe", "Martin Luther King, Jr."])
    ['Jane Doe', 'John Roe', 'Martin Luther King']
    """
    out: list[str] = []
    for text in names:
        for part in _NAME_SEPARATORS.split(_BY_PREFIX.sub("", text)):
            name = part.strip(" .,;:|")
            if name and name.lower() not in _NAME_SUFFIXES and name not in out:
                out.append(name)
    return out


def authors(page: ArticlePage) -> list[str]:
    """The first byline source that names anyone, as single names."""

    def twitter_author() -> list[str | None]:
        if (page.meta("twitter:label1") or "").lower().startswith("written"):
            return [page.meta("twitter:data1")]
        return []

    names = first_layer(
        lambda: string_values(page._css(*ZOX_AUTHOR_LINK)) or string_values(page._css(*ZOX_AUTHOR)),
        lambda: string_values(page.css(ZOX_AUTHOR_BOX)),
        lambda: page.css(AUTHOR_NAME_CONTENT).getall() or string_values(page.css(AUTHOR_NAME)),
        lambda: page.jsonld.names(page.jsonld.article(), "author"),
        # The theme's byline in the article (a table of theme classes), then author links;
        # a site's meta author is often a house account and comes after them.
        lambda: next((found for css in BYLINES if (found := article_values(page, css))), []),
        lambda: string_values(page.css(AUTHOR_BIO_TITLE)),
        lambda: author_links(page),
        lambda: [
            clean_line(a.text_content())
            for a in page.article_root.iter("a")
            if AUTHOR_REL in (a.get("rel") or "").split()
            and AUTHOR_LINK_CLASS not in (a.get("class") or "")
            and not page._outside_article(a)
        ],
        lambda: [page.meta("author")],
        twitter_author,
    )
    return unique_names(names)


def article_values(page: ArticlePage, css: str) -> list[str]:
    """Text of ``css`` matches in the article's own element, else anywhere outside sidebars,
    related posts and comments."""
    root = page.article_root
    found = [sel.root for sel in page.css(css) if isinstance(sel.root, HtmlElement)]
    inside = [el for el in found if (el is root or root in el.iterancestors()) and not page._outside_article(el)]
    if not inside:
        inside = [el for el in found if not any(not_article(a) for a in el.iterancestors())]
    return [text for el in inside if (text := clean_line(element_text(el, SCREEN_READER)))]


def author_links(page: ArticlePage) -> list[str]:
    """Links to author archives (``/author/<slug>/``) in the article's own element: the_author_posts_link()."""
    names = []
    for a in page.article_root.iter("a"):
        href = a.get("href") or ""
        if not AUTHOR_HREF.search(urlsplit(href).path):
            continue
        if page._outside_article(a):
            continue
        names.append(clean_line(a.text_content()))
    return names
