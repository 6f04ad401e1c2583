"""`scrapy bench` that never touches the database (no write, no lock, no crawl record; docs/storage.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.commands.bench import Command as ScrapyBenchCommand

from ..storage.config import EXPLORING


class Command(ScrapyBenchCommand):
    default_settings: ClassVar[dict[str, Any]] = {**ScrapyBenchCommand.default_settings, EXPLORING: True}
