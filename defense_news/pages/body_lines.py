"""Short lines of an article's content container that are not the article, told by their opening
words: an advertising label ("Anzeige", "Advertisement") and a picture credit or copyright notice
("Foto: …", "© 2024 …"). See ``body.BODY_NOISE``."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# The longest picture credit printed as a paragraph ("Header Image: People have lived in …").
MAX_CREDIT_CHARS = 200
# The longest copyright notice ("© 2022, Site. This article is the copyrighted property of …").
MAX_NOTICE_CHARS = 300


def ad_label(el: HtmlElement) -> bool:
    """A short paragraph that says the text or what follows is advertising ("*Werbung. Dieser Beitrag
    enthält Werbung für …", "Anzeige", "Advertisement"), or a block holding that word alone (an ad
    slot's "<h3 class="tl-ad-heading">Advertisement</h3>"), or a ``<span>``/``<small>`` holding it set
    apart from any text ("<div><small>Anzeige</small><br><script>…")."""
    if el.tag == "p":
        return _opens_with(el, _AD_LABEL, nodes_apart=True)
    if el.tag not in _AD_LABEL_TAGS and not (el.tag in _AD_LABEL_INLINE and _set_apart(el)):
        return False
    return _opening(el, _AD_LABEL_ALONE) is not None and _AD_LABEL_ALONE.match(el.text_content()) is not None


def _set_apart(el: HtmlElement) -> bool:
    """True if no text runs right before or after ``el`` in its parent: not a word of a sentence."""
    if (el.tail or "").strip():
        return False
    before = el.getprevious()
    parent = el.getparent()
    text = before.tail if before is not None else (parent.text if parent is not None else None)
    return not (text or "").strip()


def _opens_with(el: HtmlElement, pattern: re.Pattern[str], nodes_apart: bool = False) -> bool:
    """A line of at most MAX_CREDIT_CHARS opening with ``pattern``."""
    return _opening(el, pattern, nodes_apart) is not None and len(el.text_content()) <= MAX_CREDIT_CHARS


def _opening(el: HtmlElement, pattern: re.Pattern[str], nodes_apart: bool = False) -> re.Match[str] | None:
    """``pattern`` matched at the start of ``el``'s text. The opening words only (a few text nodes):
    the whole text is read only for the rare line that opens so. With ``nodes_apart`` the text
    nodes are joined with a line break, so the pattern can tell a word printed on its own
    ("<strong>Anzeige</strong> Dieser Beitrag …") from the start of a sentence."""
    opening = ""
    for piece in el.itertext():
        opening += f"{piece}\n" if nodes_apart else piece
        if len(opening) >= _CREDIT_OPENING:
            break
    return pattern.match(opening)


def credit_line(el: HtmlElement) -> bool:
    """A short line naming where the pictures come from ("Beitragsbild: Titelseite der FAZ",
    "Fotos: Sophia Mahnert", "Featured image by …"): the caption of an image, printed as a paragraph;
    or a copyright notice ("© 2024 The Associated Press. All rights reserved. …", "© Jane Doe")."""
    if el.tag not in _CREDIT_TAGS:
        return False
    match = _opening(el, _CREDIT)
    if match is None:
        return False
    return len(el.text_content()) <= (MAX_NOTICE_CHARS if match["notice"] else MAX_CREDIT_CHARS)


# The words an advertising label opens with ("*Werbung. Dieser Beitrag enthält Werbung für …").
# The label stands alone, in a text node of its own, or is followed by punctuation: a sentence
# that opens with one of the words ("Sponsored by Senator Roe, the amendment …", "Advertising
# revenue fell …") is the text.
_AD_LABEL = re.compile(
    r"\W*(?:werbung|anzeige|advertisement|advertising|sponsored|gesponsert|publicidad|publicité)"
    r"\s*(?:[-:.*|/)\]–—]|\n|$)",
    re.I,
)
# The same word as an element's whole text.
_AD_LABEL_ALONE = re.compile(
    r"\W*(?:werbung|anzeige|advertisement|advertising|sponsored|gesponsert|publicidad|publicité)\W*$", re.I
)
_AD_LABEL_TAGS = frozenset({"div", "h2", "h3", "h4", "h5", "h6"})
# An inline element holding the word is a label only set apart: it may sit in a sentence ("Die
# <span>Werbung</span> im Fernsehen …").
_AD_LABEL_INLINE = frozenset({"span", "small"})
_CREDIT_TAGS = frozenset({"p", "span"})
# Characters enough to hold the longest opening the pattern reads ("(Photo credits: ", "Featured image by").
_CREDIT_OPENING = 40
# A copyright notice's opening ("©", "(c) 2024", "Copyright © …", "Copyright 2024": not "Copyright
# law …"), or the words a picture credit opens with, in the languages of the pages looked at, then
# ":", "by", "via", "von" or "©".
_CREDIT = re.compile(
    r"(?P<notice>\W{0,3}?(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4})))|"
    r"\W*(?:photo\s*credits?|foto\s*credits?|credits?|fotos?|photos?|bild(?:er)?|beitragsbild|titelbild|headerbild|"
    r"bildquelle|images?|featured\s+image|header\s+image|cover\s+image|imagen|cr[ée]dits?|cr[ée]dito)\b\s*(?::|by\b|via\b|von\b|©)",
    re.I,
)
