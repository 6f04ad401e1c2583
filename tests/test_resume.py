"""A crawl killed with SIGKILL and started again completes: every article and comment exactly once."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess

import pytest

from tests.processes import crawl_command, serve_slow, start_crawl, wait_until
from tests.sitecopy import copy_site
from tests.stock_truth import COMMENTS_PER_POST, PUBLIC_POSTS

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e


def stored(db):
    with sqlite3.connect(db) as conn:
        return (
            conn.execute("select count(*), count(distinct post_id), count(distinct url) from articles").fetchone(),
            conn.execute("select count(*), count(distinct comment_id) from comments").fetchone(),
        )


def crawls(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("select mode, finish_reason from crawls order by id").fetchall()


@pytest.mark.parametrize("kill_after", [(6, 5), (12, 3)], ids=["early-then-early", "late-then-early"])
def test_killed_crawl_resumes_to_completion(tmp_path, kill_after):
    root = copy_site(tmp_path)
    db = tmp_path / "news.db"
    jobdir = tmp_path / "job"
    # Small batches, so a kill lands between committed batches and unflushed items.
    extra = ("-s", f"JOBDIR={jobdir}", "-s", "DEFENSE_NEWS_SQLITE_BATCH_SIZE=4")
    with serve_slow(root, delay=0.12) as site:
        for run, requests in enumerate(kill_after, start=1):
            target = len(site.requests) + requests
            process = start_crawl(crawl_command(site.base_url, db, *extra), tmp_path / f"run{run}.log")
            wait_until(lambda target=target: len(site.requests) >= target, what=f"{requests} requests of run {run}")
            process.send_signal(signal.SIGKILL)
            assert process.wait(timeout=10) == -signal.SIGKILL
            articles, comments = stored(db)
            assert articles[0] < len(PUBLIC_POSTS) or comments[0] < sum(COMMENTS_PER_POST.values()), (
                "the kill should land before the crawl is complete"
            )
        final = subprocess.run(crawl_command(site.base_url, db, *extra), capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr[-2000:]
    assert "did not finish: resuming" in final.stderr

    n_articles, n_comments = len(PUBLIC_POSTS), sum(COMMENTS_PER_POST.values())
    assert stored(db) == ((n_articles, n_articles, n_articles), (n_comments, n_comments))
    with sqlite3.connect(db) as conn:
        assert {row[0] for row in conn.execute("select post_id from articles")} == PUBLIC_POSTS
        per_post = dict(conn.execute("select post_id, count(*) from comments group by post_id"))
        assert per_post == COMMENTS_PER_POST
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        dropped = conn.execute("select dropped from crawls order by id desc limit 1").fetchone()[0]
    # Nothing failed validation (a thread shown on two comment pages is a duplicate, not a loss).
    assert all(reason.startswith("duplicate_") for reason in json.loads(dropped))
    # Two killed runs left no end; the third resumed and finished.
    assert crawls(db) == [("incremental", None), ("resume", None), ("resume", "finished")]


def test_next_run_after_a_resume_is_incremental_again(tmp_path):
    root = copy_site(tmp_path)
    db = tmp_path / "news.db"
    with serve_slow(root, delay=0.1) as site:
        process = start_crawl(crawl_command(site.base_url, db), tmp_path / "killed.log")
        wait_until(lambda: len(site.requests) >= 8, what="8 requests")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        for _ in range(2):
            done = subprocess.run(crawl_command(site.base_url, db), capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr[-2000:]
    assert crawls(db) == [("incremental", None), ("resume", "finished"), ("incremental", "finished")]


def test_a_second_ctrl_c_is_a_failed_run_that_says_so_and_the_next_one_resumes(tmp_path):
    """Scrapy's forced shutdown stops the reactor with the spider open: not exit 0 and silence."""
    root = copy_site(tmp_path)
    db = tmp_path / "news.db"
    log = tmp_path / "forced.log"
    # Slow answers keep the graceful close waiting for the requests in flight.
    with serve_slow(root, delay=2.0) as site:
        process = start_crawl(crawl_command(site.base_url, db), log)
        wait_until(lambda: len(site.requests) >= 3, what="3 requests")
        process.send_signal(signal.SIGINT)
        wait_until(lambda: "shutting down gracefully" in log.read_text(), what="the graceful stop")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 1
        last_line = log.read_text().splitlines()[-1]
        assert last_line.startswith("Crawl stopped before it could close (a second Ctrl-C or SIGTERM): the last")
        assert crawls(db) == [("incremental", None)]
    with serve_slow(root, delay=0) as site:
        resumed = subprocess.run(crawl_command(site.base_url, db), capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert crawls(db) == [("incremental", None), ("resume", "finished")]


def test_graceful_stop_resumes_the_jobdir_queue_and_a_finished_jobdir_is_reused(tmp_path):
    root = copy_site(tmp_path)
    db = tmp_path / "news.db"
    jobdir = tmp_path / "job"
    extra = ("-s", f"JOBDIR={jobdir}")
    with serve_slow(root, delay=0.12) as site:
        process = start_crawl(crawl_command(site.base_url, db, *extra), tmp_path / "stopped.log")
        wait_until(lambda: len(site.requests) >= 8, what="8 requests")
        process.send_signal(signal.SIGINT)  # what Ctrl-C or systemd's stop does
        assert process.wait(timeout=60) == 0
        assert (jobdir / "requests.queue").is_dir()
        stopped_at = len(site.requests)
        resumed = subprocess.run(crawl_command(site.base_url, db, *extra), capture_output=True, text=True, timeout=120)
        assert resumed.returncode == 0, resumed.stderr[-2000:]
        assert "Resuming the queue in JOBDIR" in resumed.stderr
        resumed_requests = site.requests[stopped_at:]
        # The queue went on where it stopped: the category listings were not fetched again.
        assert "/category/military/" not in resumed_requests
        n_articles, n_comments = len(PUBLIC_POSTS), sum(COMMENTS_PER_POST.values())
        assert stored(db) == ((n_articles, n_articles, n_articles), (n_comments, n_comments))

        # The next scheduled run reuses the same JOBDIR: its finished state is discarded, not obeyed.
        before = len(site.requests)
        again = subprocess.run(crawl_command(site.base_url, db, *extra), capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr[-2000:]
        assert "/category/military/" in site.requests[before:]
        assert "Discarding the state in JOBDIR" in again.stderr
    assert crawls(db) == [("incremental", "shutdown"), ("resume", "finished"), ("incremental", "finished")]
