"""Datasette over a demo crawl: canned queries, full-text search, links, and read-only serving.

A real `python -m defense_news.explore` process serves a database filled by the offline
demo (a real `scrapy crawl` of the bundled ZoxPress replica); the answers are checked
against the rows stored in SQLite.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from defense_news import demo
from defense_news.replica import serve

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

pytest.importorskip("datasette", reason='Datasette is not installed: pip install -e ".[explore]"')

PROJECT = Path(__file__).resolve().parent.parent
ZOX = PROJECT / "tests" / "sites" / "zox"
LONG_THREAD = 101008  # 33 comments over three comment pages, replies to depth 4 (zox-expected.md)
# Comments of that thread, as zox-expected.md lists them.
KNOWN_COMMENT = (30015, "I served on a carrier for six years")
MARKUP_COMMENT = (30013, "<script>alert(1)</script>")  # stored as the literal text a reader sees
HOSTILE_QUERIES = [
    '"',
    "'",
    '""""',
    "'; DROP TABLE comments; --",
    "AND",
    "OR NOT",
    "NEAR(carrier served, 2)",
    "carrier*",
    "^carrier",
    "text:carrier",
    "{text}: carrier",
    ")(",
    "<b>bold</b> & <i>",
    "\\",
    "%",
    "   ",
    "ö̈\u202e\u0000",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def crawl_command(base_url: str, db: Path, *extra: str) -> list[str]:
    """The demo's crawl (loopback, no politeness delay), as a real process."""
    settings = [
        "DOWNLOAD_DELAY=0",
        "AUTOTHROTTLE_ENABLED=False",
        "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "LOG_LEVEL=WARNING",
    ]
    command = [sys.executable, "-m", "scrapy", "crawl", "19fortyfive", "-a", f"base_url={base_url}", *extra]
    for setting in [f"DEFENSE_NEWS_SQLITE_PATH={db}", *settings]:
        command += ["-s", setting]
    return command


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("explore") / "demo.db"
    assert demo.main(["--db", str(db), "--port", "0"]) == 0
    return db


class Datasette:
    def __init__(self, db: Path) -> None:
        self.db = db
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "defense_news.explore", str(db), "--port", str(self.port)],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/-/versions.json")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"Datasette did not start: {self.output()}") from None
                time.sleep(0.2)

    def get(self, path: str, **params: Any) -> Any:
        url = self.base + path + ("?" + urlencode(params) if params else "")
        with urllib.request.urlopen(url, timeout=30) as answer:
            body = answer.read().decode()
        return json.loads(body) if ".json" in path else body

    def query(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return self.get(f"/{self.db.stem}/{name}.json", _shape="array", **params)

    def output(self) -> str:
        return self.process.stdout.read().decode(errors="replace") if self.process.stdout else ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()

    def is_serving(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0


@pytest.fixture(scope="module")
def datasette(demo_db: Path) -> Iterator[Datasette]:
    server = Datasette(demo_db)
    try:
        yield server
    finally:
        server.stop()


def stored_comments(db: Path, post_id: int) -> list[sqlite3.Row]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute("SELECT * FROM comments WHERE post_id = ?", (post_id,)).fetchall()


def reading_order(rows: list[sqlite3.Row]) -> list[int]:
    """The thread as WordPress shows it: each reply after its parent, siblings oldest first."""
    ids = {row["comment_id"] for row in rows}
    children: dict[int | None, list[sqlite3.Row]] = defaultdict(list)
    for row in rows:
        children[row["parent_id"] if row["parent_id"] in ids else None].append(row)
    order: list[int] = []

    def walk(parent: int | None) -> None:
        for row in sorted(children[parent], key=lambda r: (r["posted_at"] or "", r["comment_id"])):
            order.append(row["comment_id"])
            walk(row["comment_id"])

    walk(None)
    return order


def test_thread_query_gives_the_stored_thread_in_reply_order(datasette: Datasette, demo_db: Path) -> None:
    rows = stored_comments(demo_db, LONG_THREAD)
    assert len(rows) == 33
    stored = {row["comment_id"]: row for row in rows}

    thread = datasette.query("thread", post_id=LONG_THREAD)

    assert [c["comment_id"] for c in thread] == reading_order(rows)
    position = {c["comment_id"]: i for i, c in enumerate(thread)}
    for comment in thread:
        row = stored[comment["comment_id"]]
        assert comment["parent_id"] == row["parent_id"]
        assert comment["depth"] == row["depth"]
        assert comment["text"] == row["text"]
        if row["parent_id"] is not None:
            assert position[row["parent_id"]] < position[comment["comment_id"]]
        # Indented by depth: one step per level, the author after it.
        indent, _, author = comment["thread"].partition("↳ ") if row["depth"] > 1 else ("", "", comment["thread"])
        assert author == row["author"]
        assert len(indent) == 4 * (row["depth"] - 1)
    assert max(c["depth"] for c in thread) == 4


def test_canned_queries_answer_from_the_stored_rows(datasette: Datasette, demo_db: Path) -> None:
    with sqlite3.connect(demo_db) as conn:
        per_article = dict(conn.execute("SELECT post_id, count(*) FROM comments GROUP BY post_id"))
        per_author = dict(conn.execute("SELECT author, count(*) FROM comments GROUP BY author"))
        latest = conn.execute("SELECT started_at FROM crawls ORDER BY id DESC LIMIT 1").fetchone()[0]
        new_in_latest = {r[0] for r in conn.execute("SELECT comment_id FROM comments WHERE first_seen >= ?", (latest,))}
        pages_failed, failures = conn.execute("SELECT pages_failed, failures FROM crawls ORDER BY id DESC").fetchone()

    discussed = datasette.query("most_discussed")
    assert discussed[0]["post_id"] == LONG_THREAD
    assert {a["post_id"]: a["comments_stored"] for a in discussed if a["comments_stored"]} == per_article
    assert [a["comments_stored"] for a in discussed] == sorted((a["comments_stored"] for a in discussed), reverse=True)

    commenters = datasette.query("busiest_commenters")
    assert {c["author"]: c["comments"] for c in commenters} == per_author
    assert commenters[0]["comments"] == max(per_author.values())

    # The demo database was filled by one crawl: every comment is new in it.
    assert (
        {c["comment_id"] for c in datasette.query("latest_crawl_comments")}
        == new_in_latest
        == set(per_article_ids(demo_db))
    )

    # The replica's deliberately broken pages: each page the crawl lost, named with its reason.
    lost = datasette.query("latest_crawl_failures")
    assert [{k: f[k] for k in ("url", "kind", "reason")} for f in lost] == json.loads(failures)
    assert {(f["kind"], f["reason"]) for f in lost} >= {("article", "HTTP 404")}
    assert {f["pages_failed"] for f in lost} == {pages_failed}


def per_article_ids(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT comment_id FROM comments")]


def containing(db: Path, words: str) -> set[int]:
    """Comments whose text holds ``words`` (any case), found without the index."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT comment_id, text FROM comments").fetchall()
    return {comment_id for comment_id, text in rows if words.lower() in text.lower()}


def test_full_text_search_finds_comments_and_articles(datasette: Datasette, demo_db: Path) -> None:
    # The replica's readers repeat themselves: the same words are in several comments.
    comment_id, words = KNOWN_COMMENT
    found = datasette.query("search_comments", q=words.upper())
    assert comment_id in {c["comment_id"] for c in found}
    assert {c["comment_id"] for c in found} == containing(demo_db, words)
    assert "[" in found[0]["match"]  # the words are marked in the snippet

    comment_id, markup = MARKUP_COMMENT
    found = datasette.query("search_comments", q=markup)
    assert comment_id in {c["comment_id"] for c in found}
    assert {c["comment_id"] for c in found} == containing(demo_db, markup)

    # The table's own search box (Datasette's _search, an FTS query with escaped terms).
    rows = datasette.get(f"/{datasette.db.stem}/comments.json", _search="carrier six years", _shape="array")
    assert KNOWN_COMMENT[0] in [r["comment_id"] for r in rows]

    articles = datasette.query("search_articles", q="hypersonic")
    assert LONG_THREAD in [a["post_id"] for a in articles]


@pytest.mark.parametrize("text", HOSTILE_QUERIES)
def test_hostile_search_text_does_not_break_the_query(datasette: Datasette, text: str) -> None:
    for name in ("search_comments", "search_articles"):
        assert isinstance(datasette.query(name, q=text), list)
    rows = datasette.get(f"/{datasette.db.stem}/comments.json", _search=text, _shape="array")
    assert isinstance(rows, list)


def test_comments_link_to_their_article_and_parent(datasette: Datasette) -> None:
    db = datasette.db.stem
    page = datasette.get(f"/{db}/comments", post_id=LONG_THREAD, _sort="comment_id")
    assert f'href="/{db}/articles?post_id={LONG_THREAD}&amp;site=19fortyfive"' in page
    assert f'href="/{db}/comments?comment_id=30019&amp;site=19fortyfive"' in page  # 30020 replies to 30019
    # The links lead to the rows they name.
    article = datasette.get(f"/{db}/articles.json", post_id=LONG_THREAD, site="19fortyfive", _shape="array")
    assert [a["title"] for a in article] == ["Inside the Debate Over Hypersonic Weapons"]
    parent = datasette.get(f"/{db}/comments.json", comment_id=30019, site="19fortyfive", _shape="array")
    assert [c["comment_id"] for c in parent] == [30019]
    page = datasette.get(f"/{db}/articles", post_id=LONG_THREAD)
    assert f'href="/{db}/comments?post_id={LONG_THREAD}&amp;site=19fortyfive"' in page


def test_tables_are_described_and_faceted(datasette: Datasette) -> None:
    page = datasette.get(f"/{datasette.db.stem}/comments")
    assert "the comment this one replies to" in page  # a column description
    facets = datasette.get(f"/{datasette.db.stem}/articles.json", _size=0)["facet_results"]
    assert {"category", "authors", "published_at"} <= set(facets)
    facets = datasette.get(f"/{datasette.db.stem}/comments.json", _size=0)["facet_results"]
    assert {"author", "posted_at"} <= set(facets)


def reader(server: Datasette, sql: str, span: list[float]) -> None:
    span.append(time.monotonic())
    with contextlib.suppress(urllib.error.HTTPError):  # stopped by the time limit: it read all the same
        server.get(f"/{server.db.stem}.json", sql=sql)
    span.append(time.monotonic())


def test_datasette_never_writes_the_database_and_never_blocks_a_crawl(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    db.write_bytes(demo_db.read_bytes())  # a checkpointed copy: the demo's crawl process has ended
    before = fingerprint(db)
    server = Datasette(db)
    try:
        for name in ("thread", "most_discussed", "busiest_commenters", "latest_crawl_comments"):
            server.query(name, post_id=LONG_THREAD) if name == "thread" else server.query(name)
        server.query("search_comments", q="carrier")
        server.get(f"/{db.stem}/articles")
        assert fingerprint(db) == before

        # A crawl into the same file while Datasette has it open: not blocked, and what it
        # stores shows up in Datasette at once (search included).
        crawls = len(server.get(f"/{db.stem}/crawls.json", _shape="array"))
        with sqlite3.connect(db) as conn:  # as if the commenter had edited the comment since
            conn.execute(
                "UPDATE comments SET text = 'edited away', content_hash = '' WHERE comment_id = ?", (KNOWN_COMMENT[0],)
            )
        assert KNOWN_COMMENT[0] not in {c["comment_id"] for c in server.query("search_comments", q=KNOWN_COMMENT[1])}
        # A long read (a five-way join of the comments, cut at Datasette's 5 s limit) runs in
        # Datasette while the crawl writes.
        slow = "select count(*) from comments a, comments b, comments c, comments d, comments e"
        span: list[float] = []
        reading = threading.Thread(target=reader, args=(server, slow, span), daemon=True)
        with serve(ZOX) as site:
            reading.start()
            started = time.monotonic()
            crawl = subprocess.run(crawl_command(site.base_url, db, "-a", "full=1"), cwd=PROJECT, capture_output=True)
            ended = time.monotonic()
        reading.join(timeout=30)
        assert span[0] < ended
        assert span[1] > started + 1  # the read was still going a second into the crawl
        assert crawl.returncode == 0, crawl.stderr.decode()[-2000:]
        assert b"database is locked" not in crawl.stderr
        assert len(server.get(f"/{db.stem}/crawls.json", _shape="array")) == crawls + 1
        found = server.query("search_comments", q=KNOWN_COMMENT[1])
        assert KNOWN_COMMENT[0] in {c["comment_id"] for c in found}
    finally:
        server.stop()
    # Stopping `python -m defense_news.explore` (SIGTERM) stops the Datasette it started.
    deadline = time.monotonic() + 10
    while server.is_serving() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not server.is_serving()


def test_an_older_database_is_left_alone_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "legacy.db"
    db.write_bytes((PROJECT / "tests" / "storage" / "data" / "legacy-v3.db").read_bytes())
    before = fingerprint(db)
    result = subprocess.run(
        [sys.executable, "-m", "defense_news.explore", str(db)], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "schema version 3" in result.stderr
    assert fingerprint(db) == before  # not migrated: Datasette only reads; the next crawl upgrades it


def test_a_file_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    result = subprocess.run(
        [sys.executable, "-m", "defense_news.explore", str(bad)], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "cannot read" in result.stderr
