"""The database layer sits below extraction: importing it loads no page object, spider or loader."""

from __future__ import annotations

import subprocess
import sys

import pytest

# Starts processes: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e


# Everything storage is: the package, both backends, the copy, and the commands that only open databases.
STORAGE_MODULES = (
    "defense_news.storage",
    "defense_news.storage.postgres",
    "defense_news.storage.transfer",
    "defense_news.commands.dbcopy",
    "defense_news.commands.dbmigrate",
)
# What storage must never reach: extraction and crawling. (It reads the run, defense_news.run,
# which sits at the bottom of the import graph with the settings.)
FORBIDDEN = (
    "defense_news.pages",
    "defense_news.spiders",
    "defense_news.rendering",
    "defense_news.loaders",
    "defense_news.processors",
)


def test_storage_imports_nothing_of_extraction() -> None:
    # A fresh interpreter: the test session has imported everything already.
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in STORAGE_MODULES)
        + "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('defense_news'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    reached = [m for m in loaded if m.startswith(FORBIDDEN)]
    assert reached == []
