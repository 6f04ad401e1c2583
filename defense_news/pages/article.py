"""An article page: the facade over the field algorithms and selector tables of ``pages/``.

Each field is looked up first in the ZoxPress markup 19FortyFive used in 2022,
then in schema.org data (microdata, JSON-LD, OpenGraph/Yoast meta), then in the
markup of stock WordPress themes (classic and block themes): the tables are in
``pages/selectors/``, the algorithms in ``body.py``, ``published.py``, ``bylines.py``,
``categories.py`` and ``comment_count.py``. Usable from ``scrapy shell``::

    from defense_news.pages import ArticlePage
    page = ArticlePage(response)
    page.article()        # an Article
    page.comments()       # the Comments printed on this page
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo
from functools import cached_property
from urllib.parse import urlsplit

from lxml.html import HtmlElement
from parsel import Selector, SelectorList
from scrapy.http import TextResponse

from ..dates import utc_now
from ..html_text import clean_line
from ..items import Article, Comment
from ..loaders import ArticleLoader
from ..urls import article_permalink, comment_page_number, join, page_number
from . import (
    body,
    body_meta,
    byline_names,
    bylines,
    categories,
    comment_count,
    fallback_blocks,
    headline,
    lead,
    published,
    scope,
    site_name,
    updated,
)
from .body import BODY_NOISE
from .comments import CommentThread
from .common import JsonLd, MetaTags, first_layer, page_tokens, string_values
from .css import css_to_xpath, needed_tokens
from .date_scope import DateScope, date_scope
from .published import DateHint, date_precision, with_date_hint
from .selectors import core, metadata, themes

# Kept importable from here: the spider (DateHint, with_date_hint) and rest/records.py (BODY_NOISE).
__all__ = ["BODY_NOISE", "ArticlePage", "DateHint", "css_to_xpath", "with_date_hint"]

logger = logging.getLogger(__name__)

# Longer than this, a home link's text is not the site's name.
MAX_SITE_NAME = 60


class ArticlePage:
    """One fetched article page (or one of its comment pages)."""

    def __init__(
        self,
        response: TextResponse,
        timezone: tzinfo | None = None,
        now: datetime | None = None,
        category_base: str = "category",
        trim_tail: bool = True,
    ) -> None:
        self.response = response
        # Whether trafilatura's text of the page cuts what follows the text in a known container
        # (DEFENSE_NEWS_TRIM_TAIL): the one step that runs trafilatura on every article page.
        self.trim_tail = trim_tail
        self.sel: Selector = response.selector
        # The site's zone comes from its profile or detection (the spider passes it); without
        # one, local times are read as UTC, WordPress's own default zone.
        self.timezone = timezone or UTC
        self.now = now or utc_now()
        # The site's category base (/<base>/slug/), to read category links' slugs.
        self.category_base = category_base
        # (field, the instants the page's sources gave) where they disagreed (see _ranked)
        self.date_disagreements: list[tuple[str, list[str]]] = []
        # how many titles longer than a headline may be the page states (see title)
        self.overlong_titles = 0

    # -- queries -------------------------------------------------------------

    @cached_property
    def body_classes(self) -> set[str]:
        return set((self.sel.xpath("//body/@class").get() or "").split())

    @cached_property
    def page_tokens(self) -> frozenset[str]:
        """Every class, id and itemprop token used on the page (one query), to skip queries that cannot match."""
        return page_tokens(self.sel)

    def css(self, query: str) -> SelectorList[Selector]:
        """``self.css(query)``, through :func:`css_to_xpath`; nothing, without a look, when every
        branch of ``query`` needs a class, an id or an itemprop value the page does not use
        (:func:`needed_tokens`)."""
        needs = needed_tokens(query)
        if needs is not None and not any(branch <= self.page_tokens for branch in needs):
            return SelectorList([])
        return self.sel.xpath(css_to_xpath(query))

    @cached_property
    def meta_tags(self) -> MetaTags:
        return MetaTags(self.sel)

    def meta(self, key: str) -> str | None:
        """``<meta property|name=key>`` content (see :class:`~defense_news.pages.common.MetaTags`)."""
        return self.meta_tags.get(key)

    @cached_property
    def jsonld(self) -> JsonLd:
        return JsonLd(self.sel, self.response.url)

    # -- page kind -----------------------------------------------------------

    def is_not_found(self) -> bool:
        """WordPress's "not found" page (``body.error404``), whatever status it came with."""
        return core.NOT_FOUND_BODY_CLASS in self.body_classes

    def is_article(self) -> bool:
        """True for a single post; false for listings, pages, 404s and the like."""
        classes = self.body_classes
        if classes & core.NOT_ARTICLE_BODY_CLASSES:
            return False
        if core.SINGLE_POST_BODY_CLASS in classes or (
            core.SINGLE_BODY_CLASS in classes and any(c.startswith(core.POSTID_BODY_PREFIX) for c in classes)
        ):
            return True
        if classes & core.SINGLE_BODY_CLASSES:
            return True
        # No WordPress body classes: trust explicit article metadata.
        return self.meta("og:type") == "article" or bool(self.jsonld.article())

    def is_listing(self) -> bool:
        """A page WordPress's body classes call a listing (archive, category, tag, author, search, home, 404)."""
        return bool(self.body_classes & core.LISTING_BODY_CLASSES)

    def is_unpublished(self) -> bool:
        """A draft, private, pending or scheduled post: only its editors see it (a leaked preview)."""
        classes = set((self.css(core.POST_ELEMENT_CLASS).get() or "").split()) | self.body_classes
        return bool(classes & core.UNPUBLISHED_CLASSES)

    def is_protected(self) -> bool:
        """A password-protected post: readers see only a password form."""
        return core.PASSWORD_BODY_CLASS in self.body_classes or (
            core.PASSWORD_FORM_CLASS in self.page_tokens and bool(self.sel.css(core.PASSWORD_FORM))
        )

    # -- identity ------------------------------------------------------------

    @cached_property
    def post_id(self) -> int | None:
        body_class = self.sel.xpath("//body/@class").get() or ""
        match = core.POSTID_CLASS.search(body_class)
        if match:
            return int(match.group(1))
        value = self.css(core.COMMENT_POST_ID).get()
        if value and (post_id := page_number(value, 18)) is not None:
            return post_id
        for href, pattern in (
            (self.css(core.SHORTLINK).get(), core.SHORTLINK_ID),
            (self.css(core.REST_ALTERNATE).get(), core.REST_ALTERNATE_ID),
            (self.css(core.POST_ELEMENT_ID).get(), core.POST_ELEMENT_ID_NUMBER),
        ):
            match = pattern.search(href or "")
            if match:
                return int(match.group(1))
        return None

    @cached_property
    def permalink(self) -> str:
        """The article's canonical URL on the host that served it."""
        here = urlsplit(self.response.url)
        for candidate in (
            self.css(core.CANONICAL).get(),
            self.meta("og:url"),
            self.css(metadata.MAIN_ENTITY).get(),
        ):
            if not candidate:
                continue
            url = article_permalink(join(self.response.url, candidate.strip()))
            # A canonical on another host (a mirror, a replica) does not describe this copy.
            if urlsplit(url).netloc == here.netloc:
                return url
        return article_permalink(self.response.url)

    @cached_property
    def article_root(self) -> HtmlElement:
        """The post's own element (post_class() ``post-N`` or ``#post-N``), else ``<article>``/``<main>``/``<body>``.

        Bylines and dates are read inside it, so related posts, sidebars and widgets
        (which print other posts' authors and dates) do not count.
        """
        post = self.post_element
        return post if post is not None else scope.article_root(self.sel.root, None)

    @cached_property
    def post_element(self) -> HtmlElement | None:
        """The post's own post_class() element (``post-N``), if the page prints one."""
        return scope.post_element(self.sel.root, self.post_id)

    def _not_other_posts(self, found: SelectorList[Selector]) -> SelectorList[Selector]:
        """``found`` without what sits in another post's element (a teaser card's microdata headline),
        a sidebar, related posts or comments."""
        return SelectorList(sel for sel in found if not self._in_other_region(sel.root))

    def _outside_article(self, el: HtmlElement) -> bool:
        """True if ``el`` sits in comments, related posts or a sidebar inside the article's element."""
        return self._outside(el)

    @cached_property
    def _outside(self) -> scope.Outside:
        # Kept for the page: rules ask it of every element of the post (bylines.posted_by).
        return scope.Outside(self.article_root, self.post_id)

    @cached_property
    def _in_other_region(self) -> scope.Outside:
        """True if an element sits in a sidebar, related posts, comments or another post's element, anywhere."""
        return scope.Outside(None, self.post_id)

    @cached_property
    def _text_holders(self) -> frozenset[HtmlElement]:
        """The elements around the post's text container: layout wrappers, whatever their names say
        (Blogger's posts sit in a "widget Blog", some themes' article in a "sidebar-wrapper")."""
        container = self.body_selector
        if container is None or self.is_listing():
            return frozenset()
        return frozenset(container.root.iterancestors())

    @cached_property
    def _byline_outside(self) -> scope.Outside:
        """:meth:`_outside_article` for bylines: a wrapper holding the post's text is no sidebar."""
        return scope.Outside(self.article_root, self.post_id, self._text_holders)

    @cached_property
    def _byline_other_region(self) -> scope.Outside:
        """:meth:`_in_other_region` for bylines: a wrapper holding the post's text is no sidebar."""
        return scope.Outside(None, self.post_id, self._text_holders)

    @cached_property
    def _in_not_article(self) -> scope.AncestorFacts:
        """True if an element sits in a sidebar, related posts or comments, anywhere."""
        return scope.AncestorFacts(scope.not_article)

    # -- fields --------------------------------------------------------------

    @cached_property
    def body_selector(self) -> Selector | None:
        """The element holding the_content(): the selector table, else the densest paragraphs."""
        return self._container[0]

    @property
    def body_end(self) -> HtmlElement | None:
        """The element whose text ends the body: where the text goes on in several containers
        (:func:`.body_pieces.pieces`), the last one, not :attr:`body_selector`'s first."""
        return self._container.last

    @cached_property
    def _body(self) -> tuple[Selector | None, str]:
        """The body's container and text: the lead printed before the container (a standfirst
        outside the_content()), then the container's text. An article whose container no table
        knows takes trafilatura's main text instead (see :func:`body.fallback_text`)."""
        found, text, trusted, last, last_text = self._container
        if self.is_listing() or self.is_protected():
            return found, text
        if not trusted:
            fallback = self._fallback_text
            # The densest block in the post's own element stays when the fallback's text holds little
            # of it: that took another part of the page (seelenradio: a plugin's PHP warnings).
            # So does a densest block of text enough where the fallback adds no prose to it, only the
            # headlines, teasers and footers no class name marked (fallback_blocks.adds_no_prose).
            in_post = found is not None and self._in_post(found.root)
            if (
                fallback
                and len(text) < body.FALLBACK_SHARE * len(fallback)
                and not (in_post and body.holds_little_of(fallback, text))
                and not (len(text) >= body.MIN_BODY_CHARS and fallback_blocks.adds_no_prose(fallback, text))
            ):
                logger.debug("Body of %s from the fallback extractor (no known container)", self.response.url)
                post = self.post_element
                layout = {post, *post.iterancestors()} if post is not None else set()
                kept = fallback_blocks.drop_noise_blocks(self.sel.root, fallback, layout)
                kept = fallback_blocks.without_closing_links(self.sel.root, kept, text)
                return found, fallback_blocks.without_closing_notice(kept, text)
        if found is None or not text:
            return found, text
        # The fallback extractor's text says where the article ends: the appeals and teasers at the
        # container's end (docs/extraction.md: held-out snippet pages right 76 -> 81). Where it is
        # not the body's fallback, trafilatura's fast mode reads the known container alone, and
        # only when the text does not end with a paragraph of the article's own.
        # A known container with DEFENSE_NEWS_TRIM_TAIL off keeps its whole text.
        if not trusted:
            text = body.trim_tail(text, self._fallback_text)
        elif self.trim_tail:
            end = last if last is not None else found.root
            text = body.trim_container_tail(end, text, self.response.url, last_text)
        text = body.cut_at_paywall(found.root, text)
        # the byline and date some themes print above the text inside its container
        text = body_meta.without_meta_lines(text)
        leads = lead.lead_paragraphs(found.root, text, self.post_element, self._outside_article)
        # the subtitle after the headline, often in a header outside the post's element
        sub = lead.subtitle(
            self.sel.root, found.root, "\n\n".join([*leads, text]), self._in_other_region, self.response.url
        )
        # the lead between the headline and the container, in a header of its own
        head = lead.headline_lead(
            self.sel.root,
            found.root,
            "\n\n".join([*sub, *leads, text]),
            self._in_other_region,
            self.response.url,
            self.title,
        )
        return found, "\n\n".join([*sub, *head, *leads, text])

    def _in_post(self, el: HtmlElement) -> bool:
        post = self.post_element
        return post is not None and (el is post or post in el.iterancestors())

    @cached_property
    def _fallback_text(self) -> str | None:
        return body.fallback_text(self.response.text, self.response.url)

    @cached_property
    def _container(self) -> body.FoundBody:
        # Listings and password forms keep the first container: only an article's body (or a page's:
        # a post a theme does not call "single") is searched further.
        return body.find_body(
            self.css, self.sel.root, not self.is_listing() and not self.is_protected(), self.post_element
        )

    @cached_property
    def _site_names(self) -> list[str]:
        """The site's own name as the page states it: OpenGraph, JSON-LD WebSite/Organization, logo, home link."""
        names = [
            self.meta("og:site_name"),
            self.meta("application-name"),
            *string_values(self.css(themes.ZOX_SITE_TITLE)),
        ]
        for node in self.jsonld.nodes:
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if metadata.SITE_TYPES & {t for t in types if isinstance(t, str)}:
                name = node.get("name")
                if isinstance(name, str):
                    names.append(clean_line(name))
        names += string_values(self.css(themes.SITE_TITLE))[:1]
        names.append(self._home_link_text())
        return [n for n in byline_names.unique_names_plain(names) if n]

    def _home_link_text(self) -> str | None:
        """The text of the page's first link to the site's home page with one (the logo's, a header's
        ``<h1><a href="/">Site</a></h1>``): a theme that names the site nowhere else."""
        parts = urlsplit(self.response.url)
        homes = {"/", f"{parts.scheme}://{parts.netloc}", f"{parts.scheme}://{parts.netloc}/"}
        for a in self.sel.root.iter("a"):
            if (a.get("href") or "").strip() in homes and (text := clean_line(a.text_content())):
                return text if len(text) <= MAX_SITE_NAME else None
        return None

    def _strip_site_name(self, title: str | None) -> str | None:
        if not title:
            return None
        return site_name.cut_sections(site_name.strip(title, self._site_names, self.response.url), self._link_names)

    @cached_property
    def _link_names(self) -> set[str]:
        """The texts of the page's links as names compare (its menu's sections, a category link)."""
        texts = (clean_line(a.text_content()) for a in self.sel.root.iter("a"))
        return {site_name.name_key(text) for text in texts if text and len(text) <= MAX_SITE_NAME}

    @cached_property
    def page_title(self) -> str | None:
        """The document's ``<title>`` text (see ``core.PAGE_TITLE``)."""
        return next(iter(string_values(self.sel.xpath(core.PAGE_TITLE))), None)

    def title(self) -> list[str]:
        return list(self._title)

    @cached_property
    def _title(self) -> list[str]:
        """:meth:`title`, found once: the loader, the date's scope, the published date and the lead
        after the headline all ask for it (it was found three or four times a page)."""
        # A value longer than a headline may be (a broken page's <title> of 100 KB) is passed over
        # for the next source; counted (``overlong_titles``), and cut short only where no source
        # states another.
        overlong: list[str] = []

        def fit(values: Callable[[], Iterable[str | None]]) -> Callable[[], list[str]]:
            return lambda: headline.fitting(values(), overlong)

        found = first_layer(
            # a heading's text as readers see it: no <style>/<script> a page builder prints inside it
            fit(lambda: [headline.text_of(sel.root) for sel in self.css(themes.ZOX_TITLE)]),
            fit(
                lambda: [
                    headline.without_kicker(sel.root) or headline.text_of(sel.root)
                    for sel in self._not_other_posts(self.css(metadata.HEADLINE))
                ]
            ),
            lambda: [] if self.is_listing() else headline.headline(self),
            fit(lambda: self.jsonld.strings(self.jsonld.article(), "headline")),
            fit(lambda: [self._strip_site_name(self.meta("og:title"))]),
            fit(lambda: [headline.text_of(sel.root) for sel in self.css(themes.TITLES)]),
            fit(lambda: [headline.text_of(sel.root) for sel in self.css(themes.ARTICLE_H1)]),
            fit(lambda: [self._strip_site_name(self.page_title)]),
        )[:1]
        self.overlong_titles = len(overlong)
        return found or [headline.shortened(text) for text in overlong[:1]]

    def authors(self) -> list[str]:
        return bylines.authors(self)

    def _dates(self, key: str) -> list[str]:
        """Machine-readable values for ``datePublished``/``dateModified``, from every source, ranked."""
        return self._ranked(published.machine_dates(self, key), key)

    def _ranked(self, values: list[str], key: str) -> list[str]:
        """``values`` with the instant most sources agree on first; a disagreement is logged and kept."""
        values, disagreement = published.ranked(values, self.timezone, self.now)
        if disagreement is not None:
            instants, winner = disagreement
            self.date_disagreements.append((key, instants))
            logger.info("Page sources disagree on %s of %s: %s; taking %s", key, self.response.url, instants, winner)
        return values

    def _visible_dates(self, key: str) -> list[str]:
        """Printed dates, only needed when no machine-readable one exists."""
        return published.printed_dates(self, key)

    @cached_property
    def date_scope(self) -> DateScope:
        """Where the post's dates are read (its element, else its headline's surroundings)."""
        return date_scope(self)

    @cached_property
    def update_lines(self) -> list[updated.UpdateLine]:
        """The post's lines saying when it was last updated: its printed modification time, and
        elements whose dates are not the publication's."""
        return updated.update_lines(self)

    @cached_property
    def category_terms(self) -> categories.CategoryTerms:
        """The categories with what the page says of their slugs (named, or kept as slugs)."""
        return categories.categories(self)

    def categories(self) -> tuple[list[str], list[str]]:
        """(primary category, all categories) as names where the page prints names."""
        names = self.category_terms.names
        return names[:1], names

    def category_names(self, slugs: list[str]) -> dict[str, str]:
        """Category slug → name for ``slugs``, from the category links anywhere on the page."""
        return categories.category_names(self, slugs)

    def category_urls(self, category_base: str | None = None) -> list[str]:
        """Links to this article's category listings (``/<category_base>/slug/``; the page's own base by default)."""
        return categories.category_urls(self, category_base or self.category_base)

    def tags(self) -> list[str]:
        return categories.tags(self)

    def image(self) -> tuple[list[str], list[str]]:
        urls = first_layer(
            self.css(themes.ZOX_IMAGE_META).getall(),
            lambda: self.css(themes.ZOX_IMAGE).getall(),
            lambda: [self.meta("og:image")],
            lambda: self.jsonld.urls(self.jsonld.article(), "image"),
            lambda: self.css(themes.FEATURED_IMAGES).getall(),
        )
        captions = first_layer(
            string_values(self.css(themes.ZOX_IMAGE_CAPTION)),
            lambda: string_values(self.css(themes.FEATURED_IMAGE_CAPTIONS)),
        )
        return urls[:1], captions[:1]

    def body_text(self) -> str | None:
        text = self._body[1]
        if text:
            return text
        ld_body = self.jsonld.strings(self.jsonld.article(), "articleBody")
        return ld_body[0] if ld_body else None

    def description(self) -> list[str]:
        return first_layer(
            string_values(self.css(themes.ZOX_EXCERPT)),
            lambda: [self.meta("description"), self.meta("og:description")],
            lambda: self.jsonld.strings(self.jsonld.article(), "description"),
            lambda: string_values(self.css(themes.BLOCK_EXCERPT)),
        )[:1]

    def comment_system(self) -> str | None:
        """The third-party system serving this page's comments (Disqus, OpenWeb...), if the page shows none itself."""
        return self._comment_system

    @cached_property
    def _comment_system(self) -> str | None:
        # Asked by the comment count and by the spider: the page's text is searched once.
        return comment_count.comment_system(self)

    def comment_count(self) -> list[str]:
        """The count the page states, else what is known (see :func:`comment_count.comment_count`)."""
        return comment_count.comment_count(self)

    # -- records -------------------------------------------------------------

    def loader(self) -> ArticleLoader:
        # The page's own selector: given only the response, Scrapy's ItemLoader parses the page a second time.
        loader = ArticleLoader(
            selector=self.sel, response=self.response, base_url=self.response.url, timezone=self.timezone, now=self.now
        )
        loader.add_value("url", self.permalink)
        loader.add_value("post_id", self.post_id)
        loader.add_value("title", self.title())
        loader.add_value("description", self.description())
        loader.add_value("authors", self.authors())
        published.load_dates(loader, self)
        primary, all_categories = self.categories()
        loader.add_value("category", primary)
        loader.add_value("categories", all_categories)
        loader.add_value("tags", self.tags())
        image_urls, captions = self.image()
        loader.add_value("image_url", image_urls)
        loader.add_value("image_caption", captions)
        text = self.body_text()
        loader.add_value("body_text", text)
        if text:
            loader.add_value("word_count", len(text.split()))
        loader.add_value("comment_count", self.comment_count())
        loader.add_value("scraped_at", self.now)
        return loader

    def article(self) -> Article:
        item = self.loader().load_item()
        assert isinstance(item, Article)
        item.published_at_precision = date_precision(item.published_at)
        return item

    @cached_property
    def thread(self) -> CommentThread:
        return CommentThread(self.sel, self.response.url, self.timezone, self.now, page_tokens=self.page_tokens)

    def comments(self) -> list[Comment]:
        return self.thread.comments(post_id=self.post_id, article_url=self.permalink)

    def body_page_urls(self) -> list[str]:
        """The post's other pages, in order (see :func:`body.body_page_urls`)."""
        return body.body_page_urls(self.sel, self.response.url)

    def comment_page_urls(self) -> list[str]:
        """Other comment pages of this article linked from this page."""
        return self.thread.page_urls(self.permalink)

    def comment_page_number(self) -> int | None:
        """Which comment page this is; the bare permalink shows one too (WordPress shows the newest page there by default)."""
        number = comment_page_number(self.response.url)
        if number is not None:
            return number
        return self.thread.current_page_number(self.permalink)
