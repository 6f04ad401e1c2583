"""Offline demo: serve the bundled replica on 127.0.0.1, crawl it, report what was stored.

python -m defense_news.demo [--site tests/sites/zox] [--db data/demo.db]
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from .replica import ReplicaServer, cannot_serve, running

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SITE = REPO / "tests" / "sites" / "zox"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Crawl the bundled offline replica of 19FortyFive into SQLite.")
    parser.add_argument("--site", type=Path, default=DEFAULT_SITE, help="replica folder (default: %(default)s)")
    parser.add_argument("--db", type=Path, default=Path("data/demo.db"), help="SQLite file (default: %(default)s)")
    parser.add_argument("--fresh", action="store_true", help="delete the database first")
    # A fixed port keeps stored URLs stable from one demo run to the next.
    parser.add_argument("--port", type=int, default=8045, help="port on 127.0.0.1 (default: %(default)s; 0 = any free)")
    args = parser.parse_args(argv)
    args.db = args.db.resolve()
    # The port first: a demo that cannot serve must not have deleted the database already.
    try:
        server = ReplicaServer(args.site, args.port)
    except OSError as exc:
        print(f"Cannot serve the demo: {cannot_serve(exc, args.port)}", file=sys.stderr)
        return 2
    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    with running(server):
        print(f"Serving {args.site} at {server.base_url}", flush=True)
        # A separate `scrapy crawl` process: exactly what a user would type.
        command = [
            sys.executable, "-m", "scrapy", "crawl", "19fortyfive",
            "-a", f"base_url={server.base_url}",
            "-s", f"DEFENSE_NEWS_SQLITE_PATH={args.db}",
            # A loopback replica needs no politeness delay.
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "LOG_LEVEL=WARNING",
        ]  # fmt: skip
        status = subprocess.call(command, cwd=REPO)
    try:
        # Read-only: a crawl that never created the database must not leave an empty file behind.
        with closing(sqlite3.connect(f"{args.db.as_uri()}?mode=ro", uri=True)) as conn:
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            comments = conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    except sqlite3.Error:
        print(f"Nothing stored in {args.db}: the crawl ended with status {status} (see its log above)", file=sys.stderr)
        return status or 1
    if not articles:
        # The totals, not this run's: zero means no run ever found an article where it looked
        # (a folder with no WordPress pages), not that this run found nothing new.
        print(
            f"Nothing stored in {args.db}: no article found in {args.site} (served at {server.base_url}); "
            f"is it a saved WordPress site, like {DEFAULT_SITE.relative_to(REPO)}?",
            file=sys.stderr,
        )
        return status or 1
    print(f"Stored {articles} articles and {comments} comments in {args.db}")
    return status


if __name__ == "__main__":
    sys.exit(main())
