"""The generic WordPress spider: ``scrapy crawl wordpress -a site=<profile name or URL>``.

Crawling only: which pages, which links, which callbacks, in this order:

- start: threads an earlier run left incomplete, then the articles' discovery
  (``discovery=categories`` walks the category listings from the menu or home
  page; ``sitemap``, ``feed`` and ``api`` read WordPress's sitemaps, RSS feeds or
  REST post lists);
- listings → articles (plus newly seen categories) → comment pages;
- REST enrichment: each article waits for its ``/wp-json/wp/v2/posts/N`` answer
  (exact UTC dates, post ID, terms) and, when the page hides comments, fetches
  them from REST. Any REST trouble (401/403/429, HTML instead of JSON, no
  route) is noticed once, logged once, and the crawl carries on with HTML only.

What a site is (address, time zone, category base, ...) comes from its profile
(:mod:`defense_news.sites`); extraction lives in :mod:`defense_news.pages`;
settings are read once into :class:`defense_news.config.Config`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime, timezone, tzinfo
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import HtmlResponse, Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from .. import signals as dn_signals
from ..arguments import (
    ARGUMENT_NAMES,
    ArgumentError,
    CrawlArguments,
    MissingArgumentError,
    check_argument_names,
    parse_spider_arguments,
)
from ..config import Config
from ..dates import to_iso, utc_now
from ..detection import (
    CATEGORY_SITEMAP,
    DEFAULT_CATEGORY_BASE,
    INDEX_FIELDS,
    Categories,
    index_timezone,
    offsets_timezone,
    page_categories,
    page_times,
    read_site_index,
    rest_categories,
    sitemap_categories,
)
from ..items import Article, Comment
from ..pages import ArticlePage, ListingPage, menu_category_urls, page_category_urls, rest
from ..pages.article import DateHint, with_date_hint
from ..pages.feed import feed_entries
from ..pages.rest import PostFacts, facts_by_url, listing_post_ids, read_answer, rest_url
from ..pages.sitemap import default_sitemaps, read_sitemap, robots_sitemaps, unchanged
from ..processors import clean_name
from ..restcrawl import Ask, RestCrawl, Step, batch_url
from ..sites import SiteProfile, resolve_site, site_root, url_site_id
from ..storage import KnownArticles, SiteState
from ..urls import category_slug, comment_page_number, comment_page_url, origin, same_host

logger = logging.getLogger(__name__)

STATS = "defense_news"
# Finish what a listing page found before fetching the next listing page: the
# scheduler then holds about one listing page of requests per category instead
# of the whole site's frontier, so memory stays flat with site size.
ARTICLE_PRIORITY = 1
COMMENT_PAGE_PRIORITY = 2
# Finish reason of a source=rest run whose API refused (exit status 1, docs/exit-codes.md).
REST_REFUSED = "rest_refused"
# REST requests: the callback judges error statuses itself (redirects are still
# followed); a blocked or rate-limited API is not retried.
REST_META = {"handle_httpstatus_list": [400, 401, 403, 404, 405, 410, 429, 500, 502, 503, 504], "dont_retry": True}
SITEMAP_META = {"handle_httpstatus_list": [404, 410]}
# Finish reason of a source=rest run that did not read the whole API (exit status 1).
REST_INCOMPLETE = "rest_incomplete"
# Used when neither the settings, the profile nor the site name a time zone.
FALLBACK_TIMEZONE = "UTC"


class WordPressSpider(Spider):
    name = "wordpress"
    # The profile crawled when -a site= is not given (subclasses name theirs).
    default_site: str | None = None

    config: Config
    profile: SiteProfile
    timezone: tzinfo
    default_categories: list[str]
    render_mode: str
    rest_enabled: bool
    api_root: str
    rest_blocked: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name in list(kwargs) if name in ARGUMENT_NAMES}
        # Bad or unknown arguments stop the crawl before any request is made.
        check_argument_names(name for name in kwargs if name != "name")
        self.args: CrawlArguments = parse_spider_arguments(values)
        super().__init__(*args, **kwargs)
        self.site_argument = self.site_of(self.args)
        # How stored rows name the site: the profile name, or the host of a bare address.
        site = self.site_argument
        self.site_id = url_site_id(site_root(site)) if "://" in site else site
        # What the database knows of the site: replaced by defense_news.storage.RunState
        # before start() when the run has a database; empty otherwise.
        self.site_state = SiteState(self.site_id)
        self.missing_categories: list[str] = []
        self.categories_seen: set[str] = set()
        # Comment pages already covered by the page that showed them (the bare permalink).
        self._covered_comment_pages: set[str] = set()
        # source=rest on a site whose REST API names no users: author id → the byline its
        # article pages print, and the articles waiting for it (see byline_request).
        self._author_names: dict[int, list[str]] = {}
        self._byline_waiting: dict[int, list[Article]] = {}
        # Articles whose thread lost a comment page this run (each reported once).
        self.incomplete_threads: set[str] = set()
        # Whether categories named on articles get their listings walked.
        self.category_walk = self.args.discovery == "categories"
        # Stored articles an incremental walk skips; set in category_start(). Empty: everything is new.
        self.known = KnownArticles()

    @classmethod
    def site_of(cls, args: CrawlArguments) -> str:
        """The profile name or address to crawl: ``-a site=``, the spider's own, or ``-a base_url=``."""
        site = args.site or cls.default_site or args.base_url
        if site is None:
            raise MissingArgumentError(
                "site", f"a profile name or an address, e.g. scrapy crawl {cls.name} -a site=https://example.com/"
            )
        return site

    @classmethod
    def check_arguments(cls, values: Mapping[str, Any], settings: BaseSettings) -> None:
        """Raise what a run with these ``-a`` values and settings would fail on, before it starts.

        Used by the project's ``crawl`` command: an :class:`~defense_news.arguments.ArgumentError`,
        :class:`~defense_news.config.SettingError` or :class:`~defense_news.sites.ProfileError`
        becomes one line and exit status 2.
        """
        args = parse_spider_arguments(values)
        config = Config.from_settings(settings)
        resolve_site(cls.site_of(args), config.sites_file)
        check_source(args, config)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WordPressSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler.settings)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        # Wired by the add-on (defense_news.addons), which Scrapy runs after building the spider.
        spider.render_mode = spider.args.render or spider.config.render
        return spider

    def configure(self, settings: BaseSettings) -> None:
        """The site's profile and the settings, read once."""
        self.config = config = Config.from_settings(settings)
        profile = resolve_site(self.site_argument, config.sites_file)
        if self.args.base_url is not None:
            profile = profile.with_url(self.args.base_url)
        self.profile = profile
        if "://" in self.site_argument and profile.site_id != self.site_id:
            # An address that is a profile's: rows go under the profile's name.
            self.site_id = profile.site_id
            self.site_state = SiteState(self.site_id)
        self.base_url = profile.url
        self.host = urlsplit(self.base_url).hostname or ""
        self.allowed_domains = [self.host]
        self.origin = origin(self.base_url)
        # What the settings or the profile say; the rest is detected from the site in start().
        self.found: dict[str, tuple[str, str]] = {}
        zone = config.timezone or profile.timezone
        self.timezone = ZoneInfo(zone or FALLBACK_TIMEZONE)
        self.timezone_known = zone is not None
        if zone:
            self.found["timezone"] = (zone, "setting DEFENSE_NEWS_TIMEZONE" if config.timezone else "site profile")
        self.category_base: str | None = profile.category_base
        for name in ("category_base", "permalinks", "comment_order", "theme"):
            value = getattr(profile, name)
            if value is not None:
                # Logged with the findings; only category_base is used (links are followed as printed).
                self.found[name] = (value, "site profile")
        # Category listings the site lists (REST, sitemap), walked with those of its menu.
        self.site_categories: tuple[str, ...] = ()
        self.default_categories = list(
            config.default_categories if config.default_categories is not None else profile.categories
        )
        self.rest_enabled = self.args.rest if self.args.rest is not None else config.rest
        # Where records come from (docs/sources.md); check_source() refused impossible combinations.
        check_source(self.args, config)
        self.source = self.args.source or config.source
        # Listing entries whose REST batch was asked already (source=html enrichment).
        self._batched: set[str] = set()
        self.rest_crawl: RestCrawl | None = None
        self._rest_judged = False
        self.api_root = config.rest_root or profile.rest_root or urljoin(self.base_url, "wp-json/")
        # REST index locations to ask (pretty permalinks first; /?rest_route=/ works everywhere).
        self._index_roots = (
            [self.api_root]
            if config.rest_root or profile.rest_root
            else [self.api_root, urljoin(self.base_url, "?rest_route=/")]
        )
        self._category_sources: list[str] = ["rest", "sitemap"]
        self._home_read = False
        # WordPress refuses per_page above 100.
        self.rest_per_page = min(100, config.rest_per_page)

    def on_site(self, url: str) -> bool:
        """Same scheme family, host and port as base_url (see defense_news.downloadermiddlewares.SiteBoundaryMiddleware)."""
        return origin(url) == self.origin

    @property
    def now(self) -> datetime:
        return utc_now()

    def _day(self, moment: date | datetime) -> date:
        return moment.astimezone(self.timezone).date() if isinstance(moment, datetime) else moment

    # -- start ---------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        self.record_configuration()
        # The REST API needs no detection (its dates are UTC, its terms named): straight to it.
        requests = self.rest_start() if self.reads_rest() else self.detect()
        for request in requests:
            yield request

    def begin(self) -> Iterator[Request]:
        """The crawl proper, once the site's facts are settled."""
        if self.crawler.stats.get_value(f"{STATS}/source") != "rest":
            self.crawler.stats.set_value(f"{STATS}/source", "html")
        # Threads an earlier run left incomplete are fetched again first.
        for url in self.site_state.incomplete_threads:
            if self.on_site(url):
                self.crawler.stats.inc_value(f"{STATS}/incomplete_threads_resumed")
                yield self.article_request(url)
        yield from self.category_start() if self.args.discovery == "categories" else self.discovery_requests()

    def record_configuration(self) -> None:
        # Not in configure(): under `scrapy crawl` the spider is built before crawler.stats exists.
        stats = self.crawler.stats
        stats.set_value(f"{STATS}/site", self.site_id)
        stats.set_value(f"{STATS}/discovery", self.args.discovery)
        stats.set_value(f"{STATS}/rest/enabled", self.rest_enabled)
        stats.set_value(f"{STATS}/source/mode", self.source)
        logger.info("Crawling site %s at %s (discovery %s)", self.site_id, self.base_url, self.args.discovery)

    def category_url(self, slug: str) -> str:
        return urljoin(self.base_url, f"{self.category_base or DEFAULT_CATEGORY_BASE}/{slug}/")

    # -- detection: what the profile leaves out, from the site itself --------------

    @property
    def undetected(self) -> list[str]:
        return [
            name
            for name, known in (("timezone", self.timezone_known), ("category_base", self.category_base is not None))
            if not known
        ]

    def detect(self) -> Iterator[Request]:
        """The next request that may tell what is still unknown; else the crawl's start.

        Asked in order, each only while something is unknown: the REST index (time
        zone, and where the API lives), the REST categories, the category sitemap,
        the home page (its category links and dated times). Every callback comes back here.
        """
        if not self.undetected:
            self.detection_done()
            yield from self.begin()
            return
        if self._index_roots and self.rest_enabled:
            root = self._index_roots.pop(0)
            yield self.detection_request(
                rest_url(root, "", {"_fields": INDEX_FIELDS}), self.parse_site_index, root=root
            )
            return
        while self.category_base is None and self._category_sources:
            source = self._category_sources.pop(0)
            if source == "rest" and self.rest_usable and self.found.get("rest_root"):
                url = rest_url(
                    self.api_root, "wp/v2/categories", {"per_page": 100, "_fields": "id,name,slug,link,count"}
                )
                yield self.detection_request(url, self.parse_detected_categories, source="the REST categories")
                return
            if source == "sitemap":
                url = urljoin(self.base_url, CATEGORY_SITEMAP)
                yield self.detection_request(url, self.parse_detected_categories, source="the category sitemap")
                return
        if not self._home_read:
            self._home_read = True
            yield self.detection_request(self.base_url, self.parse_home_facts)
            return
        self.detection_done()
        yield from self.begin()

    def detection_request(self, url: str, callback: Any, **cb_kwargs: Any) -> Request:
        # dont_filter: the crawl may fetch the same page (the home page) again for its own purpose.
        return Request(
            url,
            callback=callback,
            errback=self.detection_failed,
            cb_kwargs=cb_kwargs,
            meta=dict(REST_META),
            dont_filter=True,
        )

    def detection_failed(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        logger.info("Site detection: %s failed (%s)", request.url, failure.getErrorMessage())
        yield from self.detect()

    def parse_site_index(self, response: Response, root: str) -> Iterator[Request]:
        index = read_site_index(response)
        if index is None:
            logger.info("No REST index at %s (%s)", response.url, response.status)
            yield from self.detect()
            return
        self._index_roots = []
        if root != self.api_root:
            logger.info("The REST API answers at %s, not at %s", root, self.api_root)
            self.api_root = root
        self.found["rest_root"] = (root, "REST index")
        zone = index_timezone(index)
        if not self.timezone_known and zone is not None:
            self.set_timezone(zone, f"the REST index ({response.url})")
        yield from self.detect()

    def parse_detected_categories(self, response: Response, source: str) -> Iterator[Request]:
        found = (rest_categories if "REST" in source else sitemap_categories)(response, self.base_url)
        if found is None:
            logger.info("No categories in %s (%s)", response.url, response.status)
        else:
            self.take_categories(found, f"{source} ({response.url})")
        yield from self.detect()

    def parse_home_facts(self, response: Response) -> Iterator[Request]:
        if isinstance(response, HtmlResponse) and response.status == 200:
            if not self.timezone_known:
                times = page_times(response)
                zone = offsets_timezone(times)
                if zone is not None:
                    self.set_timezone(zone, f"the offsets of {len(times)} dated times on {response.url}")
                if isinstance(zone, timezone):
                    self.crawler.stats.set_value(f"{STATS}/site/timezone_fixed_offset", True)
                    logger.warning(
                        "Every dated time on %s has the offset %s: taken as the site's fixed offset. If the "
                        "site changes its clocks, local times of the other season are an hour off; set "
                        "`timezone` in its site profile.",
                        response.url,
                        zone_name(zone),
                    )
            if self.category_base is None:
                found = page_categories(response, self.base_url)
                if found is not None:
                    self.take_categories(found, f"the category links on {response.url}")
        yield from self.detect()

    def set_timezone(self, zone: tzinfo, source: str) -> None:
        self.timezone = zone
        self.timezone_known = True
        self.found["timezone"] = (zone_name(zone), source)

    def take_categories(self, found: Categories, source: str) -> None:
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

    def detection_done(self) -> None:
        """Log what is known of the site and from where; say which defaults stand in for the rest."""
        stats = self.crawler.stats
        if not self.timezone_known:
            self.found["timezone"] = (FALLBACK_TIMEZONE, "default")
            logger.warning(
                "No time zone found for %s (no REST index, no offsets in the pages' dates): local times "
                "are read as %s. Set `timezone` in its site profile or DEFENSE_NEWS_TIMEZONE.",
                self.base_url,
                FALLBACK_TIMEZONE,
            )
        if self.category_base is None:
            self.category_base = DEFAULT_CATEGORY_BASE
            self.found["category_base"] = (DEFAULT_CATEGORY_BASE, "default")
            logger.warning(
                "No category base found for %s: using WordPress's default /%s/",
                self.base_url,
                DEFAULT_CATEGORY_BASE,
            )
        for name, (value, source) in self.found.items():
            stats.set_value(f"{STATS}/site/{name}", value)
            stats.set_value(f"{STATS}/site/{name}_source", source)
            if source == "default":
                stats.inc_value(f"{STATS}/site/defaults")
            else:
                logger.info("Site %s: %s %s, from %s", self.site_id, name.replace("_", " "), value, source)

    def category_start(self) -> Iterator[Request]:
        self.category_walk = True
        self.known = self.known_articles()
        if self.args.categories:
            for slug in self.args.categories:
                yield self.category_request(self.category_url(slug))
        else:
            # Categories come from the site's menu, with the profile's list as a fallback.
            yield Request(self.base_url, callback=self.parse_home, errback=self.home_failed)

    def known_articles(self) -> KnownArticles:
        """Stored articles, for an incremental run (nothing with ``full=1`` or without a database)."""
        return KnownArticles() if self.args.full else self.site_state.known

    def listing_request(self, url: str, page: int = 1) -> Request:
        return Request(
            url,
            callback=self.parse_listing,
            errback=self.listing_failed,
            cb_kwargs={"page": page},
            meta={"category": category_slug(url, self.category_base or DEFAULT_CATEGORY_BASE)},
        )

    def _fallback_categories(self) -> Iterator[Request]:
        if self.site_categories:
            logger.info("Using the %d categories the site lists", len(self.site_categories))
            for url in self.site_categories:
                yield self.category_request(url)
            return
        if not self.default_categories:
            logger.error("No categories to walk: the home page named none and the site profile lists none")
            return
        logger.info("Using the site profile's categories: %s", ", ".join(self.default_categories))
        for slug in self.default_categories:
            yield self.category_request(self.category_url(slug))

    def parse_home(self, response: Response) -> Iterator[Request]:
        """Categories from the menu, else from links on the home page.

        A site whose home page links no category (block themes) is walked from
        its home listing instead; the categories named on its article pages are
        then crawled as they are found.
        """
        if not isinstance(response, HtmlResponse):
            yield from self._fallback_categories()
            return
        base = self.category_base or DEFAULT_CATEGORY_BASE
        urls = menu_category_urls(response, base)
        urls += [url for url in self.site_categories if url not in urls]
        urls = urls or page_category_urls(response, base)
        if urls:
            logger.info("Crawling %d categories linked from %s", len(urls), response.url)
            for url in urls:
                yield self.category_request(url)
            return
        logger.info("No category links on %s: walking its listing and the categories of its articles", response.url)
        yield from self.parse_listing(response)

    def category_request(self, url: str) -> Request:
        if url not in self.categories_seen:
            self.categories_seen.add(url)
            self.crawler.stats.set_value(f"{STATS}/categories_discovered", len(self.categories_seen))
        return self.listing_request(url)

    def home_failed(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        logger.error("Home page %s failed (%s)", request.url, failure.getErrorMessage())
        yield from self._fallback_categories()

    # -- listings ------------------------------------------------------------

    def parse_listing(self, response: Response, page: int | None = None) -> Iterator[Request]:
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value(f"{STATS}/skipped/not_html")
            return
        listing = ListingPage(response, self.timezone, self.now)
        page = page or listing.page_number
        entries = listing.entries()
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/listing_pages")
        if not entries:
            stats.inc_value(f"{STATS}/listing_empty")
            logger.warning("No article links on listing %s", response.url)
        older_than_since = False
        wanted: list[str] = []
        for entry in entries:
            if not self.on_site(entry.url):
                stats.inc_value(f"{STATS}/offsite_links_ignored")
                continue
            if self.args.since and entry.date is not None and self._day(entry.date) < self.args.since:
                older_than_since = older_than_since or not entry.featured
                continue
            if not self.known.wants(response.urljoin(entry.url)):
                stats.inc_value(f"{STATS}/incremental/known_skipped")
                continue
            wanted.append(entry.url)
        yield from self.article_requests(response, wanted)
        own = [e for e in entries if not e.featured]
        if self.known.all_known(response.urljoin(e.url) for e in own):
            stats.inc_value(f"{STATS}/incremental/listings_stopped")
            logger.info("Stopping at %s: every article on it is already stored", response.url)
            return
        if self.args.since and own and own[-1].date is not None and self._day(own[-1].date) < self.args.since:
            logger.info("Stopping %s: listings older than since=%s", response.url, self.args.since)
            return
        if older_than_since:
            return
        if self.args.max_pages is not None and page >= self.args.max_pages:
            return
        next_url = listing.next_page_url()
        if next_url and self.on_site(next_url):
            yield self.listing_request(next_url, page + 1)

    def listing_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        slug = request.meta.get("category") or request.url
        status = failure.value.response.status if failure.check(HttpError) else None
        self.crawler.stats.inc_value(f"{STATS}/listing_failed")
        if status in (404, 410) and request.cb_kwargs.get("page", 1) == 1:
            self.missing_categories.append(slug)
            self.crawler.stats.set_value(f"{STATS}/missing_categories", list(self.missing_categories))
            logger.error("Category %r does not exist on the site: %s answered %s", slug, request.url, status)
        else:
            logger.error("Listing %s failed: %s", request.url, failure.getErrorMessage())

    # -- articles and comments -------------------------------------------------

    def article_request(self, url: str) -> Request:
        return Request(url, callback=self.parse_article, errback=self.article_failed, priority=ARTICLE_PRIORITY)

    def article_failed(self, failure: Failure) -> None:
        """An article that could not be fetched: named in the log and counted, nothing stored."""
        reason = failure_reason(failure)
        self.crawler.stats.inc_value(f"{STATS}/failed/article")
        logger.error("Article not stored, %s failed: %s", failure.request.url, reason)  # type: ignore[attr-defined]

    def comment_page_failed(self, failure: Failure) -> None:
        """A comment page lost: the article's thread is incomplete, recorded for the next run."""
        request: Request = failure.request  # type: ignore[attr-defined]
        article_url = request.cb_kwargs.get("article_url") or request.url
        self.thread_incomplete(request.url, failure_reason(failure), article_url, request.cb_kwargs.get("post_id"))

    def thread_incomplete(self, failed_url: str, reason: str, article_url: str, post_id: int | None) -> None:
        """Comments of a thread lost (an HTML or REST page): named, counted, recorded for the next run."""
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/failed/comment_page")
        logger.error("Comment page %s failed: %s; thread of %s marked incomplete", failed_url, reason, article_url)
        if article_url not in self.incomplete_threads:
            self.incomplete_threads.add(article_url)
            stats.inc_value(f"{STATS}/incomplete_threads")
        self.crawler.signals.send_catch_log(
            dn_signals.thread_incomplete,
            article_url=article_url,
            post_id=post_id,
            failed_url=failed_url,
            reason=reason,
        )

    def article_page(self, response: Response) -> ArticlePage | None:
        """The article (or comment) page behind ``response``; None, counted and logged, when it is not HTML."""
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value(f"{STATS}/skipped/not_html")
            logger.warning("Skipping non-HTML response %s", response.url)
            return None
        return ArticlePage(response, self.timezone, self.now, self.category_base or DEFAULT_CATEGORY_BASE)

    def parse_article(
        self, response: Response, rest_facts: PostFacts | None = None, batched: bool = False
    ) -> Iterator[Article | Comment | Request]:
        page = self.article_page(response)
        if page is None:
            return
        if page.is_not_found():
            # A "soft 404": the site's not-found page answered 200 (a cache, a plugin, a moved post).
            self.crawler.stats.inc_value(f"{STATS}/soft_404")
            self.crawler.stats.inc_value(f"{STATS}/failed/article")
            logger.error(
                "Article not stored, %s failed: soft 404 (HTTP 200 with the site's not-found page)", response.url
            )
            return
        if not page.is_article():
            self.crawler.stats.inc_value(f"{STATS}/skipped/not_article")
            logger.info("Not an article page, skipped: %s", response.url)
            return
        if page.is_unpublished():
            self.crawler.stats.inc_value(f"{STATS}/skipped/unpublished")
            logger.warning("Unpublished (draft/private) post reachable by URL, nothing stored: %s", response.url)
            return
        if page.is_protected():
            self.crawler.stats.inc_value(f"{STATS}/skipped/password_protected")
            logger.info("Password-protected post, nothing stored: %s", response.url)
            return
        article = with_date_hint(page.article(), response.meta.get("date_hint"), self.timezone)
        if page.date_disagreements:
            self.crawler.stats.inc_value(f"{STATS}/dates/page_sources_disagree")
        system = page.comment_system()
        if system is not None:
            self.crawler.stats.inc_value(f"{STATS}/comments/third_party/{system}")
            logger.warning("Comments are served by %s: not collected (%s)", system, response.url)
        shown = {c.comment_id for c in page.comments() if c.comment_id is not None}
        paged = bool(page.comment_page_urls())
        # The article itself waits for its other pages and the REST answer (if any); comments go out now.
        rest_args = (shown, paged, post_slug(page.permalink), rest_facts, batched)
        more = [url for url in page.body_page_urls() if self.on_site(url)]
        if more:
            self.crawler.stats.inc_value(f"{STATS}/articles_in_pages")
            yield self.body_page_request(more, article, rest_args)
        else:
            yield from self.article_with_rest(article, *rest_args)
        yield from self._comments_and_pages(page)
        if self.args.categories is None and self.category_walk:
            # Categories missing from the menu still get their listings walked.
            for url in page.category_urls():
                if url not in self.categories_seen and self.on_site(url):
                    yield self.category_request(url)

    def body_page_request(self, urls: list[str], article: Article, rest_args: tuple[Any, ...]) -> Request:
        """Page 2, 3... of a post split by <!--nextpage-->: the article waits for its whole text."""
        return Request(
            urls[0],
            callback=self.parse_body_page,
            errback=self.body_page_failed,
            cb_kwargs={"urls": urls[1:], "article": article, "rest_args": rest_args},
            priority=COMMENT_PAGE_PRIORITY,
        )

    def parse_body_page(
        self, response: Response, urls: list[str], article: Article, rest_args: tuple[Any, ...]
    ) -> Iterator[Article | Request]:
        text = (
            ArticlePage(response, self.timezone, self.now).body_text() if isinstance(response, HtmlResponse) else None
        )
        if text:
            body = "\n\n".join(part for part in (article.body_text, text) if part)
            article = replace(article, body_text=body, word_count=len(body.split()))
        else:
            self.crawler.stats.inc_value(f"{STATS}/body_pages_empty")
            logger.warning("No text on page %s of article %s", response.url, article.url)
        if urls:
            yield self.body_page_request(urls, article, rest_args)
        else:
            yield from self.article_with_rest(article, *rest_args)

    def body_page_failed(self, failure: Failure) -> Iterator[Article | Request]:
        """A lost page of a split post: the article is stored with the text read so far and
        marked, as an incomplete thread is, so the next run reads it again."""
        request: Request = failure.request  # type: ignore[attr-defined]
        article: Article = request.cb_kwargs["article"]
        reason = failure_reason(failure)
        self.crawler.stats.inc_value(f"{STATS}/failed/body_page")
        logger.error("Page %s of article %s failed: %s; its text is incomplete", request.url, article.url, reason)
        self.crawler.signals.send_catch_log(
            dn_signals.thread_incomplete,
            article_url=article.url,
            post_id=article.post_id,
            failed_url=request.url,
            reason=reason,
        )
        yield from self.article_with_rest(article, *request.cb_kwargs["rest_args"])

    def parse_comment_page(
        self, response: Response, post_id: int | None = None, article_url: str | None = None
    ) -> Iterator[Comment | Request]:
        page = self.article_page(response)
        if page is None:
            return
        if page.is_not_found():
            self.crawler.stats.inc_value(f"{STATS}/soft_404")
            reason = "soft 404 (HTTP 200 with the site's not-found page)"
            self.thread_incomplete(response.url, reason, article_url or response.url, post_id)
            return
        self.crawler.stats.inc_value(f"{STATS}/comment_pages")
        yield from self._comments_and_pages(page, post_id=post_id, article_url=article_url)

    def _comments_and_pages(
        self, page: ArticlePage, post_id: int | None = None, article_url: str | None = None
    ) -> Iterator[Comment | Request]:
        post_id = post_id or page.post_id
        article_url = article_url or page.permalink
        yield from page.thread.comments(post_id=post_id, article_url=article_url)
        if page.thread.ambiguous_times:
            self.crawler.stats.inc_value(f"{STATS}/comments/ambiguous_time", page.thread.ambiguous_times)
        response = page.response
        if comment_page_number(response.url) is None:
            # The bare permalink already showed one comment page: do not fetch it twice.
            shown = page.comment_page_number()
            if shown is not None:
                self._covered_comment_pages.add(comment_page_url(article_url, shown))
        for url in page.comment_page_urls():
            if url in self._covered_comment_pages:
                continue
            yield response.follow(
                url,
                callback=self.parse_comment_page,
                errback=self.comment_page_failed,
                cb_kwargs={"post_id": post_id, "article_url": article_url},
                priority=COMMENT_PAGE_PRIORITY,
            )

    # -- REST enrichment ---------------------------------------------------------

    @property
    def rest_usable(self) -> bool:
        return self.rest_enabled and self.rest_blocked is None

    def rest_request(self, url: str, callback: Any, **cb_kwargs: Any) -> Request:
        return Request(url, callback=callback, errback=self.rest_failed, cb_kwargs=cb_kwargs, meta=dict(REST_META))

    def note_blocked(self, url: str, reason: str) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/rest/blocked_responses")
        if self.rest_blocked is None:
            self.rest_blocked = reason
            stats.set_value(f"{STATS}/rest/blocked", reason)
            if self.source != "rest":  # source=rest stops instead (rest_refused)
                logger.warning("REST API not usable (%s at %s): carrying on with HTML only", reason, url)

    def rest_failed(self, failure: Failure) -> Iterator[Any]:
        """Network-level failure of a REST request: same as a blocked API."""
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        self.note_blocked(request.url, failure.getErrorMessage())
        article = request.cb_kwargs.get("article")
        if article is not None:
            yield article
        elif request.callback == self.parse_rest_posts:
            yield from self._api_fallback()
        elif request.callback == self.parse_rest_batch:
            yield from self._batch_articles(request.cb_kwargs["urls"], {})
        elif request.callback == self.parse_rest_comments:
            kwargs = request.cb_kwargs
            self.thread_incomplete(request.url, failure_reason(failure), kwargs["article_url"], kwargs["post_id"])
            yield from self._rest_thread(kwargs["records"], kwargs["article_url"], kwargs["shown"])

    def article_with_rest(
        self,
        article: Article,
        shown: set[int],
        paged: bool,
        slug: str | None,
        facts: PostFacts | None,
        batched: bool = False,
    ) -> Iterator[Article | Request]:
        """The article, enriched from REST when the API answers: from its listing page's batch
        answer, the api discovery's post list, or (found another way) one request of its own."""
        if not self.rest_usable:
            yield article
            return
        if facts is not None:
            yield from self._merge(article, facts, shown, paged)
            return
        if batched:
            # Its listing's batch had no such post (a page, a redirect): the page's values stand.
            self.crawler.stats.inc_value(f"{STATS}/rest/not_in_batch")
            yield article
            return
        if article.post_id is not None:
            url = rest_url(self.api_root, f"wp/v2/posts/{article.post_id}", {"_embed": "wp:term"})
        elif slug:
            url = rest_url(self.api_root, "wp/v2/posts", {"slug": slug, "_embed": "wp:term"})
        else:
            yield article
            return
        yield self.rest_request(url, self.parse_rest_post, article=article, shown=shown, paged=paged)

    def parse_rest_post(
        self, response: Response, article: Article, shown: set[int], paged: bool
    ) -> Iterator[Article | Request]:
        answer = read_answer(response)
        if answer.blocked:
            self.note_blocked(response.url, answer.blocked)
            yield article
            return
        data = answer.data[0] if isinstance(answer.data, list) and answer.data else answer.data
        facts = rest.post_facts(data) if answer.ok else None
        if facts is None:
            self.crawler.stats.inc_value(f"{STATS}/rest/post_not_found")
            logger.info("REST has no post for %s (%s): HTML values kept", article.url, response.status)
            yield article
            return
        yield from self._merge(article, facts, shown, paged)

    def _merge(self, article: Article, facts: PostFacts, shown: set[int], paged: bool) -> Iterator[Article | Request]:
        stats = self.crawler.stats
        result = rest.enrich(article, facts, self.timezone)
        stats.inc_value(f"{STATS}/rest/enriched")
        for name in result.taken:
            stats.inc_value(f"{STATS}/source/rest/{name}")
        for name in result.refined:
            stats.inc_value(f"{STATS}/rest/refined/{name}")
        for name, html_value, rest_value in result.disagreements:
            stats.inc_value(f"{STATS}/rest/disagreements/{name}")
            logger.warning(
                "HTML and REST disagree on %s of %s: HTML %r, REST %r (REST kept)",
                name,
                article.url,
                html_value,
                rest_value,
            )
        enriched = result.article
        if result.taken:
            logger.debug("From REST for %s: %s", enriched.url, ", ".join(result.taken))
        yield enriched
        if self._needs_rest_comments(enriched, facts, shown, paged) and enriched.url:
            assert enriched.post_id is not None
            yield self._comments_request(enriched.post_id, enriched.url, 1, shown, [])

    def _needs_rest_comments(self, article: Article, facts: PostFacts, shown: set[int], paged: bool) -> bool:
        """The page's thread is missing, hidden (closed) or shorter than its stated count.

        Paged threads are walked in HTML; their pages together hold the count.
        """
        if paged:
            return False
        if article.comment_count is not None:
            return len(shown) < article.comment_count
        return not shown and facts.comment_status == "closed"

    def _comments_request(
        self, post_id: int, article_url: str, page: int, shown: set[int], records: list[dict[str, Any]]
    ) -> Request:
        url = rest.comments_url(self.api_root, post_id, page, self.rest_per_page)
        return self.rest_request(
            url,
            self.parse_rest_comments,
            post_id=post_id,
            article_url=article_url,
            page=page,
            shown=shown,
            records=records,
        )

    def parse_rest_comments(
        self,
        response: Response,
        post_id: int,
        article_url: str,
        page: int,
        shown: set[int],
        records: list[dict[str, Any]],
    ) -> Iterator[Comment | Request]:
        """Collect all comment pages (``X-WP-TotalPages``), then emit those the HTML did not show."""
        answer = read_answer(response)
        stats = self.crawler.stats
        if answer.ok and isinstance(answer.data, list):
            stats.inc_value(f"{STATS}/rest/comment_pages")
            records = records + answer.data
            announced = answer.total_pages
            # No X-WP-TotalPages (a proxy strips it): a full page may have a next one.
            if page < (announced or page) or (announced is None and len(answer.data) >= self.rest_per_page):
                yield self._comments_request(post_id, article_url, page + 1, shown, records)
                return
        elif not answer.past_last_page:
            if answer.blocked:
                self.note_blocked(response.url, answer.blocked)
            # The comments read so far are kept; the rest are asked again by the next run.
            reason = answer.blocked or answer.problem or f"HTTP {answer.status}, no list of comments"
            self.thread_incomplete(response.url, reason, article_url, post_id)
        yield from self._rest_thread(records, article_url, shown)

    def _rest_thread(self, records: list[dict[str, Any]], article_url: str, shown: set[int]) -> Iterator[Comment]:
        stats = self.crawler.stats
        for comment in rest.rest_comments(records, article_url, self.now, self.timezone):
            if comment.comment_id in shown:
                continue  # the page's own copy was emitted already
            stats.inc_value(f"{STATS}/source/rest/comments")
            yield comment

    # -- source=html: one REST request per listing page ---------------------------------

    def article_requests(self, response: Response, urls: list[str]) -> Iterator[Request]:
        """The listing's articles: asked for together in one REST request first (their exact
        dates, terms, excerpt, image), each page then fetched with its post's answer."""
        if not urls:
            return
        if not self.rest_usable or not isinstance(response, HtmlResponse):
            for url in urls:
                yield self.article_request(url)
            return
        fresh = [url for url in dict.fromkeys(urls) if url not in self._batched]
        if not fresh:
            return  # every one was asked with an earlier listing page
        self._batched.update(fresh)
        ids = listing_post_ids(response, fresh)
        slugs = [post_slug(url) for url in fresh]
        if len(ids) == len(fresh):
            url = batch_url(self.api_root, ids.values())
        elif all(slugs) and all("?" not in u for u in fresh):
            url = batch_url(self.api_root, slugs=[slug for slug in slugs if slug])
        else:
            # Plain permalinks without post-<ID> classes: each article asks for itself.
            for url in fresh:
                yield self.article_request(url)
            return
        request = self.rest_request(url, self.parse_rest_batch, urls=fresh)
        request.priority = ARTICLE_PRIORITY
        yield request

    def parse_rest_batch(self, response: Response, urls: list[str]) -> Iterator[Request]:
        answer = read_answer(response)
        facts: dict[str, PostFacts] = {}
        if answer.blocked:
            self.note_blocked(response.url, answer.blocked)
        elif answer.ok:
            self.crawler.stats.inc_value(f"{STATS}/rest/batches")
            facts = facts_by_url(answer)
        else:
            self.crawler.stats.inc_value(f"{STATS}/rest/batch_failed")
            logger.info("REST batch %s answered %s: the pages' values stand", response.url, response.status)
        yield from self._batch_articles(urls, facts)

    def _batch_articles(self, urls: list[str], facts: dict[str, PostFacts]) -> Iterator[Request]:
        for url in urls:
            yield Request(
                url,
                callback=self.parse_article,
                errback=self.article_failed,
                priority=ARTICLE_PRIORITY,
                cb_kwargs={"rest_facts": facts.get(url), "batched": self.rest_usable},
            )

    # -- source=rest: posts and comments from the REST API ---------------------------------

    def reads_rest(self) -> bool:
        """Whether this run reads the REST API instead of walking the pages (check_source())."""
        if self.source == "html" or not self.rest_enabled:
            return False
        walk = page_walk_arguments(self.args)
        if walk:
            logger.info("source=auto walks the pages: %s describe a page walk", ", ".join(walk))
            return False
        return True

    def rest_start(self) -> Iterator[Request]:
        """Every post and comment (first REST run, full=1), or what changed since the last REST run."""
        since = None if self.args.full else self.site_state.rest_since
        self.rest_crawl = RestCrawl(
            self.api_root,
            self.now,
            since=datetime.fromisoformat(since.replace("Z", "+00:00")) if since else None,
            per_page=self.rest_per_page,
            count=self._count,
            known_depths=self.site_state.comment_depths,
            on_site=self.on_site,
        )
        logger.info(
            "Reading %s through its REST API at %s: %s",
            self.site_id,
            self.api_root,
            f"what changed since the REST run of {since}" if since else "every post and comment",
        )
        for ask in self.rest_crawl.start():
            yield self.rest_page_request(ask)

    def _count(self, name: str) -> None:
        self.crawler.stats.inc_value(f"{STATS}/{name}")

    def rest_page_request(self, ask: Ask) -> Request:
        # Not REST_META's dont_retry: a page of the REST crawl is worth the polite retries a
        # page of the walk gets (5xx, 429 after its Retry-After, timeouts, dropped connections).
        return Request(
            ask.url,
            callback=self.parse_rest_page,
            errback=self.rest_page_failed,
            cb_kwargs={"listing": ask.listing, "page": ask.page},
            meta={"handle_httpstatus_list": REST_META["handle_httpstatus_list"]},
        )

    def parse_rest_page(self, response: Response, listing: str, page: int) -> Iterator[Any]:
        crawl = self.rest_crawl
        if crawl is None or crawl.blocked is not None:
            return  # answers still in flight when the crawl turned to the pages
        step = crawl.on_answer(listing, page, read_answer(response))
        if step.problem is not None:
            request = response.request
            assert request is not None
            retry = get_retry_request(request, spider=self, reason=f"REST answer: {step.problem}")
            if retry is not None:
                yield retry
                return
            tries = request.meta.get("retry_times", 0) + 1
            step = self.rest_page_lost(listing, page, f"{step.problem} after {tries} attempts")
        yield from self._rest_items(step.items)
        if crawl.blocked is not None:
            yield from self.rest_refused(crawl.blocked_url or response.url, crawl.blocked)
            return
        for ask in step.asks:
            yield self.rest_page_request(ask)

    def _rest_items(self, items: list[Article | Comment]) -> Iterator[Any]:
        crawl = self.rest_crawl
        for item in items:
            author_id = None
            if crawl is not None and isinstance(item, Article) and item.url is not None:
                author_id = crawl.unnamed_authors.pop(item.url, None)
            if isinstance(item, Article) and author_id is not None:
                yield from self._needs_byline(item, author_id)
            else:
                yield item

    def _needs_byline(self, article: Article, author_id: int) -> Iterator[Article | Request]:
        """An article whose author REST would not name: the byline of one of the author's pages."""
        if author_id in self._author_names:
            names = self._author_names[author_id]
            yield replace(article, authors=names) if names else article
            return
        waiting = self._byline_waiting.setdefault(author_id, [])
        waiting.append(article)
        if len(waiting) == 1:
            yield self.byline_request(article, author_id)

    def byline_request(self, article: Article, author_id: int | None) -> Request:
        assert article.url is not None
        return Request(
            article.url,
            callback=self.parse_byline,
            errback=self.byline_failed,
            cb_kwargs={"article": article, "author_id": author_id},
        )

    def parse_byline(self, response: Response, article: Article, author_id: int | None) -> Iterator[Article | Request]:
        """The byline an article page prints, for its article and (one name) every post by its author."""
        page = ArticlePage(response, self.timezone, self.now) if isinstance(response, HtmlResponse) else None
        names = list(dict.fromkeys(filter(None, map(clean_name, page.authors() if page else []))))
        self._count("rest/bylines_from_pages")
        others = [a for a in self._byline_waiting.pop(author_id, []) if a is not article] if author_id else []
        yield replace(article, authors=names) if names else article
        if len(names) <= 1 and author_id is not None:
            # One name: the author's. None: the theme prints no byline, and the author's other
            # pages would not either (no request per article for nothing).
            self._author_names[author_id] = names
            for other in others:
                yield replace(other, authors=names) if names else other
        else:
            # Several names (co-authors): each article's own page says.
            for other in others:
                yield self.byline_request(other, None)

    def byline_failed(self, failure: Failure) -> Iterator[Article | Request]:
        request: Request = failure.request  # type: ignore[attr-defined]
        article: Article = request.cb_kwargs["article"]
        author_id = request.cb_kwargs["author_id"]
        self._count("failed/byline_page")
        logger.warning("No byline for %s (%s): stored without authors", article.url, failure_reason(failure))
        yield article
        for other in self._byline_waiting.pop(author_id, []) if author_id else []:
            if other is not article:
                yield self.byline_request(other, None)

    def rest_page_failed(self, failure: Failure) -> Iterator[Any]:
        """A REST page whose request failed after its retries (network, timeout, cut-off body)."""
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        crawl = self.rest_crawl
        if crawl is None or crawl.blocked is not None:
            return
        reason = failure_reason(failure)
        if crawl.answers == 0:
            # Nothing ever answered: no API to read here (or no site); the same as a refusal.
            crawl.refused(reason)
            yield from self.rest_refused(request.url, reason)
            return
        step = self.rest_page_lost(request.cb_kwargs["listing"], request.cb_kwargs["page"], reason)
        if crawl.blocked is not None:
            yield from self.rest_refused(request.url, crawl.blocked)
            return
        for ask in step.asks:
            yield self.rest_page_request(ask)

    def rest_page_lost(self, listing: str, page: int, reason: str) -> Step:
        """A REST page given up on: source=auto turns to the pages at once; source=rest reads on."""
        assert self.rest_crawl is not None
        step = self.rest_crawl.lose(listing, page, reason)
        if self.source == "auto":
            self.rest_crawl.refused(f"a page lost ({reason})")
            return Step(items=step.items)
        return step

    def rest_refused(self, url: str, reason: str) -> Iterator[Request]:
        """The API refused mid-crawl: one warning, then (auto) the page walk reads everything."""
        if self.rest_crawl is not None and self.rest_crawl.not_here and self.source == "auto":
            # Not refused: absent at this address. The page walk's detection looks for it
            # elsewhere (/?rest_route=/) and enriches the pages from it if found.
            self.rest_crawl = None
            self.crawler.stats.set_value(f"{STATS}/source/fallback", f"no API at {self.api_root}")
            logger.info("No REST API at %s (%s): walking the pages", self.api_root, reason)
            yield from self.detect()
            return
        first = self.rest_blocked is None
        self.note_blocked(url, reason)
        if not first:
            return
        if self.source == "rest":
            self.crawler.stats.inc_value(f"{STATS}/rest/refused")
            logger.error(
                "source=rest: the REST API refused (%s at %s); nothing more is read. source=auto walks the "
                "pages instead.",
                reason,
                url,
            )
            # The run could not do what was asked: a scheduler must hear of it (exit status 1),
            # as security plugins often switch the API off after a site was set up.
            raise CloseSpider(REST_REFUSED)
        self.crawler.stats.set_value(f"{STATS}/source/fallback", reason)
        yield from self.detect()

    def spider_idle(self) -> None:
        """The REST crawl's verdict, once every answer and item is through: read to the end, or not.

        Only a crawl read to the end sets ``source`` to ``rest``, which moves the next run's
        ``rest_since``. Otherwise ``source=auto`` walks the pages now, and ``source=rest``
        ends with ``rest_incomplete`` (exit status 1); either way the next run asks again
        from the last complete REST run.
        """
        crawl = self.rest_crawl
        if crawl is None or self._rest_judged:
            return
        self._rest_judged = True
        stats = self.crawler.stats
        losses = crawl.losses()
        dropped = sum(n for key, n in stats.get_stats().items() if key.startswith(f"{STATS}/dropped/"))
        if dropped:
            losses.append(f"{dropped} records dropped for missing fields (see the lines naming them above)")
        if not losses and crawl.complete:
            stats.set_value(f"{STATS}/source", "rest")
            logger.info("REST API read to the end: %d posts", crawl.posts_seen)
            return
        if self.source == "auto" and crawl.blocked is not None:
            return  # already walking the pages, since the refusal
        stats.set_value(f"{STATS}/rest/incomplete", len(losses))
        summary = "; ".join(losses[:5]) + (f"; and {len(losses) - 5} more" if len(losses) > 5 else "")
        since = self.site_state.rest_since if not self.args.full else None
        again = f"from {since}" if since else "everything"
        if self.source == "auto":
            logger.warning(
                "REST API not read whole (%s): walking the pages; the next run reads %s again", summary, again
            )
            stats.set_value(f"{STATS}/source/fallback", "REST API not read whole")
            assert self.crawler.engine is not None
            for request in self.detect():
                self.crawler.engine.crawl(request)
            raise DontCloseSpider
        logger.error("source=rest: the REST API was not read whole (%s); the next run reads %s again", summary, again)
        raise CloseSpider(REST_INCOMPLETE)

    # -- discovery: sitemap, feed, api ------------------------------------------------

    def discovery_requests(self) -> Iterator[Request]:
        mode = self.args.discovery
        logger.info("Discovering articles through %s", mode)
        if mode == "sitemap":
            yield Request(
                urljoin(self.base_url, "robots.txt"),
                callback=self.parse_robots,
                errback=self.robots_failed,
                meta={"handle_httpstatus_all": True},
            )
        elif mode == "feed":
            urls = [urljoin(self.base_url, "feed/")]
            urls += [urljoin(self.category_url(slug), "feed/") for slug in self.args.categories or ()]
            for url in urls:
                yield Request(url, callback=self.parse_feed)
        elif mode == "api":
            if self.args.categories:
                logger.warning(
                    "discovery=api lists every post: categories=%s is ignored", ",".join(self.args.categories)
                )
            yield self._posts_request(1)

    def _discovered(
        self, url: str, facts: PostFacts | None = None, date_hint: DateHint | None = None
    ) -> Request | None:
        if not same_host(url, self.host):
            self.crawler.stats.inc_value(f"{STATS}/offsite_links_ignored")
            return None
        self.crawler.stats.inc_value(f"{STATS}/discovered/{self.args.discovery}")
        # A date the feed or sitemap gave, for a theme that prints none (see pages.article.with_date_hint).
        meta = {"date_hint": date_hint} if date_hint is not None else {}
        return Request(
            url, callback=self.parse_article, errback=self.article_failed, cb_kwargs={"rest_facts": facts}, meta=meta
        )

    def parse_robots(self, response: Response) -> Iterator[Request]:
        sitemaps = robots_sitemaps(response) if response.status == 200 else []
        if not sitemaps:
            sitemaps = default_sitemaps(self.base_url)
            logger.info("robots.txt names no sitemap; trying %s", ", ".join(sitemaps))
        for url in sitemaps:
            yield Request(url, callback=self.parse_sitemap, meta=dict(SITEMAP_META))

    def robots_failed(self, failure: Failure) -> Iterator[Request]:
        logger.info("robots.txt failed (%s); trying the default sitemaps", failure.getErrorMessage())
        for url in default_sitemaps(self.base_url):
            yield Request(url, callback=self.parse_sitemap, meta=dict(SITEMAP_META))

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        stats = self.crawler.stats
        if response.status != 200:
            logger.info("No sitemap at %s (%s)", response.url, response.status)
            return
        stats.inc_value(f"{STATS}/sitemaps")
        children, entries = read_sitemap(response)
        for url in children:
            yield Request(url, callback=self.parse_sitemap, meta=dict(SITEMAP_META))
        stored = self.site_state.article_versions if self.config.sitemap_skip_unchanged else {}
        for entry in entries:
            if self.args.since and entry.lastmod is not None and self._day(entry.lastmod) < self.args.since:
                stats.inc_value(f"{STATS}/sitemap/older_than_since")
                continue
            if unchanged(entry, stored.get(entry.url)):
                stats.inc_value(f"{STATS}/sitemap/unchanged_skipped")
                continue
            hint = DateHint(to_iso(entry.lastmod), "sitemap") if entry.lastmod is not None else None
            request = self._discovered(entry.url, date_hint=hint)
            if request is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        entries = feed_entries(response)
        self.crawler.stats.inc_value(f"{STATS}/feeds")
        if not entries:
            logger.warning("No items in feed %s", response.url)
        for entry in entries:
            if self.args.since and entry.published_at is not None and self._day(entry.published_at) < self.args.since:
                continue
            hint = DateHint(to_iso(entry.published_at), "feed") if entry.published_at is not None else None
            request = self._discovered(entry.url, date_hint=hint)
            if request is not None:
                yield request

    def _posts_request(self, page: int) -> Request:
        params = {"_embed": "wp:term", "per_page": self.rest_per_page, "page": page}
        return self.rest_request(rest_url(self.api_root, "wp/v2/posts", params), self.parse_rest_posts, page=page)

    def parse_rest_posts(self, response: Response, page: int) -> Iterator[Request]:
        answer = read_answer(response)
        if answer.blocked or answer.problem or (not answer.past_last_page and not isinstance(answer.data, list)):
            # Refused, or a page of the list lost (enrichment requests are not retried): the walk finds all.
            self.note_blocked(response.url, answer.blocked or answer.problem or f"HTTP {answer.status}, not a list")
            yield from self._api_fallback()
            return
        if answer.past_last_page:
            return
        self.crawler.stats.inc_value(f"{STATS}/rest/post_pages")
        for facts in rest.posts_page(answer):
            if facts.status not in (None, "publish") or not facts.link:
                continue
            if facts.protected:
                self.crawler.stats.inc_value(f"{STATS}/skipped/password_protected")
                continue
            if self.args.since and facts.published_at:
                published = rest.parse_iso(facts.published_at)
                if published is not None and self._day(published) < self.args.since:
                    continue
            request = self._discovered(facts.link, facts if self.rest_enabled else None)
            if request is not None:
                yield request
        announced = answer.total_pages
        if page < (announced or page) or (announced is None and len(answer.data) >= self.rest_per_page):
            yield self._posts_request(page + 1)

    def _api_fallback(self) -> Iterator[Request]:
        logger.warning("discovery=api needs the REST API; walking the categories instead")
        self.crawler.stats.set_value(f"{STATS}/discovery_fallback", "categories")
        yield from self.category_start()


def zone_name(zone: tzinfo) -> str:
    """An IANA name (``Europe/Berlin``) or a fixed offset's (``UTC+05:30``)."""
    return getattr(zone, "key", None) or zone.tzname(None) or str(zone)


def failure_reason(failure: Failure) -> str:
    """A one-line reason for a failed request: the HTTP status, or the error."""
    if failure.check(HttpError):
        response = failure.value.response
        return f"HTTP {response.status}"
    message = failure.getErrorMessage().strip() or failure.type.__name__
    return f"{failure.type.__name__}: {message}"[:300]


def post_slug(url: str) -> str | None:
    """The last path segment of a permalink (WordPress's post slug)."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return segments[-1] if segments else None


def page_walk_arguments(args: CrawlArguments) -> list[str]:
    """The arguments that describe a walk of the pages, which the REST API does not make."""
    named = [f"{name}=" for name in ("categories", "max_pages", "since") if getattr(args, name) is not None]
    if args.discovery != "categories":
        named.append(f"discovery={args.discovery}")
    return named


def check_source(args: CrawlArguments, config: Config) -> None:
    """``source=rest`` needs the API switched on and no page-walk arguments (exit 2 otherwise)."""
    if (args.source or config.source) != "rest":
        return
    if not (args.rest if args.rest is not None else config.rest):
        raise ArgumentError("source", "rest", "auto or html when REST is switched off (rest=0, DEFENSE_NEWS_REST)")
    walk = page_walk_arguments(args)
    if walk:
        raise ArgumentError(
            "source", "rest", f"auto or html with {', '.join(walk)}: those describe a walk of the pages"
        )
