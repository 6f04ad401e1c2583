"""The offline demo (`python -m defense_news.demo`, `make demo`) and the replica server's command line."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from defense_news.demo import DEMO_ORIGIN

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port on 127.0.0.1 that another program is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False
    )


def test_demo_on_a_taken_port_fails_in_one_line_and_deletes_nothing(taken_port: int, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    db.write_bytes(b"an earlier demo's data")

    result = run("defense_news.demo", "--fresh", "--db", str(db), "--port", str(taken_port))

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"port {taken_port}" in lines[0]
    assert "--port" in lines[0]
    # Nothing was deleted: the failure came before --fresh did anything.
    assert db.read_bytes() == b"an earlier demo's data"


def test_replica_server_on_a_taken_port_fails_in_one_line(taken_port: int) -> None:
    result = run("defense_news.replica", "tests/sites/zox", "--port", str(taken_port))

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


NO_PORT = "is no port number: 0 to 65535 (0 = any free port)"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("defense_news.replica", "tests/sites/zox", "--port", "99999"), f"--port 99999 {NO_PORT}"),
        (("defense_news.replica", "tests/sites/zox", "--port", "-1"), f"--port -1 {NO_PORT}"),
        (("defense_news.replica", "README.md", "--port", "0"), "README.md is a file, not a replica folder"),
        (("defense_news.demo", "--port", "99999"), f"--port 99999 {NO_PORT}"),
        (("defense_news.demo", "--site", "README.md", "--port", "0"), "README.md is a file, not a replica folder"),
    ],
)
def test_a_bad_port_or_folder_is_one_line_and_exit_2(args: tuple[str, ...], said: str) -> None:
    """A port out of range used to end in bind()'s OverflowError traceback (exit 1); a file
    given as the replica folder was said not to exist."""
    result = run(*args)

    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.endswith(said)


def test_demo_whose_crawl_could_not_start_reports_in_one_line(tmp_path: Path) -> None:
    """The crawl refuses (the file is no database): the demo's report adds no traceback."""
    db = tmp_path / "demo.db"
    db.write_bytes(b"not a database, and it must stay as it is" * 100)

    result = run("defense_news.demo", "--db", str(db), "--port", "0")

    assert result.returncode == 1
    assert "sqlite3" not in result.stderr, result.stderr
    assert "Stored" not in result.stdout
    assert f"Nothing stored in {db}" in result.stderr.strip().splitlines()[-1]
    assert db.read_bytes().startswith(b"not a database")


def test_demo_of_a_folder_without_wordpress_pages_fails_in_one_line(tmp_path: Path) -> None:
    """Nothing found where it looked is no success: one line naming the folder, status 1 (docs/exit-codes.md)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!DOCTYPE html><html><body><p>A plain page, no WordPress.</p></body></html>")
    db = tmp_path / "demo.db"

    result = run("defense_news.demo", "--site", str(site), "--db", str(db), "--port", "0")

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Stored" not in result.stdout
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Nothing stored in {db}: no article found in {site}"), last


def test_demo_on_any_port_stores_the_same_urls(tmp_path: Path) -> None:
    """`make demo DEMO_PORT=0` twice: two ports, one site; the second run finds nothing new or changed."""
    db = tmp_path / "demo.db"
    for _ in range(2):
        result = run("defense_news.demo", "--db", str(db), "--port", "0")
        assert result.returncode == 0, result.stderr[-2000:]
    with closing(sqlite3.connect(db)) as conn:
        runs = conn.execute(
            "SELECT articles_new, articles_updated, comments_new, comments_updated FROM crawls ORDER BY id"
        ).fetchall()
        urls = [row[0] for row in conn.execute("SELECT url FROM articles")]
        article_urls = {row[0] for row in conn.execute("SELECT article_url FROM comments")}
    # The first run stored the site; the second, on another port, nothing new or changed.
    assert runs[0][0] > 0
    assert runs[0][2] > 0
    assert runs[1] == (0, 0, 0, 0)
    assert all(url.startswith(DEMO_ORIGIN + "/") for url in urls), urls
    assert all(url.startswith(DEMO_ORIGIN + "/") for url in article_urls)
    assert len(urls) == runs[0][0]
