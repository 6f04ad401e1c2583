"""A line that labels its date as the publication's ("Erschienen am: 01.11.2023", "Published: January
5, 2025", "Publié le 3 mars 2021"), wherever the page prints it: some systems print it in a footer
under the text, far from the headline, beside the last change's date ("Letzte Änderung: 31.10.2023
- 14:49:39<br>Erschienen am: 01.11.2023").

Read only for a page no other rule dates. Sidebars, comments and other posts' elements are left
out, and the lines must agree on the day: teasers each labelling their own date give none.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ..dates import parse_local_text
from ..html_text import SKIP_TAGS, clean_line
from .updated import BY, MAX_DATE_LINE, PARTS, VISIBLE_TEXTS

if TYPE_CHECKING:
    from .article import ArticlePage

# The words that say a post was published, in the languages of the pages looked at: the one list the
# date rules (a label, the words before a byline's date) and the byline rules (a verb before "by",
# words around a date) read.
PUBLISHED_WORDS = (
    "published",
    "posted",
    "veröffentlicht",
    "erschienen",
    "publié",
    "publicado",
    "postado",
    "pubblicato",
)
# A label saying the date after it is the publication's ("Published: January 5, 2025", "Posted on …",
# "Veröffentlicht am …", "Publié le …").
_PUBLISHED_WORDS = "|".join(PUBLISHED_WORDS)
PUBLISHED_LABEL = re.compile(r"^\W*(?:" + _PUBLISHED_WORDS + r")(?:\s+(?:on|am|le|el|em|il))?\s*:?\s*", re.I)
# A prefilter on the page's text nodes, before a line is put together around a hit.
_LABEL_WORD = re.compile(_PUBLISHED_WORDS, re.I)


def labelled_dates(page: ArticlePage) -> list[str]:
    """The date the page's labelled lines print (a list for the loader), when they all give one day."""
    if page.is_listing():
        return []  # each entry labels its own post's date
    found: list[str] = []
    days: set[str] = set()
    for text in VISIBLE_TEXTS(page.sel.root):
        if not _LABEL_WORD.search(text):
            continue
        owner = text.getparent()
        if owner is not None and text.is_tail:
            owner = owner.getparent()  # a tail (after a <br>, a link) is its parent's text
        if owner is None or not isinstance(owner.tag, str) or owner.tag in SKIP_TAGS or page._in_other_region(owner):
            continue
        value = _labelled(_lines(str(text), owner), page)
        if value is not None:
            found.append(value)
            moment = parse_local_text(value, page.timezone)
            days.add(moment.isoformat()[:10] if moment is not None else value)
    return found[:1] if len(days) == 1 else []


def _lines(text: str, owner: HtmlElement) -> list[str]:
    """The line around a text holding a label: the text itself ("…<br>Erschienen am: 01.11.2023<br>"),
    else its element's or that element's parent's when short (``<span>Published</span> <time>…</time>``)."""
    lines = [clean_line(text)]
    for el in (owner, owner.getparent()):
        if el is None:
            break
        whole = clean_line(el.text_content())
        if len(whole) > MAX_DATE_LINE:
            break
        lines.append(whole)
    return lines


def _labelled(lines: list[str], page: ArticlePage) -> str | None:
    """The date after the publication label opening one of ``lines``, up to an update part or an
    editor's name ("Published: January 5, 2025, Updated: …", "Posted on March 5, 2025 by admin")."""
    for line in lines:
        label = PUBLISHED_LABEL.match(line)
        if label is None or len(line) > MAX_DATE_LINE:
            continue
        rest = PARTS.split(line[label.end() :])[0]
        for candidate in (rest, BY.sub("", rest)):
            candidate = candidate.strip(" .,;")
            # No "now": a relative "Posted 5 hours ago" would be the crawl's guess, not the page's.
            if candidate and parse_local_text(candidate, page.timezone) is not None:
                return candidate
    return None
