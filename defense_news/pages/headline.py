"""An article's headline as the page shows it, for a theme whose title element no table knows.

The ``<title>``, OpenGraph and JSON-LD titles often carry the site's name or an SEO variant of
the headline; the reader sees the ``<h1>``. The headline is the ``<h1>`` those titles contain (a
logo's or a section's ``<h1>`` is not in them), else the ``<h1>`` of the post's own element.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ..html_text import clean_line, element_text
from ..urls import join
from .scope import NOT_ARTICLE_TAGS, NOT_ARTICLE_WORDS, not_article, other_post
from .selectors.core import SCREEN_READER
from .selectors.themes import KICKER
from .site_name import host_names, name_key

if TYPE_CHECKING:
    from .article import ArticlePage

# Longer than this, an <h1> is a paragraph someone styled as one; and a title any source states
# (JSON-LD, og:title, <title>) is a broken page's, not a headline (the longest of 635 real
# pages' is 164 characters).
MAX_HEADLINE_CHARS = 300
# Fewer words than this, a heading a title opens with names a section ("Literatur", "Budget 2026").
MIN_HEADLINE_WORDS = 3

Candidate = tuple[HtmlElement, list[str]]

# What a kicker's separator may leave before the headline ("<span class=kicker>Corona</span> - Headline").
_LEADING_SEPARATORS = " -–—:|·•/"

# Typographic dashes and quotes a title tag or a plugin writes plainly ("–" as "-", "’" as "'").
_PLAIN = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "„": '"'})


def fitting(values: Iterable[str | None], overlong: list[str]) -> list[str]:
    """``values`` no longer than a headline may be; the longer ones go to ``overlong``.

    >>> too_long = []
    >>> fitting(["Headline", "word " * 100], too_long), len(too_long)
    (['Headline'], 1)
    """
    fit = []
    for value in values:
        if value and len(value) > MAX_HEADLINE_CHARS:
            overlong.append(value)
        elif value:
            fit.append(value)
    return fit


def shortened(text: str) -> str:
    """``text`` cut to a headline's length at a word's end, "…" marking the cut.

    >>> shortened("word " * 100) == "word " * 59 + "word…"
    True
    """
    if len(text) <= MAX_HEADLINE_CHARS:
        return text
    head = text[: MAX_HEADLINE_CHARS - 1]
    if not text[MAX_HEADLINE_CHARS - 1].isspace() and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip() + "…"


def key(text: str) -> str:
    """``text`` as titles are compared: case-folded, dashes and quotes plain.

    >>> key("Editor’s Letter – Part 1") == key("editor's letter - part 1")
    True
    """
    return text.translate(_PLAIN).casefold()


def text_of(heading: HtmlElement) -> str:
    """The text readers see of ``heading``: no ``<style>``/``<script>`` printed inside it, no screen
    reader label, its blocks apart.

    >>> from lxml.html import fragment_fromstring as f
    >>> text_of(f('<h1><style>.t{color:red}</style>Council <em>approves</em> it</h1>'))
    'Council approves it'
    """
    return clean_line(element_text(heading, SCREEN_READER))


def without_kicker(heading: HtmlElement) -> str | None:
    """The text of ``heading`` after its first child when that is a kicker named as one
    (``<span class="overline">Die Zukunft der Arbeit</span>"Wir dekorieren …"``), else None. The
    titles often state the kicker too ("Kicker - Headline"), but the headline is the rest.

    >>> from lxml.html import fragment_fromstring as f
    >>> without_kicker(f('<h1><span class="kicker">Covid-19</span><span>: </span>Is it over?</h1>'))
    'Is it over?'
    >>> without_kicker(f('<h1><span class="subtitle">Tubeless</span> Step by step</h1>')) is None
    True
    """
    el = heading
    for _ in range(3):  # the kicker may sit in the headline's link or span (<h1><a><span class=kicker>)
        children = [c for c in el if isinstance(c.tag, str)]
        if not children or (el.text or "").strip():
            return None
        if KICKER(children[0]):
            break
        if len(children) > 1 or (children[0].tail or "").strip():
            return None
        el = children[0]
    else:
        return None
    later = (element_text(c, SCREEN_READER) + " " + (c.tail or "") for c in children[1:])
    rest = clean_line(" ".join([children[0].tail or "", *later])).lstrip(_LEADING_SEPARATORS)
    return rest or None


def variants(heading: HtmlElement) -> list[str]:
    """The text of ``heading``, then without its first one or two child elements when it starts with
    them: a kicker ("<span>Immobilienkrise</span> Rene Benko-Firma…") or a section link. A kicker
    named as one is never part of it (:func:`without_kicker`)."""
    rest = without_kicker(heading)
    if rest is not None:
        return [rest] if len(rest) <= MAX_HEADLINE_CHARS else []
    text = clean_line(element_text(heading, SCREEN_READER))
    if not text or len(text) > MAX_HEADLINE_CHARS:
        return []
    found = [text]
    children = [c for c in heading if isinstance(c.tag, str)]
    if (heading.text or "").strip():
        return found
    # a link closing the heading after text that is not one: the site's or section's name printed
    # after the headline ("<h1><span>Headline</span><a href="/mallorca.html">Ultima Hora Mallorca</a>
    # </h1>"); what follows the first child is then that name, no headline
    last = children[-1] if len(children) > 1 else None
    if last is not None and last.tag == "a" and children[0].tag != "a" and not (last.tail or "").strip():
        earlier = (element_text(c, SCREEN_READER) + " " + (c.tail or "") for c in children[:-1])
        if (head := clean_line(" ".join(earlier))) and head != text:
            return [*found, head]
    for n in (1, 2):
        if len(children) >= n:
            later = (element_text(c) + " " + (c.tail or "") for c in children[n:])
            rest = clean_line(" ".join([children[n - 1].tail or "", *later]))
            if rest and rest != text:
                found.append(rest)
    return found


def is_home_link(heading: HtmlElement, url: str) -> bool:
    """A heading whose text is all one link to the site's home page: the site's logo or name."""
    links = list(heading.iter("a"))
    if len(links) != 1 or clean_line(links[0].text_content()) != clean_line(heading.text_content()):
        return False
    target = urlsplit(join(url, (links[0].get("href") or "").strip()))
    return target.netloc == urlsplit(url).netloc and target.path in ("", "/")


def is_permalink(heading: HtmlElement) -> bool:
    """A heading whose text is all one ``rel="bookmark"`` link: classic themes link the post's title
    to its permalink so, inside the text's container too (``<div class="entry"><h1><a rel="bookmark">``)."""
    links = list(heading.iter("a"))
    return (
        len(links) == 1
        and "bookmark" in (links[0].get("rel") or "").lower().split()
        and clean_line(links[0].text_content()) == clean_line(heading.text_content())
    )


def builder_widget(el: HtmlElement) -> bool:
    """An element named a widget and nothing else that is not the article: a page builder
    (Elementor's "elementor-widget-theme-post-title") wraps each part of a post in one."""
    if el.tag in NOT_ARTICLE_TAGS:
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return "widget" in names and not any(word in names for word in NOT_ARTICLE_WORDS if word != "widget")


class TextShare:
    """How much of the page's paragraph text an element holds, the page's total counted once on demand."""

    def __init__(self, root: HtmlElement) -> None:
        self.root = root
        self._total: int | None = None

    def holds_most(self, el: HtmlElement) -> bool:
        """``el`` holds most of the page's paragraph text: the page's layout (a section "for_sidebar
        at_right" around the article and its sidebar), not a sidebar, whatever its name says."""
        if self._total is None:
            self._total = paragraph_chars(self.root)
        return self._total > 0 and 2 * paragraph_chars(el) > self._total


def paragraph_chars(el: HtmlElement) -> int:
    return sum(len(p.text_content()) for p in el.iter("p"))


def candidates(
    page: ArticlePage, headings: Iterable[HtmlElement], titles: Iterable[str] = ()
) -> tuple[list[Candidate], set[HtmlElement]]:
    """(heading, its text variants) of ``headings`` that may be the headline, the post's own first;
    and the set of those inside the article's text. A heading the ``titles`` contain may sit in
    widgets (see :func:`builder_widget`)."""
    titles = list(titles)
    container = page.body_selector
    body_root = container.root if container is not None else None
    sites = {name.casefold() for name in page._site_names}
    # a heading printing the site's domain ("<h1 class="logo">example.org</h1>", no link home) names the site
    hosts = host_names(page.response.url)
    post = page.post_element
    # The wrappers holding the article's text or the post's element are the page's layout whatever
    # their names say ("content_block right-sidebar", "cb-sidebar-right").
    layout = {el for root in (body_root, post) if root is not None for el in (root, *root.iterancestors())}
    text_share = TextShare(page.sel.root)
    found: list[Candidate] = []
    in_body: set[HtmlElement] = set()
    for heading in headings:
        ancestors = list(heading.iterancestors())
        texts = variants(heading)
        titled = any(key(text) in title for text in texts for title in titles)
        if any(
            a not in layout
            and (not_article(a) or other_post(a, page.post_id))
            and not (titled and (builder_widget(a) or text_share.holds_most(a)))
            for a in ancestors
        ):
            continue
        if not texts or texts[0].casefold() in sites or name_key(texts[0]) in hosts:
            continue
        if is_home_link(heading, page.response.url):
            continue
        if body_root is not None and body_root in ancestors and not is_permalink(heading):
            in_body.add(heading)  # a heading of the article's text, unless the titles name it
        found.append((heading, texts))
    if post is not None:
        found.sort(key=lambda c: post not in c[0].iterancestors())  # stable: the post's own first
    return found, in_body


def hatom_title(heading: HtmlElement) -> bool:
    """hAtom's ``entry-title`` inside its ``hentry``, which post_class() prints on classic themes: the
    post's own title where the theme prints it outside the post's element (a featured-image header)."""
    return "entry-title" in (heading.get("class") or "").split() and any(
        "hentry" in (a.get("class") or "").split() for a in heading.iterancestors()
    )


def titled_kicker(whole: str, rest: str, titles: Iterable[str]) -> bool:
    """``whole`` (a heading's text) is ``rest`` after a kicker that a title containing ``rest``
    also states before it ("Kicker: Rest" in JSON-LD): the publisher's headline includes it.

    >>> titled_kicker("Tubeless umrüsten Schritt für Schritt", "Schritt für Schritt", ["tubeless umrüsten: schritt für schritt"])
    True
    >>> titled_kicker("Immobilienkrise Benko-Firma pleite", "Benko-Firma pleite", ["benko-firma pleite | site"])
    False
    """
    kicker = whole.removesuffix(rest).strip()
    if whole == rest or not whole.endswith(rest) or not kicker:
        return False
    return any(key(kicker) in title[: title.find(key(rest))] for title in titles if key(rest) in title)


def titled(text: str, page_title: list[str], stated: list[str]) -> bool:
    """A title holds ``text`` (keyed). Where the ``<title>`` holds it beside the headline OpenGraph or
    JSON-LD state ("Blog Name: Headline", "Site | Section | Headline"), ``text`` is the site's or the
    section's name.

    >>> titled("blog name", ["blog name: the headline"], ["the headline"])
    False
    >>> titled("the headline", ["the headline | blog name"], ["the headline - blog name"])
    True
    """
    if any(text in title for title in stated):
        return True
    return any(text in title and not any(s in title for s in stated) for title in page_title)


def bounds(text: str, title: str) -> bool:
    """``title`` opens with ``text`` or ends with it, as whole words.

    >>> bounds("the headline", "the headline (2021/5)"), bounds("the headline", "site | the headline")
    (True, True)
    >>> bounds("news", "the headline - news - site"), bounds("the head", "the headline")
    (False, False)
    """
    title = title.strip()
    if title.startswith(text):
        after = title[len(text) : len(text) + 1]
        return not after or not after.isalnum()
    if title.endswith(text):
        before = title[-len(text) - 1 : -len(text)]
        return not before or not before.isalnum()
    return False


def held_title(text: str, stated: Iterable[str]) -> str | None:
    """The title OpenGraph or JSON-LD states that ``text`` (an ``<h1>`` no title holds) opens or
    ends with as whole words, beside words of its own: a kicker, the site's name or a subtitle
    printed in the heading, which the publisher's headline leaves out.

    >>> held_title("Dezuka Suisan: Fish Cakes Welcome to the North", ["Dezuka Suisan: Fish Cakes"])
    'Dezuka Suisan: Fish Cakes'
    >>> held_title("Budget 2026: Council approves the plan", ["Council approves the plan"])
    'Council approves the plan'
    >>> held_title("Council approves the plan", ["Council"]) is None  # a word or two is no headline
    True
    """
    whole = key(text)
    for title in stated:
        if len(title.split()) >= 3 and key(title) != whole and bounds(key(title), whole):
            return title
    return None


def headline(page: ArticlePage) -> list[str]:
    """The headline (see the module docstring); a theme printing it as an ``<h2>`` (its ``<h1>`` a
    section's name) is read the same way, in the post's own element and only when the titles contain it."""
    page_title = [key(page.page_title)] if page.page_title else []
    stated_as_printed = [
        clean_line(t)
        for t in (*page.meta_tags.get_all("og:title"), *page.jsonld.strings(page.jsonld.article(), "headline"))
        if t
    ]
    stated = [key(t) for t in stated_as_printed]
    titles = page_title + stated
    post = page.post_element
    h1s, in_body = candidates(page, page.sel.root.iter("h1"), titles)
    for _, texts in h1s:
        for text in texts:
            if titled(key(text), page_title, stated):
                found = texts[0] if titled_kicker(texts[0], text, titles) else text
                return [marked_elsewhere(page, found) or found]
    # no title holds an <h1>: one holding a stated title with words of its own before or after it
    # (a kicker, the site's name, a subtitle) is that title's heading
    for h1, texts in h1s:
        if h1 not in in_body and (held := held_title(texts[0], stated_as_printed)):
            return [held]
    for h1, texts in h1s:
        if post is not None and post in h1.iterancestors() and h1 not in in_body:
            return texts[:1]
    for h1, texts in h1s:
        if h1 not in in_body and hatom_title(h1):
            return texts[:1]
    if post is not None:
        h2s, in_body = candidates(page, post.iter("h2"))
        for h2, texts in h2s:
            if h2 not in in_body and any(key(texts[0]) in title for title in titles):
                return texts[:1]
    if post is None:
        # No post element and no <h1> the titles hold (a section's name is the <h1>): the <h2> a
        # stated title opens with, beside words of its own after it (a subtitle, the issue: "Der
        # historische Purzelbaum (2021/5)", "30.11. | Buch der Woche - Nikole Hannah-Jones • 1619").
        h2s, _ = candidates(page, page.sel.root.iter("h2"))
        for _, texts in h2s:
            text = key(texts[0])
            if len(text.split()) >= MIN_HEADLINE_WORDS and any(
                title != text and title.startswith(text) and bounds(text, title) for title in stated
            ):
                return texts[:1]
    if stated:
        return []  # OpenGraph's or JSON-LD's headline is the next layer's
    if not page_title:
        # No source states a title (a page saved without its <head>, a theme printing none): the
        # first <h1> outside the article's text that names neither the site nor a widget's section.
        for h1, texts in h1s:
            if h1 not in in_body:
                return texts[:1]
    # No <h1> is the headline and only the <title> names the page, with the site's name: a theme
    # printing the headline as an <h2> outside a post element. The first <h2> the <title> opens
    # with, or ends with after the site's name, is it ("Site | Headline"); one inside it ("News" in
    # "Headline - News - Site") names a section.
    h2s, in_body = candidates(page, page.sel.root.iter("h2"))
    for h2, texts in h2s:
        if h2 not in in_body and any(bounds(key(texts[0]), title) for title in page_title):
            return texts[:1]
    return []


def marked_elsewhere(page: ArticlePage, text: str) -> str | None:
    """``text`` (the headline ``<h1>``'s) without the kicker another heading of the page prints it
    with, marked as one: an ``<h1>`` in the breadcrumb trail reads "Covid-19: Headline" where the
    article's own ``<h2><span class="content__kicker">Covid-19</span>…<span>Headline</span></h2>``
    says which part is the kicker. A kicker named as one is never part of the headline
    (:func:`without_kicker`); None when no heading marks one."""
    whole = key(text)
    for heading in page.sel.root.iter("h1", "h2"):
        rest = without_kicker(heading)
        if rest is None or not whole.endswith(key(rest)) or len(rest) >= len(text):
            continue
        kicker = key(text_of(heading)).removesuffix(key(rest)).strip(_LEADING_SEPARATORS)
        printed = whole.removesuffix(key(rest)).strip(_LEADING_SEPARATORS)
        if kicker and printed == kicker and not page._in_other_region(heading):
            return rest
    return None
