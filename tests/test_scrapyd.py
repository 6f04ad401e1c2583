"""Deploy the project to real scrapyd nodes on 127.0.0.1 and schedule a crawl of the replica through their HTTP API."""

from __future__ import annotations

import sqlite3

import pytest

from defense_news.replica import serve
from tests.sitecopy import copy_site

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e


def test_the_egg_is_deployed_to_every_node(scrapyd_nodes):
    # scrapyd-deploy -a: one [deploy:<node>] target per node in scrapy.cfg, the same version on each.
    a, b = scrapyd_nodes
    assert len(a.versions()) == 1
    assert a.versions() == b.versions()
    assert a.spiders() == b.spiders()
    assert "19fortyfive" in a.spiders()


def test_scrapyd_runs_a_deployed_crawl(tmp_path, scrapyd_nodes):
    node = scrapyd_nodes[0]
    root = copy_site(tmp_path)
    db = tmp_path / "scrapyd.db"
    assert node.spiders() == ["19fortyfive", "wordpress"]
    with serve(root) as site:
        job = node.schedule(
            "19fortyfive",
            {"base_url": site.base_url, "categories": "politics", "rest": "0"},
            {"DEFENSE_NEWS_SQLITE_PATH": db, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": 0},
        )
        node.wait_finished(job)
        requests = list(site.requests)
    assert "/category/politics/" in requests
    with sqlite3.connect(db) as conn:
        # Politics holds posts 16, 13, 11, 9, 7; 11 has 3 comments and 7 has 1.
        assert sorted(r[0] for r in conn.execute("select post_id from articles")) == [7, 9, 11, 13, 16]
        assert conn.execute("select count(*) from comments").fetchone() == (4,)
        assert conn.execute("select finish_reason, articles_new from crawls").fetchone() == ("finished", 5)
    assert "Articles: 5 new, 0 updated, 0 unchanged" in node.log(job)
