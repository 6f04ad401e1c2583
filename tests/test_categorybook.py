"""CategoryBook: slugs an article page leaves unnamed, named from what the run saw (issue 22 item 12)."""

from __future__ import annotations

import re

import pytest
from scrapy.http import HtmlResponse

from defense_news.categorybook import CategoryBook
from defense_news.items import Article
from defense_news.pages import ArticlePage, ListingPage
from tests.helpers import NOW, ORIGIN, SITE_TZ, page
from tests.sites.zoxgen import unlisted

URL = "https://x.test/2022/11/a/"


def zox_article(categories: list[str]) -> Article:
    return Article(url=URL, category=categories[0], categories=categories)


def test_a_name_known_before_the_article_leaves_is_taken_as_it_leaves():
    book = CategoryBook()
    assert book.learn("analysis", "Defense Analysis") == set()
    book.expect(URL, ["analysis"])
    leaving = book.leaving(zox_article(["Military", "analysis"]))
    assert (leaving.article.categories, leaving.named, leaving.kept) == (["Military", "Defense Analysis"], 1, [])
    assert book.unnamed() == {}


def test_a_name_learned_later_returns_the_articles_that_left_with_the_slug():
    book = CategoryBook()
    book.expect(URL, ["analysis", "space"])
    leaving = book.leaving(zox_article(["Military", "analysis", "space"]))
    assert (leaving.article.categories, leaving.named, leaving.kept) == (
        ["Military", "analysis", "space"],
        0,
        ["analysis", "space"],
    )
    assert book.learn("analysis", " Defense Analysis ") == {URL}
    assert book.learn("analysis", "Analysis") == set()  # the first name stands
    assert book.disagreements == [("analysis", "Defense Analysis", "Analysis")]
    assert book.unnamed() == {"space": 1}  # genuinely unknown: stays a slug, and is said to


def test_nothing_is_named_that_the_page_named_or_rest_replaced():
    book = CategoryBook()
    book.learn("military", "Army")
    book.expect(URL, ["analysis"])
    # REST named every term on the way: the slug is gone, nothing waits, "Military" is not touched.
    leaving = book.leaving(zox_article(["Military", "Defense Analysis"]))
    assert (leaving.article.categories, leaving.named, leaving.kept) == (["Military", "Defense Analysis"], 0, [])
    assert book.waiting == {}
    # An article the book was told nothing of leaves as it came.
    assert book.leaving(zox_article(["military"])).article.categories == ["military"]
    assert book.learn(None, "Home") == set()
    assert book.learn("x", "  ") == set()
    assert "x" not in book.names


def test_the_primary_category_is_named_too():
    book = CategoryBook()
    book.learn("analysis", "Defense Analysis")
    book.expect(URL, ["analysis"])
    article = book.leaving(zox_article(["analysis", "Military"])).article
    assert (article.category, article.categories) == ("Defense Analysis", ["Defense Analysis", "Military"])


def test_a_zoxpress_page_says_which_slugs_it_names(tmp_path):
    two = ArticlePage(page("zox", "/2022/12/why-russias-artillery-advantage-is-fading/"), SITE_TZ, now=NOW)
    # Russia is in the menu: named on the page; Military is the named first category.
    assert (two.category_terms.names, two.category_terms.named, two.category_terms.unnamed) == (
        ["Military", "Russia"],
        {"military": "Military", "russia": "Russia"},
        [],
    )
    unlisted.build(tmp_path)
    path = "/2022/11/russias-black-sea-fleet-is-in-trouble/"
    body = (tmp_path / path.strip("/") / "index.html").read_bytes()
    terms = ArticlePage(HtmlResponse(ORIGIN + path, body=body), SITE_TZ, now=NOW).category_terms
    assert (terms.names, terms.unnamed) == (["Russia", "analysis", "China"], ["analysis"])


def test_a_category_listing_names_itself_in_its_title():
    assert ListingPage(page("zox", "/category/military/page/2/")).category_name() == "Military"  # Yoast, page 2
    assert ListingPage(page("zox", "/category/russia/")).category_name() == "Russia"
    assert ListingPage(page("themes/oceanwp", "/category/politics/")).category_name() == "Politics & Policy"  # core
    assert ListingPage(page("themes/twentynineteen", "/category/north-korea/")).category_name() == "North Korea"


def retitled(site: str, path: str, title: str, url_path: str | None = None, head: str = "") -> ListingPage:
    """A saved listing with another document title (and ``head`` added), served at ``url_path``."""
    res = page(site, path)
    body = re.sub(rb"<title>.*?</title>", f"<title>{title}</title>{head}".encode(), res.body, count=1, flags=re.S)
    return ListingPage(HtmlResponse(ORIGIN + (url_path or path), body=body, encoding="utf-8"))


@pytest.mark.parametrize("sep", [" - ", " &#8211; ", " | "])
def test_a_category_name_holding_a_separator_is_cut_at_the_site_name_only(sep):
    """Before: cut at its first separator ("Air", "Politics")."""
    # The site's name from the logo (OceanWP): core's title, on page 2.
    oceanwp = retitled(
        "themes/oceanwp", "/category/politics/", f"Politics{sep}Policy &#8211; Page 2 &#8211; Theme Test Desk"
    )
    assert oceanwp.category_name() == f"Politics{sep}Policy".replace("&#8211;", "–")
    # The site's name from og:site_name: Yoast's title.
    yoast = retitled(
        "zox",
        "/category/military/page/2/",
        f"Air{sep}Land Archives - Page 2 of 3 - 19FortyFive",
        head='<meta property="og:site_name" content="19FortyFive">',
    )
    assert yoast.category_name() == f"Air{sep}Land".replace("&#8211;", "–")


def test_without_the_site_name_the_slug_says_where_a_category_name_ends():
    # The zox replica names its site nowhere but in <title> (its logo holds the tagline).
    air_land = retitled(
        "zox",
        "/category/military/page/2/",
        "Air | Land Archives - Page 2 of 3 - 19FortyFive",
        "/category/air-land/page/2/",
    )
    assert air_land.category_name() == "Air | Land"
    # Neither: the title's first part, as before.
    other = retitled(
        "zox",
        "/category/military/page/2/",
        "Air | Land Archives - Page 2 of 3 - 19FortyFive",
        "/category/ground/page/2/",
    )
    assert other.category_name() == "Air"


def test_only_a_category_archive_names_a_category():
    # A tag archive (or a soft 404) at a category's address names no category.
    assert ListingPage(page("zox", "/tag/navy/")).category_name() is None
    assert ListingPage(page("zox", "/")).category_name() is None  # the front page
