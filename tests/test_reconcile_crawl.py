"""Reconciliation end to end on the wp-news replica (issue 20 item 4): the site's totals against
the live rows stored, differences outside the re-check window found by bisecting date windows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from scrapy import signals
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from defense_news.spiders.wordpress import WordPressSpider
from tests.databases import Dataset
from tests.helpers import crawl, project_settings_dict
from tests.test_sources import ARTICLES, COMMENTS, last_crawl, rows, run
from tests.test_sources import settings as crawl_settings
from tests.wp_news import WordPressApi, WpNewsServer, serve_wp_news

# Starts servers and crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e


async def crawl_run(server: WpNewsServer, settings: dict[str, Any]) -> tuple[Any, list[str]]:
    before = len(server.requests)
    result = await crawl(settings, WordPressSpider, site=server.base_url)
    return result, server.requests[before:]


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


@deferred_f_from_coro_f
async def test_the_cap_stops_a_run_names_what_is_left_and_the_next_runs_converge(dataset, caplog):
    """More old differences than DEFENSE_NEWS_RECONCILE_MAX lets one run find: the run stops at
    the cap, names the windows left in its log line and crawl record; the next runs go on from the
    totals (which still differ) until the stored rows agree with the site."""
    db, cap = dataset, 10
    api = WordPressApi.captured()
    # Held in 2023 and 2024, approved after the first run: outside any re-check window.
    held = [
        api.add_comment(api.posts[i]["id"], "Late", f"Held {i}.", datetime(2023 + i % 2, 1 + i % 12, 3, tzinfo=UTC))
        for i in (5, 40, 80, 120, 160, 200)
    ]
    for comment in held:
        api.held_comments.append(api.comments.pop(api.comments.index(comment)))
    settings = {**crawl_settings(db), "DEFENSE_NEWS_RECONCILE_MAX": cap}
    with serve_wp_news(api) as server:
        await crawl_run(server, settings)
        for comment in held:
            api.approve_comment(comment["id"])
        # Later than every approval: an approval and a removal in one window would cancel out
        # (the counts agree), as defense_news/rest/reconcile.py says.
        trashed = [c for c in api.comments if c["date_gmt"] >= "2024-10"][::60][:4]
        assert len(trashed) == 4
        for comment in trashed:
            api.trash_comment(comment["id"])
        caplog.clear()
        _, asked = await crawl_run(server, settings)
        assert len(asked) <= 6 + cap, asked
        record = json.loads(db.last_crawl()["reconciled"])
        left = record["comments"]["left"]
        assert left
        assert all("on the site" in line and "stored" in line for line in left)
        [warning] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Reconciliation left")]
        assert f"DEFENSE_NEWS_RECONCILE_MAX={cap}" in warning
        assert left[0] in warning
        runs = 1
        while record["comments"]["left"] and runs < 8:
            _, asked = await crawl_run(server, settings)
            assert len(asked) <= 6 + cap, asked
            record, runs = json.loads(db.last_crawl()["reconciled"]), runs + 1
        # Every difference found: the approvals stored, the trashed marked, the counts agree.
        assert record["comments"]["left"] == [], runs
        assert runs > 2  # the cap did spread the work
        stored = db.rows("comments", "comment_id")
        assert {c["id"] for c in held} <= set(stored)
        assert set(removed(db)) == {c["id"] for c in trashed}
        final = db.last_crawl()
        assert final["site_comments"] - final["stored_comments"] == record["comments"]["own"] == 43
        _, asked = await crawl_run(server, settings)
        assert len(asked) <= 6, asked  # converged: a quiet run again


class IdleChecks:
    def __init__(self) -> None:
        self.count = 0

    def spider_idle(self) -> None:
        self.count += 1


@deferred_f_from_coro_f
async def test_a_quiet_run_closes_at_its_first_idle(tmp_path):
    """Totals that agree need no request: the run ends when it is first idle, not kept open with
    nothing asked until the engine's next idle check (5 s later)."""
    db = tmp_path / "news.db"
    with serve_wp_news() as server:
        await run(server, db)
        crawler = get_crawler(WordPressSpider, project_settings_dict(**crawl_settings(db)))
        idle = IdleChecks()
        crawler.signals.connect(idle.spider_idle, signal=signals.spider_idle)
        await crawler.crawl_async(site=server.base_url)
    assert crawler.stats is not None
    assert crawler.stats.get_value("finish_reason") == "finished"
    assert crawler.stats.get_value("defense_news/source") == "rest"
    record = json.loads(last_crawl(db)["reconciled"])
    assert (record["articles"]["own"], record["comments"]["own"]) == (2, 43)
    assert idle.count == 1
