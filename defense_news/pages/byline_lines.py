"""Bylines printed as a line of text anywhere on the page's own parts: "By <a>Jane Doe</a>",
"Geschrieben von Cooper am 25.08.2015", "Author: Jane Doe, Datum: …", "06.11.2023 13:30 von Olga".
A last resort of ``bylines.py``, for pages whose post element (if any) holds no byline."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..html_text import SKIP_TAGS, clean_line
from .byline_names import DATE_WORDS, prose
from .scope import PAGE_TAGS

if TYPE_CHECKING:
    from .article import ArticlePage

# The label ("By", "Von", "Par", "Por", "By:", "Author:", "Autor:", "Auteur:") then the name, up
# to the line's end, a separator, a comma, or the date's "on"/"am" ("… am 25.08.2015").
_BYLINE_LINE = re.compile(
    r"(?:^|(?<=\s))(?:(?:by|von|par|por)(?:\s*:\s*|\s+)|(?:authors?|autor(?:in|en)?|auteurs?|autore)\s*:\s*)"
    r"(?P<name>[^\W\d_][^\d|·•@,;:()]{1,40}?)\s*(?:$|\s(?:on|am|um|le|el|at|in)\s|[|·•@,;:(])",
    re.I,
)
# What may precede the label: nothing or a publication verb ("Geschrieben von", "Posted by"),
# after another item's separator or not ("yas! | By …").
_VERBS = (
    r"(?:written|posted|published|reported|story|words|text|geschrieben|verfasst|veröffentlicht|erstellt|"
    r"eingestellt|publié|écrit|rédigé|escrito|publicado|redactado)"
)
_LEAD = re.compile(rf"^(?:.*[|·•–—]\s*)?(?:{_VERBS}\s*)?$", re.I)
_VERB_FIRST = re.compile(rf"^{_VERBS}\b", re.I)
_SEPARATORS = re.compile(r"[|·•–—]")
# … or a date and a time ("06.11.2023 13:30 von Olga", "May 3, 2021 by …"): numbers, month names, "Uhr".
_DATE_PART = re.compile(r"^[\d./:,-]*\d[\d./:,-]*$|^(?:uhr|h|am|pm)$", re.I)
# A line is short.
_MAX_LINE = 120


def byline_line(page: ArticlePage) -> list[str]:
    """The name of the first line outside sidebars, menus, comments and other posts that is only a
    byline, its label read in a child of its own or not ("<p>By</p><p>Jane Doe</p>"). Before the label
    there is nothing, a date or another item's separator: "die Leiche von Esmeralda Merlot",
    "Beschreibung von Microsoft", "200 Feathers von Rockys" are no bylines."""
    if page.is_listing():
        return []
    for el in page.sel.root.iter():
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or el.tag in PAGE_TAGS:
            continue
        raw = el.text_content()
        if not raw or len(raw) > _MAX_LINE or raw.isspace():
            continue
        if any(isinstance(c.tag, str) and len(c.text_content()) == len(raw) for c in el):
            continue  # a child holds the whole line: read there
        line = clean_line(" ".join(el.itertext()))  # "<span>By</span><a>Jane Doe</a>" is "By Jane Doe"
        for match in _BYLINE_LINE.finditer(line):
            name = _without_weekday(match["name"])
            if prose(name) or not lead_ok(line[: match.start()]):
                continue
            if page._in_other_region(el):
                break
            return [name]
    return []


def lead_ok(lead: str) -> bool:
    """Nothing but a label, another item's separator or a date before a byline's label.

    >>> lead_ok("Posted "), lead_ok("yas! | "), lead_ok("06.11.2023 13:30 "), lead_ok("200 Feathers ")
    (True, True, True, False)
    """
    if _LEAD.match(lead):
        return True
    words = _SEPARATORS.split(lead)[-1].strip(" ,;").split()
    return any(_DATE_PART.match(w) for w in words) and all(
        _DATE_PART.match(w) or w.casefold().rstrip(".,") in DATE_WORDS for w in words
    )


def sentence_lead(lead: str) -> bool:
    """Words of a sentence before a line's "von"/"by", not a date or a label.

    >>> sentence_lead("Die Polizei fand die Leiche "), sentence_lead("Posted on September 21, 2020 ")
    (True, False)
    >>> sentence_lead("Posted in News "), sentence_lead("Mitarbeiter profitieren ")
    (False, True)
    """
    return prose(lead) and not _VERB_FIRST.match(lead) and not lead_ok(lead)


def _without_weekday(name: str) -> str:
    """A name without the weekday opening the date printed after it.

    >>> _without_weekday("Alex Roe Thursday"), _without_weekday("Ann Lee")
    ('Alex Roe', 'Ann Lee')
    """
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in DATE_WORDS:
        words.pop()
    return " ".join(words)
