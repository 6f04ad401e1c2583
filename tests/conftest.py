from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from defense_news.replica import ReplicaServer, running, serve
from tests.databases import Dataset
from tests.helpers import SITES
from tests.postgres import REQUIRE_ENV, Database, PostgresCluster, PostgresUnavailable
from tests.scrapyd import ScrapydNode, deploy, installed, project_copy
from tests.wp_news import RestReplicaServer, WordPressApi

# The fixtures here that start a server, a cluster or processes: a test that uses one, directly or
# through another fixture, is end-to-end (marked e2e, so `make test-fast` leaves it out;
# docs/testing.md#the-fast-loop). A fixture of one module that does the same is covered by that
# module's marks; tests/fastguard.py catches a test that slips through.
E2E_FIXTURES = frozenset({"zox_site", "stock_site", "stock_classic_site", "api_site", "postgres", "scrapyd_nodes"})


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


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
    """wp-tt3 (with the two page variants of tests/sites/wp-api) and its REST API, answered
    from the records of tests/sites/wp-api (tests/wp_news.py)."""
    server = RestReplicaServer([SITES / "wp-api", SITES / "wp-tt3"], WordPressApi.captured(SITES / "wp-api"))
    with running(server):
        yield server


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL cluster (tests/postgres.py); skipped without PostgreSQL, unless CI requires it."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable = "psycopg is not installed (pip install -e '.[postgres]')"
    else:
        try:
            cluster = PostgresCluster.create()
            try:
                cluster.start()
            except BaseException:
                cluster.stop()
                raise
        except PostgresUnavailable as exc:
            unavailable = str(exc)
        else:
            try:
                yield cluster
            finally:
                cluster.stop()
            return
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{unavailable} ({REQUIRE_ENV}=1)")
    pytest.skip(unavailable)


_databases = itertools.count(1)


@pytest.fixture
def pg_database(postgres: PostgresCluster, tmp_path: Path) -> Database:
    """A fresh database with an owner and a crawler role on the session's cluster."""
    return postgres.create_database(f"dn_test_{next(_databases)}", tmp_path)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.e2e)])
def dataset(request: pytest.FixtureRequest, tmp_path: Path) -> Dataset:
    """The database a crawl stores into, once SQLite and once PostgreSQL (tests/databases.py).

    PostgreSQL: migrated and granted by the owner, crawled into as the crawler role, as a
    deployment runs it (docs/postgres.md)."""
    if request.param == "sqlite":
        return Dataset(path=tmp_path / "news.db")
    from defense_news.storage.postgres import PostgresStore

    database = request.getfixturevalue("pg_database")
    request.getfixturevalue("monkeypatch").setenv("PGPASSFILE", str(database.passfile))
    owner = PostgresStore(database.url(database.owner))
    owner.grant(database.crawler)
    owner.close()
    return Dataset(url=database.url())


@pytest.fixture(scope="session")
def scrapyd_nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[ScrapydNode]]:
    """Two scrapyd servers on 127.0.0.1 ("node-a", "node-b") with this checkout deployed to both."""
    if not installed():
        pytest.skip("scrapyd and scrapyd-client are not installed (pip install -e '.[scrapyd]'; .ci/run does)")
    root = tmp_path_factory.mktemp("scrapyd")
    nodes = [ScrapydNode(name, root / name) for name in ("node-a", "node-b")]
    try:
        for node in nodes:
            node.start()
        deploy(project_copy(root / "source"), nodes)
        yield nodes
    finally:
        for node in nodes:
            node.stop()
