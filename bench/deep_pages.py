"""Extraction CPU of pages nested thousands of levels deep, next to an ordinary one (tests/deep.py).

    python bench/deep_pages.py            # the table
    python bench/deep_pages.py --repeat 5

Each page is parsed as the crawl parses it (``parse_checked``: read again past libxml2's depth
limit), then ``ArticlePage.article()`` and ``comments()`` run on it; the best of ``--repeat``
passes is printed in milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = "http://127.0.0.1:8048/2024/05/article-{n}/"


def cases() -> list[tuple[str, str, str]]:
    sys.path.append(str(ROOT))  # after PYTHONPATH: a checkout named there is the one measured
    from tests.deep import deep_body_page, deep_thread_page

    return [
        ("ordinary article", URL.format(n=1), deep_body_page(0)),
        ('article in 2,000 <div class="w">', URL.format(n=1), deep_body_page(2_000, wrapper='<div class="w">')),
        (
            'article in 3,000 <div class="w"> (cut at 2,040)',
            URL.format(n=1),
            deep_body_page(3_000, wrapper='<div class="w">'),
        ),
        ("article in 100,000 <div>", URL.format(n=1), deep_body_page(100_000)),
        ("thread of 3,000 nested replies", URL.format(n=2), deep_thread_page(3_000)),
    ]


def best_ms(url: str, html: str, repeat: int) -> float:
    from scrapy.http import HtmlResponse, Request

    from defense_news.pages import ArticlePage
    from defense_news.pages.parsing import parse_checked

    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        response = HtmlResponse(url=url, body=html.encode(), encoding="utf-8", request=Request(url))
        response._cached_selector = parse_checked(response)[0]
        page = ArticlePage(response)
        page.article()
        page.comments()
        best = min(best, time.process_time() - started)
    return best * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    pages = cases()
    best_ms(*pages[0][1:], repeat=1)  # trafilatura's first run imports it
    print(f"{'page':<48} {'ms (parse + extraction)':>24}")
    for name, url, html in pages:
        print(f"{name:<48} {best_ms(url, html, args.repeat):>24.0f}", flush=True)


if __name__ == "__main__":
    main()
