"""``scrapy crawl`` that refuses an unusable configuration with one line and exit status 2.

Checked before the crawler is built, so nothing is requested, locked or recorded:
the spider name, the ``-a`` arguments (bad values and unknown names), the site
profile, every ``DEFENSE_NEWS_*`` setting, rendering's browser, whether the
run would store anything at all, and whether it can write its ``JOBDIR``, feed files and SQLite database. Without these checks such mistakes surface as a
traceback from inside the crawler, or as a crawl that exits 0 having stored nothing.

It also exits with status 1 when the crawl ended for a reason a scheduler must
hear about (``defense_news.finish_reasons.FAILED_REASONS``: the site was unreachable, the
database failed, a ``source=rest`` run did not read the whole API, no article was found),
or did not start because of the database (``StorageRefused``: another crawl of
the same site holds its lock, the file is no database this release can use): the reason is
logged in one line, without a traceback. Exit statuses are listed in docs/exit-codes.md.
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

from ..arguments import ArgumentError
from ..config import ConfigurationError, storage_problem, unknown_setting_problem
from ..contact import contact_problem
from ..destinations import database_problem, destination_problem
from ..finish_reasons import FAILED_REASONS
from ..rendering import check_rendering
from ..scrapy_settings import check_scrapy_settings
from ..sites import ProfileError
from ..storage import StorageRefused

logger = logging.getLogger(__name__)

# Status for a configuration the crawl cannot run with (as for argparse's usage errors).
USAGE_EXIT = 2


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # Here rather than in run(): Scrapy starts logging (a dozen lines) between the two.
        try:
            super().process_options(args, opts)  # -s, -o (an unknown -o format is refused here)
        except UsageError as exc:
            if not str(exc):
                raise
            print(str(exc), file=sys.stderr)  # one line, without the usage text
            sys.exit(USAGE_EXIT)
        if len(args) == 1:
            assert self.settings is not None
            try:
                check_scrapy_settings(self.settings)  # DOWNLOAD_DELAY=abc: one line, not a traceback
                unknown = unknown_setting_problem(self.settings)  # DEFENSE_NEWS_SQLITEPATH=…: not ignored
                if unknown:
                    raise ConfigurationError(unknown)
                self.check(args[0], dict(opts.spargs), self.settings)
            except ConfigurationError as exc:
                print(str(exc), file=sys.stderr)
                sys.exit(USAGE_EXIT)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        self._finish_reasons: list[str] = []
        self._run_crawl(args, opts)
        if not self._finish_reasons and not self.exitcode:
            # The reactor stopped with the spider still open: Scrapy's forced shutdown (a second
            # Ctrl-C or SIGTERM) ends the process without closing the pipelines or the run's record.
            print(
                "Crawl stopped before it could close (a second Ctrl-C or SIGTERM): the last items were"
                " not committed to the database and feed files may end early; a database's record of the run"
                " has no end, so the next run resumes it.",
                file=sys.stderr,
            )
            self.exitcode = 1
        failed = [reason for reason in self._finish_reasons if reason in FAILED_REASONS]
        if failed and not self.exitcode:
            print(f"Crawl failed: {', '.join(failed)} (see the log above)", file=sys.stderr)
            self.exitcode = 1

    def check(self, name: str, spargs: dict[str, str], settings: BaseSettings) -> None:
        loader = get_spider_loader(settings)
        try:
            spidercls = loader.load(name)
        except KeyError:
            known = ", ".join(sorted(loader.list()))
            raise ConfigurationError(f"Unknown spider {name!r}: the spiders are {known}.") from None
        check_arguments = getattr(spidercls, "check_arguments", None)
        if check_arguments is None:
            return  # not one of ours: Scrapy's own handling
        try:
            # The run, resolved as the spider will resolve it (defense_news.run.Run).
            run = check_arguments(spargs, settings)
            config = run.config
            # A real site is told who crawls it (defense_news.contact): no contact, no crawl.
            problem = contact_problem(settings, run.base_url)
            if problem:
                raise ConfigurationError(problem)
            # Rendering asked for but impossible (no browser, no scrapy-playwright): stop now.
            check_rendering(run.render_mode, config.chromium_path)
        except (ArgumentError, ProfileError, NotConfigured) as exc:
            raise ConfigurationError(str(exc)) from None
        problem = (
            storage_problem(settings, config)
            or database_problem(config.sqlite_path, config.database_url)
            or destination_problem(settings, config.export_dir)
        )
        if problem:
            raise ConfigurationError(problem)

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
