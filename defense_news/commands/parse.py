"""`scrapy parse` that never touches the database (no write, no lock, no crawl record; docs/storage.md).

It also shows an article at once: with REST enrichment on, the article item waits
for its REST answer, a request one level further down, so ``scrapy parse -c
parse_article URL`` printed only the comments. Here enrichment is off unless asked
for (``-a rest=1 --depth 2`` shows the enriched article, ``-s DEFENSE_NEWS_REST=True``
as well).

And it calls callbacks the way Scrapy 2.13+ wants: Scrapy's own ``parse`` wraps each callback
in a function returning a Deferred, which Scrapy itself deprecates (a
``ScrapyDeprecationWarning: … parse_article returned a Deferred`` on every run).
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from typing import Any, ClassVar

from scrapy import Request, Spider
from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.http import Response
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.defer import maybe_deferred_to_future

from ..storage.config import EXPLORING


class Command(ScrapyParseCommand):
    default_settings: ClassVar[dict[str, Any]] = {**ScrapyParseCommand.default_settings, EXPLORING: True}

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        # Above settings.py (project priority), unless -s DEFENSE_NEWS_REST was given.
        if (self.settings.getpriority("DEFENSE_NEWS_REST") or 0) < SETTINGS_PRIORITIES["cmdline"]:
            self.settings.set("DEFENSE_NEWS_REST", False, priority="cmdline")

    def prepare_request(self, spider: Spider, request: Request, opts: argparse.Namespace) -> Request:
        request = super().prepare_request(spider, request, opts)
        assert request.callback is not None  # Scrapy's wrapper, always set
        self._scrapy_callback = request.callback
        request.callback = self._async_callback = _awaiting(request.callback)
        return request

    def scraped_data(self, args: tuple[Any, ...]) -> list[Any]:
        data = super().scraped_data(args)  # type: ignore[arg-type]
        # The next level's requests get Scrapy's wrapper again: ours instead.
        for request in data:
            if isinstance(request, Request) and request.callback is self._scrapy_callback:
                request.callback = self._async_callback
        return data


def _awaiting(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Scrapy's callback wrapper as a coroutine awaiting its Deferred (same results, same order)."""

    @functools.wraps(callback)
    async def wrapper(response: Response, **cb_kwargs: Any) -> Any:
        return await maybe_deferred_to_future(callback(response, **cb_kwargs))

    return wrapper
