"""DEFENSE_NEWS_EXPORT_DIR: one pair of files per run, so a later run never destroys an earlier export."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.replica import ReplicaServer
from tests.helpers import crawl

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

RUN_FILE = re.compile(r"^(articles|comments)-\d{8}T\d{6}Z\.jsonl$")


def exported(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


def post_ids(files: dict[str, bytes]) -> list[int]:
    return sorted(
        json.loads(line)["post_id"]
        for name, data in files.items()
        if name.startswith("articles-")
        for line in data.decode().splitlines()
    )


@deferred_f_from_coro_f
async def test_a_repeat_run_keeps_the_earlier_export(stock_site: ReplicaServer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    settings = {"DEFENSE_NEWS_SQLITE_PATH": str(tmp_path / "news.db"), "DEFENSE_NEWS_EXPORT_DIR": str(out)}
    await crawl(settings, base_url=stock_site.base_url, categories="politics")
    first = exported(out)
    assert len(first) == 2
    assert all(RUN_FILE.match(name) for name in first), sorted(first)
    assert post_ids(first) == [7, 9, 11, 13, 16]

    # The incremental repeat finds nothing new: it exports nothing, and destroys nothing.
    time.sleep(1.1)  # file names hold the run's start to the second
    await crawl(settings, base_url=stock_site.base_url, categories="politics")
    assert exported(out) == first

    # A full run exports everything again, into files of its own.
    time.sleep(1.1)
    await crawl(settings, base_url=stock_site.base_url, categories="politics", full="1")
    third = exported(out)
    assert len(third) == 4
    assert {name: third[name] for name in first} == first
    assert post_ids(third) == [7, 7, 9, 9, 11, 11, 13, 13, 16, 16]
