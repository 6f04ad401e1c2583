"""A date printed in the byline beside the writer's name (published.byline_date), where no line of
the post's header is a date alone."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from defense_news.pages import ArticlePage
from tests.test_extraction_rules import _undated_post


@pytest.mark.parametrize(
    ("header", "published"),
    [
        (
            '<p class="t1">VON <a href="/autoren/moritz-gathmann">MORITZ GATHMANN</a> am 21. April 2020</p>',
            "2020-04-21",
        ),
        ('<div class="t2"><span>06.11.2023 13:30 von Olga</span></div>', "2023-11-06T13:30:00Z"),
        # A theme whose classes say nothing: "Posted on … by …" is the byline.
        ('<div class="t3">Posted on March 5, 2025 by <a href="/author/jane/">Jane Roe</a></div>', "2025-03-05"),
        ('<div class="t4">By <a href="/author/jane/">Jane Roe</a> on March 5, 2025 | 3 comments</div>', "2025-03-05"),
        # the name, then the date, nothing joining them; the date dotted with thin spaces
        ('<div class="t5">Von <span>Deutscher Tennis Bund</span> 4.&thinsp;2.&thinsp;2022.</div>', "2022-02-04"),
        # the date's weekday before it, no connector word: "jeudi 13 juin 2019, par …"
        (
            '<div class="t6"> jeudi 13 juin 2019<span><span>, </span> par <a href="/auteur/a">Attac France</a></span></div>',
            "2019-06-13",
        ),
    ],
)
def test_the_byline_s_date_is_the_publication_date(header: str, published: str):
    # Before: no line of the header was a date alone, so none was found (published_at None).
    article = _undated_post(header).article()
    assert (article.published_at, article.published_at_source) == (published, "page text")


@pytest.mark.parametrize(
    "header",
    [
        # a date in a sentence, even with "by" after it
        "<p>The agreement signed on March 3, 2019 by both parties expired.</p>",
        # no writer named beside it
        "<p>Photo taken on March 3, 2019 in Kyiv</p>",
        # a phrase of a paragraph, not a line of its own
        "<p>As the report <a href='/r'>by the WHO on March 3, 2019</a> says, "
        + "the outbreak spread to thirty countries within a few weeks of its first cases. " * 2
        + "</p>",
        # a heading
        "<h2>Interview by Jane Roe, March 3, 2019</h2>",
    ],
)
def test_a_date_that_is_not_a_byline_s_is_not_the_publication_date(header: str):
    assert _undated_post(header).article().published_at is None


def _headline_then_text(opening: str) -> ArticlePage:
    """A page no system marks up (no post element, no ``<article>``, no machine-readable date): the
    headline, then the text's container, which opens with ``opening``."""
    text = "<p>" + "Die Worte des Berichts, lang genug, um sein Text zu sein, und sonst nichts. " * 12 + "</p>"
    html = f"""<!doctype html><html lang="de"><head><title>Bericht</title></head><body>
<div class="row"><h1>Bericht</h1><div class="share"></div>
<div class="col-8">{opening}{text}{text}</div><div class="col-4"><p>Impressum</p></div></div></body></html>"""
    return ArticlePage(HtmlResponse("https://example.org/bericht.html", body=html.encode(), encoding="utf-8"))


def test_the_byline_opening_the_text_s_container_after_the_headline_dates_the_page():
    # Before: the lines after the headline were read only up to the text's container, so the
    # byline at its top was not (htmldate found nothing printed as a line: published_at None).
    article = _headline_then_text("<h2>Stars (1 / 1) <span>06.11.2023 13:30 von Olga</span></h2>").article()
    assert (article.published_at, article.published_at_source) == ("2023-11-06T13:30:00Z", "page text")


def test_a_byline_after_the_text_s_first_paragraph_is_not_its_header():
    lead = "<p>" + "Die Ausstellung begann am Tag danach und zog viele Besucher an, sagt man. " * 3 + "</p>"
    article = _headline_then_text(lead + "<h2>Stars <span>06.11.2023 13:30 von Olga</span></h2>").article()
    assert article.published_at is None
