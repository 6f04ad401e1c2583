"""Which elements are the article's own: the post's element, without the comments, related
posts, sidebars, widgets and menus inside it (they print other posts' bylines and dates)."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

# Class or id words of the comments and the reply form (core's ``#comments``, ``.comment-list``, ``#respond``).
COMMENT_WORDS = ("comment", "respond")
# Class or id words of regions that are not the article: the comments, and the rest.
# ("footer" is not one: twentytwenty's article header has the class "header-footer-group".)
NOT_ARTICLE_WORDS = (*COMMENT_WORDS, "sidebar", "widget", "related", "menu")
NOT_ARTICLE_TAGS = ("aside", "nav", "form")
# … but an <aside> named for the post's meta holds its byline ("meta", "entry-meta", "article__meta"): for the
# byline rules only (Outside's ``keep``); the date rules' scope is left as it was.
_META_WORD = re.compile(r"(?:[\w]*[-_])?meta(?:[-_]\w*)?")
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
    return any(word in _names(el) for word in NOT_ARTICLE_WORDS)


def meta_aside(el: HtmlElement) -> bool:
    """An ``<aside>`` named for the post's meta ("meta", "entry-meta", "post-meta"): its byline
    beside the text, not a sidebar (read so by the byline rules' scope)."""
    return el.tag == "aside" and any(_META_WORD.fullmatch(word) for word in _names(el).split())


def comments_region(el: HtmlElement) -> bool:
    """The comments and the reply form (:data:`COMMENT_WORDS` in its class or id), whatever its tag."""
    return any(word in _names(el) for word in COMMENT_WORDS)


def _names(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()


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
    return Outside(root, post_id)(el)


class AncestorFacts:
    """Whether an ancestor of an element, below ``stop`` (or any, without one), is ``flagged``.

    Each element's answer is its parent's flag or its parent's answer, kept: asking it of every
    element of a tree costs the tree's size, not its size times its depth. A rule that asks it of
    each element of a page whose body sits 2,000 wrappers deep walked four million ancestors (6 s)."""

    def __init__(self, flagged: Callable[[HtmlElement], bool], stop: HtmlElement | None = None) -> None:
        self.flagged = flagged
        self.stop = stop
        # Elements, not id()s: a live lxml proxy is the one the tree hands out again.
        self.known: dict[HtmlElement, bool] = {}

    def __call__(self, el: HtmlElement) -> bool:
        climbed = []
        node = el
        while node not in self.known:
            parent = node.getparent()
            if parent is None or parent is self.stop:
                self.known[node] = False
                break
            climbed.append(node)
            node = parent
        answer = self.known[node]
        for below in reversed(climbed):  # from the highest, whose parent is node
            answer = answer or self.flagged(node)
            self.known[below] = answer
            node = below
        return answer


class Outside(AncestorFacts):
    """:func:`outside_article` of many elements under one ``root``, each ancestor judged once."""

    def __init__(
        self, root: HtmlElement | None, post_id: int | None = None, keep: frozenset[HtmlElement] | None = None
    ) -> None:
        super().__init__(self._not_own, root)
        self.post_id = post_id
        # The bylines' scope (``keep`` given: the wrappers around the post's text): those wrappers and
        # an <aside> named for the post's meta are the post's own.
        self.keep = keep

    def _not_own(self, el: HtmlElement) -> bool:
        if self.keep is not None and (el in self.keep or meta_aside(el)):
            return False
        return not_article(el) or other_post(el, self.post_id)


def in_article(root: HtmlElement, classes: frozenset[str]) -> list[HtmlElement]:
    """Elements of ``root`` with one of ``classes`` (or a matching itemprop), outside comments and related posts."""
    found = []
    outside = Outside(root)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tokens = el.get("class", "").split()
        if classes.isdisjoint(tokens) and el.get("itemprop") not in classes:
            continue
        if outside(el):
            continue
        found.append(el)
    return found
