"""JOBDIR and feed files checked before the crawl (defense_news/destinations.py): one line naming the place."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings

from defense_news.destinations import database_problem, destination_problem


def problem(tmp_path: Path, export_dir: str = "", **settings: object) -> str | None:
    return destination_problem(Settings(settings), export_dir)


def test_writable_places_pass_and_missing_directories_are_made(tmp_path: Path) -> None:
    feeds = {str(tmp_path / "feeds" / "%(name)s" / "items.jsonl"): {"format": "jsonlines"}}
    assert problem(tmp_path, str(tmp_path / "out"), JOBDIR=str(tmp_path / "jobs" / "a"), FEEDS=feeds) is None
    assert (tmp_path / "out").is_dir()
    assert (tmp_path / "jobs" / "a").is_dir()
    assert (tmp_path / "feeds").is_dir()
    assert problem(tmp_path, FEEDS={"s3://bucket/items.jsonl": {"format": "jsonlines"}}) is None  # not a local file


def test_a_jobdir_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "jobs").write_text("a file")
    assert problem(tmp_path, JOBDIR=str(tmp_path / "jobs")) == (
        f"Invalid setting JOBDIR='{tmp_path}/jobs': expected a directory this process can write"
        f" ({tmp_path}/jobs is a file, not a directory)."
    )


def test_a_jobdir_that_cannot_be_made() -> None:
    assert problem(Path(), JOBDIR="/proc/defense-news-jobs") == (
        "Invalid setting JOBDIR='/proc/defense-news-jobs': expected a directory this process can write"
        " (cannot make /proc/defense-news-jobs: No such file or directory)."
    )


def test_an_export_dir_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file")
    assert problem(tmp_path, f"{tmp_path}/out/feeds") == (
        f"Invalid setting DEFENSE_NEWS_EXPORT_DIR='{tmp_path}/out/feeds': expected a directory this process can"
        f" write (cannot make {tmp_path}/out/feeds: Not a directory)."
    )


@pytest.mark.parametrize("uri", ["{d}/afile/items.csv", "file://{d}/afile/items.csv"])
def test_a_feed_under_a_file(tmp_path: Path, uri: str) -> None:
    (tmp_path / "afile").write_text("a file")
    uri = uri.format(d=tmp_path)
    assert problem(tmp_path, FEEDS={uri: {"format": "csv"}}) == (
        f"Cannot write the feed {uri}: {tmp_path}/afile is a file, not a directory."
    )


def test_a_feed_that_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "items.jsonl").mkdir()
    uri = str(tmp_path / "items.jsonl")
    assert (
        problem(tmp_path, FEEDS={uri: {"format": "jsonlines"}}) == f"Cannot write the feed {uri}: {uri} is a directory."
    )


def test_a_log_files_directory_is_made_and_one_under_a_file_is_refused(tmp_path: Path) -> None:
    """Scrapy makes no directory for LOG_FILE: a missing one was a traceback before anything ran."""
    assert problem(tmp_path, LOG_FILE=str(tmp_path / "logs" / "crawl.log")) is None
    assert (tmp_path / "logs").is_dir()
    (tmp_path / "afile").write_text("a file")
    assert problem(tmp_path, LOG_FILE=str(tmp_path / "afile" / "crawl.log")) == (
        f"Invalid setting LOG_FILE='{tmp_path}/afile/crawl.log': expected a file in a directory this process can"
        f" write ({tmp_path}/afile is a file, not a directory)."
    )
    assert problem(tmp_path, LOG_FILE=str(tmp_path / "logs")) == (
        f"Invalid setting LOG_FILE='{tmp_path}/logs': expected a file in a directory this process can"
        f" write ({tmp_path}/logs is a directory)."
    )


@pytest.mark.parametrize("fmt", ["json", "xml", "csv"])
def test_appending_a_second_document_to_a_whole_document_feed_is_refused(tmp_path: Path, fmt: str) -> None:
    """`-o items.json` run twice wrote `[...][...]`: invalid JSON, the first run's items unreadable."""
    feed = tmp_path / f"items.{fmt}"
    feed.write_text("[\n{}\n]" if fmt == "json" else "x")
    uri = str(feed)
    assert problem(tmp_path, FEEDS={uri: {"format": fmt}}) == (
        f"Cannot append to the feed {uri}: it holds a {fmt} document already, and a second one after it makes the"
        " file unreadable. Use -O to replace it, a .jsonl file to append, or DEFENSE_NEWS_EXPORT_DIR for a new file"
        " per run."
    )
    assert problem(tmp_path, FEEDS={uri: {"format": fmt, "overwrite": True}}) is None  # -O


def test_appending_to_json_lines_or_a_new_or_empty_file_passes(tmp_path: Path) -> None:
    (tmp_path / "items.jsonl").write_text("{}\n")
    (tmp_path / "empty.json").touch()
    feeds = {
        str(tmp_path / "items.jsonl"): {"format": "jsonlines"},
        str(tmp_path / "empty.json"): {"format": "json"},
        str(tmp_path / "new.json"): {"format": "json"},
    }
    assert problem(tmp_path, FEEDS=feeds) is None


def test_a_database_path_the_run_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("a file")
    (tmp_path / "folder").mkdir()
    assert database_problem(f"{tmp_path}/afile/news.db") == (
        f"Invalid setting DEFENSE_NEWS_SQLITE_PATH='{tmp_path}/afile/news.db': expected a database file in a"
        f" directory this process can write ({tmp_path}/afile is a file, not a directory)."
    )
    assert database_problem(f"{tmp_path}/folder") == (
        f"Invalid setting DEFENSE_NEWS_SQLITE_PATH='{tmp_path}/folder': expected a database file in a"
        f" directory this process can write ({tmp_path}/folder is a directory)."
    )
    assert database_problem("/proc/defense-news/news.db") == (
        "Invalid setting DEFENSE_NEWS_SQLITE_PATH='/proc/defense-news/news.db': expected a database file in a"
        " directory this process can write (cannot make /proc/defense-news: No such file or directory)."
    )


def test_a_database_path_that_can_be_written_passes(tmp_path: Path) -> None:
    assert database_problem(f"{tmp_path}/data/news.db") is None
    assert (tmp_path / "data").is_dir()  # made, as the store makes it
    (tmp_path / "old.db").write_bytes(b"not checked here: only opening the file tells")
    assert database_problem(f"{tmp_path}/old.db") is None
    # No SQLite file to check: the database is off, PostgreSQL takes its place, or it is in memory.
    assert database_problem("") is None
    assert database_problem("/proc/x/news.db", "postgresql://u@h/db") is None
    assert database_problem(":memory:") is None
