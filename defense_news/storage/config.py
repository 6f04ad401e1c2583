"""The storage settings, read and defaulted in one place.

Read with :mod:`defense_news.setting_readers` only: the database layer imports
nothing of the crawl's configuration or of extraction.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.settings import BaseSettings

from ..setting_readers import Reader, read_settings, seconds, switch, text, whole

# Set by the exploration commands (shell, parse, fetch, view, check, bench; see
# defense_news.commands): such a run never opens, locks or records in the database.
EXPLORING = "DEFENSE_NEWS_EXPLORING"

# DEFENSE_NEWS_<KEY> → its reader; defense_news.config reads the same ones for the crawl.
STORAGE_READERS: dict[str, Reader] = {
    "sqlite_path": text,
    "database_url": text,
    "sqlite_batch_size": whole(1),
    "sqlite_timeout": seconds,
    "refresh_days": whole(0),
    "exploring": switch,
}


@dataclass(frozen=True)
class StorageConfig:
    # SQLite file; "" switches the database off (feeds only).
    sqlite_path: str = ""
    # postgresql://… (docs/postgres.md); when set, the SQLite path is not used.
    database_url: str = ""
    # Rows per write transaction.
    batch_size: int = 500
    # Seconds to wait on a busy (locked) database before giving up.
    timeout: float = 30.0
    # Known articles published within this many days are fetched again for new comments.
    refresh_days: int = 14
    exploring: bool = False

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> StorageConfig:
        """The storage settings, checked (a bad value: :class:`~defense_news.setting_readers.SettingError`)."""
        values = read_settings(settings, STORAGE_READERS)
        renamed = {"sqlite_batch_size": "batch_size", "sqlite_timeout": "timeout"}
        return cls(**{renamed.get(key, key): value for key, value in values.items()})

    @property
    def enabled(self) -> bool:
        """Whether this run uses a database at all."""
        return bool(self.database_url or self.sqlite_path) and not self.exploring
