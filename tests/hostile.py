"""Sites on 127.0.0.1 where a crawl finds nothing, or would never end (issue 22 items 1, 2 and 13).

``HostileSite(kind)`` answers every request from code, no saved pages:

- ``plain``: a plain web page (a small business's site, no WordPress): a home page whose
  only links are to pages that are no articles; no REST API, feed, sitemap or robots.txt
  (every other path answers 404);
- ``endless``: a WordPress-looking site (block theme markup) whose one category's
  pagination never ends: every page ``/category/news/page/N/`` lists the same articles and
  links page N+1; with ``fresh=True`` each page lists one article more (``article-N``), so
  only a cap on listing depth ends it. No REST API, feed or sitemap either.
- ``endless_comments``: the same site, whose article 1's comments are paged without end:
  every ``comment-page-N/`` shows the same comments and links page N+1; with ``fresh=True``
  each page shows a comment of its own (``comment-N``), so only a cap on comment pages ends it.

Run by hand::

    python -m tests.hostile endless --port 8047
"""

from __future__ import annotations

import argparse
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from defense_news.replica import serve_until_interrupted

KINDS = ("plain", "endless", "endless_comments")
# The articles every page of the endless listing lists.
ARTICLES = (1, 2, 3)
_LISTING = re.compile(r"^/category/news/(?:page/(\d+)/)?$")
_ARTICLE = re.compile(r"^/2024/05/article-(\d+)/(?:comment-page-(\d+)/)?$")

PLAIN_HOME = """<!DOCTYPE html><html><head><title>Acme Plumbing</title></head><body>
<header><h1>Acme Plumbing</h1><nav><a href="/services/">Services</a> <a href="/contact/">Contact</a></nav></header>
<main><h2><a href="/services/">Our services</a></h2><p>We fix pipes, taps and boilers, day and night.</p>
<h2><a href="/contact/">Call us</a></h2><p>555-0100, Monday to Saturday.</p></main></body></html>"""

PLAIN_PAGE = """<!DOCTYPE html><html><head><title>{title} - Acme Plumbing</title></head><body>
<main><h1>{title}</h1><p>Acme Plumbing has served the town since 1987.</p></main></body></html>"""

HOME = """<!DOCTYPE html><html><head><title>Endless News</title></head>
<body class="home blog"><nav class="wp-block-navigation"><a href="/category/news/">News</a></nav>
<main><p>The latest news.</p></main></body></html>"""

LISTING = """<!DOCTYPE html><html><head><title>News - page {page}</title></head>
<body class="archive category category-news"><main><ul class="wp-block-post-template">{items}</ul>
<nav class="wp-block-query-pagination"><a href="/category/news/page/{next}/">Next page</a></nav></main></body></html>"""

ITEM = """<li><h2 class="wp-block-post-title"><a href="/2024/05/article-{n}/">Article {n}</a></h2>
<div class="wp-block-post-date"><time datetime="2024-05-{day:02d}T10:00:00+00:00">May {day}, 2024</time></div></li>"""

ARTICLE = """<!DOCTYPE html><html><head><title>Article {n}</title></head>
<body class="post-template-default single single-post postid-{n} single-format-standard">
<main><article id="post-{n}" class="post-{n} post type-post status-publish format-standard category-news">
<h1 class="wp-block-post-title">Article {n}</h1>
<div class="wp-block-post-date"><time datetime="2024-05-{day:02d}T10:00:00+00:00">May {day}, 2024</time></div>
<div class="wp-block-post-author-name">Jane Writer</div>
<div class="entry-content wp-block-post-content"><p>Article {n} opens with a paragraph long enough to read as
the body of a news story, about the trap this site sets for crawlers.</p>
<p>A second paragraph says that every page of the listing links the next one, for ever.</p></div>
</article></main></body></html>"""


COMMENTS = """<div class="wp-block-comments"><ol class="wp-block-comment-template">{items}</ol>
<div class="wp-block-comments-pagination"><a class="wp-block-comments-pagination-next"
 href="/2024/05/article-{n}/comment-page-{next}/">Newer comments</a></div></div>"""

COMMENT = """<li id="comment-{c}" class="comment even thread-even depth-1">
<div class="wp-block-comment-author-name">Reader {c}</div>
<div class="wp-block-comment-date"><time datetime="2024-05-20T10:{minute:02d}:00+00:00">May 20, 2024</time></div>
<div class="wp-block-comment-content"><p>Comment {c}, one more on a thread that goes on for ever.</p></div></li>"""


class HostileHandler(BaseHTTPRequestHandler):
    server: HostileSite
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the tests count requests instead

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.server.count_request(self.path)
        body = self.server.page(path)
        status = 404 if body is None else 200
        if body is None:
            body = '<!DOCTYPE html><html><body class="error404"><h1>Not Found</h1></body></html>'
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class HostileSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, kind: str, fresh: bool = False, port: int = 0) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind {kind!r}: expected one of {', '.join(KINDS)}")
        super().__init__(("127.0.0.1", port), HostileHandler)
        self.kind = kind
        self.fresh = fresh
        self.requests: list[str] = []
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def count_request(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    def listing_requests(self) -> list[str]:
        return [path for path in self.requests if _LISTING.match(path.split("?", 1)[0])]

    def page(self, path: str) -> str | None:
        """The page at ``path``, or None (404)."""
        if self.kind == "plain":
            if path == "/":
                return PLAIN_HOME
            if path in ("/services/", "/contact/"):
                return PLAIN_PAGE.format(title=path.strip("/").title())
            return None
        if path == "/":
            return HOME
        if match := _LISTING.match(path):
            page = int(match.group(1) or 1)
            numbers = ARTICLES + ((ARTICLES[-1] + page,) if self.fresh else ())
            items = "".join(ITEM.format(n=n, day=1 + n % 28) for n in numbers)
            return LISTING.format(page=page, items=items, next=page + 1)
        if match := _ARTICLE.match(path):
            n = int(match.group(1))
            page = ARTICLE.format(n=n, day=1 + n % 28)
            if self.kind == "endless_comments" and n == ARTICLES[0]:
                number = int(match.group(2) or 1)
                ids = (100, 101) + ((101 + number,) if self.fresh else ())
                items = "".join(COMMENT.format(c=c, minute=c % 60) for c in ids)
                page = page.replace("</article>", COMMENTS.format(items=items, n=n, next=number + 1) + "</article>")
            return page
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--fresh", action="store_true", help="endless: each page lists one article (comment) more")
    parser.add_argument("--port", type=int, default=8047)
    args = parser.parse_args(argv)
    server = HostileSite(args.kind, args.fresh, args.port)
    print(f"Serving a {args.kind} site at {server.base_url} (Ctrl-C to stop)", flush=True)
    serve_until_interrupted(server)


if __name__ == "__main__":
    main()
