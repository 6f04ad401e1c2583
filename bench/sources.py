"""Requests per source mode (``-a source=rest|html|auto``) on the wp-news replica.

    python bench/sources.py

The replica (tests/sites/wp-news: a real WordPress's 236 articles and 2,445 comments, its
REST API answered from its records) runs in this process and counts every request; each
crawl is a real ``scrapy crawl wordpress`` into a fresh SQLite file, then a repeat run into
the same file. What a crawl costs a publisher is its requests: at the default politeness
(``DOWNLOAD_DELAY`` = 1 s, one request at a time per delay) the wall time is about
requests × delay, which is what the table shows beside the measured (delay-free) time.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from defense_news import settings as project_settings  # noqa: E402
from tests.wp_news import WpNewsServer, serve_wp_news  # noqa: E402

MODES = ("rest", "html", "auto")
DELAY = float(project_settings.DOWNLOAD_DELAY)


@dataclass
class Run:
    requests: int
    articles: int
    comments: int
    seconds: float


def stored(db: Path) -> tuple[int, int]:
    conn = sqlite3.connect(db)
    try:
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        comments = conn.execute("SELECT COUNT(*) FROM comments").fetchone()[0]
        return int(articles), int(comments)
    finally:
        conn.close()


def crawl(server: WpNewsServer, source: str, db: Path, log: Path) -> Run:
    base_url = server.base_url
    server.requests.clear()
    command = [
        str(Path(sys.executable).with_name("scrapy")),
        "crawl",
        "wordpress",
        "-a",
        f"site={base_url}",
        "-a",
        f"source={source}",
        "-s",
        f"DEFENSE_NEWS_SQLITE_PATH={db}",
        "-s",
        "DEFENSE_NEWS_TIMEZONE=America/New_York",
        # Measure requests, not the politeness delay (the table multiplies it back in).
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "LOG_LEVEL=WARNING",
    ]
    started = time.perf_counter()
    # This checkout's package, whatever the environment has installed.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    with log.open("a") as out:
        subprocess.run(command, cwd=REPO, check=True, stdout=out, stderr=out, env=env)
    seconds = time.perf_counter() - started
    articles, comments = stored(db)
    return Run(len(server.requests), articles, comments, seconds)


def minutes(requests: int) -> str:
    return f"{requests * DELAY / 60:.1f} min"


def table(workdir: Path) -> list[tuple[str, str]]:
    rows = []
    with serve_wp_news() as server:
        for source in MODES:
            db = workdir / f"{source}.db"
            full = crawl(server, source, db, workdir / "crawl.log")
            repeat = crawl(server, source, db, workdir / "crawl.log")
            rows.append(
                (
                    f"source={source}",
                    f"full: {full.requests} requests, {full.requests / full.articles:.3f} per article, "
                    f"{100 * full.requests / full.comments:.2f} per 100 comments, "
                    f"{minutes(full.requests)} at {DELAY:g} s/request ({full.seconds:.1f} s here); "
                    f"repeat: {repeat.requests} requests, {minutes(repeat.requests)}; "
                    f"stored {full.articles} articles, {full.comments} comments",
                )
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dn-sources-") as tmp:
        rows = table(Path(tmp))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}} | {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
