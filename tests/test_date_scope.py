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
