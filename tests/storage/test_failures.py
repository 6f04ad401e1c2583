"""A database that cannot take writes: the crawl stops with one clear reason and stored rows stay intact."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.items import Article, Comment
from defense_news.pipelines import StorePipeline
from defense_news.storage import DATABASE_ERROR, SQLiteStore, StorageRefused
from tests.helpers import crawl

SITE = "x.test"


def _pipeline(db: Path, batch_size: int = 500) -> StorePipeline:
    pipeline = StorePipeline(SQLiteStore(db), SITE, batch_size=batch_size)
    pipeline.open_spider()
    return pipeline


def _close(pipeline: StorePipeline) -> None:
    pipeline.close_spider()
    pipeline.store.close()


def _article(n: int, body: str = "text") -> Article:
    return Article(url=f"https://x.test/2024/01/a-{n}/", post_id=n, title=f"A {n}", body_text=body, published_at="2024")


def _snapshot(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("select url, title, body_text, content_hash from articles order by url").fetchall()


def _integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("pragma integrity_check").fetchone()[0]


def test_disk_full_stops_storing_and_keeps_what_was_stored(tmp_path):
    db = tmp_path / "news.db"
    pipeline = _pipeline(db, batch_size=10)
    for n in range(10):
        pipeline.process_item(_article(n))
    before = _snapshot(db)
    assert len(before) == 10
    # The disk is "full": SQLite may not grow the file past its current size.
    pages = pipeline.store.conn.execute("pragma page_count").fetchone()[0]
    pipeline.store.conn.execute(f"pragma max_page_count = {pages}")
    for n in range(10, 20):
        pipeline.process_item(_article(n, body="x" * 20_000))
    assert "full" in (pipeline.error or "")
    with pytest.raises(DropItem, match="SQLite database failed"):
        pipeline.process_item(_article(99))
    _close(pipeline)
    assert _integrity(db) == "ok"
    assert _snapshot(db) == before


def test_read_only_database_stops_storing(tmp_path):
    db = tmp_path / "news.db"
    pipeline = _pipeline(db, batch_size=1)
    pipeline.process_item(_article(1))
    pipeline.store.conn.execute("pragma query_only = 1")  # as a read-only mount answers
    pipeline.process_item(_article(2))
    assert "readonly" in (pipeline.error or "")
    _close(pipeline)
    assert _integrity(db) == "ok"
    assert [row[0] for row in _snapshot(db)] == ["https://x.test/2024/01/a-1/"]


@deferred_f_from_coro_f
async def test_unusable_database_file_refuses_to_start(stock_site, tmp_path, caplog):
    db = tmp_path / "news.db"
    db.write_bytes(b"this is not a database, and must stay as it is" * 100)
    with caplog.at_level(logging.INFO), pytest.raises(StorageRefused) as refused:
        await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, base_url=stock_site.base_url, categories="politics")
    assert refused.value.reason == DATABASE_ERROR
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [
        f"Cannot use SQLite database {db}: file is not a database. Nothing was crawled."
    ]
    assert db.read_bytes().startswith(b"this is not a database")


@deferred_f_from_coro_f
async def test_locked_database_stops_the_crawl_with_a_clear_reason(stock_site, tmp_path, caplog):
    db = tmp_path / "news.db"
    await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, base_url=stock_site.base_url, categories="politics")
    before = _snapshot(db)
    assert before
    # Another program holds the write lock for the whole run.
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.INFO), pytest.raises(StorageRefused) as refused:
            await crawl(
                {
                    "DEFENSE_NEWS_SQLITE_PATH": str(db),
                    "DEFENSE_NEWS_SQLITE_TIMEOUT": 0.2,
                    "DEFENSE_NEWS_SQLITE_BATCH_SIZE": 3,
                },
                base_url=stock_site.base_url,
            )
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    # Refused before the first request: the crawl record cannot be written either.
    assert refused.value.reason == DATABASE_ERROR
    assert any(r.levelname == "CRITICAL" and "database is locked" in r.getMessage() for r in caplog.records)
    assert _integrity(db) == "ok"
    assert _snapshot(db) == before


def test_comment_items_are_not_required_for_marks(tmp_path):
    """A mark recorded before any article of the run is kept (the thread stays incomplete)."""
    db = tmp_path / "news.db"
    pipeline = _pipeline(db, batch_size=100)
    pipeline.process_item(Comment(comment_id=1, article_url="https://x.test/a/", text="hi"))
    pipeline.thread_incomplete("https://x.test/a/", 5, "https://x.test/a/comment-page-2/", "HTTP 500")
    _close(pipeline)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select site, article_url, reason from incomplete_threads").fetchall() == [
            (SITE, "https://x.test/a/", "HTTP 500")
        ]
