"""PostgreSQL write throughput for bench/run.py: the same records and batches as the SQLite measurement.

A throwaway cluster from the distribution's packages (tests/postgres.py), durable as a real
server (fsync on) with synchronous_commit off, the counterpart of SQLite's synchronous=NORMAL.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

BATCH = 500


def postgres_storage(articles: list[Any], comments: list[Any], seen: str) -> tuple[float, float] | str:
    """(articles/s, comments/s), or why PostgreSQL could not be measured."""
    try:
        import psycopg  # noqa: F401

        from defense_news.storage.postgres import PostgresStore
        from tests.postgres import PostgresCluster, PostgresUnavailable
    except ImportError as exc:
        return f"not measured ({exc}; pip install -e '.[postgres]')"
    try:
        cluster = PostgresCluster.create(durable=True)
    except PostgresUnavailable as exc:
        return f"not measured ({exc})"
    previous = os.environ.get("PGPASSFILE")
    try:
        cluster.start()
        with tempfile.TemporaryDirectory(prefix="dn-bench-pg-") as tmp:
            database = cluster.create_database("bench", Path(tmp))
            os.environ["PGPASSFILE"] = str(database.passfile)
            store = PostgresStore(database.url(database.owner))
            try:
                started = time.perf_counter()
                for i in range(0, len(articles), BATCH):
                    store.upsert_articles(articles[i : i + BATCH], seen)
                article_s = time.perf_counter() - started
                started = time.perf_counter()
                for i in range(0, len(comments), BATCH):
                    store.upsert_comments(comments[i : i + BATCH], seen)
                comment_s = time.perf_counter() - started
                assert store.count("comments") == len(comments)
            finally:
                store.close()
    except PostgresUnavailable as exc:
        return f"not measured ({exc})"
    finally:
        cluster.stop()
        if previous is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = previous
    return len(articles) / article_s, len(comments) / comment_s
