"""Where a post's dates are read: its ``post_class()`` element; without one, its ``<article>``,
unless that ``<article>`` is a teaser card (a "latest news" strip, "hace 4 minutos"): it holds
neither the headline ``<h1>`` nor the post's text. Then the headline's own ``<article>``, else the
one around or inside the text's container, else the elements printed just after the headline."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from lxml.html import HtmlElement

from ..html_text import clean_line

if TYPE_CHECKING:
    from .article import ArticlePage

# Without an element of the post's own, its date lines are looked for in this many elements after the headline.
AFTER_HEADLINE = 40
# ... and a byline printed over the headline (kicker, date, headline) within this many elements before it.
BEFORE_HEADLINE = 10


class DateScope(NamedTuple):
    """Where the post's dates are: ``root`` (its element), else the elements after ``headline``."""

    root: HtmlElement | None
    headline: HtmlElement | None
    # The page's first <article> is a teaser card, not the post.
    teaser_first: bool

    def after_headline(self) -> list[HtmlElement]:
        """The elements printed just after the headline (none without one)."""
        if self.headline is None:
            return []
        return list(self.headline.xpath(f"following::*[position() <= {AFTER_HEADLINE}]"))

    def far_before_headline(self) -> set[HtmlElement]:
        """The elements printed before the headline and not just over it: the page's header (a
        "today is" line's ``<time>``), not the post's byline. Empty without a headline."""
        if self.headline is None:
            return set()
        near = self.headline.xpath(f"preceding::*[position() <= {BEFORE_HEADLINE}]")
        return set(self.headline.xpath("preceding::*")).difference(near)


def date_scope(page: ArticlePage) -> DateScope:
    post = page.post_element
    if post is not None:
        return DateScope(post, None, False)
    root = page.article_root
    headline = headline_h1(page)
    if headline is None:
        headline = title_heading(page)
    if root.tag != "article":
        return DateScope(None, headline, False)
    if headline is None or holds(root, headline) or not apart_from_text(root, page):
        return DateScope(root, headline, False)
    return DateScope(own_article(headline, page), headline, True)


def headline_h1(page: ArticlePage) -> HtmlElement | None:
    """The ``<h1>`` whose text is the page's title."""
    title = page.title()
    if not title:
        return None
    return next((h for h in page.sel.root.iter("h1") if clean_line(h.text_content()) == title[0]), None)


def title_heading(page: ArticlePage) -> HtmlElement | None:
    """The first ``<h2>``/``<h3>`` whose text is the page's title, for a page whose headline is not
    an ``<h1>`` (a theme printing its logo or nothing as the ``<h1>``): its byline follows it as an
    ``<h1>``'s would."""
    title = page.title()
    if not title:
        return None
    return next((h for h in page.sel.root.iter("h2", "h3") if clean_line(h.text_content()) == title[0]), None)


def own_article(headline: HtmlElement, page: ArticlePage) -> HtmlElement | None:
    """The post's ``<article>`` beside a teaser card: the headline's, else the one around or inside
    the post's text container (the byline printed in it, before the text)."""
    found = next(headline.iterancestors("article"), None)
    container = page.body_selector
    if found is None and container is not None:
        text = container.root
        found = next(text.iterancestors("article"), None) or next(text.iter("article"), None)
    return found


def holds(el: HtmlElement, inner: HtmlElement) -> bool:
    return any(a is el for a in inner.iterancestors())


def apart_from_text(el: HtmlElement, page: ArticlePage) -> bool:
    """``el`` neither holds the post's text container nor sits in it: a teaser card elsewhere."""
    container = page.body_selector
    if container is None:
        return False
    text = container.root
    return text is not el and not holds(el, text) and not holds(text, el)
