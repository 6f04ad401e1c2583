"""The storage settings, read and defaulted in one place.

Read with :mod:`defense_news.setting_readers` only, which imports nothing of the
project: the database layer reads its settings without the crawl's configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.settings import BaseSettings

from ..setting_readers import STORAGE_READERS, read_settings

# Set by the exploration commands (shell, parse, fetch, view, check, bench; see
# defense_news.commands): such a run never opens, locks or records in the database.
EXPLORING = "DEFENSE_NEWS_EXPLORING"


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
    # The page walk reads again every stored article at least once in this many days (0: never),
    # at most recheck_max of them a run (docs/scheduling.md#the-rolling-re-check).
    recheck_days: int = 30
    recheck_max: int = 100
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
