"""Mutation fuzzing of the extraction code with real saved pages.

Each example takes a saved page (stock WordPress block and classic themes, and
the ZoxPress replica when present), applies a few random mutations to its tree
and bytes (deleted, duplicated and reordered nodes, junk attributes, huge and
deeply nested markup, invalid UTF-8, control characters, absurd dates, broken
JSON-LD), and runs every extractor the spider uses on it. No extractor may
raise, and every item that comes out must pass the ValidatePipeline or be
dropped by it cleanly.

``DEFENSE_NEWS_FUZZ_EXAMPLES`` sets the number of mutated pages (default 2000).
"""

from __future__ import annotations

import copy
import os
import random
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Request
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from defense_news.items import Article, Comment
from defense_news.pages import ArticlePage, ListingPage, menu_category_urls, page_category_urls
from defense_news.pipelines import ValidatePipeline
from tests.helpers import SITE_TZ, SITES

EXAMPLES = int(os.environ.get("DEFENSE_NEWS_FUZZ_EXAMPLES", "2000"))
NOW = datetime(2024, 12, 20, 15, 0, tzinfo=UTC)
PAGES = sorted(
    p for site in ("wp-tt3", "wp-tt1", "zox") if (SITES / site).is_dir() for p in (SITES / site).rglob("index.html")
)
ABSURD_DATES = [
    "9999-99-99",
    "0000-00-00T25:61:61",
    "-1",
    "1e309",
    "2024-02-30T12:00:00+99:99",
    "99999999999999999999999",
    "February 31, 2024 at 13:75 pm",
    "yesterday at noon",
    "12 hours ago" * 50,
    "\x00",
    "",
    "2024-13-01",
    "10000-01-01T00:00:00Z",
    "0001-01-01T00:00:00-23:59",
]
JUNK_ATTRIBUTES = [
    ("class", "comment depth-99999999999999999999 postid-x single"),
    ("class", "comment-awaiting-moderation"),
    ("id", "comment-" + "9" * 40),
    ("id", "li-comment-"),
    ("datetime", None),  # an absurd date
    ("content", None),
    ("href", "javascript:alert(1)"),
    ("href", "http://[::1"),
    ("href", "//evil.example/2024/01/x/comment-page-99999999999999999999/"),
    ("itemprop", "datePublished"),
    ("style", "display:none"),
    ("hidden", ""),
    ("rel", "next"),
]
CONTROL = "".join(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127)) + "\u202e\u2066\ufeff\ufffe"
stats = MemoryStatsCollector(get_crawler())
validate = ValidatePipeline(stats)
fuzzed = {"pages": 0, "items": 0, "dropped": 0}


def _url(page: Path) -> str:
    relative = page.relative_to(SITES).parts
    path = "/".join(relative[1:-1])
    return f"https://www.19fortyfive.com/{path}/" if path else "https://www.19fortyfive.com/"


def mutate_tree(root: etree._Element, rnd: random.Random) -> None:
    nodes = [el for el in root.iter() if isinstance(el.tag, str)]
    if not nodes:
        return
    node = rnd.choice(nodes)
    parent = node.getparent()
    kind = rnd.randrange(9)
    if kind == 0 and parent is not None:  # delete
        parent.remove(node)
    elif kind == 1 and parent is not None:  # duplicate
        parent.insert(parent.index(node), copy.deepcopy(node))
    elif kind == 2:  # reorder children
        children = list(node)
        rnd.shuffle(children)
        for child in children:
            node.append(child)
    elif kind == 3:  # junk attribute
        name, value = rnd.choice(JUNK_ATTRIBUTES)
        node.set(name, value if value is not None else rnd.choice(ABSURD_DATES).replace("\x00", ""))
    elif kind == 4:  # absurd date on a date-looking element
        for el in root.iter("time", "meta"):
            if rnd.random() < 0.5:
                el.set("datetime" if el.tag == "time" else "content", rnd.choice(ABSURD_DATES).replace("\x00", ""))
    elif kind == 5:  # deep nesting
        inner = node
        for _ in range(rnd.choice((50, 300, 1000))):
            wrapper = etree.SubElement(inner, rnd.choice(("div", "li", "ol", "span", "p")))
            wrapper.set("class", rnd.choice(("comment", "children", "zox-post-body", "entry-content", "")))
            inner = wrapper
        inner.text = "deep"
    elif kind == 6:  # huge text
        node.text = (node.text or "") + rnd.choice(("word ", "ж ", "\u200b", "&amp; ")) * rnd.choice((1000, 50_000))
    elif kind == 7:  # broken or hostile JSON-LD
        script = etree.SubElement(node, "script", type="application/ld+json")
        script.text = rnd.choice(
            (
                '{"@type": "NewsArticle", "headline": ',
                '{"@graph": [' * 2000,
                '{"@type": ["NewsArticle"], "datePublished": "9999-99-99", "author": {"@id": "#a"}, "image": 5}',
                '[{"@type": "Article", "headline": null, "articleBody": [1, {"x": 2}]}]',
                '{"@type": "NewsArticle", "author": [{"name": ["x"]}, 7, null], "keywords": 3}',
            )
        )
    elif kind == 8 and parent is not None:  # move a node elsewhere
        target = rnd.choice(nodes)
        if node not in target.iterancestors() and node is not target:
            target.append(node)


def mutate_bytes(body: bytes, rnd: random.Random) -> bytes:
    for _ in range(rnd.randrange(4)):
        at = rnd.randrange(len(body) + 1)
        junk = rnd.choice(
            (
                b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc",  # invalid UTF-8
                "".join(rnd.choice(CONTROL) for _ in range(20)).encode("utf-8", "surrogatepass"),
                b"\x00" * 10,
                b"<!--",
                b"<![CDATA[",
                b"</html></body>",
                b"<",
                b"&#xD800;&#0;&#x110000;&#99999999999;",
            )
        )
        body = body[:at] + junk + body[at:]
    if rnd.random() < 0.1:
        body = body[: rnd.randrange(len(body) + 1)]  # truncated
    return body


def extract_everything(response: HtmlResponse) -> list[Article | Comment]:
    """Every extraction call the spider makes on a page."""
    items: list[Article | Comment] = []
    page = ArticlePage(response, SITE_TZ, NOW)
    if page.is_article() and not page.is_protected():
        items.append(page.article())
    page.comment_page_urls()
    page.comment_page_number()
    page.category_urls()
    items.extend(page.thread.comments(post_id=page.post_id, article_url=page.permalink))
    listing = ListingPage(response, SITE_TZ, NOW)
    for entry in listing.entries():
        assert entry.url.startswith(("http://", "https://"))
    listing.next_page_url()
    listing.total_pages()
    menu_category_urls(response)
    page_category_urls(response)
    return items


def check(items: list[Article | Comment]) -> None:
    for item in items:
        fuzzed["items"] += 1
        try:
            validate.process_item(item)
        except DropItem:
            fuzzed["dropped"] += 1
            continue
        if isinstance(item, Article):
            assert isinstance(item.title, str)
            assert item.title
            assert isinstance(item.body_text, str)
            assert all(isinstance(a, str) for a in item.authors)
            assert item.word_count is None or item.word_count >= 0
        else:
            assert isinstance(item.comment_id, int)
            assert isinstance(item.text, str)
            assert item.depth is None or item.depth >= 1
        for value in (getattr(item, "published_at", None), getattr(item, "posted_at", None)):
            assert value is None or (isinstance(value, str) and value[:4].isdigit())


@pytest.mark.skipif(not PAGES, reason="no saved pages")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same pages every run: CI failures reproduce
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(page=st.sampled_from(PAGES), seed=st.integers(0, 2**32 - 1), mutations=st.integers(1, 6))
def test_mutated_pages_never_break_extraction(page: Path, seed: int, mutations: int) -> None:
    rnd = random.Random(seed)
    root = lxml.html.fromstring(page.read_bytes())
    for _ in range(mutations):
        mutate_tree(root, rnd)
    body = mutate_bytes(etree.tostring(root, encoding="utf-8", method="html"), rnd)
    url = _url(page)
    response = HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))
    check(extract_everything(response))
    fuzzed["pages"] += 1


def test_fuzz_report() -> None:
    """Runs after the fuzz test (file order): the figure the README quotes."""
    if not fuzzed["pages"]:
        pytest.skip("the fuzz test did not run")
    print(f"\nfuzzed {fuzzed['pages']} mutated pages from {len(PAGES)} saved pages: {fuzzed}")
