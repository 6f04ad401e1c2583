"""The text's start printed outside the body's container: the lead or standfirst in the post's
header, and the subtitle after the headline."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from datetime import UTC

from lxml.html import HtmlElement

from ..dates import parse_local_text
from ..html_text import BLOCK_TAGS, element_text
from .body import BODY_NOISE
from .headline import is_home_link, key, text_of
from .prose import SENTENCE_END

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A lead paragraph before the container is at least this long (not a byline, a date or a label).
MIN_LEAD_CHARS = 60
# A subtitle after the headline that is not an <h2>: a block named for it ("td-post-sub-title",
# "entry-subtitle", "wp-subtitle", "subheadline", "standfirst", "dek").
# How many <div>s holding nothing else may wrap the headline or the subtitle after it (a page
# builder's "title-container" around the <h1>, an "epigraph-container" around the <h2>).
MAX_SOLE_WRAPPERS = 2
_SUBTITLE_TAGS = frozenset({"p", "div", "h3", "span"})
# Where a paragraph after the headline is no lead: a link's text, a caption, a script's fallback.
_NOT_LEAD_TAGS = frozenset({"a", "figure", "noscript", "blockquote", "li", "td", "button"})
# An <h2> between the headline and the text is its deck when at least this long (a shorter one is a
# tagline or a section's title more often).
MIN_DECK_CHARS = 100
# What may hold the lead between the headline and the text (see headline_lead).
_LEAD_TAGS = frozenset({"p", "div", "h2"})
_SUBTITLE = re.compile(r"sub-?title|subhead|standfirst|(?:^|[\s_-])dek(?:$|[\s_-])", re.I)


def lead_paragraphs(
    container: HtmlElement, text: str, post: HtmlElement | None, outside: Callable[[HtmlElement], bool]
) -> list[str]:
    """Paragraphs before the body's container in the post's own element: a lead or standfirst the
    theme prints in the article's header (an excerpt, an intro), not already in the body ``text``.

    Only in the post's post_class() element ``post`` (or the ``<article>`` holding the container),
    outside headings, captions, related posts and other noise (``outside``): at least
    MIN_LEAD_CHARS characters, mostly not links, not a date line.
    """
    scope = post if post is not None and post in container.iterancestors() else None
    if scope is None:
        scope = next((a for a in container.iterancestors() if a.tag == "article"), None)
    if scope is None:
        return []
    flat = " ".join(text.split())
    lead: list[str] = []
    start = container.sourceline
    for el in scope.iter("p", "div"):
        if el is container or (start is not None and (el.sourceline or 0) > start) or container in el.iterancestors():
            break  # past the container (a page printed on one line: at the container), or its own paragraphs
        if el.tag == "div" and (el is container or not (el.text or "").strip() or _has_blocks(el)):
            continue  # a <div> counts only as a paragraph: its own text, no blocks inside
        if len(el) == 0 and len((el.text or "").strip()) < MIN_LEAD_CHARS:
            continue  # too short to be a lead, whatever is around it (cheap: most meta lines)
        if outside(el):
            continue
        if any(
            BODY_NOISE(a) or a.tag in HEADINGS
            for a in itertools.takewhile(lambda a: a is not scope, el.iterancestors())
        ):
            continue
        paragraph = element_text(el, BODY_NOISE)
        line = " ".join(paragraph.split())
        if len(line) < MIN_LEAD_CHARS or line in flat:
            continue
        linked = sum(len(a.text_content().strip()) for a in el.iter("a"))
        if linked * 2 > len(line) or parse_local_text(line, UTC) is not None:
            continue
        lead.append(paragraph)
    return lead


def subtitle(
    root: HtmlElement, container: HtmlElement, text: str, outside: Callable[[HtmlElement], bool], url: str
) -> list[str]:
    """The subtitle printed right after the headline: the next element after the last ``<h1>`` before
    the body's ``container`` (outside sidebars, comments and other posts: ``outside``), an ``<h2>`` or
    a block named for a subtitle (tagDiv's "td-post-sub-title", "entry-subtitle", "subheadline"),
    at least MIN_LEAD_CHARS characters, mostly not links, not a date line, not already in ``text``.

    Themes print it in the post's header, often outside the post's element (a full-width header
    above the columns), where :func:`lead_paragraphs` does not look; it is the text's first line.
    The site's name in an ``<h1>`` linking home is no headline: the ``<h2>`` after it is the site's
    tagline (core's "site-description")."""
    before = [
        h1
        for h1 in root.iter("h1")
        if h1 is not container and container not in h1.iterancestors() and _precedes(h1, container)
    ]
    # The last <h1> before the text is the headline; one linking home is not, nor one in a sidebar,
    # and the one before it is tried. Whether an <h1> is in a sidebar (a walk up the tree) is asked
    # only of one followed by a subtitle's shape: any other ends the search.
    after = None
    for h1 in reversed(before):
        if is_home_link(h1, url):
            continue
        after = _subtitle_after(h1)
        if after is None:
            return []
        if not outside(h1):
            break
        after = None
    if after is None:
        return []
    if BODY_NOISE(after) or container in after.iterancestors() or after is container:
        return []
    line = " ".join(element_text(after, BODY_NOISE).split())
    if len(line) < MIN_LEAD_CHARS or line in " ".join(text.split()):
        return []
    linked = sum(len(a.text_content().strip()) for a in after.iter("a"))
    if linked * 2 > len(line) or parse_local_text(line, UTC) is not None:
        return []
    return [line]


def headline_lead(
    root: HtmlElement,
    container: HtmlElement,
    text: str,
    outside: Callable[[HtmlElement], bool],
    url: str,
    title: Callable[[], list[str]] | None = None,
) -> list[str]:
    """The lead printed between the headline and the body's ``container``: the first ``<p>`` after
    the last ``<h1>`` before the container (not the site's name linking home, not in a sidebar,
    comments or another post: ``outside``) that reads as a paragraph (MIN_LEAD_CHARS characters,
    mostly not links, not a date line, not in a heading, a link, a caption or other noise), with
    the ``<p>`` siblings right after it that do too; not already in ``text``.

    Themes and other systems print the standfirst in a header of its own beside the article's
    element ("mosi-artikel-teaser", "att-full-intro", "pdb-article-teaser-intro"), where
    :func:`lead_paragraphs` does not look, and not always right after the headline, where
    :func:`subtitle` does. A theme printing its headline as an ``<h2>`` (no ``<h1>`` before the
    text) has it found by the page's ``title``: see :func:`_titled_h2_before`."""
    headline = _headline_before(root, container, outside, url)
    if headline is None and title is not None:
        headline = _titled_h2_before(root, container, outside, title())
    if headline is None:
        return []
    flat = " ".join(text.split())
    for el in _following(headline, container):
        if el.tag not in _LEAD_TAGS or (len(el) == 0 and len((el.text or "").strip()) < MIN_LEAD_CHARS):
            continue
        # A <div> counts only as a paragraph (its own text, no blocks inside: "article__perex"); an
        # <h2> only as the deck printed as one ("article-deck"), prose ending as a sentence does.
        if el.tag == "div" and (not (el.text or "").strip() or _has_blocks(el)):
            continue
        if el.tag == "h2" and len(el.text_content().strip()) < MIN_DECK_CHARS:
            continue
        first = _lead_line(el, headline, outside, flat)
        if first is None:
            continue
        lead = [first]
        for after in el.itersiblings():
            if not isinstance(after.tag, str):
                continue
            line = _lead_line(after, headline, outside, flat) if after.tag == "p" else None
            if line is None:
                break
            lead.append(line)
        return lead
    return []


def _headline_before(
    root: HtmlElement, container: HtmlElement, outside: Callable[[HtmlElement], bool], url: str
) -> HtmlElement | None:
    """The last ``<h1>`` before ``container`` that is not the site's name linking home nor ``outside``."""
    before = [
        h1
        for h1 in root.iter("h1")
        if h1 is not container and container not in h1.iterancestors() and _precedes(h1, container)
    ]
    return next((h1 for h1 in reversed(before) if not is_home_link(h1, url) and not outside(h1)), None)


def _titled_h2_before(
    root: HtmlElement, container: HtmlElement, outside: Callable[[HtmlElement], bool], titles: list[str]
) -> HtmlElement | None:
    """The last ``<h2>`` before ``container`` whose text is the page's headline (``titles``: the
    title the page gives, which headline.headline takes from an ``<h2>`` where no ``<h1>`` is the
    headline), not ``outside``."""
    wanted = {key(t) for t in titles if t}
    if not wanted:
        return None
    before = [
        h2
        for h2 in root.iter("h2")
        if container not in h2.iterancestors() and key(text_of(h2)) in wanted and _precedes(h2, container)
    ]
    return next((h2 for h2 in reversed(before) if not outside(h2)), None)


def _following(el: HtmlElement, stop: HtmlElement) -> Iterator[HtmlElement]:
    """The elements after ``el`` in document order (not inside it), up to ``stop``."""
    for node in itertools.chain([el], el.iterancestors()):
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            if sibling is stop or stop in sibling.iterancestors():
                return
            if any(a is sibling for a in stop.iterancestors()):
                for inner in sibling.iter():
                    if inner is stop:
                        return
                    if isinstance(inner.tag, str) and inner is not sibling:
                        yield inner
                return
            yield from (inner for inner in sibling.iter() if isinstance(inner.tag, str))


def _lead_line(el: HtmlElement, headline: HtmlElement, outside: Callable[[HtmlElement], bool], flat: str) -> str | None:
    """``el``'s text if it reads as the lead's paragraph (see :func:`headline_lead`), else None."""
    # Only the wrappers below the block holding both the headline and the paragraph: the page's
    # layout above them says nothing of the paragraph.
    shared = set(headline.iterancestors())
    for a in itertools.chain([el], el.iterancestors()):
        if a in shared:
            break
        if a.tag in _NOT_LEAD_TAGS or (a.tag in HEADINGS and not (a is el and a.tag == "h2")) or BODY_NOISE(a):
            return None
    if outside(el):
        return None
    line = " ".join(element_text(el, BODY_NOISE).split())
    # A lead is prose: a meta line ("By Staff | More Articles December 22, 2014 | Comments (25)",
    # "February 4, 2020 • words written by …") or a heading's text does not end as a sentence does.
    if len(line) < MIN_LEAD_CHARS or line in flat or SENTENCE_END.search(line) is None:
        return None
    linked = sum(len(a.text_content().strip()) for a in el.iter("a"))
    if linked * 2 > len(line) or parse_local_text(line, UTC) is not None:
        return None
    return line


def _subtitle_after(headline: HtmlElement) -> HtmlElement | None:
    """The element after ``headline`` if it is an ``<h2>`` or a block named for a subtitle. Either may
    sit alone in a ``<div>`` of its own (``<div><h1>…</h1></div><div><h2>…</h2></div>``): such a
    wrapper, holding nothing else, stands for what it wraps."""
    node = headline
    for _ in range(MAX_SOLE_WRAPPERS):
        parent = node.getparent()
        if parent is None or parent.tag != "div" or _sole_child(parent) is not node:
            break
        node = parent
    after = _next_element(node)
    for _ in range(MAX_SOLE_WRAPPERS):
        if after is None or after.tag != "div":
            break
        inner = _sole_child(after)
        if inner is None:
            break
        after = inner
    if after is None or not (
        after.tag == "h2" or (after.tag in _SUBTITLE_TAGS and _SUBTITLE.search(after.get("class") or ""))
    ):
        return None
    return after


def _next_element(el: HtmlElement) -> HtmlElement | None:
    """The element after ``el`` among its siblings, past comments."""
    after = el.getnext()
    while after is not None and not isinstance(after.tag, str):
        after = after.getnext()
    return after


def _sole_child(el: HtmlElement) -> HtmlElement | None:
    """``el``'s only child element when ``el`` holds no text of its own beside it, else None."""
    if (el.text or "").strip():
        return None
    children = [child for child in el if isinstance(child.tag, str)]
    if len(children) != 1 or (children[0].tail or "").strip():
        return None
    return children[0]


def _precedes(el: HtmlElement, other: HtmlElement) -> bool:
    """True if ``el`` comes before ``other`` in the document (neither holding the other)."""
    chain = [other, *other.iterancestors()]
    above = set(chain)
    node = el
    while node.getparent() is not None and node.getparent() not in above:
        node = node.getparent()
    parent = node.getparent()
    if parent is None:
        return False
    mine = chain[chain.index(parent) - 1]
    return parent.index(node) < parent.index(mine)


def _has_blocks(el: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el.iterdescendants())
