"""`scrapy dbcopy` reads its source and never creates it: a wrong source is one line, nothing written
(exit 2 for a path with no file behind it, 1 for a file that is no defense_news database)."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from defense_news.items import Article
from defense_news.storage import SQLiteStore
from tests.processes import PROJECT

# Starts processes: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e


def dbcopy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "dbcopy", *args], cwd=PROJECT, capture_output=True, text=True, timeout=120
    )


def files(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha1(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir()) if p.is_file()}


def assert_refused(done: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    [line] = done.stdout.splitlines()
    assert line.startswith("Copy failed: ")
    for fragment in fragments:
        assert fragment in line


def assert_usage_error(done: subprocess.CompletedProcess[str], line: str) -> None:
    """docs/exit-codes.md: a path named on the command line that the run cannot use is status 2,
    in one line, before anything is opened."""
    assert done.returncode == 2, done.stdout + done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    last = done.stderr.strip().splitlines()[-1]
    assert f": error: {line}" in last, last


def test_a_mistyped_source_is_a_usage_error_and_not_created(tmp_path):
    source, target = tmp_path / "typo.db", tmp_path / "copy.db"
    advice = "give the path of an existing defense_news database"
    assert_usage_error(dbcopy(str(source), str(target)), f"cannot copy: {source} does not exist: {advice}")
    assert list(tmp_path.iterdir()) == []  # neither the source nor the target


def test_a_source_in_a_missing_folder_creates_no_folder(tmp_path):
    source = tmp_path / "no" / "such" / "news.db"
    assert_usage_error(dbcopy(str(source), str(tmp_path / "copy.db")), f"cannot copy: {source} does not exist")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_no_source(tmp_path):
    (tmp_path / "data").mkdir()
    done = dbcopy(str(tmp_path / "data"), str(tmp_path / "copy.db"))
    assert_usage_error(done, f"cannot copy: {tmp_path / 'data'} is not a file: give the path")
    assert [p.name for p in tmp_path.iterdir()] == ["data"]


def test_an_sqlite_file_without_the_schema_is_refused_unchanged(tmp_path):
    source = tmp_path / "other.db"
    with closing(sqlite3.connect(source)) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.commit()
    empty = tmp_path / "empty.db"
    empty.touch()
    before = files(tmp_path)
    for path in (source, empty):
        assert_refused(dbcopy(str(path), str(tmp_path / "copy.db")), str(path), "not a defense_news database")
    assert files(tmp_path) == before


def test_a_file_that_is_no_database_is_refused_unchanged(tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("not a database, but the user's notes\n" * 100)
    before = files(tmp_path)
    assert_refused(dbcopy(str(source), str(tmp_path / "copy.db")), str(source), "not a database")
    assert files(tmp_path) == before


def test_a_real_source_is_still_copied(tmp_path):
    source = tmp_path / "news.db"
    store = SQLiteStore(source)
    store.upsert_articles([Article(url="https://a.test/1/", post_id=1, title="T", site="a")], "2026-01-01T00:00:00Z")
    store.close()
    done = dbcopy(str(source), str(tmp_path / "copy.db"))
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    assert "articles: 1 rows, identical in both" in done.stdout


@pytest.mark.parametrize(
    ("target", "why"),
    [("file/copy.db", "file is a file, not a directory"), ("folder", "folder is a directory")],
)
def test_a_target_this_process_cannot_write_is_a_usage_error(tmp_path, target, why):
    """docs/exit-codes.md: a place named on the command line that the run cannot write is status 2,
    told before anything is opened for writing (it was "Copy failed: …", status 1)."""
    source = tmp_path / "news.db"
    store = SQLiteStore(source)
    store.upsert_articles([Article(url="https://a.test/1/", post_id=1, title="T", site="a")], "2026-01-01T00:00:00Z")
    store.close()
    (tmp_path / "file").write_text("not a folder")
    (tmp_path / "folder").mkdir()
    before = files(tmp_path)
    done = dbcopy(str(source), str(tmp_path / target))
    assert done.returncode == 2, done.stdout + done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    last = done.stderr.strip().splitlines()[-1]
    assert last.endswith(f": error: cannot copy into {tmp_path / target}: {tmp_path / why}"), last
    assert files(tmp_path) == before
