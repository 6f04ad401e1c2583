"""Bylines printed as a line of text anywhere on the page's own parts: "By <a>Jane Doe</a>",
"Geschrieben von Cooper am 25.08.2015", "Author: Jane Doe, Datum: …", "06.11.2023 13:30 von Olga".
A last resort of ``bylines.py``, for pages whose post element (if any) holds no byline."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ..html_text import SKIP_TAGS, clean_line
from .byline_names import BY_WORDS, BYLINE_VERBS, DATE_WORDS, looks_like_name, phrase, prose, unique_names
from .date_scope import headline_h1
from .scope import PAGE_TAGS

if TYPE_CHECKING:
    from .article import ArticlePage

# The label ("By", "Von", "Par", "Por", "By:", "Author:", "Autor:", "Auteur:") then the name, up
# to the line's end, a separator, a comma, or the date's "on"/"am" ("… am 25.08.2015").
_BYLINE_LINE = re.compile(
    r"(?:^|(?<=\s))(?:" + BY_WORDS + r"(?:\s*:\s*|\s+)|(?:authors?|autor(?:in|en)?|auteurs?|autore)\s*:\s*)"
    r"(?P<name>[^\W\d_][^\d|·•@,;:()]{1,40}?)\s*(?:$|\s(?:on|am|um|le|el|at|in)\s|[|·•@,;:(])",
    re.I,
)
# A label's names in a list ("By Jane Doe, John Roe and Al Kim"), where the name above stops at
# the first comma: names joined by commas, the last by "and", up to where a byline's name ends.
_NAME = r"[^\W\d_][^\d|·•@,;:()]{1,40}?"
_NAME_LIST = re.compile(
    rf"(?P<names>{_NAME}(?:\s*,\s*{_NAME})+,?\s+(?:and|und|et|y|&)\s+{_NAME})"
    r"\s*(?:$|\s(?:on|am|um|le|el|at|in)\s|[|·•@;:(])",
    re.I,
)
# What may precede the label: nothing or a publication verb ("Geschrieben von", "Posted by"),
# after another item's separator or not ("yas! | By …").
_VERBS = "(?:" + "|".join(BYLINE_VERBS) + ")"
_LEAD = re.compile(rf"^(?:.*[|·•–—]\s*)?(?:{_VERBS}\s*)?$", re.I)
_VERB_FIRST = re.compile(rf"^{_VERBS}\b", re.I)
_SEPARATORS = re.compile(r"[|·•–—]")
# … and between a line's items ("11.12.2019 - Amelie Loevenich": a hyphen with spaces around it).
_ITEM_SEPARATORS = re.compile(r"\s*[|·•–—]\s*|\s+-\s+")
# … or a date and a time ("06.11.2023 13:30 von Olga", "May 3, 2021 by …"): numbers, month names, "Uhr".
_DATE_PART = re.compile(r"^[\d./:,-]*\d[\d./:,-]*$|^(?:uhr|h|am|pm)$", re.I)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# What may stand between a line's items (and around them): whitespace and separators.
_ITEM_GLUE = " \t\r\n,;|·•–—-/"
# A line is short; with its markup's whitespace, its text may be a few times longer.
_MAX_LINE = 120
_MAX_RAW_LINE = 4 * _MAX_LINE
# A line holding nothing but names (several writers joined by "und") is short.
_MAX_NAME_LINE = 80
_WORDS = re.compile(r"\w+")
# What may join the names of such a line: "Von Ann Lee und Bo Roe".
_NAME_GLUE = frozenset({"by", "von", "par", "por", "and", "und", "et", "y", "e"})


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
        if not raw or raw.isspace() or _too_long(raw):
            continue
        if any(isinstance(c.tag, str) and len(c.text_content()) == len(raw) for c in el):
            continue  # a child holds the whole line: read there
        line = clean_line(" ".join(el.itertext()))  # "<span>By</span><a>Jane Doe</a>" is "By Jane Doe"
        for match in _BYLINE_LINE.finditer(line):
            name = _without_weekday(match["name"])
            if prose(name) or not lead_ok(line[: match.start()]):
                continue
            if page._byline_other_region(el):
                break
            return listed_names(line, match.start("name")) or [name]
    return []


def listed_names(line: str, start: int) -> list[str]:
    """The names of a list a byline's label opens at ``start`` ("By Jane Doe, John Roe and Al Kim"),
    each two to four capitalised words (a dateline's "Jane Doe, Washington" is no list); [] if none.

    >>> listed_names("By Jane Doe, John Roe and Al Kim", 3), listed_names("By Jane Doe, Washington", 3)
    (['Jane Doe', 'John Roe', 'Al Kim'], [])
    """
    match = _NAME_LIST.match(line, start)
    if not match:
        return []
    names = unique_names([match["names"]])
    if len(names) > 2 and all(len(n.split()) > 1 and looks_like_name(n) and not prose(n) for n in names):
        return names
    return []


def _too_long(raw: str) -> bool:
    """Longer than a line once the markup's indentation is collapsed (a template's line of 38
    characters may be 150 with its newlines and tabs)."""
    if len(raw) <= _MAX_LINE:
        return False
    return len(raw) > _MAX_RAW_LINE or len(" ".join(raw.split())) > _MAX_LINE


def headline_dated_name(page: ArticlePage) -> list[str]:
    """The name a line next to the headline prints after its date, with no label between them
    ("11.12.2019 - Amelie Loevenich" under the ``<h1>``, "04.02.2022 | 13:10 Uhr | Uta Helkenberg"
    above it): two to four capitalised words not in a link (a category's "Local News" is one)."""
    h1 = None if page.is_listing() else headline_h1(page)
    if h1 is None:
        return []
    for el in (_sibling(h1, preceding=True), _sibling(h1, preceding=False)):
        if el is None or el.tag in SKIP_TAGS or el.tag in _HEADINGS or _too_long(el.text_content()):
            continue
        *lead, last = _ITEM_SEPARATORS.split(clean_line(el.text_content()))
        if not lead or not all(_date_part(part) for part in lead) or not any(c.isdigit() for c in lead[0]):
            continue
        if any(clean_line(a.text_content()) == last for a in el.iter("a")) or prose(last):
            continue
        names = unique_names([last])
        if len(names) == 1 and len(names[0].split()) > 1 and looks_like_name(names[0]):
            return names
    return []


def name_under_headline(page: ArticlePage) -> list[str]:
    """The names an element of its own right after the headline's ``<h1>`` prints and nothing else
    ("<h1>…</h1><p>Sandra Arm</p>"): two to four capitalised words each, no link, no digit, no
    sentence, no other word ("Von Ann Lee und Bo Roe" too). Found by the line's place, not a
    theme's class names; a last resort, and only names that read as a person's: a subtitle of a
    few capitalised words ("Drei Fragen", "Neue Regeln") is a phrase."""
    h1 = None if page.is_listing() else headline_h1(page)
    el = None if h1 is None else _sibling(h1, preceding=False)
    if el is None or el.tag in SKIP_TAGS or el.tag in _HEADINGS or el.tag in PAGE_TAGS:
        return []
    raw = el.text_content()
    if len(" ".join(raw.split())) > _MAX_NAME_LINE or next(el.iter("a"), None) is not None:
        return []
    text = clean_line(raw)
    if not text or any(c.isdigit() for c in text) or prose(text):
        return []
    names = unique_names([text])
    if not names or not all(len(name.split()) > 1 and looks_like_name(name) for name in names):
        return []
    # the names and what joins them, nothing else ("Jane Roe - Editor" is a name with a job)
    rest = set(_WORDS.findall(text.casefold())) - set(_WORDS.findall(" ".join(names).casefold()))
    if rest - _NAME_GLUE:
        return []
    # a subtitle of capitalised words ("Drei Fragen", "Neue Regeln") on a page naming nobody else
    lowercase = _lowercase_words(page)
    if any(phrase(name, lowercase) for name in names):
        return []
    return [] if page._byline_other_region(el) else names


def _lowercase_words(page: ArticlePage) -> set[str]:
    """The words the text prints in lowercase ("regeln", "neue"): common words, not names."""
    container = page.body_selector
    text = container.root.text_content() if container is not None else ""
    return {word for word in _WORDS.findall(text) if word.islower()}


def dated_name(page: ArticlePage) -> list[str]:
    """The name a line before the text prints as an item of its own beside the line's only other
    item, its date, with no label ("<span>28. Jan. 2022</span> <span>Paula Balov</span>",
    "<span>Michael Mäser</span>, <time>02.02.2022</time>"): two to four capitalised words not in a
    link (a category's "Local News" is one). Found by the line's shape, not a theme's class names."""
    container = None if page.is_listing() else page.body_selector
    if container is None:
        return []
    for el in page.sel.root.iter():
        if el is container.root:
            break
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or el.tag in PAGE_TAGS or el.tag in _HEADINGS:
            continue
        items = [child for child in el if isinstance(child.tag, str)]
        if len(items) != 2 or _too_long(el.text_content()):
            continue
        if ((el.text or "") + "".join(child.tail or "" for child in items)).strip(_ITEM_GLUE):
            continue  # words between the items: a sentence, not a line of two items
        texts = [clean_line(child.text_content()).strip(_ITEM_GLUE) for child in items]
        for date, name, holder in ((texts[0], texts[1], items[1]), (texts[1], texts[0], items[0])):
            if not any(c.isdigit() for c in date) or not _date_part(date):
                continue
            if holder.tag == "a" or next(holder.iter("a"), None) is not None or prose(name):
                continue
            names = unique_names([name])
            if len(names) == 1 and len(names[0].split()) > 1 and looks_like_name(names[0]):
                return [] if page._byline_other_region(el) else names
    return []


def _sibling(el: HtmlElement, preceding: bool) -> HtmlElement | None:
    """The element just before or after ``el`` (comments and processing instructions passed over)."""
    return next((s for s in el.itersiblings(preceding=preceding) if isinstance(s.tag, str)), None)


def _date_part(text: str) -> bool:
    """A date or a time and nothing else ("04.02.2022", "13:10 Uhr", "March 3, 2021")."""
    words = text.split()
    return bool(words) and all(_DATE_PART.match(w) or w.casefold().rstrip(".,") in DATE_WORDS for w in words)


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
