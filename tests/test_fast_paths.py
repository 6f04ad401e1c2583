"""The extraction shortcuts (bench/README.md, Profile) give exactly what the plain Scrapy/parsel calls give."""

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse, Request

from defense_news.loaders import CommentLoader
from defense_news.pages import ArticlePage
from defense_news.pages.css import css_to_xpath, needed_tokens
from defense_news.pages.selectors import themes
from defense_news.pages.selectors.metadata import ITEMPROP_DATES

SITES = Path(__file__).parent / "sites"

QUERIES = (
    ".zox-post-img meta[itemprop=url]::attr(content), .zox-post-img-hide meta[itemprop=url]::attr(content)",
    "#zox-comments-button .zox-comment-but-text",
    "#comments h4.zox-post-main-title span",
    ".zox-author-name a",
    ".zox-post-tags a[rel~=tag]",
    ".wp-block-post-author-name a, .wp-block-post-author__name",
    ".byline .author a, .byline a[rel~=author], .entry-meta .author a, .author.vcard a",
    ".taxonomy-category a, .cat-links a, .entry-categories a, article a[rel~=category], main a[rel~=category]",
    ".wp-block-post-date__modified-date time::attr(datetime), "
    "time.updated:not([itemprop=datePublished]):not(.published)::attr(datetime)",
    ".wp-block-comments-title",
    "#comments-title",
    ".comment-body",
    ".wp-block-post-title::text",
    "[itemprop=commentCount]::attr(content)",
    "article [itemprop=author] [itemprop=name]",
    "[itemprop~=name]",
    "#respond, #commentform",
    # the theme tables' queries that only ArticlePage.css's class test keeps off most pages
    themes.SITE_TITLE,
    themes.ZOX_AUTHOR,
    themes.ZOX_EXCERPT,
    themes.BLOCK_EXCERPT,
    themes.ZOX_IMAGE,
    themes.PUBLISHED_TIMES,
)


def _pages() -> list[Path]:
    pages = []
    for site in ("zox", "wp-tt3", "wp-tt1"):
        found = sorted((SITES / site).rglob("*.html"))
        pages += found[:: max(1, len(found) // 25)]
    return pages


@pytest.fixture(scope="module")
def selectors() -> list[Selector]:
    return [Selector(text=path.read_text(encoding="utf-8", errors="replace")) for path in _pages()]


def test_rewritten_queries_select_the_same_nodes_in_the_same_order(selectors):
    matched = 0
    for sel in selectors:
        for query in QUERIES:
            expected = sel.css(query).getall()
            assert sel.xpath(css_to_xpath(query)).getall() == expected, query
            matched += bool(expected)
    assert matched > 20  # the pages do exercise the queries


@pytest.mark.parametrize(
    ("query", "needed"),
    [
        (".a b.c:not(.d) > .e::attr(href)", ({"a", "c", "e"},)),  # a negation's class is no need
        (".p:is(.q, .r)", ({"p"},)),
        ("#x .y::text, .z a[rel~=tag]", ({"x", "y"}, {"z"})),
        (".byline .author a, main a[rel~=author]", None),  # a branch needing no token matches anywhere
        ("[itemprop=articleBody]", ({"articleBody"},)),
        ("article [itemprop~=author] [itemprop=name]::attr(content)", ({"author", "name"},)),
        # no token the page's could be: another attribute, a part of a value, a case-blind value, a space
        ("[data-id=x]", None),
        ("[itemprop^=auth]", None),
        ("[itemprop=name i]", None),
        ("#a\\ b", None),
        ("[itemprop='a b']", None),
    ],
)
def test_needed_tokens_are_those_of_each_branch_s_own_chain(query, needed):
    assert needed_tokens(query) == (None if needed is None else tuple(frozenset(n) for n in needed))


@pytest.mark.parametrize(
    "query",
    [
        themes.SITE_TITLE,
        themes.ZOX_AUTHOR_LINK,
        themes.ZOX_AUTHOR,
        themes.ZOX_TAGS,
        themes.ZOX_IMAGE_META,
        themes.ZOX_IMAGE,
        themes.ZOX_EXCERPT,
        themes.BLOCK_EXCERPT,
        themes.PUBLISHED_TIMES,
        themes.MODIFIED_TIMES,
    ],
)
def test_theme_queries_run_on_every_page_are_skipped_without_their_classes(query):
    """These run on every page, of every theme: each branch needs a class, so a page of another
    theme does not scan its whole document for them (a branch without one would be run everywhere)."""
    assert needed_tokens(query) is not None


def test_a_query_skipped_for_a_missing_class_selects_what_parsel_selects(selectors):
    """ArticlePage.css leaves out the queries whose every branch needs a class, an id or an itemprop
    value the page does not use: on every page each query gives what parsel's css() gives (classes and
    itemprops split by tabs and newlines too)."""
    synthetic = Selector(
        text='<body><div class="\nbyline\tx"><span class="author vcard"><a href="/a">Jo</a></span></div>'
        '<p class="cat-links"><a rel="category tag">News</a></p>'
        '<article><div itemprop="author\tcreator"><b itemprop="name">Jo</b></div></article><form id="commentform"></form></body>'
    )
    url = "https://example.org/a/"
    skipped = 0
    for sel in [*selectors, synthetic]:
        response = HtmlResponse(url=url, body=sel.get().encode(), encoding="utf-8", request=Request(url))
        page = ArticlePage(response)
        for query in QUERIES:
            assert page.css(query).getall() == page.sel.css(query).getall(), query
            needs = needed_tokens(query)
            skipped += needs is not None and not any(branch <= page.page_tokens for branch in needs)
    assert skipped > 20  # the pages do exercise the skip


def test_itemprop_dates_match_their_css_form(selectors):
    synthetic = Selector(
        text='<p itemprop="dateModified" content="A" datetime="B"></p>'
        '<time datetime="C" itemprop="dateModified" content="D"></time><i itemprop="datePublished" content="E"></i>'
        '<abbr itemprop="datePublished" title="F">10:52</abbr><span itemprop="datePublished" title="G"></span>'
    )
    for sel in [*selectors, synthetic]:
        for key, xpath in ITEMPROP_DATES.items():
            css = (
                f"[itemprop={key}]::attr(datetime), [itemprop={key}]::attr(content), abbr[itemprop={key}]::attr(title)"
            )
            assert xpath(sel.root) == sel.css(css).getall()


def test_reused_comment_loader_starts_each_item_afresh():
    context = {
        "base_url": "https://www.19fortyfive.com/2022/10/x/",
        "timezone": ZoneInfo("America/New_York"),
        "now": datetime(2022, 10, 30, tzinfo=UTC),
    }

    def fill(loader, full):
        loader.add_value("comment_id", "7")
        loader.add_value("text", "  Hello &amp; bye ")
        if full:
            loader.add_value("author", "Ann")
            loader.add_value("author_url", "/author/ann/")
            loader.add_value("posted_at", "2022-10-29T10:00:00-04:00")
        return loader.load_item()

    reused = CommentLoader(**context)
    first = fill(reused, full=True)
    reused.reset()
    second = fill(reused, full=False)
    assert first == fill(CommentLoader(**context), full=True)
    assert second == fill(CommentLoader(**context), full=False)
    assert first.author == "Ann"
    assert first.author_url == "https://www.19fortyfive.com/author/ann/"
    # Nothing of the first comment leaks into the second (text keeps entities: clean_block_text).
    assert (second.author, second.author_url, second.posted_at) == (None, None, None)
    assert second.text == "Hello &amp; bye"
    assert first is not second
