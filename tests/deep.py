"""Pages nested past libxml2's depth limit, and a site on 127.0.0.1 that serves them (issue 22 item 15).

libxml2 stops reading a document at 2,048 open elements (see defense_news/pages/parsing.py):

- :func:`deep_body_page`: a block-theme article wrapped in ``levels`` attribute-less ``<div>``\\ s
  (headline, date, body and all past the limit), or wrappers with attributes (which the second
  read keeps: past its own depth limit the article is left out, but every element above it stays);
- :func:`deep_thread_page`: a short article whose comment thread is one chain of ``replies``
  comments, each the reply of the one before, as WordPress's comment walker prints it
  (``li.comment.depth-N`` > ``ol.children`` > ``li``…): two elements a level; with ``leaves``,
  each comment of the chain but the last has a second reply (id ``replies + k``), printed after
  the chain below it closes; without ``depth_classes``, no ``depth-N`` class says the depth.

``DeepSite`` serves both behind a one-category listing (``/category/news/``): article 1 has the
deep body, article 2 the deep thread. Run by hand::

    python -m tests.deep --port 8048
"""

from __future__ import annotations

import argparse

from defense_news.replica import serve_until_interrupted
from tests.hostile import HOME, LISTING, HostileSite

BODY_PARAGRAPHS = (
    "The deep article opens with a paragraph long enough to read as the body of a news story.",
    "Its second paragraph sits as deep as the first, past every wrapper the page opens.",
)

_HEAD = """<!DOCTYPE html><html><head><title>Article {n}</title></head>
<body class="post-template-default single single-post postid-{n} single-format-standard"><main>"""

_ARTICLE = """<article id="post-{n}" class="post-{n} post type-post status-publish format-standard category-news">
<h1 class="wp-block-post-title">Article {n}</h1>
<div class="wp-block-post-date"><time datetime="2024-05-0{n}T10:00:00+00:00">May {n}, 2024</time></div>
<div class="wp-block-post-author-name">Jane Writer</div>
<div class="entry-content wp-block-post-content">{body}</div></article>"""

_COMMENT_OPEN = """<li id="comment-{k}" class="comment even{depth_class}"><article id="div-comment-{k}" class="comment-body">
<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Reader {k}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="/2024/05/article-2/#comment-{k}"><time datetime="{when}">May 2, 2024</time></a></div>
</footer><div class="comment-content"><p>Reply number {k}.</p></div></article><ol class="children">"""


def comment_time(k: int) -> str:
    """Comment k's time: a minute after the one it answers."""
    return f"2024-05-{2 + k // 1440:02d}T{k // 60 % 24:02d}:{k % 60:02d}:00+00:00"


def deep_body_page(levels: int, n: int = 1, wrapper: str = "<div>") -> str:
    """Article ``n`` inside ``levels`` copies of ``wrapper`` (a ``<div>`` start tag, with attributes or not)."""
    body = "".join(f"<p>{text}</p>" for text in BODY_PARAGRAPHS)
    return (
        _HEAD.format(n=n)
        + wrapper * levels
        + _ARTICLE.format(n=n, body=body)
        + "</div>" * levels
        + "</main></body></html>"
    )


def _comment(k: int, depth: int, depth_classes: bool) -> str:
    return _COMMENT_OPEN.format(k=k, when=comment_time(k), depth_class=f" depth-{depth}" if depth_classes else "")


def deep_thread_page(replies: int, n: int = 2, leaves: bool = False, depth_classes: bool = True) -> str:
    thread = "".join(_comment(k, k, depth_classes) for k in range(1, replies + 1))
    # Closing the chain from its deepest reply up: each comment's second reply after its first's subtree.
    tail = "".join(
        (_comment(replies + k, k + 1, depth_classes) + "</ol></li>" if leaves and k < replies else "") + "</ol></li>"
        for k in range(replies, 0, -1)
    )
    return (
        _HEAD.format(n=n)
        + _ARTICLE.format(n=n, body=f"<p>{BODY_PARAGRAPHS[0]}</p>")
        + '<section id="comments" class="comments-area"><ol class="comment-list">'
        + thread
        + tail
        + "</ol></section></main></body></html>"
    )


class DeepSite(HostileSite):
    """A one-category WordPress-looking site (no REST, feed or sitemap) whose two articles nest too deep."""

    def __init__(self, levels: int = 100_000, replies: int = 3_000, port: int = 0) -> None:
        super().__init__("endless", port=port)
        self.levels = levels
        self.replies = replies

    def page(self, path: str) -> str | None:
        if path == "/":
            return HOME
        if path == "/category/news/":
            items = "".join(
                f'<li><h2 class="wp-block-post-title"><a href="/2024/05/article-{n}/">Article {n}</a></h2></li>'
                for n in (1, 2)
            )
            # The last page: its "next page" link leads to a 404.
            return LISTING.format(page=1, items=items, next=1).replace('<a href="/category/news/page/1/">', "<a>")
        if path == "/2024/05/article-1/":
            return deep_body_page(self.levels)
        if path == "/2024/05/article-2/":
            return deep_thread_page(self.replies)
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", type=int, default=100_000, help="<div>s around article 1")
    parser.add_argument("--replies", type=int, default=3_000, help="comments in article 2's one chain")
    parser.add_argument("--port", type=int, default=8048)
    args = parser.parse_args(argv)
    server = DeepSite(args.levels, args.replies, args.port)
    print(f"Serving deep pages at {server.base_url} (Ctrl-C to stop)", flush=True)
    serve_until_interrupted(server)


if __name__ == "__main__":
    main()
