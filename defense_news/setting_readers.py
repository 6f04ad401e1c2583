"""Setting readers: a raw setting value in, a typed value out, or a :class:`SettingError`.

The bottom of the settings: it imports nothing of the project, so every layer
(the crawl's :mod:`defense_news.config`, the database's
:mod:`defense_news.storage.config`) reads its settings with the same rules and the
same messages without importing the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from scrapy.settings import BaseSettings

PREFIX = "DEFENSE_NEWS_"

Reader = Callable[[str, Any], Any]


class ConfigurationError(ValueError):
    """The crawl cannot run as configured (the project's ``crawl`` command: one line, exit 2)."""


class SettingError(ConfigurationError):
    """A ``DEFENSE_NEWS_*`` (or feed) setting has a value the crawler cannot use."""

    def __init__(self, name: str, value: object, accepted: str) -> None:
        super().__init__(f"Invalid setting {name}={value!r}: expected {accepted}.")
        self.name = name


def read_settings(settings: BaseSettings | Mapping[str, Any], readers: Mapping[str, Reader]) -> dict[str, Any]:
    """``DEFENSE_NEWS_<KEY>`` read by ``readers[key]`` for each key that is set (unset ones are left out)."""
    values: dict[str, Any] = {}
    for key, reader in readers.items():
        name = PREFIX + key.upper()
        raw = settings.get(name)
        if raw is None:
            continue  # not set anywhere: the caller's default
        values[key] = reader(name, raw)
    return values


def whole(minimum: int, maximum: int | None = None) -> Callable[[str, Any], int]:
    def read(name: str, value: Any) -> int:
        try:
            number = int(str(value).strip()) if not isinstance(value, bool) else -1
        except ValueError:
            number = minimum - 1
        if isinstance(value, float) and value != int(value):
            number = minimum - 1
        if number < minimum:
            raise SettingError(name, value, f"a whole number, {minimum} or more")
        if maximum is not None and number > maximum:
            raise SettingError(name, value, f"a whole number from {minimum} to {maximum}")
        return number

    return read


def seconds(name: str, value: Any) -> float:
    try:
        number = float(str(value).strip()) if not isinstance(value, bool) else -1.0
    except ValueError:
        number = -1.0
    if not number > 0 or number == float("inf"):
        raise SettingError(name, value, "a number of seconds above 0, e.g. 30")
    return number


def switch(name: str, value: Any) -> bool:
    """What Scrapy's ``getbool`` accepts, so every component reads the same answer."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text_value = str(value).strip()
    if text_value in {"1", "True", "true"}:
        return True
    if text_value in {"0", "False", "false"}:
        return False
    raise SettingError(name, value, "True or False (or 1 or 0)")


def text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise SettingError(name, value, "a string")
    return value.strip()


# The settings the database layer reads (DEFENSE_NEWS_<KEY> → its reader): defense_news.storage.config
# reads them alone, defense_news.config with every other setting of the crawl.
STORAGE_READERS: dict[str, Reader] = {
    "sqlite_path": text,
    "database_url": text,
    "sqlite_batch_size": whole(1),
    "sqlite_timeout": seconds,
    "refresh_days": whole(0),
    "recheck_days": whole(0),
    "recheck_max": whole(0),
    "exploring": switch,
}
