"""The page walk: category listings → articles (plus newly seen categories) → comment pages,
each page enriched from the REST API when it answers (``source=html``, :mod:`.enriching`).

Decisions are plain functions and state: :mod:`defense_news.walk` (listing entries, pages
not stored), :class:`defense_news.threads.ThreadWalk` (a thread's pages),
:mod:`defense_news.rest.enrichment` (batches, merges, hidden threads).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from .. import signals as dn_signals
from .. import walk
from ..items import Article, Comment
from ..pages import ArticlePage, ListingPage, menu_category_urls, page_category_urls
from ..pages.article import with_date_hint
from ..rest.records import PostFacts
from ..storage import KnownArticles
from ..threads import ThreadWalk
from ..urls import category_slug, listing_base, post_slug
from .category_names import CategoryNaming
from .enriching import EnrichingSpider
from .requests import (
    ARTICLE_PRIORITY,
    COMMENT_PAGE_PRIORITY,
    RESUMED,
    STATS,
    failure_level,
    failure_reason,
    not_found,
    page_meta,
    refused_by_robots,
)

logger = logging.getLogger(__name__)


class PageWalkSpider(CategoryNaming, EnrichingSpider):
    """Walks a site's pages; see the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.missing_categories: list[str] = []
        self.categories_seen: set[str] = set()
        self.threads = ThreadWalk()
        # Whether categories named on articles get their listings walked.
        self.category_walk = self.args.discovery == "categories"
        # Stored articles an incremental walk skips; set in category_start(). Empty: everything is new.
        self.known = KnownArticles()
        # What the run found where (defense_news.outcome judges a run that found nothing).
        self.findings = walk.Findings(self.count)
        # Stored articles WordPress answered "not found" for: judged when the run is idle.
        self.gone_pages = walk.GonePages()

    def configure(self, settings: BaseSettings) -> None:
        super().configure(settings)
        # Each listing walk's articles so far, and its depth cap.
        self.walks = walk.ListingWalks(self.run.config.max_listing_pages, self.findings)
        self.threads.max_pages = self.run.config.max_comment_pages

    def recheck_requests(self) -> Iterator[Request]:
        """The rolling re-check: older stored articles due again (KnownArticles.recheck), which
        a listing walk that stops at its first known page never reaches. Not with full=1 (every
        article is read) nor since= (older articles are not wanted)."""
        if self.args.full or self.args.since is not None:
            return
        for url in self.site_state.known.recheck:
            if self.run.on_site(url):
                self.count("recheck/articles")
                yield self.article_request(url)

    def category_url(self, slug: str) -> str:
        return urljoin(self.base_url, f"{self.category_base}/{slug}/")

    def category_start(self) -> Iterator[Request]:
        self.category_walk = True
        # Stored articles, for an incremental run (nothing with full=1 or without a database).
        self.known = KnownArticles() if self.args.full else self.site_state.known
        if self.args.categories:
            for slug in self.args.categories:
                yield self.category_request(self.category_url(slug))
        else:
            # Categories come from the site's menu, with the profile's list as a fallback.
            yield Request(self.base_url, callback=self.parse_home, errback=self.home_failed, meta=page_meta("home"))

    def category_request(self, url: str) -> Request:
        if url not in self.categories_seen:
            self.categories_seen.add(url)
            self.crawler.stats.set_value(f"{STATS}/categories_discovered", len(self.categories_seen))
        return self.listing_request(url)

    def listing_request(self, url: str, page: int = 1) -> Request:
        meta = {"category": category_slug(url, self.category_base), **page_meta("listing")}
        return Request(
            url, callback=self.parse_listing, errback=self.listing_failed, cb_kwargs={"page": page}, meta=meta
        )

    def fallback_categories(self, none_level: int = logging.ERROR) -> Iterator[Request]:
        if self.site.site_categories:
            logger.info("Using the %d categories the site lists", len(self.site.site_categories))
            urls = list(self.site.site_categories)
        elif self.run.default_categories:
            logger.info("Using the site profile's categories: %s", ", ".join(self.run.default_categories))
            urls = [self.category_url(slug) for slug in self.run.default_categories]
        else:
            self.count("no_categories_to_walk")
            none = "the home page named none, the site profile lists none"
            logger.log(self.quiet_if_no_wordpress(none_level), "No categories to walk: %s", none.replace(",", " and"))
            self.findings.nothing_at(f"categories ({none})")
            urls = []
        for url in urls:
            yield self.category_request(url)

    def parse_home(self, response: Response) -> Iterator[Request]:
        """Categories from the menu, else from links on the home page; a site whose home page
        links no category (block themes) is walked from its home listing, and the categories
        named on its article pages as they are found."""
        if not isinstance(response, HtmlResponse):
            yield from self.fallback_categories()
            return
        urls = menu_category_urls(response, self.category_base)
        urls += [url for url in self.site.site_categories if url not in urls]
        urls = urls or page_category_urls(response, self.category_base)
        if urls:
            logger.info("Crawling %d categories linked from %s", len(urls), response.url)
            for url in urls:
                yield self.category_request(url)
            return
        logger.info("No category links on %s: walking its listing and the categories of its articles", response.url)
        yield from self.parse_listing(response)

    def home_failed(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        self.count("home_not_found", int(not_found(failure)))  # said with the outcome: no WordPress site?
        reason = failure_reason(failure)
        logger.log(failure_level(failure, not_found_info=True), "Home page %s failed (%s)", request.url, reason)
        self.findings.nothing_at(f"home page {request.url} ({reason})")
        self.page_failed("home", request.url, reason)
        yield from self.fallback_categories(failure_level(failure))  # robots.txt's refusal: said once (outcome)

    def parse_listing(self, response: Response, page: int | None = None) -> Iterator[Request]:
        if not isinstance(response, HtmlResponse):
            self.count("skipped/not_html")
            return
        listing = ListingPage(response, self.timezone, self.now)
        page = page or listing.page_number
        slug = category_slug(listing_base(response.url), self.category_base)
        self.learn_categories([(slug, listing.category_name())])
        found = walk.read_listing(listing, page, self.run, self.timezone, self.known, self.walks, self.count)
        if found.empty:
            logger.log(self.quiet_if_no_wordpress(logging.WARNING), "No article links on listing %s", response.url)
        yield from self.article_requests(response, found.wanted)
        if found.stop:
            logger.log(found.stop_level, "%s", found.stop)
            return
        if found.older_than_since or (self.args.max_pages is not None and page >= self.args.max_pages):
            return
        next_url = listing.next_page_url()
        if next_url and self.run.on_site(next_url):
            yield self.listing_request(next_url, page + 1)

    def listing_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        slug = request.meta.get("category") or request.url
        status = failure.value.response.status if failure.check(HttpError) else None
        self.count("listing_failed")
        self.page_failed("listing", request.url, failure_reason(failure))
        self.findings.nothing_at(f"listing {request.url} ({failure_reason(failure)})")
        if status in (404, 410) and request.cb_kwargs.get("page", 1) == 1:
            self.missing_categories.append(slug)
            self.crawler.stats.set_value(f"{STATS}/missing_categories", list(self.missing_categories))
            # The user's own slug is said now; others are summed up (closing summary, outcome).
            level = logging.ERROR if slug in (self.run.args.categories or ()) else logging.INFO
            logger.log(level, "Category %r does not exist on the site: %s answered %s", slug, request.url, status)
        else:
            logger.log(failure_level(failure), "Listing %s failed: %s", request.url, failure_reason(failure))

    def article_request(self, url: str, priority: int = ARTICLE_PRIORITY, **cb_kwargs: Any) -> Request:
        return Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            priority=priority,
            cb_kwargs=cb_kwargs,
            meta=page_meta("article"),
        )

    def article_failed(self, failure: Failure) -> Iterator[Request] | None:
        """An article that could not be fetched: named in the log and counted, nothing stored."""
        self.count("failed/article")
        self.page_failed("article", failure.request.url, failure_reason(failure))  # type: ignore[attr-defined]
        self.findings.nothing_at(f"page {failure.request.url} ({failure_reason(failure)})")  # type: ignore[attr-defined]
        url = failure.request.url  # type: ignore[attr-defined]
        logger.log(failure_level(failure), "Article not stored, %s failed: %s", url, failure_reason(failure))
        if failure.check(HttpError):
            response = failure.value.response  # type: ignore[attr-defined]
            self.page_gone(failure.request.url, response.status, self.wordpress_not_found(response))  # type: ignore[attr-defined]
        return None  # WordPressSpider checks a stored article's page gone (its requests)

    def wordpress_not_found(self, response: Response) -> bool:
        """Whether an error's page is WordPress's own "not found" template (``body.error404``)."""
        return isinstance(response, HtmlResponse) and self.page_of(response).is_not_found()

    def page_gone(self, url: str, status: int, wordpress_says: bool = False) -> None:
        """A stored article's page answering 410 or 404 where the REST API cannot say (no API, no
        post id; else WordPressSpider asks posts/<id>). 410 Gone, which a site answers only on
        purpose, marks it removed. A 404 in WordPress's own "not found" page says WordPress shows
        no post there (trashed, unpublished, made private): judged when the run is idle
        (:class:`~defense_news.walk.GonePages`). Any other 404 (a proxy's, a bare server's) may be
        passing and marks nothing."""
        if status not in (404, 410) or url not in self.site_state.known.urls:
            return
        if self.rest_usable and self.site_state.post_ids.get(url) is not None:
            return
        if status == 404 and wordpress_says:
            self.gone_pages.not_found.append(url)
            return
        if status == 404:
            self.count("removals/article_404_unconfirmed")
            logger.info("Stored article %s answered 404, not WordPress's not-found page: kept live", url)
            return
        self.count("removals/articles_gone_410")
        self.crawler.signals.send_catch_log(
            dn_signals.records_removed, kind="articles", ids=(), urls=[url], reason=f"{url} answered 410 Gone"
        )

    def gone_pages_judged(self) -> None:
        """Once the run is idle: stored articles WordPress answered "not found" for are marked
        removed, unless a listing of this run still lists them or the whole site answered so."""
        gone, kept, why = self.gone_pages.verdict(self.findings.urls)
        if kept:
            self.count("removals/article_not_found_not_trusted", len(kept))
            logger.warning(
                "%d stored articles answered WordPress's not-found page but none marked removed (%s): %s",
                len(kept),
                why,
                ", ".join(kept[:5]) + (" …" if len(kept) > 5 else ""),
            )
        if gone:
            self.count("removals/articles_gone_404", len(gone))
            self.crawler.signals.send_catch_log(
                dn_signals.records_removed,
                kind="articles",
                ids=(),
                urls=gone,
                reason="WordPress answered its not-found page (404)",
            )

    def thread_incomplete(self, failed_url: str, reason: str, article_url: str, post_id: int | None) -> None:
        """Comments of a thread lost (an HTML or REST page): named, counted, recorded for the next run."""
        self.count("failed/comment_page")
        self.page_failed("comment_page", failed_url, reason)
        logger.error("Comment page %s failed: %s; thread of %s marked incomplete", failed_url, reason, article_url)
        if self.threads.lost_page(article_url):
            self.count("incomplete_threads")
        self.crawler.signals.send_catch_log(
            dn_signals.thread_incomplete, article_url=article_url, post_id=post_id, failed_url=failed_url, reason=reason
        )

    def article_page(self, response: Response) -> ArticlePage | None:
        """The article (or comment) page behind ``response``; None, counted and logged, when it is not HTML."""
        if not isinstance(response, HtmlResponse):
            self.count("skipped/not_html")
            logger.warning("Skipping non-HTML response %s", response.url)
            return None
        return self.page_of(response)

    def parse_article(
        self, response: Response, rest_facts: PostFacts | None = None, batched: bool = False
    ) -> Iterator[Article | Comment | Request]:
        page = self.article_page(response)
        if page is None:
            return
        skip = walk.not_stored(page)
        self.findings.page(response.url, skip)
        if self.skipped(skip, response.url):
            return
        self.gone_pages.read += 1
        article = with_date_hint(page.article(), response.meta.get("date_hint"), self.timezone)
        terms = self.take_category_terms(page.category_terms, article.url)
        resumed = bool(response.meta.get(RESUMED))
        if not resumed and self.skipped(walk.too_old(article, self.run, self.timezone), article.url):
            return  # nor its comments
        # An undated page under since= is judged by REST's date (merge): its comments wait for it.
        held = bool(
            article.url and not resumed and self.run.since and article.published_at is None and self.rest_usable
        )
        if page.date_disagreements:
            self.count("dates/page_sources_disagree")
        if page.overlong_titles:
            self.count("titles/overlong")
            logger.warning("%s states a title longer than a headline may be: passed over or cut", response.url)
        system = page.comment_system()
        if system is not None:
            self.count(f"comments/third_party/{system}")
            logger.warning("Comments are served by %s: not collected (%s)", system, response.url)
        shown = {c.comment_id for c in page.comments() if c.comment_id is not None}
        self.heading_compared(page.permalink, article.comment_count)
        self.threads.opened(page.permalink, article.comment_count)
        paged = bool(page.comment_page_urls())
        # The article itself waits for its other pages and the REST answer (if any); comments go out
        # now, unless held for REST's date (released by article_with_rest's every branch).
        rest_args = (shown, paged, post_slug(page.permalink), rest_facts, batched, held)
        if held:
            self.held_threads[article.url or ""] = page
        more = [url for url in page.body_page_urls() if self.run.on_site(url)]
        if more:
            self.count("articles_in_pages")
            yield self.body_page_request(more, article, rest_args)
        else:
            yield from self.article_with_rest(article, *rest_args)
        if not held:
            yield from self.comments_and_pages(page)
        if self.args.categories is None and self.category_walk:
            # Categories missing from the menu still get their listings walked (the unnamed: to name them).
            for url in [*page.category_urls(), *(self.category_url(slug) for slug in terms.unnamed)]:
                if url not in self.categories_seen and self.run.on_site(url):
                    yield self.category_request(url)

    def body_page_request(self, urls: list[str], article: Article, rest_args: tuple[Any, ...]) -> Request:
        """Page 2, 3... of a post split by <!--nextpage-->: the article waits for its whole text."""
        return Request(
            urls[0],
            callback=self.parse_body_page,
            errback=self.body_page_failed,
            cb_kwargs={"urls": urls[1:], "article": article, "rest_args": rest_args},
            priority=COMMENT_PAGE_PRIORITY,
            meta=page_meta("article"),
        )

    def parse_body_page(
        self, response: Response, urls: list[str], article: Article, rest_args: tuple[Any, ...]
    ) -> Iterator[Article | Comment | Request]:
        text = self.page_of(response).body_text() if isinstance(response, HtmlResponse) else None
        if text:
            body = "\n\n".join(part for part in (article.body_text, text) if part)
            article = replace(article, body_text=body, word_count=len(body.split()))
        else:
            self.count("body_pages_empty")
            logger.warning("No text on page %s of article %s", response.url, article.url)
        if urls:
            yield self.body_page_request(urls, article, rest_args)
        else:
            yield from self.article_with_rest(article, *rest_args)

    def body_page_failed(self, failure: Failure) -> Iterator[Article | Comment | Request]:
        """A lost page of a split post: the article is stored with the text read so far and
        marked, as an incomplete thread is, so the next run reads it again."""
        request: Request = failure.request  # type: ignore[attr-defined]
        article: Article = request.cb_kwargs["article"]
        reason = failure_reason(failure)
        self.count("failed/body_page")
        self.page_failed("body_page", request.url, reason)
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
        self.threads.page_done(article_url or response.url)
        if page.is_not_found():
            self.count("soft_404")
            reason = "soft 404 (HTTP 200 with the site's not-found page)"
            self.thread_incomplete(response.url, reason, article_url or response.url, post_id)
            self.thread_judged(article_url or response.url)
            return
        self.count("comment_pages")
        yield from self.comments_and_pages(page, post_id=post_id, article_url=article_url)

    def comment_page_failed(self, failure: Failure) -> None:
        """A comment page lost: the article's thread is incomplete, recorded for the next run."""
        request: Request = failure.request  # type: ignore[attr-defined]
        article_url = request.cb_kwargs.get("article_url") or request.url
        self.threads.page_done(article_url)
        if refused_by_robots(failure):
            # The site's choice (SEO set-ups often disallow */comment-page-*): not a page to fetch
            # again next run, where robots.txt would refuse it again. The thread is read in part
            # (no comment marked removed), and the run's one robots.txt line counts the refusal.
            self.threads.lost_page(article_url)
            logger.info(
                "Comment page %s not fetched: robots.txt disallows it (thread of %s read in part)",
                request.url,
                article_url,
            )
        else:
            self.thread_incomplete(request.url, failure_reason(failure), article_url, request.cb_kwargs.get("post_id"))
        self.thread_judged(article_url)

    def comments_and_pages(
        self, page: ArticlePage, post_id: int | None = None, article_url: str | None = None
    ) -> Iterator[Comment | Request]:
        # A page fetched for its comments (parse_comment_page names its article), not the article's.
        comment_page = article_url is not None
        post_id = post_id or page.post_id
        article_url = article_url or page.permalink
        comments = page.thread.comments(post_id=post_id, article_url=article_url)
        fresh = self.threads.shown(article_url, (c.comment_id for c in comments))
        yield from comments
        if page.thread.ambiguous_times:
            self.count("comments/ambiguous_time", page.thread.ambiguous_times)
        response = page.response
        follow = self.threads.pages_to_follow(
            response.url,
            page.comment_page_number(),
            article_url,
            page.comment_page_urls(),
            fresh=fresh,
            comment_page=comment_page,
        )
        if follow.repeats:
            self.count("comments/no_new_comments")
            logger.log(
                self.walks.level("comments_repeat"),
                "Stopping the comment pages of %s at %s: it shows no comment its earlier pages did not "
                "(pagination that never ends?)",
                article_url,
                response.url,
            )
        if follow.capped:
            self.count("comments/max_pages_reached")
            logger.log(
                self.walks.level("comments_max_pages"),
                "Stopping the comment pages of %s at %s: %d pages of this thread read, the most "
                "DEFENSE_NEWS_MAX_COMMENT_PAGES=%d allows; the thread is not read whole",
                article_url,
                response.url,
                self.threads.max_pages,
                self.threads.max_pages,
            )
        for url in follow.urls:
            yield response.follow(
                url,
                callback=self.parse_comment_page,
                errback=self.comment_page_failed,
                cb_kwargs={"post_id": post_id, "article_url": article_url},
                priority=COMMENT_PAGE_PRIORITY,
                meta=page_meta("comments"),
            )
        self.thread_judged(article_url)

    def heading_compared(self, article_url: str, stated: int | None) -> None:
        """The count an article page states against the live comments stored (issue 20 item 5): a
        thread that changed since it was stored (an approval, a removal) is read whole, as every
        thread of a page the walk reads is, and counted."""
        stored = self.site_state.known.comment_counts.get(article_url)
        if stated is not None and stored is not None and stated != stored:
            self.count("recheck/heading_count_differs")
            logger.info("%s states %d comments, %d stored: its thread is read again", article_url, stated, stored)

    def thread_judged(self, article_url: str) -> None:
        """Once a thread's last page is read: stored comments its pages no longer show are marked
        removed, when the pages showed the whole thread (:meth:`ThreadWalk.verdict`)."""
        verdict = self.threads.verdict(article_url)
        if verdict is None:
            return
        if verdict.problem is not None:
            self.count("threads/not_whole_on_pages")
            logger.debug("Thread of %s not read whole (%s): no comment marked removed", article_url, verdict.problem)
            return
        self.count("threads/whole_on_pages")
        gone = self.site_state.live_comment_ids(article_urls=[article_url]) - verdict.ids
        if gone and not verdict.ids:
            # Pages showing no comment at all: a thread emptied looks like one a plugin loads
            # later by script (its form shown, its list not); every stored comment stays live.
            self.count("removals/empty_thread_not_trusted")
            logger.info(
                "%s shows no comment, %d stored: none marked removed (an empty thread is no proof)",
                article_url,
                len(gone),
            )
        elif gone:
            self.count("removals/comments_gone_from_pages", len(gone))
            self.crawler.signals.send_catch_log(
                dn_signals.records_removed,
                kind="comments",
                ids=sorted(gone),
                urls=(),
                reason=f"no longer on the pages of {article_url}, which show its whole thread",
            )
