"""Lists of other posts' teasers: a stream of headlines linking elsewhere, with their first lines."""

from __future__ import annotations

import itertools

from lxml.html import HtmlElement

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def teaser_list(el: HtmlElement) -> bool:
    """A list of other posts' teasers: at least two items, each holding a heading that links elsewhere
    (the heading inside a link or a link inside the heading), whatever else the item holds (a picture,
    a summary paragraph, share buttons): "<li><a><h2>Headline</h2></a><p>The first lines …</p></li>".
    Headings in a list of the text's own are not links to other pages."""
    items = [li for li in el if li.tag == "li" and li.text_content().strip()]
    return len(items) >= 2 and all(_linked_heading(li) for li in items)


def _linked_heading(el: HtmlElement) -> bool:
    for heading in el.iter(_HEADINGS):
        if next(heading.iter("a"), None) is not None:
            return True
        if any(a.tag == "a" for a in itertools.takewhile(lambda a: a is not el, heading.iterancestors())):
            return True
    return False
