"""Sitemaps: ``robots.txt`` Sitemap lines, WordPress core ``/wp-sitemap.xml``, Yoast ``/sitemap_index.xml``.

Parsing is Scrapy's own (:mod:`scrapy.utils.sitemap`), with libxml2's ``huge_tree``; this module
decides which child sitemaps hold posts and reads ``lastmod``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from urllib.parse import urljoin

from lxml import etree
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from ..dates import parse_iso
from ..urls import join

logger = logging.getLogger(__name__)

# The WordPress core and Yoast defaults, tried when robots.txt names no sitemap.
DEFAULT_SITEMAPS = ("wp-sitemap.xml", "sitemap_index.xml")
# Child sitemaps that list no posts: pages, terms, authors, attachments.
_NOT_POSTS = re.compile(
    r"(wp-sitemap-(posts-(?!post-)|taxonomies-|users-)|(^|/)(page|category|post_tag|tag|author|attachment)-sitemap)",
    re.I,
)


# libxml2's fatal "resource limit" error: the parse ends there (see pages/parsing.py).
_LIMIT_ERROR = "ERR_RESOURCE_LIMIT"


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None


def robots_sitemaps(response: Response) -> list[str]:
    """Sitemap URLs named in a robots.txt response."""
    return list(dict.fromkeys(sitemap_urls_from_robots(response.body, base_url=response.url)))


def default_sitemaps(base_url: str) -> list[str]:
    return [urljoin(base_url, name) for name in DEFAULT_SITEMAPS]


def holds_posts(url: str) -> bool:
    """Whether a child sitemap may list posts (judged from WordPress and Yoast file names).

    >>> holds_posts("https://x.com/wp-sitemap-posts-post-1.xml"), holds_posts("https://x.com/post-sitemap2.xml")
    (True, True)
    >>> holds_posts("https://x.com/wp-sitemap-taxonomies-category-1.xml"), holds_posts("https://x.com/page-sitemap.xml")
    (False, False)
    """
    return not _NOT_POSTS.search(url)


def _lastmod(value: str | None) -> datetime | None:
    moment = parse_iso(value) if value else None
    return moment if isinstance(moment, datetime) else None


class _Sitemap(Sitemap):
    """Scrapy's sitemap reader, its parser given ``huge_tree``: without it libxml2 ends a sitemap
    at the 256th nested element or a text past 10 MB, silently (the entries after it lost)."""

    def __init__(self, xmltext: bytes) -> None:
        # Scrapy's own options (scrapy.utils.sitemap.Sitemap.__init__), and huge_tree.
        self.xmliter = etree.iterparse(
            BytesIO(xmltext),
            recover=True,
            remove_comments=True,
            resolve_entities=False,
            remove_blank_text=True,
            collect_ids=False,
            remove_pis=True,
            events=("start", "end"),
            huge_tree=True,
        )
        _, root = next(self.xmliter)
        self.type = self._get_tag_name(root)

    def cut(self) -> str | None:
        """The parser limit that ended the file early (past 2,048 nested elements), if one did."""
        last = self.xmliter.error_log.last_error
        if last is None or last.type_name != _LIMIT_ERROR:
            return None
        return str(last.message).strip().split(",")[0]


def read_sitemap(
    response: Response, count: Callable[[str], None] | None = None
) -> tuple[list[str], list[SitemapEntry]]:
    """(child sitemaps that may hold posts, URL entries) of a sitemap or sitemap index.

    A file the XML parser's limits end early gives the entries before that point, and one
    warning line (counted ``sitemap/parser_limit``); ``<loc>``\\ s that are no URL are left out,
    one line a sitemap (counted ``sitemap/bad_loc``)."""
    try:
        sitemap = _Sitemap(response.body)
        listed = [(entry, join(response.url, entry["loc"])) for entry in sitemap if entry.get("loc")]
    except (ValueError, SyntaxError, StopIteration):
        # StopIteration: no element at all, e.g. the HTML page a plain-permalink WordPress
        # answers after redirecting /wp-sitemap.xml to /wp-sitemap.xml/.
        return [], []
    problem = sitemap.cut()
    if problem is not None:
        logger.warning(
            "Parser limit on sitemap %s: %s; %d entries read before it, the rest of the file lost",
            response.url,
            problem,
            len(listed),
        )
        if count is not None:
            count("sitemap/parser_limit")
    bad = [entry["loc"] for entry, url in listed if not url]
    if bad:
        logger.warning("Sitemap %s: %d <loc> that are no URL left out (the first: %r)", response.url, len(bad), bad[0])
        if count is not None:
            count("sitemap/bad_loc")
    if sitemap.type == "sitemapindex":
        return [url for _, url in listed if url and holds_posts(url)], []
    if sitemap.type == "urlset":
        return [], [SitemapEntry(url, _lastmod(entry.get("lastmod"))) for entry, url in listed if url]
    return [], []


def unchanged(entry: SitemapEntry, stored: str | None) -> bool:
    """True when the stored version is at least as new as the sitemap's ``lastmod``."""
    if entry.lastmod is None or not stored:
        return False
    moment = parse_iso(stored)
    return isinstance(moment, datetime) and moment >= entry.lastmod
