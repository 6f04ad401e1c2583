"""Hand-made pages modelled on real publishers' themes (tests/fixtures/publishers): Newspaper/tagDiv
(classic and cloud templates), Jannah, Soledad, Divi, a German custom theme, a ``single-content``
theme, an ``article-body-inner`` theme and a Disqus-commented post. Each has the traps the real
ones have: related posts and sidebar widgets with other bylines and dates, a house account in
``meta name=author``, a known class on a tiny element, sources that disagree, day-first dates,
site-name suffixes. The expected values were read off the pages by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request

from defense_news.pages import ArticlePage

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "publishers"

EXPECTED = {
    "newspaper-tagdiv.html": {
        "title": "Navy Orders Two More Frigates",
        "authors": ["Maria Lopez", "Tom Reed"],
        "published_at": "2026-01-05T10:00:00Z",
        "body": ("The Navy on Monday ordered", "now expected in 2027."),
    },
    "tagdiv-cloud.html": {
        "title": "Army Tests a Cheaper Interceptor",
        "authors": ["Kevin Brandt"],
        "published_at": "2026-01-07T15:30:00Z",
        "body": ("The Army fired a new low-cost interceptor", "rules for the test series."),
    },
    "jannah.html": {
        "title": "Why Europe Is Buying American Air Defense",
        "authors": ["Priya Natarajan"],
        "published_at": "2026-01-06T14:00:00Z",
        "body": ("European governments signed", "joint European orders."),
    },
    "soledad.html": {
        "title": "The Quiet Rearmament of the Baltic Sea",
        "authors": ["Lena Fischer", "Omar Haddad"],
        # OpenGraph says 08:15Z (the wall time labelled UTC); JSON-LD and the visible <time> say 13:15Z
        "published_at": "2026-01-03T13:15:00Z",
        "body": ("Sweden and Finland have spent", "arrived a decade late."),
    },
    "divi.html": {
        "title": "Inside the Marine Corps’ New Littoral Regiment",
        "authors": ["Sam Ortiz"],
        "published_at": "2026-01-04",
        "body": ("The Marine Corps stood up", "validated the concept."),
    },
    "german-article.html": {
        "title": "Bundeswehr bestellt weitere Fregatten",
        "authors": ["Anna Müller", "Jonas Weber"],
        "published_at": "2026-01-06",  # "06.01.2026": day first
        "body": ("Das Verteidigungsministerium hat", "in der Ostsee verstärken werden."),
    },
    "single-content.html": {
        "title": "Pentagon Audit Fails for the Eighth Year",
        "authors": ["Chris Park"],
        "published_at": "2025-11-15T17:45:00Z",
        "body": ("The Defense Department failed", "bought with emergency funds."),
    },
    "article-body-inner.html": {
        "title": "Shipyards Race to Hire Welders",
        "authors": ["Dana Whitlock", "Rui Costa"],
        "published_at": "2025-12-09T12:00:00Z",
        "body": ("American shipyards need to hire", "housing near the yards."),
    },
    "disqus.html": {
        "title": "Drone Carriers Are Coming",
        "authors": ["Jin Lee"],
        "published_at": "2025-10-02T09:00:00Z",
        "body": ("Turkey, China and Iran", "amphibious assault ship."),
        "paragraphs": 2,
    },
}


def load(name: str) -> ArticlePage:
    url = f"https://publisher.example/2026/01/{name.removesuffix('.html')}/"
    body = (FIXTURES / name).read_bytes()
    return ArticlePage(HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url)))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_publisher_page(name):
    want = EXPECTED[name]
    page = load(name)
    assert page.is_article()
    article = page.article()
    assert article.title == want["title"]
    assert article.authors == want["authors"]
    assert article.published_at == want["published_at"]
    first, last = want["body"]
    assert article.body_text.startswith(first)
    assert article.body_text.endswith(last)
    # the article's paragraphs only: no ad, share, tag or related block
    assert article.body_text.count("\n\n") == want.get("paragraphs", 3) - 1


def test_sources_that_disagree_are_recorded():
    page = load("soledad.html")
    page.article()
    assert page.date_disagreements == [("datePublished", ["2026-01-03T08:15:00Z", "2026-01-03T13:15:00Z"])]
    agreeing = load("jannah.html")
    agreeing.article()
    assert agreeing.date_disagreements == []


def test_third_party_comments_are_named_not_counted_as_zero():
    page = load("disqus.html")
    assert page.comment_system() == "Disqus"
    assert page.article().comment_count is None
    assert load("newspaper-tagdiv.html").comment_system() is None


def test_spider_reports_third_party_comments_and_disagreeing_dates():
    from scrapy.utils.test import get_crawler

    from defense_news.items import Article
    from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider
    from tests.helpers import project_settings_dict

    crawler = get_crawler(NineteenFortyFiveSpider, project_settings_dict(DEFENSE_NEWS_REST=False))
    spider = NineteenFortyFiveSpider.from_crawler(crawler)
    for name in ("disqus.html", "soledad.html"):
        out = list(spider.parse_article(load(name).response))
        assert [type(x) for x in out if isinstance(x, Article)] == [Article]
    stats = crawler.stats.get_stats()
    assert stats["defense_news/comments/third_party/Disqus"] == 1
    assert stats["defense_news/dates/page_sources_disagree"] == 1


def test_spider_counts_a_title_longer_than_a_headline():
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider
    from tests.helpers import project_settings_dict

    crawler = get_crawler(NineteenFortyFiveSpider, project_settings_dict(DEFENSE_NEWS_REST=False))
    spider = NineteenFortyFiveSpider.from_crawler(crawler)
    url = "https://19fortyfive.com/2026/01/budget/"
    html = "<html><head><title>" + "Budget " * 20_000 + "</title></head><body class='single single-post'>"
    html += "<article class='post-7 post type-post'>"
    html += "<p>The council met on Monday and approved the budget. </p>" * 10 + "</article></body></html>"
    list(spider.parse_article(HtmlResponse(url=url, body=html.encode(), encoding="utf-8", request=Request(url))))
    assert crawler.stats.get_stats()["defense_news/titles/overlong"] == 1
