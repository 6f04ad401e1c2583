"""An article's authors: the layers of byline sources, and byline texts split into names."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from ..html_text import SKIP_TAGS, clean_line, element_text, text_blocks
from .common import string_values
from .scope import PAGE_TAGS
from .selectors.core import AUTHOR_HREF, AUTHOR_LINK_CLASS, AUTHOR_REL, SCREEN_READER
from .selectors.metadata import AUTHOR_NAME, AUTHOR_NAME_CONTENT
from .selectors.themes import AUTHOR_BIO_TITLE, BYLINES, ZOX_AUTHOR, ZOX_AUTHOR_BOX, ZOX_AUTHOR_LINK

if TYPE_CHECKING:
    from .article import ArticlePage

logger = logging.getLogger(__name__)

# "By Jane Doe and John Roe", "Von Anna Müller und Jonas Weber", "Jane Doe, John Roe & Ann Lee"
_NAME_SEPARATORS = re.compile(r"\s*,\s*(?:and\s+|und\s+)?|\s+(?:and|und|et|y|&)\s+", re.I)
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "phd", "ph.d.", "md", "ii", "iii"})
_BY_PREFIX = re.compile(r"^(?:written\s+)?(?:by|von|vom|par|por)\s*:?\s+", re.I)
# What a byline prints after the name: "· 8h", "| 5 min read", "@handle", an arrow ("Jane Doe →").
_NAME_TRAILERS = re.compile(r"\s+(?:[•·|]\s.*|@\w+|[»→›]+)$")
# An author box's link to the writer's archive: "View all posts by Jane Doe", "More articles by …",
# "Zeige alle Beiträge von …", "Alle Posts vom Autor…", "Alles von …", "Voir tous les articles de …".
_ALL_POSTS_BY = re.compile(
    r"^(?:(?:view|see|show)\s+)?(?:all|more)\s+(?:(?:posts|articles|stories|entries)\s+)?(?:by|from)\s+"
    r"|^(?:zeige\s+)?(?:alle|mehr)\s+(?:(?:beiträge|artikel|posts)\s+)?(?:von|vom\s+autor)\s*"
    r"|^alles\s+von\s+|^voir\s+tous\s+les\s+articles\s+de\s+|^ver\s+todas\s+las\s+entradas\s+de\s+",
    re.I,
)
# A date (a theme's date element taken for its byline) is nobody's name; nor is an account
# WordPress or a theme names when there is no author ("admin", "wordpressadmin", "No Author").
_NOT_A_NAME = re.compile(
    r"^\d|\b(?:19|20)\d\d\b|^(?:(?:wp|wordpress)?[-_ ]?admin(?:istrator)?\d*|no author|unknown|anonymous)$", re.I
)
# "Posted by Jane Doe", "… by Jane Doe on May 3", "Von Anna Müller": a name (no digits) after the word.
_POSTED_BY = re.compile(
    r"\b(?:by|von|par|por)\s+(?P<name>[^\W\d_][^\d|·•@,;:()]{1,40}?)\s*(?:$|\s(?:on|am|um|le|el|at|in)\s|[|·•@,;:(])",
    re.I,
)
# A name's own final dot: an initial or a suffix ("Joe S.", "Perry Bacon Jr.").
_ABBREVIATED = re.compile(r"(?:\b[^\W\d_]|\b(?:Jr|Sr))\.$")
# What separates a site's name from a byline it prefixes ("unocero - Alberto Ávila").
_SITE_SEPARATORS = (" - ", " – ", " — ", " | ", ": ")
# A byline's meta line is short.
_MAX_META_LINE = 120
# A line of its own at the top of the text naming who wrote it: "Von Tobias Kuske",
# "By Jane Doe and John Roe", "Text: Anna Müller", "Written by: Julie Mollins" (a post republished
# from another site, the account that posted it the site's).
_TEXT_BYLINE = re.compile(
    r"^(?:(?:written\s+by|geschrieben\s+von|by|von|par|por)\s*:?|(?:text|autor(?:in)?|author)\s*:)"
    r"\s*(?P<names>\S.{2,80})$",
    re.I,
)
# Lowercase words a name may hold ("Ursula von der Leyen", "Vincent van Gogh").
_NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "du", "da", "di", "del", "la", "le", "bin", "al"})
# At most this many words of a Person's description complete a one-word name.
_MAX_EXTRA_NAMES = 2
# How many lines at the top of the text are searched for it, and the longest block looked into.
_TEXT_BYLINE_LINES = 6
_TEXT_BYLINE_BLOCK = 300
# A writer's own page: WordPress's /author/<slug>/ and what co-author plugins and custom themes
# print ("/authors/jane-doe", "/ueber-uns/autoren/Clara-Loew", "/auteur/…").
_AUTHOR_PAGE = re.compile(r"/(?:authors?|autor(?:en|in)?|auteurs?|autori?)/[^/]+/?$", re.I)
# All a byline of several linked names holds besides them: "By", commas, "and", "&".
_BYLINE_GLUE = re.compile(r"^(?:[\s,;&|·•/+]|\b(?:by|von|par|por|and|und|et|y|with|mit)\b)*$", re.I)
# How far above an author link its byline is looked for.
_BYLINE_DEPTH = 3
# A teaser's headline link has at least this many words.
_HEADLINE_WORDS = 4
# A teaser (headline, byline, date, a line of excerpt) is short.
_MAX_TEASER = 400


# A job title printed beside the name ("Jane Doe, Senior Editor", "Jane Doe – Redakteurin"): up to
# three words before a role noun, or a role noun opening a short phrase ("Editor-in-Chief").
_ROLE_NOUNS = (
    r"(?:editor|reporter|correspondent|writer|contributor|columnist|journalist|producer|photographer|"
    r"intern|critic|redakteur(?:in)?|korrespondent(?:in)?|journalistin|autorin|r[ée]dact(?:eur|rice)|"
    r"journaliste|correspondante?|redactora?|periodista|corresponsal)s?"
)
_ROLE = re.compile(
    rf"^(?:(?:[^\W\d_][\w.'’-]*\s+){{0,3}}{_ROLE_NOUNS}|{_ROLE_NOUNS}\b(?:[\s-]+[^\W\d_]+){{0,3}})$", re.I
)
# A news agency credited beside the writer ("Jane Doe, Reuters"): the writer's employer, not a
# second author (alone, it is the author).
# fmt: off
_AGENCIES = frozenset({
    "ap", "associated press", "the associated press", "reuters", "afp", "agence france-presse", "dpa", "apa",
    "efe", "ansa", "kna", "epd", "sda", "keystone-sda", "xinhua", "upi", "pa", "pa media", "anp", "belga", "tass",
    "jiji", "jiji press", "kyodo", "kyodo news", "bloomberg",
})
# fmt: on
# What separates a name from the role printed after it.
_ROLE_SEPARATORS = (" - ", " – ", " — ")
# A note in parentheses after a name: "Jane Doe (dpa)", "Jane Doe (Text)".
_PARENTHESIS = re.compile(r"\s*\([^()]*\)$")


def _credit(part: str) -> bool:
    """A job title or a news agency, printed beside a writer's name.

    >>> _credit("Senior Editor"), _credit("Editor-in-Chief"), _credit("Reuters"), _credit("Jane Writer-Doe")
    (True, True, True, False)
    """
    return bool(_ROLE.match(part)) or part.casefold() in _AGENCIES


def unique_names_plain(names: list[str | None]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def unique_names(names: list[str]) -> list[str]:
    """Byline texts as single names: the "By" prefix off, split on "and"/commas, each once.

    >>> unique_names(["By Jane Doe and John Roe", "Jane Doe", "Martin Luther King, Jr.", "Perry Bacon Jr."])
    ['Jane Doe', 'John Roe', 'Martin Luther King', 'Perry Bacon Jr.']
    >>> unique_names(["By Jane Doe, Senior Editor", "John Roe – Redakteur", "Ann Lee, Reuters", "Bo Chen (dpa)"])
    ['Jane Doe', 'John Roe', 'Ann Lee', 'Bo Chen']
    >>> unique_names(["View all posts by Jane Doe", "Zeige alle Beiträge von Creeny »", "Alle Posts vom AutorTine →"])
    ['Jane Doe', 'Creeny', 'Tine']
    >>> unique_names(["Reuters"]), unique_names(["Redaktion"])
    (['Reuters'], ['Redaktion'])
    """
    out: list[str] = []
    for text in names:
        text = _ALL_POSTS_BY.sub("", _NAME_TRAILERS.sub("", text))  # "Jane Doe • 8h", "Jane Doe @janedoe"
        for sep in _ROLE_SEPARATORS:  # "Jane Doe – Redakteurin"
            head, found, tail = text.rpartition(sep)
            if found and head.strip() and _credit(tail.strip()):
                text = head
        parts = [_PARENTHESIS.sub("", part.strip(" ,;:|")) for part in _NAME_SEPARATORS.split(_BY_PREFIX.sub("", text))]
        # a job title or an agency beside a name is the name's, not a second author
        if any(p and not _credit(p) for p in parts):
            parts = [p for p in parts if not _credit(p)]
        for name in parts:
            if not _ABBREVIATED.search(name):
                name = name.rstrip(" .")
            if name and name.lower() not in _NAME_SUFFIXES and name not in out and not _NOT_A_NAME.search(name):
                out.append(name)
    return out


def authors(page: ArticlePage) -> list[str]:
    """The first byline source that names anyone, as single names."""
    # A layer whose texts name nobody (the theme's date under a byline class, a placeholder
    # account) gives way to the next one.
    sites = page._site_names
    for layer in layers(page):
        names = unique_names([without_site(name, sites) for name in layer() if name])
        if names:
            return names
    return []


def layers(page: ArticlePage) -> tuple[Callable[[], Iterable[str | None]], ...]:
    """The byline sources, most trusted first, each evaluated only when the ones before it name nobody."""

    def twitter_author() -> list[str | None]:
        if (page.meta("twitter:label1") or "").lower().startswith("written"):
            return [page.meta("twitter:data1")]
        return []

    return (
        lambda: string_values(page._css(*ZOX_AUTHOR_LINK)) or string_values(page._css(*ZOX_AUTHOR)),
        lambda: string_values(page.css(ZOX_AUTHOR_BOX)),
        # A byline the text itself opens with names the writer; the account that posted it
        # (JSON-LD, meta, the theme's byline) is often an editor's or the site's.
        lambda: text_byline(page),
        lambda: page.css(AUTHOR_NAME_CONTENT).getall() or string_values(page.css(AUTHOR_NAME)),
        # Co-authors: JSON-LD often names only the account that posted.
        lambda: coauthor_byline(page),
        # Yoast without an Article node states the author on the WebPage node.
        lambda: jsonld_authors(page, page.jsonld.article()) or jsonld_authors(page, page.jsonld.web_page()),
        # The theme's byline in the article (a table of theme classes), then author links;
        # a site's meta author is often a house account and comes after them.
        lambda: theme_byline(page),
        lambda: string_values(page.css(AUTHOR_BIO_TITLE)),
        lambda: author_links(page),
        lambda: [
            clean_line(a.text_content())
            for a in page.article_root.iter("a")
            if AUTHOR_REL in (a.get("rel") or "").split()
            and AUTHOR_LINK_CLASS not in (a.get("class") or "")
            and not page._outside_article(a)
            and not teaser_byline(page, a)
        ],
        lambda: [page.meta("author")],
        twitter_author,
        lambda: posted_by(page),
        lambda: page_author_links(page),
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
    inside = [el for el in found if (el is root or root in el.iterancestors()) and not page._outside_article(el)]
    if not inside:
        inside = [el for el in found if not page._in_not_article(el)]
    return [text for el in inside if (text := clean_line(element_text(el, SCREEN_READER)))]


def author_links(page: ArticlePage) -> list[str]:
    """Links to author archives (``/author/<slug>/``) in the article's own element: the_author_posts_link()."""
    names = []
    for a in page.article_root.iter("a"):
        if not AUTHOR_HREF.search(href_path(page, a)):
            continue
        if page._outside_article(a) or teaser_byline(page, a):
            continue
        names.append(clean_line(a.text_content()))
    return names


def coauthor_byline(page: ArticlePage) -> list[str]:
    """The names of a byline in the article that links each of several writers to their own page and
    holds nothing else but "By", commas and "and": "By <a>Jessica Holly</a>, <a>Gail Levy</a>"."""
    root = page.article_root
    links = [a for a in root.iter("a") if _writer_link(a, href_path(page, a)) and not page._outside_article(a)]
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
            if len(hrefs) >= 2 and _BYLINE_GLUE.match(rest):
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
    """An author link in a teaser of another post (related posts, "more stories" without a telling
    class): the smallest element around it holding another link holds a headline, a link of a few
    words to another page of the site."""
    here = _page_key(page, page.response.url)
    for el in itertools.islice(a.iterancestors(), _BYLINE_DEPTH):
        others = [x for x in el.iter("a") if x is not a and not _writer_link(x, href_path(page, x))]
        if not others:
            continue
        # the post's own header or text (its category links, the links in its text) is no teaser
        if here is None or el is page.article_root or len(el.text_content()) > _MAX_TEASER:
            return False
        return any(
            len(clean_line(x.text_content()).split()) >= _HEADLINE_WORDS
            and not {"tag", "category"} & set((x.get("rel") or "").split())
            and (key := _page_key(page, x.get("href") or "")) is not None
            and key[0] == here[0]
            and key != here
            and key[1] not in ("", "/")
            for x in others
        )
    return False


def _page_key(page: ArticlePage, href: str) -> tuple[str, str] | None:
    """A link's host and path (trailing slash off), resolved against the page; None if unreadable."""
    try:
        parts = urlsplit(urljoin(page.response.url, href.strip()))
    except ValueError:
        return None
    return parts.netloc.lower(), parts.path.rstrip("/")


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
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or page._outside_article(el):
            continue
        raw = el.text_content()
        if not raw or len(raw) > _MAX_META_LINE:
            continue
        if any(isinstance(c.tag, str) and len(c.text_content()) == len(raw) for c in el):
            continue  # a child holds the whole line: read there
        match = _POSTED_BY.search(clean_line(raw))
        if match:
            return [match["name"]]
    return []


def page_author_links(page: ArticlePage) -> list[str]:
    """The first link to an author archive (``/author/<slug>/``) with a text, anywhere outside
    sidebars, menus, comments and related posts: a byline printed outside the post's own element
    (a page header). The author's avatar is often linked first, without a text."""
    for a in page.sel.root.iter("a"):
        if not AUTHOR_HREF.search(href_path(page, a)):
            continue
        if page._in_other_region(a) or teaser_byline(page, a):
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
        match = _TEXT_BYLINE.match(line)
        if match:
            names = unique_names([match["names"].replace("\u00ad", "")])
            if names and all(_looks_like_name(name) for name in names):
                return names
    return []


def _looks_like_name(name: str) -> bool:
    """One to four capitalised words, particles aside.

    >>> _looks_like_name("Ursula von der Leyen"), _looks_like_name("the way")
    (True, False)
    """
    words = name.split()
    return 0 < len(words) <= 4 and all(w[0].isupper() or w in _NAME_PARTICLES for w in words)


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
    return [full_name(name, descriptions.get(name, "")) for name in names]


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
