"""The speed layer: CSS queries translated once to cheaper XPath.

A CSS query whose branch starts with a bare class (``.x ...``) or id (``#x ...``) becomes an
XPath testing that on every element of the page; reached from the ``class``/``id``
attributes instead, the same elements come out in the same document order for about
half the cost (the test then runs on attributes only). And a query each of whose branches needs a
class, an id or an itemprop value the page does not use is not run at all (:func:`needed_tokens`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from cssselect import parse
from cssselect.parser import Attrib, Class, CombinedSelector, Hash, Tree
from parsel.csstranslator import HTMLTranslator

# Applied to the translated XPath:
_CLASS_STEP = re.compile(
    r"(^|\| )descendant-or-self::\*\[@class and contains\(@class, '([^']+)'\) and "
    r"contains\(concat\(' ', normalize-space\(@class\), ' '\), ' \2 '\)\]"
)
_ID_STEP = re.compile(r"(^|\| )descendant-or-self::\*\[@id = '([^']+)'\]")
_TRANSLATOR = HTMLTranslator()  # what parsel uses for HTML documents


@lru_cache(maxsize=256)
def css_to_xpath(query: str) -> str:
    """``query`` as parsel translates it, bare class/id steps reached from the attributes."""
    xpath = _TRANSLATOR.css_to_xpath(query)
    xpath = _CLASS_STEP.sub(
        r"\1//@class[contains(., '\2')][contains(concat(' ', normalize-space(.), ' '), ' \2 ')]/parent::*", xpath
    )
    return _ID_STEP.sub(r"\1//@id[. = '\2']/parent::*", xpath)


# The attributes whose values a query may need and the page's tokens hold (common.page_tokens).
TOKEN_ATTRIBUTES = ("class", "id", "itemprop")


@lru_cache(maxsize=256)
def needed_tokens(query: str) -> tuple[frozenset[str], ...] | None:
    """For each branch of ``query``, the tokens its match needs on the page: the classes, ids and
    ``[itemprop=…]`` values of the element or of the ancestors and siblings the branch names
    (``.a #b c.d:not(.e) > [itemprop=f]`` needs a, b, d and f); None when a branch needs none, and
    may match on any page. A page whose tokens (:func:`~defense_news.pages.common.page_tokens`) hold
    no branch's has no match: the whole-document query is skipped (most of the theme tables'
    queries, and the microdata and comment-form ones, about 0.1-1 ms each, on a page of another
    theme)."""
    branches = []
    for selector in parse(query):
        tokens = _required_tokens(selector.parsed_tree)
        if not tokens:
            return None
        branches.append(frozenset(tokens))
    return tuple(branches)


def _required_tokens(tree: Tree) -> set[str]:
    """The tokens of ``tree``'s own chain: a negation's, an ``:is()``'s or a ``:has()``'s
    alternatives are no requirement (only their ``selector``, the element they qualify, is). A value
    holding a space is none either: no token of the page's is one."""
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Class):
            found.add(node.class_name)
        elif isinstance(node, Hash):
            found.add(node.id)
        elif (
            isinstance(node, Attrib)
            and node.attrib in TOKEN_ATTRIBUTES
            and node.namespace is None
            and node.operator in ("=", "~=")
            and node.flag is None
            and node.value is not None
        ):
            found.add(node.value.value or "")
        if isinstance(node, CombinedSelector):
            stack.append(node.subselector)
        inner = getattr(node, "selector", None)
        if inner is not None:
            stack.append(inner)
    return {token for token in found if token and not any(c.isspace() for c in token)}
