"""Offline demo: serve the bundled replica on 127.0.0.1, crawl it, report what was stored.

python -m defense_news.demo [--site tests/sites/zox] [--db data/demo.db]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from .replica import ReplicaServer, cannot_serve, running

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SITE = REPO / "tests" / "sites" / "zox"
DEFAULT_PORT = 8045
# The address the demo's crawl names, whatever port the replica got (--port 0, a taken 8045):
# stored URLs are the site's identity, so a demo on a new port must not re-store every row
# under new URLs. The crawl reaches the replica through it as an HTTP proxy.
DEMO_ORIGIN = f"http://127.0.0.1:{DEFAULT_PORT}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Crawl the bundled offline replica of 19FortyFive into SQLite.")
    parser.add_argument("--site", type=Path, default=DEFAULT_SITE, help="replica folder (default: %(default)s)")
    parser.add_argument("--db", type=Path, default=Path("data/demo.db"), help="SQLite file (default: %(default)s)")
    parser.add_argument("--fresh", action="store_true", help="delete the database first")
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port on 127.0.0.1 (default: %(default)s; 0 = any free); stored URLs name {DEMO_ORIGIN} on any port",
    )
    args = parser.parse_args(argv)
    args.db = args.db.resolve()
    # The port first: a demo that cannot serve must not have deleted the database already.
    try:
        server = ReplicaServer(args.site, args.port, origin=DEMO_ORIGIN)
    except OSError as exc:
        print(f"Cannot serve the demo: {cannot_serve(exc, args.port)}", file=sys.stderr)
        return 2
    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    with running(server):
        print(f"Serving {args.site} at {server.address}/ as {server.base_url}", flush=True)
        # A separate `scrapy crawl` process: exactly what a user would type.
        command = [
            sys.executable, "-m", "scrapy", "crawl", "19fortyfive",
            "-a", f"base_url={server.base_url}",
            "-s", f"DEFENSE_NEWS_SQLITE_PATH={args.db}",
            # A loopback replica needs no politeness delay.
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "LOG_LEVEL=WARNING",
        ]  # fmt: skip
        # Every request goes to the replica as to a proxy (on 8045 too: one path), none elsewhere.
        env = {k: v for k, v in os.environ.items() if k.lower() not in {"no_proxy", "all_proxy", "https_proxy"}}
        env["http_proxy"] = server.address
        status = subprocess.call(command, cwd=REPO, env=env)
    try:
        # Read-only: a crawl that never created the database must not leave an empty file behind.
        with closing(sqlite3.connect(f"{args.db.as_uri()}?mode=ro", uri=True)) as conn:
            # Live rows: what the site still shows (docs/storage.md, "Removed rows").
            articles = conn.execute("SELECT count(*) FROM articles WHERE removed_at IS NULL").fetchone()[0]
            comments = conn.execute("SELECT count(*) FROM comments WHERE removed_at IS NULL").fetchone()[0]
    except sqlite3.Error:
        print(f"Nothing stored in {args.db}: the crawl ended with status {status} (see its log above)", file=sys.stderr)
        return status or 1
    if not articles:
        # The totals, not this run's: zero means no run ever found an article where it looked
        # (a folder with no WordPress pages), not that this run found nothing new.
        print(
            f"Nothing stored in {args.db}: no article found in {args.site} (served at {server.address}/); "
            f"is it a saved WordPress site, like {DEFAULT_SITE.relative_to(REPO)}?",
            file=sys.stderr,
        )
        return status or 1
    print(f"Stored {articles} articles and {comments} comments in {args.db}")
    return status


if __name__ == "__main__":
    sys.exit(main())
