"""The Makefile's targets as a make user meets them (the README's entry points)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from defense_news.storage import SQLiteStore

PROJECT = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)

# `make` in a process: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = [pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"), pytest.mark.e2e]


def make(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    command = ["make", "--no-print-directory", "-f", str(PROJECT / "Makefile"), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(not (VENV / "bin" / "scrapy").exists(), reason="the tests do not run from a virtual environment")
def test_make_crawl_without_contact_names_the_make_variable(tmp_path: Path) -> None:
    result = make("crawl", f"VENV={VENV}", f"DB={tmp_path / 'crawl.db'}")

    assert result.returncode != 0
    refusal = [line for line in result.stderr.splitlines() if "DEFENSE_NEWS_CONTACT is not set" in line]
    assert len(refusal) == 1, result.stderr
    assert "e.g. make crawl CONTACT=you@example.org" in refusal[0]
    assert "-s DEFENSE_NEWS_CONTACT" not in refusal[0]
    assert not (tmp_path / "crawl.db").exists()


def test_make_clean_removes_the_demo_database_with_its_journal_and_lock_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    demo_files = ["demo.db", "demo.db-wal", "demo.db-shm", "demo.db.19fortyfive.lock"]
    for name in [*demo_files, "defense_news.db"]:
        (data / name).write_bytes(b"x")
    (tmp_path / "venv").mkdir()

    result = make("clean", "VENV=venv", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in data.iterdir()) == ["defense_news.db"]  # the crawl's own data is kept
    assert not (tmp_path / "venv").exists()


@pytest.mark.skipif(not (VENV / "bin" / "scrapy").exists(), reason="the tests do not run from a virtual environment")
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds make's child through Linux's /proc")
def test_make_explore_stopped_with_sigterm_ends_without_a_make_error(tmp_path: Path) -> None:
    pytest.importorskip("datasette", reason='Datasette is not installed: pip install -e ".[explore]"')
    db = tmp_path / "empty.db"
    SQLiteStore(db).close()
    log = tmp_path / "make.log"
    command = ["make", "--no-print-directory", "-f", str(PROJECT / "Makefile"), "explore", f"VENV={VENV}"]
    command += [f"EXPLORE_DB={db}", "EXPLORE_PORT=0"]
    with log.open("w") as output:
        make_process = subprocess.Popen(command, cwd=PROJECT, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while "Uvicorn running" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        # make runs `python -m defense_news.explore` as its child: a service manager or a user stops that.
        children = Path(f"/proc/{make_process.pid}/task/{make_process.pid}/children").read_text().split()
        assert len(children) == 1, children
        os.kill(int(children[0]), signal.SIGTERM)
        status = make_process.wait(timeout=30)
    finally:
        if make_process.poll() is None:
            make_process.kill()
            make_process.wait()
    output_text = log.read_text()
    assert status == 0, output_text
    assert "make: ***" not in output_text
