from __future__ import annotations

from collections.abc import Iterator

import pytest

from defense_news.replica import ReplicaServer, serve
from tests.helpers import SITES


@pytest.fixture(scope="session")
def zox_site() -> Iterator[ReplicaServer]:
    """The ZoxPress replica of 19FortyFive on 127.0.0.1."""
    with serve(SITES / "zox") as server:
        yield server


@pytest.fixture(scope="session")
def stock_site() -> Iterator[ReplicaServer]:
    """A stock WordPress 6.1 site (twentytwentythree) on 127.0.0.1."""
    with serve(SITES / "wp-tt3") as server:
        yield server


@pytest.fixture(scope="session")
def stock_classic_site() -> Iterator[ReplicaServer]:
    """The same site with the classic twentytwentyone theme."""
    with serve(SITES / "wp-tt1") as server:
        yield server


@pytest.fixture(scope="session")
def api_site() -> Iterator[ReplicaServer]:
    """wp-tt3 with its REST API (tests/sites/wp-api layered over it)."""
    with serve([SITES / "wp-api", SITES / "wp-tt3"]) as server:
        yield server
