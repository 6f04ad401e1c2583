"""Pages whose elements nest thousands deep with attributes: extraction stays linear.

The second read of a page past libxml2's depth limit (pages/parsing.py) drops only attribute-less
wrappers: ``<div class="w">`` nested 3,000 deep stays 2,040 deep. Rules that asked of each
element whether an ancestor is a sidebar, comments or another post walked its ancestors every
time: bylines.posted_by, over each element of such a page, judged two million ancestors (6 s
for one page). Each element is now judged once (scope.AncestorFacts). Timings: bench/deep_pages.py.
"""

from __future__ import annotations

import time

import pytest
from scrapy.http import HtmlResponse, Request

from defense_news.pages import ArticlePage, scope
from defense_news.pages.parsing import MAX_DEPTH, parse_checked
from tests.deep import BODY_PARAGRAPHS, deep_body_page
from tests.helpers import page

URL = "http://127.0.0.1:8048/2024/05/article-1/"
WRAPPER = '<div class="w">'


def deep_page(levels: int) -> ArticlePage:
    res = HtmlResponse(url=URL, body=deep_body_page(levels, wrapper=WRAPPER).encode(), encoding="utf-8")
    res = res.replace(request=Request(URL))
    res._cached_selector = parse_checked(res)[0]  # as the crawl's ParserLimitMiddleware does
    return ArticlePage(res)


@pytest.fixture
def judged(monkeypatch) -> list[int]:
    """How many times an element was judged a sidebar, comments, related posts (scope.not_article)."""
    calls = [0]
    judge = scope.not_article

    def counting(el):
        calls[0] += 1
        return judge(el)

    monkeypatch.setattr(scope, "not_article", counting)
    return calls


def test_a_body_2000_wrappers_deep_is_read_whole(judged):
    deep = deep_page(2_000)
    article = deep.article()
    assert (article.title, article.published_at, article.authors) == (
        "Article 1",
        "2024-05-01T10:00:00Z",
        ["Jane Writer"],
    )
    assert article.body_text == "\n\n".join(BODY_PARAGRAPHS)
    assert judged[0] <= 4 * sum(1 for _ in deep.sel.root.iter())


def test_a_body_past_the_depth_limit_is_left_out_and_the_rest_read_in_linear_time(judged):
    """Before: 2,075,705 judgements, 6 s; now each of the ~2,040 elements once or twice."""
    deep = deep_page(3_000)
    elements = sum(1 for _ in deep.sel.root.iter())
    assert elements < MAX_DEPTH + 10  # the article itself, past MAX_DEPTH, is left out (named by parsing)
    article = deep.article()
    # What the page still says: <title>, the address's month; no byline, no body.
    assert (article.title, article.published_at, article.authors, article.body_text) == (
        "Article 1",
        "2024-05",
        [],
        None,
    )
    assert judged[0] <= 4 * elements


def test_extraction_of_a_deep_page_is_within_a_generous_bound_of_an_ordinary_one():
    """A sanity bound only (the figures: bench/deep_pages.py): before, 6 s against ~15 ms, 400×."""
    ordinary = deep_page(0)
    ordinary.article()  # trafilatura's first run imports it
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        deep_page(0).article()
        best = min(best, time.process_time() - started)
    started = time.process_time()
    deep_page(3_000).article()
    assert time.process_time() - started < 100 * best


def naive_outside(el, root, post_id):
    """scope.outside_article as it walked, each element's ancestors every time."""
    for ancestor in el.iterancestors():
        if ancestor is root:
            return False
        if scope.not_article(ancestor) or scope.other_post(ancestor, post_id):
            return True
    return False


@pytest.mark.parametrize(
    ("site", "path"),
    [
        ("zox", "/2022/11/chinas-j-20-fighter-explained/"),
        ("themes/oceanwp", "/2025/10/missile-defense-long-thread/"),  # comments, sidebar, widgets
    ],
)
def test_each_element_is_judged_as_the_walk_of_its_ancestors_judged_it(site, path):
    art = ArticlePage(page(site, path))
    elements = [el for el in art.sel.root.iter() if isinstance(el.tag, str)]
    for root in (art.article_root, None):
        outside = scope.Outside(root, art.post_id)
        answers = [outside(el) for el in reversed(elements)]  # deepest first: the memo filled bottom up
        assert answers[::-1] == [naive_outside(el, root, art.post_id) for el in elements]
    assert any(art._outside_article(el) for el in elements)
    assert not all(art._outside_article(el) for el in elements)
