"""REST records become the same Article and Comment items as the HTML pages (defense_news/rest/records.py).

On the wp-news replica (a real WordPress 6.1, twentytwentythree): every readable post and
every comment, built from its REST record, equals what the HTML path extracts from the page
(enriched from REST as ``source=html`` does), field by field.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from scrapy.http import HtmlResponse, Request

from defense_news.items import Article, Comment
from defense_news.pages import ArticlePage
from defense_news.replica import ORIGIN
from defense_news.rest.enrichment import enrich
from defense_news.rest.records import (
    Lookups,
    article_from_post,
    comment_counts,
    own_excerpt,
    post_facts,
    site_comments,
    skip_reason,
    thread_count,
)
from tests.wp_news import SITE, WordPressApi, _unpacked_pages, html_items, read_xz_json

NOW = datetime(2025, 1, 15, 12, tzinfo=UTC)
TZ = ZoneInfo("America/New_York")
EMBED = "author,wp:term,wp:featuredmedia"


@pytest.fixture(scope="module")
def api() -> WordPressApi:
    return WordPressApi.captured()


@pytest.fixture(scope="module")
def posts(api: WordPressApi) -> list[dict[str, Any]]:
    """Every post, as ``/wp/v2/posts?per_page=100&_embed=author,wp:term,wp:featuredmedia`` lists them."""
    records: list[dict[str, Any]] = []
    for page in (1, 2, 3):
        status, _, body = api.answer(
            "/wp/v2/posts", [("per_page", "100"), ("page", str(page)), ("_embed", EMBED)], ORIGIN
        )
        assert status == 200
        records += json.loads(body)
    return records


def html_page(url: str) -> ArticlePage:
    file = _unpacked_pages() / url[len(ORIGIN) :].lstrip("/") / "index.html"
    response = HtmlResponse(url=url, body=file.read_bytes(), encoding="utf-8", request=Request(url))
    return ArticlePage(response, TZ, NOW)


def fields(item: Article | Comment) -> dict[str, Any]:
    values = dataclasses.asdict(item)
    values.pop("scraped_at")
    return values


@pytest.fixture(scope="module")
def from_pages(api: WordPressApi) -> tuple[dict[str, Article], dict[int, Comment]]:
    return html_items(api, NOW, TZ)


def test_every_article_equals_its_page(posts, from_pages):
    lookups = Lookups()
    for post in posts:
        lookups.learn_post(post)
    counts = comment_counts(WordPressApi.captured().comments)
    compared = 0
    for post in posts:
        if skip_reason(post):
            continue
        from_rest = article_from_post(post, lookups, NOW, thread_count(post, counts))
        assert fields(from_rest) == fields(from_pages[0][post["link"]]), post["link"]
        assert from_rest.scraped_at == "2025-01-15T12:00:00Z"
        compared += 1
    assert compared == len(from_pages[0]) == 236


def test_articles_match_the_database(posts):
    """Dates, ids and comment counts against WordPress's own tables (not against the pages)."""
    lookups = Lookups()
    counts = comment_counts(WordPressApi.captured().comments)
    database = {p["id"]: p for p in read_xz_json(SITE / "rest.json.xz")["database_posts"]}
    for post in posts:
        lookups.learn_post(post)
        if skip_reason(post):
            assert database[post["id"]]["protected"]
            continue
        article = article_from_post(post, lookups, NOW, thread_count(post, counts))
        row = database[article.post_id or 0]
        assert article.published_at == row["date_gmt"] + "Z"
        assert article.modified_at == row["modified_gmt"] + "Z"
        assert (article.comment_count or 0) == row["comment_count"]


def test_one_article_by_hand(posts):
    """Post 245, with the values WordPress's database holds (read with get_post() by hand)."""
    lookups = Lookups()
    post = next(p for p in posts if p["id"] == 245)
    lookups.learn_post(post)
    article = article_from_post(post, lookups, NOW)
    assert article.url == ORIGIN + "/2024/11/the-pentagons-shipyard-problem-is-a-money-problem/"
    assert article.title == "The Pentagon’s Shipyard Problem Is a Money Problem"  # texturized, as the page shows it
    assert article.authors == ["Liam O'Connor"]
    assert article.published_at == article.modified_at == "2024-11-22T22:53:37Z"
    assert (article.category, article.categories) == ("Land Warfare", ["Land Warfare"])
    assert article.tags == ["Arctic", "F-35", "Missile Defense", "NATO"]
    assert article.comment_count is None
    assert article.image_url is None
    assert article.body_text is not None
    assert article.word_count == len(article.body_text.split())


def test_every_comment_equals_its_page(api, from_pages):
    """All 2,445 comments: the thread pages' comments and ``/wp/v2/comments`` give the same items."""
    urls = {p["id"]: p["link"] for p in api.posts}
    from_rest = {c.comment_id: c for c in site_comments(api.comments, urls, NOW, TZ)}
    assert len(from_rest) == len(from_pages[1]) == 2445
    for comment_id, comment in from_rest.items():
        assert fields(comment) == fields(from_pages[1][comment_id]), comment_id
    assert max(c.depth or 0 for c in from_rest.values()) == 5


# -- single rules -------------------------------------------------------------------


def comment_record(ident: int, parent: int = 0, post: int = 7) -> dict[str, Any]:
    return {
        "id": ident,
        "post": post,
        "parent": parent,
        "author_name": "Pat O&#039;Brien",
        "author_url": "",
        "date_gmt": "2024-11-03T05:30:00",
        "content": {"rendered": "<p>One.</p>\n<p>Two &amp; three.</p>\n"},
        "link": f"https://x.com/2024/07/a-post/comment-page-2/#comment-{ident}",
    }


def test_site_comments_depth_continues_from_stored_comments():
    records = [comment_record(31, parent=30), comment_record(32, parent=31), comment_record(40)]
    items = {c.comment_id: c for c in site_comments(records, {}, NOW, TZ, known_depths={30: 2})}
    assert {i: c.depth for i, c in items.items()} == {31: 3, 32: 4, 40: 1}
    assert items[31].article_url == "https://x.com/2024/07/a-post/"  # from the comment's own link
    assert items[31].author == "Pat O'Brien"
    assert items[31].text == "One.\n\nTwo & three."
    assert items[31].posted_at == "2024-11-03T05:30:00Z"
    # A parent neither in this batch nor stored: the reply counts from the gap, as the page does.
    assert site_comments([comment_record(50, parent=49)], {}, NOW, TZ)[0].depth == 1


def test_site_comments_survive_hostile_records():
    looped = [comment_record(1, parent=2), comment_record(2, parent=1)]
    depths = sorted(c.depth or 0 for c in site_comments(looped, {}, NOW, TZ))
    assert len(depths) == 2
    assert all(d >= 1 for d in depths)
    broken: list[Any] = [{"id": "x"}, None, {"id": 3}, {**comment_record(4), "link": None}]
    assert site_comments(broken, {}, NOW, TZ) == []


def test_own_excerpt_leaves_out_the_automatic_one():
    content = {"rendered": "<p>Range and speed matter. Cost &amp; schedule matter more.</p>\n"}
    automatic = {"rendered": "<p>Range and speed matter. Cost &amp; schedule [&hellip;]</p>\n"}
    assert own_excerpt({"content": content, "excerpt": automatic}) is None
    written = {"rendered": "<p>Why the program slipped.</p>\n"}
    assert own_excerpt({"content": content, "excerpt": written}) == "Why the program slipped.\n"
    yoast = {"content": content, "excerpt": automatic, "yoast_head_json": {"description": "Meta text"}}
    assert own_excerpt(yoast) == "Meta text"


def test_skip_reason():
    post = {"id": 1, "link": "https://x.com/a/", "status": "publish", "type": "post", "content": {}}
    assert skip_reason(post) is None
    assert skip_reason({**post, "content": {"protected": True}}) == "password_protected"
    assert skip_reason({**post, "status": "private"}) == "not_published"
    assert skip_reason({**post, "type": "page"}) == "not_published"
    assert skip_reason({"id": "1"}) == "malformed"


def test_lookups_name_what_they_learnt_and_list_what_is_missing():
    lookups = Lookups()
    lookups.learn_terms([{"id": 3, "name": "Politics &amp; Policy", "taxonomy": "category"}])
    lookups.learn_terms([{"id": 9, "name": "R&amp;D", "taxonomy": "post_tag"}, {"id": 5, "taxonomy": "nav_menu"}])
    lookups.learn_users([{"id": 2, "name": "José Núñez"}, {"id": "bad"}])
    post = {"id": 1, "link": "https://x.com/a/", "author": 4, "categories": [3, 8], "tags": [9], "featured_media": 12}
    assert lookups.missing(post) == {"categories": {8}, "users": {4}, "media": {12}}
    article = article_from_post(post, lookups, NOW)
    assert (article.category, article.categories, article.tags, article.authors) == (
        "Politics & Policy",
        ["Politics & Policy"],
        ["R&D"],
        [],
    )


def test_enrichment_fills_only_what_the_page_lacks(posts):
    post = next(p for p in posts if p.get("featured_media") and own_excerpt(p))
    facts = post_facts(post)
    assert facts is not None
    assert facts.image_caption
    assert facts.description
    page_article = html_page(post["link"]).article()
    assert page_article.description is None
    assert page_article.image_caption is None
    enriched = enrich(page_article, facts, TZ)
    assert enriched.article.description == facts.description
    assert enriched.article.image_caption == facts.image_caption
    assert {"description", "image_caption"} <= set(enriched.taken)
    shown = dataclasses.replace(page_article, description="The page's own", image_caption="Its caption")
    kept = enrich(shown, facts, TZ).article
    assert (kept.description, kept.image_caption) == ("The page's own", "Its caption")


def test_replica_is_small():
    """The whole site stays a sensible fixture (pages, records and WordPress's answers)."""
    size = sum(f.stat().st_size for f in Path(SITE).iterdir())
    assert size < 1_000_000


def test_enrichment_names_the_author_a_theme_does_not_print(posts):
    # Hello Elementor prints no byline: the page walk with enrichment takes the post's author
    # from the embedded user record; a byline the page prints is kept.
    post = posts[0]
    facts = post_facts(post)
    assert facts is not None
    name = next(user["name"] for user in post["_embedded"]["author"] if user["id"] == post["author"])
    assert facts.authors == [name]
    page_article = html_page(post["link"]).article()
    assert page_article.authors == [name]  # this theme prints it...
    bylineless = dataclasses.replace(page_article, authors=[])  # ...Hello Elementor does not
    enriched = enrich(bylineless, facts, TZ)
    assert enriched.article.authors == [name]
    assert "authors" in enriched.taken
    assert "authors" not in enrich(page_article, facts, TZ).taken


def test_post_facts_name_category_slugs_from_the_embedded_terms():
    """Issue 22 item 12: REST's terms name the slugs other pages leave unnamed (names come HTML-escaped)."""
    terms = [
        [
            {"id": 3, "slug": "politics", "name": "Politics &amp; Policy", "taxonomy": "category"},
            {"id": 4, "slug": "", "name": "No slug", "taxonomy": "category"},
        ],
        [{"id": 9, "slug": "r-d", "name": "R&amp;D", "taxonomy": "post_tag"}],
    ]
    facts = post_facts({"id": 1, "link": "https://x.com/a/", "_embedded": {"wp:term": terms}})
    assert facts is not None
    assert facts.category_names == {"politics": "Politics & Policy"}  # tags are no categories
