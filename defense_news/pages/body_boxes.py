"""Short boxes inside an article's content container that are not the article, told by their title:
an appeal to subscribe, the writer's bio. See ``body.BODY_NOISE``."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from ..html_text import element_text

# The longest label of a boilerplate block ("Das Thema könnte dich auch interessieren:"), and of a box's title.
MAX_LABEL_CHARS = 60
# The longest box a title marks (the appeal or the bio, its few lines): a longer one is the text's own section.
MAX_BOX_CHARS = 800
# Blocks that may hold a label or a box's title.
LABELS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6"})
# What an appeal to the reader asks for, in the languages of the pages looked at.
APPEAL = re.compile(
    r"\b(?:subscri\w*|newsletter\w*|abonn\w*|donat\w*|spende\w*|suscr\w*|únete|telegram|whatsapp)\b",
    re.I,
)
# The title of a box holding the writer's bio, in the languages of the pages looked at ("AUTOR",
# "About the author", "Über den Autor", "Zur Autorin", "Sobre el autor", "À propos de l'auteur").
AUTHOR_TITLE = re.compile(
    r"\W*(?:(?:about|über|zum|zur|sobre|à\s+propos\s+de|o)\s+)?(?:the\s+|den\s+|die\s+|el\s+|la\s+|l'\s*)?"
    r"(?:authors?|autor(?:in|en|innen|a|es|ze)?|auteure?s?)\W*$",
    re.I,
)
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6", "strong", "b"})
_TITLES = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def appeal_box(el: HtmlElement) -> bool:
    """A short box (at most MAX_BOX_CHARS) titled by a heading that asks the reader to subscribe or
    sign up ("<div><h3>Sign up for the … newsletter</h3><p>Never miss the latest news …</p>"): the
    heading is its first text, alone in a heading element of at most MAX_LABEL_CHARS."""
    first = _first_text(el)
    if first is None or first.tag not in _HEADINGS:
        return False
    heading = first.text_content().strip()
    if len(heading) > MAX_LABEL_CHARS or APPEAL.search(heading) is None:
        return False
    return len(el.text_content()) <= MAX_BOX_CHARS


def author_box(el: HtmlElement) -> bool:
    """A short box (at most MAX_BOX_CHARS) titled only "Author", "Autor", "About the author", "Über
    den Autor"…: the writer's bio a theme prints without a telling class ("<div class="highlight"><div
    class="header">AUTOR</div><h3>Dr. …</h3><p>ist Gründungspartner …</p></div>"). The title is the
    box's first text and that block's whole text."""
    first = _first_text(el)
    # a block of its own: a label inline before the name ("<span>Author: </span><span>Bebs</span>") is a
    # recipe card's byline, not a bio's title
    if first is None or first.tag not in LABELS or AUTHOR_TITLE.match(first.text_content()) is None:
        return False
    return len(el.text_content()) <= MAX_BOX_CHARS


def titled_bio(el: HtmlElement) -> bool:
    """A short box (at most MAX_BOX_CHARS) after a block titled only "Über den Autor", "About the
    author"…: the writer's bio when the theme prints the title beside the box rather than in it
    ("<div>Über den Autor</div><div><img …><a rel="author">Jossi Loibl</a><p>Jossi Loibl (Jahrgang
    1962) schreibt …</p></div>"). Told apart from :func:`author_box` by where the title stands, not by
    a class: a theme nobody has seen names neither. The title then goes as the label of noise."""
    title = el.getprevious()
    while title is not None and not isinstance(title.tag, str):  # comments
        title = title.getprevious()
    if title is None or title.tag not in LABELS or (title.tail or "").strip():
        return False
    # the title's text before the box's: the box may be long, and most blocks have no such title
    return AUTHOR_TITLE.match(title.text_content()) is not None and len(el.text_content()) <= MAX_BOX_CHARS


def unlabelled(line: HtmlElement, el: HtmlElement) -> bool:
    """Boilerplate ``el`` the short ``line`` before it is no label of: ``el`` is :func:`titled`, or it
    shows no text (an ad slot's scripts and ``<ins>``, a spacer) and ``line`` is a subheading. No
    heading titles an ad slot: the subheading before one between paragraphs is the text's own ("2023 on
    Track to Break Temperature Records"). A line that is no heading is still left out there: a byline
    before a share bar of icons."""
    return titled(el) or (line.tag in _SUBHEADINGS and not element_text(el).strip())


def titled(el: HtmlElement) -> bool:
    """A block whose first text sits in a heading of its own: Jetpack's share block ("<div
    class="sharedaddy"><div class="sd-block"><h3 class="sd-title">Share this:</h3>…"), its related
    posts ("<h3><em>Related</em></h3>"). Such a block needs no label before it."""
    node = _first_text(el)
    while node is not None and node is not el:
        if node.tag in _TITLES:
            return True
        node = node.getparent()
    return False


def _first_text(el: HtmlElement) -> HtmlElement | None:
    """The element holding ``el``'s first text, below it; None when ``el`` opens with text of its own.

    A comment or a processing instruction is no text ("<div><!-- .box --><h3>AUTOR</h3>…"): the
    text after one ("<h3><!-- title -->AUTOR</h3>") is its parent's."""
    if (el.text or "").strip():
        return None
    for node in el.iter():
        if node is el:
            continue
        if isinstance(node.tag, str):
            if (node.text or "").strip():
                return node
        elif (node.tail or "").strip():
            parent = node.getparent()
            return None if parent is el else parent
    return None


_SUBHEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
