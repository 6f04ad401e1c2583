"""`scrapy parse`, as docs/exploring.md shows it, prints what a callback gives: for an article, the article."""

from __future__ import annotations

import ast
import subprocess
import sys
from typing import Any

import pytest

from defense_news.replica import ReplicaServer
from tests.processes import PROJECT

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

ARTICLE = "2024/10/drones-ukraine-lessons-army/"


def scrapy_parse(site: ReplicaServer, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "scrapy", "parse", "--spider=19fortyfive", "-c", "parse_article",
        "-a", f"base_url={site.base_url}", "-s", "DEFENSE_NEWS_SQLITE_PATH=", *args, site.base_url + ARTICLE,
    ]  # fmt: skip
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False)


def scraped_items(stdout: str) -> list[dict[str, Any]]:
    """The items of every depth level that `scrapy parse` printed."""
    items: list[dict[str, Any]] = []
    for section in stdout.split("# Scraped Items")[1:]:
        listing = section.split("\n", 1)[1].split("# Requests")[0]
        items += ast.literal_eval(listing.strip())
    return items


def test_parse_article_shows_the_article_and_its_comments(api_site: ReplicaServer) -> None:
    """The site has a REST API: the article used to wait for its answer, so parse showed only comments."""
    result = scrapy_parse(api_site)
    assert result.returncode == 0, result.stderr[-2000:]
    items = scraped_items(result.stdout)
    articles = [item for item in items if "body_text" in item]
    assert [a["url"] for a in articles] == [api_site.base_url + ARTICLE]
    assert articles[0]["title"]
    assert articles[0]["body_text"]
    assert [c["comment_id"] for c in items if "comment_id" in c] == [31]
    # No request left waiting on REST: what parse shows is all the page gives.
    assert "wp-json" not in result.stdout


@pytest.mark.parametrize("asked", [("-a", "rest=1"), ("-s", "DEFENSE_NEWS_REST=True")])
def test_parse_article_with_rest_shows_the_enriched_article_one_level_down(
    api_site: ReplicaServer, asked: tuple[str, str]
) -> None:
    result = scrapy_parse(api_site, *asked, "--depth", "2")
    assert result.returncode == 0, result.stderr[-2000:]
    articles = [item for item in scraped_items(result.stdout) if "body_text" in item]
    assert len(articles) == 1
    assert articles[0]["post_id"] == 15
    assert articles[0]["published_at_source"] == "rest"


@pytest.mark.parametrize("depth", ["1", "2"])
def test_parse_prints_no_warning(api_site: ReplicaServer, depth: str) -> None:
    """Neither Scrapy's deprecation of callbacks returning Deferreds (its own parse command's
    wrapper did) nor "Disabled …" warnings for the database left alone on purpose."""
    result = scrapy_parse(api_site, "-a", "rest=1", "--depth", depth)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Deprecat" not in result.stderr
    assert [line for line in result.stderr.splitlines() if "WARNING" in line] == []
    assert "'log_count/WARNING'" not in result.stderr
    assert [a["post_id"] for a in scraped_items(result.stdout) if "body_text" in a] == ([15] if depth == "2" else [])
