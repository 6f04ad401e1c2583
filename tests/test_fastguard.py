"""The fast loop's guard (tests/fastguard.py): a test not marked e2e that starts a server, a process
or a crawl fails with a message saying to mark it; a marked one runs as usual."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

# Runs pytest in a process: end-to-end itself.
pytestmark = pytest.mark.e2e

CASES = """
import socket
import subprocess
import sys
from http.server import HTTPServer, BaseHTTPRequestHandler

import pytest
from scrapy import Spider
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from tests.fastguard import StartedInFastTest


def test_pure():
    assert 1 + 1 == 2


def test_listens():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()


def test_thread_server():
    HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler).server_close()


def test_subprocess():
    subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_swallows_it():
    try:
        subprocess.run([sys.executable, "-c", "pass"], check=True)
    except StartedInFastTest:
        pass


@pytest.fixture
def server():
    server = HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    yield server
    server.server_close()


def test_server_fixture(server):
    pass


class Empty(Spider):
    name = "empty"


@deferred_f_from_coro_f
async def test_crawl():
    await get_crawler(Empty).crawl_async()


@pytest.mark.e2e
def test_marked(server):
    subprocess.run([sys.executable, "-c", "pass"], check=True)
"""


def test_unmarked_tests_that_start_things_fail_and_say_mark_it_e2e(tmp_path):
    (tmp_path / "test_cases.py").write_text(CASES)
    config = ["-c", str(PROJECT / "pyproject.toml"), "--rootdir", str(tmp_path), "-p", "no:cacheprovider"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *config, "-p", "tests.fastguard", "-q", "-rfE", "test_cases.py"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(PROJECT), "COLUMNS": "400"},  # the project's tests/, whole lines
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    assert "5 failed, 2 passed, 1 error" in out, out
    expected = {
        "test_listens": "opened a listening socket",
        "test_thread_server": "started a server on ('127.0.0.1', 0)",
        "test_subprocess": "started a subprocess",
        "test_swallows_it": "started a subprocess",
        "test_crawl": "ran a Scrapy crawl",
        "test_server_fixture": "started a server on",
    }
    for name, what in expected.items():
        outcome = "ERROR" if name == "test_server_fixture" else "FAILED"
        line = next(line for line in out.splitlines() if line.startswith(f"{outcome} test_cases.py::{name} "))
        assert what in line, line
        assert "is not marked e2e: mark it e2e" in line, line
    assert "test_pure" not in out
    assert "test_marked" not in out
