"""Listing pages (category, tag, author, home): article links, their dates, pagination."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from urllib.parse import unquote, urlsplit

from parsel import Selector
from scrapy.http import TextResponse

from ..dates import Moment, parse_local_text, utc_now
from ..urls import (
    category_slug,
    join,
    listing_base,
    listing_page_number,
    listing_page_url,
    looks_like_article,
    strip_query,
)
from .article import ArticlePage
from .common import string_values
from .selectors.core import CATEGORY_BODY_CLASS
from .selectors.themes import (
    LISTING_CONTENT,
    LISTING_FEATURED_LINKS,
    LISTING_ITEM_LAYERS,
    LISTING_PAGE_OF,
    MENU_LINKS,
)

# Paths of listings and feeds, not of posts: the home page, /page/N/, /feed/, archives by term or author.
LISTING_PATH = re.compile(r"^/?$|/(?:page|feed|tag|category|author|comments)(?:/|$)")
_PAGE_OF = re.compile(r"Page\s+(\d+)\s+of\s+(\d+)", re.I)
# Where a document title's first part ends: the separators WordPress core ("–") and SEO
# plugins ("-", "|", "»", "·", "—") print between the archive's name, its page and the site.
_TITLE_PARTS = re.compile(r"\s+[-–—|»·]\s+")
# The page number core and Yoast print after a title's first part ("– Page 2", "- Page 2 of 3",
# "– Seite 2 von 3"): a separator, a word, a number, perhaps "of N".
_PAGE_PART = re.compile(r"\s+[-–—|»·]\s+[^\W\d]{1,12}\s+\d+(?:\s+[^\W\d]{1,5}\s+\d+)?$")
# What Yoast's default archive title adds to a term's name ("%%term_title%% Archives").
_ARCHIVES = re.compile(r"\s+Archives?$", re.I)
# The link to an entry's comments that classic themes print (comments_popup_link(): "No
# Comments", "1 Comment", "12 Comments", "Leave a comment"), and its number.
ENTRY_COMMENTS_LINK = ".comments-link a, a[href$='#comments'], a[href$='#respond']"
_COUNT = re.compile(r"(\d[\d,.]*)")


@dataclass(frozen=True)
class ListingEntry:
    url: str
    date: Moment | None = None
    featured: bool = False  # a repeated block, not the listing's own sequence
    # Found by an unknown theme's fallback (a permalink-shaped link, a linked heading): maybe no article.
    guessed: bool = False
    # The comment count the entry prints ("12 Comments", "Leave a comment": 0), else None.
    comments: int | None = None


class ListingPage:
    def __init__(self, response: TextResponse, timezone: tzinfo | None = None, now: datetime | None = None) -> None:
        self.response = response
        self.sel: Selector = response.selector
        # The site's zone comes from its profile or detection (the spider passes it); without
        # one, local times are read as UTC, WordPress's own default zone.
        self.timezone = timezone or UTC
        self.now = now or utc_now()

    def _date(self, item: Selector, css: str) -> Moment | None:
        node = item.css(css)
        if not node:
            return None
        raw = node.attrib.get("datetime") or " ".join(string_values(node[:1]))
        return parse_local_text(raw, self.timezone, self.now) if raw else None

    def _url(self, href: str | None) -> str | None:
        if not href:
            return None
        url = join(self.response.url, href.strip())
        if not url.startswith(("http://", "https://")):
            return None
        return strip_query(url)

    def entries(self) -> list[ListingEntry]:
        """The listing's own items in page order, then featured/repeated links."""
        entries: list[ListingEntry] = []
        seen: set[str] = set()
        for item_css, link_css, date_css in LISTING_ITEM_LAYERS:
            for item in self.sel.css(item_css):
                url = self._url(item.css(link_css).attrib.get("href") or item.css("a[rel=bookmark]").attrib.get("href"))
                if url and url not in seen:
                    seen.add(url)
                    entries.append(ListingEntry(url, self._date(item, date_css), comments=entry_comments(item)))
            if entries:
                break
        for href in self.sel.css(LISTING_FEATURED_LINKS).xpath("@href").getall():
            url = self._url(href)
            if url and url not in seen:
                seen.add(url)
                entries.append(ListingEntry(url, featured=True))
        if not entries:
            # Unknown theme: any permalink-shaped link in the main content.
            scope = self.sel.css(LISTING_CONTENT) or self.sel.css("body")
            for href in scope[:1].xpath(".//a/@href").getall():
                url = self._url(href)
                if url and looks_like_article(url) and url not in seen:
                    seen.add(url)
                    entries.append(ListingEntry(url, guessed=True))
        if not entries:
            # Unknown theme, permalinks of no known shape (/archives/123): the post titles every
            # listing prints as linked headings, on this site, that are not listings themselves.
            host = urlsplit(self.response.url).hostname
            for href in self.sel.xpath("//h2//a/@href | //h3//a/@href").getall():
                url = self._url(href)
                if not url or url in seen or urlsplit(url).hostname != host or LISTING_PATH.search(urlsplit(url).path):
                    continue
                seen.add(url)
                entries.append(ListingEntry(url, guessed=True))
        return entries

    @property
    def page_number(self) -> int:
        return listing_page_number(self.response.url)

    def total_pages(self) -> int | None:
        """From ZoxPress's "Page X of Y", when printed."""
        text = " ".join(string_values(self.sel.css(LISTING_PAGE_OF)[:3]))
        match = _PAGE_OF.search(text)
        return int(match.group(2)) if match else None

    def category_name(self) -> str | None:
        """The name a category archive gives itself in its document title, the site's name and the
        page number left out (see :func:`title_category_name`). None on a page body_class() does not
        mark as a category archive (a soft 404, where a redirect led).

        >>> from scrapy.http import HtmlResponse
        >>> def named(html): return ListingPage(HtmlResponse("https://x.com/category/a/", body=html)).category_name()
        >>> named(b"<title>Defense Analysis Archives - Site</title><body class='archive category category-a'>")
        'Defense Analysis'
        >>> named(b"<title>Page not found - Site</title><body class='error404'>") is None
        True
        """
        classes = (self.sel.xpath("//body/@class").get() or "").split()
        if classes and CATEGORY_BODY_CLASS not in classes:
            return None
        title = " ".join(self.sel.xpath("//head/title[1]//text()").getall()).strip()
        slug = urlsplit(listing_base(self.response.url)).path.rstrip("/").rpartition("/")[2]
        # The site's names as the page states them (og:site_name, JSON-LD, the logo), as articles read them.
        sites = ArticlePage(self.response)._site_names
        return title_category_name(title, sites, unquote(slug)) or None

    def next_page_url(self) -> str | None:
        """The URL of page N+1 of this listing, if the page links to it.

        Themes print pagination in many ways ("Next ›", "Older posts", numbers,
        rel=next); they all link ``{base}page/{N+1}/``, so look for that link.
        """
        base = listing_base(self.response.url)
        base_path = urlsplit(base).path
        wanted = self.page_number + 1
        for href in self.sel.xpath("//a/@href | //link[@rel='next']/@href").getall():
            url = join(self.response.url, href.strip())
            parts = urlsplit(url)
            if parts.netloc != urlsplit(base).netloc:
                continue
            if parts.path.rstrip("/") == f"{base_path}page/{wanted}":
                return strip_query(url)
            if listing_base(url) == base and listing_page_number(url) == wanted:
                return listing_page_url(url)  # ?paged=N (plain permalinks)
        return None


def title_category_name(title: str, sites: list[str], slug: str) -> str:
    """A category's name in its archive's title: what comes before the site's name (one of
    ``sites``), else the longest start of the title that reads as the category's ``slug``, else
    the title's first part; without the page number ("Page 2 of 3") and Yoast's " Archives"
    (core prints "Military – Page 2 – Site", Yoast "Military Archives - Page 2 of 3 - Site").
    A name that holds a separator itself is kept whole when the site's name or the slug says
    where it ends.

    >>> title_category_name("Air - Land Archives - Page 2 of 3 - Site", ["Site"], "x")
    'Air - Land'
    >>> title_category_name("Air | Land – Page 2 – Other", [], "air-land")
    'Air | Land'
    >>> title_category_name("Air | Land – Other", [], "ground")
    'Air'
    """
    cuts = [m.start() for m in _TITLE_PARTS.finditer(title)]
    end = None
    for site in sites:
        for m in _TITLE_PARTS.finditer(title):
            rest = title[m.end() :]
            if rest == site or (rest.startswith(site) and _TITLE_PARTS.match(rest, len(site))):
                end = m.start() if end is None else max(end, m.start())
    if end is None:
        end = next((cut for cut in reversed([*cuts, len(title)]) if _slug_of(_name(title[:cut])) == slug), None)
    if end is None:
        end = cuts[0] if cuts else len(title)
    return _name(title[:end])


def _name(part: str) -> str:
    """A title's start without the page number after it and Yoast's " Archives"."""
    while match := _PAGE_PART.search(part):
        part = part[: match.start()]
    return _ARCHIVES.sub("", part).strip()


def _slug_of(name: str) -> str:
    """The slug WordPress makes of a name (sanitize_title, roughly: accents and punctuation off).

    >>> _slug_of("Politics & Policy"), _slug_of("Air - Land"), _slug_of("Économie")
    ('politics-policy', 'air-land', 'economie')
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def entry_comments(item: Selector) -> int | None:
    """The comment count a listing entry's comments link prints (0 for "No Comments" or "Leave a
    comment"), or None when it prints none.

    >>> entry_comments(Selector(text='<article><a href="/p/#comments">12 Comments</a></article>'))
    12
    >>> entry_comments(Selector(text='<article><a href="/p/#respond">Leave a comment</a></article>'))
    0
    >>> entry_comments(Selector(text='<article><a href="/p/">Read</a></article>')) is None
    True
    """
    link = item.css(ENTRY_COMMENTS_LINK)
    if not link:
        return None
    text = " ".join(string_values(link[:1]))
    match = _COUNT.search(text)
    if match:
        return int(re.sub(r"\D", "", match.group(1)))
    # comments_popup_link() prints a number only from one comment on.
    return 0 if text.strip() else None


def _category_urls(response: TextResponse, css: str, category_base: str) -> list[str]:
    urls: list[str] = []
    here = urlsplit(response.url).netloc
    for href in response.css(css).xpath("@href").getall():
        url = strip_query(join(response.url, href.strip()))
        if urlsplit(url).netloc == here and category_slug(url, category_base) and url not in urls:
            urls.append(url if url.endswith("/") else url + "/")
    return urls


def menu_category_urls(response: TextResponse, category_base: str = "category") -> list[str]:
    """Category links (``/<category_base>/slug/``) of the site's navigation menus, in menu order."""
    return _category_urls(
        response,
        MENU_LINKS,
        category_base,
    )


def page_category_urls(response: TextResponse, category_base: str = "category") -> list[str]:
    """Every category link on the page (post terms, widgets): for sites whose menu has none."""
    return _category_urls(response, f"a[href*='/{category_base}/']", category_base)
