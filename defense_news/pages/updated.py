"""A line that says when the post was last updated ("Last Updated: January 7, 2025", "Updated on …",
"Aktualisiert am …", "Published January 5 | Updated January 7"): never the publication date, and
the modification time the page prints where nothing machine-readable gives one.

The value is what the line states: a day (``"2025-01-07"``, the site's local day, as a theme's
day-only ``<time datetime="2025-01-07">`` is kept), or a time when the line prints one; a
``<time datetime>`` inside the line is read to the second. A relative "Updated 5 hours ago" is not
read: its instant would be the crawl's guess, a different value on every run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import tzinfo
from itertools import product
from typing import TYPE_CHECKING, Any, NamedTuple

from lxml import etree
from lxml.html import HtmlElement

from ..dates import parse_local_text
from ..html_text import SKIP_TAGS, clean_line

if TYPE_CHECKING:
    from .article import ArticlePage

# A byline's date line: short, its parts separated by a dot, a bar, a bullet or a dash.
MAX_DATE_LINE = 120
META_SEPARATORS = re.compile(r"\s+[·|•—–-]\s+")

# The words that say a post was changed, in the languages the date parser reads (data, not code).
UPDATED_WORDS = (
    r"updated",
    r"modified",
    r"edited",
    r"aktualisiert",
    r"ge(?:ä|ae)ndert",
    r"mise?\s+à\s+jour",
    r"actualisé",
    r"modifié",
    r"actualizado",
    r"modificado",
    r"aggiornato",
    r"modificato",
)
# The same said with a noun: the last change ("Letzte Änderung: 31.10.2023", "Dernière mise à jour le …").
UPDATE_NOUNS = (
    r"last\s+update",
    r"last\s+modification",
    r"letzte\s+(?:ä|ae)nderung",
    r"letzte\s+aktualisierung",
    r"dernière\s+mise\s+à\s+jour",
    r"[úu]ltima\s+actualizaci[óo]n",
    r"[úu]ltima\s+modificaci[óo]n",
    r"ultimo\s+aggiornamento",
    r"ultima\s+modifica",
)
_WORD = r"(?:(?:last\s+|zuletzt\s+)?(?:" + "|".join(UPDATED_WORDS) + r")|" + "|".join(UPDATE_NOUNS) + r")\b"
# A line (or a part of one) opening with such a word: never the publication date.
UPDATED_LINE = re.compile(r"^\W*" + _WORD, re.I)
# The label with what joins it to its date ("Last updated on:", "Aktualisiert am", "Mis à jour le").
UPDATED_LABEL = re.compile(r"^\W*" + _WORD + r"(?:\s*:)?(?:\s+(?:on|at|am|le|el|il))?\s*:?\s*", re.I)
# Where a line's parts meet: the byline's separators, or a comma, semicolon or bracket before
# the label ("Published: January 5, 2025, Updated: January 7, 2025", "… (updated January 7)").
PARTS = re.compile(META_SEPARATORS.pattern + r"|\s*[,;(\[]\s*(?=" + _WORD + ")", re.I)
# What may follow the date in its part: the editor's name ("… by Jane Roe", "… von Max Muster").
BY = re.compile(r"\s+(?:by|von|par|por|from)\s+\S.*$", re.I)


def spellings(pattern: str) -> list[str]:
    """Every spelling of a word ``pattern`` written with letters, ``(?:a|b)`` groups, ``[ab]`` classes
    and a letter made optional by ``?`` (the lists above): anything else raises ValueError.

    >>> spellings(r"ge(?:ä|ae)ndert"), spellings(r"[úu]ltima"), spellings("mise?")
    (['geändert', 'geaendert'], ['última', 'ultima'], ['mis', 'mise'])
    """
    options: list[list[str]] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("(?:", i):
            end = pattern.index(")", i)
            options.append(pattern[i + 3 : end].split("|"))
            i = end + 1
        elif char == "[":
            end = pattern.index("]", i)
            options.append(list(pattern[i + 1 : end]))
            i = end + 1
        elif char == "?" and options:
            options[-1] = ["", *options[-1]]
            i += 1
        elif char in "\\.*+{}()|^$?]":
            raise ValueError(f"not a word pattern: {pattern!r}")
        else:
            options.append([char])
            i += 1
    return ["".join(parts) for parts in product(*options)]


def last_words(patterns: Iterable[str]) -> tuple[str, ...]:
    """The spellings of each pattern's last word (after its last ``\\s+``), none holding another:
    every match of a pattern holds one of them, however the words before it are spaced."""
    words = {word for pattern in patterns for word in spellings(pattern.rsplit(r"\s+", 1)[-1])}
    return tuple(sorted(w for w in words if not any(other != w and other in w for other in words)))


# A prefilter on the post's text nodes: the last word of each pattern above, in the case-folded text
# ("MODIFIÉ LE …", "ÚLTIMA ACTUALIZACIÓN: …"); the patterns then judge each hit. casefold() takes
# every capital the patterns' re.I matches to a piece's letter, but Turkish İ and ı (to "i̇" and ı):
# a piece's i takes those too. (str.casefold() and one search cost a quarter of re.I's search.)
UPDATED_PIECES = last_words(UPDATED_WORDS + UPDATE_NOUNS)
_PIECE = re.compile("|".join(re.escape(piece).replace("i", "(?:i\u0307?|\u0131)") for piece in UPDATED_PIECES))
# Scripts' and styles' texts are passed over (no reader sees them: update_lines skips their owners
# anyway). The pieces are then looked for in Python: libxml2 evaluating translate() and contains()
# once per piece on every text node cost 26 ms a page; one regex search costs 4 (bench/real_pages.py).
VISIBLE_TEXTS = etree.XPath(".//text()[not(parent::script or parent::style)]")


def updated_texts(root: HtmlElement) -> list[Any]:
    """The text nodes under ``root`` holding a piece of an update word, in document order (lxml's
    smart strings: ``getparent()`` and ``is_tail`` say whose text each is)."""
    return [text for text in VISIBLE_TEXTS(root) if _PIECE.search(text.casefold())]


def updated_line(el: HtmlElement) -> bool:
    """A short line that says when the post was last changed ("Last Updated: January 7, 2025")."""
    # The opening words first: a wrapper's whole text is read only for the rare line opening so.
    opening = next((piece for piece in el.itertext() if piece.strip()), "")
    if UPDATED_LINE.match(clean_line(opening)) is None:
        return False
    text = el.text_content()
    return len(text) <= MAX_DATE_LINE and UPDATED_LINE.match(clean_line(text)) is not None


class UpdateLine(NamedTuple):
    """One update line of the post: the modification time it prints, and its elements."""

    # A <time datetime> printed in it, else its date text; None: no absolute date ("5 hours ago").
    value: str | None
    # The elements printed from its label on: none of them holds the publication date.
    elements: frozenset[HtmlElement]


def update_lines(page: ArticlePage) -> list[UpdateLine]:
    """The update lines of the post's own element (or of the lines after its headline), in page order."""
    if page.is_listing():
        return []  # a listing's entries are other posts
    root, near = _scope(page)
    if root is None:
        return []
    lines: list[UpdateLine] = []
    seen: set[HtmlElement] = set()
    for hit in updated_texts(root):
        owner = hit.getparent()
        if owner is not None and hit.is_tail:
            owner = owner.getparent()
        if owner is None or owner in seen or not isinstance(owner.tag, str) or owner.tag in SKIP_TAGS:
            continue
        seen.add(owner)
        if (near is not None and owner not in near) or page._outside_article(owner):
            continue
        line = _read_line(owner, root, page.timezone)
        if line is not None:
            lines.append(line)
    return lines


def modified_dates(lines: list[UpdateLine]) -> list[str]:
    """The modification time the post's first dated update line prints (a list for the loader)."""
    return next(([line.value] for line in lines if line.value is not None), [])


def in_update_line(lines: list[UpdateLine], el: HtmlElement) -> bool:
    """``el`` is printed in an update line, after its label: not the publication date."""
    return any(el in line.elements for line in lines)


def _scope(page: ArticlePage) -> tuple[HtmlElement | None, set[HtmlElement] | None]:
    """Where the post's lines are: its element (or ``<article>``), else the elements printed just
    after its headline ``<h1>`` (the second value: those elements)."""
    scope = page.date_scope
    if scope.root is not None:
        return scope.root, None
    if scope.headline is None:
        return None, None
    return page.sel.root, set(scope.after_headline())


def _read_line(owner: HtmlElement, root: HtmlElement, timezone: tzinfo) -> UpdateLine | None:
    """The update line ``owner`` holds the label of. The label may sit in an element of its own
    (``<span>Updated:</span> <time>…</time>``): then its parent is the line."""
    found: UpdateLine | None = None
    line: HtmlElement | None = owner
    for _ in range(2):
        if line is None:
            break
        text, starts = _line_text(line)
        if len(clean_line(text)) > MAX_DATE_LINE:
            break  # prose that mentions an update, not a date line
        read = _read_parts(text, starts, timezone)
        if read is not None:
            found = read
            if read.value is not None:
                break
        if line is root:
            break
        line = line.getparent()
    return found


def _line_text(line: HtmlElement) -> tuple[str, list[tuple[int, HtmlElement]]]:
    """The text of ``line`` and where each element in it starts."""
    chunks: list[str] = []
    starts: list[tuple[int, HtmlElement]] = []
    size = 0
    skipped: HtmlElement | None = None
    for event, el in etree.iterwalk(line, events=("start", "end")):
        if skipped is not None:
            if event == "end" and el is skipped:
                skipped = None
            else:
                continue
        elif event == "start":
            if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
                skipped = el  # its text is no reader's (a script, a comment): only its tail counts
                continue
            starts.append((size, el))
            if el.text:
                chunks.append(el.text)
                size += len(el.text)
            continue
        if el is not line and el.tail:
            chunks.append(el.tail)
            size += len(el.tail)
    return "".join(chunks), starts


def _read_parts(text: str, starts: list[tuple[int, HtmlElement]], timezone: tzinfo) -> UpdateLine | None:
    """The update line in ``text``: its first part opening with the label, and that part's date."""
    bounds = [0, *(i for m in PARTS.finditer(text) for i in m.span()), len(text)]
    for offset, end in zip(bounds[::2], bounds[1::2], strict=True):
        part = text[offset:end]
        label = UPDATED_LABEL.match(part)
        if label is None:
            continue
        after = offset + len(part[: label.end()].rstrip())
        inside = frozenset(el for position, el in starts if after <= position < end)
        # A <time datetime> printed after the label in this part: the machine-readable value.
        for position, el in starts:
            value = el.get("datetime") if el.tag == "time" else None
            if value and after <= position < end and parse_local_text(value, timezone) is not None:
                return UpdateLine(value, inside)
        rest = clean_line(part[label.end() :]).rstrip(".)]")
        for candidate in (rest, BY.sub("", rest)):
            # No "now": a relative "5 hours ago" is not read (see the module's docstring).
            if candidate and parse_local_text(candidate, timezone) is not None:
                return UpdateLine(candidate, inside)
        return UpdateLine(None, inside)
    return None
