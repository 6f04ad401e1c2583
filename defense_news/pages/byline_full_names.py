"""An author's name as the page prints it in full, where a byline source gives only part of it:
a one-word display name, an account's login, initials."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ..html_text import element_text
from .byline_names import LOGIN, looks_like_name, prose
from .scope import AncestorFacts, comments_region
from .selectors.core import AUTHOR_HREF

if TYPE_CHECKING:
    from .article import ArticlePage

logger = logging.getLogger(__name__)

# At most this many words of a Person's description complete a one-word name.
_MAX_EXTRA_NAMES = 2
# A capitalised word or an initial between a login's parts ("christian.stadtfeld": "Christian P. Stadtfeld").
_MIDDLE_NAMES = r"(?:[^\S\n]+(?-i:[A-ZÀ-Þ])[\w'’-]*\.?){0,2}"
# … and the capitalised words after a one-word name ("Todd": "Todd Bates").
_LAST_NAMES = r"(?:[^\S\n]+(?-i:[A-ZÀ-Þ])[\w'’-]*\.?){1,2}"


def _comments_or_menu(el: HtmlElement) -> bool:
    return comments_region(el) or el.tag == "nav" or "menu" in f"{el.get('class') or ''} {el.get('id') or ''}".lower()


def printed_name(page: ArticlePage, name: str, site_name: Callable[[ArticlePage, str], bool]) -> str:
    """``name`` as the page prints it in full, when JSON-LD gives only an account's login or a
    one-word display name: "christian.stadtfeld" is the "Christian P. Stadtfeld" of the post's
    text; "Todd" the "Todd Bates" an element of its own prints (a byline's), outside the comments and
    menus. The site's own name (``site_name``) is not completed: a menu's "Solarserver Stellenmarkt".
    Unchanged when the page prints no such name, or prints two."""
    if LOGIN.match(name):
        parts = re.split(r"[._-]", name)
        if len(parts[0]) < 2 or len(parts[-1]) < 2:
            return name
        pattern = re.compile(rf"\b{re.escape(parts[0])}{_MIDDLE_NAMES}[^\S\n]+{re.escape(parts[-1])}\b", re.I)
        found = {m.group() for m in pattern.finditer(element_text(page.article_root))}
    elif name.isalpha() and name[0].isupper() and not name.isupper():
        if site_name(page, name):
            return name  # the site's name ("Solarserver"), not a first name: "Solarserver Stellenmarkt" is a menu's
        pattern = re.compile(rf"\b{re.escape(name)}{_LAST_NAMES}(?!\w)", re.I)
        elsewhere = AncestorFacts(_comments_or_menu)
        found = {
            m.group()
            for m in pattern.finditer(element_text(page.sel.root))
            if any(
                not (_comments_or_menu(el) or elsewhere(el))
                for el in page.sel.root.xpath("//*[normalize-space(.) = $n]", n=m.group())
            )
        }
    else:
        return name
    found = {text for text in found if looks_like_name(text) and not prose(text)}
    if len(found) != 1:
        return name
    full = found.pop()
    logger.debug("Author %r printed in full as %r on %s", name, full, page.response.url)
    return full


def full_name(name: str, description: str) -> str:
    """``name`` with the capitalised words that follow it at the start of ``description``.

    >>> full_name("Stefanus", "Stefanus Stahl - Maschinenbauer, Abenteurer"), full_name("Bebs", "Bebs here! I love")
    ('Stefanus Stahl', 'Bebs')
    """
    if " " in name.strip() or not description.startswith(name + " "):
        return name
    words = description[len(name) :].split()[:_MAX_EXTRA_NAMES]
    extra = list(itertools.takewhile(lambda w: w[0].isupper() and w.isalpha(), words))
    return " ".join([name, *extra])


# A display name of initials only ("DT", "D.T."), and the capitalised words a full name is made of.
_INITIALS = re.compile(r"^(?:[A-ZÀ-Þ]\.?){2,3}$")
_CAPITALISED_WORDS = re.compile(r"\b[A-ZÀ-Þ][^\W\d_]+(?:[^\S\n]+[A-ZÀ-Þ][^\W\d_]+){1,2}\b")
_SLUG_BREAKS = re.compile(r"[-_.]")


def initials_in_full(page: ArticlePage, name: str) -> str:
    """A display name of initials ("DT") as the name the page prints whose words spell the slug of
    the author archive the initials link to ("/author/donaldtownsend/": "Donald Townsend", in a
    license notice) and open with those initials. Unchanged when the page prints no such name."""
    if not _INITIALS.match(name):
        return name
    slugs = set()
    for a in page.sel.root.iter("a"):
        if a.text_content().strip() == name and (match := AUTHOR_HREF.search(a.get("href") or "")):
            slugs.add(_SLUG_BREAKS.sub("", match.group().strip("/").rsplit("/", 1)[-1].casefold()))
    if len(slugs) != 1:
        return name
    slug = slugs.pop()
    initials = name.replace(".", "")
    found = {
        text
        for text in _CAPITALISED_WORDS.findall(element_text(page.sel.root))
        if "".join(text.split()).casefold() == slug and "".join(w[0] for w in text.split()) == initials
    }
    if len(found) != 1:
        return name
    full = found.pop()
    logger.debug("Initials %r printed in full as %r on %s", name, full, page.response.url)
    return full
