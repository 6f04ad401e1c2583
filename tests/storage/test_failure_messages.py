"""Storage failures seen from `scrapy crawl`: one clear line, no traceback, exit status 1, nothing changed.

A database folder the run cannot write is a usage error, refused before the crawl like an -O file
the run cannot write: one line, exit status 2 (docs/exit-codes.md).

Real processes against the stock replica. A read-only directory is a read-only
bind mount in a private mount namespace when the tests run as root (root ignores
file modes), a directory without write permission otherwise.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from tests.processes import PROJECT, crawl_command, problems

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e


def digest(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


@contextmanager
def read_only(directory: Path, command: list[str]) -> Iterator[list[str]]:
    """``command`` made to see ``directory`` read-only."""
    if os.geteuid() != 0:
        directory.chmod(0o555)
        try:
            yield command
        finally:
            directory.chmod(0o755)
        return
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("running as root without mount namespaces: no way to make a directory read-only")
    mount = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    yield ["unshare", "-m", "sh", "-c", mount, str(directory), *command]


def crawl(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120)


def assert_one_line(done: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    [line] = problems(done.stderr)
    assert " CRITICAL: " in line
    for fragment in fragments:
        assert fragment in line
    assert "Spider opened" not in done.stderr  # stopped before the first request


def assert_refused_setting(done: subprocess.CompletedProcess[str], db: Path, directory: Path) -> None:
    assert done.returncode == 2, done.stderr[-3000:]
    [line] = done.stderr.strip().splitlines()
    # "Read-only file system" under a read-only mount (root), "Permission denied" under chmod.
    assert line.startswith(
        f"Invalid setting DEFENSE_NEWS_SQLITE_PATH='{db}': expected a database file in a directory this process"
        f" can write (cannot write in {directory}: "
    ), line


def test_read_only_directory_of_an_existing_database(stock_site, tmp_path):
    data = tmp_path / "data"
    db = data / "news.db"
    first = crawl(crawl_command(stock_site.base_url, db))
    assert first.returncode == 0, first.stderr[-3000:]
    before = {path.name: digest(path) for path in data.iterdir()}
    with read_only(data, crawl_command(stock_site.base_url, db)) as command:
        done = crawl(command)
    assert_refused_setting(done, db, data)
    assert {path.name: digest(path) for path in data.iterdir()} == before
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("select count(*) from crawls").fetchone()[0] == 1


def test_read_only_directory_without_a_database(stock_site, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    with read_only(data, crawl_command(stock_site.base_url, data / "news.db")) as command:
        done = crawl(command)
    assert_refused_setting(done, data / "news.db", data)
    assert list(data.iterdir()) == []


def test_database_locked_by_another_program(stock_site, tmp_path):
    db = tmp_path / "news.db"
    first = crawl(crawl_command(stock_site.base_url, db))
    assert first.returncode == 0, first.stderr[-3000:]
    with closing(sqlite3.connect(db, isolation_level=None)) as locker:
        locker.execute("BEGIN IMMEDIATE")  # holds the write lock, as a long job would
        done = crawl(crawl_command(stock_site.base_url, db, "-s", "DEFENSE_NEWS_SQLITE_TIMEOUT=0.5"))
        locker.execute("ROLLBACK")
    assert_one_line(done, "database is locked", "DEFENSE_NEWS_SQLITE_TIMEOUT (0.5 s)")
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("select count(*), min(finish_reason) from crawls").fetchone() == (1, "finished")
