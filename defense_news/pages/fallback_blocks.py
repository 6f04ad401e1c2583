"""The fallback extractor's blocks where trafilatura's text may be the body (no known container):
whether they add prose to the densest block's, and what they kept of asides, forms, comments and
related posts."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree
from lxml.html import HtmlElement

from .body import LAYOUT_WORDS, NOT_BODY_WORDS
from .body_teasers import teaser_list
from .prose import SENTENCE_END
from .scope import PAGE_TAGS
from .selectors.themes import BODY_NOISE_TAGS

# The fallback extractor's text does not replace the densest block's (body.FALLBACK_SHARE) when what it
# adds holds no prose: its blocks of at least PROSE_CHARS ending a sentence make under PROSE_SHARE of
# the densest block's text.
PROSE_CHARS = 150
PROSE_SHARE = 0.2
# A site's copyright notice, the footer's last line trafilatura keeps where no class marks the footer:
# "©" or "Copyright" and a year a few words on ("© 1999-2015 Demand Media, Inc.", "© FinCompare GmbH
# 2020", "© thisisjanewayne 2010 – 2021"), or the rights reserved. A credit without a year ("© AFP /
# KIRILL KUDRYAVTSEV", "Quelle: … © Solarthemen Media GmbH") is a photo's or a source's.
_NOTICE = re.compile(
    r"(?:©|\bcopyright\b|\(c\))[^.\n]{0,40}?\b(?:19|20)\d\d\b"
    r"|\b(?:all rights reserved|alle rechte vorbehalten|todos los derechos reservados|tous droits réservés)\b",
    re.I,
)
# The longest block taken for a notice: a footer's few lines ("Registration on or use of this site
# constitutes acceptance of our User Agreement … Teen Vogue © 2015 Condé Nast Digital. All rights reserved. …").
MAX_NOTICE_CHARS = 500
# A closing run of link lines (without_closing_links): so many blocks in a row, each a link's whole
# text, and the longest label before them.
MIN_LINK_RUN = 3
MAX_LABEL_CHARS = 80
_LISTS = frozenset({"ul", "ol"})
# The ids core's comment walker prints on a comment's elements (see comments._COMMENT_ID).
_COMMENT_ID = re.compile(r"^(?:li-|div-)?comment-\d+$")
# What trafilatura prints before a list item's text.
_ITEM_MARK = "- "
# The elements whose text may be one of the fallback extractor's blocks.
# A heading a theme prints in bold ("<strong class="subscribe-form-title">") and a control's caption
# ("<button>Submit</button>") are blocks of their own too.
_SOURCE_TAGS = (
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "span", "a", "blockquote", "td", "dd", "dt",
    "strong", "b", "button",
)  # fmt: skip


def adds_no_prose(fallback: str, text: str) -> bool:
    """True if the blocks of ``fallback`` not in ``text`` hold little prose (PROSE_CHARS, PROSE_SHARE).
    Where no class name tells trafilatura what is not the text, it keeps headlines, dates, teasers,
    link lines and footers around the article, and its text may be twice the densest block's: that
    block is the article then. A text split over several blocks adds its other paragraphs."""
    ours = " ".join(text.split())
    added = (" ".join(block.split()) for block in fallback.split("\n\n"))
    prose = sum(len(b) for b in added if _is_prose(b) and b not in ours)
    return prose < PROSE_SHARE * len(text)


def without_closing_notice(fallback: str, text: str) -> str:
    """The fallback extractor's text without the copyright notices ending it (:data:`_NOTICE`, at most
    MAX_NOTICE_CHARS each) that the densest block's ``text`` does not hold: the page's footer, kept
    where no tag or class marks it. A notice in the densest block is the article's own (a book
    excerpt's "Copyright © 2019 by … Reprinted by permission")."""
    ours = " ".join(text.split())
    blocks = fallback.split("\n\n")
    while len(blocks) > 1:
        last = " ".join(blocks[-1].split())
        if len(last) > MAX_NOTICE_CHARS or _NOTICE.search(last) is None or last in ours:
            break
        blocks.pop()
    return "\n\n".join(blocks)


def without_closing_links(root: HtmlElement, fallback: str, text: str) -> str:
    """The fallback extractor's text without a closing run of link lines: at least MIN_LINK_RUN
    blocks in a row, each the whole text of one of the page's links (other posts' headlines, a
    share bar's buttons), after which no block holds prose (PROSE_CHARS ending a sentence), with the
    short label before them ("Related Articles:", "Share this:"). Where no class marks them,
    trafilatura keeps the related posts and share bars under the text. What the densest block's
    ``text`` holds is the article's own (a list of links it gives) and ends the search."""
    blocks = fallback.split("\n\n")
    ours = " ".join(text.split())
    links = {" ".join(a.text_content().split()) for a in root.iter("a") if a.get("href")}
    cut = len(blocks)
    i = len(blocks)
    while i > 0:
        key = _key(blocks[i - 1])
        if key in ours or _is_prose(key):
            break
        start = i
        while start > 0 and (k := _key(blocks[start - 1])) in links and k not in ours:
            start -= 1
        if i - start >= MIN_LINK_RUN:
            cut = start
        i = min(start, i - 1)
    if cut == len(blocks):
        return fallback
    label = _key(blocks[cut - 1]) if cut > 0 else ""
    if label and len(label) <= MAX_LABEL_CHARS and label not in ours and not _is_prose(label):
        cut -= 1
    return "\n\n".join(blocks[:cut]) if cut > 0 else fallback


def _is_prose(key: str) -> bool:
    """A block of prose: PROSE_CHARS or more, ending a sentence."""
    return len(key) >= PROSE_CHARS and SENTENCE_END.search(key) is not None


def drop_noise_blocks(root: HtmlElement, text: str, layout: set[HtmlElement]) -> str:
    """The fallback extractor's ``text`` without the blocks the page prints only in boilerplate: every
    element whose text is the block's sits in an aside, a form, a footer, comments, related posts
    or a cookie notice (:func:`in_boilerplate`). trafilatura keeps some of those on a page whose
    container no table knows ("Top-Themen bei …" in an ``<aside>``, a newsletter form's fields,
    readers' comments). A block the page prints in no single element (trafilatura joined or split
    it) stays. ``layout`` is the post's own element and those holding it: never boilerplate,
    whatever their names say.

    Boilerplate by class (BODY_NOISE_CLASSES: share bars, captions, credits…) is not used: it also
    left out text the held-out pages' annotators wanted (docs/extraction.md)."""
    blocks = text.split("\n\n")
    keys = {_key(block) for block in blocks}
    # An element's text is read only where its size could be a block's, and once for a wrapper and the
    # element it wraps: reading every element's text would read a page's text once per level of
    # nesting (quadratic on deep pages).
    sizes = {len(key) - key.count(" ") for key in keys}
    solid, holder = text_sizes(root)
    read: dict[HtmlElement, str] = {}
    sources: dict[str, list[HtmlElement]] = {}
    for el in root.iter(_SOURCE_TAGS):
        if solid[el] not in sizes:
            continue
        inner = holder[el]
        key = read.get(inner)
        if key is None:
            key = read[inner] = " ".join(inner.text_content().split())
        if key in keys:
            sources.setdefault(key, []).append(el)

    def printed_only_in(test: Callable[[HtmlElement], bool], block: str) -> bool:
        els = sources.get(_key(block), [])
        return bool(els) and all(test(el) for el in els)

    # Teasers of other posts are known by their structure, not by names: they go however much of the
    # text they are (a stream of them under a short article), unless they are all of it.
    teasers = [block for block in blocks if not printed_only_in(lambda el: in_teaser_list(el, layout), block)]
    if teasers:
        blocks, text = teasers, "\n\n".join(teasers)
    # So are readers' comments in core's markup (comment-N ids, whatever the theme): a long discussion
    # is most of the text under a short article, and a comment's id names no layout wrapper.
    own = [block for block in blocks if not printed_only_in(lambda el: in_comment(el, layout), block)]
    if own:
        blocks, text = own, "\n\n".join(own)
    # A meta line of term links is short: a paragraph of prose linking a tag (plugins link the text's
    # words to their tag archives with rel="tag") is the text.
    kept = [
        block
        for block in blocks
        if not printed_only_in(lambda el: in_boilerplate(el, layout), block)
        and (_is_prose(_key(block)) or not printed_only_in(term_line, block))
    ]
    # Most of the text in boilerplate is a page laid out in wrappers named so: the text stays whole.
    if sum(map(len, kept)) * 2 < len(text):
        return text
    return "\n\n".join(kept)


def _key(block: str) -> str:
    """A block's text as the page's element holds it: whitespace collapsed, without the "- " trafilatura
    prints before a list item's text ("- El contenido de los comentarios es la opinión …")."""
    key = " ".join(block.split())
    return key[2:] if key.startswith(_ITEM_MARK) else key


def text_sizes(root: HtmlElement) -> tuple[dict[HtmlElement, int], dict[HtmlElement, HtmlElement]]:
    """For each element under ``root`` (and ``root``): how many characters but whitespace its
    ``text_content()`` holds, and the element holding the same text, whitespace aside (the deepest
    of a chain of wrappers around one child, else the element itself). One pass over the tree: each
    node's own text and tail are counted once, children before their parents."""
    sizes: dict[HtmlElement, int] = {}
    holder: dict[HtmlElement, HtmlElement] = {}
    for el in reversed(list(root.iter(etree.Element))):
        size = _solid(el.text)
        largest: HtmlElement | None = None
        for child in el:
            inner = sizes.get(child, 0)
            size += inner + _solid(child.tail)
            if inner and (largest is None or inner > sizes[largest]):
                largest = child
        sizes[el] = size
        # all its text in one child (the rest whitespace): the same text, read once
        holder[el] = holder[largest] if largest is not None and sizes[largest] == size else el
    return sizes, holder


def _solid(text: str | None) -> int:
    """The characters of ``text`` but whitespace (what ``str.split`` splits on)."""
    return len("".join(text.split())) if text else 0


def in_boilerplate(el: HtmlElement, layout: set[HtmlElement]) -> bool:
    """True if ``el`` or an element holding it (outside the post's ``layout``) is boilerplate by tag
    (an aside, a form, a footer…) or named for comments, related posts, a footer or a cookie notice.
    Not for a sidebar, a widget or a menu: page builders name their layout wrappers so (see
    :func:`.body.holds_most`)."""
    return any(
        a not in layout and (a.tag in BODY_NOISE_TAGS or a.tag == "button" or _named_not_body(a))
        for a in (el, *el.iterancestors())
    )


def in_comment(el: HtmlElement, layout: set[HtmlElement]) -> bool:
    """True if ``el`` sits in a reader's comment as core prints it (an element with id ``comment-N``,
    ``li-comment-N`` or ``div-comment-N``) outside the post's ``layout``."""
    return any(a not in layout and _COMMENT_ID.match(a.get("id") or "") for a in (el, *el.iterancestors()))


def term_line(el: HtmlElement) -> bool:
    """True if ``el`` links a term as core's term lists do (the_category()'s ``rel="category tag"``,
    the_tags()' ``rel="tag"``): the post's meta line ("This entry was posted in … and tagged …") or
    its tag list, never a sentence of the text."""
    return any("tag" in (a.get("rel") or "").split() for a in el.iter("a"))


def in_teaser_list(el: HtmlElement, layout: set[HtmlElement]) -> bool:
    """True if ``el`` sits in a list of other posts' teasers (:func:`.body_teasers.teaser_list`: a stream of
    headlines linking elsewhere with their first lines) outside the post's ``layout``."""
    return any(a.tag in _LISTS and a not in layout and teaser_list(a) for a in el.iterancestors())


def _named_not_body(el: HtmlElement) -> bool:
    """Named for what is never the text, a layout word aside (NOT_BODY_WORDS but LAYOUT_WORDS)."""
    if el.tag in PAGE_TAGS:
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return any(word in names for word in NOT_BODY_WORDS if word not in LAYOUT_WORDS)
