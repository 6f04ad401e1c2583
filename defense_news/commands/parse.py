"""`scrapy parse` that never touches the database (no write, no lock, no crawl record; docs/storage.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.commands.parse import Command as ScrapyParseCommand

from ..storage.config import EXPLORING


class Command(ScrapyParseCommand):
    default_settings: ClassVar[dict[str, Any]] = {**ScrapyParseCommand.default_settings, EXPLORING: True}
