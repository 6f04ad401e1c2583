"""A printed line saying when the post was last updated (pages/updated.py): the article's
``modified_at`` where nothing machine-readable gives one, never its publication date; and what
such a day-only value does to the next run's sitemap check."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime

import pytest
from lxml.html import fromstring

from defense_news.pages.sitemap import SitemapEntry, unchanged
from defense_news.pages.updated import UPDATE_NOUNS, UPDATED_PIECES, UPDATED_WORDS, spellings, updated_texts
from defense_news.storage.base import StoredArticle
from defense_news.storage.known import version_stamp
from tests.test_extraction_rules import _undated_post


@pytest.mark.parametrize(
    ("header", "modified"),
    [
        ('<span class="meta">Last Updated: January 7, 2025</span>', "2025-01-07"),
        ('<div class="post-meta"><span>Updated on January 7, 2025</span></div>', "2025-01-07"),
        ("<p>Aktualisiert am 7. Januar 2025</p>", "2025-01-07"),
        ("<p>Mis à jour le 7 janvier 2025</p>", "2025-01-07"),
        # in capitals, accented ones too (before: None, the prefilter lower-cased only A-Z and Ä)
        ("<p>MODIFIÉ LE 7 janvier 2025</p>", "2025-01-07"),
        ("<p>ÚLTIMA ACTUALIZACIÓN: 7 de enero de 2025</p>", "2025-01-07"),
        ("<p><span>Last updated:</span> <time>January 7, 2025</time></p>", "2025-01-07"),
        # A time the line prints is kept (the page's zone: UTC here); the editor's name is not the date.
        ("<p>Last updated on January 7, 2025 at 3:15 pm by Jane Roe</p>", "2025-01-07T15:15:00Z"),
    ],
)
def test_the_update_line_s_date_is_the_modified_time(header: str, modified: str):
    # Before: modified_at None (the line was only kept out of published_at).
    article = _undated_post(header).article()
    assert (article.modified_at, article.published_at) == (modified, None)


def test_a_line_printing_both_gives_both():
    article = _undated_post('<p class="meta">Published January 5, 2025 | Updated January 7, 2025</p>').article()
    assert (article.published_at, article.modified_at) == ("2025-01-05", "2025-01-07")


def test_a_modified_time_printed_first_is_not_the_publication():
    # A theme whose classes say nothing (renamed): the label says which <time> is which. Before, the
    # first <time> (the update's) was published_at and modified_at was None.
    header = (
        '<div class="t1">Updated <time class="t2" datetime="2025-01-07T09:30:00+01:00">January 7, 2025</time>'
        ' · Published <time class="t3" datetime="2025-01-05T08:00:00+01:00">January 5, 2025</time></div>'
    )
    article = _undated_post(header).article()
    assert (article.published_at, article.published_at_source) == ("2025-01-05T07:00:00Z", "page")
    assert article.modified_at == "2025-01-07T08:30:00Z"


@pytest.mark.parametrize(
    "header",
    [
        "<p>Last updated: <time>January 7, 2025</time></p>",
        '<p class="date">Updated: <span class="date">January 7, 2025</span></p>',
    ],
)
def test_a_date_inside_an_update_line_is_no_publication_date(header: str):
    # Before: the line was skipped, but the element inside it holding the date was read on its own.
    article = _undated_post(header).article()
    assert (article.published_at, article.modified_at) == (None, "2025-01-07")


@pytest.mark.parametrize(
    "header",
    [
        # Relative: its instant would be the crawl's guess, another value on every run.
        "<p>Updated 5 hours ago</p>",
        # Prose mentioning an update, not a date line.
        "<p>The app was updated on January 7, 2025 to fix the bug the readers had found.</p>",
    ],
)
def test_what_is_not_an_update_line_s_date(header: str):
    assert _undated_post(header).article().modified_at is None


def test_a_machine_readable_modified_time_wins():
    header = '<time class="updated" datetime="2025-01-08T10:00:00+00:00"></time><p>Last updated: January 7, 2025</p>'
    assert _undated_post(header).article().modified_at == "2025-01-08T10:00:00Z"


def test_a_day_only_modified_time_neither_hides_an_edit_nor_refetches_an_unedited_post():
    published = "2025-01-05T08:00:00Z"
    stored = StoredArticle("https://example.org/a/", published, "2025-01-05", "2025-01-06T00:00:00Z")
    stamp = version_stamp(stored)
    assert stamp == published  # the instant, not the day: before, the day (never "unchanged")
    unedited = SitemapEntry(stored.url, datetime(2025, 1, 5, 8, 0, tzinfo=UTC))
    edited = SitemapEntry(stored.url, datetime(2025, 1, 5, 17, 0, tzinfo=UTC))
    assert unchanged(unedited, stamp)
    assert not unchanged(edited, stamp)
    # Only a day known: fetched again, as a post stored without any modified time was.
    assert not unchanged(unedited, version_stamp(StoredArticle(stored.url, None, "2025-01-05", "")))


@pytest.mark.parametrize(
    "header",
    [
        "<p>Published: January 5, 2025, Updated: January 7, 2025</p>",
        "<p>January 5, 2025 (updated January 7, 2025)</p>",
        "<p>Veröffentlicht am 5. Januar 2025</p>",
        '<div class="t1"><span>Posted on</span> January 5, 2025</div>',
    ],
)
def test_the_publication_date_of_a_labelled_line_is_found(header: str):
    # The line's first part ends where its update part begins, and a publication label before the
    # date is not the date. Before: no publication date (None).
    article = _undated_post(header).article()
    assert (article.published_at, article.published_at_source) == ("2025-01-05", "page text")


@pytest.mark.parametrize("pattern", UPDATED_WORDS + UPDATE_NOUNS)
@pytest.mark.parametrize("space", [" ", "  ", "\n", "\xa0"])
@pytest.mark.parametrize("case", [str.capitalize, str.upper])
def test_the_prefilter_passes_every_spelling_of_the_update_words_however_spaced(pattern, space, case):
    """The text nodes update lines are looked for in: each spelling of each word of the lists, its words
    spaced by a line break or a no-break space too ("Last&nbsp;update: …"), in capitals too ("MODIFIÉ",
    before: missed), is one; the prefilter's pieces come from the lists, so a word added there cannot be
    missed."""
    words = pattern.split(r"\s+")
    for spelled in spellings(r"\s".join(words).replace(r"\s", "\x00")):
        text = case(spelled.replace("\x00", space)) + ": 7. Januar 2025"
        assert [str(t) for t in updated_texts(fromstring(f"<div><p>{text}</p></div>"))] == [text], text


# Every character that has a case: what re.I may take for another letter.
_CASED = [c for c in map(chr, range(sys.maxunicode + 1)) if c.lower() != c or c.upper() != c or c.casefold() != c]


@pytest.mark.parametrize("piece", UPDATED_PIECES)
def test_the_prefilter_passes_every_letter_the_update_patterns_match_in_any_case(piece: str):
    """The update patterns match ignoring case (re.I): the prefilter must pass every text they may
    match, whatever capital a letter is printed as (Turkish İ and ı for i, long s for s, É for é;
    before: only A-Z and Ä were folded)."""
    for i, letter in enumerate(piece):
        for other in (c for c in _CASED if c != letter and re.fullmatch(re.escape(letter), c, re.I)):
            text = f"{piece[:i]}{other}{piece[i + 1 :]}: 7. Januar 2025"
            assert [str(t) for t in updated_texts(fromstring(f"<div><p>{text}</p></div>"))] == [text], text
