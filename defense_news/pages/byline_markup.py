"""Bylines in markup that is no theme's: schema.org microdata's ``itemprop="author"``, a news
agency's credit alone under the headline, the name on the post author's own comment
(``comment_class()``'s ``bypostauthor``). Layers of ``bylines.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ..html_text import SKIP_TAGS, clean_line, element_text
from .byline_names import AGENCIES
from .comments import commenter_name
from .common import ARTICLE_TYPES, WEB_PAGE_TYPES
from .date_scope import headline_h1
from .scope import PAGE_TAGS

if TYPE_CHECKING:
    from .article import ArticlePage

# schema.org microdata: an author element, the name inside it (not a nested item's own).
_ITEMPROP_AUTHOR = "//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' author ')]"
_ITEMPROP_NAME = "descendant::*[@itemprop='name'][1]"
# An author element's own text is a name when it is this short.
_MAX_NAME = 60
# comment_class()'s mark on the post author's comments, and core's comment name (``.fn``).
_BY_POST_AUTHOR = "//*[contains(concat(' ', normalize-space(@class), ' '), ' bypostauthor ')]"
_COMMENT_NAME = "descendant::*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')][1]"
# A comment template without ``.fn`` still names the block core's walker prints the name in
# (``<cite class="comment-author"><a class="url">Jane Doe</a></cite>``).
_COMMENT_AUTHOR = "descendant::*[contains(concat(' ', normalize-space(@class), ' '), ' comment-author ')][1]"


def microdata_authors(page: ArticlePage) -> list[str]:
    """The names of schema.org ``itemprop="author"`` elements outside sidebars, related posts,
    comments and other posts' elements: the nested ``itemprop="name"`` (its ``content`` or text),
    else the element's own ``content`` or short text."""
    names: list[str] = []
    for el in page.sel.root.xpath(_ITEMPROP_AUTHOR):
        if page._byline_other_region(el) or not _article_item(el):
            continue
        named = el.xpath(_ITEMPROP_NAME)
        if named:
            names.extend(n.get("content") or _first_line(n) for n in named[:1])
        elif el.get("content"):
            names.append(el.get("content"))
        elif not el.xpath("descendant::*[@itemprop]") and len(text := _first_line(el)) <= _MAX_NAME:
            names.append(text)
    return names


def _article_item(el: HtmlElement) -> bool:
    """An ``itemprop`` of the page's article (or of no item), not of a picture's (an ImageObject's
    author, a credit in a ``<figcaption>``), a comment's or another nested item's."""
    for anc in el.iterancestors():
        if anc.tag in ("figure", "figcaption"):
            return False
        if "itemscope" in anc.attrib:
            kind = (anc.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1]
            return kind in ARTICLE_TYPES or kind in WEB_PAGE_TYPES or not kind
    return True


def _first_line(el: HtmlElement) -> str:
    """The first line of an element's text, its blocks apart ("Martina Berg", not "Martina BergAutor")."""
    return clean_line(element_text(el).split("\n", 1)[0])


def wire_credit(page: ArticlePage) -> list[str]:
    """A news agency's name printed alone in the post's header, before its text (``<p class="credit">JIJI</p>``
    under the headline, "(AP)"): a wire story's credit, when nothing else names a writer."""
    container = page.body_selector
    stop = container.root if container is not None else None
    root = page.article_root
    if page.is_listing():
        return []
    # no post element (its classes a theme's own, renamed): the post's header is what lies between
    # the headline's <h1> and the text
    h1 = headline_h1(page) if root.tag in PAGE_TAGS and stop is not None else None
    if root.tag in PAGE_TAGS and h1 is None:
        return []
    headed = h1 is None
    for el in root.iter():
        if el is stop:
            break
        headed = headed or el is h1
        if not headed or not isinstance(el.tag, str) or el.tag in SKIP_TAGS or len(el):
            continue
        text = clean_line(el.text_content()).strip("()[] ")
        if text and text.casefold() in AGENCIES and not page._byline_outside(el):
            return [text]
    return []


def post_author_comment(page: ArticlePage) -> list[str]:
    """The name on a comment WordPress marks as the post's author's (``comment_class()``'s
    ``bypostauthor``): the account that wrote the post, when the page names it nowhere else."""
    for el in page.sel.root.xpath(_BY_POST_AUTHOR):
        fn = el.xpath(_COMMENT_NAME) or el.xpath(_COMMENT_AUTHOR)
        if fn and (name := commenter_name(fn[0])):  # without a "Post author" badge
            return [name]
    return []
