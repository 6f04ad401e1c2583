"""The 19fortyfive spider: category listings → articles → comment pages.

Crawling only: which pages, which links, which callbacks. Extraction lives in
:mod:`defense_news.pages`. Sitemap, feed and REST discovery and the REST
enrichment are in :mod:`defense_news.spiders.wordpress`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from .. import signals as dn_signals
from ..arguments import CrawlArguments, parse_arguments
from ..boundary import origin
from ..dates import utc_now
from ..items import Article, Comment
from ..pages import ArticlePage, ListingPage, menu_category_urls, page_category_urls
from ..pages.article import with_date_hint
from ..pages.rest import PostFacts
from ..pages.site import SITE_URL
from ..rendering import configure as configure_rendering
from ..rendering import current_mode
from ..storage import KnownArticles, SiteState
from ..urls import category_slug, comment_page_number
from .wordpress import WordPressSources, post_slug

logger = logging.getLogger(__name__)

STATS = "defense_news"
# Finish what a listing page found before fetching the next listing page: the
# scheduler then holds about one listing page of requests per category instead
# of the whole site's frontier, so memory stays flat with site size.
ARTICLE_PRIORITY = 1
COMMENT_PAGE_PRIORITY = 2


class NineteenFortyFiveSpider(WordPressSources, Spider):
    name = "19fortyfive"
    # defense_news.commands.crawl checks -a values before the crawler starts.
    validates_arguments = True
    timezone: ZoneInfo
    default_categories: list[str]
    render_mode: str

    def __init__(
        self,
        *args: Any,
        categories: str | None = None,
        max_pages: str | None = None,
        since: str | None = None,
        base_url: str | None = None,
        discovery: str | None = None,
        rest: str | None = None,
        full: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The site every row is stored under, whatever base_url says (a replica, a mirror).
        self.site_id = "19fortyfive"
        # What the database knows of the site: replaced by defense_news.storage.RunState
        # before start() when the run has a database; empty otherwise.
        self.site_state = SiteState(self.site_id)
        # Bad arguments stop the crawl before any request is made.
        self.args: CrawlArguments = parse_arguments(
            base_url=base_url,
            default_base_url=SITE_URL,
            categories=categories,
            max_pages=max_pages,
            since=since,
            discovery=discovery,
            rest=rest,
            full=full,
        )
        self.base_url = self.args.base_url
        self.host = urlsplit(self.base_url).hostname or ""
        self.allowed_domains = [self.host]
        self.origin = origin(self.base_url)
        self.missing_categories: list[str] = []
        self.categories_seen: set[str] = set()
        # Comment pages already covered by the page that showed them (the bare permalink).
        self._covered_comment_pages: set[str] = set()
        # Articles whose thread lost a comment page this run (each reported once).
        self.incomplete_threads: set[str] = set()
        # Whether categories named on articles get their listings walked.
        self.category_walk = self.args.discovery == "categories"
        # Stored articles an incremental walk skips; set in category_start(). Empty: everything is new.
        self.known = KnownArticles()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NineteenFortyFiveSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # -a render= arrives after update_settings; `scrapy crawl` leaves the settings open here.
        render = kwargs.get("render")
        spider.render_mode = (
            configure_rendering(crawler.settings, render) if render is not None else current_mode(crawler.settings)
        )
        tz_name = crawler.settings.get("DEFENSE_NEWS_TIMEZONE")
        try:
            spider.timezone = ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise NotConfigured(
                f"DEFENSE_NEWS_TIMEZONE={tz_name!r} is not a time zone name (e.g. America/New_York)"
            ) from None
        spider.default_categories = list(crawler.settings.getlist("DEFENSE_NEWS_DEFAULT_CATEGORIES"))
        spider.configure_wordpress(crawler.settings)
        return spider

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        export_dir = settings.get("DEFENSE_NEWS_EXPORT_DIR")
        if export_dir:
            fmt = settings.get("DEFENSE_NEWS_EXPORT_FORMAT") or "jsonlines"
            extension = {"jsonlines": "jsonl", "jsonl": "jsonl"}.get(fmt, fmt)
            feeds = dict(settings.getdict("FEEDS"))
            # One pair of files per run, named by its start (UTC): a later run never replaces an
            # earlier export, and a run that exports nothing (an incremental run with nothing new)
            # leaves no empty file.
            stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
            for kind, item_class in (("articles", Article), ("comments", Comment)):
                feeds[f"{export_dir.rstrip('/')}/{kind}-{stamp}.{extension}"] = {
                    "format": fmt,
                    "item_classes": [item_class],
                    "overwrite": False,
                    "store_empty": False,
                }
            settings.set("FEEDS", feeds, priority="spider")
        # DEFENSE_NEWS_RENDER: browser download handlers only when rendering is on.
        configure_rendering(settings)

    def on_site(self, url: str) -> bool:
        """Same scheme family, host and port as base_url (see defense_news.boundary)."""
        return origin(url) == self.origin

    @property
    def now(self) -> datetime:
        return utc_now()

    # -- start ---------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        self.record_configuration()
        # Threads an earlier run left incomplete are fetched again first.
        for url in self.site_state.incomplete_threads:
            if self.on_site(url):
                self.crawler.stats.inc_value(f"{STATS}/incomplete_threads_resumed")
                yield self.article_request(url)
        requests = self.category_start() if self.args.discovery == "categories" else self.discovery_requests()
        for request in requests:
            yield request

    def category_start(self) -> Iterator[Request]:
        self.category_walk = True
        self.known = self.known_articles()
        if self.args.categories:
            for slug in self.args.categories:
                yield self.category_request(urljoin(self.base_url, f"category/{slug}/"))
        else:
            # Categories come from the site's menu, with a documented fallback list.
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
            meta={"category": category_slug(url)},
        )

    def _fallback_categories(self) -> Iterator[Request]:
        logger.info("Using DEFENSE_NEWS_DEFAULT_CATEGORIES: %s", ", ".join(self.default_categories))
        for slug in self.default_categories:
            yield self.category_request(urljoin(self.base_url, f"category/{slug}/"))

    def parse_home(self, response: Response) -> Iterator[Request]:
        """Categories from the menu, else from links on the home page.

        A site whose home page links no category (block themes) is walked from
        its home listing instead; the categories named on its article pages are
        then crawled as they are found.
        """
        if not isinstance(response, HtmlResponse):
            yield from self._fallback_categories()
            return
        urls = menu_category_urls(response) or page_category_urls(response)
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
            yield self.article_request(entry.url)
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

    def _day(self, moment: date | datetime) -> date:
        return moment.astimezone(self.timezone).date() if isinstance(moment, datetime) else moment

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
        reason = failure_reason(failure)
        article_url = request.cb_kwargs.get("article_url") or request.url
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/failed/comment_page")
        logger.error("Comment page %s failed: %s; thread of %s marked incomplete", request.url, reason, article_url)
        if article_url not in self.incomplete_threads:
            self.incomplete_threads.add(article_url)
            stats.inc_value(f"{STATS}/incomplete_threads")
        self.crawler.signals.send_catch_log(
            dn_signals.thread_incomplete,
            article_url=article_url,
            post_id=request.cb_kwargs.get("post_id"),
            failed_url=request.url,
            reason=reason,
        )

    def parse_article(
        self, response: Response, rest_facts: PostFacts | None = None
    ) -> Iterator[Article | Comment | Request]:
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value(f"{STATS}/skipped/not_html")
            logger.warning("Skipping non-HTML response %s", response.url)
            return
        page = ArticlePage(response, self.timezone, self.now)
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
        # The article itself waits for the REST answer (if any); comments go out now.
        yield from self.article_with_rest(article, shown, paged, post_slug(page.permalink), rest_facts)
        yield from self._comments_and_pages(page)
        if self.args.categories is None and self.category_walk:
            # Categories missing from the menu still get their listings walked.
            for url in page.category_urls():
                if url not in self.categories_seen and self.on_site(url):
                    yield self.category_request(url)

    def parse_comment_page(
        self, response: Response, post_id: int | None = None, article_url: str | None = None
    ) -> Iterator[Comment | Request]:
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value(f"{STATS}/skipped/not_html")
            logger.warning("Skipping non-HTML response %s", response.url)
            return
        page = ArticlePage(response, self.timezone, self.now)
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
                self._covered_comment_pages.add(f"{article_url}comment-page-{shown}/")
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


def failure_reason(failure: Failure) -> str:
    """A one-line reason for a failed request: the HTTP status, or the error."""
    if failure.check(HttpError):
        response = failure.value.response
        return f"HTTP {response.status}"
    message = failure.getErrorMessage().strip() or failure.type.__name__
    return f"{failure.type.__name__}: {message}"[:300]
