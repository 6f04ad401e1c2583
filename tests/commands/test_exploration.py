"""Exploration commands leave the database alone: no write, no lock, no crawl record.

Real ``scrapy`` processes against the stock replica, with the real database path
set, after a crawl that stopped early (so a resume is pending).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from defense_news.replica import ReplicaServer
from tests.processes import PROJECT, crawl_command, start_crawl, wait_until

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

ARTICLE = "2024/10/drones-ukraine-lessons-army/"
# Scrapy's own commands that crawl, with what each needs to run without a terminal.
COMMANDS = {
    "parse": ["parse", "--spider=19fortyfive", "-c", "parse_article", "{url}"],
    "fetch": ["fetch", "--nolog", "{url}"],
    # BROWSER=true: webbrowser "opens" the page with /bin/true.
    "view": ["view", "{url}"],
    "shell": ["shell", "-c", "len(response.body)", "{url}"],
    "check": ["check", "19fortyfive"],
    "bench": ["bench", "-s", "CLOSESPIDER_TIMEOUT=1", "-s", "LOGSTATS_INTERVAL=1"],
}


def scrapy(db: Path, *args: str) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", *args,
        "-s", f"DEFENSE_NEWS_SQLITE_PATH={db}", "-s", "TELNETCONSOLE_ENABLED=0",
    ]  # fmt: skip


def snapshot(directory: Path) -> dict[str, str]:
    """Every file next to the database (database, WAL, locks) and its content."""
    return {path.name: hashlib.sha1(path.read_bytes()).hexdigest() for path in sorted(directory.iterdir())}


def crawls(db: Path) -> list[tuple]:
    # Closed at once: an open connection keeps -wal/-shm files that would change under the snapshot.
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("select mode, finish_reason from crawls order by id").fetchall()


@pytest.fixture
def pending_resume(stock_site: ReplicaServer, tmp_path: Path) -> Path:
    """A database whose last crawl stopped after 3 pages: the next crawl resumes."""
    db = tmp_path / "data" / "news.db"
    stopped = subprocess.run(
        crawl_command(stock_site.base_url, db, "-s", "CLOSESPIDER_PAGECOUNT=3"),
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert stopped.returncode == 0, stopped.stderr[-2000:]
    assert crawls(db) == [("incremental", "closespider_pagecount")]
    return db


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_exploration_commands_do_not_touch_the_database(command, stock_site, pending_resume):
    db = pending_resume
    before = snapshot(db.parent)
    args = [arg.format(url=stock_site.base_url + ARTICLE) for arg in COMMANDS[command]]
    if command == "parse":
        args[1:1] = ["-a", f"base_url={stock_site.base_url}", "-a", "rest=0"]
    env = {**os.environ, "BROWSER": "true"}
    done = subprocess.run(scrapy(db, *args), cwd=PROJECT, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    if command == "parse":
        assert "drones-ukraine-lessons-army" in done.stdout  # it did parse the article
    assert snapshot(db.parent) == before
    # The pending resume is still pending: the next crawl resumes.
    resumed = subprocess.run(crawl_command(stock_site.base_url, db), cwd=PROJECT, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert crawls(db) == [("incremental", "closespider_pagecount"), ("resume", "finished")]


def test_a_crawl_starts_while_a_shell_is_open(stock_site, tmp_path):
    db = tmp_path / "news.db"
    shell = subprocess.Popen(
        scrapy(db, "shell", stock_site.base_url + ARTICLE),
        cwd=PROJECT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # The shell has fetched its page and waits at its prompt.
        wait_until(lambda: ARTICLE in " ".join(stock_site.requests), timeout=60, what="the shell's fetch")
        crawl = start_crawl(crawl_command(stock_site.base_url, db), tmp_path / "crawl.log")
        assert crawl.wait(timeout=120) == 0, (tmp_path / "crawl.log").read_text()[-3000:]
        assert shell.poll() is None, "the shell should still be open"
    finally:
        shell.communicate(b"exit()\n", timeout=60)
    assert crawls(db) == [("incremental", "finished")]
