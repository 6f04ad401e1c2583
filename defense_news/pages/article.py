"""Extraction of an article page, layer by layer.

Each field is looked up first in the ZoxPress markup 19FortyFive used in 2022,
then in schema.org data (microdata, JSON-LD, OpenGraph/Yoast meta), then in the
markup of stock WordPress themes (classic and block themes). Usable from
``scrapy shell``::

    from defense_news.pages import ArticlePage
    page = ArticlePage(response)
    page.article()        # an Article
    page.comments()       # the Comments printed on this page
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import date, datetime, tzinfo
from functools import cached_property, lru_cache
from typing import NamedTuple
from urllib.parse import urldefrag, urlsplit

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector, SelectorList
from parsel.csstranslator import HTMLTranslator
from scrapy.http import TextResponse

from .. import processors
from ..dates import MAX_YEAR, MIN_YEAR, utc_now
from ..html_text import clean_line, element_text, make_class_filter
from ..items import Article, Comment
from ..loaders import ArticleLoader
from ..urls import article_permalink, category_slug, comment_page_number, join, strip_query
from .comments import CommentThread
from .common import JsonLd, MetaTags, class_names, first_layer, string_values
from .site import DEFAULT_TIMEZONE

logger = logging.getLogger(__name__)

_POSTID_CLASS = re.compile(r"(?:^|\s)postid-(\d+)(?:\s|$)")
_REST_POST = re.compile(r"/wp/v2/posts/(\d+)")
_SHORTLINK = re.compile(r"[?&]p=(\d+)")
_CATEGORY_LINKS = etree.XPath(
    "//a[@href][contains(@href, $path) or contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
)


def _category_links(root: HtmlElement, category_base: str) -> list[HtmlElement]:
    """Links that may lead to a category listing: under ``/<category_base>/`` or marked ``rel="category"``."""
    return list(_CATEGORY_LINKS(root, path=f"/{category_base.strip('/')}/"))


_URL_DATE = re.compile(r"/(?P<year>\d{4})/(?P<month>\d{2})/(?:(?P<day>\d{2})/)?[^/]+/?$")
_AUTHOR_HREF = re.compile(r"/author/[^/]+/?$")
# Where themes print a post's date as text (class or itemprop), inside the article's element.
_DATE_CLASSES = frozenset(
    {
        "datePublished",
        "post-date",
        "entry-date",
        "meta-date",
        "posted-on",
        "published",
        "td-post-date",
        "post-meta-date",
        "entry-meta-date",
        "date",
        "article__date",
        "article-date",
        "publish-date",
        "date-published",
        "story__date",
    }
)
_SCREEN_READER = make_class_filter(substrings=("screen-reader", "sr-only"))
# Bylines as themes print them, most specific first (block themes, classic themes, Newspaper/tagDiv,
# Jannah, Divi, Soledad, custom publisher themes). Read inside the article (see _article_values).
BYLINES = (
    ".wp-block-post-author-name a, .wp-block-post-author__name",
    ".wp-block-post-author-name",
    ".byline .author a, .byline a[rel~=author], .entry-meta .author a, .author.vcard a",
    ".td-post-author-name a, .tdb-author-name",
    ".meta-author a, .post-meta .author a, .author-url",
    ".article__author a, .article__author, .author-name, .post-author-name, .byline, .post-byline",
)
# "By Jane Doe and John Roe", "Von Anna Müller und Jonas Weber", "Jane Doe, John Roe & Ann Lee"
_NAME_SEPARATORS = re.compile(r"\s*,\s*(?:and\s+|und\s+)?|\s+(?:and|und|et|y|&)\s+", re.I)
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "phd", "ph.d.", "md", "ii", "iii"})


def unique_names_plain(names: list[str | None]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def unique_names(names: list[str]) -> list[str]:
    """Byline texts as single names: the "By" prefix off, split on "and"/commas, each once.

    >>> unique_names(["By Jane Doe and John Roe", "Jane Doe", "Martin Luther King, Jr."])
    ['Jane Doe', 'John Roe', 'Martin Luther King']
    """
    out: list[str] = []
    for text in names:
        for part in _NAME_SEPARATORS.split(_BY_PREFIX.sub("", text)):
            name = part.strip(" .,;:|")
            if name and name.lower() not in _NAME_SUFFIXES and name not in out:
                out.append(name)
    return out


_BY_PREFIX = re.compile(r"^(?:written\s+)?(?:by|von|par|por)\s*:?\s+", re.I)
# ``[itemprop=KEY]::attr(datetime), [itemprop=KEY]::attr(content)`` (in document order), reached
# from the itemprop attributes: a plain equality test on each attribute, where the CSS form's
# union walks every element twice (~20 µs instead of ~120 µs on a 34 KB page).
_ITEMPROP_DATES = {
    key: etree.XPath(f"//@itemprop[. = '{key}']/../@*[name() = 'datetime' or name() = 'content']", smart_strings=False)
    for key in ("datePublished", "dateModified")
}

# Body blocks that are not the article: ads, share buttons, related posts, author boxes...
BODY_NOISE = make_class_filter(
    exact={
        "page-links",
        "post-nav-links",
        "wp-caption-text",
        "screen-reader-text",
        "sharedaddy",
        "jp-relatedposts",
        "yarpp-related",
        "addtoany_share_save_container",
        "code-block",
        "wp-block-buttons",
        "wp-block-embed",
        # term lists a theme prints inside the content container (hello-elementor: "Tagged ...")
        "post-tags",
        "tag-links",
        "tags-links",
        "entry-tags",
        "cat-links",
        "post-categories",
    },
    prefixes=(
        "zox-post-ad",
        "zox-post-soc",
        "zox-author-box",
        "ad-",
        "ads-",
        "adsby",
        "advert",
        "google-ad",
        "td-a-rec",  # Newspaper/tagDiv ad slots
        "stream-item",  # Jannah ad slots
    ),
    substrings=("share", "sharing", "social", "related", "newsletter", "subscribe", "author-bio", "sponsor"),
    ids={"comments", "respond", "jp-relatedposts"},
)

# Where themes print the_content(), most specific first: a selector table, not code. A
# container whose text is shorter than MIN_BODY_CHARS is not trusted on its own (a known class
# on a teaser or a caption while the article is elsewhere): the rest of the table and the
# densest block of paragraphs are tried too, and the longest wins.
BODY_CONTAINERS = (
    "div.zox-post-body",
    "[itemprop=articleBody]",
    "div.entry-content",
    "div.wp-block-post-content",
    "div.post-content",
    "div.article-content",
    # Newspaper/tagDiv, Jannah, Divi, Soledad, Elementor, hello-elementor and other publisher themes
    ".td-post-content",
    ".tdb_single_content",
    ".entry-content",
    ".article__content",
    ".article-content",
    ".article-body-inner",
    ".article-body",
    ".single-content",
    ".post-entry",
    ".inner-post-entry",
    ".et_pb_post_content",
    ".elementor-widget-theme-post-content",
    ".entry-body",
    ".post-body",
    ".story-content",
    "main .page-content",
)
MIN_BODY_CHARS = 300
# Where a paragraph is not the article's, for the density fallback.
_NOT_BODY_TAGS = frozenset({"aside", "nav", "footer", "header", "form", "figure", "blockquote", "li", "td"})
# ("footer" is not one: twentytwenty's article header has the class "header-footer-group".)
_NOT_ARTICLE_WORDS = ("comment", "sidebar", "widget", "related", "menu", "respond")
_NOT_BODY_WORDS = ("comment", "sidebar", "widget", "related", "footer", "menu", "respond")
# Third-party comment systems: what each leaves in the page's HTML (its script loads the
# comments in the reader's browser, so they are not in the page and are not collected).
COMMENT_SYSTEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Disqus", ('id="disqus_thread"', "disqus.com/embed.js", ".disqus.com/")),
    ("Facebook", ('class="fb-comments', "fb-comments")),
    ("OpenWeb", ("data-spotim-module", "launcher.spot.im", "data-openweb", "openweb.com/")),
    ("Viafoura", ("vf-conversations", "viafoura")),
    ("wpDiscuz", ('id="wpdcom"', "wpdiscuz")),
    ("Jetpack comments", ("jetpack_remote_comment", "jetpack-comment")),
)
# Where a page states how many comments it has.
COMMENT_COUNT_SOURCES = (
    "#zox-comments-button .zox-comment-but-text",
    "#comments h4.zox-post-main-title span",
    "[itemprop=commentCount]",
    ".wp-block-comments-title",
    ".comments-title",
    "#comments-title",
    # headings and links other themes print (twentytwentytwo, hello-elementor, twentynineteen, OceanWP...)
    "h2#comments, h3#comments",
    ".title-comments",
    ".comments-area h2, .comments-area h3",
    ".discussion-meta-info",
    ".comments-link",
    ".post-comment-link",
)


# A CSS query whose branch starts with a bare class (``.x ...``) or id (``#x ...``) becomes an
# XPath testing that on every element of the page; reached from the ``class``/``id``
# attributes instead, the same elements come out in the same document order for about
# half the cost (the test then runs on attributes only). Applied to the translated XPath:
_CLASS_STEP = re.compile(
    r"(^|\| )descendant-or-self::\*\[@class and contains\(@class, '([^']+)'\) and "
    r"contains\(concat\(' ', normalize-space\(@class\), ' '\), ' \2 '\)\]"
)
_ID_STEP = re.compile(r"(^|\| )descendant-or-self::\*\[@id = '([^']+)'\]")
_TRANSLATOR = HTMLTranslator()  # what parsel uses for HTML documents


@lru_cache(maxsize=256)
def css_to_xpath(query: str) -> str:
    """``query`` as parsel translates it, bare class/id steps reached from the attributes."""
    xpath = _TRANSLATOR.css_to_xpath(query)
    xpath = _CLASS_STEP.sub(
        r"\1//@class[contains(., '\2')][contains(concat(' ', normalize-space(.), ' '), ' \2 ')]/parent::*", xpath
    )
    return _ID_STEP.sub(r"\1//@id[. = '\2']/parent::*", xpath)


# post_class() marks posts by status; readers only ever see "status-publish".
_UNPUBLISHED_CLASSES = frozenset(
    {"status-draft", "status-private", "status-pending", "status-future", "status-auto-draft"}
)


def _date_texts(el: HtmlElement) -> list[str]:
    """The printed date of a date element, without its screen-reader label ("Post published:")."""
    texts = [element_text(el, _SCREEN_READER), *(d.text_content() for d in el.iterdescendants() if len(d) == 0)]
    return [clean_line(t) for t in texts if t and len(t) < 80]


class DateHint(NamedTuple):
    """A publication date known before the page is fetched: the feed's ``pubDate`` or the sitemap's ``lastmod``."""

    value: str  # ISO UTC
    source: str  # "feed" or "sitemap"


def with_date_hint(article: Article, hint: DateHint | None, timezone: tzinfo) -> Article:
    """``article`` with ``published_at`` from ``hint`` where the page gave none or only a coarser one.

    A feed's ``pubDate`` is the publication time to the second: it replaces a missing date, or a
    day/month (from printed text or the permalink) that it falls in. A sitemap's ``lastmod`` is
    the last modification, so it is only used when nothing else dated the article.
    """
    if hint is None or article.published_at_precision == "second":
        return article
    if article.published_at is not None:
        if hint.source != "feed":
            return article
        local = datetime.fromisoformat(hint.value.replace("Z", "+00:00")).astimezone(timezone).date().isoformat()
        if not local.startswith(article.published_at):
            return article  # the page's own day or month disagrees: keep it
    return replace(article, published_at=hint.value, published_at_source=hint.source, published_at_precision="second")


def date_precision(value: str | None) -> str | None:
    """How precise an ISO value is: "second", "day" or "month".

    >>> date_precision("2025-10-28T13:00:00Z"), date_precision("2025-10-28"), date_precision("2025-10")
    ('second', 'day', 'month')
    """
    if not value:
        return None
    return "second" if "T" in value else "day" if len(value) == 10 else "month"


# <body> and <html> classes describe the whole page, not a region of it: twentytwentyone's
# "no-widgets" (a site without widgets), OceanWP's "has-sidebar" would otherwise put every
# element of the page in a "widget" or a "sidebar".
_PAGE_TAGS = frozenset({"body", "html"})


def _not_article(el: HtmlElement) -> bool:
    """Comments, related posts, sidebars, widgets and menus: other posts' bylines and dates."""
    if el.tag in ("aside", "nav", "form"):
        return True
    if el.tag in _PAGE_TAGS:
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return any(word in names for word in _NOT_ARTICLE_WORDS)


def _not_body(el: HtmlElement) -> bool:
    if el.tag in _NOT_BODY_TAGS:
        return True
    if el.tag in _PAGE_TAGS:
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return any(word in names for word in _NOT_BODY_WORDS)


def _densest_block(root: HtmlElement) -> HtmlElement | None:
    """The element whose own paragraphs hold the most text, outside comments, sidebars and menus.

    The last layer for bodies in containers no table knows: a new theme gives a slightly
    noisier body, never an empty one.
    """
    scores: dict[HtmlElement, int] = {}
    verdict: dict[HtmlElement, bool] = {}
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is None:
            continue
        ok = verdict.get(parent)
        if ok is None:
            ok = verdict[parent] = not any(_not_body(a) for a in parent.iterancestors()) and not _not_body(parent)
        if ok:
            scores[parent] = scores.get(parent, 0) + len(p.text_content().strip())
    if not scores:
        return None
    best = max(scores, key=lambda el: scores[el])
    return best if scores[best] >= 80 else None


def _is_password_form(page: Selector) -> bool:
    return bool(page.css("form.post-password-form"))


class ArticlePage:
    """One fetched article page (or one of its comment pages)."""

    def __init__(
        self,
        response: TextResponse,
        timezone: tzinfo | None = None,
        now: datetime | None = None,
        category_base: str = "category",
    ) -> None:
        self.response = response
        self.sel: Selector = response.selector
        self.timezone = timezone or DEFAULT_TIMEZONE
        self.now = now or utc_now()
        # The site's category base (/<base>/slug/), to read category links' slugs.
        self.category_base = category_base
        # (field, the instants the page's sources gave) where they disagreed (see _ranked)
        self.date_disagreements: list[tuple[str, list[str]]] = []

    # -- page kind -----------------------------------------------------------

    @cached_property
    def body_classes(self) -> set[str]:
        return set((self.sel.xpath("//body/@class").get() or "").split())

    @cached_property
    def class_names(self) -> frozenset[str]:
        """Every class token used on the page (one pass), to skip queries that cannot match."""
        return class_names(self.sel)

    def css(self, query: str) -> SelectorList[Selector]:
        """``self.css(query)``, through :func:`css_to_xpath`."""
        return self.sel.xpath(css_to_xpath(query))

    def _css(self, css: str, needs: set[str]) -> SelectorList[Selector]:
        """``self.css(css)``, skipped when none of the class names ``needs`` is on the page.

        Every branch of ``css`` requires at least one class of ``needs``; without
        any of them the whole-document query (0.1–0.2 ms) cannot match anything.
        """
        if self.class_names.isdisjoint(needs):
            return SelectorList([])
        return self.css(css)

    @cached_property
    def meta_tags(self) -> MetaTags:
        return MetaTags(self.sel)

    def meta(self, key: str) -> str | None:
        """``<meta property|name=key>`` content (see :class:`~defense_news.pages.common.MetaTags`)."""
        return self.meta_tags.get(key)

    @cached_property
    def jsonld(self) -> JsonLd:
        return JsonLd(self.sel, self.response.url)

    def is_not_found(self) -> bool:
        """WordPress's "not found" page (``body.error404``), whatever status it came with."""
        return "error404" in self.body_classes

    def is_article(self) -> bool:
        """True for a single post; false for listings, pages, 404s and the like."""
        classes = self.body_classes
        if classes & {"archive", "category", "tag", "author", "search", "blog", "home", "error404", "page"}:
            return False
        if "single-post" in classes or ("single" in classes and any(c.startswith("postid-") for c in classes)):
            return True
        if classes & {"single", "single-format-standard"}:
            return True
        # No WordPress body classes: trust explicit article metadata.
        return self.meta("og:type") == "article" or bool(self.jsonld.article())

    def is_unpublished(self) -> bool:
        """A draft, private, pending or scheduled post: only its editors see it (a leaked preview)."""
        classes = set((self.css("article[id^=post-]::attr(class)").get() or "").split()) | self.body_classes
        return bool(classes & _UNPUBLISHED_CLASSES)

    def is_protected(self) -> bool:
        """A password-protected post: readers see only a password form."""
        return "post-password-required" in self.body_classes or (
            "post-password-form" in self.class_names and _is_password_form(self.sel)
        )

    # -- identity ------------------------------------------------------------

    @cached_property
    def post_id(self) -> int | None:
        body_class = self.sel.xpath("//body/@class").get() or ""
        match = _POSTID_CLASS.search(body_class)
        if match:
            return int(match.group(1))
        value = self.css("input#comment_post_ID::attr(value)").get()
        if value and value.strip().isdigit():
            return int(value.strip())
        for href, pattern in (
            (self.css("link[rel=shortlink]::attr(href)").get(), _SHORTLINK),
            (self.css('link[rel=alternate][type="application/json"]::attr(href)').get(), _REST_POST),
            (self.css("article[id^=post-]::attr(id)").get(), re.compile(r"^post-(\d+)$")),
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
            self.css("link[rel=canonical]::attr(href)").get(),
            self.meta("og:url"),
            self.css("meta[itemprop=mainEntityOfPage]::attr(itemid)").get(),
        ):
            if not candidate:
                continue
            url = article_permalink(join(self.response.url, candidate.strip()))
            # A canonical on another host (a mirror, a replica) does not describe this copy.
            if urlsplit(url).netloc == here.netloc:
                return url
        return article_permalink(self.response.url)

    # -- fields --------------------------------------------------------------

    @cached_property
    def body_selector(self) -> Selector | None:
        """The element holding the_content(): the selector table, else the densest paragraphs."""
        return self._body[0]

    @cached_property
    def _body(self) -> tuple[Selector | None, str]:
        best: tuple[Selector | None, str] = (None, "")
        # Listings and password forms keep the first container: only an article's body is searched further.
        article = self.is_article() and not self.is_protected()
        for css in BODY_CONTAINERS:
            found = self.css(css)
            if not found:
                continue
            text = element_text(found[0].root, BODY_NOISE)
            if len(text) >= MIN_BODY_CHARS or not article:
                return found[0], text
            if len(text) > len(best[1]):
                best = (found[0], text)
        dense = _densest_block(self.sel.root) if article else None
        if dense is not None:
            text = element_text(dense, BODY_NOISE)
            if len(text) > len(best[1]):
                best = (Selector(root=dense), text)
        return best

    @cached_property
    def _site_names(self) -> list[str]:
        """The site's own name as the page states it: OpenGraph, JSON-LD WebSite/Organization, logo, home link."""
        names = [self.meta("og:site_name"), self.meta("application-name"), *string_values(self.css(".zox-logo-title"))]
        for node in self.jsonld.nodes:
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if {"WebSite", "Organization", "NewsMediaOrganization"} & {t for t in types if isinstance(t, str)}:
                name = node.get("name")
                if isinstance(name, str):
                    names.append(clean_line(name))
        names += string_values(self._css(".site-title, .site-title a", {"site-title"}))[:1]
        return [n for n in unique_names_plain(names) if n]

    def _strip_site_name(self, title: str | None) -> str | None:
        if not title:
            return None
        for site in self._site_names:
            for sep in (" - ", " – ", " — ", " | ", " :: ", " » ", " · "):
                suffix = sep + site
                if title.endswith(suffix):
                    return title[: -len(suffix)]
        return title

    def title(self) -> list[str]:
        return first_layer(
            string_values(self.css("h1.zox-post-title")),
            lambda: string_values(self.css("article [itemprop=headline]")),
            lambda: self.jsonld.strings(self.jsonld.article(), "headline"),
            lambda: [self._strip_site_name(self.meta("og:title"))],
            lambda: string_values(self.css("h1.entry-title, h1.wp-block-post-title, .wp-block-post-title")),
            lambda: string_values(self.css("article h1, main h1")),
            lambda: [self._strip_site_name(title) for title in string_values(self.css("title"))[:1]],
        )[:1]

    def authors(self) -> list[str]:
        def twitter_author() -> list[str | None]:
            if (self.meta("twitter:label1") or "").lower().startswith("written"):
                return [self.meta("twitter:data1")]
            return []

        names = first_layer(
            lambda: (
                string_values(self._css(".zox-author-name a", {"zox-author-name"}))
                or string_values(self._css(".zox-author-name", {"zox-author-name"}))
            ),
            lambda: string_values(self.css(".zox-author-box-name a")),
            lambda: (
                self.css("article [itemprop=author] [itemprop=name]::attr(content)").getall()
                or string_values(self.css("article [itemprop=author] [itemprop=name]"))
            ),
            lambda: self.jsonld.names(self.jsonld.article(), "author"),
            # The theme's byline in the article (a table of theme classes), then author links;
            # a site's meta author is often a house account and comes after them.
            lambda: next((found for css in BYLINES if (found := self._article_values(css))), []),
            lambda: string_values(self.css(".author-bio .author-title")),
            self._author_links,
            lambda: [
                clean_line(a.text_content())
                for a in self.article_root.iter("a")
                if "author" in (a.get("rel") or "").split()
                and "author-link" not in (a.get("class") or "")
                and not self._outside_article(a)
            ],
            lambda: [self.meta("author")],
            twitter_author,
        )
        return unique_names(names)

    def _article_values(self, css: str) -> list[str]:
        """Text of ``css`` matches in the article's own element, else anywhere outside sidebars,
        related posts and comments."""
        root = self.article_root
        found = [sel.root for sel in self.css(css) if isinstance(sel.root, HtmlElement)]
        inside = [el for el in found if (el is root or root in el.iterancestors()) and not self._outside_article(el)]
        if not inside:
            inside = [el for el in found if not any(_not_article(a) for a in el.iterancestors())]
        return [text for el in inside if (text := clean_line(element_text(el, _SCREEN_READER)))]

    def _author_links(self) -> list[str]:
        """Links to author archives (``/author/<slug>/``) in the article's own element: the_author_posts_link()."""
        names = []
        for a in self.article_root.iter("a"):
            href = a.get("href") or ""
            if not _AUTHOR_HREF.search(urlsplit(href).path):
                continue
            if self._outside_article(a):
                continue
            names.append(clean_line(a.text_content()))
        return names

    def _dates(self, key: str) -> list[str]:
        """Machine-readable values for ``datePublished``/``dateModified``, from every source."""
        ld = self.jsonld.article()
        if key == "datePublished":
            machine = [
                self.meta("article:published_time"),
                *self.jsonld.strings(ld, key),
                *_ITEMPROP_DATES[key](self.sel.root),
                *(
                    [
                        t.root.get("datetime")
                        for t in self.css(
                            ".wp-block-post-date:not(.wp-block-post-date__modified-date) time, "
                            "time.entry-date.published, .posted-on time.published, "
                            ".entry-meta time.entry-date, .posted-on time"
                        )
                        # not a sidebar widget's or a related post's date
                        if not any(_not_article(a) for a in t.root.iterancestors())
                    ]
                    # Each branch needs one of these classes: skip the whole-document scan when none is there.
                    if self.class_names & {"wp-block-post-date", "entry-date", "posted-on", "entry-meta"}
                    else []
                ),
            ]
            if len(set(filter(None, machine))) != 1:
                # No source, or sources that disagree: the first <time datetime> of the article
                # itself (Newspaper, Jannah...; not of related posts) is one more witness.
                machine += [
                    t.get("datetime")
                    for t in self.article_root.iter("time")
                    if t.get("datetime")
                    and "updated" not in (t.get("class") or "").split()
                    and not self._outside_article(t)
                ][:1]
        else:
            machine = [
                self.meta("article:modified_time"),
                *self.jsonld.strings(ld, key),
                *_ITEMPROP_DATES[key](self.sel.root),
                *self._css(
                    ".wp-block-post-date__modified-date time::attr(datetime), "
                    "time.updated:not([itemprop=datePublished]):not(.published)::attr(datetime)",
                    {"wp-block-post-date__modified-date", "updated"},
                ).getall(),
            ]
        return self._ranked([m for m in machine if m], key)

    def _ranked(self, values: list[str], key: str) -> list[str]:
        """``values`` with the instant most sources agree on first; a disagreement is logged and kept.

        Sources (OpenGraph, JSON-LD, microdata, the visible ``<time>``) sometimes disagree, e.g.
        OpenGraph in another zone's wall time: the majority wins, ties go to the earlier source.
        """
        if len(set(values)) < 2:
            return values  # one source, or all saying the same thing
        context = {"timezone": self.timezone, "now": self.now}
        parsed = [(value, processors.parse_date(value, context)) for value in values]
        votes: dict[str, int] = {}
        for _, iso in parsed:
            if iso and "T" in iso:
                votes[iso] = votes.get(iso, 0) + 1
        if len(votes) < 2:
            return values
        winner = max(votes, key=lambda iso: (votes[iso], -[p[1] for p in parsed].index(iso)))
        self.date_disagreements.append((key, sorted(votes)))
        logger.info("Page sources disagree on %s of %s: %s; taking %s", key, self.response.url, sorted(votes), winner)
        return [v for v, iso in parsed if iso == winner] + [v for v, iso in parsed if iso != winner]

    def _visible_dates(self, key: str) -> list[str]:
        """Printed dates, only needed when no machine-readable one exists."""
        if key != "datePublished":
            return []
        return string_values(self.css(".zox-post-date time, .zox-post-date, .wp-block-post-date, .posted-on")) or [
            text for el in self._in_article(_DATE_CLASSES) for text in _date_texts(el)
        ]

    @cached_property
    def article_root(self) -> HtmlElement:
        """The post's own element (post_class() ``post-N`` or ``#post-N``), else ``<article>``/``<main>``/``<body>``.

        Bylines and dates are read inside it, so related posts, sidebars and widgets
        (which print other posts' authors and dates) do not count.
        """
        root = self.sel.root
        if self.post_id is not None:
            token = f"post-{self.post_id}"
            for attr in root.xpath(f"//@id[. = '{token}'] | //@class[contains(., '{token}')]"):
                el = attr.getparent()
                if attr.attrname == "id" or token in attr.split():
                    return el
        for tag in ("article", "main", "body"):
            found = next(root.iter(tag), None)
            if found is not None:
                return found
        return root

    def _in_article(self, classes: frozenset[str]) -> list[HtmlElement]:
        """Elements of the article root with one of ``classes`` (or a matching itemprop), outside comments and related posts."""
        found = []
        for el in self.article_root.iter():
            if not isinstance(el.tag, str):
                continue
            tokens = el.get("class", "").split()
            if classes.isdisjoint(tokens) and el.get("itemprop") not in classes:
                continue
            if self._outside_article(el):
                continue
            found.append(el)
        return found

    def _outside_article(self, el: HtmlElement) -> bool:
        """True if ``el`` sits in comments, related posts or a sidebar inside the article's element."""
        root = self.article_root
        for ancestor in el.iterancestors():
            if ancestor is root:
                return False
            if _not_article(ancestor):
                return True
        return False

    def _url_date(self) -> str | None:
        """The date in the permalink (``/2025/10/28/slug/`` or ``/2025/10/slug/``): a day or a month."""
        match = _URL_DATE.search(urlsplit(self.permalink).path)
        if not match:
            return None
        year, month, day = int(match["year"]), int(match["month"]), match["day"]
        if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
            return None
        if day is not None:
            try:
                return date(year, month, int(day)).isoformat()
            except ValueError:
                return None
        return f"{year:04d}-{month:02d}"

    def categories(self) -> tuple[list[str], list[str]]:
        """(primary category, all categories) as names where the page prints names."""
        zox_primary = string_values(self.css("a.zox-post-cat-link")) or string_values(self.css("h3.zox-post-cat"))
        names = first_layer(
            zox_primary,
            lambda: self.jsonld.strings(self.jsonld.article(), "articleSection"),
            lambda: string_values(
                self.css(
                    ".taxonomy-category a, .cat-links a, .entry-categories a, "
                    "article a[rel~=category], main a[rel~=category]"
                )
            ),
        )
        if zox_primary:
            # ZoxPress names only the first category; the others survive as post_class slugs.
            primary_href = self.css("a.zox-post-cat-link::attr(href)").get() or ""
            primary_slug = primary_href.rstrip("/").rsplit("/", 1)[-1]
            classes = (self.css("article[id^=post-]::attr(class)").get() or "").split()
            slugs = [c[len("category-") :] for c in classes if c.startswith("category-")]
            others = [s for s in slugs if s != primary_slug]
            known = self.category_names(others) if others else {}
            names += [known.get(s, s) for s in others]
        return names[:1], names

    def category_names(self, slugs: list[str]) -> dict[str, str]:
        """Category slug → name for ``slugs``, from the category links anywhere on the page (menu, widgets, terms).

        A theme that prints only the primary category's name still links the others in its
        menu or sidebar, with their names: a slug is stored as that name where the page shows it.
        A link is a category's when its path is under the site's category base
        (``/<category_base>/[parent/]slug/``), or when WordPress marks it ``rel="category"``
        (the_category() prints ``rel="category tag"``), whatever the base.
        """
        wanted = set(slugs)
        names: dict[str, str] = {}
        for a in _category_links(self.sel.root, self.category_base):
            url = join(self.response.url, (a.get("href") or "").strip())
            slug = category_slug(url, self.category_base)
            if slug is None and "category" in (a.get("rel") or "").split():
                slug = urlsplit(url).path.rstrip("/").rpartition("/")[2] or None
            if slug not in wanted or slug in names:
                continue
            name = clean_line(a.text_content())
            if name:
                names[slug] = name
                if len(names) == len(wanted):
                    break
        return names

    def category_urls(self, category_base: str | None = None) -> list[str]:
        """Links to this article's category listings (``/<category_base>/slug/``; the page's own base by default)."""
        category_base = category_base or self.category_base
        urls = []
        for href in (
            self.css(
                "a.zox-post-cat-link, .taxonomy-category a, .cat-links a, article a[rel~=category], main a[rel~=category]"
            )
            .xpath("@href")
            .getall()
        ):
            url = strip_query(join(self.response.url, href.strip()))
            if category_slug(url, category_base) and url not in urls:
                urls.append(url)
        return urls

    def tags(self) -> list[str]:
        return first_layer(
            string_values(self._css(".zox-post-tags a[rel~=tag]", {"zox-post-tags"})),
            lambda: string_values(self.css("article [itemprop=keywords] a")),
            lambda: [
                k.strip() for value in self.jsonld.strings(self.jsonld.article(), "keywords") for k in value.split(",")
            ],
            lambda: string_values(self.css(".taxonomy-post_tag a, .tags-links a, .tag-links a, .entry-tags a")),
            self._tag_links,
        )

    def _tag_links(self) -> list[str]:
        """the_tags()' links, marked rel="tag" whatever the site's tag base.

        the_category() marks its links rel="category tag" (left out by the exact match), but
        block themes print categories with rel="tag" too: links to the site's category
        listings, or in the categories' block, are not tags.
        """
        links = self.css('article a[rel="tag"], main a[rel="tag"]')
        return string_values(
            SelectorList(
                a
                for a in links
                if not a.xpath("ancestor::*[contains(concat(' ', @class, ' '), ' taxonomy-category ')]")
                and category_slug(join(self.response.url, (a.attrib.get("href") or "").strip()), self.category_base)
                is None
            )
        )

    def image(self) -> tuple[list[str], list[str]]:
        urls = first_layer(
            self._css(
                ".zox-post-img meta[itemprop=url]::attr(content), .zox-post-img-hide meta[itemprop=url]::attr(content)",
                {"zox-post-img", "zox-post-img-hide"},
            ).getall(),
            lambda: self._css(".zox-post-img img::attr(src)", {"zox-post-img"}).getall(),
            lambda: [self.meta("og:image")],
            lambda: self.jsonld.urls(self.jsonld.article(), "image"),
            lambda: self.css(
                ".wp-block-post-featured-image img::attr(src), .post-thumbnail img::attr(src), img.wp-post-image::attr(src)"
            ).getall(),
        )
        captions = first_layer(
            string_values(self.css("span.zox-post-img-cap")),
            lambda: string_values(self.css(".wp-block-post-featured-image figcaption, .post-thumbnail figcaption")),
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
            string_values(self._css("span.zox-post-excerpt, .zox-post-excerpt", {"zox-post-excerpt"})),
            lambda: [self.meta("description"), self.meta("og:description")],
            lambda: self.jsonld.strings(self.jsonld.article(), "description"),
            lambda: string_values(self._css(".wp-block-post-excerpt__excerpt", {"wp-block-post-excerpt__excerpt"})),
        )[:1]

    def comment_system(self) -> str | None:
        """The third-party system serving this page's comments (Disqus, OpenWeb...), if the page shows none itself."""
        if self.thread.elements:
            return None  # the comments are in the page (e.g. Jetpack's comment form only)
        text = self.response.text
        for name, markers in COMMENT_SYSTEMS:
            if any(marker in text for marker in markers):
                return name
        return None

    def comment_count(self) -> list[str]:
        """The count the page states (the heading's own number, never one in the title), else what is known.

        Without a stated count: the comments shown, when they are the whole thread (no
        other comment pages); 0 when the thread is open (a comment form) and shows none.
        """
        invitation = None  # "Leave a comment", "Click to comment": 0 unless comments are shown
        for css in COMMENT_COUNT_SOURCES:
            values = self.css(f"{css}::attr(content)").getall() if "itemprop" in css else string_values(self.css(css))
            for value in values:
                if processors.comment_count(value) is None:
                    continue
                if processors.is_invitation(value):
                    invitation = invitation or value
                    continue
                return [value]
        ld_count = [str(v) for v in self.jsonld.strings(self.jsonld.article(), "commentCount")][:1]
        if ld_count:
            return ld_count
        if self.comment_system() is not None:
            return []  # counted elsewhere (Disqus...): unknown here
        shown = len(self.thread.elements)
        if shown and not self.comment_page_urls():
            return [str(shown)]
        if invitation is not None and not shown:
            return [invitation]
        if not shown and self.css("#respond, #commentform"):
            return ["0"]  # an open thread with no comments yet
        return []

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
        for field, key in (("published_at", "datePublished"), ("modified_at", "dateModified")):
            loader.add_value(field, self._dates(key))
            source = "page"
            if not loader.get_collected_values(field):
                loader.add_value(field, self._visible_dates(key))
                source = "page text"
            if field == "published_at":
                if not loader.get_collected_values(field):
                    # A theme that prints no date: the permalink may still say when (day or month).
                    url_date = self._url_date()
                    if url_date is not None:
                        loader.add_value(field, url_date)
                        source = "url"
                if loader.get_collected_values(field):
                    loader.add_value("published_at_source", source)
        primary, categories = self.categories()
        loader.add_value("category", primary)
        loader.add_value("categories", categories)
        loader.add_value("tags", self.tags())
        image_urls, captions = self.image()
        loader.add_value("image_url", image_urls)
        loader.add_value("image_caption", captions)
        body = self.body_text()
        loader.add_value("body_text", body)
        if body:
            loader.add_value("word_count", len(body.split()))
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
        return CommentThread(self.sel, self.response.url, self.timezone, self.now, class_names=self.class_names)

    def comments(self) -> list[Comment]:
        return self.thread.comments(post_id=self.post_id, article_url=self.permalink)

    def body_page_urls(self) -> list[str]:
        """The post's other pages, in order: a post split by ``<!--nextpage-->`` is shown a page at a
        time, and wp_link_pages() links each (class ``post-page-numbers`` since WordPress 5.1).
        Block themes print no such links: there only REST has the whole text."""
        here = urldefrag(self.response.url)[0]
        urls: list[str] = []
        for href in self.sel.xpath(
            "//a[contains(concat(' ', normalize-space(@class), ' '), ' post-page-numbers ')]/@href"
        ).getall():
            url = urldefrag(join(self.response.url, href.strip()))[0]
            if url and url != here and url not in urls:
                urls.append(url)
        return urls

    def comment_page_urls(self) -> list[str]:
        """Other comment pages of this article linked from this page."""
        return self.thread.page_urls(self.permalink)

    def comment_page_number(self) -> int | None:
        """Which comment page this is; the bare permalink shows one too (WordPress shows the newest page there by default)."""
        number = comment_page_number(self.response.url)
        if number is not None:
            return number
        return self.thread.current_page_number(self.permalink)
