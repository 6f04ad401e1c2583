"""A text a page prints in several containers the same query finds: the chapô and the text, each
an ``.entry-content``; sections with an ad slot between them, each ``[itemprop=articleBody]``;
paragraphs each marked ``itemprop=articleBody`` under the text's own subheadings. See
``body.find_body``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lxml import etree
from lxml.html import HtmlElement

from ..html_text import SKIP_TAGS

# The text's own subheadings, which may stand between two of its containers.
_SUBHEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# The longest subheading between two containers.
MAX_SUBHEADING_CHARS = 150


def pieces(
    found: Sequence[HtmlElement],
    chosen: HtmlElement,
    boilerplate: Callable[[HtmlElement], bool],
    region: Callable[[HtmlElement], bool],
) -> list[HtmlElement]:
    """``chosen`` and the containers of ``found`` (in document order) that continue it, with the
    subheadings between them, in order.

    One continues the text when the page prints nothing between it and the last piece but
    ``boilerplate`` (an ad slot and its label, a share bar, a captioned picture), scripts, and the
    text's subheadings (``<h2>``–``<h6>`` of at most MAX_SUBHEADING_CHARS, mostly not links), which
    are pieces too. Any other text between them ends the run: a teaser's headline, a comment's meta
    line. No piece is in a ``region`` (comments, related posts, sidebars) ``chosen`` is not in,
    holds or is held by another (a teaser's container inside the text, the text's inside a wrapper
    of the same name), or is mostly links (teasers of other posts, each a container of the same
    name: "<div class="article-content"><a>Section</a><h3><a>Headline</a></h3>…")."""
    if len(found) < 2 or _mostly_links(chosen):
        return [chosen]
    holders = set(chosen.iterancestors())
    apart = [
        el
        for el in found
        if el is chosen
        or not (
            _nested(el, chosen)
            or _mostly_links(el)
            or any(a not in holders and region(a) for a in (el, *el.iterancestors()))
        )
    ]
    at = next(i for i, el in enumerate(apart) if el is chosen)
    before: list[HtmlElement] = []
    for el in reversed(apart[:at]):
        first = before[0] if before else chosen
        between = None if _nested(el, first) else _between(el, first, boilerplate)
        if between is None:
            break
        before[:0] = [el, *between]
    after: list[HtmlElement] = []
    for el in apart[at + 1 :]:
        last = after[-1] if after else chosen
        between = None if _nested(el, last) else _between(last, el, boilerplate)
        if between is None:
            break
        after += [*between, el]
    return [*before, chosen, *after]


def _nested(a: HtmlElement, b: HtmlElement) -> bool:
    return a in b.iterancestors() or b in a.iterancestors()


def _mostly_links(el: HtmlElement) -> bool:
    """True if links hold half of ``el``'s text or more (an element without text is none)."""
    length = len(el.text_content().strip())
    linked = sum(len(a.text_content().strip()) for a in el.iter("a"))
    return length > 0 and linked * 2 >= length


def _subheading(el: HtmlElement) -> bool:
    text = el.text_content().strip()
    return el.tag in _SUBHEADINGS and 0 < len(text) <= MAX_SUBHEADING_CHARS and not _mostly_links(el)


def _between(a: HtmlElement, b: HtmlElement, boilerplate: Callable[[HtmlElement], bool]) -> list[HtmlElement] | None:
    """The subheadings the page prints after ``a`` ends and before ``b`` starts (``a`` before ``b``);
    None when it prints other text there (but in scripts and ``boilerplate``)."""
    around = set(a.iterancestors())
    common = next((el for el in b.iterancestors() if el in around), None)
    if common is None:
        return None
    headings: list[HtmlElement] = []
    walk = etree.iterwalk(common, events=("start", "end"))
    started = False
    for event, el in walk:
        if not started:
            if event == "end" and el is a:
                started = True
                if (el.tail or "").strip():
                    return None
            continue
        if event == "start":
            if el is b:
                return headings
            if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or boilerplate(el):
                walk.skip_subtree()
            elif _subheading(el):
                headings.append(el)
                walk.skip_subtree()
            elif (el.text or "").strip():
                return None
        elif (el.tail or "").strip():
            return None
    return None
