"""The generic WordPress spider: ``scrapy crawl wordpress -a site=<profile name or URL>``.

Crawling only: which pages, which links, which callbacks. Each decision lives in a plain-state
object the spider calls (docs/architecture.md):

- the run (profile, ``-a`` arguments, settings): :class:`defense_news.run.Run`;
- what the site tells of itself (time zone, category base, REST root):
  :class:`defense_news.detection.SiteDetection`;
- the page walk: listings → articles (plus newly seen categories) → comment pages
  (:class:`defense_news.threads.ThreadWalk`); sitemap/feed/api discovery (:mod:`.discovery`);
- the REST API (:mod:`defense_news.rest`): enrichment of each page walked (``source=html``),
  or the whole site from the API (``source=rest``/``auto``, :class:`~defense_news.rest.crawl.RestCrawl`)
  with its verdict (:func:`~defense_news.rest.verdict.judge`) and byline wait list.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from .. import discovery
from .. import signals as dn_signals
from ..items import Article, Comment
from ..processors import clean_name
from ..progress import TOTAL_ARTICLES, TOTAL_COMMENTS
from ..rest import routes
from ..rest.answers import read_answer
from ..rest.bylines import BylineWait
from ..rest.crawl import Ask, RestCrawl, Step
from ..rest.paging import Paging
from ..rest.records import PostFacts, post_gone
from ..rest.verdict import judge
from ..run import page_walk_arguments
from .reconciling import ReconcilingSpider
from .requests import (
    DATA_META,
    REST_INCOMPLETE,
    REST_META,
    RESUMED,
    RETRIED_REST_META,
    STATS,
    failure_reason,
    page_meta,
    refused_by_robots,
    retry_from_callback,
)
from .rest_pause import RestPause

logger = logging.getLogger(__name__)


class WordPressSpider(RestPause, ReconcilingSpider):
    name = "wordpress"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bylines = BylineWait()
        self.rest_crawl: RestCrawl | None = None
        self._rest_judged = False
        self._post_list: Paging | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WordPressSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, WordPressSpider)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        self.record_configuration()
        self.category_book_from_state()
        if self.site_facts_from_state():
            requests = self.begin()  # the queue holds the rest of the walk
        elif self.rest_crawl_from_state():
            requests = iter(())  # the queue holds the REST pages still to read
        else:
            # The REST API needs no detection (its dates are UTC, its terms named): straight to it.
            requests = self.rest_start() if self.reads_rest() else self.detect()
        for request in requests:
            yield request

    def begin(self) -> Iterator[Request]:
        """The crawl proper, once the site's facts are settled."""
        self.keep_site_facts()
        if self.crawler.stats.get_value(f"{STATS}/source") != "rest":
            self.crawler.stats.set_value(f"{STATS}/source", "html")
        # Threads an earlier run left incomplete are fetched again first.
        for url in self.site_state.incomplete_threads:
            if self.run.on_site(url):
                self.count("incomplete_threads_resumed")
                request = self.article_request(url)
                request.meta[RESUMED] = True
                yield request
        yield from self.recheck_requests()
        yield from self.category_start() if self.args.discovery == "categories" else self.discovery_requests()

    def reads_rest(self) -> bool:
        """Whether this run reads the REST API instead of walking the pages."""
        if self.run.source != "html" and self.run.rest_enabled and not self.run.reads_rest():
            named = page_walk_arguments(self.args)
            verb = "describes" if len(named) == 1 else "describe"
            logger.info("source=auto walks the pages: %s %s a page walk", ", ".join(named), verb)
        return self.run.reads_rest()

    def rest_start(self) -> Iterator[Request]:
        """Every post and comment (first REST run, full=1), or what changed since the last REST run."""
        since = None if self.args.full else self.site_state.rest_since
        self.rest_crawl = RestCrawl(
            self.api_root,
            self.now,
            since=datetime.fromisoformat(since.replace("Z", "+00:00")) if since else None,
            per_page=self.run.rest_per_page,
            recheck=timedelta(days=self.run.config.refresh_days),
            **self.rest_hooks(),
        )
        self.keep_rest_crawl()
        what = (
            f"what changed since the REST run of {since}, and comments dated since {self.rest_crawl.comments_after}"
            if since
            else "every post and comment"
        )
        logger.info("Reading %s through its REST API at %s: %s", self.run.site_id, self.api_root, what)
        for ask in self.rest_crawl.start():
            yield self.rest_page_request(ask)

    def rest_page_request(self, ask: Ask) -> Request:
        # Not REST_META's dont_retry: a page of the REST crawl is worth the polite retries a
        # page of the walk gets (5xx, 429 after its Retry-After, timeouts, dropped connections).
        return Request(
            ask.url,
            callback=self.parse_rest_page,
            errback=self.rest_page_failed,
            cb_kwargs={"listing": ask.listing, "page": ask.page},
            meta=dict(RETRIED_REST_META),
            # The crawl asks each page once (Paging.asked); a JOBDIR's dupefilter has seen the
            # pages of the crawl before, which a run after an unfinished one asks again.
            dont_filter=True,
        )

    def stale(self, crawl: RestCrawl, request: Request) -> bool:
        """A page queued by an earlier crawl (a JOBDIR queue the crawl was not kept with): not read."""
        if crawl.has_asked(request.cb_kwargs["listing"], request.cb_kwargs["page"]):
            return False
        self.count("rest/stale_pages")
        logger.info("REST page %s was queued by an earlier crawl: not read in this one", request.url)
        return True

    def parse_rest_page(self, response: Response, listing: str, page: int) -> Iterator[Any]:
        crawl = self.rest_crawl
        assert response.request is not None
        if crawl is None or crawl.blocked is not None or self.stale(crawl, response.request):
            return  # answers still in flight when the crawl turned to the pages
        step = crawl.on_answer(listing, page, read_answer(response))
        if step.problem is not None:
            retry = retry_from_callback(response.request, self, f"REST answer: {step.problem}")
            if retry is not None:
                yield retry
                return
            tries = response.request.meta.get("retry_times", 0) + 1
            step = self.rest_page_lost(listing, page, f"{step.problem} after {tries} attempts")
        self.rest_news(step)
        yield from self.rest_items(step.items)
        if crawl.blocked is not None:
            yield from self.rest_refused(crawl.blocked_url or response.url, crawl.blocked)
            return
        for ask in step.asks:
            yield self.rest_page_request(ask)

    def rest_items(self, items: list[Article | Comment]) -> Iterator[Any]:
        for item in items:
            author_id = None
            if self.rest_crawl is not None and isinstance(item, Article) and item.url is not None:
                author_id = self.rest_crawl.unnamed_authors.pop(item.url, None)
            if isinstance(item, Article) and author_id is not None:
                yield from self.needs_byline(item, author_id)
            else:
                yield item

    def needs_byline(self, article: Article, author_id: int) -> Iterator[Article | Request]:
        """An article whose author REST would not name: the byline of one of the author's pages."""
        ready, fetch = self.bylines.need(article, author_id)
        if ready is not None:
            yield ready
        if fetch:
            yield self.byline_request(article, author_id)

    def byline_request(self, article: Article, author_id: int | None) -> Request:
        assert article.url is not None
        return Request(
            article.url,
            callback=self.parse_byline,
            errback=self.byline_failed,
            cb_kwargs={"article": article, "author_id": author_id},
            meta=page_meta("byline"),
        )

    def parse_byline(self, response: Response, article: Article, author_id: int | None) -> Iterator[Article | Request]:
        """The byline an article page prints, for its article and (one name) every post by its author."""
        page = self.page_of(response) if isinstance(response, HtmlResponse) else None
        names = list(dict.fromkeys(filter(None, map(clean_name, page.authors() if page else []))))
        self.count("rest/bylines_from_pages")
        ready, own_pages = self.bylines.read(article, author_id, names)
        yield from ready
        for other in own_pages:
            yield self.byline_request(other, None)

    def byline_failed(self, failure: Failure) -> Iterator[Article | Request]:
        request: Request = failure.request  # type: ignore[attr-defined]
        article: Article = request.cb_kwargs["article"]
        self.count("failed/byline_page")
        self.page_failed("byline_page", request.url, failure_reason(failure))
        logger.warning("No byline for %s (%s): stored without authors", article.url, failure_reason(failure))
        yield article
        for other in self.bylines.failed(article, request.cb_kwargs["author_id"]):
            yield self.byline_request(other, None)

    def rest_page_failed(self, failure: Failure) -> Iterator[Any]:
        """A REST page whose request failed after its retries (network, timeout, cut-off body)."""
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        crawl = self.rest_crawl
        if crawl is None or crawl.blocked is not None or self.stale(crawl, request):
            return
        reason = failure_reason(failure)
        if crawl.answers == 0:
            # Nothing ever answered: no API to read here (or no site); the same as a refusal.
            crawl.refused(reason)
            yield from self.rest_refused(request.url, reason, refused_by_robots(failure))
            return
        step = self.rest_page_lost(request.cb_kwargs["listing"], request.cb_kwargs["page"], reason)
        self.rest_news(step)
        if crawl.blocked is not None:
            yield from self.rest_refused(request.url, crawl.blocked)
            return
        for ask in step.asks:
            yield self.rest_page_request(ask)

    def rest_page_lost(self, listing: str, page: int, reason: str) -> Step:
        """A REST page given up on: source=auto turns to the pages at once; source=rest reads on."""
        assert self.rest_crawl is not None
        step = self.rest_crawl.lose(listing, page, reason)
        if RestCrawl.is_total(listing):
            return step
        if self.run.source == "auto":
            # Not a loss: the pages are walked instead.
            self.rest_crawl.refused(f"a page lost ({reason})")
            return Step(items=step.items)
        self.page_failed("rest_page", self.rest_crawl.lists[listing].url(page), reason)
        return step

    def article_failed(self, failure: Failure) -> Iterator[Request]:
        """An article not fetched; a stored one whose page is gone (404, 410) is asked for by id: a
        post no longer public (``posts/<id>`` answers 401 or 404, or it is password-protected) is
        marked removed (issue 20)."""
        super().article_failed(failure)
        request: Request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        post_id = self.site_state.post_ids.get(request.url)
        status = failure.value.response.status if failure.check(HttpError) else None
        if status in (404, 410) and post_id is not None and self.rest_usable:
            yield Request(
                routes.post_url(self.api_root, post_id),
                callback=self.parse_post_check,
                cb_kwargs={"url": request.url, "post_id": post_id, "status": status},
                meta=dict(REST_META),
            )

    def parse_post_check(self, response: Response, url: str, post_id: int, status: int = 404) -> None:
        reason = post_gone(read_answer(response))
        if reason is None:
            self.count("removals/article_gone_not_confirmed")
            logger.info("%s answered %d, but posts/%d does not show the post gone: kept live", url, status, post_id)
            return
        self.count("rest/posts_gone_by_id")
        self.crawler.signals.send_catch_log(
            dn_signals.records_removed, kind="articles", ids=[post_id], urls=[url], reason=reason
        )

    def rest_news(self, step: Step) -> None:
        """What an answer told of the site besides its records: the site's totals (stats, for the
        progress line and the crawl record) and records gone (the store pipeline marks them)."""
        assert self.rest_crawl is not None
        totals = self.rest_crawl.site_totals
        for key, name in ((TOTAL_ARTICLES, "articles"), (TOTAL_COMMENTS, "comments")):
            if name in totals:
                self.crawler.stats.set_value(key, totals[name])
        for removal in step.removals:
            self.crawler.signals.send_catch_log(
                dn_signals.records_removed, kind=removal.kind, ids=removal.ids, urls=(), reason=removal.reason
            )

    def rest_refused(self, url: str, reason: str, by_robots: bool = False) -> Iterator[Request]:
        """The API refused mid-crawl: one warning, then (auto) the page walk reads everything."""
        if self.rest_crawl is not None and self.rest_crawl.not_here and self.run.source == "auto":
            # Not refused: absent at this address. The page walk's detection looks for it
            # elsewhere (/?rest_route=/) and enriches the pages from it if found.
            self.rest_crawl = None
            self.crawler.stats.set_value(f"{STATS}/source/fallback", f"no API at {self.api_root}")
            logger.info("No REST API at %s (%s): walking the pages", self.api_root, reason)
            yield from self.detect()
            return
        first = self.rest_blocked is None
        self.note_blocked(url, reason, by_robots)
        if not first:
            return
        if self.run.source == "rest":
            self.stop_rest_run(url, reason, by_robots)
        self.crawler.stats.set_value(f"{STATS}/source/fallback", reason)
        yield from self.detect()

    def spider_idle(self) -> None:
        """The REST crawl's verdict, once every answer and item is through (:func:`~defense_news.rest.verdict.judge`).

        Only a crawl read to the end sets ``source`` to ``rest``, which moves the next run's
        ``rest_since``. Otherwise ``source=auto`` walks the pages now, and ``source=rest``
        ends with ``rest_incomplete`` (exit status 1); either way the next run asks again
        from the last complete REST run.
        """
        self.gone_pages_judged()
        if self.reconcile is not None:
            self.reconciled()
            return
        crawl = self.rest_crawl
        if crawl is None or self._rest_judged:
            return
        self._rest_judged = True
        self.forget_rest_crawl()  # judged: a run resuming this JOBDIR starts a crawl of its own
        stats = self.crawler.stats
        if not crawl.comments_whole():
            self.crawler.signals.send_catch_log(
                dn_signals.counts_unknown,
                article_urls=sorted(crawl.comment_threads),
                reason=f"REST comments not read whole ({crawl.comments_lost()})",
            )
        dropped = sum(n for key, n in stats.get_stats().items() if key.startswith(f"{STATS}/dropped/"))
        verdict = judge(crawl, dropped)
        self.findings.listed_posts(crawl.posts_seen, changes_only=crawl.since is not None)
        if verdict.complete:
            stats.set_value(f"{STATS}/source", "rest")
            if not crawl.posts_seen:
                self.findings.nothing_at(f"REST API {self.api_root} (no posts)")
            logger.info("REST API read to the end: %d posts", crawl.posts_seen)
            self.start_reconcile(crawl)
            return
        if self.run.source == "auto" and crawl.blocked is not None:
            return  # already walking the pages, since the refusal
        stats.set_value(f"{STATS}/rest/incomplete", len(verdict.losses))
        since = self.site_state.rest_since if not self.args.full else None
        again = f"from {since}" if since else "everything"
        if self.run.source == "auto":
            logger.warning(
                "REST API not read whole (%s): walking the pages; the next run reads %s again", verdict.summary, again
            )
            stats.set_value(f"{STATS}/source/fallback", "REST API not read whole")
            assert self.crawler.engine is not None
            for request in self.detect():
                self.crawler.engine.crawl(request)
            raise DontCloseSpider
        logger.error(
            "source=rest: the REST API was not read whole (%s); the next run reads %s again", verdict.summary, again
        )
        self.findings.closing = REST_INCOMPLETE
        raise CloseSpider(REST_INCOMPLETE)

    def discovery_requests(self) -> Iterator[Request]:
        mode = self.args.discovery
        logger.info("Discovering articles through %s", mode)
        if mode == "sitemap":
            yield Request(
                urljoin(self.base_url, "robots.txt"),
                callback=self.parse_robots,
                errback=self.robots_failed,
                meta={"handle_httpstatus_all": True, **DATA_META},
            )
        elif mode == "feed":
            for url in discovery.feed_urls(self.base_url, [self.category_url(s) for s in self.args.categories or ()]):
                yield Request(url, callback=self.parse_feed, errback=self.feed_failed, meta=dict(DATA_META))
        elif mode == "api":
            if self.args.categories:
                logger.warning(
                    "discovery=api lists every post: categories=%s is ignored", ",".join(self.args.categories)
                )
            if self.rest_blocked is not None:  # detection found no API: asking would be refused again
                yield from self.api_fallback()
                return
            self._post_list = discovery.post_list(self.api_root, self.run.rest_per_page)
            for ask in self._post_list.ask([1]):
                yield self.posts_request(ask.url, ask.page)

    def discovered(self, url: str, facts: PostFacts | None = None, date_hint: Any = None) -> Request | None:
        if not self.run.on_site(url):
            self.count("offsite_links_ignored")
            return None
        self.count(f"discovered/{self.args.discovery}")
        # Priority 0, below the walk's articles (as discovery has always asked them).
        request = self.article_request(url, priority=0, rest_facts=facts)
        if date_hint is not None:
            # A date the feed or sitemap gave, for a theme that prints none (see pages.article.with_date_hint).
            request.meta["date_hint"] = date_hint
        return request

    def parse_robots(self, response: Response) -> Iterator[Request]:
        for url in discovery.sitemaps_of_robots(response, self.base_url):
            yield Request(url, callback=self.parse_sitemap, meta={**discovery.SITEMAP_META, **DATA_META})

    def robots_failed(self, failure: Failure) -> Iterator[Request]:
        logger.info("robots.txt failed (%s); trying the default sitemaps", failure.getErrorMessage())
        for url in discovery.default_sitemaps(self.base_url):
            yield Request(url, callback=self.parse_sitemap, meta={**discovery.SITEMAP_META, **DATA_META})

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        if response.status != 200:
            logger.info("No sitemap at %s (%s)", response.url, response.status)
            self.findings.nothing_at(f"sitemap {response.url} (HTTP {response.status})")
            return
        self.count("sitemaps")
        stored = self.site_state.article_versions if self.run.config.sitemap_skip_unchanged else {}
        children, entries = discovery.sitemap_entries(
            response, self.run, self.timezone, stored, self.count, self.findings.article
        )
        if not children and not entries:
            self.findings.nothing_at(f"sitemap {response.url} (no posts)")
        for url in children:
            yield Request(url, callback=self.parse_sitemap, meta={**discovery.SITEMAP_META, **DATA_META})
        for url, hint in entries:
            if (request := self.discovered(url, date_hint=hint)) is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        self.count("feeds")
        entries = discovery.feed_articles(response, self.run, self.timezone, self.findings.article)
        if entries is None:
            logger.warning("No items in feed %s", response.url)
            self.findings.nothing_at(f"feed {response.url} (no items)")
        for url, hint in entries or ():
            if (request := self.discovered(url, date_hint=hint)) is not None:
                yield request

    def feed_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        logger.info("No feed at %s (%s)", request.url, failure_reason(failure))
        self.findings.nothing_at(f"feed {request.url} ({failure_reason(failure)})")

    def parse_rest_posts(self, response: Response, page: int) -> Iterator[Request]:
        answer = read_answer(response)
        if self._post_list is None:
            self._post_list = discovery.post_list(self.api_root, self.run.rest_per_page)
            self._post_list.asked.add(page)
        if answer.blocked or answer.problem or (not answer.past_last_page and not isinstance(answer.data, list)):
            # Refused, or a page of the list lost (enrichment requests are not retried): the walk finds all.
            self.note_blocked(response.url, answer.blocked or answer.problem or f"HTTP {answer.status}, not a list")
            yield from self.api_fallback()
            return
        if answer.past_last_page:
            self._post_list.past_last(page)
            return
        self.count("rest/post_pages")
        for facts in discovery.api_articles(answer, self.run, self.timezone, self.count, self.findings.article):
            if (request := self.discovered(facts.link or "", facts if self.run.rest_enabled else None)) is not None:
                yield request
        for ask in self._post_list.records(page, answer.data, answer.total, answer.total_pages):
            yield self.posts_request(ask.url, ask.page)

    def posts_request(self, url: str, page: int) -> Request:
        return Request(
            url,
            callback=self.parse_rest_posts,
            errback=self.posts_failed,
            cb_kwargs={"page": page},
            meta=dict(REST_META),
        )

    def posts_failed(self, failure: Failure) -> Iterator[Request]:
        """Network-level failure of a post-list page: the same as a blocked API."""
        self.note_blocked(failure.request.url, failure.getErrorMessage(), refused_by_robots(failure))  # type: ignore[attr-defined]
        yield from self.api_fallback()

    def api_fallback(self) -> Iterator[Request]:
        logger.log(self.warning_level, "discovery=api needs the REST API; walking the categories instead")
        self.crawler.stats.set_value(f"{STATS}/discovery_fallback", "categories")
        yield from self.category_start()
