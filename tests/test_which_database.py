"""`make explore` and `make report` say which database they show and what it holds (issue 22):
an offline `make crawl` leaves an empty crawl database, which both prefer to the demo's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from defense_news.pipelines import StorePipeline
from defense_news.storage import SQLiteStore
from tests.test_pipelines import make_article, make_comment

# Starts processes, servers or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).resolve().parent.parent


def database(path: Path, comments: int = 0) -> Path:
    """A database of the current schema holding one article and ``comments`` comments, or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    store = SQLiteStore(path)
    if comments:
        pipeline = StorePipeline(store, "19fortyfive")
        pipeline.process_item(make_article())
        for n in range(comments):
            pipeline.process_item(make_comment(comment_id=n + 1))
        pipeline.close_spider()
    store.close()
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A checkout's data/ after `make demo` and an offline `make crawl`."""
    database(tmp_path / "data" / "defense_news.db")
    database(tmp_path / "data" / "demo.db", comments=3)
    return tmp_path


def python(folder: Path, *args: str, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}  # this checkout's code, run from the folder
    return subprocess.Popen([sys.executable, "-m", *args], cwd=folder, env=env, text=True, **kwargs)  # type: ignore[call-overload]


def test_report_names_an_empty_crawl_database_and_the_way_to_the_demos(folder: Path) -> None:
    pytest.importorskip("plotly", reason='plotly is not installed: pip install -e ".[report]"')
    done = python(folder, "defense_news.report", "-o", "report.html", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    assert out.splitlines()[0] == (
        "report: data/defense_news.db (the crawl's database): 0 articles, 0 comments: it is EMPTY "
        "(a crawl that stored nothing?); the demo's database data/demo.db has 1 articles: "
        "make report REPORT_DB=data/demo.db"
    )

    done = python(folder, "defense_news.report", "data/demo.db", "-o", "report.html", stdout=subprocess.PIPE)
    out, _ = done.communicate(timeout=120)
    assert done.returncode == 0
    assert out.splitlines()[0] == "report: data/demo.db (the demo's database): 1 articles, 3 comments."


def wait_for(log: Path, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        content = log.read_text(encoding="utf-8") if log.exists() else ""
        if text in content:
            return content
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not seen in {log}:\n{log.read_text(encoding='utf-8')}")


def test_explore_names_the_database_and_stops_cleanly_on_sigterm(folder: Path) -> None:
    pytest.importorskip("datasette", reason='Datasette is not installed: pip install -e ".[explore]"')
    log = folder / "explore.log"
    with log.open("w") as output:
        server = python(folder, "defense_news.explore", "--port", "0", stdout=output, stderr=subprocess.STDOUT)
    try:
        content = wait_for(log, "Uvicorn running")
    finally:
        server.send_signal(signal.SIGTERM)
        status = server.wait(timeout=30)
    assert content.splitlines()[0] == (
        "explore: data/defense_news.db (the crawl's database): 0 articles, 0 comments: it is EMPTY "
        "(a crawl that stored nothing?); the demo's database data/demo.db has 1 articles: "
        "make explore EXPLORE_DB=data/demo.db"
    )
    # Asked to stop: a clean end, whatever Datasette's own status (uvicorn re-raises the signal).
    assert status == 0, log.read_text(encoding="utf-8")
