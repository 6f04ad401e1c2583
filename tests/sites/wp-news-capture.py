#!/usr/bin/env python3
"""Capture tests/sites/wp-news from a real WordPress filled by wp-news-content.php.

Writes three files (the origin ``http://127.0.0.1:8191`` rewritten to the replicas' usual
``https://www.19fortyfive.com`` everywhere):

- ``pages.tar.xz``: the HTML a crawl walks, in the replica layout of tests/sites/README.md:
  ``robots.txt``, the home listing and its pages, every category listing page, every post
  listed by REST (password-protected ones included) and every comment page of its thread;
- ``rest.json.xz``: the REST records the replica server answers queries from: the ``/wp-json/``
  index, every post (``context=view``), every comment the API shows, users, categories, tags
  and media in ``view`` and ``embed`` context, and the approved comments REST counts but does
  not show (those of protected and private posts: id, post, parent, dates only);
- ``checks.json.xz``: WordPress's own answers (status, headers, body) to a list of REST queries,
  which tests/test_wp_news_replica.py replays against the replica server.

Run it while that WordPress is up (it only reads; the database is read through wp-php.sh)::

    WP_DEV_PORT=8191 WP_DEV_STATE=/var/lib/wp-dev-rest WP_DEV_CONFIG=rest \\
        python3 tests/sites/wp-news-capture.py

It fails if a page answers anything but 200, if a captured page links a listing, article or
comment page that is not captured, or if the replica server's answers differ from WordPress's
for any query of ``CHECKS``.
"""

from __future__ import annotations

import io
import json
import lzma
import os
import re
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).parent
OUT = HERE / "wp-news"
sys.path.insert(0, str(HERE.parent.parent))

# The WordPress of this replica (see the README): its port, state folder and config name.
WP_ENV = {
    "WP_DEV_PORT": os.environ.get("WP_DEV_PORT", "8191"),
    "WP_DEV_STATE": os.environ.get("WP_DEV_STATE", "/var/lib/wp-dev-rest"),
    "WP_DEV_CONFIG": os.environ.get("WP_DEV_CONFIG", "rest"),
}
PORT = WP_ENV["WP_DEV_PORT"]
WP = f"http://127.0.0.1:{PORT}"
ORIGIN = "https://www.19fortyfive.com"
TOOLS = Path("/work/shared/tools/wordpress")
KEPT_HEADERS = ("Content-Type", "X-WP-Total", "X-WP-TotalPages", "Link", "Allow")

# Queries whose answers the replica server must reproduce (path and query as sent).
NEWS_CHECKS = [
    "/wp-json/wp/v2/posts?per_page=100",
    "/wp-json/wp/v2/posts?per_page=100&page=3",
    "/wp-json/wp/v2/posts?per_page=100&page=4",
    "/wp-json/wp/v2/posts",
    "/wp-json/wp/v2/posts?per_page=5&page=2&_embed",
    "/wp-json/wp/v2/posts?per_page=7&page=3&_embed=author,wp:term,wp:featuredmedia",
    "/wp-json/wp/v2/posts?per_page=100&page=1&_embed=wp:term",
    "/wp-json/wp/v2/posts?include=254,12,77,140,999&per_page=100&_embed=author,wp:term,wp:featuredmedia",
    "/wp-json/wp/v2/posts?include=254,12,77&orderby=include",
    "/wp-json/wp/v2/posts?modified_after=2024-11-20T00:00:00Z&orderby=modified&order=asc&per_page=100",
    "/wp-json/wp/v2/posts?modified_after=2024-06-01T12:00:00&per_page=20&page=2",
    "/wp-json/wp/v2/posts?after=2024-12-01T00:00:00-05:00",
    "/wp-json/wp/v2/posts?modified_after=2030-01-01T00:00:00Z",
    "/wp-json/wp/v2/posts?slug=why-the-army-wants-a-new-radar&_embed=wp:term",
    "/wp-json/wp/v2/posts?categories=3&per_page=10&page=2",
    "/wp-json/wp/v2/posts?per_page=3&_fields=id,link,title.rendered,modified_gmt",
    "/wp-json/wp/v2/posts?per_page=101",
    "/wp-json/wp/v2/posts?modified_after=yesterday",
    "/wp-json/wp/v2/comments?per_page=100",
    "/wp-json/wp/v2/comments?per_page=100&page=25",
    "/wp-json/wp/v2/comments?per_page=100&page=26",
    "/wp-json/wp/v2/comments?per_page=100&orderby=date_gmt&order=asc&page=2",
    "/wp-json/wp/v2/comments?per_page=100&after=2024-12-01T00:00:00Z&orderby=date_gmt&order=asc",
    "/wp-json/wp/v2/comments?after=2024-11-03T05:00:00Z&before=2024-11-03T07:00:00Z&order=asc",
    "/wp-json/wp/v2/comments?post=254&per_page=100&orderby=date_gmt&order=asc",
    "/wp-json/wp/v2/comments?post=254,253,252&per_page=5&page=2",
    "/wp-json/wp/v2/comments?per_page=3&_fields=id,post,parent,date_gmt",
    "/wp-json/wp/v2/categories?per_page=100",
    "/wp-json/wp/v2/tags?per_page=100",
    "/wp-json/wp/v2/users?per_page=100",
    "/wp-json/",
    "/?rest_route=/wp/v2/posts&per_page=2&page=2",
    # What source=rest asks.
    "/wp-json/wp/v2/posts?per_page=100&page=2&_embed=author,wp:term,wp:featuredmedia&orderby=id&order=asc",
    "/wp-json/wp/v2/comments?per_page=100&page=7&orderby=date_gmt&order=asc&after=2023-06-01T10:00:00Z",
    "/wp-json/wp/v2/posts?include=12,40,77,130&per_page=4&_embed=author,wp:term,wp:featuredmedia",
]
# The small site of wp-content.php (tests/sites/wp-tt3): the REST queries the spider makes there.
SMALL_CHECKS = [
    "/wp-json/wp/v2/posts?per_page=100&_embed=wp:term",
    "/wp-json/wp/v2/posts/10?_embed=wp:term",
    "/wp-json/wp/v2/posts/14?_embed=wp:term",
    "/wp-json/wp/v2/posts?include=15,14,12&per_page=3&_embed=author,wp:term,wp:featuredmedia",
    "/wp-json/wp/v2/posts?slug=drones-ukraine-lessons-army,b-21-raider-matters&per_page=2&_embed=author,wp:term,wp:featuredmedia",
    "/wp-json/wp/v2/posts?per_page=3&page=5&_embed=wp:term",
    "/wp-json/wp/v2/comments?post=11&per_page=100&page=1&orderby=date_gmt&order=asc",
    "/wp-json/wp/v2/comments?post=14&per_page=100",
    "/wp-json/wp/v2/comments?per_page=100&page=1&orderby=date_gmt&order=asc",
    "/wp-json/wp/v2/comments?per_page=8&page=4&post=12&orderby=date_gmt&order=asc",
    "/wp-json/",
    "/?rest_route=/wp/v2/posts/7&_embed=wp:term",
]


def rewrite(text: str) -> str:
    return text.replace(WP, ORIGIN).replace(WP.replace("/", "\\/"), ORIGIN.replace("/", "\\/"))


def fetch(path: str) -> tuple[int, Any, bytes]:
    try:
        response = urllib.request.urlopen(WP + path)
        return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get_json(path: str) -> tuple[Any, Any]:
    status, headers, body = fetch(path)
    if status != 200:
        raise SystemExit(f"{path}: HTTP {status}")
    return json.loads(rewrite(body.decode())), headers


def collection(route: str, **params: Any) -> list[Any]:
    records: list[Any] = []
    page = 1
    while True:
        query = "&".join(f"{k}={v}" for k, v in {**params, "per_page": 100, "page": page}.items())
        data, headers = get_json(f"/wp-json/wp/v2/{route}?{query}")
        records += data
        if page >= int(headers["X-WP-TotalPages"] or 0):
            return records
        page += 1


def wp_sql(query: str) -> list[dict[str, str]]:
    """Rows of a query on this WordPress's database (through wp-php.sh)."""
    php = f"global $wpdb; echo json_encode($wpdb->get_results({json.dumps(query)}));"
    output = subprocess.run(
        [str(TOOLS / "wp-php.sh"), "-r", php], check=True, capture_output=True, text=True, env={**os.environ, **WP_ENV}
    )
    rows: list[dict[str, str]] = json.loads(output.stdout)
    return rows


def database_posts() -> list[dict[str, Any]]:
    """Ground truth for the tests: every post as the database holds it."""
    rows = wp_sql(
        "SELECT ID AS id, post_status AS status, post_password != '' AS protected, post_date_gmt AS date_gmt,"
        " post_modified_gmt AS modified_gmt, comment_count, comment_status FROM wp_posts WHERE post_type = 'post'"
    )
    return [
        {
            "id": int(r["id"]),
            "status": r["status"],
            "protected": r["protected"] == "1",
            "date_gmt": r["date_gmt"].replace(" ", "T"),
            "modified_gmt": r["modified_gmt"].replace(" ", "T"),
            "comment_count": int(r["comment_count"]),
            "comment_status": r["comment_status"],
        }
        for r in rows
    ]


def database_comments() -> list[dict[str, Any]]:
    """Every approved comment (REST counts them all, and shows those of readable posts)."""
    php = (
        "global $wpdb; echo json_encode($wpdb->get_results(\"SELECT comment_ID AS id, comment_post_ID AS post,"
        " comment_parent AS parent, comment_date AS date, comment_date_gmt AS date_gmt FROM $wpdb->comments"
        " WHERE comment_approved = '1' AND comment_type = 'comment'\"));"
    )
    output = subprocess.run(
        [str(TOOLS / "wp-php.sh"), "-r", php], check=True, capture_output=True, text=True, env={**os.environ, **WP_ENV}
    )
    rows = json.loads(output.stdout)
    return [
        {
            "id": int(r["id"]),
            "post": int(r["post"]),
            "parent": int(r["parent"]),
            "date": r["date"].replace(" ", "T"),
            "date_gmt": r["date_gmt"].replace(" ", "T"),
        }
        for r in rows
    ]


def rest_records() -> dict[str, Any]:
    index, _ = get_json("/wp-json/")
    posts = collection("posts")
    comments = collection("comments")
    shown = {c["id"] for c in comments}
    hidden = [c for c in database_comments() if c["id"] not in shown]
    data = {
        "index": index,
        "posts": posts,
        "comments": comments,
        "hidden_comments": hidden,
        "database_posts": database_posts(),
    }
    for route in ("users", "categories", "tags", "media"):
        data[route] = collection(route)
        data[f"{route}_embed"] = collection(route, context="embed")
    print(f"REST: {len(posts)} posts, {len(comments)} comments shown, {len(hidden)} counted but hidden")
    return data


# -- pages -------------------------------------------------------------------

LINK = re.compile(r'href="(https://www\.19fortyfive\.com/[^"#?]*)')
WANTED = re.compile(r"^/(?:page/\d+/|category/[^/]+/(?:page/\d+/)?|\d{4}/\d{2}/[^/]+/(?:comment-page-\d+/)?)?$")


def file_name(url_path: str) -> str:
    return url_path.lstrip("/") + "index.html" if url_path.endswith("/") else url_path.lstrip("/")


def pages(posts: list[dict[str, Any]]) -> dict[str, bytes]:
    captured: dict[str, bytes] = {}
    queue = ["/robots.txt", "/"] + [urlsplit(p["link"]).path for p in posts]
    while queue:
        path = queue.pop(0)
        if path in captured:
            continue
        status, _, body = fetch(path)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
        text = rewrite(body.decode())
        if WP in text or f"127.0.0.1:{PORT}" in text:
            raise SystemExit(f"{path}: origin left after rewriting")
        captured[path] = text.encode()
        for href in LINK.findall(text):
            link = urlsplit(href).path
            if WANTED.match(link) and link not in captured:
                queue.append(link)
    print(f"HTML: {len(captured)} pages")
    return captured


def write_tar(files: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path in sorted(files):
            info = tarfile.TarInfo(file_name(path))
            info.size = len(files[path])
            info.mtime = 0
            tar.addfile(info, io.BytesIO(files[path]))
    (OUT / "pages.tar.xz").write_bytes(lzma.compress(buffer.getvalue(), preset=9 | lzma.PRESET_EXTREME))


def write_json(name: str, data: Any) -> None:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    (OUT / name).write_bytes(lzma.compress(raw, preset=9 | lzma.PRESET_EXTREME))


def checks(queries: list[str]) -> list[dict[str, Any]]:
    answers = []
    for query in queries:
        status, headers, body = fetch(query)
        # Several Link lines would be one header to a client: join them as it would.
        kept = {name: rewrite(", ".join(headers.get_all(name))) for name in KEPT_HEADERS if headers[name] is not None}
        answers.append({"query": query, "status": status, "headers": kept, "body": rewrite(body.decode())})
    return answers


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--small",
        action="store_true",
        help="capture the REST records of wp-content.php's small site into tests/sites/wp-api (no pages)",
    )
    args = parser.parse_args(argv)
    global OUT
    if args.small:
        OUT = HERE / "wp-api"
    OUT.mkdir(exist_ok=True)
    records = rest_records()
    write_json("rest.json.xz", records)
    if not args.small:
        write_tar(pages(records["posts"]))
    answers = checks(SMALL_CHECKS if args.small else NEWS_CHECKS)
    write_json("checks.json.xz", answers)
    # The replica server must give WordPress's answers.
    from tests.wp_news import compare_checks

    failures = compare_checks(OUT)
    for failure in failures:
        print("MISMATCH", failure)
    print(f"checks: {len(answers) - len(failures)}/{len(answers)} answered as WordPress does")
    if failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
