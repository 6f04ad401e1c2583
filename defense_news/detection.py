"""What a site tells about itself: time zone, category base and categories, REST root.

Used when a site's profile leaves them out (a site given only by its address).
Pure functions of responses; the spider decides what to fetch
(:meth:`defense_news.spiders.wordpress.WordPressSpider.start`) and logs every
finding with its source. In order of preference:

- time zone: the REST index (``/wp-json/`` or ``/?rest_route=/``) names
  ``timezone_string`` (an IANA zone) or only ``gmt_offset`` (hours, a fixed
  offset); else the offsets of the pages' ``<time datetime>`` values (one offset:
  that fixed offset; several, as across a clock change: the first IANA zone that
  agrees with every dated value); else UTC, said in the log and stats;
- categories and the category base: the REST categories (each with its
  ``link``), else the core sitemap ``wp-sitemap-taxonomies-category-1.xml``,
  else the category links (``rel="category tag"``) of the pages; else
  ``category`` (WordPress's default base).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import Sitemap

from .urls import join, strip_query

DEFAULT_CATEGORY_BASE = "category"
# Asked of the REST index; WordPress answers only these fields (the whole index lists every route).
INDEX_FIELDS = "name,url,home,gmt_offset,timezone_string"
# Core sitemap of the categories (WordPress 5.5+).
CATEGORY_SITEMAP = "wp-sitemap-taxonomies-category-1.xml"
# An explicit offset ("Z" is UTC as such, not the site's local time).
_OFFSET = re.compile(r"[+-]\d\d:?\d\d$")
# Zone areas tried first when several zones fit the dated values (news sites are mostly here).
_AREAS = ("Europe", "America", "Asia", "Australia", "Pacific", "Africa", "Atlantic", "Indian")


@dataclass(frozen=True)
class SiteIndex:
    """The facts of a REST index answer."""

    timezone_name: str | None
    gmt_offset: float | None
    home: str | None


def read_site_index(response: Response) -> SiteIndex | None:
    """The REST index of a site (``/wp-json/``), or None when the answer is not one."""
    if response.status != 200:
        return None
    try:
        data = json.loads(response.body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not ({"timezone_string", "gmt_offset", "home", "url"} & set(data)):
        return None
    name = data.get("timezone_string")
    offset = data.get("gmt_offset")
    if isinstance(offset, str):
        try:
            offset = float(offset)
        except ValueError:
            offset = None
    home = data.get("home") or data.get("url")
    return SiteIndex(
        timezone_name=name if isinstance(name, str) and name.strip() else None,
        gmt_offset=float(offset) if isinstance(offset, int | float) and not isinstance(offset, bool) else None,
        home=home if isinstance(home, str) else None,
    )


def fixed_offset(hours: float) -> tzinfo:
    """A zone of ``hours`` from UTC, named like WordPress's ``UTC+5.5`` choice.

    >>> fixed_offset(-4).tzname(None), fixed_offset(5.5).tzname(None), fixed_offset(0).tzname(None)
    ('UTC-04:00', 'UTC+05:30', 'UTC')
    """
    return timezone(timedelta(minutes=round(hours * 60)))


def index_timezone(index: SiteIndex) -> tzinfo | None:
    """The site's zone from its REST index: ``timezone_string``, else ``gmt_offset``."""
    if index.timezone_name:
        try:
            return ZoneInfo(index.timezone_name)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # a name this system's tz database lacks: the offset still holds today
    if index.gmt_offset is not None and -14 <= index.gmt_offset <= 14:
        return fixed_offset(index.gmt_offset)
    return None


def page_times(response: TextResponse) -> list[datetime]:
    """Machine-readable times with a UTC offset printed on a page (``<time datetime>``, article meta)."""
    values = response.xpath(
        "//time/@datetime | //meta[@property='article:published_time' or @property='article:modified_time']/@content"
    ).getall()
    times = []
    for value in values:
        if "T" not in value or not _OFFSET.search(value.strip()):
            continue
        try:
            # fromisoformat keeps the printed offset (parse_iso converts to UTC).
            times.append(datetime.fromisoformat(value.strip()))
        except ValueError:
            continue
    return times


@lru_cache(maxsize=1)
def _zones() -> tuple[ZoneInfo, ...]:
    # Area/City names only (not "EST5EDT", "Etc/GMT+5" or the legacy aliases), in a stable order.
    names = [n for n in available_timezones() if n.split("/")[0] in _AREAS]
    names.sort(key=lambda n: (_AREAS.index(n.split("/")[0]), n))
    return tuple(ZoneInfo(name) for name in names)


def offsets_timezone(times: Sequence[datetime]) -> tzinfo | None:
    """The zone that printed ``times`` (each with its own UTC offset).

    One offset throughout: that fixed offset (nothing tells whether, or when, the
    site changes its clocks). Several offsets: the first Area/City zone that gives
    every one of them at its moment.

    >>> from datetime import datetime
    >>> winter, summer = datetime.fromisoformat("2024-01-15T09:30:00+01:00"), datetime.fromisoformat("2024-07-01T12:00:00+02:00")
    >>> offsets_timezone([winter]).tzname(None), offsets_timezone([winter, summer]).key
    ('UTC+01:00', 'Europe/Amsterdam')
    """
    offsets = {t.utcoffset() for t in times}
    if not times or None in offsets:
        return None
    if len(offsets) == 1:
        (offset,) = offsets
        assert offset is not None
        return timezone(offset)
    for zone in _zones():
        if all(t.astimezone(zone).utcoffset() == t.utcoffset() for t in times):
            return zone
    return None


@dataclass(frozen=True)
class Categories:
    """Category listing URLs of a site and the base they share (``category``, ``topics``, or ``""``)."""

    urls: tuple[str, ...]
    base: str | None
    plain: bool = False  # ?cat=N links: the site uses plain permalinks


def category_base(urls: Iterable[str], site_path: str = "/") -> str | None:
    """The path segment(s) between the site root and the category slugs of ``urls``.

    >>> category_base(["https://x.com/themen/heer/", "https://x.com/themen/heer/ruestung/", "https://x.com/themen/marine/"])
    'themen'
    >>> category_base(["https://x.com/news/category/navy/"], "/news/"), category_base(["https://x.com/?cat=3"])
    ('category', None)
    """
    paths = []
    for url in urls:
        path = urlsplit(url).path
        if not path.startswith(site_path):
            continue
        segments = [s for s in path[len(site_path) :].split("/") if s]
        if segments:
            paths.append(segments)
    if not paths:
        return None
    # Shortest path: a top-level category (base + slug); the base is what every path starts with.
    shortest = min(paths, key=len)
    prefix = shortest[:-1]
    if not all(p[: len(prefix)] == prefix for p in paths):
        return None
    return "/".join(prefix)


def categories_from_urls(urls: Iterable[str], site_url: str) -> Categories:
    site = urlsplit(site_url)
    own = [strip_query(u) if "cat=" not in urlsplit(u).query else u for u in urls]
    own = [u for u in dict.fromkeys(own) if urlsplit(u).netloc == site.netloc]
    plain = bool(own) and all("cat" in parse_qs(urlsplit(u).query) for u in own)
    base = None if plain else category_base(own, site.path or "/")
    return Categories(tuple(own), base, plain)


def rest_categories(response: Response, site_url: str) -> Categories | None:
    """Categories from ``wp/v2/categories`` (their ``link``), or None when the answer is not a list of them."""
    try:
        data = json.loads(response.body)
    except ValueError:
        return None
    if response.status != 200 or not isinstance(data, list):
        return None
    links = [c["link"] for c in data if isinstance(c, dict) and isinstance(c.get("link"), str) and c.get("count", 1)]
    return categories_from_urls(links, site_url) if links else None


def sitemap_categories(response: Response, site_url: str) -> Categories | None:
    if response.status != 200:
        return None
    try:
        sitemap = Sitemap(response.body)
    except (ValueError, SyntaxError, StopIteration):
        # StopIteration: no element at all, e.g. the HTML page a plain-permalink WordPress
        # answers after redirecting /wp-sitemap.xml to /wp-sitemap.xml/.
        return None
    if sitemap.type != "urlset":
        return None
    links = [join(response.url, entry["loc"]) for entry in sitemap if entry.get("loc")]
    return categories_from_urls(links, site_url) if links else None


def page_categories(response: TextResponse, site_url: str) -> Categories | None:
    """Category links that WordPress marks as such (``rel="category tag"``, ``rel="category"``)."""
    hrefs = response.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]/@href").getall()
    links = [join(response.url, href.strip()) for href in hrefs]
    return categories_from_urls([u for u in links if u], site_url) if links else None
