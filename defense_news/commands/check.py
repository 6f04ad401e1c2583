"""`scrapy check` that never touches the database (no write, no lock, no crawl record; docs/storage.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.commands.check import Command as ScrapyCheckCommand

from ..storage.config import EXPLORING


class Command(ScrapyCheckCommand):
    default_settings: ClassVar[dict[str, Any]] = {**ScrapyCheckCommand.default_settings, EXPLORING: True}
