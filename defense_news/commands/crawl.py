"""``scrapy crawl`` that rejects bad spider arguments with a one-line message (exit 2).

Without it a bad ``-a`` value surfaces as a traceback from inside the crawler.
It also exits with status 1 when the crawl ended for a reason a scheduler must
hear about (``FAILED_REASONS``: the site was unreachable, the database failed),
or did not start because of the database (``StorageRefused``: another crawl of
the same site holds its lock, the database cannot be opened): the reason is
logged in one line, without a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import Any

from scrapy import Spider, signals
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured, UsageError
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

from ..arguments import ArgumentError, parse_spider_arguments
from ..contact import contact_problem
from ..pages.site import SITE_URL
from ..rendering import RenderModeError, check_rendering, parse_render_mode
from ..storage import StorageRefused

logger = logging.getLogger(__name__)

# Finish reasons that make `scrapy crawl` exit non-zero.
FAILED_REASONS = frozenset({"site_unreachable", "sqlite_error", "categories_not_found"})


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # Here rather than in run(): Scrapy starts logging (a dozen lines) between the two.
        super().process_options(args, opts)
        if len(args) == 1 and self.settings is not None:
            # A real site is told who crawls it (defense_news.contact): no contact, no crawl.
            url = site_url(args[0], dict(opts.spargs), self.settings)
            problem = contact_problem(self.settings, url) if url else None
            if problem:
                print(problem, file=sys.stderr)
                sys.exit(2)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            spidercls = self.crawler_process.spider_loader.load(args[0])
            if getattr(spidercls, "validates_arguments", False):
                spargs = dict(opts.spargs)
                try:
                    parse_spider_arguments(spargs, default_base_url="https://example.invalid/")
                except ArgumentError as exc:
                    raise UsageError(str(exc), print_help=False) from None
                # Rendering asked for but impossible (no browser, no scrapy-playwright): stop now.
                settings = self.crawler_process.settings
                try:
                    mode = parse_render_mode(spargs.get("render", settings.get("DEFENSE_NEWS_RENDER")))
                    check_rendering(mode, settings.get("DEFENSE_NEWS_CHROMIUM_PATH"))
                except (RenderModeError, NotConfigured) as exc:
                    raise UsageError(str(exc), print_help=False) from None
        self._finish_reasons: list[str] = []
        self._run_crawl(args, opts)
        failed = [reason for reason in self._finish_reasons if reason in FAILED_REASONS]
        if failed and not self.exitcode:
            print(f"Crawl failed: {', '.join(failed)} (see the log above)", file=sys.stderr)
            self.exitcode = 1

    def _run_crawl(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's crawl command, keeping hold of the crawl to report a refused start in one line."""
        if len(args) != 1:
            raise UsageError("give one spider name" if args else "", print_help=not args)
        assert self.crawler_process is not None
        started: Any = self.crawler_process.crawl(self._create_crawler(args[0]), **opts.spargs)
        if isinstance(started, asyncio.Future):
            started.add_done_callback(self._crawl_done)
        else:  # a Deferred, under a non-asyncio reactor
            started.addErrback(self._crawl_failed)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed and not self.exitcode:
            self.exitcode = 1

    def _crawl_done(self, task: asyncio.Future[Any]) -> None:
        if not task.cancelled() and (exc := task.exception()) is not None:
            self._crawl_error(exc)

    def _crawl_failed(self, failure: Any) -> None:
        self._crawl_error(failure.value)

    def _crawl_error(self, exc: BaseException) -> None:
        self.exitcode = 1
        if not isinstance(exc, StorageRefused):  # logged already, in one line
            logger.error("Crawl failed: %s", exc, exc_info=exc)

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)
        return crawler

    def _spider_closed(self, spider: Spider, reason: str) -> None:
        self._finish_reasons.append(reason)


def site_url(name: str, spargs: dict[str, str], settings: BaseSettings) -> str | None:
    """The address one of our spiders would crawl, or None where run() has a better message."""
    try:
        spidercls = get_spider_loader(settings).load(name)
    except KeyError:
        return None  # Scrapy's own message
    if not getattr(spidercls, "validates_arguments", False):
        return None
    try:
        return parse_spider_arguments(spargs, default_base_url=SITE_URL).base_url
    except ArgumentError:
        return None  # run() names the bad argument
