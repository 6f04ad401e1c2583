"""WordPress configurations the other replicas do not have, on tests/sites/wp-variants: a real
WordPress 6.1 with permalinks ``/archives/%post_id%`` (no date, no trailing slash), category base
``sections``, tag base ``topics``, the Hello Elementor theme and the REST API refused (401
``rest_disabled``) on every route. Ground truth from WordPress's database
(tests/sites/wp-variants-expected.json, written by tests/sites/wp-variants-capture.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.replica import ReplicaServer, serve
from defense_news.spiders.wordpress import WordPressSpider
from tests.helpers import SITES, crawl

EXPECTED = json.loads((SITES / "wp-variants-expected.json").read_text())


@pytest.fixture
def variants_site() -> Iterator[ReplicaServer]:
    with serve(SITES / "wp-variants") as server:
        yield server


def test_the_replica_is_the_configuration_it_claims():
    options = EXPECTED["options"]
    assert options["permalink_structure"] == "/archives/%post_id%"
    assert (options["category_base"], options["tag_base"], options["template"]) == (
        "sections",
        "topics",
        "hello-elementor",
    )
    assert options["dn_rest_off"] == "all"


@deferred_f_from_coro_f
async def test_refused_api_unknown_theme_and_dateless_permalinks_lose_nothing(variants_site, tmp_path):
    # source=auto: the API refuses its first request, the page walk reads everything. The
    # listings carry no post_class and the permalinks no date: the article links are found
    # by the listing's own markup, not by their shape.
    db = tmp_path / "variants.db"
    result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, spidercls=WordPressSpider, site=variants_site.base_url)
    base = variants_site.base_url.rstrip("/")
    with sqlite3.connect(db) as conn:
        articles = dict(conn.execute("SELECT post_id, url FROM articles"))
        comments = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT comment_id, post_id, parent_id, author, posted_at, article_url FROM comments"
            )
        }
    # Permalinks as WordPress prints them: no trailing slash.
    assert articles == {post["id"]: base + post["path"] for post in EXPECTED["posts"]}
    paths = {post["id"]: post["path"] for post in EXPECTED["posts"]}
    assert comments == {
        c["id"]: (c["post"], c["parent"] or None, c["author"], c["date_gmt"], base + paths[c["post"]])
        for c in EXPECTED["comments"]
    }
    assert not set(EXPECTED["hidden_comments"]) & set(comments)
    assert result.stats["defense_news/site/category_base"] == "sections"
    # The long thread's other comment page, in the site's own form (no trailing slash).
    assert "/archives/5/comment-page-1" in variants_site.requests
    assert not [path for path in variants_site.requests if "comment-page-" in path and path.endswith("/")]
