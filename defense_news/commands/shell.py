"""`scrapy shell` that never touches the database (no write, no lock, no crawl record; docs/storage.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from scrapy.commands.shell import Command as ScrapyShellCommand

from ..storage.config import EXPLORING


class Command(ScrapyShellCommand):
    default_settings: ClassVar[dict[str, Any]] = {**ScrapyShellCommand.default_settings, EXPLORING: True}
