"""An article's body: the theme's content container (``selectors.themes.BODY_CONTAINERS``),
else the densest block of paragraphs; and the links to a split post's other pages."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import urldefrag

from lxml.html import HtmlElement, tostring
from parsel import Selector, SelectorList

from ..html_text import element_text
from ..urls import join
from .body_boxes import APPEAL, LABELS, MAX_LABEL_CHARS, appeal_box, author_box, titled_bio, unlabelled
from .body_lines import ad_label, credit_line
from .body_pieces import pieces
from .body_teasers import teaser_list
from .scope import PAGE_TAGS, POST_CLASS, not_article
from .selectors.core import BODY_PAGE_LINKS
from .selectors.themes import BODY_CONTAINERS, BODY_NOISE_CLASSES, BODY_NOISE_TAGS

# A container whose text is shorter than this is not trusted on its own (a known class on a
# teaser or a caption while the article is elsewhere): the rest of the table and the densest
# block of paragraphs are tried too, and the longest wins.
MIN_BODY_CHARS = 300
# Where a paragraph is not the article's, for the density fallback.
NOT_BODY_TAGS = frozenset({"aside", "nav", "footer", "header", "form", "figure", "blockquote", "li", "td"})
NOT_BODY_WORDS = (
    "comment",
    "sidebar",
    "widget",
    "related",
    "footer",
    "menu",
    "respond",
    # cookie-consent dialogs print long paragraphs of their own
    "gdpr",
    "cookie",
    "consent",
)
# Words a page's layout wrappers carry for what they lay out ("float-sidebar-container",
# "layout-right-sidebar", "elementor-widget-wrap", "wsmenucontainer"): see holds_most.
LAYOUT_WORDS = ("sidebar", "widget", "menu")
# The fallback extractor's text replaces the densest block's when that holds less than this
# share of it: the densest block missed part of the article (text split over several blocks).
FALLBACK_SHARE = 0.6
# The fallback extractor's text must hold this share of ours for its end to say where ours ends.
TRIM_COVER = 0.7
# A container whose text ends with a bare paragraph of its own at least this long, mostly not links,
# has no tail to trim: trafilatura drops a closing <p> only by its class, id or style, or when it is
# shorter than 60 characters and mostly links (its link_density_test).
MIN_CLOSING_CHARS = 60
# How many wrappers deep the boilerplate after a label may sit (a page builder's row, column, module).
MAX_WRAPPER_DEPTH = 4
# The longest paywall offer after its marker (a metered paywall prints the whole text after it).
MAX_OFFER_CHARS = 1500
# The longest appeal to the reader closing the text, and the most short linked lines after it
# (more are a list of links, not an appeal).
MAX_APPEAL_CHARS = 300
MAX_APPEAL_RUN = 3
# The text's paragraphs printed bare before a box closing it (see _closing_box).
MIN_TEXT_BEFORE_BOX = 2
# The most words of a label opening a list of links as an item of its own ("Tags:", "Mehr zum Thema:").
MAX_LIST_LABEL_WORDS = 4
# The most words of a link in a tag list ("Alameda County District Attorney").
MAX_TAG_WORDS = 4
# The fewest words of a short line that reads as a sentence of the text, not a label (see _label_line).
MIN_SENTENCE_WORDS = 4
# The block holding the densest one is the text when its own paragraphs hold this share of the densest's.
HOLDER_SHARE = 0.2
# The densest block must hold at least this much paragraph text.
MIN_DENSE_CHARS = 80


def BODY_NOISE(el: HtmlElement) -> bool:
    """Blocks of a content container that are not the article: by class (ads, share buttons, related
    posts, author boxes, captions, donation boxes…), by tag (captions, navigation, asides, forms,
    form labels, footers), lists and blocks of links (related posts, "more on this" teasers), links to the
    previous/next post, picture credits printed as paragraphs ("Foto: …"), and the short label
    printed just before one of those but a credit ("Auch interessant:", "Über den Autor")."""
    return (
        _noise(el)
        # not in _noise: the line before a credit is not its label ("Family: Nyctaginaceae")
        or credit_line(el)
        or ad_label(el)
        or (el.tag in LABELS and _label_of_noise(el))
    )


def _noise(el: HtmlElement) -> bool:
    return (
        el.tag in BODY_NOISE_TAGS
        or BODY_NOISE_CLASSES(el)
        or (el.tag in _LISTS and (link_list(el) or teaser_list(el)))
        or (el.tag in _LINK_BLOCKS and link_block(el))
        or _other_post(el)
        # a link to the previous or next post ("Zurück zur Startseite", "Next post »")
        or (el.tag == "a" and not _PAGING_RELS.isdisjoint((el.get("rel") or "").split()))
        # the post's meta line with core's trackback link ("Kommentarfeed | Kommentare geschlossen | Trackback-URL")
        or (el.tag == "p" and any("trackback" in (a.get("rel") or "").split() for a in el.iter("a")))
        or (el.tag == "p" and _emphasised_note(el))
        or (
            _short_linked(el)
            and (_closing_appeal(el) or _after_appeal(el) or _closing_teaser(el) or _closing_links(el))
        )
        or (el.tag in _LINK_BLOCKS and appeal_box(el))
        or (el.tag in _LINK_BLOCKS and _closing_box(el))
        or (el.tag in _LINK_BLOCKS and author_box(el))
        or (el.tag in _LINK_BLOCKS and titled_bio(el))
    )


def _other_post(el: HtmlElement) -> bool:
    """An element post_class() marks as a post (``post-N`` with ``type-…``: "post-41 post type-post
    status-publish") that is not the page's own (its id in the body classes): inside the text, another
    post's teaser, as page builders' blog modules, the block editor's query loop and related-posts
    plugins print them."""
    classes = el.get("class")
    if not classes or "type-" not in classes:
        return False
    tokens = classes.split()
    posts = [token for token in tokens if POST_CLASS.match(token)]
    if not posts or not any(token.startswith("type-") for token in tokens):
        return False
    own = _own_post_class(el)
    return own is None or own not in posts


def _own_post_class(el: HtmlElement) -> str | None:
    """``post-N`` for the page's post: body_class()'s ``postid-N`` (a post) or ``page-id-N`` (a page)."""
    page = el.getroottree().getroot()
    body = page if page.tag == "body" else page.find("body")
    match = _OWN_ID.search(body.get("class") or "") if body is not None else None
    return f"post-{match[1]}" if match else None


def _closing_teaser(el: HtmlElement) -> bool:
    """A short line pointing elsewhere through a link that reads only "here" ("Alles über
    nachhaltige Wanderschuhe findest Du hier."), after the last of the text."""
    links = list(el.iter("a"))
    if len(links) != 1 or links[0].text_content().strip(" .:!»").lower() not in _HERE:
        return False
    return _closing(el)


def _closing_links(el: HtmlElement) -> bool:
    """A line of short links alone closing the text ("Climate Change Environment"): a tag list
    printed as a paragraph. Each link a few words, no word outside them. (Dropping core's
    rel="tag" lines wherever they stand cost two tuning pages: a short closing paragraph before
    one then went as an appeal.)"""
    links = list(el.iter("a"))
    return (
        len(links) >= 2
        and all(len(a.text_content().split()) <= MAX_TAG_WORDS for a in links)
        and _unlinked_words(el, links) == 0
        and _closing(el)
    )


def _unlinked_words(el: HtmlElement, links: list[HtmlElement]) -> int:
    words = len(_WORD.findall(el.text_content()))
    return words - sum(len(_WORD.findall(a.text_content())) for a in links)


def _closing(el: HtmlElement) -> bool:
    return all(
        _plain_noise(after) or credit_line(after) or not after.text_content().strip()
        for after in el.itersiblings()
        if isinstance(after.tag, str)
    )


def _closing_appeal(el: HtmlElement) -> bool:
    """A short paragraph with a link asking the reader to subscribe or donate, after the last of the
    text: only boilerplate and at most MAX_APPEAL_RUN more short linked lines follow ("Subscribe now
    to our eNATION edition for the full story.")."""
    if APPEAL.search(el.text_content()) is None:
        return False
    run = 0
    for after in el.itersiblings():
        if not isinstance(after.tag, str) or _plain_noise(after) or credit_line(after):
            continue
        if not after.text_content().strip():
            continue
        run += 1
        if run > MAX_APPEAL_RUN or not _short_linked(after):
            return False
    return True


def _closing_box(el: HtmlElement) -> bool:
    """A box set apart after the text: a ``<div>``/``<section>`` holding nothing but one short
    paragraph with a link (at most MAX_APPEAL_CHARS), after the text's own paragraphs printed bare
    (the last MIN_TEXT_BEFORE_BOX blocks before it are ``<p>``s) and followed only by boilerplate.
    The publisher's call to the reader the theme prints below every text ("We want to hear what you
    think about this article. Submit a letter to the editor …"): the text's own closing paragraph
    is printed as the others are."""
    if (el.text or "").strip():
        return False
    children = [child for child in el if isinstance(child.tag, str)]
    if len(children) != 1 or children[0].tag != "p" or (children[0].tail or "").strip():
        return False
    if not _short_linked(children[0]):
        return False
    before = (b for b in el.itersiblings(preceding=True) if isinstance(b.tag, str) and b.text_content().strip())
    last = list(itertools.islice(before, MIN_TEXT_BEFORE_BOX))
    return len(last) == MIN_TEXT_BEFORE_BOX and all(b.tag == "p" for b in last) and _closing(el)


def _after_appeal(el: HtmlElement) -> bool:
    """A short linked line in the run a closing appeal opens ("… download our apps for iOS and Android")."""
    run = 0
    for before in el.itersiblings(preceding=True):
        if not isinstance(before.tag, str) or _plain_noise(before) or not before.text_content().strip():
            continue
        run += 1
        if run > MAX_APPEAL_RUN or not _short_linked(before):
            return False
        if _closing_appeal(before):
            return True
    return False


def _short_linked(el: HtmlElement) -> bool:
    return el.tag == "p" and next(el.iter("a"), None) is not None and len(el.text_content()) <= MAX_APPEAL_CHARS


def _plain_noise(el: HtmlElement) -> bool:
    """Boilerplate by tag or class alone."""
    return el.tag in BODY_NOISE_TAGS or BODY_NOISE_CLASSES(el)


def _emphasised_note(el: HtmlElement) -> bool:
    """A paragraph printed wholly in italics or bold (in one run or several, split by line breaks)
    around a link and closing the text: the publisher's note to the reader (a newsletter or
    job-board appeal, a disclaimer), set apart."""
    children = [child for child in el if isinstance(child.tag, str)]
    if not any(child.tag in _EMPHASIS for child in children) or any(
        child.tag not in _EMPHASIS and child.tag != "br" for child in children
    ):
        return False
    if (el.text or "").strip() or any((child.tail or "").strip() for child in children):
        return False
    if next(el.iter("a"), None) is None:
        return False
    # A byline printed in italics with the post's time and its lead ("Red. / 31.10.2023 …") is no note.
    if next(el.iter("time"), None) is not None:
        return False
    # Only after the text: italics inside it are interview questions, quotes or a lead.
    return all(
        _noise(after) or credit_line(after) or not after.text_content().strip()
        for after in el.itersiblings()
        if isinstance(after.tag, str)
    )


def _label_of_noise(el: HtmlElement) -> bool:
    """A short block whose next element is boilerplate: that block's title. Not before boilerplate
    titled by a heading of its own (Jetpack's "Share this:"): there the short line closes the text;
    nor a subheading before an ad slot (see body_boxes.unlabelled)."""
    following = el.getnext()
    while following is not None and not isinstance(following.tag, str):  # comments
        following = following.getnext()
    if following is None:
        return False
    if _noise(following):
        return _label_line(el) and not unlabelled(el, following)
    # A wrapper of boilerplate (no text of its own) is read only after a short line.
    if following.tag not in _WRAPPERS or (following.text or "").strip():
        return False
    return _label_line(el) and _wraps_noise(following)


def _label_line(el: HtmlElement) -> bool:
    """A short line (at most MAX_LABEL_CHARS) that may title what follows it. A sentence of the text
    is none: MIN_SENTENCE_WORDS words or more ending as a statement does ("." or "…"), no colon in
    it ("Weitere Termine folgen in Kürze…" closing a text before the post's meta line). A label
    announces ("Auch interessant:", "Über den Autor"), asks ("Gefällt dir dieser Beitrag?") or
    exclaims ("Jetzt abonnieren!")."""
    line = el.text_content().strip()
    if not 0 < len(line) <= MAX_LABEL_CHARS:
        return False
    return not (_STATEMENT_END.search(line) and ":" not in line and len(line.split()) >= MIN_SENTENCE_WORDS)


def _wraps_noise(el: HtmlElement, depth: int = MAX_WRAPPER_DEPTH) -> bool:
    """A wrapper holding only boilerplate (a page builder's grid around its blog module's posts), down
    to ``depth`` levels: no text of its own, every child noise or such a wrapper."""
    if depth == 0 or (el.text or "").strip():
        return False
    children = [child for child in el if isinstance(child.tag, str)]
    return bool(children) and all(
        not (child.tail or "").strip() and (_noise(child) or _wraps_noise(child, depth - 1)) for child in children
    )


_LISTS = frozenset({"ul", "ol"})
# How a statement ends ("." "…", and "..." as typed), past closing quotes and brackets. Not "!": a
# line exclaiming is an appeal or a form's message as often ("Jetzt abonnieren!", "Sign-up Successful!").
_STATEMENT_END = re.compile(r"[.…][\"'»«“”’)\]]*$")
# A link reading only "here", in the languages of the pages looked at.
_HERE = frozenset({"hier", "here", "click here", "hier klicken", "aquí", "aqui", "ici", "qui", "tutaj"})
# The names of a paywall's marker where the free text ends.
_PAYWALL_WORDS = ("paywall", "restrict_content", "restrict-content", "restricted")
# body_class()'s id of the post or page shown.
_OWN_ID = re.compile(r"(?:^|\s)(?:postid|page-id)-(\d+)(?:\s|$)")
_PAGING_RELS = frozenset({"prev", "next"})
_WRAPPERS = frozenset({"div", "section", "ul", "ol"})
_LINK_BLOCKS = frozenset({"div", "section"})
_WORD = re.compile(r"\w+")
_EMPHASIS = frozenset({"em", "i", "strong", "b"})


def link_list(el: HtmlElement) -> bool:
    """A list of at least two items, each with a link, the links holding most (80%) of its text. An item
    without text (a rule, "<li><hr/></li>", or a spacer) is none, and so is a label opening the list
    as an item of its own (the_tags()' "<li>Tags:</li><li><a rel="tag">…</a></li>…")."""
    items = [li for li in el if li.tag == "li" and li.text_content().strip()]
    if items and _list_label(items[0]):
        items = items[1:]
    if len(items) < 2 or any(next(li.iter("a"), None) is None for li in items):
        return False
    length = len(el.text_content().strip())
    linked = sum(len(a.text_content().strip()) for a in el.iter("a"))
    return linked >= 0.8 * length


def _list_label(li: HtmlElement) -> bool:
    """An item that is a label of a few words and a colon, without a link ("Tags:", "Read more:")."""
    text = " ".join(li.text_content().split())
    return text.endswith(":") and len(text.split()) <= MAX_LIST_LABEL_WORDS and next(li.iter("a"), None) is None


def link_block(el: HtmlElement) -> bool:
    """Links printed as blocks rather than a list ("Lesen Sie auch": teasers, each a ``<div>`` or ``<a>``
    holding a headline): no text of its own, at least two children, each holding a link, the links
    holding most (80%) of its text, whitespace aside (teasers laid out one tag a line hold more of it)."""
    if (el.text or "").strip():
        return False
    children = [child for child in el if isinstance(child.tag, str)]
    if len(children) < 2 or any(
        (child.tail or "").strip() or next(child.iter("a"), None) is None for child in children
    ):
        return False
    length = len("".join(el.text_content().split()))
    linked = sum(len("".join(a.text_content().split())) for a in el.iter("a"))
    return length > 0 and linked >= 0.8 * length


def not_body(el: HtmlElement) -> bool:
    if el.tag in NOT_BODY_TAGS:
        return True
    if el.tag in PAGE_TAGS:
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return any(word in names for word in NOT_BODY_WORDS)


def holds_most(el: HtmlElement, lengths: dict[HtmlElement, int], total: int) -> bool:
    """A ``<div>`` named for the sidebar, a widget or a menu it lays out ("float-sidebar-container",
    "elementor-widget-wrap") but holding most of the page's paragraph text is the page, not one.
    Comments, related posts and footers never are, however long."""
    if el.tag != "div" or not total:
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if any(word in names for word in NOT_BODY_WORDS if word not in LAYOUT_WORDS):
        return False
    inside = sum(lengths.get(p, 0) for p in el.iter("p"))
    return inside * 2 > total


def densest_block(root: HtmlElement, post: HtmlElement | None = None) -> HtmlElement | None:
    """The element whose own paragraphs hold the most text, outside comments, sidebars and menus.

    The last layer for bodies in containers no table knows: a new theme gives a slightly
    noisier body, never an empty one. The post's own element (``post``) and the elements
    holding it are the page's layout whatever their names say, and so is a wrapper holding
    most of the page's paragraphs (see :func:`holds_most`).
    """
    lengths = {p: len(p.text_content().strip()) for p in root.iter("p")}
    total = sum(lengths.values())
    layout = {post, *post.iterancestors()} if post is not None else set()
    excluded: dict[HtmlElement, bool] = {}

    def excluded_el(el: HtmlElement) -> bool:
        if el in layout:
            return False
        verdict = excluded.get(el)
        if verdict is None:
            verdict = excluded[el] = not_body(el) and not holds_most(el, lengths, total)
        return verdict

    scores: dict[HtmlElement, int] = {}
    verdict: dict[HtmlElement, bool] = {}
    for p, length in lengths.items():
        parent = p.getparent()
        if parent is None:
            continue
        ok = verdict.get(parent)
        if ok is None:
            ok = verdict[parent] = not excluded_el(parent) and not any(excluded_el(a) for a in parent.iterancestors())
        if ok:
            scores[parent] = scores.get(parent, 0) + length
    if not scores:
        return None
    best = max(scores, key=lambda el: scores[el])
    if scores[best] < MIN_DENSE_CHARS:
        return None
    # The text's start in paragraphs of the block holding the densest one, the rest in a wrapper
    # (a "read more" section the reader's click shows): the text is the holder's.
    holder = best.getparent()
    if holder is not None and scores.get(holder, 0) >= max(MIN_BODY_CHARS, HOLDER_SHARE * scores[best]):
        return holder
    return best


def holds_little_of(reference: str, text: str) -> bool:
    """True if under half of ``text`` (by characters of its blocks) is in ``reference``."""
    theirs = " ".join(reference.split())
    blocks = [" ".join(b.split()) for b in text.split("\n\n")]
    shared = sum(len(b) for b in blocks if b in theirs)
    return shared * 2 < sum(len(b) for b in blocks)


class FoundBody(NamedTuple):
    """Where an article's text is (:func:`find_body`)."""

    # the element holding the_content(); the first, where the text goes on in more containers
    found: Selector | None
    text: str
    # whether the selector table found it with text enough to trust
    trusted: bool
    # the element whose text ends the text
    last: HtmlElement | None
    # its own text (element_text with BODY_NOISE), which ends ``text``: trim_container_tail reads it again
    last_text: str | None = None


def find_body(
    css: Callable[[str], SelectorList[Selector]], root: HtmlElement, article: bool, post: HtmlElement | None = None
) -> FoundBody:
    """The element holding the_content() and its text: the selector table, else the densest paragraphs.

    ``css`` runs a query on the page; ``article`` is false for listings and password forms,
    which keep the first container: only an article's body is searched further. ``post`` is
    the post's own post_class() element: a container in it is this post's (a teaser's is not).
    """
    best = FoundBody(None, "", False, None)
    for query in BODY_CONTAINERS:
        found = css(query)
        if not found:
            continue
        chosen = found[0]
        if post is not None and len(found) > 1:
            chosen = next((f for f in found if f.root is post or post in f.root.iterancestors()), chosen)
        if not article:
            # A listing's or a password form's container keeps what it always gave (its form's labels too).
            return FoundBody(chosen, element_text(chosen.root, BODY_NOISE_CLASSES), True, chosen.root)
        # The text may go on in more containers of the same name (body_pieces): the chapô and the text,
        # sections with ads between them.
        roots = [f.root for f in found]
        if post is not None and _within(chosen.root, post):
            roots = [el for el in roots if _within(el, post)]
        parts = pieces(roots, chosen.root, _plain_noise, not_article)
        texts = [element_text(part, BODY_NOISE) for part in parts]
        text = "\n\n".join(t for t in texts if t)
        if len(text) >= MIN_BODY_CHARS:
            return FoundBody(chosen, text, True, parts[-1], texts[-1])
        if len(text) > len(best.text):
            best = FoundBody(chosen, text, False, parts[-1], texts[-1])
    dense = densest_block(root, post) if article else None
    if dense is not None:
        text = element_text(dense, BODY_NOISE)
        if len(text) > len(best.text):
            best = FoundBody(Selector(root=dense), text, False, dense)
    return best


def _within(el: HtmlElement, holder: HtmlElement) -> bool:
    return el is holder or holder in el.iterancestors()


def fallback_text(html: str, url: str, fast: bool = False) -> str | None:
    """trafilatura's main text of an article page, blocks separated by a blank line as ours are;
    None when it finds none.

    The body of a page whose container no table knows (better than the densest block of
    paragraphs there), and where the text of a known container ends (:func:`trim_tail`);
    docs/extraction.md has the numbers and the CPU it costs.
    """
    import trafilatura

    text = trafilatura.extract(html, url=url, fast=fast, include_comments=False, include_tables=True, deduplicate=False)
    if not text:
        return None
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def trim_container_tail(container: HtmlElement, text: str, url: str, own: str | None = None) -> str:
    """The known ``container``'s ``text`` without the blocks at its end that trafilatura's fast mode
    leaves out of the container (:func:`trim_tail`); nothing to do, and trafilatura not run, when
    the text ends with the article's own paragraph (:func:`ends_with_paragraph`).

    trafilatura reads the container alone, as a page of its own: the whole page costs about three
    times as much CPU for the same cut on every real and replica page but two (docs/extraction.md).
    Where the text goes on in several containers (:func:`.body_pieces.pieces`), ``container`` is the
    last, and only its part of the text is cut. ``own``: the container's text, where the caller has it
    (:attr:`FoundBody.last_text`).
    """
    if ends_with_paragraph(container, text):
        return text
    page = f"<html><body>{tostring(container, encoding='unicode', with_tail=False)}</body></html>"
    if own is None:
        own = element_text(container, BODY_NOISE)
    head = text[: -len(own)] if own and text != own and text.endswith(own) else ""
    return head + trim_tail(text[len(head) :], fallback_text(page, url, fast=True))


def ends_with_paragraph(container: HtmlElement, text: str) -> bool:
    """True if the container's ``text`` ends with a paragraph of the_content() itself: a bare ``<p>``
    child of the container (no attribute: as wpautop and the paragraph block print the text), of at
    least MIN_CLOSING_CHARS characters, mostly not links. Appeals, notes, bylines and teasers come
    in blocks of their own (a class, a wrapper), or short and linked."""
    last = text.rsplit("\n\n", 1)[-1]
    if len(last) < MIN_CLOSING_CHARS:
        return False
    closing = next((el for el in reversed(container) if el.tag == "p" and not BODY_NOISE(el)), None)
    if closing is None or closing.attrib or element_text(closing, BODY_NOISE) != last:
        return False
    linked = sum(len(a.text_content().strip()) for a in closing.iter("a"))
    return linked * 2 <= len(last)


def cut_at_paywall(container: HtmlElement, text: str) -> str:
    """``text`` up to a paywall's marker among the ``container``'s children: an empty element named
    for a paywall or restricted content (Newspack's "newspack_restrict_content_message_start"),
    after which the plugin prints its offer as plain paragraphs ("To view the full story, please
    subscribe …", the prices, "Already a subscriber? Log in"): at most MAX_OFFER_CHARS characters,
    shorter than the text before it, opening with a block that asks for a subscription."""
    marker = next((child for child in container if isinstance(child.tag, str) and _paywall_marker(child)), None)
    if marker is None:
        return text
    first = next(
        (
            block
            for after in marker.itersiblings()
            if isinstance(after.tag, str) and not BODY_NOISE(after)
            for block in element_text(after, BODY_NOISE).split("\n\n")
            if block
        ),
        None,
    )
    at = text.rfind(first) if first else -1
    # A marker with the article's text after it (a metered paywall's script hides it in the reader's
    # browser) is no end: only a short offer is cut.
    if at <= 0 or len(text) - at > min(MAX_OFFER_CHARS, at):
        return text
    # The offer asks for a subscription: a preview of the rest (the article's next paragraphs) does not.
    if first is None or APPEAL.search(first) is None:
        return text
    return text[:at].rstrip()


def _paywall_marker(el: HtmlElement) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return any(word in names for word in _PAYWALL_WORDS) and not el.text_content().strip()


def trim_tail(text: str, reference: str | None) -> str:
    """``text`` without the blocks after the last one the fallback extractor's ``reference`` text
    of the page also holds: appeals, disclaimers and teasers printed as plain paragraphs at the
    end of the container. Only when the reference holds most (TRIM_COVER) of ``text``: else it
    took another part of the page, and says nothing about this one."""
    if not reference:
        return text
    theirs = " ".join(reference.split())
    blocks = text.split("\n\n")
    found = [" ".join(b.split()) in theirs for b in blocks]
    covered = sum(len(b) for b, f in zip(blocks, found, strict=True) if f)
    if covered < TRIM_COVER * sum(len(b) for b in blocks):
        return text
    last = max(i for i, f in enumerate(found) if f)
    return "\n\n".join(blocks[: last + 1])


def body_page_urls(sel: Selector, url: str) -> list[str]:
    """The post's other pages, in order: a post split by ``<!--nextpage-->`` is shown a page at a
    time, and wp_link_pages() links each (class ``post-page-numbers`` since WordPress 5.1).
    Block themes print no such links: there only REST has the whole text."""
    here = urldefrag(url)[0]
    urls: list[str] = []
    for href in sel.xpath(BODY_PAGE_LINKS).getall():
        found = urldefrag(join(url, href.strip()))[0]
        if found and found != here and found not in urls:
            urls.append(found)
    return urls
