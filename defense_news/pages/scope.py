"""Which elements are the article's own: the post's element, without the comments, related
posts, sidebars, widgets and menus inside it (they print other posts' bylines and dates)."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# Class or id words of regions that are not the article.
# ("footer" is not one: twentytwenty's article header has the class "header-footer-group".)
NOT_ARTICLE_WORDS = ("comment", "sidebar", "widget", "related", "menu", "respond")
NOT_ARTICLE_TAGS = ("aside", "nav", "form")
# <body> and <html> classes describe the whole page, not a region of it: twentytwentyone's
# "no-widgets" (a site without widgets), OceanWP's "has-sidebar" would otherwise put every
# element of the page in a "widget" or a "sidebar".
PAGE_TAGS = frozenset({"body", "html"})
# post_class()'s "post-N" token.
POST_CLASS = re.compile(r"^post-\d+$")


def not_article(el: HtmlElement) -> bool:
    """Comments, related posts, sidebars, widgets and menus: other posts' bylines and dates."""
    if el.tag in NOT_ARTICLE_TAGS:
        return True
    if el.tag in PAGE_TAGS:
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return any(word in names for word in NOT_ARTICLE_WORDS)


def post_element(root: HtmlElement, post_id: int | None) -> HtmlElement | None:
    """The post's own element: post_class()'s ``post-N`` class or ``#post-N`` (N the post's id)."""
    if post_id is None:
        return None
    token = f"post-{post_id}"
    for attr in root.xpath(f"//@id[. = '{token}'] | //@class[contains(., '{token}')]"):
        if attr.attrname == "id" or token in attr.split():
            return attr.getparent()
    return None


def article_root(root: HtmlElement, post_id: int | None) -> HtmlElement:
    """The post's own element (post_class() ``post-N`` or ``#post-N``), else ``<article>``/``<main>``/``<body>``."""
    post = post_element(root, post_id)
    if post is not None:
        return post
    for tag in ("article", "main", "body"):
        found = next(root.iter(tag), None)
        if found is not None:
            return found
    return root


def other_post(el: HtmlElement, post_id: int | None) -> bool:
    """An element post_class() marks as another post (``post-M``): a related post, a teaser."""
    if post_id is None or "post-" not in (el.get("class") or ""):
        return False
    own = f"post-{post_id}"
    return any(POST_CLASS.match(token) and token != own for token in el.get("class", "").split())


def outside_article(el: HtmlElement, root: HtmlElement, post_id: int | None = None) -> bool:
    """True if ``el`` sits in comments, related posts or a sidebar inside the article's element ``root``,
    or in another post's post_class() element (post ``post_id``'s related posts without a telling class)."""
    for ancestor in el.iterancestors():
        if ancestor is root:
            return False
        if not_article(ancestor) or other_post(ancestor, post_id):
            return True
    return False


def in_article(root: HtmlElement, classes: frozenset[str]) -> list[HtmlElement]:
    """Elements of ``root`` with one of ``classes`` (or a matching itemprop), outside comments and related posts."""
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tokens = el.get("class", "").split()
        if classes.isdisjoint(tokens) and el.get("itemprop") not in classes:
            continue
        if outside_article(el, root):
            continue
        found.append(el)
    return found
