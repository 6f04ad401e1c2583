"""Where a page without a post_class() element has its post's dates (pages/date_scope.py): not in a
teaser card, the page's first <article>, that holds neither the headline nor the post's text."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.http import HtmlResponse

from defense_news.pages import ArticlePage

NOW = datetime(2022, 5, 4, 16, 0, tzinfo=UTC)
TEXT = "<p>" + "The words of the story, long enough to be its text and nothing else. " * 12 + "</p>"


def _page(teaser: str, story_meta: str) -> ArticlePage:
    html = f"""<!doctype html><html><head><title>Story headline</title></head><body>
<header class="story-title"><h1>Story headline</h1></header>
<div class="latest">{teaser}</div>
<main><div class="story-content"><article><div class="meta">{story_meta}</div>{TEXT}{TEXT}</article></div></main>
</body></html>"""
    return ArticlePage(HtmlResponse("https://example.org/story/", body=html.encode(), encoding="utf-8"), now=NOW)


TEASER = (
    '<article class="card"><h2><a href="/another-story/">Another story printed as a teaser card</a></h2>'
    '<span class="date">4 minutes ago</span></article>'
)


def test_a_teaser_card_s_date_is_not_the_post_s():
    # Before: the teaser card was the article's element and its "4 minutes ago" the publication
    # (2022-05-04T15:56:00Z); the story's own <time> was never read.
    article = _page(TEASER, '<time datetime="2022-05-04T07:59:48-04:00">07:59</time>').article()
    assert (article.published_at, article.published_at_source) == ("2022-05-04T11:59:48Z", "page")


def test_the_post_s_own_article_is_still_read_without_a_teaser():
    # The first <article> is the story's: read as before.
    article = _page("", '<span class="date">4 minutes ago</span>').article()
    assert (article.published_at, article.published_at_source) == ("2022-05-04T15:56:00Z", "page text")


def test_an_rfc_2822_json_ld_date_is_the_publication():
    # Before: JSON-LD's "Wed, 04 May 2022 02:41:00 GMT" was not read; the page's printed
    # "3/5/2022 22:41" (day first, local) was read month first: March 5.
    html = (
        """<!doctype html><html><head><title>Story headline</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Story headline", "datePublished": "Wed, 04 May 2022 02:41:00 GMT"}</script></head><body>
<article><h1>Story headline</h1><div class="date">3/5/2022 22:41</div>"""
        + TEXT * 2
        + "</article></body></html>"
    )
    page = ArticlePage(HtmlResponse("https://example.org/story/", body=html.encode(), encoding="utf-8"), now=NOW)
    article = page.article()
    assert (article.published_at, article.published_at_source) == ("2022-05-04T02:41:00Z", "page")


def test_an_abbr_s_title_is_its_microdata_date():
    # Blogger (microformats' abbr pattern): the time of day is printed, the instant is the title.
    # Before: not read; the page had the permalink's month ("2017-09", source "url").
    html = (
        """<!doctype html><html><head><title>Story headline</title></head><body>
<div class="post hentry" itemscope itemtype="http://schema.org/BlogPosting"><h3 class="post-title">Story headline</h3>
<div class="post-header"><a class="timestamp-link" href="/2017/09/story.html" rel="bookmark">
<abbr class="published" itemprop="datePublished" title="2017-09-09T10:52:00+02:00">10:52</abbr></a></div>"""
        + TEXT * 2
        + "</div></body></html>"
    )
    response = HtmlResponse("https://example.blogspot.com/2017/09/story.html", body=html.encode(), encoding="utf-8")
    article = ArticlePage(response, now=NOW).article()
    assert (article.published_at, article.published_at_source) == ("2017-09-09T08:52:00Z", "page")


def test_the_date_printed_under_a_headline_set_as_an_h3_is_the_post_s():
    """No post element, no ``<article>``, and the headline an ``<h3>`` (the ``<h1>`` is the logo's):
    the date line printed just after the headline is the post's, with its time (htmldate's reading
    of the page, before, gave the day alone)."""
    html = f"""<!doctype html><html><head><title>Power as a political instrument</title></head><body>
<div class="top"><h1><a href="/">Example Magazine</a></h1><div class="events"><p>Party on 15. Apr. 2019</p></div></div>
<div><div class="kicker">Interview with an author</div><h3>Power as a political instrument</h3>
<div class="meta"><span>28. Jan. 2022, 14:30</span> <span>Paula Roe</span></div></div>
<div class="text">{TEXT}{TEXT}</div></body></html>"""
    page = ArticlePage(HtmlResponse("https://example.org/power/", body=html.encode(), encoding="utf-8"), now=NOW)
    article = page.article()
    assert (article.published_at, article.published_at_source) == ("2022-01-28T14:30:00Z", "page text")


def _page_without_article(header: str, story: str) -> ArticlePage:
    html = f"""<!doctype html><html><head><title>Drag queens on and off the stage</title></head><body>
<div class="top"><a href="/">Example Theatre</a>{header}<ul><li><a href="/a/">Reviews</a></li><li><a href="/b/">Columns</a></li>
<li><a href="/c/">News</a></li><li><a href="/d/">Festivals</a></li><li><a href="/e/">Archive</a></li></ul></div>
<div class="col"><div class="head"><h2>Drag queens on and off the stage</h2></div>{story}</div></body></html>"""
    return ArticlePage(HtmlResponse("https://example.org/drag/", body=html.encode(), encoding="utf-8"), now=NOW)


TODAY = '<span class="today"><time datetime="2023-11-01T13:56:20+01:00">Wednesday, 1 November 2023</time></span>'


def test_a_time_in_the_page_s_header_far_over_the_headline_is_not_the_post_s():
    """No post element and no ``<article>``: the page's "today is" ``<time>`` in its header, many
    elements before the headline, is no byline; the one under the headline is."""
    article = _page_without_article(TODAY, f"<p>By Jane Roe, 31 October 2023</p><div>{TEXT}{TEXT}</div>").article()
    assert (article.published_at, article.published_at_source) == ("2023-10-31", "page text")


def test_the_date_a_lead_paragraph_opens_with_as_an_element_of_its_own_is_the_post_s():
    """The text's first paragraph opens with the date (a dateline), no byline line before it."""
    story = (
        '<div class="story"><p>In tow</p><p><span>31 October 2023.</span> '
        + "Drag queens are stage figures of make-up and glitter, at parties and in shows. " * 3
        + f"</p>{TEXT}{TEXT}</div>"
    )
    article = _page_without_article("", story).article()
    assert (article.published_at, article.published_at_source) == ("2023-10-31", "page text")
