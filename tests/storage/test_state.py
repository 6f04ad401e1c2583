"""RunState: the run's one summary line, with or without a database."""

from __future__ import annotations

import logging

from scrapy.utils.defer import deferred_f_from_coro_f

from tests.helpers import crawl


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
