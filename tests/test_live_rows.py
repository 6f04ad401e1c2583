"""Removed rows (issue 20) are left out of what the tools around the data show by default:
the Datasette canned queries, the explorer's and the report's totals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from defense_news import explore, report
from defense_news.items import Article, Comment
from defense_news.storage import SQLiteStore

SEEN = "2026-06-30T00:00:00Z"
URL = "https://example.test/1/"


def stored(tmp_path: Path) -> Path:
    """Two articles (one removed), a thread of three comments of the live one (one removed)."""
    db = tmp_path / "news.db"
    store = SQLiteStore(db)
    articles = [
        Article(url=f"https://example.test/{i}/", post_id=i, title=f"T{i}", body_text="b", site="a") for i in (1, 2)
    ]
    store.upsert_articles(articles, SEEN)
    comments = [
        Comment(comment_id=i, post_id=1, article_url=URL, text=f"c{i}", author="Ann", posted_at=SEEN, site="a")
        for i in (10, 11, 12)
    ]
    store.upsert_comments(comments, SEEN)
    store.insert_crawl({"site": "a", "spider": "wordpress", "started_at": SEEN})
    store.remove_articles("a", SEEN, post_ids=[2])
    store.remove_comments("a", SEEN, [11])
    store.close()
    return db


def test_canned_queries_show_live_rows_only(tmp_path):
    db = stored(tmp_path)
    with sqlite3.connect(db) as conn:
        thread = conn.execute(explore.THREAD_SQL, {"post_id": 1, "site": "a"}).fetchall()
        assert [row[4] for row in thread] == [10, 12]
        discussed = conn.execute(explore.MOST_DISCUSSED_SQL).fetchall()
        assert [(row[1], row[5]) for row in discussed] == [(1, 2)]  # article 2 removed; 2 live comments
        assert [row[2] for row in conn.execute(explore.BUSIEST_COMMENTERS_SQL)] == [2]
        assert [row[0] for row in conn.execute(explore.LATEST_CRAWL_SQL)] == [10, 12]
        assert report.summary(conn).startswith("1 articles published ? to ?; 2 comments by 1 names;")
    assert explore.row_counts(db) == (1, 2)
