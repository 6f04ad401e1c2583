"""WordPress configurations the other replicas do not have, on tests/sites/wp-variants: a real
WordPress 6.1 with permalinks ``/archives/%post_id%`` (no date, no trailing slash), category base
``sections``, tag base ``topics``, the Hello Elementor theme and the REST API refused (401
``rest_disabled``) on every route. Ground truth from WordPress's database
(tests/sites/wp-variants-expected.json, written by tests/sites/wp-variants-capture.py)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from defense_news.detection import CATEGORY_SITEMAP, sitemap_categories
from defense_news.items import Article
from defense_news.pages import ArticlePage
from defense_news.pages.sitemap import read_sitemap
from defense_news.replica import ReplicaServer, serve
from defense_news.spiders.wordpress import WordPressSpider
from tests.helpers import ORIGIN, SITES, crawl, page, project_settings_dict

EXPECTED = json.loads((SITES / "wp-variants-expected.json").read_text())
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def variants_site() -> Iterator[ReplicaServer]:
    with serve(SITES / "wp-variants") as server:
        yield server


def test_the_replica_is_the_configuration_it_claims():
    options = EXPECTED["options"]
    assert options["permalink_structure"] == "/archives/%post_id%"
    assert (options["category_base"], options["tag_base"], options["template"]) == (
        "sections",
        "topics",
        "hello-elementor",
    )
    assert options["dn_rest_off"] == "all"


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_refused_api_unknown_theme_and_dateless_permalinks_lose_nothing(variants_site, tmp_path):
    # source=auto: the API refuses its first request, the page walk reads everything. The
    # listings carry no post_class and the permalinks no date: the article links are found
    # by the listing's own markup, not by their shape.
    db = tmp_path / "variants.db"
    result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, spidercls=WordPressSpider, site=variants_site.base_url)
    base = variants_site.base_url.rstrip("/")
    with sqlite3.connect(db) as conn:
        articles = dict(conn.execute("SELECT post_id, url FROM articles"))
        tags = {
            post_id: sorted(json.loads(value)) for post_id, value in conn.execute("SELECT post_id, tags FROM articles")
        }
        bodies = {
            post_id: " ".join(body.split()) for post_id, body in conn.execute("SELECT post_id, body_text FROM articles")
        }
        comments = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT comment_id, post_id, parent_id, author, posted_at, article_url FROM comments"
            )
        }
    # Permalinks as WordPress prints them: no trailing slash.
    assert articles == {post["id"]: base + post["path"] for post in EXPECTED["posts"]}
    # Tags under the tag base "topics" (Hello Elementor prints them in .tag-links).
    assert tags == {post["id"]: sorted(post["tags"]) for post in EXPECTED["posts"]}
    # Every post's whole text, the one split into three pages by <!--nextpage--> included
    # (its pages 2 and 3 are linked by wp_link_pages() only).
    assert [post["pages"] for post in EXPECTED["posts"]].count(3) == 1
    assert bodies == {post["id"]: post["text"] for post in EXPECTED["posts"]}
    assert {"/archives/10/2", "/archives/10/3"} <= set(variants_site.requests)
    paths = {post["id"]: post["path"] for post in EXPECTED["posts"]}
    assert comments == {
        c["id"]: (c["post"], c["parent"] or None, c["author"], c["date_gmt"], base + paths[c["post"]])
        for c in EXPECTED["comments"]
    }
    assert not set(EXPECTED["hidden_comments"]) & set(comments)
    assert result.stats["defense_news/site/category_base"] == "sections"
    # The long thread's other comment page, in the site's own form (no trailing slash).
    assert "/archives/5/comment-page-1" in variants_site.requests
    assert not [path for path in variants_site.requests if "comment-page-" in path and path.endswith("/")]


@pytest.mark.parametrize("post", EXPECTED["posts"], ids=lambda post: post["path"])
def test_a_site_without_widgets_keeps_its_article_dates(post):
    # twentytwentyone on a site with no widgets: <body class="... no-widgets">. The page is not a
    # widget; its own <time class="entry-date published"> is the post's date.
    response = page("wp-variants-tt1", post["path"] + "/")
    assert "no-widgets" in response.css("body::attr(class)").get()
    article = ArticlePage(response).article()
    assert (article.published_at, article.authors, sorted(article.categories), sorted(article.tags)) == (
        post["date_gmt"],
        [post["author"]],
        sorted(post["categories"]),
        sorted(post["tags"]),
    )


@pytest.mark.e2e
def test_source_rest_on_a_refused_api_fails_with_status_1(variants_site, tmp_path):
    # Asked to read the API only, a run whose API refuses cannot do its job: one error line,
    # finish reason rest_refused, exit status 1 (it used to finish "finished", status 0, with
    # nothing stored).
    db = tmp_path / "rest.db"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "wordpress",
        "-a", f"site={variants_site.base_url}", "-a", "source=rest",
        "-s", f"DEFENSE_NEWS_SQLITE_PATH={db}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1] == "Crawl failed: rest_refused (see the log above)"
    assert "source=rest: the REST API refused (HTTP 401 rest_disabled" in result.stderr
    assert "carrying on with HTML only" not in result.stderr
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT finish_reason FROM crawls").fetchall() == [("rest_refused",)]


def test_a_sitemap_url_answering_a_web_page_is_no_sitemap():
    # Under plain permalinks WordPress redirects /wp-sitemap-taxonomies-category-1.xml to the same
    # URL with a slash, which answers the home page (HTML). Reading it used to raise StopIteration
    # out of the detection callback: the crawl ended there, with nothing stored.
    home = (SITES / "wp-variants" / "index.html").read_bytes()
    for url in (f"https://www.19fortyfive.com/{CATEGORY_SITEMAP}/", "https://www.19fortyfive.com/wp-sitemap.xml/"):
        response = HtmlResponse(url=url, body=home, encoding="utf-8", request=Request(url))
        assert sitemap_categories(response, "https://www.19fortyfive.com/") is None
        assert read_sitemap(response) == ([], [])


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_a_lost_page_of_a_split_post_is_named_and_fetched_again_next_run(tmp_path):
    # Page 3 of the split post answers 500: the article is stored with pages 1-2 and marked, as
    # an incomplete thread is, so the next run reads it again.
    overlay = tmp_path / "overlay" / "archives" / "10" / "3"
    overlay.mkdir(parents=True)
    (overlay / "index.html").write_text("<html><body>Server error</body></html>")
    (overlay / "index.html.headers").write_text("Status: 500\nContent-Type: text/html; charset=UTF-8\n")
    db = tmp_path / "variants.db"
    with serve([tmp_path / "overlay", SITES / "wp-variants"]) as site:
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": str(db), "RETRY_TIMES": 0}, spidercls=WordPressSpider, site=site.base_url
        )
        url = site.base_url + "archives/10"
    split = next(post for post in EXPECTED["posts"] if post["pages"] == 3)
    assert result.stats["defense_news/failed/body_page"] == 1
    with closing(sqlite3.connect(db)) as conn:
        (body,) = conn.execute("SELECT body_text FROM articles WHERE post_id = ?", (split["id"],)).fetchone()
        marked = conn.execute("SELECT article_url, failed_url FROM incomplete_threads").fetchall()
    assert split["text"].startswith(" ".join(body.split()))
    assert "Page two" in body
    assert "Page three" not in body
    assert marked == [(url, url + "/3")]


@pytest.mark.parametrize("source", ["rest", "auto"])
@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_an_api_that_names_no_users_still_gives_every_byline(source, tmp_path):
    # tests/sites/wp-variants-rest: the user routes removed ("stop user enumeration"), so every
    # post embeds an error for its author. Each article used to be stored without authors; the
    # byline of one article page per author names them all.
    db = tmp_path / "rest.db"
    with serve(SITES / "wp-variants-rest") as site:
        result = await crawl(
            {"DEFENSE_NEWS_SQLITE_PATH": str(db)}, spidercls=WordPressSpider, site=site.base_url, source=source
        )
        pages = [path for path in site.requests if not path.startswith(("/wp-json/", "/robots.txt"))]
    with closing(sqlite3.connect(db)) as conn:
        authors = {
            post_id: json.loads(value) for post_id, value in conn.execute("SELECT post_id, authors FROM articles")
        }
        comments = conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    assert authors == {post["id"]: [post["author"]] for post in EXPECTED["posts"]}
    assert comments == len(EXPECTED["comments"])
    assert len(pages) == len({post["author"] for post in EXPECTED["posts"]}) == 2
    assert result.stats["defense_news/rest/bylines_from_pages"] == 2


def test_a_theme_without_bylines_costs_one_page_per_author():
    # Hello Elementor prints no byline: the first page of an author says so, and that author's
    # other articles are stored without authors instead of each fetching its page for nothing.
    # (Post 4's page names her after all, on her own reply: core's "bypostauthor" comment.)
    crawler = get_crawler(WordPressSpider, project_settings_dict())
    spider = WordPressSpider.from_crawler(crawler, site=ORIGIN + "/")
    first, second, third = (Article(url=f"{ORIGIN}/archives/{n}", post_id=n, authors=[]) for n in (6, 8, 4))
    asked = [*spider.needs_byline(first, 2), *spider.needs_byline(second, 2)]
    assert [r.url for r in asked] == [first.url]  # one request for the author; the second waits
    response = page("wp-variants", "/archives/6/")
    assert not ArticlePage(response).authors()
    out = list(spider.parse_byline(response, first, 2))
    assert out == [first, second]
    assert list(spider.needs_byline(third, 2)) == [third]
