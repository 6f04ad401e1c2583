"""The project's own settings (``DEFENSE_NEWS_*``), read, checked and defaulted in one place.

:meth:`Config.from_settings` turns Scrapy settings into one typed, frozen object;
a value that cannot be used (``DEFENSE_NEWS_SQLITE_BATCH_SIZE=abc``, ``=0``,
``DEFENSE_NEWS_REST=maybe``, a misspelt time zone) is a :class:`SettingError`
naming the setting, its value and what it accepts. The project's ``crawl``
command checks the settings before the crawl starts, so such a value ends the run
with that one line and exit status 2 (docs/settings.md), never in a traceback
from whichever component happened to read it first.

The defaults live in the :class:`Config` fields; ``defense_news/settings.py``
repeats the common ones for users to edit.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from .arguments import SOURCES
from .render_modes import MODES, RenderModeError, parse_render_mode
from .setting_readers import PREFIX, STORAGE_READERS, ConfigurationError, SettingError, read_settings
from .setting_readers import seconds as _seconds
from .setting_readers import switch as _switch
from .setting_readers import text as _text
from .setting_readers import whole as _whole
from .urls import slug_of

__all__ = [
    "PREFIX",
    "Config",
    "ConfigurationError",
    "SettingError",
    "feed_formats",
    "storage_problem",
    "unknown_setting_problem",
]


def _seconds_or_off(name: str, value: Any) -> float:
    try:
        number = float(str(value).strip()) if not isinstance(value, bool) else -1.0
    except ValueError:
        number = -1.0
    if not number >= 0 or number == float("inf"):
        raise SettingError(name, value, "a number of seconds, e.g. 10, or 0 for off")
    return number


def _timezone(name: str, value: Any) -> str | None:
    text = _text(name, value) if value is not None else ""
    if not text:
        return None
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(name, value, "a time zone name such as America/New_York or Europe/Berlin") from None
    return text


def _slugs(name: str, value: Any) -> tuple[str, ...] | None:
    if value is None or value == "" or value == []:
        return None
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(v, str) for v in items):
        raise SettingError(name, value, "a list of category slugs")
    slugs = tuple(slug_of(v) for v in items)
    if None in slugs:
        raise SettingError(name, value, "a list of category slugs such as military,russia")
    return tuple(s for s in slugs if s)


def _render(name: str, value: Any) -> str:
    try:
        return parse_render_mode(value)
    except RenderModeError:
        raise SettingError(name, value, "one of " + ", ".join(MODES)) from None


def _source(name: str, value: Any) -> str:
    text = _text(name, value).lower() or "auto"
    if text not in SOURCES:
        raise SettingError(name, value, "one of " + ", ".join(SOURCES))
    return text


def _wait_until(name: str, value: Any) -> str:
    text = _text(name, value) or "load"
    if text not in {"load", "domcontentloaded", "networkidle", "commit"}:
        raise SettingError(name, value, "load, domcontentloaded, networkidle or commit")
    return text


def _url_or_empty(name: str, value: Any) -> str:
    # The REST API's root is where every REST request starts: "notaurl" was a traceback from the
    # spider's start and a run recorded as start_error. Kept as given (…/?rest_route=/ included).
    text = _text(name, value)
    if not text:
        return ""
    try:
        parts = urlsplit(text)
        valid = parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)
        parts.port  # noqa: B018 -- read for its ValueError: a port that is no number or above 65535
    except ValueError:
        valid = False
    if not valid:
        raise SettingError(name, value, "an http:// or https:// URL, the site's REST root")
    return text


@dataclass(frozen=True)
class Config:
    """Every ``DEFENSE_NEWS_*`` setting, typed; the field default is the setting's default."""

    # SQLite file; "" switches the SQLite store off (feed export only). settings.py names one.
    sqlite_path: str = ""
    # postgresql://… instead of SQLite (docs/postgres.md).
    database_url: str = ""
    sqlite_batch_size: int = 500
    sqlite_timeout: float = 30.0
    refresh_days: int = 14
    recheck_days: int = 30
    recheck_max: int = 100
    # Overrides every site's time zone (profile or detected); None: per site.
    timezone: str | None = None
    # Overrides the profile's fallback categories; None: the profile's.
    default_categories: tuple[str, ...] | None = None
    # User's own site profiles file (docs/sites.md).
    sites_file: str = ""
    export_dir: str = ""
    export_format: str = "jsonlines"
    rest: bool = True
    # Where records are read from: auto (the REST API when it answers), rest or html.
    source: str = "auto"
    rest_root: str = ""
    rest_per_page: int = 100
    # Requests a REST run may spend finding where the site's totals and the stored rows differ
    # (defense_news.rest.reconcile); 0: the totals are read and compared, nothing is chased.
    reconcile_max: int = 50
    sitemap_skip_unchanged: bool = True
    render: str = "never"
    chromium_path: str = ""
    render_timeout: float = 20.0
    render_max_pages: int = 2
    render_wait_until: str = "networkidle"
    retry_after_max: float = 120.0
    retry_backoff_base: float = 2.0
    unreachable_after: int = 5
    # Pages one listing walk reads at most: a guard against pagination that never ends (walk.ListingWalks).
    max_listing_pages: int = 1000
    # Pages one article's comment thread is read from at most: the same guard (threads.ThreadWalk).
    max_comment_pages: int = 1000
    require_html_end: bool = True
    # trafilatura's text of a known container says where the article's text ends, read only where
    # the text does not end with a paragraph of its own (pages/body.trim_container_tail).
    trim_tail: bool = True
    # Seconds between progress lines (defense_news.progress); 0: none.
    progress_interval: float = 10.0
    # Set by the exploration commands: nothing opened, locked or recorded (defense_news.storage).
    exploring: bool = False

    @classmethod
    def from_settings(cls, settings: BaseSettings | Mapping[str, Any]) -> Config:
        """The typed settings; the first unusable value raises :class:`SettingError`."""
        # In field order, so of several bad values the first field's is the one named.
        config = cls(**read_settings(settings, {field.name: READERS[field.name] for field in fields(cls)}))
        config.check_export_format(settings)
        return config

    def check_export_format(self, settings: BaseSettings | Mapping[str, Any]) -> None:
        if self.export_dir and self.export_format not in feed_formats(settings):
            raise SettingError(
                PREFIX + "EXPORT_FORMAT", self.export_format, "a feed format: " + ", ".join(feed_formats(settings))
            )


READERS: dict[str, Callable[[str, Any], Any]] = {
    **STORAGE_READERS,
    "timezone": _timezone,
    "default_categories": _slugs,
    "sites_file": _text,
    "export_dir": _text,
    "export_format": lambda name, value: _text(name, value).lower() or "jsonlines",
    "rest": _switch,
    "source": _source,
    "rest_root": _url_or_empty,
    "rest_per_page": _whole(1, maximum=100),  # WordPress refuses per_page above 100 (400 Bad Request)
    "sitemap_skip_unchanged": _switch,
    "reconcile_max": _whole(0),
    "render": _render,
    "chromium_path": _text,
    "render_timeout": _seconds,
    "render_max_pages": _whole(1),
    "render_wait_until": _wait_until,
    "retry_after_max": _seconds,
    "retry_backoff_base": _seconds,
    "unreachable_after": _whole(1),
    "max_listing_pages": _whole(1),
    "max_comment_pages": _whole(1),
    "require_html_end": _switch,
    "trim_tail": _switch,
    "progress_interval": _seconds_or_off,
}


def _exporters(settings: BaseSettings | Mapping[str, Any]) -> dict[str, Any]:
    def as_dict(name: str) -> dict[str, Any]:
        value = settings.getdict(name) if isinstance(settings, BaseSettings) else settings.get(name) or {}
        return dict(value)

    merged = as_dict("FEED_EXPORTERS_BASE")
    merged.update(as_dict("FEED_EXPORTERS"))
    return {name: path for name, path in merged.items() if path is not None}


def feed_formats(settings: BaseSettings | Mapping[str, Any]) -> list[str]:
    """Feed formats Scrapy can write with these settings (FEED_EXPORTERS_BASE + FEED_EXPORTERS)."""
    return sorted(_exporters(settings))


def storage_problem(settings: BaseSettings, config: Config) -> str | None:
    """Why a crawl with these settings would store nothing, or None.

    Items go to SQLite (``DEFENSE_NEWS_SQLITE_PATH``) and to feeds (``FEEDS``,
    ``-o``/``-O``, ``DEFENSE_NEWS_EXPORT_DIR``). A feed whose format Scrapy has no
    exporter for is skipped by Scrapy with an error in the log while the crawl
    goes on; here it stops the crawl before it starts.
    """
    formats = feed_formats(settings)
    feeds = settings.getdict("FEEDS")
    name = PREFIX + "EXPORT_FORMAT"
    if not config.export_dir and settings.getpriority(name) == SETTINGS_PRIORITIES["cmdline"]:
        # Given for this run, it would change nothing: only DEFENSE_NEWS_EXPORT_DIR's files take it
        # (an -o file's format is its extension, or FILE:format), so the run would not write what was asked.
        return (
            f"Invalid setting {name}={settings.get(name)!r}: it is the format of DEFENSE_NEWS_EXPORT_DIR's files"
            " and no DEFENSE_NEWS_EXPORT_DIR is set (an -o FILE takes its format from its extension, or FILE:format)."
        )
    for uri, options in feeds.items():
        fmt = (options or {}).get("format") if isinstance(options, Mapping) else None
        if fmt is not None and fmt not in formats:
            return f"Unknown feed format {fmt!r} for {uri}: expected one of {', '.join(formats)}."
    if not config.sqlite_path and not config.database_url and not config.export_dir and not feeds:
        return (
            "Nothing would be stored: DEFENSE_NEWS_SQLITE_PATH is empty and no feed is configured "
            "(set DEFENSE_NEWS_SQLITE_PATH, DEFENSE_NEWS_DATABASE_URL, DEFENSE_NEWS_EXPORT_DIR, or -o FILE)."
        )
    return None


# DEFENSE_NEWS_* settings read outside Config (the User-Agent's contact: defense_news/contact.py).
OTHER_SETTINGS = frozenset({PREFIX + "CONTACT"})


def known_settings() -> frozenset[str]:
    """Every ``DEFENSE_NEWS_*`` setting name the project reads."""
    return frozenset(PREFIX + field.name.upper() for field in fields(Config)) | OTHER_SETTINGS


def unknown_setting_problem(settings: BaseSettings) -> str | None:
    """A ``DEFENSE_NEWS_*`` name nothing reads (a typo such as ``DEFENSE_NEWS_SQLITEPATH``), in one line, or None.

    Scrapy keeps any name it is given, so a misspelt one is silently ignored and the run goes on
    with the default it was meant to change: its items stored in another database, say.
    """
    known = known_settings()
    for name in settings:
        if isinstance(name, str) and name.startswith(PREFIX) and name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.8)
            hint = f" Did you mean {close[0]}?" if close else ""
            return (
                f"Unknown setting {name}: no DEFENSE_NEWS_ setting has that name.{hint} All of them: docs/settings.md."
            )
    return None
