"""Extraction rules across themes: category names for slugs, comment counts, third-party comment
systems, repeated-hour comment times. Expected values checked by hand on the pages."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from scrapy.http import HtmlResponse

from defense_news.items import Comment
from defense_news.pages import ArticlePage
from defense_news.pages.comments import resolve_repeated_hour
from tests.helpers import page

NY = ZoneInfo("America/New_York")


def test_slugs_become_the_names_the_page_shows():
    # ZoxPress prints only "Military"; post_class() has category-russia; the menu links
    # /category/russia/ as "Russia".
    article = ArticlePage(page("zox", "/2022/12/why-russias-artillery-advantage-is-fading/")).article()
    assert article.categories == ["Military", "Russia"]


def test_slugs_become_names_under_a_custom_category_base():
    # wp-berlin's category base is "themen": its block theme links /themen/heer/ruestung/
    # (rel="tag", as block themes print it), which only the site's own base identifies.
    response = page("wp-berlin", "/2024/03/u-boote-212cd/comment-page-1/")
    assert ArticlePage(response, category_base="themen").category_names(["marine", "ruestung"]) == {
        "marine": "Marine",
        "ruestung": "Rüstung & Beschaffung",
    }
    assert ArticlePage(response).category_names(["marine", "ruestung"]) == {}


def test_slugs_become_names_from_wordpress_category_links_whatever_the_base():
    # twentytwentyone's the_category() marks its links rel="category tag": /sections/army is a
    # category link although the base is not known (tests/sites/wp-variants-tt1).
    response = page("wp-variants-tt1", "/archives/5/")
    assert ArticlePage(response).category_names(["army", "procurement"]) == {
        "army": "Army",
        "procurement": "Procurement",
    }


def test_open_thread_without_comments_counts_zero():
    article = ArticlePage(page("wp-tt1", "/2024/02/navy-frigate-shipyard-problem/")).article()
    assert article.comment_count == 0


def _comment(comment_id: int, posted_at: str) -> Comment:
    return Comment(comment_id=comment_id, posted_at=posted_at)


def test_repeated_hour_placed_by_thread_order():
    # 01:50 then, by a later ID, 01:20: the second can only be the standard-time 01:20 (06:20Z).
    comments = [
        _comment(9, "2025-10-30T23:00:00Z"),
        _comment(10, "2025-11-02T05:50:00Z"),
        _comment(11, "2025-11-02T05:20:00Z"),
        _comment(12, "2025-11-05T13:00:00Z"),
    ]
    assert resolve_repeated_hour(comments, NY) == 0
    assert [c.posted_at for c in comments] == [
        "2025-10-30T23:00:00Z",
        "2025-11-02T05:50:00Z",
        "2025-11-02T06:20:00Z",
        "2025-11-05T13:00:00Z",
    ]


def test_repeated_hour_that_order_cannot_settle_is_counted():
    comments = [
        _comment(15, "2024-10-01T04:20:00Z"),
        _comment(16, "2024-11-03T05:30:00Z"),
        _comment(17, "2024-11-03T08:05:00Z"),
    ]
    assert resolve_repeated_hour(comments, NY) == 1
    assert comments[1].posted_at == "2024-11-03T05:30:00Z"  # the first instant, as WordPress stores it


def test_date_hints_fill_only_what_the_page_lacks():
    from defense_news.items import Article
    from defense_news.pages.published import DateHint, with_date_hint

    month = Article(published_at="2025-10", published_at_source="url", published_at_precision="month")
    feed = DateHint("2025-10-28T13:00:00Z", "feed")
    assert with_date_hint(month, feed, NY).published_at == "2025-10-28T13:00:00Z"
    assert with_date_hint(month, feed, NY).published_at_source == "feed"
    # a feed date outside the page's own month is not taken
    assert with_date_hint(month, DateHint("2025-11-02T13:00:00Z", "feed"), NY) is month
    # a sitemap lastmod is a modification: only when nothing else dated the article
    assert with_date_hint(month, DateHint("2025-10-29T08:00:00Z", "sitemap"), NY) is month
    undated = Article()
    assert with_date_hint(undated, DateHint("2025-10-29T08:00:00Z", "sitemap"), NY).published_at_source == "sitemap"
    exact = Article(published_at="2025-10-28T13:00:00Z", published_at_precision="second")
    assert with_date_hint(exact, DateHint("2025-10-28T14:00:00Z", "feed"), NY) is exact


UNKNOWN_THEME = """<!DOCTYPE html><html><head><title>Test post</title></head>
<body class="single single-post postid-77"><main>
<article id="post-77" class="post-77 post type-post status-publish"><h1 class="entry-title">Test post</h1>
<div class="entry-content"><p>Body.</p></div></article>
<div id="comments"><ol class="commentlist">
 <li id="li-comment-5" class="comment even thread-even depth-1">
  <article id="comment-5" class="comment">
   <header class="comment-meta"><img src="data:," alt="" />
    <b class="fn">Ann Author<span class="label"> Post author</span></b>
    <div class="when">January 10, 2023 at 11:59 am <a href="https://site.example/2023/01/test-post/#comment-5">Permalink</a></div>
   </header>
   <div class="body"><p>First paragraph.</p><p>Second paragraph.</p></div>
   <div class="reply"><a class="comment-reply-link" href="?replytocom=5#respond" data-commentid="5"
      data-postid="77" data-replyto="Reply to Ann Author">Reply</a></div>
  </article>
  <ul class="children">
   <li id="li-comment-6" class="comment odd depth-2">
    <article id="comment-6" class="comment">
     <header class="comment-meta"><cite class="fn"><a href="https://reader.example/" class="url">Bob Reader</a></cite>
      <div class="when">January 11, 2023 at 8:05 am</div></header>
     <div class="body"><p>A reply.</p></div>
    </article>
   </li>
  </ul>
 </li>
</ol></div>
</main></body></html>"""


def test_core_markup_of_an_unknown_theme():
    """The failures seen on unknown themes: li-comment-N around article#comment-N (both with comment
    classes), text outside any known class, a badge inside .fn, date text beside a Permalink link."""
    from scrapy.http import HtmlResponse, Request

    url = "https://site.example/2023/01/test-post/"
    response = HtmlResponse(url=url, body=UNKNOWN_THEME.encode(), encoding="utf-8", request=Request(url))
    comments = ArticlePage(response, NY).comments()
    got = [(c.comment_id, c.parent_id, c.depth, c.author, c.author_url, c.posted_at, c.text) for c in comments]
    assert got == [
        (5, None, 1, "Ann Author", None, "2023-01-10T16:59:00Z", "First paragraph.\n\nSecond paragraph."),
        (6, 5, 2, "Bob Reader", "https://reader.example/", "2023-01-11T13:05:00Z", "A reply."),
    ]


DATE_UNDER_BYLINE = """<html><body class="single single-post postid-7"><article class="post-7 post">
<h1>Rolling stock</h1>
<div class="meta"><span class="byline"><time datetime="2023-10-25T11:20:33+02:00">25. Oktober 2023</time></span>
<a href="https://site.example/author/jane-roe/">Jane Roe</a></div>
<div class="entry-content"><p>The first paragraph of the text, long enough to be the text of the article itself.</p>
<p>Von Nobody in particular, this line is too long and not a byline of its own at all, as it goes on and on.</p></div>
</article></body></html>"""


def test_a_byline_class_holding_only_a_date_gives_way_to_the_author_link():
    from scrapy.http import HtmlResponse, Request

    url = "https://site.example/2023/10/rolling-stock/"
    response = HtmlResponse(url=url, body=DATE_UNDER_BYLINE.encode(), encoding="utf-8", request=Request(url))
    assert ArticlePage(response, NY).authors() == ["Jane Roe"]


COAUTHORS = """<html><head><script type="application/ld+json">{{"@context": "https://schema.org", "@graph": [
{{"@type": "NewsArticle", "headline": "Crash", "author": {{"name": "Desk Account"}}}}]}}</script></head>
<body class="single single-post postid-7"><article class="post-7 post"><h1>Crash</h1>
<div class="byline">{byline}</div>
<div class="entry-content"><p>The first paragraph of the text, long enough to be the text of the article itself.</p></div>
<ul class="more-stories"><li><a href="/other-story/">Another story from the county</a> by <a href="/author/ann-lee/">Ann Lee</a></li>
<li><a href="/third-story/">A third story, on the schools</a> by <a href="/author/bo-chen/">Bo Chen</a></li></ul>
</article></body></html>"""


def _authors(html: str) -> list[str]:
    from scrapy.http import HtmlResponse, Request

    url = "https://site.example/2023/11/crash/"
    response = HtmlResponse(url=url, body=html.encode(), encoding="utf-8", request=Request(url))
    return ArticlePage(response, NY).authors()


def test_a_byline_linking_several_writers_wins_over_the_account_json_ld_names():
    coauthors = 'By <a href="/author/jane-roe/">Jane Roe</a>, <a href="/staff/x/" rel="author">Joe Doe</a>'
    assert _authors(COAUTHORS.format(byline=coauthors)) == ["Jane Roe", "Joe Doe"]
    # "/autoren/<name>" as custom themes print it, "&" between the last two
    linked = '<a href="/ueber-uns/autoren/Clara-Loew">Clara Löw</a>, <a href="/ueber-uns/autoren/Siddharth-Prakash">Siddharth Prakash</a> & <a href="/ueber-uns/autoren/Klaus-Jacob">Klaus Jacob</a>'
    assert _authors(COAUTHORS.format(byline=linked)) == ["Clara Löw", "Siddharth Prakash", "Klaus Jacob"]
    # one writer's link is no co-author list, and related stories' bylines (their titles between
    # the writers' links) are none either: JSON-LD's author stands
    single = 'By <a href="/author/jane-roe/">Jane Roe</a>'
    assert _authors(COAUTHORS.format(byline=single)) == ["Desk Account"]


def test_a_job_title_or_agency_beside_the_name_is_no_second_author():
    no_links = COAUTHORS.replace('<a href="/author/', '<a href="/tag/')
    assert _authors(no_links.replace("Desk Account", "Ann Lee, Reuters").format(byline="")) == ["Ann Lee"]
    without_ld = no_links.replace("Desk Account", "")
    assert _authors(without_ld.format(byline="By Jane Doe, Senior Editor")) == ["Jane Doe"]
    assert _authors(without_ld.format(byline="Von Anna Müller – Redakteurin")) == ["Anna Müller"]
    assert _authors(without_ld.format(byline="By Jane Doe and Joe Roe (AP)")) == ["Jane Doe", "Joe Roe"]
    # alone, the agency is the author
    assert _authors(without_ld.format(byline="By Reuters")) == ["Reuters"]


def test_the_bylines_of_teasers_inside_the_post_are_not_its_author_s():
    # "more stories" without a telling class inside the post: each headline links another post
    no_author = COAUTHORS.replace("Desk Account", "")
    assert _authors(no_author.format(byline="")) == []
    # the post's own author link beside its category link (one word) and date stays the byline
    own = '<a href="/category/news/" rel="category tag">News</a> <a href="/author/jane-roe/">Jane Roe</a> May 3'
    assert _authors(no_author.replace('"byline"', '"post-meta"').format(byline=own)) == ["Jane Roe"]


def test_an_author_box_s_link_to_the_archive_names_the_writer():
    box = '<div class="about"><a href="/author/jane-roe/">View all posts by Jane Roe →</a></div>'
    html = COAUTHORS.replace("Desk Account", "").replace('"byline"', '"post-meta"').format(byline=box)
    assert _authors(html) == ["Jane Roe"]


def test_a_link_no_url_parser_reads_is_nobody_s_byline():
    # a consent plugin's placeholder "http://[ccpa-preferences]" (a real page's menu): urlsplit raises
    broken = '<p><a href="http://[ccpa-preferences]">Do Not Sell My Personal Information</a></p>'
    html = COAUTHORS.replace("</div>\n<ul", f"{broken}</div>\n<ul")
    no_byline = html.replace("Desk Account", "").replace('<a href="/author/', '<a href="/tag/')
    assert _authors(no_byline.format(byline="")) == []
    coauthors = 'By <a href="/author/jane-roe/">Jane Roe</a>, <a href="/author/joe-doe/">Joe Doe</a>'
    assert _authors(html.format(byline=coauthors)) == ["Jane Roe", "Joe Doe"]


def _undated_post(header: str = "") -> ArticlePage:
    """A classic theme's post that prints no date of its own (no time element, meta tag, JSON-LD or
    dated permalink), with one reply whose comment-metadata prints core's ``<time datetime>``."""
    html = f"""<!doctype html><html><head><title>Some headline - Site</title></head>
<body class="post-template-default single single-post postid-77">
<div id="page"><article id="post-77" class="post-77 post type-post status-publish hentry">
<header class="entry-header"><h1 class="entry-title">Some headline</h1>{header}</header>
<div class="entry-content"><p>{"The words of the article, long enough to be its text. " * 30}</p></div></article>
<div id="comments" class="comments-area"><h2 class="comments-title">One reply on “Some headline”</h2>
<ol class="comment-list"><li id="comment-5" class="comment even thread-even depth-1">
<article id="div-comment-5" class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">Ann</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="https://example.org/some-headline/#comment-5">
<time datetime="2024-05-03T10:00:00+00:00">May 3, 2024 at 10:00 am</time></a></div></footer>
<div class="comment-content"><p>Nice.</p></div></article></li></ol></div></div></body></html>"""
    return ArticlePage(HtmlResponse("https://example.org/some-headline/", body=html.encode(), encoding="utf-8"))


def test_a_comment_s_time_is_no_publication_date():
    # htmldate, the last resort for an undated page, took the reply's <time> as the post's day
    # ("2024-05-03", source "page text"): a value the page never gives for the post.
    article = _undated_post().article()
    assert (article.published_at, article.published_at_source) == (None, None)
    assert [c.posted_at for c in _undated_post().comments()] == ["2024-05-03T10:00:00Z"]


def test_a_date_the_post_s_own_header_prints_is_still_found_past_its_comments():
    article = _undated_post('<span class="date">March 5, 2021</span>').article()
    assert (article.published_at, article.published_at_source) == ("2021-03-05", "page text")


@pytest.mark.parametrize(
    "header",
    [
        '<span class="meta">Last Updated: January 7, 2025</span>',
        '<div class="post-meta"><span>Updated on January 7, 2025</span></div>',
        "<p>Aktualisiert am 7. Januar 2025</p>",
        # the last change named by a noun
        "<p>Letzte Änderung: 7. Januar 2025</p>",
        "<p>Dernière mise à jour le 7 janvier 2025</p>",
        "<p>Last update: January 7, 2025</p>",
    ],
)
def test_a_line_saying_when_the_post_was_updated_is_no_publication_date(header: str):
    # The header's date rule and htmldate both gave the update's day as the publication's
    # ("2025-01-07", source "page text"): a value the page never gives for the publication.
    article = _undated_post(header).article()
    assert (article.published_at, article.published_at_source) == (None, None)


def test_the_publication_date_beside_an_update_line_is_still_found():
    article = _undated_post('<p class="meta">Published January 5, 2025 | Updated January 7, 2025</p>').article()
    assert (article.published_at, article.published_at_source) == ("2025-01-05", "page text")
    article = _undated_post("<p>January 5, 2025</p><p>Last updated: January 7, 2025</p>").article()
    assert (article.published_at, article.published_at_source) == ("2025-01-05", "page text")


def test_the_comments_are_one_table_for_what_is_not_the_article_and_what_dates_leave_out():
    """scope.COMMENT_WORDS: the comment regions published.dateable_positions leaves out are among the regions
    scope.not_article names, and a sidebar is only the latter (page builders call every block a widget)."""
    from lxml.html import fragment_fromstring

    from defense_news.pages import scope

    for html, comments, not_article in [
        ('<div id="comments"></div>', True, True),
        ('<div class="wpdiscuz-respond-form"></div>', True, True),
        ('<ol class="comment-list"></ol>', True, True),
        ('<div class="sidebar"></div>', False, True),
        ('<div class="entry-content"></div>', False, False),
    ]:
        el = fragment_fromstring(html)
        assert (scope.comments_region(el), scope.not_article(el)) == (comments, not_article), html


@pytest.mark.parametrize(
    "header",
    [
        "<p>Letzte Änderung: 7. Januar 2025</p>",
        "<p>Dernière mise à jour le 7 janvier 2025</p>",
        "<p>Last update: January 7, 2025</p>",
    ],
)
def test_a_noun_naming_the_last_change_gives_the_modified_date(header: str):
    # Before: no update line (the label is a noun, not "Updated"/"Aktualisiert"), so no modified_at,
    # and htmldate gave the change's day as the publication's.
    article = _undated_post(header).article()
    assert (article.published_at, article.modified_at) == (None, "2025-01-07")
