"""``scrapy crawl`` that refuses an unusable configuration with one line and exit status 2.

Checked before the crawler is built, so nothing is requested, locked or recorded:
the spider name, the ``-a`` arguments (bad values and unknown names), the site
profile, every ``DEFENSE_NEWS_*`` setting, rendering's browser, and whether the
run would store anything at all. Without these checks such mistakes surface as a
traceback from inside the crawler, or as a crawl that exits 0 having stored nothing.

It also exits with status 1 when the crawl ended for a reason a scheduler must
hear about (``FAILED_REASONS``: the site was unreachable, the database failed).
Exit statuses are listed in docs/settings.md.
"""

from __future__ import annotations

import argparse
import sys

from scrapy import Spider, signals
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader

from ..arguments import ArgumentError
from ..config import Config, ConfigurationError, storage_problem
from ..rendering import check_rendering, parse_render_mode
from ..sites import ProfileError

# Finish reasons that make `scrapy crawl` exit non-zero.
FAILED_REASONS = frozenset({"site_unreachable", "sqlite_error"})
# Status for a configuration the crawl cannot run with (as for argparse's usage errors).
USAGE_EXIT = 2


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # Here rather than in run(): Scrapy starts logging (a dozen lines) between the two.
        super().process_options(args, opts)
        if len(args) == 1:
            assert self.settings is not None
            try:
                self.check(args[0], dict(opts.spargs), self.settings)
            except ConfigurationError as exc:
                print(str(exc), file=sys.stderr)
                sys.exit(USAGE_EXIT)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        self._finish_reasons: list[str] = []
        super().run(args, opts)
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
            check_arguments(spargs, settings)
            config = Config.from_settings(settings)
            # Rendering asked for but impossible (no browser, no scrapy-playwright): stop now.
            check_rendering(parse_render_mode(spargs.get("render") or config.render), config.chromium_path)
        except (ArgumentError, ProfileError, NotConfigured) as exc:
            raise ConfigurationError(str(exc)) from None
        problem = storage_problem(settings, config)
        if problem:
            raise ConfigurationError(problem)

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        crawler = super()._create_crawler(spidercls)
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)
        return crawler

    def _spider_closed(self, spider: Spider, reason: str) -> None:
        self._finish_reasons.append(reason)
