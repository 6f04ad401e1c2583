"""Two runs on one database: the second refuses to start."""

from __future__ import annotations

import sqlite3
import subprocess

from tests.processes import PROJECT, crawl_command, serve_slow, start_crawl, wait_until
from tests.sitecopy import copy_site


def test_second_run_on_the_same_database_refuses_to_start(tmp_path):
    root = copy_site(tmp_path)
    db = tmp_path / "news.db"
    # 0.3 s a request: the first run lasts several seconds, longer than the second one's start.
    with serve_slow(root, delay=0.3) as site:
        first = start_crawl(crawl_command(site.base_url, db), tmp_path / "first.log")
        try:
            wait_until(lambda: len(site.requests) >= 2, what="the first crawl to start")
            second = subprocess.run(
                crawl_command(site.base_url, db), cwd=PROJECT, capture_output=True, text=True, timeout=60
            )
            assert first.poll() is None, "the first run should still be crawling"
        finally:
            first.wait(timeout=120)
    assert second.returncode != 0
    assert "Another crawl is writing to" in second.stderr
    assert first.returncode == 0
    with sqlite3.connect(db) as conn:
        # Only the first run left a record, and it finished.
        assert conn.execute("select count(*), min(finish_reason) from crawls").fetchone() == (1, "finished")
