"""The database: schema and migrations, the store, and each run's state.

- :mod:`.schema`: tables, keys, change detection and migrations, defined once.
- :mod:`.base`: the :class:`Store` interface every backend implements.
- :mod:`.sqlstore`: what the SQL backends share (row mapping, the statements both dialects
  agree on, crawl history, counts), written once.
- :mod:`.sqlite`: the embedded SQLite backend and its per-site file lock.
- :mod:`.postgres`: the shared PostgreSQL backend and its advisory locks (optional: psycopg).
- :mod:`.transfer`: ``scrapy dbcopy``'s copy between backends.
- :mod:`.command`: what the database commands (``dbcopy``, ``dbmigrate``) share.
- :mod:`.known`: what an incremental run already has (:class:`KnownArticles`).
- :mod:`.config`: the storage settings, read once (with :mod:`defense_news.setting_readers`
  only: storage imports nothing of extraction or of the crawl's configuration).
- :mod:`.state`: :class:`RunState`, the extension that owns the database during a
  crawl and hands the spider its :class:`SiteState`.

See docs/storage.md.
"""

from .base import (
    DATABASE_BUSY,
    DATABASE_ERROR,
    CrawlHistory,
    SiteBusy,
    StorageRefused,
    Store,
    StoredArticle,
    StoreError,
    WriteCounts,
)
from .config import StorageConfig
from .known import KnownArticles
from .schema import LEGACY_SITE, SCHEMA_VERSION
from .sqlite import SQLiteStore
from .state import RunState, SiteState

__all__ = [
    "DATABASE_BUSY",
    "DATABASE_ERROR",
    "LEGACY_SITE",
    "SCHEMA_VERSION",
    "CrawlHistory",
    "KnownArticles",
    "RunState",
    "SQLiteStore",
    "SiteBusy",
    "SiteState",
    "StorageConfig",
    "StorageRefused",
    "Store",
    "StoreError",
    "StoredArticle",
    "WriteCounts",
]
