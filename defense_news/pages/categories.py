"""An article's categories and tags: names where the page prints them, slugs from post_class()
named from the page's category links, and links to the category listings.

A slug the page names nowhere is kept as it is and said so (:attr:`CategoryTerms.unnamed`):
the crawl names it from what else it reads (:mod:`defense_news.categorybook`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml.html import HtmlElement
from parsel import Selector, SelectorList

from ..html_text import clean_line
from ..urls import category_slug, join, strip_query
from .common import first_layer, string_values
from .selectors.core import (
    CATEGORY_CLASS_PREFIX,
    CATEGORY_LINKS,
    CATEGORY_REL,
    CATEGORY_TERMS_ANCESTOR,
    POST_ELEMENT_CLASS,
    TAG_LINKS,
    TAG_REL,
)
from .selectors.metadata import KEYWORD_LINKS
from .selectors.themes import (
    CATEGORY_LISTING_LINKS,
    CATEGORY_NAMES,
    TAG_NAMES,
    ZOX_CATEGORY,
    ZOX_CATEGORY_HREF,
    ZOX_CATEGORY_LINK,
    ZOX_TAGS,
)

if TYPE_CHECKING:
    from .article import ArticlePage


def category_links(root: HtmlElement, category_base: str) -> list[HtmlElement]:
    """Links that may lead to a category listing: under ``/<category_base>/`` or marked ``rel="category"``."""
    return list(CATEGORY_LINKS(root, path=f"/{category_base.strip('/')}/"))


@dataclass
class CategoryTerms:
    """An article's categories as the page gives them."""

    # Names in the site's order; a slug stands where the page names a category nowhere.
    names: list[str] = field(default_factory=list)
    # post_class slugs the page names (slug -> name): what the crawl learns from this page.
    named: dict[str, str] = field(default_factory=dict)
    # post_class slugs kept as they are in ``names``: no name on the page.
    unnamed: list[str] = field(default_factory=list)


def categories(page: ArticlePage) -> CategoryTerms:
    """The article's categories: names where the page prints names, else post_class slugs."""
    terms = CategoryTerms()
    zox_primary = string_values(page.css(ZOX_CATEGORY_LINK)) or string_values(page.css(ZOX_CATEGORY))

    def from_post_class() -> list[str]:
        if page.post_element is None:
            return []
        slugs = post_class_slugs(page)
        known = category_names(page, slugs) if slugs else {}
        if not slugs or slugs[0] not in known:
            return []  # no value made of slugs alone
        terms.named.update(known)
        terms.unnamed += [s for s in slugs if s not in known]
        return [known.get(s, s) for s in slugs]

    terms.names = first_layer(
        zox_primary,
        lambda: page.jsonld.strings(page.jsonld.article(), "articleSection"),
        lambda: string_values(page.css(CATEGORY_NAMES)),
        lambda: [clean_line(a.text_content()) for a in post_links(page, CATEGORY_REL)],
        from_post_class,
    )
    if zox_primary:
        # ZoxPress names only the first category; the others survive as post_class slugs.
        primary_href = page.css(ZOX_CATEGORY_HREF).get() or ""
        primary_slug = primary_href.rstrip("/").rsplit("/", 1)[-1]
        if primary_slug:
            terms.named[primary_slug] = terms.names[0]
        others = [s for s in post_class_slugs(page) if s != primary_slug]
        known = category_names(page, others) if others else {}
        terms.named.update(known)
        terms.unnamed += [s for s in others if s not in known]
        terms.names += [known.get(s, s) for s in others]
    return terms


def post_class_slugs(page: ArticlePage) -> list[str]:
    """The category slugs post_class() prints on the post's element (``category-<slug>``)."""
    post = page.post_element
    classes = ((post.get("class") if post is not None else page.css(POST_ELEMENT_CLASS).get()) or "").split()
    return [c[len(CATEGORY_CLASS_PREFIX) :] for c in classes if c.startswith(CATEGORY_CLASS_PREFIX)]


def post_links(page: ArticlePage, rel: str) -> list[HtmlElement]:
    """Links marked ``rel`` (core's ``rel="category tag"``, ``rel="tag"``) in the post's own element,
    outside its comments and related posts: for a theme whose classes and sections say nothing."""
    post = page.post_element
    if post is None:
        return []
    return [
        a
        for a in post.iter("a")
        if rel in (a.get("rel") or "").split() and a.get("href") and not page._outside_article(a)
    ]


def category_names(page: ArticlePage, slugs: list[str]) -> dict[str, str]:
    """Category slug → name for ``slugs``, from the category links anywhere on the page (menu, widgets, terms).

    A theme that prints only the primary category's name still links the others in its
    menu or sidebar, with their names: a slug is stored as that name where the page shows it.
    A link is a category's when its path is under the site's category base
    (``/<category_base>/[parent/]slug/``), or when WordPress marks it ``rel="category"``
    (the_category() prints ``rel="category tag"``), whatever the base.
    """
    wanted = set(slugs)
    names: dict[str, str] = {}
    for a in category_links(page.sel.root, page.category_base):
        url = join(page.response.url, (a.get("href") or "").strip())
        slug = category_slug(url, page.category_base)
        if slug is None and CATEGORY_REL in (a.get("rel") or "").split():
            slug = urlsplit(url).path.rstrip("/").rpartition("/")[2] or None
        if slug not in wanted or slug in names:
            continue
        name = clean_line(a.text_content())
        if name:
            names[slug] = name
            if len(names) == len(wanted):
                break
    return names


def category_urls(page: ArticlePage, category_base: str) -> list[str]:
    """Links to this article's category listings (``/<category_base>/slug/``)."""
    urls = []
    hrefs = page.css(CATEGORY_LISTING_LINKS).xpath("@href").getall() or [
        a.get("href") or "" for a in post_links(page, CATEGORY_REL)
    ]
    for href in hrefs:
        url = strip_query(join(page.response.url, href.strip()))
        if category_slug(url, category_base) and url not in urls:
            urls.append(url)
    return urls


def tags(page: ArticlePage) -> list[str]:
    return first_layer(
        string_values(page.css(ZOX_TAGS)),
        lambda: string_values(page.css(KEYWORD_LINKS)),
        lambda: [
            k.strip() for value in page.jsonld.strings(page.jsonld.article(), "keywords") for k in value.split(",")
        ],
        lambda: string_values(page.css(TAG_NAMES)),
        lambda: tag_links(page),
    )


def tag_links(page: ArticlePage) -> list[str]:
    """the_tags()' links, marked rel="tag" whatever the site's tag base.

    the_category() marks its links rel="category tag" (left out by the exact match), but
    block themes print categories with rel="tag" too: links to the site's category
    listings, or in the categories' block, are not tags.
    """
    links = page.css(TAG_LINKS) or SelectorList(
        Selector(root=a) for a in post_links(page, TAG_REL) if (a.get("rel") or "").split() == [TAG_REL]
    )
    return string_values(
        SelectorList(
            a
            for a in links
            if not a.xpath(CATEGORY_TERMS_ANCESTOR)
            and category_slug(join(page.response.url, (a.attrib.get("href") or "").strip()), page.category_base) is None
        )
    )
