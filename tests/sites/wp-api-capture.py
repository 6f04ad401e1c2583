#!/usr/bin/env python3
"""Build tests/sites/wp-api: REST responses of the stock WordPress, plus two page variants.

``wp-api`` is served as a layer over ``wp-tt3`` (see defense_news.replica). It holds:

- the REST responses the spider asks for, fetched from the local WordPress 6.1
  (/work/shared/tools/wordpress, 127.0.0.1:8189), saved under the replica's
  query naming (``wp-json/wp/v2/comments@order=asc&...&post=11``) with a
  ``.headers`` sidecar keeping the status and the headers WordPress sent that
  matter (Content-Type, X-WP-Total, X-WP-TotalPages, Link);
- ``2024/05/defense-budget-five-fights/``: post 11 (comments closed) with its
  comment list removed, as ZoxPress prints closed threads (title and count stay);
- ``2024/10/drones-ukraine-lessons-army/``: post 15 with a date-only
  ``datetime`` attribute, as ZoxPress prints publication dates.

Run it while the WordPress of tests/sites/README.md is up (it only reads)::

    python3 tests/sites/wp-api-capture.py
"""

from __future__ import annotations

import re
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).parent
OUT = HERE / "wp-api"
BASE = HERE / "wp-tt3"
sys.path.insert(0, str(HERE.parent.parent))
from defense_news.replica import query_key  # noqa: E402

WP = "http://127.0.0.1:8189"
ORIGIN = "https://www.19fortyfive.com"
KEPT_HEADERS = ("Content-Type", "X-WP-Total", "X-WP-TotalPages", "Link")

PUBLIC_POSTS = (7, 8, 9, 10, 11, 12, 13, 15, 16)
COMMENTS = "/wp-json/wp/v2/comments?order=asc&orderby=date_gmt&page={page}&per_page={per_page}&post={post}"
ROUTES = [
    *(f"/wp-json/wp/v2/posts/{post}?_embed=wp:term" for post in PUBLIC_POSTS),
    "/wp-json/wp/v2/posts?_embed=wp:term&page=1&per_page=100",
    *(f"/wp-json/wp/v2/posts?_embed=wp:term&page={page}&per_page=3" for page in range(1, 6)),  # 5: 400
    COMMENTS.format(page=1, per_page=100, post=11),
    COMMENTS.format(page=1, per_page=3, post=11),
    COMMENTS.format(page=1, per_page=100, post=12),
    *(COMMENTS.format(page=page, per_page=8, post=12) for page in range(1, 5)),  # 4: 200 []
    # The plain-permalink form of the same routes (DEFENSE_NEWS_REST_ROOT=<site>/?rest_route=/).
    *(f"/?rest_route=/wp/v2/posts/{post}&_embed=wp:term" for post in PUBLIC_POSTS),
    "/?rest_route=/wp/v2/comments&order=asc&orderby=date_gmt&page=1&per_page=100&post=11",
]


def rewrite(text: str) -> str:
    return text.replace(WP, ORIGIN).replace(WP.replace("/", "\\/"), ORIGIN.replace("/", "\\/"))


def target(route: str) -> Path:
    parts = urlsplit(route)
    path = parts.path.lstrip("/") or "index.html"
    return OUT / f"{path}@{query_key(parts.query)}"


def capture(route: str) -> None:
    try:
        response = urllib.request.urlopen(WP + route)
        status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    file = target(route)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(rewrite(body.decode()))
    lines = [f"Status: {status}"] + [f"{name}: {rewrite(headers[name])}" for name in KEPT_HEADERS if headers[name]]
    file.with_name(file.name + ".headers").write_text("\n".join(lines) + "\n")
    print(status, route)


def without_comment_list(html: str) -> str:
    start = html.index('<ol class="wp-block-comment-template">')
    depth, pos = 0, start
    for match in re.compile(r"<ol\b|</ol>").finditer(html, start):
        depth += 1 if match.group() == "<ol" else -1
        if depth == 0:
            pos = match.end()
            break
    return html[:start] + html[pos:]


def variants() -> None:
    closed = "2024/05/defense-budget-five-fights/index.html"
    html = (BASE / closed).read_text()
    (OUT / closed).parent.mkdir(parents=True, exist_ok=True)
    (OUT / closed).write_text(without_comment_list(html))
    dated = "2024/10/drones-ukraine-lessons-army/index.html"
    html = (BASE / dated).read_text()
    (OUT / dated).parent.mkdir(parents=True, exist_ok=True)
    (OUT / dated).write_text(
        html.replace('<time datetime="2024-10-01T07:30:00-04:00">', '<time datetime="2024-10-01">')
    )


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    for route in ROUTES:
        capture(route)
    variants()


if __name__ == "__main__":
    main()
