"""What a site tells about itself: time zone, category base and categories, REST root.

Used when a site's profile leaves them out (a site given only by its address).
Pure functions of responses; the spider decides what to fetch
(:meth:`defense_news.spiders.wordpress.WordPressSpider.start`) and logs every
finding with its source. In order of preference:

- time zone: the REST index (see :mod:`defense_news.rest.routes`) names
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

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from scrapy.http import Response, TextResponse

from .pages.sitemap import read_sitemap
from .urls import join, strip_query

if TYPE_CHECKING:
    from .rest.site import SiteIndex

DEFAULT_CATEGORY_BASE = "category"
# Asked of the REST index; WordPress answers only these fields (the whole index lists every route).
# Core sitemap of the categories (WordPress 5.5+).
CATEGORY_SITEMAP = "wp-sitemap-taxonomies-category-1.xml"
# An explicit offset ("Z" is UTC as such, not the site's local time).
_OFFSET = re.compile(r"[+-]\d\d:?\d\d$")
# Zone areas tried first when several zones fit the dated values (news sites are mostly here).
_AREAS = ("Europe", "America", "Asia", "Australia", "Pacific", "Africa", "Atlantic", "Indian")


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


def sitemap_categories(response: Response, site_url: str) -> Categories | None:
    if response.status != 200:
        return None
    # An index, a page that is no sitemap: no entries.
    links = [entry.url for entry in read_sitemap(response)[1]]
    return categories_from_urls(links, site_url) if links else None


def page_categories(response: TextResponse, site_url: str) -> Categories | None:
    """Category links that WordPress marks as such (``rel="category tag"``, ``rel="category"``)."""
    hrefs = response.xpath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]/@href").getall()
    links = [join(response.url, href.strip()) for href in hrefs]
    return categories_from_urls([u for u in links if u], site_url) if links else None


# What WordPress itself prints on a page of any theme: its REST API's link, its generator tag, its
# asset folders, its block editor's classes. A home page with none of it is no WordPress page (or hides it well).
WORDPRESS_MARKUP = (
    "//link[@rel='https://api.w.org/']",
    "//meta[@name='generator'][starts-with(@content, 'WordPress')]",
    "//*[contains(@href, '/wp-content/') or contains(@src, '/wp-content/')]",
    "//*[contains(@href, '/wp-includes/') or contains(@src, '/wp-includes/')]",
    "//*[contains(@class, 'wp-block-') or contains(@class, 'wp-site-blocks')]",
)


def has_wordpress_markup(response: TextResponse) -> bool:
    """Whether a page carries any of :data:`WORDPRESS_MARKUP`.

    >>> from scrapy.http import HtmlResponse
    >>> page = lambda html: HtmlResponse("https://x.test/", body=html, encoding="utf-8")
    >>> has_wordpress_markup(page('<link rel="stylesheet" href="/wp-content/themes/t/style.css">'))
    True
    >>> has_wordpress_markup(page("<h1>Welcome</h1><a href='/about.html'>About</a>"))
    False
    """
    return any(response.xpath(query) for query in WORDPRESS_MARKUP)


# -- the detection itself, as plain state: the spider turns each ask into a request ----------

FALLBACK_TIMEZONE = "UTC"
# The callbacks a detection ask is answered by (names of the spider's methods).
INDEX, CATEGORIES, HOME = "parse_site_index", "parse_detected_categories", "parse_home_facts"


@dataclass(frozen=True)
class DetectionAsk:
    """A page that may tell what is still unknown, and the spider method that reads it."""

    url: str
    callback: str
    # Passed to the callback: which REST root (INDEX) or which source (CATEGORIES) it is.
    cb_kwargs: dict[str, str]


class SiteDetection:
    """What the profile and settings leave out, found from the site: its time zone, its category
    base and categories, where its REST API answers.

    Asked in order, each only while something is unknown: the REST index (time zone, and where
    the API lives), the REST categories, the category sitemap, the home page (its category
    links and dated times). :meth:`next_ask` says what to fetch next; ``None`` means done.
    """

    # Also class attributes: a paused run's facts (JOBDIR, spiders.site.WALK_STATE) pickled by a
    # release before them unpickle without them, and read as "nothing said of WordPress".
    wordpress_seen = False
    home_lacks: str | None = None
    sitemap_asked = False

    def __init__(
        self,
        base_url: str,
        timezone_name: str | None,
        timezone_source: str,
        category_base: str | None,
        api_root: str,
        index_roots: list[str],
        profile_facts: Mapping[str, str | None] = {},
    ) -> None:
        self.base_url = base_url
        self.found: dict[str, tuple[str, str]] = {}
        self.timezone: tzinfo = ZoneInfo(timezone_name or FALLBACK_TIMEZONE)
        self.timezone_known = timezone_name is not None
        # What a REST index that answered gave for a zone none of which is usable (None: no such index).
        self.index_without_zone: str | None = None
        if timezone_name:
            self.found["timezone"] = (timezone_name, timezone_source)
        self.category_base = category_base
        for name, value in profile_facts.items():
            if value is not None:
                # Logged with the findings; only category_base is used (links are followed as printed).
                self.found[name] = (value, "site profile")
        self.api_root = api_root
        self.index_roots = list(index_roots)
        # Why each REST index asked showed no API there (HTML, 401/403/429, no route), in order.
        self.index_refusals: list[str] = []
        self.category_sources = ["rest", "sitemap"]
        self.home_read = False
        # Whether anything WordPress prints was seen (a REST index, categories, the home page's
        # markup), and what the home page showed when it showed none ("HTTP 404", "without WordPress markup").
        self.wordpress_seen = False
        self.home_lacks: str | None = None
        self.sitemap_asked = False
        # Category listings the site lists (REST, sitemap), walked with those of its menu.
        self.site_categories: tuple[str, ...] = ()
        # Set by the spider when the time zone is a fixed offset read from the pages.
        self.fixed_offset_warning: str | None = None

    @property
    def undetected(self) -> list[str]:
        return [
            name
            for name, known in (("timezone", self.timezone_known), ("category_base", self.category_base is not None))
            if not known
        ]

    @property
    def rest_found(self) -> bool:
        return "rest_root" in self.found

    def next_ask(self, rest_usable: bool, index_url: Any, categories_url: Any) -> DetectionAsk | None:
        """The next page to fetch, or None when nothing more is worth asking.

        ``index_url(root)`` and ``categories_url(root)`` build the REST addresses (they live in
        :mod:`defense_news.rest.routes`: this module names no route)."""
        if not self.undetected:
            return None
        if self.index_roots and rest_usable:
            root = self.index_roots.pop(0)
            return DetectionAsk(index_url(root), INDEX, {"root": root})
        while self.category_base is None and self.category_sources:
            source = self.category_sources.pop(0)
            if source == "rest" and rest_usable and self.rest_found:
                return DetectionAsk(categories_url(self.api_root), CATEGORIES, {"source": "the REST categories"})
            if source == "sitemap":
                self.sitemap_asked = True
                url = urljoin(self.base_url, CATEGORY_SITEMAP)
                return DetectionAsk(url, CATEGORIES, {"source": "the category sitemap"})
        if not self.home_read:
            self.home_read = True
            return DetectionAsk(self.base_url, HOME, {})
        return None

    def on_index(self, root: str, zone: tzinfo | None, url: str, named: str = "") -> str | None:
        """A REST index answered at ``root``: the API lives there. Returns the old root if it moved.
        ``named``: what the index gave for a zone, said when ``zone`` is None (none usable)."""
        self.index_roots = []
        self.wordpress_seen = True
        moved = self.api_root if root != self.api_root else None
        self.api_root = root
        self.found["rest_root"] = (root, "REST index")
        if not self.timezone_known and zone is not None:
            self.set_timezone(zone, f"the REST index ({url})")
        elif zone is None:
            self.index_without_zone = named
        return moved

    def on_index_refused(self, url: str, reason: str) -> None:
        self.index_refusals.append(f"{reason} at {url}")

    @property
    def no_api(self) -> str | None:
        """Why the site has no usable REST API, once every index root asked was refused and none
        answered (the first root's reason: the one enrichment would meet); else None."""
        if self.rest_found or self.index_roots or not self.index_refusals:
            return None
        return self.index_refusals[0]

    def on_home_unread(self, reason: str) -> None:
        """The home page did not answer with HTML (``reason``: "HTTP 404", "not HTML")."""
        self.home_lacks = reason

    @property
    def no_wordpress(self) -> str | None:
        """What the site showed instead of WordPress, once the home page was read and nothing of
        WordPress was seen (no REST index, no categories, no markup); else None."""
        if self.wordpress_seen or self.home_lacks is None:
            return None
        signs = [f"home page {self.home_lacks}"]
        if self.index_refusals:
            signs.append("no REST API")
        if self.sitemap_asked:
            signs.append("no category sitemap")
        return ", ".join(signs)

    def on_home(self, response: TextResponse) -> None:
        """The home page: the offsets of its dated times, its category links, WordPress's markup."""
        if has_wordpress_markup(response):
            self.wordpress_seen = True
        else:
            self.home_lacks = "without WordPress markup"
        if not self.timezone_known:
            times = page_times(response)
            zone = offsets_timezone(times)
            if zone is not None:
                self.set_timezone(zone, f"the offsets of {len(times)} dated times on {response.url}")
            if isinstance(zone, timezone):
                self.fixed_offset_warning = zone_name(zone)
        if self.category_base is None:
            found = page_categories(response, self.base_url)
            if found is not None:
                self.take_categories(found, f"the category links on {response.url}")

    def set_timezone(self, zone: tzinfo, source: str) -> None:
        self.timezone = zone
        self.timezone_known = True
        self.found["timezone"] = (zone_name(zone), source)

    def take_categories(self, found: Categories, source: str) -> None:
        self.wordpress_seen = True
        if found.plain:
            # ?cat=ID listings: no base to build category URLs from; the links themselves are walked.
            self.category_base = DEFAULT_CATEGORY_BASE
            self.found["permalinks"] = ("plain", source)
        elif found.base is None:
            return
        else:
            self.category_base = found.base
            self.found["category_base"] = (found.base or "(none)", source)
        self.site_categories = found.urls
        self.found["categories"] = (str(len(found.urls)), source)

    def settle(self) -> list[str]:
        """Defaults for what is still unknown; the warnings that say so."""
        warnings = []
        if not self.timezone_known:
            self.found["timezone"] = (FALLBACK_TIMEZONE, "default")
            index = "no REST index"
            if self.index_without_zone is not None:
                index = f"the REST index names no usable zone ({self.index_without_zone or 'none'})"
            warnings.append(
                f"No time zone found for {self.base_url} ({index}, no offsets in the pages' dates): local "
                f"times are read as {FALLBACK_TIMEZONE}. Set `timezone` in its site profile or DEFENSE_NEWS_TIMEZONE."
            )
        if self.category_base is None:
            self.category_base = DEFAULT_CATEGORY_BASE
            self.found["category_base"] = (DEFAULT_CATEGORY_BASE, "default")
            warnings.append(
                f"No category base found for {self.base_url}: using WordPress's default /{DEFAULT_CATEGORY_BASE}/"
            )
        return warnings


def zone_name(zone: tzinfo) -> str:
    """An IANA name (``Europe/Berlin``) or a fixed offset's (``UTC+05:30``)."""
    return getattr(zone, "key", None) or zone.tzname(None) or str(zone)
