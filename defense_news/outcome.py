"""How a run that did not do its job ends: finish reasons a scheduler must hear of.

``-a categories=nosuchcat`` used to crawl nothing, log the 404 and finish like any
good run: exit status 0, so a scheduler never heard of the typo (or of the site
renaming its categories). So did a crawl of a page that is no WordPress site, or
``discovery=feed`` where there is no feed. Modelled on Scrapy's ``CloseSpider``
extension: when the run runs out of requests, what it found decides the finish
reason, which the project's ``crawl`` command turns into exit status 1
(:data:`~defense_news.finish_reasons.FAILED_REASONS`, docs/exit-codes.md).

robots.txt is the site's choice, not a failure of each page: the pages it refuses are INFO
lines, and the run says it once (:class:`RobotsRefusals`); a run that robots.txt let fetch no
page at all ends ``robots_disallowed`` (it used to print an ERROR per start URL and listing).

Some missing categories among found ones are no failure: they are named in the
log, the stats (``defense_news/missing_categories``) and the closing summary. Nor is
an incremental run that found only articles it had stored: it found articles, none new.
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.statscollectors import StatsCollector

from .finish_reasons import ARTICLES_NOT_FOUND, CATEGORIES_NOT_FOUND, ROBOTS_DISALLOWED
from .run import Run, run_of
from .walk import Findings

logger = logging.getLogger(__name__)


def categories_all_missing(stats: StatsCollector, run: Run | None) -> bool:
    """Whether every category ``-a categories=`` asked for answered 404 (and no listing was read)."""
    requested = run.args.categories if run is not None else None
    if not requested:
        return False  # categories from the site's own menu: its links are not the user's mistake
    missing = set(stats.get_value("defense_news/missing_categories") or ())
    return not stats.get_value("defense_news/listing_pages") and missing >= set(requested)


def robots_refusals(stats: StatsCollector) -> int:
    """Requests robots.txt disallowed (Scrapy's RobotsTxtMiddleware counts them)."""
    return int(stats.get_value("robotstxt/forbidden") or 0)


def pages_answered(stats: StatsCollector) -> int:
    """Answers to anything but robots.txt: Scrapy's own fetch of it, and the spider's (discovery=sitemap),
    served from that one (downloadermiddlewares.RobotsTxtOnceMiddleware)."""
    robots = (stats.get_value("robotstxt/response_count") or 0) + (
        stats.get_value("defense_news/robots_txt_reused") or 0
    )
    return int(stats.get_value("downloader/response_count") or 0) - int(robots)


class RobotsRefusals:
    """One line for the pages robots.txt refused in a run that went on (each page's own line is INFO)."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsRefusals:
        assert crawler.stats is not None
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        refused = robots_refusals(self.stats)
        run = run_of(spider)
        if not refused or reason == ROBOTS_DISALLOWED:
            return
        # The REST API refused by robots.txt is an INFO line where it happened: named here.
        rest = self.stats.get_value("defense_news/rest/refused_by_robots")
        logger.warning(
            "robots.txt of %s disallowed %d of the requests this run made: not fetched%s",
            run.base_url if run is not None else spider.name,
            refused,
            " (the REST API among them: the run read HTML only)" if rest else "",
        )


class MissingCategories:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MissingCategories:
        assert crawler.stats is not None
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        return extension

    def spider_idle(self, spider: Spider) -> None:
        run = run_of(spider)
        if run is None or not run.args.categories or not categories_all_missing(self.stats, run):
            return
        logger.error(
            "None of the requested categories exists on the site (%s): check -a categories= against the "
            "category slugs in the site's /category/ links",
            ", ".join(run.args.categories),
        )
        raise CloseSpider(CATEGORIES_NOT_FOUND)


class ArticlesNotFound:
    """A run that found no article where it looked ends ``articles_not_found``, with one line
    saying what was not found where (the spider's :class:`~defense_news.walk.Findings`)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticlesNotFound:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        # Connected now, after the spider's own idle handler (connected when it was built, which
        # may be after the extensions), so that its judgement runs last: the spider's may give
        # the run another way to the articles (source=auto: the page walk) or record REST's posts.
        self.crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        self.crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Articles found on a site that showed no sign of WordPress: the defaults that stood in for
        what WordPress tells, said at INFO when detection settled them, are worth a warning now."""
        stats = self.crawler.stats
        run = run_of(spider)
        signs = stats.get_value("defense_news/site/no_wordpress") if stats is not None else None
        if not signs or run is None or not stats.get_value("defense_news/articles_found"):
            return
        defaults = [
            said.format(stats.get_value(f"defense_news/site/{name}"))
            for name, said in (("timezone", "time zone {}"), ("category_base", "category base /{}/"))
            if stats.get_value(f"defense_news/site/{name}_source") == "default"
        ]
        logger.warning(
            "%s showed no sign of WordPress (%s), yet the run found articles%s",
            run.base_url,
            signs,
            f": read with WordPress's defaults ({', '.join(defaults)}); set them in its site profile"
            if defaults
            else "",
        )

    def spider_idle(self, spider: Spider) -> None:
        findings = getattr(spider, "findings", None)
        run = run_of(spider)
        stats = self.crawler.stats
        if not isinstance(findings, Findings) or run is None or stats is None:
            return
        engine = self.crawler.engine
        if engine is None or not engine.spider_is_idle():
            return  # the spider asked for more (another source, the page walk): not over yet
        if not stats.get_value("downloader/response_count"):
            return  # nothing answered at all: site_unreachable says so (SiteUnreachableMiddleware)
        if categories_all_missing(stats, run):
            return  # categories_not_found says so
        failure = findings.failure(run.base_url)
        if failure is None:
            return
        refused = robots_refusals(stats)
        if refused and pages_answered(stats) <= 0:
            logger.error(
                "robots.txt of %s disallows every page this run asked for (%d requests refused): nothing crawled",
                run.base_url,
                refused,
            )
            raise CloseSpider(ROBOTS_DISALLOWED)
        logger.error("%s", not_wordpress(stats, run.base_url, failure) or failure)
        raise CloseSpider(ARTICLES_NOT_FOUND)


NOT_WORDPRESS_QUESTION = "Is this a WordPress site, and the right address?"


def not_wordpress(stats: StatsCollector, site: str, failure: str) -> str | None:
    """The one line for a run that found no article on an address that is no WordPress site, or
    not the one meant (each consequence is an INFO line); else None: a profile's every category
    listing answered 404, or the site detection saw no sign of WordPress (no REST API, no
    categories, no WordPress markup on the home page, stat ``defense_news/site/no_wordpress``),
    said after ``failure``, where the run looked."""
    tried = int(stats.get_value("defense_news/categories_discovered") or 0)
    missing = len(stats.get_value("defense_news/missing_categories") or ())
    if tried and missing >= tried and not stats.get_value("defense_news/listing_pages"):
        home = "its home page and " if stats.get_value("defense_news/home_not_found") else ""
        return f"No articles found on {site}: {home}{missing} of {tried} category listings answered 404. {NOT_WORDPRESS_QUESTION}"
    signs = stats.get_value("defense_news/site/no_wordpress")
    if signs:
        return f"{failure}; no sign of WordPress ({signs}). {NOT_WORDPRESS_QUESTION}"
    return None
