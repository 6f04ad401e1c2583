"""The base of the WordPress spider: the run resolved once, and what the site tells of itself.

:class:`SiteSpider` resolves the :class:`~defense_news.run.Run` (profile, ``-a`` arguments,
settings) and asks the site for what the run leaves out (time zone, category base, REST
root), as :class:`~defense_news.detection.SiteDetection` decides; then it hands over to
:meth:`begin`, the crawl proper (:class:`defense_news.spiders.wordpress.WordPressSpider`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from .. import signals as dn_signals
from ..arguments import ARGUMENT_NAMES, check_argument_names, parse_spider_arguments
from ..dates import utc_now
from ..detection import DEFAULT_CATEGORY_BASE, SiteDetection, index_timezone, sitemap_categories
from ..pages import ArticlePage
from ..rest import routes
from ..rest.answers import read_answer
from ..rest.site import read_site_index, rest_categories
from ..run import Run, site_argument
from ..storage import SiteState
from ..walk import Skip
from .requests import (
    RETRIED_REST_META,
    STATS,
    refused_by_robots,
)

logger = logging.getLogger(__name__)

# The page walk's site facts in spider.state (JOBDIR/spider.state), for the run resuming its queue.
WALK_STATE = "defense_news_page_walk"


class SiteSpider(Spider):
    """A spider of one site, given by a profile name or an address (``-a site=``)."""

    # The profile crawled when -a site= is not given (subclasses name theirs).
    default_site: str | None = None

    run: Run
    site: SiteDetection
    rest_blocked: str | None = None
    # Detection's requests made, and how many robots.txt refused: when it refused them all, the
    # defaults standing in (time zone, category base) are its consequence, not the site's lack.
    detection_asked = 0
    detection_refused = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name in list(kwargs) if name in ARGUMENT_NAMES}
        # Bad or unknown arguments stop the crawl before any request is made.
        check_argument_names(name for name in kwargs if name != "name")
        self.args = parse_spider_arguments(values)
        super().__init__(*args, **kwargs)
        # Replaced by defense_news.storage.RunState before start() when the run has a database.
        self.site_state = SiteState(site_argument(self.args, self.default_site))

    @classmethod
    def check_arguments(cls, values: Mapping[str, Any], settings: BaseSettings) -> Run:
        """The run these ``-a`` values and settings describe, or what it fails on (the project's
        ``crawl`` command turns it into one line and exit status 2)."""
        return Run.resolve(values, settings, cls.default_site)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler.settings)
        return spider

    def configure(self, settings: BaseSettings) -> None:
        """The run, resolved once; what the site must still tell, to detect."""
        self.run = run = Run.resolve(self.args, settings, self.default_site)
        if self.site_state.site != run.site_id:
            self.site_state = SiteState(run.site_id)
        self.site_id = run.site_id
        self.base_url = run.base_url
        self.allowed_domains = [run.host]
        profile = run.profile
        self.site = SiteDetection(
            run.base_url,
            run.timezone_name,
            run.timezone_source,
            profile.category_base,
            run.api_root,
            routes.index_roots(run.base_url, run.api_root, bool(run.configured_rest_root)),
            {name: getattr(profile, name) for name in ("category_base", "permalinks", "comment_order", "theme")},
        )
        # Wired by the add-on (defense_news.addons), which Scrapy runs after building the spider.
        self.render_mode = run.render_mode

    # The facts every callback reads: the run's, as the detection settled them.

    @property
    def timezone(self) -> Any:
        return self.site.timezone

    @property
    def category_base(self) -> str:
        return self.site.category_base or DEFAULT_CATEGORY_BASE

    @property
    def api_root(self) -> str:
        return self.site.api_root

    @property
    def now(self) -> datetime:
        return utc_now()

    @property
    def rest_usable(self) -> bool:
        return self.run.rest_enabled and self.rest_blocked is None

    @property
    def robots_closed(self) -> bool:
        """Whether robots.txt refused every page the site detection asked for (the home page among them)."""
        return self.detection_asked > 0 and self.detection_refused == self.detection_asked

    @property
    def warning_level(self) -> int:
        """WARNING, for what follows from pages the site did not give; INFO when robots.txt refused
        them all, or when the site showed no sign of WordPress: the run's one line says why
        (outcome), each consequence is INFO."""
        return logging.INFO if self.robots_closed else self.quiet_if_no_wordpress(logging.WARNING)

    def quiet_if_no_wordpress(self, level: int) -> int:
        """``level``, or INFO on a site that showed no sign of WordPress: what follows from that
        (no categories, no article links) is said by the run's one line (outcome.not_wordpress)."""
        return logging.INFO if self.site.no_wordpress is not None else level

    def count(self, name: str, amount: int = 1) -> None:
        self.crawler.stats.inc_value(f"{STATS}/{name}", amount)

    def page_failed(self, kind: str, url: str, reason: str) -> None:
        """A page the run lost, for its record (crawls.failures): the log line is the caller's."""
        self.crawler.signals.send_catch_log(dn_signals.page_failed, url=url, kind=kind, reason=reason)

    def skipped(self, skip: Skip | None, url: str | None) -> bool:
        """Whether a page is not stored (:func:`~defense_news.walk.not_stored`, ``too_old``): counted, logged."""
        if skip is None:
            return False
        stats, level, message = skip
        for name in stats:
            self.count(name)
        logger.log(level, message, url)
        return True

    def page_of(self, response: TextResponse) -> ArticlePage:
        """The one way an article (or comment) page is built: with the site's zone and category base."""
        return ArticlePage(response, self.timezone, self.now, self.category_base, self.run.config.trim_tail)

    def record_configuration(self) -> None:
        # Not in configure(): under `scrapy crawl` the spider is built before crawler.stats exists.
        stats = self.crawler.stats
        stats.set_value(f"{STATS}/site", self.run.site_id)
        stats.set_value(f"{STATS}/discovery", self.args.discovery)
        stats.set_value(f"{STATS}/rest/enabled", self.run.rest_enabled)
        stats.set_value(f"{STATS}/source/mode", self.run.source)
        logger.info("Crawling site %s at %s (discovery %s)", self.run.site_id, self.base_url, self.args.discovery)

    def detect(self) -> Iterator[Request]:
        """The next request that may tell what is still unknown; else the crawl's start."""
        ask = self.site.next_ask(self.rest_usable, routes.index_url, routes.categories_url)
        if ask is None:
            self.detection_done()
            yield from self.begin()
            return
        self.detection_asked += 1
        # dont_filter: the crawl may fetch the same page (the home page) again for its own purpose.
        yield Request(
            ask.url,
            callback=getattr(self, ask.callback),
            errback=self.detection_failed,
            cb_kwargs=ask.cb_kwargs,
            meta=dict(RETRIED_REST_META),
            dont_filter=True,
        )

    def detection_failed(self, failure: Failure) -> Iterator[Request]:
        if refused_by_robots(failure):
            self.detection_refused += 1
        logger.info("Site detection: %s failed (%s)", failure.request.url, failure.getErrorMessage())  # type: ignore[attr-defined]
        yield from self.detect()

    def parse_site_index(self, response: Response, root: str) -> Iterator[Request]:
        index = read_site_index(response)
        if index is None:
            logger.info("No REST index at %s (%s)", response.url, response.status)
            refused = read_answer(response).blocked
            if refused is not None:
                self.site.on_index_refused(response.url, refused)
        else:
            moved = self.site.on_index(root, index_timezone(index), response.url, index.raw_zone)
            if moved:
                logger.info("The REST API answers at %s, not at %s", root, moved)
        yield from self.detect()

    def parse_detected_categories(self, response: Response, source: str) -> Iterator[Request]:
        found = (rest_categories if "REST" in source else sitemap_categories)(response, self.base_url)
        if found is None:
            logger.info("No categories in %s (%s)", response.url, response.status)
        else:
            self.site.take_categories(found, f"{source} ({response.url})")
        yield from self.detect()

    def parse_home_facts(self, response: Response) -> Iterator[Request]:
        if response.status in (404, 410) or (response.status == 200 and not isinstance(response, HtmlResponse)):
            # What a server with no WordPress at this address answers (a 5xx or a refusal says nothing of it).
            self.site.on_home_unread(f"HTTP {response.status}" if response.status != 200 else "not HTML")
        if isinstance(response, HtmlResponse) and response.status == 200:
            self.site.on_home(response)
            if self.site.fixed_offset_warning:
                self.crawler.stats.set_value(f"{STATS}/site/timezone_fixed_offset", True)
                logger.warning(
                    "Every dated time on %s has the offset %s: taken as the site's fixed offset. If the "
                    "site changes its clocks, local times of the other season are an hour off; set "
                    "`timezone` in its site profile.",
                    response.url,
                    self.site.fixed_offset_warning,
                )
                self.site.fixed_offset_warning = None
        yield from self.detect()

    def detection_done(self) -> None:
        """Log what is known of the site and from where; say which defaults stand in for the rest."""
        stats = self.crawler.stats
        for warning in self.site.settle():
            logger.log(self.warning_level, "%s", warning)
        if self.robots_closed:
            stats.set_value(f"{STATS}/site/detection_refused_by_robots", self.detection_refused)
        no_wordpress = self.site.no_wordpress
        if no_wordpress is not None:
            # Said with the run's outcome: no articles found, or found anyway (outcome.ArticlesNotFound).
            stats.set_value(f"{STATS}/site/no_wordpress", no_wordpress)
            logger.info("No sign of WordPress on %s (%s)", self.base_url, no_wordpress)
        no_api = self.site.no_api
        if no_api is not None and self.rest_usable:
            # Established here: enrichment asking the same root again would only be refused again.
            self.rest_blocked = no_api
            stats.set_value(f"{STATS}/rest/blocked", no_api)
            logger.log(
                self.warning_level, "REST API not usable (no REST index: %s): carrying on with HTML only", no_api
            )
        for name, (value, source) in self.site.found.items():
            stats.set_value(f"{STATS}/site/{name}", value)
            stats.set_value(f"{STATS}/site/{name}_source", source)
            if source == "default":
                stats.inc_value(f"{STATS}/site/defaults")
            else:
                logger.info("Site %s: %s %s, from %s", self.run.site_id, name.replace("_", " "), value, source)

    def begin(self) -> Iterator[Request]:
        """The crawl proper, once the site's facts are settled (the subclass's)."""
        raise NotImplementedError

    def keep_site_facts(self) -> None:
        """With ``JOBDIR``, the settled facts (time zone, category base, REST root) go into
        ``spider.state``, which Scrapy's SpiderState pickles when the run pauses."""
        state = getattr(self, "state", None)  # set by SpiderState only with JOBDIR
        if isinstance(state, dict):
            state[WALK_STATE] = self.site

    def site_facts_from_state(self) -> bool:
        """Whether this run resumes a paused page walk's queue: its facts taken back, nothing asked
        again. Else the resumed run's REST crawl and detection were asked first, the former's
        requests dropped as seen (a "REST API not read whole ()" warning at the end), while the
        queued pages were read before the facts were settled (a detected time zone unknown)."""
        state = getattr(self, "state", None)
        site = state.get(WALK_STATE) if isinstance(state, dict) else None
        if not isinstance(site, SiteDetection):
            return False
        self.site = site
        logger.info("Resuming the paused run's page walk of %s with the site facts it had settled", self.base_url)
        self.detection_done()
        return True
