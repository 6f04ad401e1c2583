"""Browse a crawl database in Datasette, read-only, on 127.0.0.1.

python -m defense_news.explore [DATABASE] [--port 8001]

The configuration (descriptions, facets, canned queries, full-text search) is built
here for the database's name and handed to Datasette as a metadata file; the
links from a comment to its article and parent come from a small plugin
(:mod:`defense_news.datasette_links`). Datasette opens a database it may watch for
changes with ``mode=ro``: it never writes to the file, and as a WAL reader it
never blocks a crawl writing to it at the same time.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib.util
import json
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import settings as project_settings
from .finish_reasons import FAILED_REASONS
from .storage.schema import SCHEMA_VERSION

# The Datasette release whose metadata layout this module writes (see the `explore` extra).
DATASETTE_SERIES = "0.65"
DEFAULT_PORT = 8001
DEMO_DB = Path("data/demo.db")

ARTICLE_COLUMNS = {
    "id": "row number in this database",
    "site": "the site the article comes from (a profile name, or the host)",
    "url": "canonical permalink of the article",
    "post_id": "WordPress post ID; comments.post_id refers to it",
    "title": "headline as the page prints it",
    "description": "standfirst or excerpt",
    "authors": "author names in byline order (JSON array)",
    "published_at": "ISO 8601 UTC, or a bare date YYYY-MM-DD when the site gives only a day",
    "modified_at": "last modification, as published_at",
    "published_at_source": "where published_at came from: page, page text, url, feed, sitemap, rest",
    "published_at_precision": "how precise published_at is: second, day or month",
    "category": "primary category",
    "categories": "every category (JSON array)",
    "tags": "tag names (JSON array)",
    "image_url": "featured image",
    "image_caption": "its caption",
    "body_text": "the article's text, blocks separated by a blank line",
    "word_count": "words in body_text",
    "comment_count": "comments the page states (see the comments table for those stored)",
    "scraped_at": "when the page was extracted (UTC)",
    "content_hash": "hash of the stored fields: a change marks the article updated",
    "first_seen": "UTC time of the crawl that first stored the article",
    "last_seen": "UTC time of the latest crawl that saw it",
    "removed_at": "empty while the article is public; when a run noticed it no longer was (kept, not deleted)",
}
COMMENT_COLUMNS = {
    "id": "row number in this database",
    "site": "the site the comment comes from",
    "comment_id": "WordPress comment ID (unique within its site)",
    "post_id": "the article's WordPress post ID (a link to the article)",
    "article_url": "the article's permalink",
    "parent_id": "the comment this one replies to (a link to it); empty at top level",
    "depth": "1 for top-level comments, 2 for their replies, ...",
    "author": "display name as printed",
    "author_url": "the commenter's link",
    "posted_at": "ISO 8601 UTC",
    "text": "the comment as plain text",
    "scraped_at": "when it was extracted (UTC)",
    "content_hash": "hash of the stored fields: a change marks the comment updated",
    "first_seen": "UTC time of the crawl that first stored the comment",
    "last_seen": "UTC time of the latest crawl that saw it",
    "removed_at": "empty while the comment is public; when a run noticed it no longer was (kept, not deleted)",
}
CRAWL_COLUMNS = {
    "id": "the crawl's number (Crawl #N in its log)",
    "site": "the site crawled",
    "spider": "spider name",
    "started_at": "UTC",
    "finished_at": "UTC; empty for a run that was killed",
    "finish_reason": "finished, shutdown, closespider_..., or a failure (exit status 1): "
    + ", ".join(sorted(FAILED_REASONS)),
    "mode": "incremental, full or resume",
    "arguments": "spider arguments (JSON)",
    "jobdir": "the run's JOBDIR (where an interrupted run resumes)",
    "pid": "the run's process ID",
    "source": "what the run read its records from: rest or html",
    "node": "the crawl node that ran it (several nodes share a PostgreSQL store)",
    "job": "the scrapyd job that ran it",
    "shard": "the part K/N of the site it crawled",
    "articles_new": "articles stored for the first time",
    "articles_updated": "stored articles whose content changed",
    "articles_unchanged": "stored articles seen again unchanged",
    "comments_new": "comments stored for the first time",
    "comments_updated": "stored comments whose content changed",
    "comments_unchanged": "stored comments seen again unchanged",
    "pages_fetched": "responses downloaded",
    "errors": "ERROR lines in the log",
    "items_dropped": "records not stored",
    "dropped": "why, by reason (JSON)",
    "comment_systems": "articles whose comments a third-party system serves (not collected), by system (JSON)",
    "site_articles": "the site's own count of public posts (REST X-WP-Total); empty when no REST list was read",
    "site_comments": "the site's own count of approved comments (REST X-WP-Total)",
    "stored_articles": "live articles stored for the site when the run ended",
    "stored_comments": "live comments stored for the site when the run ended",
    "articles_removed": "articles the run found no longer public (marked, not deleted)",
    "articles_restored": "removed articles the run found public again",
    "comments_removed": "comments the run found no longer public (marked, not deleted)",
    "comments_restored": "removed comments the run found public again",
    "reconciled": "what reconciliation of site totals with stored rows found, per kind (JSON)",
    "pages_failed": "pages the run lost (failed after their retries); empty for runs before schema version 13",
    "failures": "the first 100 of them, each with its url, kind and reason (JSON)",
}

# The search text as an FTS5 query that takes any input literally: escape_fts is
# fts_query below, installed in Datasette's connections by our plugin (search.py).
FTS_MATCH = "escape_fts(:q)"

# A "quoted phrase" (its closing quote optional) or a run of non-space characters.
_TERM = re.compile(r'"([^"]*)"?|(\S+)')


def fts_query(text: str | None) -> str:
    """An FTS5 query matching the words of ``text`` literally (all of them, in any order).

    Every word, or "quoted phrase", becomes an FTS5 string, so quotes, operators (AND,
    OR, NOT, NEAR, ``*``, ``^``, ``column:``) and markup are searched as plain words.

    >>> fts_query('hypersonic "carrier group" NEAR(x) O"Brien')
    '"hypersonic" "carrier group" "NEAR(x)" "O""Brien"'
    >>> fts_query('say "hi')
    '"say" "hi"'
    >>> fts_query('"')  # the empty phrase: matches nothing, where an empty query is an error
    '""'
    """
    # FTS5 reads a query only up to a NUL character, which would cut a string open.
    terms = [phrase or word for phrase, word in _TERM.findall((text or "").replace("\0", " "))]
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms if term.strip()) or '""'


THREAD_SQL = """
-- Every comment of one article in reading order: a reply follows its parent, siblings
-- oldest first (as WordPress threads them). Comments whose parent is not stored start
-- a thread of their own, so none is left out. :site may be left empty when only one
-- site is stored. Live comments only (removed_at IS NULL: docs/storage.md, "Removed rows").
WITH RECURSIVE
  article (site, post_id) AS (
    SELECT site, post_id FROM articles WHERE post_id = :post_id AND (:site = '' OR site = :site)
    UNION SELECT site, post_id FROM comments WHERE post_id = :post_id AND (:site = '' OR site = :site)
  ),
  own (id, site, comment_id, parent_id, posted_at) AS (
    SELECT c.id, c.site, c.comment_id, c.parent_id, c.posted_at
      FROM comments c JOIN article a ON c.site = a.site AND c.post_id = a.post_id
     WHERE c.removed_at IS NULL
  ),
  thread (id, site, comment_id, level, path) AS (
    SELECT o.id, o.site, o.comment_id, 1, coalesce(o.posted_at, '') || printf('%012d', o.comment_id)
      FROM own o
     WHERE o.parent_id IS NULL
        OR NOT EXISTS (SELECT 1 FROM own p WHERE p.site = o.site AND p.comment_id = o.parent_id)
    UNION ALL
    SELECT o.id, o.site, o.comment_id, t.level + 1,
           t.path || '/' || coalesce(o.posted_at, '') || printf('%012d', o.comment_id)
      FROM own o JOIN thread t ON o.site = t.site AND o.parent_id = t.comment_id
  )
SELECT
  replace(printf('%*s', 4 * (t.level - 1), ''), ' ', char(8195))
    || CASE WHEN t.level > 1 THEN '↳ ' ELSE '' END || coalesce(c.author, '') AS thread,
  c.text,
  c.posted_at,
  t.level AS depth,
  c.comment_id,
  c.parent_id,
  c.post_id,
  c.site
FROM thread t JOIN comments c ON c.id = t.id
ORDER BY t.site, t.path
"""

MOST_DISCUSSED_SQL = """
-- Live articles and comments only (removed_at IS NULL: docs/storage.md, "Removed rows").
SELECT a.title, a.post_id, a.site, a.published_at, a.category,
       count(c.id) AS comments_stored, a.comment_count AS comments_stated,
       max(c.posted_at) AS last_comment_at, a.url
  FROM articles a LEFT JOIN comments c ON c.site = a.site AND c.post_id = a.post_id AND c.removed_at IS NULL
 WHERE a.removed_at IS NULL
 GROUP BY a.id
 ORDER BY comments_stored DESC, a.published_at DESC
 LIMIT 100
"""

BUSIEST_COMMENTERS_SQL = """
-- Commenters are told apart by the name they post under, on each site. Live comments only.
SELECT author, site, count(*) AS comments, count(DISTINCT post_id) AS articles,
       min(posted_at) AS first_comment_at, max(posted_at) AS last_comment_at
  FROM comments
 WHERE removed_at IS NULL
 GROUP BY site, author
 ORDER BY comments DESC, author
 LIMIT 100
"""

LATEST_CRAWL_SQL = """
-- Comments stored for the first time by the most recent crawl (of any site).
SELECT c.comment_id, c.post_id, c.site, a.title AS article, c.author, c.posted_at, c.text, c.first_seen
  FROM comments c LEFT JOIN articles a ON a.site = c.site AND a.post_id = c.post_id
 WHERE c.site = (SELECT site FROM crawls ORDER BY id DESC LIMIT 1)
   AND c.first_seen >= (SELECT started_at FROM crawls ORDER BY id DESC LIMIT 1)
   AND c.removed_at IS NULL
 ORDER BY c.post_id, c.posted_at, c.comment_id
"""

LATEST_CRAWL_FAILURES_SQL = """
-- Pages the most recent crawl (of any site) lost, and why; pages_failed counts them all, the list
-- holds the first 100.
SELECT c.id AS crawl, c.site, json_extract(f.value, '$.kind') AS kind, json_extract(f.value, '$.url') AS url,
       json_extract(f.value, '$.reason') AS reason, c.pages_failed
  FROM crawls c, json_each(coalesce(c.failures, '[]')) f
 WHERE c.id = (SELECT max(id) FROM crawls)
 ORDER BY f.key
"""

SEARCH_COMMENTS_SQL = f"""
-- Full-text search of comment texts: every word typed ("quoted phrases" kept together). Live comments only.
SELECT c.comment_id, c.post_id, c.site, a.title AS article, c.author, c.posted_at,
       snippet(comments_fts, 0, '[', ']', ' … ', 24) AS match, c.parent_id
  FROM comments_fts
  JOIN comments c ON c.id = comments_fts.rowid
  LEFT JOIN articles a ON a.site = c.site AND a.post_id = c.post_id
 WHERE comments_fts MATCH {FTS_MATCH} AND c.removed_at IS NULL
 ORDER BY rank
 LIMIT 200
"""

SEARCH_ARTICLES_SQL = f"""
-- Full-text search of article titles and bodies: every word typed ("quoted phrases" kept together). Live articles only.
SELECT a.title, a.post_id, a.site, a.published_at, a.category,
       snippet(articles_fts, 1, '[', ']', ' … ', 24) AS match, a.url
  FROM articles_fts
  JOIN articles a ON a.id = articles_fts.rowid
 WHERE articles_fts MATCH {FTS_MATCH} AND a.removed_at IS NULL
 ORDER BY rank
 LIMIT 200
"""


def metadata(database: str) -> dict[str, Any]:
    """Datasette (0.65) metadata for a crawl database served under the name ``database``."""
    config: dict[str, Any] = {
        "title": "defense_news",
        "description": "Articles and threaded reader comments crawled from WordPress news sites.",
        "databases": {
            database: {
                "tables": {
                    "articles": {
                        "description": "One row per article. Search box: titles and bodies.",
                        "columns": ARTICLE_COLUMNS,
                        "label_column": "title",
                        "sort_desc": "published_at",
                        "facets": ["site", "category", {"array": "authors"}, {"date": "published_at"}],
                        "fts_table": "articles_fts",
                        "fts_pk": "id",
                    },
                    "comments": {
                        "description": "One row per reader comment. post_id links to the article, "
                        "parent_id to the comment it replies to. Search box: comment texts.",
                        "columns": COMMENT_COLUMNS,
                        "sort_desc": "posted_at",
                        "facets": ["site", "author", "depth", {"date": "posted_at"}],
                        "fts_table": "comments_fts",
                        "fts_pk": "id",
                    },
                    "crawls": {
                        "description": "One row per crawl run: how it ended and what it stored.",
                        "columns": CRAWL_COLUMNS,
                        "sort_desc": "id",
                        "facets": ["site", "mode", "finish_reason"],
                    },
                    "incomplete_threads": {
                        "description": "Articles whose comment pages failed; the next crawl fetches them again.",
                    },
                    "articles_fts": {"hidden": True},
                    "comments_fts": {"hidden": True},
                },
                "queries": {
                    "thread": {
                        "title": "A whole thread",
                        "description": "Every comment of one article (its post_id) in reply order, indented by depth.",
                        "sql": THREAD_SQL.strip(),
                    },
                    "most_discussed": {
                        "title": "Most-discussed articles",
                        "description": "Articles by the number of comments stored.",
                        "sql": MOST_DISCUSSED_SQL.strip(),
                    },
                    "busiest_commenters": {
                        "title": "Busiest commenters",
                        "description": "Comment authors by the number of comments stored.",
                        "sql": BUSIEST_COMMENTERS_SQL.strip(),
                    },
                    "latest_crawl_comments": {
                        "title": "Comments stored by the latest crawl",
                        "description": "Comments the most recent crawl stored for the first time.",
                        "sql": LATEST_CRAWL_SQL.strip(),
                    },
                    "latest_crawl_failures": {
                        "title": "Pages the latest crawl lost",
                        "description": "Each page the most recent crawl could not fetch or read, and why.",
                        "sql": LATEST_CRAWL_FAILURES_SQL.strip(),
                    },
                    "search_comments": {
                        "title": "Search comments",
                        "description": 'Comments containing every word typed; "quoted phrases" are kept together.',
                        "sql": SEARCH_COMMENTS_SQL.strip(),
                    },
                    "search_articles": {
                        "title": "Search articles",
                        "description": 'Articles whose title or body contains every word typed; "quoted phrases" are kept together.',
                        "sql": SEARCH_ARTICLES_SQL.strip(),
                    },
                },
            }
        },
    }
    return config


def schema_version(db: Path) -> int:
    """The database's schema version, read without writing."""
    with contextlib.closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def table_names(db: Path) -> list[str]:
    """The database's own tables and views (not SQLite's), read without writing."""
    with contextlib.closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        query = (
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite%' ORDER BY name"
        )
        return [row[0] for row in conn.execute(query)]


def command(db: Path, metadata_file: Path, host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db),
        "--metadata",
        str(metadata_file),
        "--plugins-dir",
        str(Path(__file__).with_name("datasette_plugins")),
        "--host",
        host,
        "--port",
        str(port),
        # A searcher's query must not hold the database for long.
        "--setting",
        "sql_time_limit_ms",
        "5000",
    ]


def database_problem(db: Path) -> str | None:
    """Why ``db`` cannot be read as it is (missing, not SQLite, another program's, older schema), or None.

    Shared by ``explore`` and ``report``: both only read, so an old file is not
    upgraded here; the next crawl does that.
    """
    if not db.is_file():
        return f"no database at {db}: run a crawl first (make crawl, or make demo)"
    try:
        version = schema_version(db)
    except sqlite3.DatabaseError as exc:
        return f"cannot read {db}: {exc}"
    # Unstamped with tables: another program's database, which a crawl refuses too (storage/sqlite.py).
    foreign = table_names(db) if version == 0 else []
    if foreign:
        return f"{db} is not a defense_news database: it holds another program's tables ({', '.join(foreign)})"
    if version < SCHEMA_VERSION:
        return (
            f"{db} has schema version {version}, older than this defense_news ({SCHEMA_VERSION}): "
            "run a crawl into it first, which upgrades it"
        )
    return None


def port_problem(host: str, port: int) -> str | None:
    """Why Datasette could not listen on ``host:port``, or None (0: any free port).

    Datasette says so itself only as one ERROR among its INFO lines, then exits 3.
    """
    if port == 0:
        return None
    if not 0 < port <= 65535:
        return f"--port {port} is no port number: 1 to 65535 (0 = any free port)"
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        # As uvicorn binds: a port whose last connections linger in TIME_WAIT is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"port {port} on {host} is in use (another explore running?); choose another with --port N"
                    " (make explore EXPLORE_PORT=N; 0 = any free port)"
                )
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None


def default_database() -> Path:
    """The crawl's database if there is one, else the demo's."""
    main = Path(project_settings.DEFENSE_NEWS_SQLITE_PATH)
    return main if main.is_file() or not DEMO_DB.is_file() else DEMO_DB


def row_counts(db: Path) -> tuple[int, int]:
    """Live articles and comments in a readable database (see :func:`database_problem`)."""
    with contextlib.closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        articles = conn.execute("SELECT count(*) FROM articles WHERE removed_at IS NULL").fetchone()[0]
        comments = conn.execute("SELECT count(*) FROM comments WHERE removed_at IS NULL").fetchone()[0]
    return int(articles), int(comments)


def describe(db: Path, make_variable: str) -> str:
    """Which database is shown and what it holds; an empty one is named as empty, with the way
    to the other (an offline `make crawl` leaves an empty crawl database that is preferred to
    the demo's). ``make_variable``: how `make` picks another database (EXPLORE_DB, REPORT_DB)."""
    crawl_db = Path(project_settings.DEFENSE_NEWS_SQLITE_PATH)
    known = {crawl_db.resolve(): "the crawl's database", DEMO_DB.resolve(): "the demo's database"}
    label = known.get(db.resolve())
    articles, comments = row_counts(db)
    line = f"{db}{f' ({label})' if label else ''}: {articles} articles, {comments} comments"
    if articles or comments:
        return line + "."
    others = [
        other for other in (crawl_db, DEMO_DB) if other.resolve() != db.resolve() and database_problem(other) is None
    ]
    filled = [(other, row_counts(other)[0]) for other in others]
    filled = [(other, n) for other, n in filled if n]
    if filled:
        other, n = filled[0]
        way = f"{known[other.resolve()]} {other} has {n} articles: {make_variable}={other}"
    else:
        way = "fill it with make crawl CONTACT=you@example.org, or try make demo"
    return f"{line}: it is EMPTY (a crawl that stored nothing?); {way}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Browse a crawl database in Datasette, read-only.")
    parser.add_argument(
        "db",
        nargs="?",
        type=Path,
        help=f"SQLite file (default: {project_settings.DEFENSE_NEWS_SQLITE_PATH}, else {DEMO_DB} after make demo)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s; 0 = any free)")
    args = parser.parse_args(argv)
    db: Path = args.db or default_database()
    problem = database_problem(db)
    if problem:
        print(f"explore: {problem}", file=sys.stderr)
        return 2
    if importlib.util.find_spec("datasette") is None:
        print('explore: Datasette is not installed: pip install -e ".[explore]"', file=sys.stderr)
        return 2
    problem = port_problem(args.host, args.port)
    if problem:
        print(f"explore: {problem}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="defense_news-explore-") as tmp:
        metadata_file = Path(tmp) / "metadata.json"
        metadata_file.write_text(json.dumps(metadata(db.stem), indent=2), encoding="utf-8")
        print(f"explore: {describe(db, 'make explore EXPLORE_DB')}", flush=True)
        where = f"http://{args.host}:{args.port}/" if args.port else "the address Datasette prints below"
        print(f"Serving {db} read-only; open {where} (Ctrl-C stops)", flush=True)
        stopped: list[int] = []

        def stop(signum: int, frame: object) -> None:
            stopped.append(signum)
            server.terminate()

        server = subprocess.Popen(command(db, metadata_file, args.host, args.port))
        # Stopping this process (SIGTERM from a service manager, make or a test) stops Datasette too.
        signal.signal(signal.SIGTERM, stop)
        try:
            status = server.wait()
        except KeyboardInterrupt:  # Ctrl-C reaches Datasette as well: wait for it to end
            stopped.append(signal.SIGINT)
            status = server.wait()
        # Datasette (uvicorn) re-raises the signal it stopped on, so it "dies" of it; asked to
        # stop, that is a clean end: status 0, and `make explore` prints no "Error".
        if stopped and status in (0, -signal.SIGTERM, -signal.SIGINT):
            return 0
        return status if status >= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
