"""Two scrapyd nodes and one PostgreSQL database: a site's lock holds across nodes, a killed job is finished elsewhere.

Real servers throughout: two scrapyd nodes on 127.0.0.1 with the project deployed
by scrapyd-deploy (tests/scrapyd.py), a PostgreSQL cluster whose crawler role's
password is only in each node's PGPASSFILE (tests/postgres.py), and a replica
site that holds its requests at a gate, so that a job is surely still crawling
when a second job for the same site starts on the other node (and refuses), and
when it is killed with SIGKILL. The job scheduled again on the other node resumes
and completes the dataset: the same rows as a plain crawl of the site into SQLite.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading

import pytest

from defense_news.replica import running, serve
from defense_news.storage.postgres import PostgresStore
from tests.processes import SlowReplica, wait_until
from tests.sitecopy import copy_site

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

psycopg = pytest.importorskip("psycopg")

ARGUMENTS = {"categories": "military,politics", "rest": "0"}
SETTINGS = {
    "CONCURRENT_REQUESTS": 1,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": 0,
    # Rows reach the database as the crawl goes, so a killed job leaves some behind.
    "DEFENSE_NEWS_SQLITE_BATCH_SIZE": 2,
}
ARTICLES = "select url, content_hash from articles"
COMMENTS = "select comment_id, content_hash from comments"


class GatedReplica(SlowReplica):
    """Answers ``open_for`` requests, then holds every further one until :attr:`gate` is set."""

    def __init__(self, root, open_for: int, port: int = 0) -> None:
        super().__init__(root, delay=0, port=port)
        self.open_for = open_for
        self.gate = threading.Event()

    def count_request(self, path: str) -> None:
        super().count_request(path)
        if len(self.requests) > self.open_for:
            self.gate.wait(timeout=120)


def database_for(nodes, pg_database, monkeypatch) -> dict:
    """Migrate and grant as the owner; each node gets the password file; the jobs' settings name the database."""
    for node in nodes:  # what an administrator puts on each node
        node.passfile.write_bytes(pg_database.passfile.read_bytes())
        node.passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pg_database.passfile))
    owner = PostgresStore(pg_database.url(pg_database.owner))
    owner.grant(pg_database.crawler)
    owner.close()
    return {**SETTINGS, "DEFENSE_NEWS_DATABASE_URL": pg_database.url()}


def rows(conn, query: str) -> set[tuple]:
    return {tuple(row) for row in conn.execute(query).fetchall()}


def test_a_site_is_crawled_by_one_node_at_a_time_and_a_killed_job_is_finished_on_the_other(
    tmp_path, scrapyd_nodes, pg_database, monkeypatch
):
    node_a, node_b = scrapyd_nodes
    settings = database_for(scrapyd_nodes, pg_database, monkeypatch)

    root = copy_site(tmp_path)
    # The reference: a plain crawl of the same site (same address) into SQLite.
    reference_db = tmp_path / "reference.db"
    with serve(root) as site:
        base_url, port = site.base_url, site.server_address[1]
        job = node_a.schedule(
            "19fortyfive", {"base_url": base_url, **ARGUMENTS}, {**SETTINGS, "DEFENSE_NEWS_SQLITE_PATH": reference_db}
        )
        node_a.wait_finished(job)
    with sqlite3.connect(reference_db) as conn:
        expected_articles, expected_comments = rows(conn, ARTICLES), rows(conn, COMMENTS)
    # tests/sites/wp-expected.md: 9 public posts in these categories, 27 visible comments.
    assert len(expected_articles) == 9
    assert len(expected_comments) == 27

    store = PostgresStore(pg_database.url())
    with running(GatedReplica(root, open_for=8, port=port)) as site:
        first = node_a.schedule("19fortyfive", {"base_url": base_url, **ARGUMENTS}, settings)
        wait_until(lambda: store.count("articles") >= 2, timeout=90, what="the first job to store articles")
        assert node_a.job_state(first) == "running"

        second = node_b.schedule("19fortyfive", {"base_url": base_url, **ARGUMENTS}, settings)
        node_b.wait_finished(second)
        assert node_a.job_state(first) == "running"  # held at the gate all along

        os.kill(node_a.job_pid(first), signal.SIGKILL)
        node_a.wait_finished(first)
        stored_when_killed = store.count("articles")
        site.gate.set()
        third = node_b.schedule("19fortyfive", {"base_url": base_url, **ARGUMENTS}, settings)
        node_b.wait_finished(third)

    # Every article and comment exactly once, as the plain crawl stored them.
    assert 2 <= stored_when_killed < len(expected_articles)
    assert rows(store.conn, ARTICLES) == expected_articles
    assert rows(store.conn, COMMENTS) == expected_comments
    assert store.count("articles") == len(expected_articles)
    assert store.count("comments") == len(expected_comments)
    records = store.conn.execute("select node, job, mode, finish_reason, site from crawls order by id").fetchall()
    store.close()
    assert records == [
        ("node-a", first, "incremental", None, "19fortyfive"),  # killed: never recorded its end
        ("node-b", second, "refused", "database_busy", "19fortyfive"),
        ("node-b", third, "resume", "finished", "19fortyfive"),
    ]
    refusal = node_b.log(second)
    assert f"Another crawl of site 19fortyfive is writing to {pg_database.url()} (pid" in refusal
    assert f"on node node-a, job {first}, connected since" in refusal
    assert "Spider opened" not in refusal
    assert "resuming" in node_b.log(third)

    # The password is only in the nodes' password files.
    password = pg_database.passwords[pg_database.crawler]
    for node in scrapyd_nodes:
        assert password not in repr(node.jobs())
        for log in (node.home / "logs").rglob("*.log"):
            assert password not in log.read_text()
    assert password not in repr(records)


def test_two_sites_and_two_shards_of_one_crawl_at_once_into_one_database(
    tmp_path, scrapyd_nodes, pg_database, monkeypatch
):
    node_a, node_b = scrapyd_nodes
    settings = database_for(scrapyd_nodes, pg_database, monkeypatch)
    roots = {name: copy_site(tmp_path / name) for name in ("a", "b")}
    arguments = {"rest": "0", "categories": ARGUMENTS["categories"]}
    with serve(roots["a"]) as site_a, serve(roots["b"]) as site_b:
        sites = {"a": site_a.base_url, "b": site_b.base_url}
        # The reference: each site crawled whole into its own SQLite file.
        expected = {}
        for name, base_url in sites.items():
            db = tmp_path / f"{name}.db"
            job = node_b.schedule(
                "wordpress", {"site": base_url, **arguments}, {**SETTINGS, "DEFENSE_NEWS_SQLITE_PATH": db}
            )
            node_b.wait_finished(job)
            with sqlite3.connect(db) as conn:
                expected[name] = (rows(conn, ARTICLES), rows(conn, COMMENTS))
        # Site a whole on node a; site b in two shards, one on each node; all at once.
        jobs = {
            "a": (node_a, node_a.schedule("wordpress", {"site": sites["a"], **arguments}, settings)),
            "b 1/2": (
                node_a,
                node_a.schedule("wordpress", {"site": sites["b"], **arguments, "shard": "1/2"}, settings),
            ),
            "b 2/2": (
                node_b,
                node_b.schedule("wordpress", {"site": sites["b"], **arguments, "shard": "2/2"}, settings),
            ),
        }
        for node, job in jobs.values():
            node.wait_finished(job)
    store = PostgresStore(pg_database.url())
    for name, base_url in sites.items():
        site_id = base_url.split("//")[1].rstrip("/")
        assert rows(store.conn, f"{ARTICLES} where site = '{site_id}'") == expected[name][0]
        assert rows(store.conn, f"{COMMENTS} where site = '{site_id}'") == expected[name][1]
    # Every row exactly once: the keys allow no duplicates, and the counts are the reference's.
    assert store.count("articles") == sum(len(e[0]) for e in expected.values())
    assert store.count("comments") == sum(len(e[1]) for e in expected.values())
    records = {
        job: (node, shard, reason, new)
        for node, job, shard, reason, new in store.conn.execute(
            "select node, job, shard, finish_reason, articles_new from crawls"
        ).fetchall()
    }
    store.close()
    assert {job: r[:3] for job, r in records.items()} == {
        jobs["a"][1]: ("node-a", None, "finished"),
        jobs["b 1/2"][1]: ("node-a", "1/2", "finished"),
        jobs["b 2/2"][1]: ("node-b", "2/2", "finished"),
    }
    # The shards split site b: neither stored all of it, together they stored all of it.
    first, second = records[jobs["b 1/2"][1]][3], records[jobs["b 2/2"][1]][3]
    assert 0 < first < len(expected["b"][0])
    assert first + second == len(expected["b"][0])
