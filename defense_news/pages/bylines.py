"""An article's authors: the layers of byline sources, and byline texts split into names."""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from ..html_text import SKIP_TAGS, clean_line, element_text, text_blocks
from .byline_elements import address_names, author_class, closing_signature, hcard_names, post_info_names
from .byline_full_names import full_name, initials_in_full, printed_name
from .byline_lines import (
    byline_line,
    dated_name,
    headline_dated_name,
    listed_names,
    name_under_headline,
    sentence_lead,
)
from .byline_markup import microdata_authors, post_author_comment, wire_credit
from .byline_names import LOGIN, looks_like_name, prose, unique_names
from .common import string_values
from .date_scope import headline_h1
from .scope import PAGE_TAGS
from .selectors.core import AUTHOR_HREF, AUTHOR_LINK_CLASS, AUTHOR_REL, SCREEN_READER
from .selectors.metadata import AUTHOR_NAME, AUTHOR_NAME_CONTENT
from .selectors.themes import (
    AUTHOR_BIO_TITLE,
    BYLINES,
    ELEMENTOR_POST_INFO_AUTHOR,
    ZOX_AUTHOR,
    ZOX_AUTHOR_BOX,
    ZOX_AUTHOR_LINK,
)

if TYPE_CHECKING:
    from .article import ArticlePage

logger = logging.getLogger(__name__)

# "Posted by Jane Doe", "… by Jane Doe on May 3", "Von Anna Müller": a name (no digits) after the word.
_POSTED_BY = re.compile(
    r"\b(?:by|von|par|por)\s+(?P<name>[^\W\d_][^\d|·•@,;:()]{1,40}?)\s*(?:$|\s(?:on|am|um|le|el|at|in)\s|[|·•@,;:(])",
    re.I,
)
# What separates a site's name from a byline it prefixes ("unocero - Alberto Ávila").
_SITE_SEPARATORS = (" - ", " – ", " — ", " | ", ": ")
# A byline's meta line is short.
_MAX_META_LINE = 120
# A line of its own at the top of the text naming who wrote it: "Von Tobias Kuske",
# "By Jane Doe and John Roe", "Text: Anna Müller", "Written by: Julie Mollins" (a post republished
# from another site, the account that posted it the site's).
_TEXT_BYLINE = re.compile(
    r"^(?:(?:written\s+by|geschrieben\s+von|(?:text|words|story)\s+(?:by|von)|by|von|par|por)\s*:?"
    r"|(?:text|autor(?:in)?|author)\s*:)"
    r"\s*(?P<names>\S.{2,80})$",
    re.I,
)
# The same line naming what the text is: "Ein Interview von Eugen Zentner mit Sonja Silberhorn.",
# "Ein Kommentar von …", "Blog Beitrag von …", "A guest post by …", "Une tribune de …": the writer
# before "mit"/"with" (whom an interview is with).
_KIND_BYLINE = re.compile(
    r"^(?:(?:ein|eine|a|an|un|une|una)\s+)?(?:[^\W\d_]+\s+)?[^\W\d_]*?"
    r"(?:beitrag|kommentar|interview|essay|analyse|kolumne|bericht|reportage|artikel|rezension|"
    r"post|commentary|column|op-ed|analysis|report|article|review|"
    r"tribune|chronique|entretien|entrevista|columna|crónica|artículo|análisis)"
    r"\s+(?:von|by|de|par|por)\s+(?P<names>\S.{2,80}?)(?:\s+(?:mit|with|avec|con)\s+.*)?\.?$",
    re.I,
)
# How many lines at the top of the text are searched for it, and the longest block looked into.
_TEXT_BYLINE_LINES = 6
_TEXT_BYLINE_BLOCK = 300
# … and how many at its end (the photographers, the sources, a literature list may follow it).
_CLOSING_BYLINE_LINES = 10
# A writer's own page: WordPress's /author/<slug>/ and what co-author plugins and custom themes
# print ("/authors/jane-doe", "/ueber-uns/autoren/Clara-Loew", "/auteur/…").
_AUTHOR_PAGE = re.compile(r"/(?:authors?|autor(?:en|in)?|auteurs?|autori?)/[^/]+/?$", re.I)
_NOT_WORD = re.compile(r"[\W_]+")
# All a byline of several linked names holds besides them: "By", commas, "and", "&".
_BYLINE_GLUE = re.compile(r"^(?:[\s,;&|·•/+]|\b(?:by|von|par|por|and|und|et|y|with|mit)\b)*$", re.I)
# The rel values of core's term links: the_category() ("category tag"), the_tags() ("tag").
_TERM_RELS = frozenset({"tag", "category"})
# How far above an author link its byline is looked for.
_BYLINE_DEPTH = 3
# How far above an author link a teaser's headline is looked for: a card prints its byline in a
# list of its own ("<h5><a>Headline</a></h5><div><ol><li><span><a>Writer</a>").
_TEASER_DEPTH = 5
# The writers an author box after the text may link to (the post's co-authors); more are a list.
_MAX_BOX_WRITERS = 2
# A teaser's headline link has at least this many words, or sits in a heading.
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HEADLINE_WORDS = 4
# A teaser (headline, byline, date, a line of excerpt) is short.
_MAX_TEASER = 400


def authors(page: ArticlePage) -> list[str]:
    """The first byline source that names a writer, as single names.

    A source whose texts name nobody (the theme's date under a byline class, a placeholder
    account) gives way to the next one. So does one naming only the site itself (JSON-LD's or the
    meta author's house account: "LN" on "LN - Lübecker Nachrichten", "jungefreiheit.de", an
    Organization) or only accounts' logins ("edilson.la.rosa"): a later source naming a writer
    wins, a last resort too ("Von Claudia Lindner" above the text of a page whose meta author is
    the magazine), and they stand when none does."""
    sites = page._site_names
    house = _house_keys(page, sites)
    fallback: list[str] = []
    for layer in itertools.chain(layers(page), last_resorts(page)):
        names = unique_names([without_site(name, sites) for name in layer() if name])
        if not names:
            continue
        if all(_house_name(name, house) for name in names):
            fallback = fallback or names
            continue
        if all(LOGIN.match(name) for name in names):
            fallback = fallback or names
            continue
        if fallback:
            logger.debug(
                "Byline %r (the site's own, or a login) passed over for %r on %s", fallback, names, page.response.url
            )
        return [initials_in_full(page, name) for name in names]
    return fallback


# What a name is compared by: letters and digits, case-folded ("INTERSCENAR.IO" = "Interscenario").
_NOT_ALNUM = re.compile(r"[\W_]+")
# What separates a site's short name from the rest of it ("LN - Lübecker Nachrichten").
_SITE_NAME_PARTS = re.compile(r"\s+[-–—|:]\s+")


# A site's name (letters and digits) at least this long is its own inside a longer name.
_MIN_HELD_SITE_KEY = 8


def _key(name: str) -> str:
    return _NOT_ALNUM.sub("", name.casefold())


def _house_keys(page: ArticlePage, sites: list[str]) -> set[str]:
    """The site's own names (each part of "LN - Lübecker Nachrichten" too), its host ("jungefreiheit.de"),
    and the JSON-LD authors typed as an Organization."""
    keys = {_key(part) for site in sites for part in (site, *_SITE_NAME_PARTS.split(site))}
    host = (urlsplit(page.response.url).hostname or "").removeprefix("www.")
    keys |= {_key(host), _key(host.rsplit(".", 1)[0])}
    keys |= {_key(name) for name in organization_authors(page)}
    keys.discard("")
    return keys


def _house_name(name: str, house: set[str]) -> bool:
    """The site's own name, a name opening with it ("L-MAG – Das Magazin für Lesben" on l-mag.de),
    or one holding a long one of its names: its desk ("JuraForum.de-Redaktion"), its club's full
    name ("EFC Bayrische Bembel" on bayrische-bembel.de). A short one ("Home", "Salon") may be a
    person's name's part."""
    key = _key(name)
    if key in house:
        return True
    parts = _SITE_NAME_PARTS.split(name)
    if len(parts) > 1 and _key(parts[0]) in house:
        return True
    return any(len(site) >= _MIN_HELD_SITE_KEY and site in key for site in house)


def organization_authors(page: ArticlePage) -> list[str]:
    """The names of the Article's JSON-LD authors typed as an Organization (a house account)."""
    ld = page.jsonld
    raw = ld.article().get("author")
    names = []
    for value in raw if isinstance(raw, list) else [raw]:
        node = ld.resolve(value)
        if not isinstance(node, dict) or not isinstance(node.get("name"), str):
            continue
        types = node.get("@type")
        if {"Organization", "NewsMediaOrganization"} & set(types if isinstance(types, list) else [types]):
            names.append(node["name"])
    return names


def layers(page: ArticlePage) -> tuple[Callable[[], Iterable[str | None]], ...]:
    """The byline sources, most trusted first, each evaluated only when the ones before it name nobody."""

    def twitter_author() -> list[str | None]:
        if (page.meta("twitter:label1") or "").lower().startswith("written"):
            return [page.meta("twitter:data1")]
        return []

    return (
        lambda: string_values(page.css(ZOX_AUTHOR_LINK)) or string_values(page.css(ZOX_AUTHOR)),
        lambda: string_values(page.css(ZOX_AUTHOR_BOX)),
        # A byline the text itself opens with names the writer; the account that posted it
        # (JSON-LD, meta, the theme's byline) is often an editor's or the site's.
        lambda: text_byline(page),
        lambda: page.css(AUTHOR_NAME_CONTENT).getall() or string_values(page.css(AUTHOR_NAME)),
        # Co-authors: JSON-LD often names only the account that posted.
        lambda: coauthor_byline(page),
        # Yoast without an Article node states the author on the WebPage node.
        lambda: jsonld_authors(page, page.jsonld.article()) or jsonld_authors(page, page.jsonld.web_page()),
        # schema.org microdata outside an <article> element (a page header, a list of authors)
        lambda: microdata_authors(page),
        # The theme's byline in the article (a table of theme classes), then author links;
        # a site's meta author is often a house account and comes after them.
        lambda: theme_byline(page),
        lambda: string_values(page.css(ELEMENTOR_POST_INFO_AUTHOR)),
        lambda: string_values(page.css(AUTHOR_BIO_TITLE)),
        lambda: author_links(page),
        lambda: rel_author_links(page),
        lambda: [page.meta("author")],
        # OpenGraph's article:author: a profile's URL (dropped as a name) or the writer's name
        lambda: [page.meta("article:author")],
        twitter_author,
    )


def last_resorts(page: ArticlePage) -> tuple[Callable[[], Iterable[str | None]], ...]:
    """Byline sources read only when no other source names a writer (the site's name and logins aside):
    a meta line's "by …", a byline line closing the text, a name signed in bold under it, a byline line anywhere on the page, an element classed ``author`` holding a
    name, an ``<address>`` opening with a name, a page builder's custom post-info item holding names, an author link outside the post's element, a name printed after the date beside the headline,
    a name alone right after the headline, a wire credit, the post author's comment."""
    return (
        lambda: posted_by(page),
        lambda: closing_byline(page),
        lambda: closing_signature(page),
        lambda: byline_line(page),
        lambda: author_class(page),
        lambda: hcard_names(page),
        lambda: address_names(page),
        lambda: post_info_names(page),
        lambda: page_author_links(page),
        lambda: headline_dated_name(page),
        lambda: dated_name(page),
        lambda: name_under_headline(page),
        lambda: wire_credit(page),
        lambda: post_author_comment(page),
    )


def without_site(name: str, sites: list[str]) -> str:
    """A byline without the site's name printed before it.

    >>> without_site("unocero - Alberto Ávila", ["unocero"])
    'Alberto Ávila'
    """
    for site in sites:
        for sep in _SITE_SEPARATORS:
            if name.startswith(site + sep) and name[len(site + sep) :].strip():
                return name[len(site + sep) :].strip()
    return name


def theme_byline(page: ArticlePage) -> list[str]:
    """The first of the theme's byline selectors that names someone; one that names only the site
    (an hCard around the site's title in the header) gives way to a later one naming a writer, and
    stands only when none does. The site's name beside a writer's is left out."""
    sites = {name.casefold() for name in page._site_names}
    site_only: list[str] = []
    for css in BYLINES:
        found = article_values(page, css)
        names = unique_names(found)
        if not names:
            continue
        if all(name.casefold() in sites for name in names):
            site_only = site_only or found
            continue
        return [text for text in found if text.casefold() not in sites]
    return site_only


def article_values(page: ArticlePage, css: str) -> list[str]:
    """Text of ``css`` matches in the article's own element, else anywhere outside sidebars,
    related posts and comments."""
    root = page.article_root
    found = [sel.root for sel in page.css(css) if isinstance(sel.root, HtmlElement)]
    inside = [el for el in found if (el is root or root in el.iterancestors()) and not page._byline_outside(el)]
    if not inside:
        inside = [el for el in found if not page._in_not_article(el)]
    # a tag or category link (core's rel="tag", "category tag") in the byline's element is a term, not a writer
    return [
        text
        for el in inside
        if not _TERM_RELS & set((el.get("rel") or "").split())
        and (text := clean_line(element_text(el, SCREEN_READER)))
        and not teaser_byline(page, el)
    ]


def author_links(page: ArticlePage) -> list[str]:
    """Links to author archives (``/author/<slug>/``) in the article's own element: the_author_posts_link().

    One name per writer's page, the first link's text: the later ones to it are an author box's
    ("Read more articles by …", "Autorenseite von"). And where such links come before the text's
    container (the byline under the headline), those alone: the ones after the text are author
    boxes and other posts' teasers, which a theme's unknown class names do not mark; of those, the
    ones under the headline's ``<h1>`` alone where there are any (the ones above it are a menu of
    writers). Links only
    after the text leading to more than :data:`_MAX_BOX_WRITERS` writers are a list of other
    posts' writers (a blogroll), not the post's."""
    container = page.body_selector
    stop = container.root if container is not None else None
    h1 = headline_h1(page) if stop is not None else None
    before: dict[str, str] = {}
    under_headline: dict[str, str] = {}
    found: dict[str, str] = {}
    after: set[str] = set()
    passed = stop is None
    headed = False
    for el in page.article_root.iter():
        if el is stop:
            passed = True
        if el is h1:
            headed = True
        if el.tag != "a" or not writer_page_link(page, el):
            continue
        if page._byline_outside(el) or teaser_byline(page, el):
            continue
        name = clean_line(el.text_content())
        path = href_path(page, el)
        if name and headed and not passed:
            under_headline.setdefault(path, name)
        if name and path not in found:
            found[path] = name
            if not passed:
                before[path] = name
            elif stop is not None and stop not in el.iterancestors():
                after.add(path)
    if not before and after == set(found) and len(after) > _MAX_BOX_WRITERS:
        return []
    return list((under_headline or before or found).values())


def rel_author_links(page: ArticlePage) -> list[str]:
    """The texts of links marked ``rel="author"`` in the article's own element; where some come
    before the text's container (the byline under the headline), those alone: the ones after it
    are other posts' teasers and tag lists, which a theme's unknown class names do not mark."""
    links = [
        a
        for a in page.article_root.iter("a")
        if AUTHOR_REL in (a.get("rel") or "").split()
        and AUTHOR_LINK_CLASS not in (a.get("class") or "")
        and not page._byline_outside(a)
        and not teaser_byline(page, a)
    ]
    return [clean_line(a.text_content()) for a in _links_before_text(page, links) or links]


def _links_before_text(page: ArticlePage, links: list[HtmlElement]) -> list[HtmlElement]:
    """The ones of ``links`` printed before the text's container, in the article's own element; of
    those, the ones under the headline's ``<h1>`` alone where there are any: the ones above it are
    a menu or a list of other posts' writers, which a theme's unknown class names do not mark."""
    container = page.body_selector
    if container is None:
        return []
    h1 = headline_h1(page)
    wanted = set(links)
    before: list[HtmlElement] = []
    under_headline: list[HtmlElement] = []
    for el in page.article_root.iter():
        if el is container.root:
            return under_headline or before
        if el is h1:
            under_headline = []  # the ones above it are not
        if el in wanted:
            before.append(el)
            under_headline.append(el)
    return []  # the container is not in the article's element: no "before" to speak of


def writer_page_link(page: ArticlePage, a: HtmlElement) -> bool:
    """A link to a writer's own page: WordPress's ``/author/<slug>/``, or another system's
    ``/authors/``, ``/autor/``, ``/autorin/``, ``/auteur/`` page whose slug holds a word of the link's
    text (such a slug is made from the name: "/autor/juan-carlos-munoz" for "Juan Carlos Muñoz C.";
    a link there reading "Zur Artikelübersicht" is no byline)."""
    path = href_path(page, a)
    if AUTHOR_HREF.search(path):
        return True
    match = _AUTHOR_PAGE.search(path)
    if not match:
        return False
    slug = set(_ascii(match.group().casefold()).split())
    return any(len(word) > 1 and word in slug for word in _ascii(a.text_content().casefold()).split())


def _ascii(text: str) -> str:
    """``text`` without accents, its non-letters spaces ("Muñoz C." → "munoz c")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub(" ", plain)


def coauthor_byline(page: ArticlePage) -> list[str]:
    """The names of a byline in the article that links each of several writers to their own page and
    holds nothing else but "By", commas and "and": "By <a>Jessica Holly</a>, <a>Gail Levy</a>"."""
    root = page.article_root
    links = [a for a in root.iter("a") if _writer_link(a, href_path(page, a)) and not page._byline_outside(a)]
    # a byline of several writers under the headline, or none: the ones after the text are teasers'
    links = _links_before_text(page, links) or links
    if len(links) < 2:
        return []
    checked: set[HtmlElement] = set()
    for link in links:
        for el in itertools.islice(link.iterancestors(), _BYLINE_DEPTH):
            if el in checked:
                break
            checked.add(el)
            inner = [a for a in el.iter("a") if a in links]
            if len(inner) < 2:
                continue
            # The smallest element holding two writers' links is their byline, or there is none here
            # (a list of related posts holds their titles too).
            rest = el.text_content()
            for a in inner:
                rest = rest.replace(a.text_content(), "", 1)
            hrefs = {a.get("href") for a in inner if clean_line(a.text_content())}
            if len(hrefs) >= 2 and _BYLINE_GLUE.match(rest) and not teaser_byline(page, inner[0]):
                return [clean_line(a.text_content()) for a in inner]
            break
    return []


def _writer_link(a: HtmlElement, path: str) -> bool:
    return AUTHOR_REL in (a.get("rel") or "").split() or bool(_AUTHOR_PAGE.search(path))


def href_path(page: ArticlePage, a: HtmlElement) -> str:
    """The path of a link's ``href``; "" for one no URL parser reads (``http://[ccpa-preferences]``,
    a placeholder a consent plugin fills in): such a link leads to nobody's page."""
    href = a.get("href") or ""
    try:
        return urlsplit(href).path
    except ValueError as exc:
        logger.debug("Unreadable link %r on %s: %s", href, page.response.url, exc)
        return ""


def teaser_byline(page: ArticlePage, a: HtmlElement) -> bool:
    """An author link (or a theme's byline element) in a teaser of another post (related posts, "more stories" without a telling
    class): the smallest element around it holding another link holds a headline, a link of a few
    words (or in a heading) to another page of the site."""
    here = _page_key(page, page.response.url)
    for el in itertools.islice(a.iterancestors(), _TEASER_DEPTH):
        # the byline's own links (an element holding the writer's link) are not another page's
        others = [x for x in el.iter("a") if not _inside(x, a) and not _writer_link(x, href_path(page, x))]
        if not others:
            continue
        # the post's own header or text (its category links, the links in its text) is no teaser;
        # a card's length is its words', not its template's indentation (often longer than them)
        if here is None or el is page.article_root or len(" ".join(el.text_content().split())) > _MAX_TEASER:
            return False
        return any(
            (len(clean_line(x.text_content()).split()) >= _HEADLINE_WORDS or _in_heading(x, el))
            and not {"tag", "category"} & set((x.get("rel") or "").split())
            and (key := _page_key(page, x.get("href") or "")) is not None
            and key[0] == here[0]
            and key != here
            and key[1] not in ("", "/")
            for x in others
        )
    return False


def _inside(el: HtmlElement, outer: HtmlElement) -> bool:
    return el is outer or any(anc is outer for anc in el.iterancestors())


def _in_heading(link: HtmlElement, stop: HtmlElement) -> bool:
    """A link inside a heading (below ``stop``): a teaser's headline, however short."""
    return any(el.tag in _HEADINGS for el in itertools.takewhile(lambda el: el is not stop, link.iterancestors()))


def _page_key(page: ArticlePage, href: str) -> tuple[str, str] | None:
    """A link's host (without "www.": a page read at example.org links to www.example.org) and path
    (trailing slash off), resolved against the page; None if unreadable."""
    try:
        parts = urlsplit(urljoin(page.response.url, href.strip()))
    except ValueError:
        return None
    return parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/")


def posted_by(page: ArticlePage) -> list[str]:
    """The name in a meta line of the post's own element before its text: "Posted by Konstantin
    @ 12:00 am", "Posted on September 21, 2020 by Adi Tzlil", "Von Tobias Kuske"."""
    root = page.article_root
    if root.tag in PAGE_TAGS or page.is_listing():
        return []
    container = page.body_selector
    stop = container.root if container is not None else None
    for el in root.iter():
        if el is stop:
            break
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or page._byline_outside(el):
            continue
        raw = el.text_content()
        if not raw or len(raw) > _MAX_META_LINE:
            continue
        if any(isinstance(c.tag, str) and len(c.text_content()) == len(raw) for c in el):
            continue  # a child holds the whole line: read there
        line = clean_line(raw)
        match = _POSTED_BY.search(line)
        # "… von Frankreich hat so viel zu bieten", "Die Polizei fand die Leiche von Esmeralda Merlot"
        if match and not prose(match["name"].strip()) and not sentence_lead(line[: match.start()]):
            return listed_names(line, match.start("name")) or [match["name"]]
    return []


def page_author_links(page: ArticlePage) -> list[str]:
    """The first link to an author archive (``/author/<slug>/``) with a text, anywhere outside
    sidebars, menus, comments and related posts: a byline printed outside the post's own element
    (a page header). The author's avatar is often linked first, without a text."""
    for a in page.sel.root.iter("a"):
        if not writer_page_link(page, a):
            continue
        if page._byline_other_region(a) or teaser_byline(page, a):
            continue
        if name := clean_line(a.text_content()):
            return [name]
    return []


def text_byline(page: ArticlePage) -> list[str]:
    """The names of a line of its own among the first lines of the body's container that is
    only a byline: "Von Roland Brockmann und Sebastian Drescher"."""
    container = page.body_selector
    if container is None or page.is_listing():
        return []
    for line in _leading_lines(container.root):
        match = _TEXT_BYLINE.match(line) or _KIND_BYLINE.match(line)
        if match:
            names = unique_names([match["names"].replace("\u00ad", "")])
            if names and all(looks_like_name(name) for name in names):
                return names
    return []


def closing_byline(page: ArticlePage) -> list[str]:
    """The names of a line of its own among the last lines of the body's container that is only a
    byline: "Text: Klausmartin Friedrich" before the photographers and the literature, "Autor: …"
    after the sources. Read only as a last resort: the text's end also quotes other bylines."""
    container = page.body_selector
    if container is None or page.is_listing():
        return []
    lines = [line for block in text_blocks(container.root) for line in block.split("\n") if line]
    for line in reversed(lines[-_CLOSING_BYLINE_LINES:]):
        match = _TEXT_BYLINE.match(line)
        if match:
            names = unique_names([match["names"]])
            if names and all(looks_like_name(name) for name in names):
                return names
    return []


def _leading_lines(root: HtmlElement) -> list[str]:
    """The first lines of text under ``root``: short blocks read whole, long ones looked into."""
    lines: list[str] = []
    stack = [root]
    while stack and len(lines) < _TEXT_BYLINE_LINES:
        el = stack.pop()
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
            continue
        if len(el.text_content()) > _TEXT_BYLINE_BLOCK and len(el):
            stack.extend(reversed(el))
            continue
        for block in text_blocks(el):
            lines.extend(line for line in block.split("\n") if line)
    return lines[:_TEXT_BYLINE_LINES]


def jsonld_authors(page: ArticlePage, node: dict[str, Any]) -> list[str]:
    """The names of ``node``'s authors; a one-word name (the display name WordPress shows, often a
    first name) is the full name its Person's description opens with ("Nils" described as
    "Nils Pickert ist freier Autor …")."""
    ld = page.jsonld
    names = ld.names(node, "author")
    raw = node.get("author")
    people = [ld.resolve(v) for v in (raw if isinstance(raw, list) else [raw])]
    descriptions = {
        p["name"]: p["description"]
        for p in people
        if isinstance(p, dict) and isinstance(p.get("name"), str) and isinstance(p.get("description"), str)
    }
    return [printed_name(page, full_name(name, descriptions.get(name, "")), _site_name) for name in names]


def _site_name(page: ArticlePage, name: str) -> bool:
    return _key(name) in _house_keys(page, page._site_names)
