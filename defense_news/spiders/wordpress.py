"""WordPress-aware crawling: sitemap, feed and REST discovery, and REST enrichment.

A mixin for :class:`~defense_news.spiders.nineteen_forty_five.NineteenFortyFiveSpider`:
which requests to make and when; extraction lives in :mod:`defense_news.pages.rest`,
:mod:`~defense_news.pages.sitemap` and :mod:`~defense_news.pages.feed`. The HTML
crawl stays the path that always works: any REST trouble (401/403/429, HTML
instead of JSON, no route, network error) is noticed once, logged once, and the
crawl carries on with HTML only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from ..dates import to_iso
from ..items import Article, Comment
from ..pages import rest
from ..pages.article import DateHint
from ..pages.feed import feed_entries
from ..pages.rest import PostFacts, read_answer, rest_url
from ..pages.sitemap import default_sitemaps, read_sitemap, robots_sitemaps, unchanged
from ..urls import same_host

if TYPE_CHECKING:
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from scrapy.crawler import Crawler

    from ..arguments import CrawlArguments
    from ..storage import SiteState

logger = logging.getLogger(__name__)

STATS = "defense_news"
# REST requests: the callback judges error statuses itself (redirects are still
# followed); a blocked or rate-limited API is not retried.
REST_META = {"handle_httpstatus_list": [400, 401, 403, 404, 405, 410, 429, 500, 502, 503, 504], "dont_retry": True}
SITEMAP_META = {"handle_httpstatus_list": [404, 410]}


class WordPressSources:
    """Discovery modes besides the category walk, and REST enrichment."""

    args: CrawlArguments
    base_url: str
    host: str
    timezone: ZoneInfo
    crawler: Crawler
    rest_enabled: bool
    api_root: str
    rest_per_page: int
    rest_blocked: str | None = None
    skip_unchanged: bool
    # Set by the spider, replaced by defense_news.storage.RunState as the engine is built.
    site_state: SiteState

    def configure_wordpress(self, settings: BaseSettings) -> None:
        self.rest_enabled = (
            self.args.rest if self.args.rest is not None else settings.getbool("DEFENSE_NEWS_REST", True)
        )
        self.api_root = settings.get("DEFENSE_NEWS_REST_ROOT") or urljoin(self.base_url, "wp-json/")
        # WordPress refuses per_page above 100.
        self.rest_per_page = min(100, max(1, settings.getint("DEFENSE_NEWS_REST_PER_PAGE", 100)))
        self.skip_unchanged = settings.getbool("DEFENSE_NEWS_SITEMAP_SKIP_UNCHANGED", True)

    def record_configuration(self) -> None:
        # Not in configure_wordpress(): under `scrapy crawl` the spider is built before
        # crawler.stats exists (get_crawler in tests builds stats first).
        self.crawler.stats.set_value(f"{STATS}/discovery", self.args.discovery)
        self.crawler.stats.set_value(f"{STATS}/rest/enabled", self.rest_enabled)

    # Provided by the spider.
    def parse_article(self, response: Response, rest_facts: PostFacts | None = None) -> Iterator[Any]:
        raise NotImplementedError

    def article_failed(self, failure: Failure) -> None:
        raise NotImplementedError

    def category_start(self) -> Iterator[Request]:
        raise NotImplementedError

    def _day(self, moment: date | datetime) -> date:
        raise NotImplementedError

    @property
    def now(self) -> datetime:
        raise NotImplementedError

    # -- REST state ------------------------------------------------------------

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

    # -- enrichment --------------------------------------------------------------

    def article_with_rest(
        self, article: Article, shown: set[int], paged: bool, slug: str | None, facts: PostFacts | None
    ) -> Iterator[Article | Request]:
        """The article, enriched from REST when the API answers (one request, or none in api mode)."""
        if not self.rest_usable:
            yield article
            return
        if facts is not None:
            yield from self._merge(article, facts, shown, paged)
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
        if answer.blocked:
            self.note_blocked(response.url, answer.blocked)
        elif answer.ok and isinstance(answer.data, list):
            stats.inc_value(f"{STATS}/rest/comment_pages")
            records = records + answer.data
            if page < (answer.total_pages or page):
                yield self._comments_request(post_id, article_url, page + 1, shown, records)
                return
        for comment in rest.rest_comments(records, article_url, self.now, self.timezone):
            if comment.comment_id in shown:
                continue  # the page's own copy was emitted already
            stats.inc_value(f"{STATS}/source/rest/comments")
            yield comment

    # -- discovery -----------------------------------------------------------------

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
            urls += [urljoin(self.base_url, f"category/{slug}/feed/") for slug in self.args.categories or ()]
            for url in urls:
                yield Request(url, callback=self.parse_feed)
        elif mode == "api":
            if self.args.categories:
                logger.warning(
                    "discovery=api lists every post: categories=%s is ignored", ",".join(self.args.categories)
                )
            yield self._posts_request(1)

    def _article_request(
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

    # sitemap

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
        stored = self.site_state.article_versions if self.skip_unchanged else {}
        for entry in entries:
            if self.args.since and entry.lastmod is not None and self._day(entry.lastmod) < self.args.since:
                stats.inc_value(f"{STATS}/sitemap/older_than_since")
                continue
            if unchanged(entry, stored.get(entry.url)):
                stats.inc_value(f"{STATS}/sitemap/unchanged_skipped")
                continue
            hint = DateHint(to_iso(entry.lastmod), "sitemap") if entry.lastmod is not None else None
            request = self._article_request(entry.url, date_hint=hint)
            if request is not None:
                yield request

    # feed

    def parse_feed(self, response: Response) -> Iterator[Request]:
        entries = feed_entries(response)
        self.crawler.stats.inc_value(f"{STATS}/feeds")
        if not entries:
            logger.warning("No items in feed %s", response.url)
        for entry in entries:
            if self.args.since and entry.published_at is not None and self._day(entry.published_at) < self.args.since:
                continue
            hint = DateHint(to_iso(entry.published_at), "feed") if entry.published_at is not None else None
            request = self._article_request(entry.url, date_hint=hint)
            if request is not None:
                yield request

    # api

    def _posts_request(self, page: int) -> Request:
        params = {"_embed": "wp:term", "per_page": self.rest_per_page, "page": page}
        return self.rest_request(rest_url(self.api_root, "wp/v2/posts", params), self.parse_rest_posts, page=page)

    def parse_rest_posts(self, response: Response, page: int) -> Iterator[Request]:
        answer = read_answer(response)
        if answer.blocked:
            self.note_blocked(response.url, answer.blocked)
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
            request = self._article_request(facts.link, facts if self.rest_enabled else None)
            if request is not None:
                yield request
        if page < (answer.total_pages or page):
            yield self._posts_request(page + 1)

    def _api_fallback(self) -> Iterator[Request]:
        logger.warning("discovery=api needs the REST API; walking the categories instead")
        self.crawler.stats.set_value(f"{STATS}/discovery_fallback", "categories")
        yield from self.category_start()


def post_slug(url: str) -> str | None:
    """The last path segment of a permalink (WordPress's post slug)."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return segments[-1] if segments else None
