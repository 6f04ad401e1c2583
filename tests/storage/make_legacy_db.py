"""Make ``data/legacy-v3.db``: a database written by the release before sites (schema version 3).

The code of that release (commit 387ff6b, the last without a ``site`` column) is
taken from git and runs its own ``scrapy crawl 19fortyfive`` twice against a copy
of the bundled wp-tt3 replica, in which one comment page is missing, so the
database also holds an incomplete thread. Run from the repository root::

    python -m tests.storage.make_legacy_db
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from defense_news.replica import serve

RELEASE = "387ff6b"
PROJECT = Path(__file__).resolve().parents[2]
TARGET = Path(__file__).parent / "data" / "legacy-v3.db"
MISSING_PAGE = "2024/07/hypersonic-missiles-hype-reality/comment-page-2"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "release"
        archive = subprocess.run(["git", "archive", RELEASE], cwd=PROJECT, check=True, capture_output=True).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(old, filter="data")
        site = Path(tmp) / "site"
        shutil.copytree(old / "tests" / "sites" / "wp-tt3", site)
        shutil.rmtree(site / MISSING_PAGE)
        db = Path(tmp) / "legacy.db"
        with serve(site) as server:
            for _ in range(2):
                command = [
                    sys.executable, "-m", "scrapy", "crawl", "19fortyfive",
                    "-a", f"base_url={server.base_url}", "-a", "rest=0",
                    "-s", f"DEFENSE_NEWS_SQLITE_PATH={db}", "-s", "DOWNLOAD_DELAY=0",
                    "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "TELNETCONSOLE_ENABLED=0",
                ]  # fmt: skip
                # The old package comes first on the path: the release's own code writes the database.
                env = {"PYTHONPATH": str(old), "PATH": "/usr/bin:/bin"}
                subprocess.run(command, cwd=old, env=env, check=True, capture_output=True)
        with_wal = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sqlite3; sqlite3.connect({str(db)!r}).execute('pragma wal_checkpoint(TRUNCATE)')",
            ],
            check=True,
        )
        assert with_wal.returncode == 0
        TARGET.parent.mkdir(exist_ok=True)
        shutil.copyfile(db, TARGET)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
