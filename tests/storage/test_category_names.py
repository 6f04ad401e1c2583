"""Category slugs named in stored rows once the run learns their names (issue 22 item 12), on every backend."""

from __future__ import annotations

import json

from defense_news.storage import WriteCounts
from defense_news.storage.schema import ARTICLE_FIELDS
from defense_news.storage.sqlstore import record_row
from tests.storage.test_store import SEEN, article

LATER = "2026-07-01T00:00:00Z"
NAMES = {"analysis": "Defense Analysis"}


def stored(store) -> dict:
    rows = store._read("SELECT post_id, category, categories, content_hash FROM articles ORDER BY post_id", {})
    return {pid: (category, json.loads(categories), digest) for pid, category, categories, digest in rows}


def test_slugs_become_names_in_category_and_categories_and_the_hash_follows(make_store):
    store = make_store()
    slugged = article(1, category="Military", categories=["Military", "analysis", "china"])
    first = article(2, category="analysis", categories=["analysis"])
    other = article(3, category="Military", categories=["Military", "analysis"])  # not asked: left alone
    store.upsert_articles([slugged, first, other], SEEN)
    urls = {slugged.url: NAMES, first.url: NAMES, "https://example.test/nowhere/": NAMES}
    assert store.name_categories("a", urls) == 2
    rows = stored(store)
    assert rows[1][:2] == ("Military", ["Military", "Defense Analysis", "china"])
    assert rows[2][:2] == ("Defense Analysis", ["Defense Analysis"])
    assert rows[3][:2] == ("Military", ["Military", "analysis"])
    # The hash is the named article's: a next run that reads the names at once finds it unchanged.
    named = article(1, category="Military", categories=["Military", "Defense Analysis", "china"])
    assert rows[1][2] == record_row(named, ARTICLE_FIELDS)["content_hash"]
    assert store.upsert_articles([named], LATER) == WriteCounts(unchanged=1)
    assert store.name_categories("a", urls) == 0  # nothing left to name


def test_a_name_already_listed_is_listed_once(make_store):
    store = make_store()
    both = article(1, category="Defense Analysis", categories=["Defense Analysis", "analysis"])
    store.upsert_articles([both], SEEN)
    assert store.name_categories("a", {both.url: NAMES}) == 1
    assert stored(store)[1][:2] == ("Defense Analysis", ["Defense Analysis"])


def test_names_reach_only_the_sites_rows(make_store):
    store = make_store()
    store.upsert_articles(
        [article(1, site="a", categories=["analysis"]), article(1, site="b", categories=["analysis"])], SEEN
    )
    assert store.name_categories("b", {"https://example.test/1/": NAMES}) == 1
    rows = dict(store._read("SELECT site, categories FROM articles", {}))
    assert (json.loads(rows["a"]), json.loads(rows["b"])) == (["analysis"], ["Defense Analysis"])


def test_the_pipeline_names_rows_stored_and_articles_still_coming(make_store):
    from scrapy.statscollectors import MemoryStatsCollector
    from scrapy.utils.test import get_crawler

    from defense_news.pipelines.store import StorePipeline

    store = make_store()
    stats = MemoryStatsCollector(get_crawler())
    pipeline = StorePipeline(store, "a", stats=stats)
    pipeline.run_started = SEEN
    early = article(1, category="Military", categories=["Military", "analysis"])
    pipeline.process_item(early)
    pipeline.flush()  # stored with the slug
    late = article(2, category="Military", categories=["Military", "analysis"])
    pipeline.categories_named(names=NAMES, urls=[early.url, late.url])
    # An article on its way when the name came is named before it is stored (and exported).
    assert pipeline.process_item(late).categories == ["Military", "Defense Analysis"]
    pipeline.close_spider()
    assert {pid: row[1] for pid, row in stored(store).items()} == {
        1: ["Military", "Defense Analysis"],
        2: ["Military", "Defense Analysis"],
    }
    assert stats.get_value("defense_news/sqlite/categories_named") == 1  # the row stored before the name
