"""trim_tail's cost: trafilatura runs only on a known container whose text may have a tail to cut,
and reads the container alone (pages/body.trim_container_tail; numbers in docs/extraction.md)."""

from __future__ import annotations

from typing import Any

import pytest
from lxml.html import fragment_fromstring
from scrapy.http import HtmlResponse, Request

from defense_news.html_text import element_text
from defense_news.pages import ArticlePage, body
from defense_news.pages.body import ends_with_paragraph

URL = "https://example.org/2024/01/post/"
OWN = "A paragraph of the article's own text, long enough to be one and not a label. " * 2
PAGE = """<html><head><title>A post</title></head><body>
<article class="post"><h1 class="entry-title">A post</h1>
<div class="entry-content">
<p>{own} first.</p>
<p>{own} second.</p>
{closing}
</div></article>
<div class="sidebar-text">{sidebar}</div>
</body></html>"""
SIDEBAR = "Words of the page's sidebar that only the whole page holds, never the container. " * 4


@pytest.fixture
def trafilatura_input(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML every fallback_text call is given, the calls still made."""
    seen: list[str] = []
    real = body.fallback_text

    def recording(html: str, url: str, fast: bool = False) -> str | None:
        seen.append(html)
        return real(html, url, fast)

    monkeypatch.setattr(body, "fallback_text", recording)
    return seen


def article_body(closing: str) -> str:
    html = PAGE.format(own=OWN, closing=closing, sidebar=SIDEBAR)
    response = HtmlResponse(url=URL, body=html.encode(), encoding="utf-8", request=Request(URL))
    return ArticlePage(response).article().body_text or ""


def test_a_container_ending_with_a_paragraph_of_its_own_is_not_given_to_trafilatura(trafilatura_input):
    text = article_body(f"<p>{OWN} last.</p>")
    assert text.endswith("last.")
    assert trafilatura_input == []


def test_trafilatura_reads_the_known_container_alone_and_cuts_its_tail(trafilatura_input):
    # a short paragraph that is all link, after the text: trafilatura leaves it out, ours does not
    text = article_body('<p><a href="/2024/01/next/">Next Page</a></p>')
    assert text.endswith("second.")
    assert "Next Page" not in text
    [given] = trafilatura_input
    assert "Next Page" in given
    assert "sidebar" not in given
    assert "<title>" not in given


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        (f"<p>{OWN}</p>", True),
        # the same paragraph set apart by the theme or the editor: a note, an appeal, a byline
        (f'<p class="has-background">{OWN}</p>', False),
        (f'<p style="font-size:small">{OWN}</p>', False),
        # short: a label, a byline, a "Next Page"
        ("<p>By Jane Doe, staff writer</p>", False),
        # mostly links
        (f'<p>Read more: <a href="/x/">{OWN}</a></p>', False),
        # the text ends in a block of another kind after the paragraph
        (f"<p>{OWN}</p><div>Share this: Facebook, X, LinkedIn</div>", False),
        (f"<p>{OWN}</p><ul><li>Tags: one</li><li>two</li></ul>", False),
    ],
)
def test_the_text_ends_with_a_paragraph_of_its_own(closing: str, expected: bool):
    container: Any = fragment_fromstring(f"<div><p>{OWN}</p>{closing}</div>")
    assert ends_with_paragraph(container, element_text(container, body.BODY_NOISE)) is expected
