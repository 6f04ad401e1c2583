"""Smoke test of the benchmark (bench/run.py) at a tiny size: it runs and prints its table.

Timings are not asserted (CI machines vary); the crawls must fetch the same pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[1]


def test_benchmark_smoke_prints_table() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--articles", "20", "--quick"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    for row in (
        "1. defense_news crawl → SQLite",
        "2. bare Scrapy, same links",
        "3. extraction",
        "4. SQLite storage alone",
        "4b. PostgreSQL storage alone",
        "5. repeat run",
        "crawl ≥ 0.8× bare throughput",
    ):
        assert row in out, out
    assert "20 articles" in out
    assert "WARNING" not in out, out  # both spiders fetched the same pages
    if os.environ.get("DEFENSE_NEWS_REQUIRE_POSTGRES") == "1":  # CI: PostgreSQL is there, so it was measured
        assert "comments/s (same rows and batches" in out, out
