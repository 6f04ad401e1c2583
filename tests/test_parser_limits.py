"""Pages nested past libxml2's depth limit (issue 22 item 15): read again, or what is lost named.

libxml2 stops at 2,048 open elements and drops the rest of the document without a word;
tests/deep.py builds such pages (a body inside thousands of ``<div>``\\ s, a comment thread
thousands of replies deep).
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import pytest
from lxml import etree
from scrapy import Spider
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.selector import Selector
from scrapy.utils.test import get_crawler

from defense_news.pages import ArticlePage, parsing
from defense_news.pages.parsing import FLAT_DEPTH, MAX_DEPTH, REPLY_DEPTH, parse_checked
from defense_news.parser_limits import ParserLimitMiddleware
from defense_news.rest.records import Lookups, article_from_post
from tests.deep import BODY_PARAGRAPHS, comment_time, deep_body_page, deep_thread_page
from tests.helpers import page

BODY_URL = "http://127.0.0.1:8048/2024/05/article-1/"
THREAD_URL = "http://127.0.0.1:8048/2024/05/article-2/"


def response(url: str, html: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=html.encode(), encoding="utf-8", request=Request(url))


@pytest.fixture
def middleware() -> ParserLimitMiddleware:
    crawler = get_crawler(Spider)
    crawler.stats.open_spider()
    return ParserLimitMiddleware.from_crawler(crawler)


def through(middleware: ParserLimitMiddleware, res: HtmlResponse) -> ArticlePage:
    out = middleware.process_response(res.request, res)
    assert isinstance(out, HtmlResponse)
    return ArticlePage(out)


def parser_stats(middleware: ParserLimitMiddleware) -> dict[str, object]:
    return {k: v for k, v in middleware.stats.get_stats().items() if k.startswith("defense_news/parser_depth/")}


def test_an_ordinary_page_is_the_tree_scrapy_builds():
    res = page("zox", "/2022/11/chinas-j-20-fighter-explained/")
    selector, cut = parse_checked(res)
    assert cut is None
    assert etree.tostring(selector.root) == etree.tostring(Selector(res).root)


@pytest.mark.parametrize("levels", [3_000, 100_000])
def test_a_body_wrapped_in_thousands_of_divs_is_extracted(middleware, caplog, levels):
    """Before: the document ended at the 2,048th <div>, and the article was dropped as "missing body_text"."""
    with caplog.at_level(logging.WARNING):
        article = through(middleware, response(BODY_URL, deep_body_page(levels))).article()
    assert article.body_text == "\n\n".join(BODY_PARAGRAPHS)
    assert article.title == "Article 1"
    assert article.published_at == "2024-05-01T10:00:00Z"
    assert parser_stats(middleware) == {
        "defense_news/parser_depth/pages": 1,
        "defense_news/parser_depth/read_again": 1,
        # every wrapper but those above depth FLAT_DEPTH (<body> and <main> hold them)
        "defense_news/parser_depth/wrappers_dropped": levels - (FLAT_DEPTH - 2),
    }
    [line] = [r.getMessage() for r in caplog.records if r.name == "defense_news.parser_limits"]
    assert line == (
        f"Parser limit on {BODY_URL}: Excessive depth in document: 2048; read again whole "
        f"({levels - (FLAT_DEPTH - 2)} empty wrappers past depth {FLAT_DEPTH} dropped; 0 replies past depth "
        f"{REPLY_DEPTH} built beside their thread, their parents kept)"
    )


def test_reading_again_is_linear():
    """The first draft matched each end tag by scanning the open elements: 30,000 levels took 4.6 s."""
    html = deep_body_page(100_000)
    started = time.process_time()
    _, cut = parse_checked(response(BODY_URL, html))
    assert cut is not None
    assert cut.recovered
    assert time.process_time() - started < 10  # about 1 s here; quadratic, a minute


def test_a_thread_thousands_of_replies_deep_is_stored_whole(middleware, caplog):
    """Before: the first ~1,000 replies were stored, the rest of the page gone, and nothing said so."""
    replies = 3_000
    with caplog.at_level(logging.WARNING):
        comments = through(middleware, response(THREAD_URL, deep_thread_page(replies))).comments()
    assert len(comments) == replies
    for k, comment in enumerate(comments, start=1):
        assert (comment.comment_id, comment.parent_id, comment.depth) == (k, k - 1 or None, k)
        assert (comment.author, comment.text) == (f"Reader {k}", f"Reply number {k}.")
        assert comment.posted_at == comment_time(k).replace("+00:00", "Z")
    stats = parser_stats(middleware)
    moved = stats.pop("defense_news/parser_depth/replies_moved")
    # A reply every (REPLY_DEPTH - the thread's own depth on the page) / 2 levels starts a branch.
    assert replies // (REPLY_DEPTH // 2) <= moved <= replies // (REPLY_DEPTH // 2 - 5)
    assert stats == {"defense_news/parser_depth/pages": 1, "defense_news/parser_depth/read_again": 1}
    [line] = [r.getMessage() for r in caplog.records if r.name == "defense_news.parser_limits"]
    assert line == (
        f"Parser limit on {THREAD_URL}: Excessive depth in document: 2048; read again whole (0 empty wrappers "
        f"past depth {FLAT_DEPTH} dropped; {moved} replies past depth {REPLY_DEPTH} built beside their "
        "thread, their parents kept)"
    )


def test_replies_after_a_deep_branch_keep_their_parents_without_depth_classes():
    """Each comment's second reply comes after its first reply's subtree, long since moved aside."""
    replies = 1_100
    html = deep_thread_page(replies, leaves=True, depth_classes=False)
    res = response(THREAD_URL, html)
    res._cached_selector = parse_checked(res)[0]
    comments = {c.comment_id: c for c in ArticlePage(res).comments()}
    assert len(comments) == 2 * replies - 1
    for k in range(1, replies + 1):
        assert (comments[k].parent_id, comments[k].depth) == (k - 1 or None, k)
        assert comments[k].author == f"Reader {k}"
    for k in range(1, replies):
        leaf = comments[replies + k]
        assert (leaf.parent_id, leaf.depth, leaf.author) == (k, k + 1, f"Reader {replies + k}")


def test_elements_past_max_depth_are_left_out_and_named(middleware, caplog):
    """Nesting that is no thread (2,100 <blockquote>s around one) cannot be moved aside: it is counted."""
    html = deep_thread_page(3).replace('<section id="comments"', "<blockquote>" * 2_100 + '<section id="comments"')
    with caplog.at_level(logging.WARNING):
        comments = through(middleware, response(THREAD_URL, html)).comments()
    assert comments == []
    stats = parser_stats(middleware)
    assert stats["defense_news/parser_depth/partly"] == 1
    assert stats["defense_news/parser_depth/comments_left_out"] == 3
    left_out = stats["defense_news/parser_depth/elements_left_out"]
    [record] = [r for r in caplog.records if r.name == "defense_news.parser_limits"]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == (
        f"Parser limit on {THREAD_URL}: Excessive depth in document: 2048; read again, but {left_out} elements "
        f"nested deeper than {MAX_DEPTH} are left out, with 3 comments"
    )


def test_the_rest_of_the_page_after_a_deep_part_is_kept():
    """libxml2 loses everything after the cut: here the comment navigation printed after the thread."""
    html = deep_thread_page(1_500).replace(
        "</section>", '<nav class="comment-navigation"><a href="comment-page-2/">Older comments</a></nav></section>'
    )
    cut_tree = Selector(response(THREAD_URL, html))
    assert cut_tree.css(".comment-navigation a::attr(href)").getall() == []
    selector, cut = parse_checked(response(THREAD_URL, html))
    assert cut is not None
    assert cut.recovered
    assert selector.css(".comment-navigation a::attr(href)").getall() == ["comment-page-2/"]


def test_a_page_that_cannot_be_read_again_is_named(middleware, caplog, monkeypatch):
    def broken(self: parsing._FlatBuilder, data: str) -> None:
        raise ValueError("tokenizer gave up")

    monkeypatch.setattr(parsing._FlatBuilder, "feed", broken)
    res = response(BODY_URL, deep_body_page(3_000))
    with caplog.at_level(logging.WARNING):
        middleware.process_response(res.request, res)
    # The tree libxml2 built stands, cut at the limit (its extraction: no body, as before, but named).
    assert res.css("h1, .entry-content") == []
    assert res.css("title::text").get() == "Article 1"
    assert parser_stats(middleware) == {
        "defense_news/parser_depth/pages": 1,
        "defense_news/parser_depth/unrecovered": 1,
    }
    [record] = [r for r in caplog.records if r.name == "defense_news.parser_limits"]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == (
        f"Parser limit on {BODY_URL}: Excessive depth in document: 2048; read again: tokenizer gave up; "
        "only the part before it is read"
    )


def test_the_middleware_hands_every_reader_the_checked_tree(middleware):
    res = response(BODY_URL, deep_body_page(3_000))
    out = middleware.process_response(res.request, res)
    assert out is res
    assert res.css("h1::text").get() == "Article 1"  # Scrapy's own parse would find no <h1>
    data = TextResponse(url=BODY_URL, body=b"{}", encoding="utf-8")
    assert middleware.process_response(data.request, data) is data
    assert parser_stats(middleware)["defense_news/parser_depth/pages"] == 1


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # end tags a page leaves out, closed as HTML parsers close them
        ("<body><p>a<p>b<ul><li>c<li>d</ul>", "<body><p>a</p><p>b</p><ul><li>c</li><li>d</li></ul></body>"),
        # a stray end tag closes nothing; one of an open element closes what it holds
        ("<body><div>a</span>b<div>c<b>d</div>e</div>", "<body><div>ab<div>c<b>d</b></div>e</div></body>"),
        # comments kept, characters XML refuses gone, <html>'s attributes kept
        ('<html lang="en"><body><!-- x --><p title="a\x01b">c\x02d</p>', '<body><!-- x --><p title="ab">cd</p></body>'),
    ],
)
def test_reading_again_builds_the_tree_the_markup_means(html, expected):
    flat = parsing._FlatBuilder()
    flat.feed(html)
    root = flat.close_tree()
    assert etree.tostring(root[0], encoding="unicode") == expected


def test_wrappers_past_flat_depth_go_and_elements_past_max_depth_are_left_out():
    nested = "<div>" * (FLAT_DEPTH + 10) + '<div class="keep"><p>text</p></div>'
    flat = parsing._FlatBuilder()
    flat.feed("<body>" + nested + "</div>" * (FLAT_DEPTH + 11) + "<p>after</p>")
    root = flat.close_tree()
    assert flat.dropped == 11  # <body> and FLAT_DEPTH - 1 <div>s above them
    assert root.xpath("string(//div[@class='keep']/p)") == "text"
    assert root.xpath("/html/body/p/text()") == ["after"]  # every <div> closed before it
    deep = "<ol>" * (MAX_DEPTH + 5) + '<li id="comment-7">x</li>'
    flat = parsing._FlatBuilder()
    flat.feed(deep)
    flat.close_tree()
    assert (flat.deepest, flat.left_out, len(flat.comments_left_out)) == (MAX_DEPTH, 6, 1)


@pytest.mark.parametrize("levels", [300, 3_000, 100_000])
def test_a_rest_post_whose_content_nests_deep_keeps_its_body(caplog, levels):
    """source=rest read content.rendered without huge_tree: from 256 levels on, the body was ""."""
    content = "<div>" * levels + "".join(f"<p>{t}</p>" for t in BODY_PARAGRAPHS) + "</div>" * levels
    post = {
        "id": 1,
        "link": BODY_URL,
        "date_gmt": "2024-05-01T10:00:00",
        "title": {"rendered": "Article 1"},
        "content": {"rendered": content},
        "excerpt": {"rendered": ""},
    }
    counted: list[str] = []
    with caplog.at_level(logging.WARNING):
        article = article_from_post(post, Lookups(), datetime(2024, 6, 1, tzinfo=UTC), count=counted.append)
    assert article.body_text == "\n\n".join(BODY_PARAGRAPHS)
    named = [r.getMessage() for r in caplog.records if r.name == "defense_news.rest.records"]
    if levels < 2_048:  # under the limit huge_tree lifts to 2,048: nothing cut, nothing to name
        assert (counted, named) == ([], [])
        return
    assert counted == ["parser_depth/records", "parser_depth/read_again"]
    assert named == [
        f"Parser limit in post 1 ({BODY_URL}): Excessive depth in document: 2048; read again whole "
        f"({levels - FLAT_DEPTH} empty wrappers past depth {FLAT_DEPTH} dropped; 0 replies past depth "
        f"{REPLY_DEPTH} built beside their thread, their parents kept)"
    ]
