"""The project's Scrapy add-on: optional parts wired from its settings, in one place.

Enabled in ``defense_news/settings.py`` (``ADDONS``). Scrapy calls
:meth:`DefenseNews.update_settings` once per crawl, after the spider is built
(so ``-a render=`` is known) and before the settings are frozen:

- ``DEFENSE_NEWS_EXPORT_DIR``: one feed per record kind (``articles.<ext>``,
  ``comments.<ext>``) through Scrapy's feed exports;
- ``DEFENSE_NEWS_RENDER`` or ``-a render=``: scrapy-playwright's download
  handlers, :class:`~defense_news.rendering.RenderMiddleware` and the browser's
  launch options (:func:`defense_news.rendering.configure`); with ``never``
  nothing changes and Playwright is never imported.

The rest of the project's components are plain entries of the settings
(``ITEM_PIPELINES``, ``EXTENSIONS``, ``DOWNLOADER_MIDDLEWARES``...) that switch
themselves off with ``NotConfigured``.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

from .config import Config, ConfigurationError
from .dates import utc_now
from .items import Article, Comment
from .rendering import configure as configure_rendering
from .run import run_of

logger = logging.getLogger(__name__)

# File extension per feed format, where it differs from the format's name.
EXTENSIONS = {"jsonlines": "jsonl", "jl": "jsonl"}


class DefenseNews:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DefenseNews:
        return cls(crawler)

    def update_settings(self, settings: BaseSettings) -> None:
        config = Config.from_settings(settings)
        wire_exports(settings, config)
        # -a render= (read by the spider) outranks the setting for this run.
        run = run_of(self.crawler)
        mode = run.render_mode if run is not None else config.render
        try:
            configure_rendering(settings, mode if mode != config.render else None)
        except NotConfigured as exc:
            # Not NotConfigured: Scrapy would disable the add-on and crawl without the browser asked for.
            raise ConfigurationError(str(exc)) from None


def wire_exports(settings: BaseSettings, config: Config) -> None:
    """``DEFENSE_NEWS_EXPORT_DIR`` → ``FEEDS``, merged with feeds set elsewhere (``-o``, ``FEEDS``)."""
    if not config.export_dir:
        return
    extension = EXTENSIONS.get(config.export_format, config.export_format)
    feeds = dict(settings.getdict("FEEDS"))
    # One pair of files per run, named by its start (UTC): a later run never replaces an
    # earlier export, and a run that exports nothing (an incremental run with nothing new)
    # leaves no empty file.
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    for kind, item_class in (("articles", Article), ("comments", Comment)):
        feeds[f"{config.export_dir.rstrip('/')}/{kind}-{stamp}.{extension}"] = {
            "format": config.export_format,
            "item_classes": [item_class],
            "overwrite": False,
            "store_empty": False,
        }
    # At the priority of the FEEDS it extends, so -o files given on the command line stay too.
    settings.set("FEEDS", feeds, priority=max(settings.getpriority("FEEDS") or 0, 15))
