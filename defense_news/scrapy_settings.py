"""Scrapy's own settings that the docs tell users to change, checked like the project's own.

``-s DOWNLOAD_DELAY=abc`` reaches Scrapy's components unchecked: each reads it with
``getfloat``/``getint``/``getbool`` when it is built and fails with a traceback (or
several), exit status 1. The project's ``crawl`` command calls :func:`check_scrapy_settings`
before the crawler exists, so such a value is one line naming the setting, its value
and what it accepts, and exit status 2, as for ``DEFENSE_NEWS_*`` (defense_news/config.py).

Each value is read with the getter Scrapy's component uses, so what passes here is what
Scrapy accepts; the bounds add only what would make the crawl hang or never fetch
(no concurrency, a zero timeout).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings, default_settings

from .config import SettingError

Check = Callable[[BaseSettings, str], None]


def _number(minimum: float, *, above: bool = False, what: str = "a number of seconds") -> Check:
    bound = f"above {minimum:g}" if above else f"{minimum:g} or more"

    def check(settings: BaseSettings, name: str) -> None:
        try:
            number = settings.getfloat(name)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or number < minimum or (above and number == minimum):
            raise SettingError(name, settings.get(name), f"{what}, {bound}")

    return check


def _whole(minimum: int) -> Check:
    def check(settings: BaseSettings, name: str) -> None:
        value = settings.get(name)
        try:
            # getint() truncates 2.5 to 2; a -s value of "2.5" it refuses. Both are refused here.
            number = settings.getint(name) if not isinstance(value, float | bool) else minimum - 1
        except (TypeError, ValueError):
            number = minimum - 1
        if number < minimum:
            raise SettingError(name, value, f"a whole number, {minimum} or more")

    return check


def _switch(settings: BaseSettings, name: str) -> None:
    try:
        settings.getbool(name)
    except (TypeError, ValueError):
        raise SettingError(name, settings.get(name), "True or False (or 1 or 0)") from None


_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


def _log_level(settings: BaseSettings, name: str) -> None:
    # Scrapy hands the value to logging's setLevel(): a level name in capitals, or a number given in settings.py.
    value = settings.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return
    if not (isinstance(value, str) and value in logging.getLevelNamesMapping()):
        raise SettingError(name, value, "one of " + ", ".join(_LEVELS))


# The Scrapy settings README.md and docs/ name (politeness, limits, logging) and the
# AutoThrottle ones settings.py sets; strings (USER_AGENT, LOG_FILE) need no check.
CHECKS: dict[str, Check] = {
    "DOWNLOAD_DELAY": _number(0),
    "AUTOTHROTTLE_ENABLED": _switch,
    "AUTOTHROTTLE_START_DELAY": _number(0),
    "AUTOTHROTTLE_MAX_DELAY": _number(0),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": _number(0, above=True, what="a number of requests"),
    "CONCURRENT_REQUESTS": _whole(1),
    "CONCURRENT_REQUESTS_PER_DOMAIN": _whole(1),
    "DOWNLOAD_TIMEOUT": _number(0, above=True),
    "RETRY_TIMES": _whole(0),
    "DOWNLOAD_MAXSIZE": _whole(0),
    "DOWNLOAD_WARNSIZE": _whole(0),
    "ROBOTSTXT_OBEY": _switch,
    "METAREFRESH_ENABLED": _switch,
    "TELNETCONSOLE_ENABLED": _switch,
    "REMOTE_CONTROL_ENABLED": _switch,
    "CLOSESPIDER_TIMEOUT": _number(0),
    "CLOSESPIDER_ITEMCOUNT": _whole(0),
    "CLOSESPIDER_PAGECOUNT": _whole(0),
    "CLOSESPIDER_ERRORCOUNT": _whole(0),
    "LOG_LEVEL": _log_level,
}


def _any_number(settings: BaseSettings, name: str) -> None:
    # getfloat, not getint: some settings with a whole default are read as seconds (DNS_TIMEOUT).
    try:
        settings.getfloat(name)
    except (TypeError, ValueError):
        raise SettingError(name, settings.get(name), "a number") from None


def _typed_by_default(name: str) -> Check | None:
    """A check for a Scrapy setting by the type of its default (True/False, a number), or None."""
    default = getattr(default_settings, name, None) if name.isupper() else None
    if isinstance(default, bool):
        return _switch
    if isinstance(default, int | float):
        return _any_number
    return None


def check_scrapy_settings(settings: BaseSettings) -> None:
    """Raise :class:`SettingError` for the first of :data:`CHECKS` whose value Scrapy cannot use,
    then for any other Scrapy setting given with ``-s`` that is not of its default's type
    (``-s DEPTH_LIMIT=x``: Scrapy's getter would fail with a traceback while building the crawler)."""
    for name, check in CHECKS.items():
        if settings.get(name) is not None:
            check(settings, name)
    cmdline = SETTINGS_PRIORITIES["cmdline"]
    for name in list(settings):
        if name in CHECKS or settings.getpriority(name) != cmdline or settings.get(name) is None:
            continue
        typed = _typed_by_default(name)
        if typed is not None:
            typed(settings, name)
