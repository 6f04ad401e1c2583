"""`scrapy parse` that never touches the database (no write, no lock, no crawl record; docs/storage.md).

It also shows an article at once: with REST enrichment on, the article item waits
for its REST answer, a request one level further down, so ``scrapy parse -c
parse_article URL`` printed only the comments. Here enrichment is off unless asked
for (``-a rest=1 --depth 2`` shows the enriched article, ``-s DEFENSE_NEWS_REST=True``
as well).
"""

from __future__ import annotations

import argparse
from typing import Any, ClassVar

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.settings import SETTINGS_PRIORITIES

from ..storage.config import EXPLORING


class Command(ScrapyParseCommand):
    default_settings: ClassVar[dict[str, Any]] = {**ScrapyParseCommand.default_settings, EXPLORING: True}

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        # Above settings.py (project priority), unless -s DEFENSE_NEWS_REST was given.
        if (self.settings.getpriority("DEFENSE_NEWS_REST") or 0) < SETTINGS_PRIORITIES["cmdline"]:
            self.settings.set("DEFENSE_NEWS_REST", False, priority="cmdline")
