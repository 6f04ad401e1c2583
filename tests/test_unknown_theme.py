"""Every replica with expected values, as a theme nobody has seen (tests/unknown_theme.py: every
class and id the theme chose renamed, microdata removed, HTML5 sections turned into ``<div>``s),
crawled end to end: every field still right. Only what WordPress core prints is left to go by."""

from __future__ import annotations

import json
import sqlite3

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.items import Article, Comment
from defense_news.replica import serve
from defense_news.spiders.wordpress import WordPressSpider
from tests.helpers import SITES, crawl
from tests.theme_truth import ARTICLE_FIELDS, NOT_PRINTED, THEMES, THEMES_DIR, expected, score_theme, shown_comments
from tests.unknown_theme import renamed, scramble, scramble_site

POSTS = {p["id"] for p in expected()["posts"]}


def test_scrambling_keeps_core_markup_and_renames_the_themes():
    page = scramble(
        '<html><body class="single postid-5 my-theme-body"><main id="primary" class="site-main">'
        '<article id="post-5" class="post-5 post type-post hentry category-navy entry" itemscope '
        'itemtype="https://schema.org/Article"><header class="entry-header"><h1 class="entry-title" '
        'itemprop="headline">T</h1><span class="byline"><a rel="author" href="/author/x/">X</a></span>'
        '<time class="entry-date published" datetime="2025-01-02T03:04:05+00:00">2 Jan</time></header>'
        '<meta itemprop="wordCount" content="3"><div class="entry-content"><p>Body</p></div></article>'
        '<ol class="comment-list"><li id="comment-7" class="comment even depth-1"><article id="div-comment-7" '
        'class="comment-body"><b class="fn">A</b> <span class="says">says:</span></article></li></ol></main></body></html>'
    )
    assert '<body class="single postid-5 ' + renamed("my-theme-body") + '">' in page
    assert f'<div id="{renamed("primary")}" class="{renamed("site-main")}">' in page
    assert f'<div id="post-5" class="post-5 post type-post hentry category-navy {renamed("entry")}">' in page
    assert f'<h1 class="{renamed("entry-title")}">T</h1>' in page
    assert '<a rel="author" href="/author/x/">X</a>' in page
    assert 'datetime="2025-01-02T03:04:05+00:00"' in page
    for gone in ("itemprop", "itemscope", "itemtype", "<meta"):
        assert gone not in page
    assert f'<div class="{renamed("entry-content")}"><p>Body</p></div>' in page
    assert '<li id="comment-7" class="comment even depth-1"><div id="div-comment-7" class="comment-body">' in page
    for tag in ("<article", "<header", "<main"):
        assert tag not in page


@pytest.mark.e2e
@pytest.mark.parametrize("theme", THEMES)
@deferred_f_from_coro_f
async def test_unknown_theme_every_field(theme, tmp_path):
    root = scramble_site(THEMES_DIR / theme, tmp_path / theme)
    db = tmp_path / "news.db"
    with serve(root) as site:
        result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_REST": False}, base_url=site.base_url)
    articles, comments = result.of(Article), result.of(Comment)
    shown = shown_comments(theme)
    assert {a.post_id for a in articles} == POSTS
    assert {c.comment_id for c in comments} == shown
    # ZoxPress prints the modified date only as microdata (<meta itemprop="dateModified">), removed here.
    not_printed = NOT_PRINTED[theme] | ({"modified_at"} if theme == "zoxpress" else set())
    score = score_theme(theme, articles, comments, not_printed)
    assert score.errors == [], "\n".join(score.errors)
    for name in set(ARTICLE_FIELDS) - not_printed - {"modified_at", "comment_count"}:
        assert score.checked[name] == len(POSTS), name
    # A date the theme prints in its byline is the post's, to the second: not the permalink's month.
    if "published_at" not in NOT_PRINTED[theme]:
        assert "url" not in {a.published_at_source for a in articles}, theme
    assert result.stats.get("log_count/ERROR", 0) == 0


VARIANTS = json.loads((SITES / "wp-variants-expected.json").read_text())
BERLIN = json.loads((SITES / "wp-berlin-expected.json").read_text())


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_unknown_theme_on_the_variants_site(tmp_path):
    """wp-variants (Hello Elementor, /archives/N permalinks, category base "sections", REST refused), scrambled."""
    root = scramble_site(SITES / "wp-variants", tmp_path / "site")
    db = tmp_path / "variants.db"
    with serve(root) as site:
        await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, spidercls=WordPressSpider, site=site.base_url)
        base = site.base_url.rstrip("/")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT post_id, url, title, tags, body_text FROM articles").fetchall()
        comments = {
            row[0]: row[1:]
            for row in conn.execute("SELECT comment_id, post_id, parent_id, author, posted_at FROM comments")
        }
    got = {
        post_id: (url, title, sorted(json.loads(tags)), " ".join(body.split()))
        for post_id, url, title, tags, body in rows
    }
    assert got == {
        post["id"]: (base + post["path"], post["title"], sorted(post["tags"]), post["text"])
        for post in VARIANTS["posts"]
    }
    assert comments == {
        c["id"]: (c["post"], c["parent"] or None, c["author"], c["date_gmt"]) for c in VARIANTS["comments"]
    }


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_unknown_theme_on_the_berlin_site(tmp_path):
    """wp-berlin (a block theme, category base "themen", times with their offset), scrambled, without REST."""
    root = scramble_site(SITES / "wp-berlin", tmp_path / "site")
    db = tmp_path / "berlin.db"
    with serve(root) as site:
        await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, spidercls=WordPressSpider, site=site.base_url, rest="0")
        base = site.base_url.rstrip("/")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT post_id, url, title, published_at, categories FROM articles").fetchall()
        comments = {
            row[0]: row[1:] for row in conn.execute("SELECT comment_id, post_id, parent_id, posted_at FROM comments")
        }
    got = {post_id: (url, title, published, json.loads(cats)) for post_id, url, title, published, cats in rows}
    assert got == {
        post["id"]: (base + post["path"], post["title"], post["date_gmt"], post["categories"])
        for post in BERLIN["posts"]
    }
    assert comments == {c["id"]: (c["post"], c["parent"] or None, c["date_gmt"]) for c in BERLIN["comments"]}
