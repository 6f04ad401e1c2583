"""Two `scrapy crawl wordpress -a site=<URL>` processes write into one SQLite file at the same time.

Each commits a transaction per row (batch size 1), so their writes really contend
for the file: WAL and the busy timeout make them take turns, and each run keeps
its own lock, crawl record and incremental state.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings

from defense_news.replica import running
from tests.processes import SlowReplica, problems, serve_slow, start_crawl
from tests.sitecopy import add_article, copy_site

# The generic spider (issue 10's spider half) lands separately; until then there is no
# spider that crawls a site by its URL alone. Real crawl processes: e2e (docs/testing.md).
pytestmark = [
    pytest.mark.skipif(
        "wordpress" not in get_spider_loader(get_project_settings()).list(), reason="no `wordpress` spider yet"
    ),
    pytest.mark.e2e,
]

# Stock replica, ground truth in tests/sites/wp-expected.md: 9 public posts.
ARTICLES = 9


def wordpress(site: str, db: Path) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", "wordpress",
        "-a", f"site={site}", "-a", "categories=military,politics", "-a", "rest=0",
        "-s", f"DEFENSE_NEWS_SQLITE_PATH={db}", "-s", "DEFENSE_NEWS_SQLITE_BATCH_SIZE=1",
        "-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
        "-s", "TELNETCONSOLE_ENABLED=0",
    ]  # fmt: skip


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchall()


class MeetingReplica(SlowReplica):
    """Holds its first request until the other site's server has one too: both crawls surely run at once."""

    def __init__(self, root: Path, port: int, meeting: threading.Barrier) -> None:
        super().__init__(root, delay=0.05, port=port)
        self.meeting = meeting
        self.met = False

    def count_request(self, path: str) -> None:
        super().count_request(path)
        if not self.met:
            self.met = True
            self.meeting.wait(timeout=120)


def run_both(roots: tuple[Path, Path], ports: tuple[int, int], db: Path, logs: Path) -> tuple[str, str]:
    """Crawl both sites at once and return their logs."""
    meeting = threading.Barrier(2)
    with (
        running(MeetingReplica(roots[0], ports[0], meeting)) as a,
        running(MeetingReplica(roots[1], ports[1], meeting)) as b,
    ):
        runs = [start_crawl(wordpress(site.base_url, db), logs / f"{i}.log") for i, site in enumerate((a, b))]
        codes = [run.wait(timeout=180) for run in runs]
    texts = (logs / "0.log").read_text(), (logs / "1.log").read_text()
    assert codes == [0, 0], [text[-3000:] for text in texts]
    assert a.met
    assert b.met
    return texts


def test_two_processes_two_sites_one_database(tmp_path):
    roots = copy_site(tmp_path / "a"), copy_site(tmp_path / "b")
    db = tmp_path / "news.db"
    with serve_slow(roots[0], 0) as a, serve_slow(roots[1], 0) as b:
        ports = a.server_address[1], b.server_address[1]
    sites = [f"127.0.0.1:{port}" for port in ports]
    first = run_both(roots, ports, db, tmp_path)
    assert not any(problems(text) for text in first)
    assert dict(query(db, "select site, count(*) from articles group by site")) == dict.fromkeys(sites, ARTICLES)
    comments = dict(query(db, "select site, count(*) from comments group by site"))
    assert comments[sites[0]] == comments[sites[1]] > 0

    add_article(roots[0])
    run_both(roots, ports, db, tmp_path)
    runs = query(db, "select site, mode, finish_reason, articles_new, articles_unchanged from crawls order by id")
    assert sorted(runs[:2]) == sorted((site, "incremental", "finished", ARTICLES, 0) for site in sites)
    # The repeat runs are incremental, each for its own site: a finds its new article only.
    second = {row[0]: row[1:] for row in runs[2:]}
    assert second[sites[0]][:3] == ("incremental", "finished", 1)
    assert second[sites[1]][:3] == ("incremental", "finished", 0)
    assert query(db, "pragma integrity_check") == [("ok",)]
