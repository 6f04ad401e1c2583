"""The User-Agent names the operator's contact (DEFENSE_NEWS_CONTACT), required for any site but loopback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from defense_news.replica import ReplicaHandler, ReplicaServer, running
from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider
from tests.helpers import SITES, crawl, project_settings_dict

PROJECT = Path(__file__).resolve().parent.parent


class AgentHandler(ReplicaHandler):
    server: AgentRecordingReplica

    def _answer(self, send_body: bool) -> None:
        self.server.agents.add(self.headers.get("User-Agent", ""))
        super()._answer(send_body)


class AgentRecordingReplica(ReplicaServer):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.RequestHandlerClass = AgentHandler
        self.agents: set[str] = set()


@pytest.fixture
def replica() -> Iterator[AgentRecordingReplica]:
    with running(AgentRecordingReplica(SITES / "wp-tt3")) as server:
        yield server


def user_agent(**settings: object) -> str:
    crawler = get_crawler(NineteenFortyFiveSpider, project_settings_dict(**settings))
    return str(crawler.settings["USER_AGENT"])


def test_user_agent_is_built_from_the_contact() -> None:
    assert user_agent(DEFENSE_NEWS_CONTACT="ops@example.org").endswith(
        "(news research crawler; mailto:ops@example.org)"
    )
    assert user_agent(DEFENSE_NEWS_CONTACT="https://example.org/bot").endswith("; +https://example.org/bot)")


def test_without_a_contact_the_user_agent_says_so_and_names_no_made_up_address() -> None:
    agent = user_agent()
    assert agent.startswith("defense_news/")
    assert "no contact set" in agent
    assert "github.com" not in agent
    assert "http" not in agent


def test_a_user_agent_of_ones_own_is_kept() -> None:
    assert user_agent(USER_AGENT="MyLab-bot/2 (+https://lab.example/bot)") == "MyLab-bot/2 (+https://lab.example/bot)"


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_requests_carry_the_contact(replica: AgentRecordingReplica) -> None:
    await crawl(
        {"DEFENSE_NEWS_CONTACT": "ops@example.org"}, base_url=replica.base_url, categories="politics", max_pages="1"
    )
    assert replica.agents == {"defense_news/0.1.0 (news research crawler; mailto:ops@example.org)"}


def scrapy_crawl(*args: str) -> subprocess.CompletedProcess[str]:
    # No database; a feed to a file nobody reads (a run that would store nothing is refused too).
    command = [
        sys.executable, "-m", "scrapy", "crawl", "19fortyfive", "-s", "DEFENSE_NEWS_SQLITE_PATH=",
        "-s", 'FEEDS={"/dev/null": {"format": "jsonlines"}}', *args,
    ]  # fmt: skip
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.e2e
def test_a_real_site_without_a_contact_is_refused_before_any_request() -> None:
    # The spider's own site (www.19fortyfive.com): refused before the network is touched.
    result = scrapy_crawl()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DEFENSE_NEWS_CONTACT is not set" in lines[0]
    assert "www.19fortyfive.com" in lines[0]


@pytest.mark.e2e
def test_a_contact_that_is_no_address_is_refused() -> None:
    result = scrapy_crawl("-s", "DEFENSE_NEWS_CONTACT=call me")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Invalid setting DEFENSE_NEWS_CONTACT='call me': expected an e-mail address or an http(s) URL where the "
        "sites you crawl can reach you, e.g. -s DEFENSE_NEWS_CONTACT=you@example.org."
    ]


@pytest.mark.e2e
def test_a_loopback_site_needs_no_contact(replica: AgentRecordingReplica) -> None:
    result = scrapy_crawl(
        "-a", f"base_url={replica.base_url}", "-a", "categories=politics", "-a", "max_pages=1",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert replica.agents == {"defense_news/0.1.0 (news research crawler; no contact set)"}
