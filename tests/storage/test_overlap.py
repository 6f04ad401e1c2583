"""Two runs of one site on one database: the second refuses to start, in one line, and is recorded."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

from tests.processes import PROJECT, crawl_command, problems, serve_slow, start_crawl, wait_until
from tests.sitecopy import copy_site

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e


def test_second_run_of_the_same_site_refuses_to_start_in_one_line(tmp_path):
    root = copy_site(tmp_path)
    db = tmp_path / "news.db"
    # 0.3 s a request: the first run lasts several seconds, longer than the second one's start.
    with serve_slow(root, delay=0.3) as site:
        first = start_crawl(crawl_command(site.base_url, db), tmp_path / "first.log")
        try:
            wait_until(lambda: len(site.requests) >= 2, what="the first crawl to start")
            requests_before = len(site.requests)
            second = subprocess.run(
                crawl_command(site.base_url, db), cwd=PROJECT, capture_output=True, text=True, timeout=60
            )
            assert first.poll() is None, "the first run should still be crawling"
        finally:
            first.wait(timeout=120)
        assert first.returncode == 0
        # The refused run left no trace that the next run would take for an interrupted one.
        third = subprocess.run(
            crawl_command(site.base_url, db), cwd=PROJECT, capture_output=True, text=True, timeout=60
        )
    assert second.returncode == 1
    assert "Traceback" not in second.stderr
    [line] = problems(second.stderr)  # one line says why, nothing else is an error
    assert "CRITICAL: Another crawl of site 19fortyfive is writing to" in line
    assert "(pid " in line
    # It made no request: the replica saw only the first run's (checked while both ran).
    assert "Spider opened" not in second.stderr
    assert requests_before >= 2
    assert third.returncode == 0, third.stderr[-2000:]
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select site, mode, finish_reason from crawls order by id").fetchall()
    assert rows == [
        ("19fortyfive", "incremental", "finished"),
        ("19fortyfive", "refused", "database_busy"),
        ("19fortyfive", "incremental", "finished"),
    ]
