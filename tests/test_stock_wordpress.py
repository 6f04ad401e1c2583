"""Extraction from stock WordPress 6.1 pages (Debian's package, themes twentytwentythree
and twentytwentyone). Expected values come from the WordPress database (sites/wp-expected.md)."""

import pytest

from defense_news.pages import ArticlePage, ListingPage
from tests.helpers import NOW, ORIGIN, page

THEMES = ["wp-tt3", "wp-tt1"]
B21 = "/2024/04/b-21-raider-matters/"
LONG = "/2024/07/hypersonic-missiles-hype-reality/"


@pytest.fixture(params=THEMES)
def theme(request):
    return request.param


def article(theme, path):
    return ArticlePage(page(theme, path), now=NOW)


def test_b21_article_fields(theme):
    item = article(theme, B21).article()
    assert item.url == ORIGIN + B21
    assert item.post_id == 10
    assert item.title == "Why the B-21 Raider Matters More Than Ever"
    assert item.authors == ["Eleanor Whitfield"]
    assert item.published_at == "2024-04-09T15:00:00Z"
    assert item.category == "Military"
    assert item.categories == ["Military"]
    assert item.tags == ["Air Force", "Nuclear Weapons", "R&D"]
    assert item.image_url == ORIGIN + "/wp-content/uploads/2024/04/b21-raider-rollout.png"
    assert item.comment_count == 2
    body = item.body_text
    assert body.startswith("When the B-21 Raider rolled out of its hangar in Palmdale,")
    assert "\n\nWhy the Air Force wants the Raider so badly\n\n" in body  # the h2
    assert "\n\nStealth: a broadband low-observable design meant to defeat low-frequency radars.\n\n" in body  # a li
    assert "“The B-21 is not just a new airplane." in body  # the quote
    assert body.endswith("as much as on Northrop Grumman’s production line.")
    assert "Image: U.S. Air Force" not in body  # figure captions are not body text
    assert item.word_count == len(body.split())


def test_featured_image_caption_where_the_theme_prints_it():
    assert article("wp-tt1", B21).article().image_caption == (
        "The B-21 Raider at its public unveiling in Palmdale, California. Image: U.S. Air Force."
    )
    assert article("wp-tt3", B21).article().image_caption is None  # the block theme prints no caption


def test_unusual_titles_are_decoded(theme):
    assert (
        article(theme, "/2024/03/deterrence-and-its-discontents/").article().title == "“Deterrence” & Its Discontents"
    )
    assert (
        article(theme, "/2024/01/russia-baltic-zapad-return/").article().title
        == "Россия and the Baltic: Zapad’s Return"
    )


def test_post_in_two_categories(theme):
    item = article(theme, "/2024/01/russia-baltic-zapad-return/").article()
    assert item.categories == ["Military", "Politics & Policy"]
    assert item.authors == ["José Núñez"]
    assert item.published_at == "2024-01-15T14:00:00Z"


# (comment id, parent, depth, author, author URL, date_gmt) from the WordPress database.
LONG_THREAD = {
    1: [
        (2, None, 1, "Mike Harrington", "https://example.org/mharrington", "2024-07-04T15:12:00Z"),
        (3, 2, 2, "José Núñez", None, "2024-07-04T16:40:00Z"),
        (4, 3, 3, "Mike Harrington", "https://example.org/mharrington", "2024-07-04T17:05:00Z"),
        (5, 4, 4, "Dana Whitlock", "https://dana-whitlock.example.com/", "2024-07-04T19:30:00Z"),
        (6, None, 1, "Dana Whitlock", "https://dana-whitlock.example.com/", "2024-07-05T12:03:00Z"),
        (7, 6, 2, "Sgt. Ray Calloway (ret.)", None, "2024-07-05T13:47:00Z"),
        (8, None, 1, "Pat O'Brien", "http://patobrien.example.net", "2024-07-10T02:15:00Z"),
    ],
    2: [
        (9, None, 1, "Anonymous Analyst", None, "2024-07-21T10:30:00Z"),
        (10, 9, 2, "Mike Harrington", "https://example.org/mharrington", "2024-07-21T11:10:00Z"),
        (11, 9, 2, "Lena Vogel", "https://example.net/~lvogel/", "2024-07-22T22:00:00Z"),
        (12, 11, 3, "Anonymous Analyst", None, "2024-07-23T13:00:00Z"),
        (13, None, 1, "Lena Vogel", "https://example.net/~lvogel/", "2024-08-14T18:14:00Z"),
        (14, None, 1, "Tomasz Wiśniewski", None, "2024-10-01T03:59:00Z"),
        (15, 14, 2, "José Núñez", None, "2024-10-01T04:20:00Z"),
    ],
    3: [
        (16, None, 1, "Night Owl", None, "2024-11-03T05:30:00Z"),
        (17, 16, 2, "Mike Harrington", "https://example.org/mharrington", "2024-11-03T08:05:00Z"),
        (18, None, 1, "Greg Alvarez", None, "2024-12-02T13:00:00Z"),
        (19, 18, 2, "Dana Whitlock", "https://dana-whitlock.example.com/", "2024-12-02T14:15:00Z"),
        (20, 19, 3, "Greg Alvarez", None, "2024-12-03T15:00:00Z"),
        (21, 20, 4, "José Núñez", None, "2024-12-03T16:30:00Z"),
    ],
}


@pytest.mark.parametrize("number", [1, 2, 3])
def test_long_thread_comment_pages(theme, number):
    comments = article(theme, f"{LONG}comment-page-{number}/").comments()
    got = [(c.comment_id, c.parent_id, c.depth, c.author, c.author_url, c.posted_at) for c in comments]
    # twentytwentythree prints "Pat O’Brien" (texturized); names are stored as typed on both themes.
    assert got == LONG_THREAD[number]
    assert {c.post_id for c in comments} == {12}
    assert {c.article_url for c in comments} == {ORIGIN + LONG}


def test_bare_permalink_is_the_newest_comment_page(theme):
    page_ = article(theme, LONG)
    assert [c.comment_id for c in page_.comments()] == [16, 17, 18, 19, 20, 21]
    assert page_.comment_page_number() == 3
    # tt1 links only the older page; tt3 prints every page number
    assert f"{ORIGIN}{LONG}comment-page-2/" in page_.comment_page_urls()
    assert page_.permalink == ORIGIN + LONG  # even where rel=canonical names the comment page


def test_comment_text_with_markup_and_paragraphs(theme):
    by_id = {c.comment_id: c for c in article(theme, f"{LONG}comment-page-1/").comments()}
    assert by_id[8].text == (
        "I’d push back on the “not magical” line & the claim that Patriot solves it. See the CSIS report: "
        'interceptor inventory, not physics, is the limit. 3 < 4 & "cost-exchange" matters.'
    )
    assert by_id[6].text.count("\n\n") == 2
    assert by_id[6].text.startswith("I worked on missile-warning radars for twelve years, so a few thoughts.\n\nFirst,")


def test_closed_comments_still_printed_by_stock_themes(theme):
    comments = article(theme, "/2024/05/defense-budget-five-fights/").comments()
    assert [(c.comment_id, c.parent_id, c.author, c.author_url) for c in comments] == [
        (24, None, "Robert Chen", "https://robertchen.example.org/"),
        (25, 24, "Eleanor Whitfield", None),
        (26, None, "Maria Santos", None),
    ]


def test_password_protected_post(theme):
    page_ = article(theme, "/2024/09/submarine-readiness-briefing/")
    assert page_.is_article()
    assert page_.is_protected()
    assert page_.comments() == []


@pytest.mark.parametrize("path", ["/", "/category/military/", "/tag/nato/", "/author/jnunez/", "/page/2/"])
def test_listings_are_not_articles(theme, path):
    assert not ArticlePage(page(theme, path), now=NOW).is_article()


@pytest.mark.parametrize(
    ("path", "slugs", "next_path"),
    [
        (
            "/category/military/",
            ["drones-ukraine-lessons-army", "submarine-readiness-briefing", "hypersonic-missiles-hype-reality"],
            "/category/military/page/2/",
        ),
        (
            "/category/military/page/2/",
            ["b-21-raider-matters", "navy-frigate-shipyard-problem", "russia-baltic-zapad-return"],
            None,
        ),
        ("/category/politics/page/2/", ["deterrence-and-its-discontents", "russia-baltic-zapad-return"], None),
    ],
)
def test_listing_links_and_next_page(theme, path, slugs, next_path):
    listing = ListingPage(page(theme, path), now=NOW)
    entries = listing.entries()
    assert [e.url.rstrip("/").rsplit("/", 1)[-1] for e in entries] == slugs
    assert all(e.date is not None for e in entries)
    assert listing.next_page_url() == (ORIGIN + next_path if next_path else None)
