"""Bylines in elements named for them, read as a last resort of ``bylines.py``: an element classed
``author`` (or its info or name) holding only a name, an ``<address>`` opening with one, a page builder's custom post-info item
holding only names, a name signed in bold under the text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ..html_text import clean_line, element_text, text_blocks
from .body_boxes import AUTHOR_TITLE
from .byline_names import looks_like_name, prose, unique_names
from .selectors.themes import ELEMENTOR_POST_INFO_CUSTOM

if TYPE_CHECKING:
    from .article import ArticlePage

# A name signed under the text in bold ("<p><strong>Marina Mucha</strong></p>" closing a review):
# two to four words of letters, nothing else in the paragraph.
_SIGNATURE_TAGS = frozenset({"strong", "b"})
_SIGNATURE = re.compile(r"^[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){1,3}$")
# An element's own text is a name when it is this short.
_MAX_NAME = 60

# An element named only for the author: <p class="author">, <span class="author">; or for its
# information or name, as BEM-style layouts name it ("author-info", "author-info__txt",
# "author__name"). Not its bio, box or avatar (they hold more than the name), nor a story's
# "story-author" block (a link there may read "Zur Artikelübersicht").
_AUTHOR_CLASS = "//*[contains(@class, 'author')]"
_AUTHOR_CLASS_TOKEN = re.compile(r"^author(?:[-_]+(?:info|name|txt|text))*$")


# hCard, the microformat classic themes print the byline in ("<span class="author vcard"><span
# class="fn">"): core prints it in comments too, so a theme's unknown class names keep it.
_FN = "descendant-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')][1]"

# A control beside the name ("<a class="author-info__follow-button">Follow</a>", glued to it).
_CONTROL_WORDS = ("button", "follow")


def _control(el: HtmlElement) -> bool:
    return el.tag == "button" or any(word in (el.get("class") or "").lower() for word in _CONTROL_WORDS)


def _named_for_author(el: HtmlElement) -> bool:
    return any(_AUTHOR_CLASS_TOKEN.match(token) for token in (el.get("class") or "").split())


def author_class(page: ArticlePage) -> list[str]:
    """The short text of the first element classed ``author`` (or its info or name: "author-info",
    "author-info__txt") outside sidebars, comments and other posts that reads as a name
    ("<p class="author">Sandra Arm</p>" under the headline, "<div class="author-info__txt"><span>Sara
    Roe</span><span>Stand: 05. Februar 2020</span></div>")."""
    for el in page.sel.root.xpath(_AUTHOR_CLASS):
        if not _named_for_author(el):
            continue
        # an author box's title ("Über den Autor") is the line before the name
        lines = (line for line in element_text(el, _control).split("\n") if line.strip())
        text = clean_line(next((line for line in lines if not AUTHOR_TITLE.match(line)), ""))
        if not text or len(text) > _MAX_NAME or page._byline_other_region(el):
            continue
        names = unique_names([text])
        if names and all(looks_like_name(name) for name in names):
            return names
    return []


def hcard_names(page: ArticlePage) -> list[str]:
    """The name of the first hCard (``.vcard``, its ``.fn`` or its own short text) before the text's
    container, outside comments, sidebars and other posts, that reads as a name and is not the
    site's (an hCard around the site's title in the header): the byline of a theme whose own class
    names say nothing ("vom <span class="fn">Krimiblogger</span>" in an ``<h4 class="vcard">`` under
    the headline). The hCards after the text are other posts' teasers and author boxes."""
    container = page.body_selector
    stop = container.root if container is not None else None
    sites = {name.casefold() for name in page._site_names}
    for el in page.sel.root.iter():
        if el is stop:
            break
        if not isinstance(el.tag, str) or "vcard" not in (el.get("class") or "").split():
            continue
        if page._byline_other_region(el):
            continue
        named = el.xpath(_FN)
        text = clean_line(element_text(named[0] if named else el))
        if not text or len(text) > _MAX_NAME:
            continue
        names = unique_names([text])
        if names and all(looks_like_name(name) for name in names) and not {n.casefold() for n in names} <= sites:
            return names
    return []


def address_names(page: ArticlePage) -> list[str]:
    """The name the first ``<address>`` outside sidebars, comments and other posts opens with:
    HTML's element for the contact of its article's author ("<address><span>Frank Boës</span>
    </address>", a name and a line about the writer after it), which a theme's unknown class
    names keep. A line that does not read as two to four capitalised words (a postal address, a
    desk's "Pressestelle") is none."""
    for el in page.sel.root.iter("address"):
        if page._byline_other_region(el):
            continue
        text = clean_line(next((line for line in element_text(el).split("\n") if line.strip()), ""))
        if not text or len(text) > _MAX_NAME or prose(text):
            continue
        names = unique_names([text])
        if names and all(len(name.split()) > 1 and looks_like_name(name) for name in names):
            return names
    return []


def post_info_names(page: ArticlePage) -> list[str]:
    """The names Elementor's Post Info widget prints in a custom item (a span classed
    "elementor-post-info__item--type-custom" reading "Boris T. Kaiser" beside the date item): each of
    two to four capitalised words, so a custom "Kommentare" or "Lesezeit: 3 Minuten" is none."""
    for text in page.css(ELEMENTOR_POST_INFO_CUSTOM).xpath("string()").getall():
        names = unique_names([clean_line(text)])
        if names and all(len(name.split()) > 1 and looks_like_name(name) and not prose(name) for name in names):
            return names
    return []


def closing_signature(page: ArticlePage) -> list[str]:
    """The name the text's last paragraph signs in bold and nothing else ("<p><strong>Marina
    Mucha</strong></p>" after a book review): two to four capitalised words, no label, no sentence
    ("Info zur Bewertung"), nothing after it in the text (in the last of the containers the text
    goes on in)."""
    container = page.body_end
    if container is None or page.is_listing():
        return []
    last = None
    for el in container.iter("p"):
        if el.text_content().strip():
            last = el
    if last is None:
        return []
    text = clean_line(last.text_content())
    blocks = text_blocks(container)
    if not blocks or clean_line(blocks[-1].split("\n")[-1]) != text:
        return []  # more text follows it (a list, a table)
    children = [child for child in last if isinstance(child.tag, str) and child.tag != "br"]
    if len(children) != 1 or children[0].tag not in _SIGNATURE_TAGS or clean_line(children[0].text_content()) != text:
        return []
    if not _SIGNATURE.match(text) or not looks_like_name(text) or prose(text):
        return []
    return [text]
