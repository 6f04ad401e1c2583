"""``scrapy crawl`` that rejects bad spider arguments with a one-line message (exit 2).

Without it a bad ``-a`` value surfaces as a traceback from inside the crawler.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import NotConfigured, UsageError

from ..arguments import ArgumentError, parse_arguments
from ..rendering import RenderModeError, check_rendering, parse_render_mode


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            spidercls = self.crawler_process.spider_loader.load(args[0])
            if getattr(spidercls, "validates_arguments", False):
                spargs = dict(opts.spargs)
                try:
                    parse_arguments(
                        base_url=spargs.get("base_url"),
                        default_base_url="https://example.invalid/",
                        categories=spargs.get("categories"),
                        max_pages=spargs.get("max_pages"),
                        since=spargs.get("since"),
                        discovery=spargs.get("discovery"),
                        rest=spargs.get("rest"),
                        full=spargs.get("full"),
                    )
                except ArgumentError as exc:
                    raise UsageError(str(exc), print_help=False) from None
                # Rendering asked for but impossible (no browser, no scrapy-playwright): stop now.
                settings = self.crawler_process.settings
                try:
                    mode = parse_render_mode(spargs.get("render", settings.get("DEFENSE_NEWS_RENDER")))
                    check_rendering(mode, settings.get("DEFENSE_NEWS_CHROMIUM_PATH"))
                except (RenderModeError, NotConfigured) as exc:
                    raise UsageError(str(exc), print_help=False) from None
        super().run(args, opts)
