"""Plain text out of HTML elements: inline runs joined, blocks separated by blank lines.

Works on lxml elements (``selector.root``) with an explicit stack rather than
recursion, so hostile, deeply nested markup cannot exhaust the Python stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lxml.html import HtmlElement

_SPACES = re.compile(r"[^\S\n]+")
# Zero-width characters, the BOM and soft hyphens (U+00AD: where a browser may break a long
# German word: "Bundes&shy;verfassungs&shy;gericht") carry no meaning in plain text: left in, they
# split the word for a search and for anyone comparing the text.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# Elements whose text a reader never sees as prose.
SKIP_TAGS = frozenset(
    [
        "audio",
        "button",
        "canvas",
        "embed",
        "head",
        "iframe",
        "input",
        "link",
        "map",
        "meta",
        "noscript",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "title",
        "video",
    ]
)

Predicate = Callable[[HtmlElement], bool]


def clean_line(text: str) -> str:
    """Collapse runs of whitespace to one space and strip.

    >>> clean_line("  Shock\\xa0and \\t awe \\n")
    'Shock and awe'
    """
    return " ".join(_INVISIBLE.sub("", text).split())


def _finish_block(parts: list[str]) -> str:
    text = _INVISIBLE.sub("", "".join(parts))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def text_blocks(root: HtmlElement, drop: Predicate | None = None) -> list[str]:
    """Return the readable text blocks under ``root`` in document order.

    ``drop`` decides which elements (and their subtrees) to leave out, e.g. ads.
    ``<br>`` becomes a line break inside its block.
    """
    blocks: list[str] = []
    buf: list[str] = []
    # Source newlines are plain whitespace; only <br> breaks a line.
    add = lambda text: buf.append(text.replace("\n", " ").replace("\r", " "))  # noqa: E731

    def flush() -> None:
        if buf:
            block = _finish_block(buf)
            buf.clear()
            if block:
                blocks.append(block)

    # (element, closing): closing entries emit the end of a block and the tail.
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag
        if closing:
            if tag in BLOCK_TAGS:
                flush()
            if el.tail and el is not root:
                add(el.tail)
            continue
        if not isinstance(tag, str):  # comment or processing instruction
            if el.tail:
                add(el.tail)
            continue
        if tag in SKIP_TAGS or (drop is not None and el is not root and drop(el)):
            if el.tail and el is not root:
                add(el.tail)
            continue
        if tag in BLOCK_TAGS:
            flush()
        elif tag == "br":
            buf.append("\n")
        if el.text:
            add(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    flush()
    return blocks


def element_text(root: HtmlElement, drop: Predicate | None = None) -> str:
    """Text of ``root`` with blocks separated by a blank line (``""`` if none)."""
    return "\n\n".join(text_blocks(root, drop))


def class_tokens(el: HtmlElement) -> list[str]:
    return (el.get("class") or "").split()


# The classes post_class() and body_class() print for a post's terms and format.
TERM_CLASS_PREFIXES = ("tag-", "category-", "format-", "post_format-")
# The block editor's style and state classes: a block style ("is-style-no-buttons"), a palette
# colour, font size or family ("has-social-blue-background-color", "has-small-font-size"), a layout
# ("is-layout-flex", "are-vertically-aligned-top"). They say how an element looks, not what it is.
STYLE_CLASS_PREFIXES = ("is-", "has-", "are-")
# Classes whose words are no element's name: the substring rules skip them.
DESCRIPTIVE_CLASS_PREFIXES = TERM_CLASS_PREFIXES + STYLE_CLASS_PREFIXES


def make_class_filter(
    exact: Iterable[str] = (),
    prefixes: Iterable[str] = (),
    substrings: Iterable[str] = (),
    ids: Iterable[str] = (),
) -> Predicate:
    """A predicate that is true for elements whose class tokens or id match."""
    exact_set = frozenset(exact)
    prefix_tuple = tuple(prefixes)
    substring_tuple = tuple(substrings)
    id_set = frozenset(ids)

    def matches(el: HtmlElement) -> bool:
        if id_set and el.get("id") in id_set:
            return True
        if el.get("hidden") is not None or el.get("aria-hidden") == "true":
            return True
        style = el.get("style")
        if style and "display:none" in style.replace(" ", "").lower():
            return True
        for token in class_tokens(el):
            if token in exact_set or token.startswith(prefix_tuple):
                return True
            # post_class() names the post's terms ("tag-social-media", "category-newsletters") and the
            # block editor its styles ("is-style-no-buttons"): what the post is about or how the
            # element looks, not what it is
            if not token.startswith(DESCRIPTIVE_CLASS_PREFIXES) and any(s in token for s in substring_tuple):
                return True
        return False

    return matches
