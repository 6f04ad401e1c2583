"""`scrapy fetch` that never touches the database (no write, no lock, no crawl record; docs/storage.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.commands.fetch import Command as ScrapyFetchCommand

from ..storage.config import EXPLORING


class Command(ScrapyFetchCommand):
    default_settings: ClassVar[dict[str, Any]] = {**ScrapyFetchCommand.default_settings, EXPLORING: True}
