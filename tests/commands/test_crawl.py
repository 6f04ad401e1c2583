"""The project's `scrapy crawl` (defense_news/commands/crawl.py): an unusable configuration is one
line on stderr and exit status 2, before any request, lock or crawl record."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
# A port nothing listens on: should a check let the crawl start, it fails instead of reaching out.
NOWHERE = "http://127.0.0.1:9/"


def scrapy_crawl(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line_exit_2(done: subprocess.CompletedProcess[str], expected: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1, done.stderr
    assert expected in lines[0]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["-s", "DEFENSE_NEWS_SQLITE_BATCH_SIZE=abc"],
            "Invalid setting DEFENSE_NEWS_SQLITE_BATCH_SIZE='abc': expected a whole number, 1 or more.",
        ),
        (["-s", "DEFENSE_NEWS_SQLITE_BATCH_SIZE=0"], "Invalid setting DEFENSE_NEWS_SQLITE_BATCH_SIZE='0'"),
        (["-s", "DEFENSE_NEWS_REFRESH_DAYS=-1"], "Invalid setting DEFENSE_NEWS_REFRESH_DAYS='-1'"),
        (["-s", "DEFENSE_NEWS_TIMEZONE=America/NewYork"], "expected a time zone name such as America/New_York"),
        (["-s", "DEFENSE_NEWS_REST=maybe"], "Invalid setting DEFENSE_NEWS_REST='maybe': expected True or False"),
        # Scrapy's own settings the docs name: the same one line (defense_news/scrapy_settings.py).
        (
            ["-s", "DOWNLOAD_DELAY=abc"],
            "Invalid setting DOWNLOAD_DELAY='abc': expected a number of seconds, 0 or more.",
        ),
        (
            ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=abc"],
            "Invalid setting CONCURRENT_REQUESTS_PER_DOMAIN='abc': expected a whole number, 1 or more.",
        ),
        (["-s", "AUTOTHROTTLE_ENABLED=yes"], "Invalid setting AUTOTHROTTLE_ENABLED='yes': expected True or False"),
        (["-a", "categoris=china"], "Unknown spider argument 'categoris': did you mean categories?"),
        (["-a", "shard=5/4"], "Invalid spider argument shard 5/4: K must be between 1 and N."),
        (["-a", "site=defensenew"], "Unknown site profile 'defensenew': known profiles are 19fortyfive"),
        (
            [
                "-s",
                "DEFENSE_NEWS_SQLITE_PATH=",
                "-s",
                "DEFENSE_NEWS_EXPORT_DIR=out",
                "-s",
                "DEFENSE_NEWS_EXPORT_FORMAT=yaml",
            ],
            "Invalid setting DEFENSE_NEWS_EXPORT_FORMAT='yaml': expected a feed format",
        ),
        (["-s", "DEFENSE_NEWS_SQLITE_PATH="], "Nothing would be stored: DEFENSE_NEWS_SQLITE_PATH is empty"),
        (["-s", 'FEEDS={"out.yaml": {"format": "yaml"}}'], "Unknown feed format 'yaml' for out.yaml"),
        (["-o", "out.yaml"], "Unrecognized output format 'yaml'"),
    ],
)
def test_unusable_configuration_is_one_line_and_exit_2(args, expected):
    done = scrapy_crawl("wordpress", "-a", f"site={NOWHERE}", *args)
    assert_one_line_exit_2(done, expected)


def test_wordpress_needs_a_site():
    done = scrapy_crawl("wordpress")
    assert_one_line_exit_2(done, "Missing spider argument -a site=: expected a profile name or an address")


def test_unknown_spider_name():
    done = scrapy_crawl("19fortyfiv")
    assert_one_line_exit_2(done, "Unknown spider '19fortyfiv': the spiders are 19fortyfive, wordpress.")


def test_bad_profiles_file(tmp_path):
    own = tmp_path / "sites.toml"
    own.write_text('[mine]\nurl = "https://mine.example/"\ntimezone = "Europe/Berlinn"\n')
    done = scrapy_crawl("wordpress", "-a", "site=mine", "-s", f"DEFENSE_NEWS_SITES_FILE={own}")
    assert_one_line_exit_2(done, "site profile [mine]: 'Europe/Berlinn' is not a time zone name")
