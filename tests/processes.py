"""Real `scrapy crawl` processes against a (slowed-down) replica, for kill, lock and scrapyd tests."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from defense_news.replica import ReplicaServer, running

PROJECT = Path(__file__).resolve().parent.parent


class SlowReplica(ReplicaServer):
    """A replica that takes ``delay`` seconds per request, so a crawl lasts long enough to be interrupted."""

    def __init__(self, root: str | Path, delay: float, port: int = 0) -> None:
        super().__init__(root, port)
        self.delay = delay

    def count_request(self, path: str) -> None:
        super().count_request(path)
        time.sleep(self.delay)

    def handle_error(self, request: object, client_address: object) -> None:
        # A killed crawler leaves broken connections behind: expected here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve_slow(root: str | Path, delay: float, port: int = 0) -> Iterator[SlowReplica]:
    with running(SlowReplica(root, delay, port)) as server:
        yield server


def crawl_command(base_url: str, db: Path, *extra: str, categories: str = "military,politics") -> list[str]:
    return [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "19fortyfive",
        "-a",
        f"base_url={base_url}",
        "-a",
        f"categories={categories}",
        # HTML only: the copied replica serves no REST API.
        "-a",
        "rest=0",
        "-s",
        f"DEFENSE_NEWS_SQLITE_PATH={db}",
        # One request at a time, no politeness delay: the slow server sets the pace.
        "-s",
        "CONCURRENT_REQUESTS=1",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=0",
        "-s",
        "TELNETCONSOLE_ENABLED=0",
        *extra,
    ]


def start_crawl(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as stderr:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=stderr)


def wait_until(condition: Callable[[], bool], timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


# A log line's level, as Scrapy's default LOG_FORMAT prints it.
LEVEL = re.compile(r"^\S+ \S+ \[[^]]+\] (DEBUG|INFO|WARNING|ERROR|CRITICAL):")


def problems(stderr: str) -> list[str]:
    """The log lines at ERROR or above (one per message)."""
    levels = ((line, LEVEL.match(line)) for line in stderr.splitlines())
    return [line for line, match in levels if match and match.group(1) in {"ERROR", "CRITICAL"}]
