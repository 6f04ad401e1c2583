"""Sitemaps: ``robots.txt`` Sitemap lines, WordPress core ``/wp-sitemap.xml``, Yoast ``/sitemap_index.xml``.

Parsing is Scrapy's own (:mod:`scrapy.utils.sitemap`); this module decides which
child sitemaps hold posts and reads ``lastmod``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from ..dates import parse_iso

# The WordPress core and Yoast defaults, tried when robots.txt names no sitemap.
DEFAULT_SITEMAPS = ("wp-sitemap.xml", "sitemap_index.xml")
# Child sitemaps that list no posts: pages, terms, authors, attachments.
_NOT_POSTS = re.compile(
    r"(wp-sitemap-(posts-(?!post-)|taxonomies-|users-)|(^|/)(page|category|post_tag|tag|author|attachment)-sitemap)",
    re.I,
)


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


def read_sitemap(response: Response) -> tuple[list[str], list[SitemapEntry]]:
    """(child sitemaps that may hold posts, URL entries) of a sitemap or sitemap index."""
    try:
        sitemap = Sitemap(response.body)
    except (ValueError, SyntaxError, StopIteration):
        # StopIteration: no element at all, e.g. the HTML page a plain-permalink WordPress
        # answers after redirecting /wp-sitemap.xml to /wp-sitemap.xml/.
        return [], []
    if sitemap.type == "sitemapindex":
        children = [urljoin(response.url, entry["loc"]) for entry in sitemap if entry.get("loc")]
        return [url for url in children if holds_posts(url)], []
    if sitemap.type == "urlset":
        return [], [
            SitemapEntry(urljoin(response.url, entry["loc"]), _lastmod(entry.get("lastmod")))
            for entry in sitemap
            if entry.get("loc")
        ]
    return [], []


def unchanged(entry: SitemapEntry, stored: str | None) -> bool:
    """True when the stored version is at least as new as the sitemap's ``lastmod``."""
    if entry.lastmod is None or not stored:
        return False
    moment = parse_iso(stored)
    return isinstance(moment, datetime) and moment >= entry.lastmod
