"""`scrapy view` that never touches the database (no write, no lock, no crawl record; docs/storage.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.commands.view import Command as ScrapyViewCommand

from ..storage.config import EXPLORING


class Command(ScrapyViewCommand):
    default_settings: ClassVar[dict[str, Any]] = {**ScrapyViewCommand.default_settings, EXPLORING: True}
