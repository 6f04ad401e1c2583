"""RunState: the run's one summary line, with or without a database."""

from __future__ import annotations

import json
import logging
import sqlite3

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from defense_news.storage.config import StorageConfig
from defense_news.storage.state import FAILURES_KEPT, RunState
from tests.helpers import crawl
from tests.sitecopy import copy_site, serve_on

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e


def summaries(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if " ended: " in r.getMessage()]


@deferred_f_from_coro_f
async def test_one_summary_line_names_the_missing_categories(stock_site, tmp_path, caplog):
    db = tmp_path / "news.db"
    with caplog.at_level(logging.INFO):
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_REST": False},
            base_url=stock_site.base_url,
            categories="politics,nosuchcat",
        )
    [summary] = summaries(caplog)
    assert summary.name == "defense_news.storage.state"
    assert summary.levelname == "ERROR"
    message = summary.getMessage()
    assert message.startswith("Crawl #1 of 19fortyfive (incremental) ended: finished after ")
    stats = result.stats
    assert (
        f"Articles: {stats['defense_news/sqlite/articles_new']} new, 0 updated, 0 unchanged."
        f" Comments: {stats['defense_news/sqlite/comments_new']} new, 0 updated, 0 unchanged."
    ) in message
    assert stats["defense_news/sqlite/articles_new"] > 0
    assert message.endswith("Categories not found on the site: nosuchcat.")
    # Nothing else sums the run up.
    assert not [r for r in caplog.records if r.getMessage().startswith(("Crawl finished", "Articles:", "Comments:"))]


@deferred_f_from_coro_f
async def test_without_a_database_the_summary_says_so(stock_site, caplog):
    with caplog.at_level(logging.INFO):
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": "", "DEFENSE_NEWS_REST": False},
            base_url=stock_site.base_url,
            categories="politics",
        )
    [summary] = summaries(caplog)
    assert summary.levelname == "INFO"
    message = summary.getMessage()
    assert message.startswith("Crawl of 19fortyfive ended: finished after ")
    assert f"{result.stats['item_scraped_count']} items scraped (no database)." in message


# What the Disqus plugin prints in place of the theme's comments template: an empty
# container its script fills in the reader's browser.
DISQUS = (
    '<div id="disqus_thread"></div>\n<script>var disqus_config = function () {'
    " this.page.identifier = '8 https://www.19fortyfive.com/?p=8'; };\n"
    "(function () { var d = document, s = d.createElement('script');"
    " s.src = 'https://defense-news-example.disqus.com/embed.js'; (d.head || d.body).appendChild(s); })();</script>"
)


@deferred_f_from_coro_f
async def test_third_party_comments_are_kept_in_the_crawl_record(tmp_path, caplog):
    """A post whose comments Disqus serves: named in the summary and in crawls.comment_systems."""
    root = copy_site(tmp_path, "wp-tt1")
    page = root / "2024/02/navy-frigate-shipyard-problem/index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index('<div id="comments"')
    end = html.index("</div><!-- #comments -->", start) + len("</div><!-- #comments -->")
    page.write_text(html[:start] + DISQUS + html[end:], encoding="utf-8")
    db = tmp_path / "news.db"
    with caplog.at_level(logging.INFO), serve_on(root) as site:
        result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_REST": False}, base_url=site.base_url)
    assert result.stats["defense_news/comments/third_party/Disqus"] == 1
    [summary] = summaries(caplog)
    assert summary.levelname == "WARNING"
    assert "Comments are served by Disqus (1 articles): not collected." in summary.getMessage()
    with sqlite3.connect(db) as conn:
        [(systems, reason)] = conn.execute("select comment_systems, finish_reason from crawls").fetchall()
        [(count,)] = conn.execute("select comment_count from articles where post_id = 8").fetchall()
    assert (json.loads(systems), reason) == ({"Disqus": 1}, "finished")
    # Not "no discussion": the count stays unknown.
    assert count is None


@deferred_f_from_coro_f
async def test_a_run_without_third_party_comments_records_none(stock_site, tmp_path):
    db = tmp_path / "news.db"
    await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_REST": False}, base_url=stock_site.base_url)
    with sqlite3.connect(db) as conn:
        assert conn.execute("select comment_systems from crawls").fetchall() == [("{}",)]


@deferred_f_from_coro_f
async def test_the_crawl_record_and_summary_hold_the_live_rows_stored(stock_site, tmp_path, caplog):
    db = tmp_path / "news.db"
    with caplog.at_level(logging.INFO):
        await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_REST": False}, base_url=stock_site.base_url)
    with sqlite3.connect(db) as conn:
        live = conn.execute(
            "select (select count(*) from articles), (select count(*) from comments)"
            " , stored_articles, stored_comments, site_articles, site_comments, articles_removed from crawls"
        ).fetchone()
    assert live[0] > 0
    # No REST API read: the site's totals are not known; nothing was removed.
    assert live == (live[0], live[1], live[0], live[1], None, None, 0)
    [summary] = summaries(caplog)
    assert (
        f"Live in the dataset: {live[0]} articles, {live[1]} comments; the site's totals are unknown (only its REST API states them)."
        in (summary.getMessage())
    )


def test_the_crawl_record_names_at_most_a_hundred_lost_pages_and_counts_them_all():
    """A site down for a whole run: every lost page counted, the first FAILURES_KEPT named."""
    crawler = get_crawler(settings_dict={"DEFENSE_NEWS_SQLITE_PATH": ""})
    state = RunState(StorageConfig.from_settings(crawler.settings), crawler.stats)
    for n in range(FAILURES_KEPT + 50):
        state.page_failed(url=f"https://x.test/{n}/", kind="article", reason="HTTP 503")
    values = state.counts("finished")
    assert values["pages_failed"] == FAILURES_KEPT + 50
    failures = json.loads(values["failures"])
    assert len(failures) == FAILURES_KEPT == 100
    assert failures[0] == {"url": "https://x.test/0/", "kind": "article", "reason": "HTTP 503"}


@pytest.mark.parametrize(
    ("reason", "level"),
    [("finished", "INFO"), ("articles_not_found", "ERROR"), ("site_unreachable", "ERROR"), ("shutdown", "INFO")],
)
def test_the_summary_of_a_failed_run_is_an_error(reason, level, caplog):
    """A run that exits with status 1 does not end on an INFO line that reads like success."""
    crawler = get_crawler(settings_dict={"DEFENSE_NEWS_SQLITE_PATH": ""})
    state = RunState(StorageConfig.from_settings(crawler.settings), crawler.stats)
    state.site = "news.example"
    with caplog.at_level(logging.INFO):
        state.log_summary(state.counts(reason))
    [summary] = summaries(caplog)
    assert summary.getMessage().startswith(f"Crawl of news.example ended: {reason} after ")
    assert summary.levelname == level
