"""The last resort for a page no rule dates (pages/published.htmldate_day): htmldate's search of the
page's text, whose day counts only where the page prints it as a line of its own or a dateline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml.html import fragment_fromstring
from scrapy.http import HtmlResponse

from defense_news.pages import ArticlePage
from defense_news.pages.published import printed_days
from defense_news.pages.published_label import labelled_dates

NOW = datetime(2023, 12, 1, 12, 0, tzinfo=UTC)
TEXT = "<p>" + "Die Worte des Berichts, lang genug, um sein Text zu sein, und sonst nichts. " * 12 + "</p>"


def _article(top: str, lead: str = "") -> tuple[str | None, str | None, str | None]:
    # A page no other system marks up: no post element, no machine-readable date, no date classes.
    html = f"""<!doctype html><html lang="de"><head><title>Bericht</title>
<link rel="stylesheet" href="/css/site.css?v=2022-06-15"></head><body>
<div class="content">{top}<h1>Bericht</h1>{lead}{TEXT}{TEXT}</div>
<div class="foot">Impressum</div></body></html>"""
    response = HtmlResponse("https://example.org/bericht.html", body=html.encode(), encoding="utf-8")
    article = ArticlePage(response, now=NOW).article()
    return article.published_at, article.published_at_source, article.published_at_precision


@pytest.mark.parametrize(
    ("top", "lead", "day"),
    [
        # a date line printed above the headline (before: no date at all)
        ('<div class="topline"><span>06.12.2022</span></div>', "", "2022-12-06"),
        ("<p><em>01.11.2023 11:35</em></p>", "", "2023-11-01"),
    ],
)
def test_a_date_the_page_prints_as_a_line_dates_it(top: str, lead: str, day: str):
    assert _article(top, lead) == (day, "page text", "day")


@pytest.mark.parametrize(
    "lead",
    [
        "",  # only the stylesheet's version, "?v=2022-06-15"
        "<p>Die Ausstellung, die am 14. Februar 2012 in Bozen begann und viele Besucher anzog, schließt nun.</p>",
    ],
)
def test_a_date_the_page_does_not_print_as_a_line_does_not(lead: str):
    assert _article("", lead) == (None, None, None)


def test_the_days_a_page_prints_as_lines():
    html = """<div><p>27.1.2022 - Bei der Erinnerung an die Opfer blieb vieles offen, und die Rede war lang genug,
um mehr als eine Zeile zu sein, so lang wie ein Absatz eines Berichts.</p><p>Von Olga, 06.11.2023.</p>
<p>Die Ausstellung, die am 14. Februar 2012 in Bozen begann, schließt nun.</p></div>"""
    assert printed_days(fragment_fromstring(html), UTC) == {"2022-01-27", "2023-11-06"}


def _month_permalink_page(meta: str) -> tuple[str | None, str | None, str | None]:
    html = f"""<!doctype html><html lang="de"><head><title>Bericht</title></head><body>
<div class="content"><h1>Bericht</h1>{TEXT}{meta}{TEXT}</div></body></html>"""
    response = HtmlResponse("https://example.org/artikel/2015/01/bericht/", body=html.encode(), encoding="utf-8")
    article = ArticlePage(response, now=NOW).article()
    return article.published_at, article.published_at_source, article.published_at_precision


def test_a_day_printed_in_the_permalink_s_month_is_the_publication_day():
    # Before: the permalink's month ("2015-01", source "url") although the page prints the day.
    meta = '<div class="author"><a href="/autoren/jane-roe/">Jane Roe</a>, 21. Jan. 2015</div>'
    assert _month_permalink_page(meta) == ("2015-01-21", "page text", "day")


def test_a_day_of_another_month_leaves_the_permalink_s_month():
    meta = '<div class="author"><a href="/autoren/jane-roe/">Jane Roe</a>, 21. Feb. 2015</div>'
    assert _month_permalink_page(meta) == ("2015-01", "url", "month")


def _footed_article(foot: str) -> ArticlePage:
    # A page no system marks up, whose only dates are printed in a box under its text.
    html = f"""<!doctype html><html lang="de"><head><title>Bericht</title></head><body>
<div class="content"><h1>Bericht</h1>{TEXT}{TEXT}<p class="footer">{foot}</p></div></body></html>"""
    return ArticlePage(HtmlResponse("https://example.org/bericht.html", body=html.encode(), encoding="utf-8"), now=NOW)


def test_a_line_labelling_the_publication_date_dates_the_page_wherever_it_is():
    # Before: htmldate's day, the last change's ("2023-10-31"), printed first.
    page = _footed_article("Letzte Änderung: 31.10.2023 - 14:49:39<br>Erschienen am: 01.11.2023<br>Lesungen: 61")
    article = page.article()
    assert (article.published_at, article.published_at_source, article.published_at_precision) == (
        "2023-11-01",
        "page text",
        "day",
    )


def test_labelled_lines_that_disagree_date_nothing():
    # Teasers each labelling their own post's date.
    page = _footed_article("Erschienen am: 01.11.2023<br>Erschienen am: 24.10.2023")
    assert labelled_dates(page) == []
    page = _footed_article("Published: 5 hours ago")  # the crawl's guess, not the page's date
    assert labelled_dates(page) == []


def _main_article(header: str, lead: str) -> str | None:
    # The post's text in <main>, the site's or the post's <header> before it; no machine-readable date.
    html = f"""<!doctype html><html lang="de"><head><title>Bericht</title></head><body>
<header class="container">{header}</header><main><div class="intro"><p>{lead}</p></div>{TEXT}{TEXT}</main></body></html>"""
    response = HtmlResponse("https://example.org/bericht.html", body=html.encode(), encoding="utf-8")
    return ArticlePage(response, now=NOW).article().published_at


def test_the_site_header_s_date_is_not_the_post_s():
    # Before: htmldate took the top bar's <time>, the day the page was served ("2023-11-01").
    top_bar = '<div class="navtop"><time datetime="2023-11-01T13:56:20+01:00">Mittwoch, 01. November 2023</time></div>'
    lead = (
        "<span>31. Oktober 2023.</span> Dragqueens sind Kunstfiguren aus Make-Up und Glitter, auf Partys und in Shows."
    )
    assert _main_article(top_bar, lead) == "2023-10-31"


def test_the_post_s_own_header_outside_main_keeps_its_date():
    header = '<h1>Ein Bericht</h1><div class="published"><time datetime="2015-01-14">14. Januar 2015</time></div>'
    assert _main_article(header, "Dragqueens sind Kunstfiguren aus Make-Up und Glitter.") == "2015-01-14"


def _sidebar_dated_page(sidebar: str) -> tuple[str | None, str | None, str | None]:
    # Kubrick-like: the post's date only in the sidebar's "About this entry" box; the permalink a month.
    html = f"""<!doctype html><html lang="de"><head><title>Bericht</title></head><body>
<div id="sidebar"><h2>Über diesen Artikel</h2><p>{sidebar}</p></div>
<div class="content"><h1>Bericht</h1>{TEXT}{TEXT}</div></body></html>"""
    response = HtmlResponse("https://example.org/2010/05/bericht/", body=html.encode(), encoding="utf-8")
    article = ArticlePage(response, now=NOW).article()
    return article.published_at, article.published_at_source, article.published_at_precision


def test_the_one_day_of_the_permalink_s_month_the_page_prints_dates_it():
    # Before: the month ("2010-05", "url"): htmldate read the first of the month in the link's
    # "/2010/05/", a day the page does not print, and the printed one was not asked.
    sidebar = (
        '<a href="/2010/05/bericht/" rel="bookmark">Bericht</a> wurde am <nobr>19. Mai 2010</nobr> um '
        "<nobr>23:03</nobr> Uhr gepostet"
    )
    assert _sidebar_dated_page(sidebar) == ("2010-05-19", "page text", "day")
