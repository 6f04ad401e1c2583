"""Several crawls opening one fresh PostgreSQL database at the same moment: each migrates or waits, none fails.

Issue 20: two crawls of different sites started in the same second on a fresh database,
one ended with ``relation "articles" already exists``. Each round here starts several
processes that open the same new database at one agreed instant, as the database's
owner (the role that may migrate), and is repeated on a new database.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time

import pytest

from defense_news.storage import SCHEMA_VERSION
from tests.processes import PROJECT

pytest.importorskip("psycopg")

# Starts processes and a PostgreSQL cluster: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

PROCESSES = 6
ROUNDS = 6
_rounds = itertools.count(1)

OPEN_AT = """
import sys, time
from defense_news.storage.base import StoreError
from defense_news.storage.postgres import PostgresStore
url, at = sys.argv[1], float(sys.argv[2])
time.sleep(max(0.0, at - time.time()))
try:
    store = PostgresStore(url)
except StoreError as exc:
    print("failed:", exc)
else:
    print("version", store.schema_version)
    store.close()
"""


def test_processes_opening_a_fresh_database_at_once_all_succeed(postgres, tmp_path):
    for _ in range(ROUNDS):
        database = postgres.create_database(f"dn_race_{next(_rounds)}", tmp_path)
        env = {**os.environ, **database.env()}
        # Late enough for every interpreter to have imported psycopg: they then connect together.
        at = time.time() + 2.5
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_AT, database.url(database.owner), str(at)],
                cwd=PROJECT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(PROCESSES)
        ]
        outcomes = [process.communicate(timeout=120) for process in processes]
        assert [out.strip() for out, _ in outcomes] == [f"version {SCHEMA_VERSION}"] * PROCESSES, outcomes
