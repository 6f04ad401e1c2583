"""REST enrichment of the pages walked (``source=html``): a listing's posts asked for in one
batch, an article's post record merged into its page (:func:`defense_news.rest.enrichment.enrich`),
the comments REST has that the pages hide (:class:`~defense_news.rest.enrichment.ThreadRead`).
A blocked API is noted once and the walk carries on with the pages' values.

Under ``-a since=`` an article page that prints no date is judged by REST's date: its comments
are held (:attr:`EnrichingSpider.held_threads`) until that answer keeps the article or skips it,
so that no comment is stored for an article that is not.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any, NoReturn

from scrapy import Request
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse, Response
from twisted.python.failure import Failure

from .. import signals as dn_signals
from .. import walk
from ..finish_reasons import ROBOTS_DISALLOWED
from ..items import Article, Comment
from ..pages import ArticlePage
from ..rest import routes
from ..rest.answers import read_answer
from ..rest.crawl import Ask
from ..rest.enrichment import ThreadRead, batch_url_for, enrich, facts_by_url, listing_post_ids, thread_for
from ..rest.records import PostFacts, post_facts
from ..urls import post_slug
from .requests import ARTICLE_PRIORITY, REST_META, REST_REFUSED, STATS, failure_reason, refused_by_robots
from .site import SiteSpider

logger = logging.getLogger(__name__)


class EnrichingSpider(SiteSpider):
    """The REST side of the page walk (see the module docstring); the pages' side is
    :class:`~defense_news.spiders.pagewalk.PageWalkSpider`'s."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Listing entries whose REST batch was asked already (source=html enrichment).
        self._batched: set[str] = set()
        # Article URL -> its page (an ArticlePage), whose comments wait for the REST date: held in
        # memory, not in the request, which may go to a JOBDIR queue (a response does not pickle).
        self.held_threads: dict[str, ArticlePage] = {}

    def article_request(self, url: str, priority: int = ARTICLE_PRIORITY, **cb_kwargs: Any) -> Request:
        raise NotImplementedError  # the page walk's

    def thread_incomplete(self, failed_url: str, reason: str, article_url: str, post_id: int | None) -> None:
        raise NotImplementedError  # the page walk's

    def learn_categories(self, names: Iterable[tuple[str | None, str | None]]) -> None:
        raise NotImplementedError  # the page walk's (CategoryNaming)

    def comments_and_pages(
        self, page: ArticlePage, post_id: int | None = None, article_url: str | None = None
    ) -> Iterator[Comment | Request]:
        raise NotImplementedError  # the page walk's

    def released(self, article: Article, held: bool) -> Iterator[Comment | Request]:
        """The comments (and comment pages) of ``article``'s page, held for its REST date, now
        that the article is kept. A page held by a run paused before the answer came is lost
        with that run's memory: its thread is marked incomplete, read again by the next run."""
        page = self.held_threads.pop(article.url or "", None)
        if page is not None:
            yield from self.comments_and_pages(page)
        elif held:
            url = article.url or ""
            reason = "its comments waited for REST's date when the run was paused"
            self.count("threads/held_lost_in_pause")
            logger.warning("Comments of %s not read: %s; its thread is marked incomplete", url, reason)
            self.crawler.signals.send_catch_log(
                dn_signals.thread_incomplete, article_url=url, post_id=article.post_id, failed_url=url, reason=reason
            )

    def rest_request(self, url: str, callback: Any, **cb_kwargs: Any) -> Request:
        return Request(url, callback=callback, errback=self.rest_failed, cb_kwargs=cb_kwargs, meta=dict(REST_META))

    def note_blocked(self, url: str, reason: str, by_robots: bool = False) -> None:
        self.count("rest/blocked_responses")
        if self.rest_blocked is None:
            self.rest_blocked = reason
            self.crawler.stats.set_value(f"{STATS}/rest/blocked", reason)
            if by_robots:
                # The site's choice: the run's one robots.txt line names it (outcome.RobotsRefusals).
                self.crawler.stats.set_value(f"{STATS}/rest/refused_by_robots", True)
            if self.run.source != "rest":  # source=rest stops instead (rest_refused)
                level = logging.INFO if by_robots else logging.WARNING
                logger.log(level, "REST API not usable (%s at %s): carrying on with HTML only", reason, url)

    def stop_rest_run(self, url: str, reason: str, by_robots: bool) -> NoReturn:
        """A ``source=rest`` run the API refused stops: it could not do what was asked, and a
        scheduler must hear of it (exit status 1), as security plugins often switch the API off
        after a site was set up. ``source=auto`` walks the pages instead."""
        self.count("rest/refused")
        if by_robots:
            # The site's choice, not the API's refusal: the run's one line is robots.txt's, as when
            # it refuses the pages (outcome.ArticlesNotFound), and no "REST API among them" warning.
            logger.error(
                "robots.txt of %s disallows every page this run asked for (the REST API, source=rest: %s): "
                "nothing crawled",
                self.base_url,
                url,
            )
            raise CloseSpider(ROBOTS_DISALLOWED)
        logger.error(
            "source=rest: the REST API refused (%s at %s); nothing more is read. source=auto walks the pages instead.",
            reason,
            url,
        )
        raise CloseSpider(REST_REFUSED)

    def rest_failed(self, failure: Failure) -> Iterator[Any]:
        """Network-level failure of a REST request: same as a blocked API."""
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy on errbacks
        self.note_blocked(request.url, failure.getErrorMessage(), refused_by_robots(failure))
        kwargs = request.cb_kwargs
        if kwargs.get("article") is not None:
            yield kwargs["article"]
            yield from self.released(kwargs["article"], kwargs.get("held", False))
        elif request.callback == self.parse_rest_batch:
            yield from self.batch_articles(kwargs["urls"], {})
        elif request.callback == self.parse_rest_comments:
            thread: ThreadRead = kwargs["thread"]
            self.thread_incomplete(request.url, failure_reason(failure), thread.article_url, thread.post_id)
            yield from self.rest_thread(thread)

    def article_with_rest(
        self,
        article: Article,
        shown: set[int],
        paged: bool,
        slug: str | None,
        facts: PostFacts | None,
        batched: bool,
        held: bool = False,
    ) -> Iterator[Article | Comment | Request]:
        """The article, enriched from REST when the API answers: from its listing page's batch
        answer, the api discovery's post list, or (found another way) one request of its own.
        ``held``: its page's comments wait for REST's date (see the module docstring)."""
        if not self.rest_usable:
            yield article
        elif facts is not None:
            yield from self.merge(article, facts, shown, paged, held)
            return
        elif batched:
            # Its listing's batch had no such post (a page, a redirect): the page's values stand.
            self.count("rest/not_in_batch")
            yield article
        elif article.post_id is not None or slug:
            url = routes.post_url(self.api_root, article.post_id, slug)
            yield self.rest_request(url, self.parse_rest_post, article=article, shown=shown, paged=paged, held=held)
            return
        else:
            yield article
        yield from self.released(article, held)

    def parse_rest_post(
        self, response: Response, article: Article, shown: set[int], paged: bool, held: bool = False
    ) -> Iterator[Article | Comment | Request]:
        answer = read_answer(response)
        if answer.blocked:
            self.note_blocked(response.url, answer.blocked)
            yield article
            yield from self.released(article, held)
            return
        data = answer.data[0] if isinstance(answer.data, list) and answer.data else answer.data
        facts = post_facts(data) if answer.ok else None
        if facts is None:
            self.count("rest/post_not_found")
            logger.info("REST has no post for %s (%s): HTML values kept", article.url, response.status)
            yield article
            yield from self.released(article, held)
            return
        yield from self.merge(article, facts, shown, paged, held)

    def merge(
        self, article: Article, facts: PostFacts, shown: set[int], paged: bool, held: bool = False
    ) -> Iterator[Article | Comment | Request]:
        result = enrich(article, facts, self.timezone)
        self.learn_categories(facts.category_names.items())
        self.count("rest/enriched")
        for name in result.taken:
            self.count(f"source/rest/{name}")
        for name in result.refined:
            self.count(f"rest/refined/{name}")
        for name, html_value, rest_value in result.disagreements:
            self.count(f"rest/disagreements/{name}")
            logger.warning(
                "HTML and REST disagree on %s of %s: HTML %r, REST %r (REST kept)",
                name,
                article.url,
                html_value,
                rest_value,
            )
        enriched = result.article
        if article.published_at is None and self.skipped(walk.too_old(enriched, self.run, self.timezone), enriched.url):
            self.held_threads.pop(article.url or "", None)  # nor its comments
            return  # its only date is REST's
        if result.taken:
            logger.debug("From REST for %s: %s", enriched.url, ", ".join(result.taken))
        thread = thread_for(self.api_root, enriched, facts, shown, paged, self.run.rest_per_page)
        if thread is None or thread.article is None:
            yield enriched  # else held until its thread is read (rest_thread)
        yield from self.released(article, held)
        if thread is not None:
            yield from self.thread_requests(thread, thread.paging.ask([1]))

    def thread_requests(self, thread: ThreadRead, asks: list[Ask]) -> Iterator[Request]:
        for ask in asks:
            yield self.rest_request(ask.url, self.parse_rest_comments, thread=thread, page=ask.page)

    def parse_rest_comments(
        self, response: Response, thread: ThreadRead, page: int
    ) -> Iterator[Comment | Article | Request]:
        """Read every comment page (the one paging rule), then emit those the HTML did not show."""
        answer = read_answer(response)
        if answer.ok and isinstance(answer.data, list):
            self.count("rest/comment_pages")
            asks = thread.on_records(page, answer)
            if asks:
                yield from self.thread_requests(thread, asks)
                return
            if thread.paging.pending:
                return  # an earlier page's answer is still to come
        elif answer.past_last_page:
            thread.paging.past_last(page)
        else:
            if answer.blocked:
                self.note_blocked(response.url, answer.blocked)
            # The comments read so far are kept; the rest are asked again by the next run.
            thread.paging.lose(page, answer.blocked or answer.problem or f"HTTP {answer.status}, no list of comments")
        if thread.loss:
            self.thread_incomplete(response.url, thread.loss, thread.article_url, thread.post_id)
        yield from self.rest_thread(thread)

    def rest_thread(self, thread: ThreadRead) -> Iterator[Comment | Article]:
        for comment in thread.comments(self.now, self.timezone):
            self.count("source/rest/comments")
            yield comment
        if (article := thread.counted_article()) is not None:
            yield article

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
        self._batched.update(fresh)
        if not fresh:
            return  # every one was asked with an earlier listing page
        batch = batch_url_for(self.api_root, fresh, listing_post_ids(response, fresh), [post_slug(u) for u in fresh])
        if batch is None:
            # Plain permalinks without post-<ID> classes: each article asks for itself.
            for article_url in fresh:
                yield self.article_request(article_url)
            return
        request = self.rest_request(batch, self.parse_rest_batch, urls=fresh)
        request.priority = ARTICLE_PRIORITY
        yield request

    def parse_rest_batch(self, response: Response, urls: list[str]) -> Iterator[Request]:
        answer = read_answer(response)
        facts: dict[str, PostFacts] = {}
        if answer.blocked:
            self.note_blocked(response.url, answer.blocked)
        elif answer.ok:
            self.count("rest/batches")
            facts = facts_by_url(answer)
        else:
            self.count("rest/batch_failed")
            logger.info("REST batch %s answered %s: the pages' values stand", response.url, response.status)
        yield from self.batch_articles(urls, facts)

    def batch_articles(self, urls: list[str], facts: dict[str, PostFacts]) -> Iterator[Request]:
        for url in urls:
            yield self.article_request(url, rest_facts=facts.get(url), batched=self.rest_usable)
