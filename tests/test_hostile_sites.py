"""Sites where a crawl finds no article, or would never end (tests/hostile.py; issue 22 items 1, 2 and 13).

A run that finds no article where it looked ends ``articles_not_found`` (exit status 1, see
tests/test_exit_codes.py) with one line saying what was not found where; a listing whose
pagination never ends is walked only as long as its pages list articles the walk had not seen,
and never deeper than ``DEFENSE_NEWS_MAX_LISTING_PAGES``; a comment thread's pages likewise
(``DEFENSE_NEWS_MAX_COMMENT_PAGES``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.items import Article, Comment
from defense_news.replica import running
from defense_news.spiders.wordpress import WordPressSpider
from tests.helpers import crawl
from tests.hostile import HostileSite

# Starts servers and crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

NO_DATABASE = {"DEFENSE_NEWS_SQLITE_PATH": ""}
# A walk that does not end (the bug) fails the test after this many pages, not the suite's patience.
ENDLESS = {**NO_DATABASE, "CLOSESPIDER_PAGECOUNT": 200}


@pytest.fixture
def plain_site() -> Iterator[HostileSite]:
    with running(HostileSite("plain")) as site:
        yield site


@pytest.fixture
def endless_site() -> Iterator[HostileSite]:
    with running(HostileSite("endless")) as site:
        yield site


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@deferred_f_from_coro_f
async def test_a_plain_web_page_is_no_site_with_articles(plain_site, caplog):
    """Item 1: a page that is no WordPress site used to end "finished" (exit 0), nothing stored."""
    with caplog.at_level(logging.INFO):
        result = await crawl(NO_DATABASE, spidercls=WordPressSpider, site=plain_site.base_url)
    assert result.items == []
    assert result.stats["finish_reason"] == "articles_not_found"
    assert result.stats.get("defense_news/articles_found", 0) == 0
    # Its linked headings were fetched as possible articles, and were none.
    assert result.stats["defense_news/skipped/not_article"] == 2
    [line] = [m for m in errors(caplog) if m.startswith("No articles found")]
    assert line.startswith(f"No articles found on {plain_site.base_url} where the run looked: ")
    assert f"page {plain_site.base_url}services/ (no article)" in line


@pytest.mark.parametrize(
    ("discovery", "where"),
    [
        ("feed", "feed {}feed/ (HTTP 404)"),
        ("sitemap", "sitemap {}wp-sitemap.xml (HTTP 404)"),
    ],
)
@deferred_f_from_coro_f
async def test_no_feed_or_no_sitemap_is_no_success(endless_site, caplog, discovery, where):
    """Item 2: discovery=feed where /feed/ answers 404, discovery=sitemap with no sitemap: a
    WordPress site with articles, but none where the run was told to look."""
    with caplog.at_level(logging.INFO):
        result = await crawl(NO_DATABASE, spidercls=WordPressSpider, site=endless_site.base_url, discovery=discovery)
    assert result.items == []
    assert result.stats["finish_reason"] == "articles_not_found"
    [line] = [m for m in errors(caplog) if m.startswith("No articles found")]
    assert where.format(endless_site.base_url) in line
    assert not endless_site.listing_requests()


@pytest.mark.parametrize("source", ["html", "auto"])
@deferred_f_from_coro_f
async def test_a_listing_whose_pagination_never_ends_is_left_when_it_repeats_itself(endless_site, caplog, source):
    """Item 13: every page links the next, always with the same articles; the page walk and the
    REST-first path (source=auto: no API here, so its listing walk) used to ask for pages until killed."""
    with caplog.at_level(logging.INFO):
        result = await crawl(ENDLESS, spidercls=WordPressSpider, site=endless_site.base_url, source=source)
    assert sorted(a.title for a in result.of(Article)) == ["Article 1", "Article 2", "Article 3"]
    assert result.stats["finish_reason"] == "finished"
    assert result.stats["defense_news/articles_found"] == 3
    # Page 2 lists nothing page 1 did not: the walk ends there.
    assert len(endless_site.listing_requests()) == 2
    assert result.stats["defense_news/listing/no_new_articles"] == 1
    warned = [r.getMessage() for r in caplog.records if "lists no article its earlier pages did not" in r.getMessage()]
    assert len(warned) == 1


@deferred_f_from_coro_f
async def test_a_listing_that_never_ends_stops_at_the_depth_cap(caplog):
    """Item 13, the second guard: each page lists one article more, so only the cap ends the walk."""
    settings = {**ENDLESS, "DEFENSE_NEWS_MAX_LISTING_PAGES": 5}
    with running(HostileSite("endless", fresh=True)) as site, caplog.at_level(logging.INFO):
        result = await crawl(settings, spidercls=WordPressSpider, site=site.base_url, source="html")
        listings = site.listing_requests()
    assert len(listings) == 5
    assert result.stats["defense_news/listing/max_pages_reached"] == 1
    assert len(result.of(Article)) == 3 + 5
    assert result.stats["finish_reason"] == "finished"
    assert any("DEFENSE_NEWS_MAX_LISTING_PAGES=5" in r.getMessage() for r in caplog.records)


def comment_page_requests(site: HostileSite) -> list[str]:
    return [path for path in site.requests if "/comment-page-" in path]


@deferred_f_from_coro_f
async def test_comment_pages_that_never_end_are_left_when_they_repeat_themselves(caplog):
    """Every comment-page-N shows the same two comments and links N+1: the walk went on until
    CLOSESPIDER_PAGECOUNT stopped it."""
    with running(HostileSite("endless_comments")) as site, caplog.at_level(logging.INFO):
        result = await crawl(ENDLESS, spidercls=WordPressSpider, site=site.base_url, source="html")
        pages = comment_page_requests(site)
    assert result.stats["finish_reason"] == "finished"
    assert sorted(c.comment_id for c in result.of(Comment)) == [100, 101]
    assert pages == ["/2024/05/article-1/comment-page-2/"]  # shows nothing new: not followed further
    assert result.stats["defense_news/comments/no_new_comments"] == 1
    warned = [
        r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "comment pages" in r.getMessage()
    ]
    assert warned == [
        f"Stopping the comment pages of {site.base_url}2024/05/article-1/ at {site.base_url}2024/05/article-1/"
        "comment-page-2/: it shows no comment its earlier pages did not (pagination that never ends?)"
    ]


@deferred_f_from_coro_f
async def test_comment_pages_that_never_end_stop_at_the_cap(caplog):
    """Each comment page shows a comment of its own: only DEFENSE_NEWS_MAX_COMMENT_PAGES ends the walk."""
    settings = {**ENDLESS, "DEFENSE_NEWS_MAX_COMMENT_PAGES": 5, "DEFENSE_NEWS_MAX_LISTING_PAGES": 1}
    with running(HostileSite("endless_comments", fresh=True)) as site, caplog.at_level(logging.INFO):
        result = await crawl(settings, spidercls=WordPressSpider, site=site.base_url, source="html")
        pages = comment_page_requests(site)
    assert result.stats["finish_reason"] == "finished"
    assert len(pages) == 4  # the article page and four comment pages
    assert result.stats["defense_news/comments/max_pages_reached"] == 1
    assert any("DEFENSE_NEWS_MAX_COMMENT_PAGES=5" in r.getMessage() for r in caplog.records)
