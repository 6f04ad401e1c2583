"""Reconciliation end to end on the wp-news replica (issue 20 item 4): the site's totals against
the live rows stored, differences outside the re-check window found by bisecting date windows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from tests.databases import Dataset
from tests.test_sources import ARTICLES, COMMENTS, last_crawl, rows, run
from tests.wp_news import WordPressApi, serve_wp_news

# Starts servers and crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e


def removed(db: Dataset) -> dict[int, str]:
    return db.column("SELECT comment_id, removed_at FROM comments WHERE removed_at IS NOT NULL")


@deferred_f_from_coro_f
async def test_old_approvals_and_removals_are_found_by_bisection_and_quiet_runs_stay_at_six(dataset):
    db = dataset
    api = WordPressApi.captured()
    post = api.posts[30]
    # Written in 2023, held for moderation: far outside any re-check window when approved.
    held = api.add_comment(
        post["id"], "Late", "Approved at last.", datetime(2023, 3, 1, 12, tzinfo=UTC), approved=False
    )
    with serve_wp_news(api) as server:
        result, asked = await run(server, db)
        assert len(asked) == 1 + 25 + 3  # a full crawl learns the totals from its own lists
        first: dict[str, Any] = json.loads(last_crawl(db)["reconciled"])
        # WordPress's own: 2 password-protected posts, 43 comments on protected or private posts.
        assert (first["articles"]["own"], first["comments"]["own"]) == (2, 43)
        assert (last_crawl(db)["site_articles"], last_crawl(db)["site_comments"]) == (ARTICLES + 2, COMMENTS + 43)

        # A quiet run: the lists since, the two totals; WordPress's own differences not chased.
        _, asked = await run(server, db)
        assert len(asked) <= 6, asked

        api.approve_comment(held["id"])
        trashed = [c for c in api.comments if c["date_gmt"].startswith("2024-10")][:2]
        for comment in trashed:
            api.comments.remove(comment)
        result, asked = await run(server, db)
        assert len(asked) <= 6 + 40, asked
        assert held["id"] in rows(db, "comments", "comment_id")
        assert set(removed(db)) == {c["id"] for c in trashed}
        record = json.loads(last_crawl(db)["reconciled"])
        assert (record["comments"]["new"], record["comments"]["removed"], record["comments"]["left"]) == (1, 2, [])

        _, asked = await run(server, db)
        assert len(asked) <= 6, asked
    assert result.stats["defense_news/source"] == "rest"
