"""Two sites crawled at the same time into one database keep their rows, records and state apart.

Both sites are copies of the stock replica on two servers: the same post and
comment IDs, the same paths, only the host differs, the worst case for keys. Site
a is crawled by the 19fortyfive spider (site ``19fortyfive``), site b by the same
spider under the site ID a URL-only site gets (``127.0.0.1:<port>``).
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider
from defense_news.storage import SiteState
from tests.helpers import crawl
from tests.sitecopy import NEW_ARTICLE, add_article, copy_site, serve_on

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

# Stock replica, ground truth in tests/sites/wp-expected.md: 9 public posts.
ARTICLES = 9
# A comment page that site b fails to serve on the first run.
LOST_PAGE = "2024/07/hypersonic-missiles-hype-reality/comment-page-2"


class OtherSiteSpider(NineteenFortyFiveSpider):
    """The same crawl, stored under the site ID of a site given only by its URL."""

    name = "othersite"

    def configure(self, settings: Any) -> None:
        super().configure(settings)
        self.run = replace(self.run, site_id=self.base_url.split("//")[1].rstrip("/"))
        self.site_id = self.run.site_id
        self.site_state = SiteState(self.site_id)


def query(db: Path, sql: str, *args: Any) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, args).fetchall()


# Named, not discovered: the stock theme's categories are found on article pages,
# which an incremental run does not fetch again.
CATEGORIES = "military,politics"


def settings(db: Path) -> dict[str, Any]:
    return {"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_REST": False, "DEFENSE_NEWS_REFRESH_DAYS": 0}


@deferred_f_from_coro_f
async def test_two_sites_crawl_concurrently_into_one_database(tmp_path):
    root_a, root_b = copy_site(tmp_path / "a"), copy_site(tmp_path / "b")
    lost = tmp_path / "lost-page"
    shutil.move(root_b / LOST_PAGE, lost)
    db = tmp_path / "news.db"
    with serve_on(root_a) as site_a, serve_on(root_b) as site_b:
        ports = site_a.server_address[1], site_b.server_address[1]
        b = f"127.0.0.1:{ports[1]}"
        first_a, first_b = await asyncio.gather(
            crawl(settings(db), base_url=site_a.base_url, categories=CATEGORIES),
            crawl(settings(db), OtherSiteSpider, base_url=site_b.base_url, categories=CATEGORIES),
        )
    per_site = dict(query(db, "select site, count(*) from articles group by site"))
    assert per_site == {"19fortyfive": ARTICLES, b: ARTICLES}
    # The same post IDs on both sites, each stored once per site.
    assert query(db, "select count(distinct post_id) from articles") == [(ARTICLES,)]
    comments = dict(query(db, "select site, count(*) from comments group by site"))
    assert 0 < comments[b] < comments["19fortyfive"]  # b lost a comment page
    assert query(db, "select site, article_url from incomplete_threads") == [
        (b, f"{site_b.base_url}2024/07/hypersonic-missiles-hype-reality/")
    ]
    assert query(db, "select site, mode, finish_reason from crawls order by site") == [
        (b, "incremental", "finished"),
        ("19fortyfive", "incremental", "finished"),
    ]
    assert first_a.stats["defense_news/sqlite/articles_new"] == ARTICLES
    assert first_b.stats["defense_news/sqlite/articles_new"] == ARTICLES

    # Site a publishes an article; site b serves its lost page again. Same ports: same URLs.
    add_article(root_a)
    shutil.move(lost, root_b / LOST_PAGE)
    with serve_on(root_a, ports[0]) as site_a, serve_on(root_b, ports[1]) as site_b:
        second_a, second_b = await asyncio.gather(
            crawl(settings(db), base_url=site_a.base_url, categories=CATEGORIES),
            crawl(settings(db), OtherSiteSpider, base_url=site_b.base_url, categories=CATEGORIES),
        )
        requests_b = list(site_b.requests)
    # Each run knew its own site's articles, and only those.
    assert second_a.stats["defense_news/known_articles"] == ARTICLES
    assert second_b.stats["defense_news/known_articles"] == ARTICLES
    assert second_a.stats["defense_news/sqlite/articles_new"] == 1
    assert second_b.stats.get("defense_news/sqlite/articles_new", 0) == 0
    assert second_a.stats["defense_news/incremental/known_skipped"] > 0
    assert second_b.stats["defense_news/incremental/known_skipped"] > 0
    # b fetched its incomplete thread again and completed it; a had none to fetch.
    assert second_b.stats["defense_news/incomplete_threads_resumed"] == 1
    assert "defense_news/incomplete_threads_resumed" not in second_a.stats
    assert f"/{NEW_ARTICLE}" not in requests_b
    comments = dict(query(db, "select site, count(*) from comments group by site"))
    assert comments[b] == comments["19fortyfive"]
    assert query(db, "select count(*) from incomplete_threads") == [(0,)]
    per_site = dict(query(db, "select site, count(*) from articles group by site"))
    assert per_site == {"19fortyfive": ARTICLES + 1, b: ARTICLES}
    assert query(db, "select site, count(*), min(finish_reason), max(finish_reason) from crawls group by site") == [
        (b, 2, "finished", "finished"),
        ("19fortyfive", 2, "finished", "finished"),
    ]
    assert query(db, "pragma integrity_check") == [("ok",)]
