import json
import sqlite3

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from defense_news.items import Article, Comment
from defense_news.pipelines import DeduplicatePipeline, StorePipeline, ValidatePipeline
from defense_news.storage import SCHEMA_VERSION, SQLiteStore
from tests.helpers import project_settings_dict

URL = "https://www.19fortyfive.com/2022/10/tos-1a/"


def make_article(**changes):
    values = dict(
        url=URL,
        post_id=123456,
        title="Russia’s TOS-1A",
        authors=["Brent M. Eastwood"],
        published_at="2022-10-09T14:05:00Z",
        categories=["Russia"],
        tags=["Putin", "TOS-1A"],
        body_text="First.\n\nSecond.",
        word_count=2,
        scraped_at="2022-12-20T15:00:00Z",
    )
    values.update(changes)
    return Article(**values)


def make_comment(**changes):
    values = dict(
        comment_id=98765,
        post_id=123456,
        article_url=URL,
        depth=1,
        author="A",
        text="Hi",
        posted_at="2022-10-09T14:10:00Z",
    )
    values.update(changes)
    return Comment(**values)


@pytest.fixture
def stats():
    return get_crawler().stats


def test_validate_drops_with_reason_and_stat(stats):
    pipeline = ValidatePipeline(stats)
    assert pipeline.process_item(make_article()) is not None
    with pytest.raises(DropItem, match=f"{URL}: missing title$"):
        pipeline.process_item(make_article(title=None, published_at=None))
    # No date from any source: kept, counted (a theme may print none)
    assert pipeline.process_item(make_article(published_at=None)) is not None
    assert stats.get_value("defense_news/articles_without_date") == 1
    with pytest.raises(DropItem, match="#comment-98765: missing text"):
        pipeline.process_item(make_comment(text=""))
    assert stats.get_value("defense_news/dropped/article_missing_title") == 1
    assert stats.get_value("defense_news/dropped/comment_missing_text") == 1


def test_dedup_within_a_run(stats):
    pipeline = DeduplicatePipeline(stats)
    pipeline.process_item(make_article())
    pipeline.process_item(make_comment())
    with pytest.raises(DropItem):
        pipeline.process_item(make_article(title="Featured twice"))
    with pytest.raises(DropItem):  # same URL, ID missing on the second page
        pipeline.process_item(make_article(post_id=None))
    with pytest.raises(DropItem):
        pipeline.process_item(make_comment())
    pipeline.process_item(make_comment(comment_id=98766))
    assert stats.get_value("defense_news/duplicates/article") == 2
    assert stats.get_value("defense_news/duplicates/comment") == 1
    assert stats.get_value("defense_news/comments") == 2


def run_pipeline(path, items, batch_size=2, site="19fortyfive"):
    store = SQLiteStore(path)
    pipeline = StorePipeline(store, site, batch_size=batch_size)
    pipeline.open_spider()
    for item in items:
        pipeline.process_item(item)
    pipeline.close_spider()
    store.close()


def test_sqlite_store_upserts_across_runs(tmp_path):
    db = tmp_path / "sub" / "news.db"
    run_pipeline(db, [make_article(), make_comment(), make_comment(comment_id=98766, parent_id=98765, depth=2)])
    run_pipeline(db, [make_article(title="Russia’s TOS-1A (updated)"), make_comment()])
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = conn.execute("select * from articles").fetchall()
    assert len(rows) == 1
    assert rows[0]["title"] == "Russia’s TOS-1A (updated)"
    assert json.loads(rows[0]["tags"]) == ["Putin", "TOS-1A"]
    assert rows[0]["first_seen"] <= rows[0]["last_seen"]
    # list fields are queryable
    assert (
        conn.execute("select a.post_id from articles a, json_each(a.tags) t where t.value = 'Putin'").fetchall()[0][0]
        == 123456
    )
    assert conn.execute("select count(*) from comments").fetchone()[0] == 2
    assert tuple(conn.execute("select parent_id, depth from comments where comment_id = 98766").fetchone()) == (
        98765,
        2,
    )
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert conn.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION


def test_sqlite_article_moved_to_a_new_url_keeps_one_row(tmp_path):
    db = tmp_path / "news.db"
    run_pipeline(db, [make_article()])
    run_pipeline(db, [make_article(url=URL.replace("tos-1a", "tos-1a-renamed"))])
    assert sqlite3.connect(db).execute("select count(*), max(url) from articles").fetchone() == (
        1,
        URL.replace("tos-1a", "tos-1a-renamed"),
    )


def test_unchanged_rows_are_not_rewritten(tmp_path):
    db = tmp_path / "news.db"
    run_pipeline(db, [make_article(scraped_at="2022-12-20T15:00:00Z")])
    run_pipeline(db, [make_article(scraped_at="2022-12-21T15:00:00Z")])
    assert sqlite3.connect(db).execute("select scraped_at from articles").fetchone()[0] == "2022-12-20T15:00:00Z"


def test_empty_path_switches_sqlite_off():
    crawler = get_crawler(settings_dict=project_settings_dict(DEFENSE_NEWS_SQLITE_PATH=""))
    with pytest.raises(NotConfigured):
        StorePipeline.from_crawler(crawler)


def test_items_are_stored_under_the_runs_site_and_other_sites_are_refused(tmp_path, stats):
    db = tmp_path / "news.db"
    store = SQLiteStore(db)
    pipeline = StorePipeline(store, "example.org", batch_size=1, stats=stats)
    stored = pipeline.process_item(make_article())
    assert stored.site == "example.org"  # filled in: feeds after the pipeline carry it too
    with pytest.raises(DropItem, match="not this run's site"):
        pipeline.process_item(make_comment(site="19fortyfive"))
    pipeline.close_spider()
    assert stats.get_value("defense_news/dropped/other_site") == 1
    assert store.conn.execute("select site, count(*) from articles").fetchone() == ("example.org", 1)
    assert store.count("comments") == 0
    store.close()


def test_a_record_the_store_refuses_is_dropped_alone_not_with_its_batch(tmp_path, stats, caplog):
    """A value only the database refuses (an id SQLite's INTEGER cannot hold): the batch is
    stored record by record, that one named and counted, the others kept."""
    store = SQLiteStore(tmp_path / "news.db")
    pipeline = StorePipeline(store, "19fortyfive", batch_size=4, stats=stats)
    pipeline.process_item(make_article())
    pipeline.process_item(make_comment(comment_id=1))
    pipeline.process_item(make_comment(comment_id=2**70))
    pipeline.process_item(make_comment(comment_id=3))  # the batch is full: written now
    pipeline.close_spider()
    assert store.count("articles") == 1
    assert [row[0] for row in store.conn.execute("select comment_id from comments order by 1")] == [1, 3]
    assert stats.get_value("defense_news/dropped/unstorable") == 1
    assert stats.get_value("defense_news/sqlite/comments_written") == 2
    assert stats.get_value("defense_news/sqlite/comments_new") == 2
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        f"Dropped Comment: not stored, Python int too large to convert to SQLite INTEGER: comment {2**70} of {URL}"
    ]
    assert pipeline.error is None  # the database did not fail: the crawl goes on
    store.close()


def test_text_no_encoder_takes_is_refused_at_once_by_name(tmp_path, stats):
    store = SQLiteStore(tmp_path / "news.db")
    pipeline = StorePipeline(store, "19fortyfive", batch_size=10, stats=stats)
    with pytest.raises(DropItem, match=r"not stored, author is not valid Unicode .*: comment 98765 of https://"):
        pipeline.process_item(make_comment(author="Jos\ud800"))
    with pytest.raises(DropItem, match="categories is not valid Unicode"):
        pipeline.process_item(make_article(categories=["Ok", "\udfff"]))
    pipeline.process_item(make_comment(comment_id=1, author="José"))
    pipeline.close_spider()
    assert stats.get_value("defense_news/dropped/unstorable") == 2
    assert store.count("comments") == 1
    store.close()
