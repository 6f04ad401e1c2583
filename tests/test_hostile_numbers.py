"""Numbers a hostile page or URL prints that are no numbers: a superscript '²' (a digit to
str.isdigit(), none to int()) or 5,000 digits (past int()'s limit). Each used to raise
ValueError out of a callback, losing the page with a traceback; each is now no number."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, XmlResponse

from defense_news.pages import ArticlePage
from defense_news.pages.feed import feed_entries
from defense_news.urls import comment_page_number, comment_page_of, listing_page_number

ORIGIN = "https://news.example"
SUPER = "\u00b2"
LONG = "9" * 5000


@pytest.mark.parametrize(
    "url",
    [
        f"{ORIGIN}/category/a/?paged=%C2%B2",
        f"{ORIGIN}/category/a/?paged={LONG}",
        f"{ORIGIN}/category/a/page/{LONG}/",
    ],
)
def test_a_listing_page_number_that_is_no_number_is_the_first_page(url):
    assert listing_page_number(url) == 1


@pytest.mark.parametrize(
    "url", [f"{ORIGIN}/?p=5&cpage=%C2%B2", f"{ORIGIN}/?p=5&cpage={LONG}", f"{ORIGIN}/a/comment-page-{LONG}/"]
)
def test_a_comment_page_number_that_is_no_number_is_no_comment_page(url):
    assert comment_page_of(url) is None
    assert comment_page_number(url) is None


def article(extra: str) -> ArticlePage:
    html = f"""<!DOCTYPE html><html><head><title>A</title></head><body class="single single-post">
<article class="post type-post"><h1 class="entry-title">A headline</h1>
<div class="entry-content"><p>A paragraph long enough to be the body of a short article here.</p></div>
{extra}</article></body></html>"""
    return ArticlePage(HtmlResponse(f"{ORIGIN}/2024/05/a/", body=html.encode(), encoding="utf-8"))


def test_a_comment_form_post_id_that_is_no_number_is_no_post_id():
    for value in (SUPER, LONG):
        page = article(f'<form id="commentform"><input id="comment_post_ID" value="{value}"></form>')
        assert page.post_id is None


def test_comment_links_and_a_current_page_that_are_no_numbers_are_passed_over():
    nav = (
        f'<ol class="comment-list"><li id="comment-7" class="comment depth-1"><p>Hi</p></li></ol>'
        f'<nav class="comment-navigation"><span class="page-numbers current">{SUPER}</span>'
        f'<a class="page-numbers" href="{ORIGIN}/2024/05/a/comment-page-{LONG}/">next</a>'
        f'<a class="page-numbers" href="{ORIGIN}/2024/05/a/comment-page-2/">2</a></nav>'
    )
    page = article(nav)
    assert page.comment_page_urls() == [f"{ORIGIN}/2024/05/a/comment-page-2/"]
    assert page.comment_page_number() in (None, 1)


def test_a_feed_comment_count_that_is_no_number_is_unknown():
    rss = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel><title>t</title>
<item><link>{ORIGIN}/2024/05/a/</link><slash:comments>{SUPER}</slash:comments></item>
<item><link>{ORIGIN}/2024/05/b/</link><slash:comments>{LONG}</slash:comments></item>
<item><link>{ORIGIN}/2024/05/c/</link><slash:comments>4</slash:comments></item>
</channel></rss>"""
    entries = feed_entries(XmlResponse(f"{ORIGIN}/feed/", body=rss.encode()))
    assert [e.comment_count for e in entries] == [None, None, 4]
