"""The wp-news replica server answers REST queries as the real WordPress did (tests/wp_news.py)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import pytest

from defense_news.replica import ORIGIN
from tests.helpers import SITES
from tests.wp_news import SITE, WordPressApi, WpNewsServer, compare_checks, read_xz_json, serve_wp_news


@pytest.fixture(scope="module")
def site() -> Any:
    with serve_wp_news() as server:
        yield server


def get(server: WpNewsServer, path: str) -> tuple[int, Any, bytes]:
    try:
        with urllib.request.urlopen(server.origin + path) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_answers_are_wordpresss_own():
    """Every saved WordPress answer (status, paging headers, body bytes) is reproduced."""
    answers = read_xz_json(SITE / "checks.json.xz")
    assert len(answers) >= 30
    assert compare_checks() == []


def test_a_changed_answer_is_noticed(monkeypatch):
    """The check above can fail: a server that drops one post from the listing is caught."""
    original = WordPressApi._posts

    def one_short(self: WordPressApi, query: Any) -> list[dict[str, Any]]:
        return original(self, query)[1:]

    monkeypatch.setattr(WordPressApi, "_posts", one_short)
    failures = compare_checks()
    assert any("/wp/v2/posts?per_page=100:" in f and "X-WP-Total" in f for f in failures)


def test_counts_match_the_database():
    """Readable posts and the comments REST shows, against WordPress's own tables."""
    api = WordPressApi.captured()
    database = read_xz_json(SITE / "rest.json.xz")["database_posts"]
    published = [p for p in database if p["status"] == "publish"]
    assert len(published) == len(api.posts) == 238
    readable = {p["id"] for p in published if not p["protected"]}
    assert len(readable) == 236
    # wp_posts.comment_count counts approved comments; REST shows those of readable posts.
    shown = sum(p["comment_count"] for p in published if p["id"] in readable)
    assert shown == len(api.comments) == 2445
    assert len(api.comments) + len(api.hidden_comments) == sum(p["comment_count"] for p in database) == 2488


@pytest.mark.e2e
def test_pages_and_api_over_http(site):
    status, headers, body = get(site, "/wp-json/wp/v2/posts?per_page=100&page=3")
    assert status == 200
    assert headers["X-WP-Total"] == "238"
    assert headers["X-WP-TotalPages"] == "3"
    assert headers["Link"] == f'<{site.origin}/wp-json/wp/v2/posts?per_page=100&page=2>; rel="prev"'
    posts = json.loads(body)
    assert len(posts) == 38
    status, _, page = get(site, posts[0]["link"][len(site.origin) :])
    assert status == 200
    assert f"postid-{posts[0]['id']}" in page.decode()
    assert get(site, "/wp-json/wp/v2/nothing")[0] == 404
    assert get(site, "/category/sea-power/page/99/")[0] == 404


@pytest.mark.e2e
def test_api_refuses_mid_crawl():
    with serve_wp_news() as server:
        server.refuse_api_after = 2
        assert get(server, "/wp-json/wp/v2/posts")[0] == 200
        assert get(server, "/wp-json/wp/v2/comments")[0] == 200
        status, headers, _body = get(server, "/wp-json/wp/v2/posts?page=2")
        assert status == 403
        assert headers["Content-Type"].startswith("text/html")
        assert get(server, "/")[0] == 200  # the pages still answer
        assert server.api_requests == 3


@pytest.mark.e2e
def test_a_new_comment_on_an_old_post_is_listed_after():
    """add_comment: the comment REST lists for ``after`` (site-wide) and for its post."""
    api = WordPressApi.captured()
    oldest = min(api.posts, key=lambda p: p["date_gmt"])
    latest = max(c["date_gmt"] for c in (*api.comments, *api.hidden_comments))
    record = api.add_comment(oldest["id"], "New Reader", "Still relevant.", datetime(2025, 3, 1, 12, tzinfo=UTC))
    with serve_wp_news(api) as server:
        status, headers, body = get(server, f"/wp-json/wp/v2/comments?after={latest}Z&orderby=date_gmt&order=asc")
        assert status == 200
        assert headers["X-WP-Total"] == "1"
        (listed,) = json.loads(body)
        assert listed["id"] == record["id"]
        assert listed["post"] == oldest["id"]
        assert listed["date"] == "2025-03-01T07:00:00"
        assert listed["date_gmt"] == "2025-03-01T12:00:00"
        assert listed["link"].startswith(oldest["link"].replace("https://www.19fortyfive.com", server.origin))
        status, headers, _ = get(server, f"/wp-json/wp/v2/comments?post={oldest['id']}&per_page=100")
        assert int(headers["X-WP-Total"]) == 1 + sum(
            c["post"] == oldest["id"] for c in WordPressApi.captured().comments
        )


def test_a_modified_post_is_listed_by_modified_after():
    api = WordPressApi.captured()
    latest = max(p["modified_gmt"] for p in api.posts)
    post = api.posts[-1]
    api.modify_post(post["id"], datetime(2025, 2, 1, tzinfo=UTC))
    status, headers, body = api.answer("/wp/v2/posts", [("modified_after", latest + "Z")], "http://x")
    assert status == 200
    assert headers["X-WP-Total"] == "1"
    assert [p["id"] for p in json.loads(body)] == [post["id"]]
    # The captured site is untouched by that change.
    assert (
        WordPressApi.captured().answer("/wp/v2/posts", [("modified_after", latest + "Z")], "http://x")[1]["X-WP-Total"]
        == "0"
    )


# -- the small site's API (tests/sites/wp-api) ----------------------------------------


def test_small_site_answers_are_wordpresss_own():
    """wp-content.php's site (wp-tt3's content): the same engine, its own records and checks."""
    assert compare_checks(SITES / "wp-api") == []


def test_small_site_reproduces_the_older_captures():
    """The REST answers saved file by file in tests/sites/wp-api (from another WordPress
    instance with the same content) come out of the records byte for byte."""
    api = WordPressApi.captured(SITES / "wp-api")
    compared = 0
    for file in sorted((SITES / "wp-api").rglob("*@*")):
        if file.name.endswith(".headers"):
            continue
        path, query = str(file.relative_to(SITES / "wp-api")).split("@", 1)
        pairs = parse_qsl(query, keep_blank_values=True)
        route = dict(pairs).pop("rest_route") if path == "index.html" else path[len("wp-json") :]
        pairs = [(k, v) for k, v in pairs if k != "rest_route"]
        status, _, body = api.answer(route, pairs, ORIGIN)
        saved_status = int(file.with_name(file.name + ".headers").read_text().split()[1])
        assert (status, body.decode()) == (saved_status, file.read_text()), file.name
        compared += 1
    assert compared == 32
