"""RestCrawl (source=rest) driven against the wp-news replica's API, without a spider.

Each URL it asks is answered by the replica's WordPressApi; the tests count the requests
and compare what comes out with what the HTML path extracts from the same site's pages.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import pytest
from scrapy.http import TextResponse

from defense_news.items import Article, Comment
from defense_news.replica import ORIGIN
from defense_news.rest.answers import read_answer
from defense_news.rest.crawl import RestCrawl
from defense_news.rest.paging import Removal
from defense_news.rest.routes import batch_url, posts_url
from defense_news.rest.routes import site_comments_url as comments_url
from defense_news.rest.verdict import judge
from tests.wp_news import WordPressApi, html_items

NOW = datetime(2025, 1, 15, 12, tzinfo=UTC)
TZ = ZoneInfo("America/New_York")
API_ROOT = ORIGIN + "/wp-json/"

Fetch = Callable[[str], tuple[int, dict[str, str], bytes]]


def api_fetch(api: WordPressApi) -> Fetch:
    def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        return api.answer(parts.path[len("/wp-json") :], parse_qsl(parts.query, keep_blank_values=True), ORIGIN)

    return fetch


def drive(
    crawl: RestCrawl,
    fetch: Fetch,
    between: Callable[[int], None] | None = None,
    removals: list[Removal] | None = None,
) -> tuple[list[Any], list[str]]:
    """Ask what the crawl asks, one URL at a time, until it asks nothing more (records gone into ``removals``)."""
    queue, asked, items = crawl.start(), [], []
    while queue:
        ask = queue.pop(0)
        asked.append(ask.url)
        status, headers, body = fetch(ask.url)
        answer = read_answer(TextResponse(ask.url, status=status, headers=headers, body=body))
        step = crawl.on_answer(ask.listing, ask.page, answer)
        assert step.problem is None, step.problem
        items += step.items
        queue += step.asks
        if removals is not None:
            removals += step.removals
        if between is not None:
            between(len(asked))
    return items, asked


def fields(item: Article | Comment) -> dict[str, Any]:
    values = dataclasses.asdict(item)
    values.pop("scraped_at")
    return values


@pytest.fixture(scope="module")
def from_pages() -> tuple[dict[str, Article], dict[int, Comment]]:
    return html_items(WordPressApi.captured(), NOW, TZ)


def test_urls():
    assert posts_url(API_ROOT, 2) == (
        f"{API_ROOT}wp/v2/posts?per_page=100&page=2&_embed=author%2Cwp%3Aterm%2Cwp%3Afeaturedmedia&orderby=id&order=asc"
    )
    assert comments_url(API_ROOT, 1, after="2025-01-01T00:00:00Z").endswith(
        "comments?per_page=100&page=1&orderby=date_gmt&order=asc&after=2025-01-01T00%3A00%3A00Z"
    )
    assert "include=3%2C7%2C12&per_page=3&" in batch_url(API_ROOT, [12, 3, 7, 3])


def test_full_crawl_is_the_pages_in_28_requests(from_pages):
    counted: dict[str, int] = {}
    crawl = RestCrawl(API_ROOT, NOW, count=lambda name: counted.__setitem__(name, counted.get(name, 0) + 1))
    items, asked = drive(crawl, api_fetch(WordPressApi.captured()))
    articles = {a.url: a for a in items if isinstance(a, Article)}
    comments = {c.comment_id: c for c in items if isinstance(c, Comment)}
    assert len(asked) == 25 + 3  # 2,445 comments and 238 posts, 100 to a page
    assert (len(articles), len(comments)) == (236, 2445)
    assert len(items) == len(articles) + len(comments)  # nothing twice
    # A thread known empty counts 0, closed or open (issue 20 item 6): every comment was read. The
    # pages of a closed one state no count.
    api = WordPressApi.captured()
    commented = {c["post"] for c in api.comments}
    closed_empty = {p["link"] for p in api.posts if p["comment_status"] == "closed" and p["id"] not in commented}
    assert closed_empty
    assert {from_pages[0][url].comment_count for url in closed_empty} == {None}
    expected = {
        url: {**fields(a), "comment_count": 0} if url in closed_empty else fields(a) for url, a in from_pages[0].items()
    }
    assert {url: fields(a) for url, a in articles.items()} == expected
    assert {i: fields(c) for i, c in comments.items()} == {i: fields(c) for i, c in from_pages[1].items()}
    assert counted == {"rest/comment_pages": 25, "rest/post_pages": 3, "skipped/password_protected": 2}
    assert crawl.blocked is None
    assert crawl.complete
    # The site's own totals, from the headers of the lists read (no request of their own): public
    # posts (the two protected ones too), approved comments (those of protected posts too).
    assert crawl.site_totals == {"articles": 238, "comments": len(api.comments) + len(api.hidden_comments)}


@pytest.mark.parametrize("since", [None, NOW - timedelta(days=400)], ids=["full", "incremental"])
def test_a_crawl_pickled_mid_way_goes_on_where_it_stood(since):
    """As a JOBDIR run paused keeps it in spider.state: its pages still to ask in the queue, the
    crawl pickled without its run's hooks (a lambda here, a bound spider method in a crawl)."""
    fetch = api_fetch(WordPressApi.captured())
    whole_items, whole_asked = drive(RestCrawl(API_ROOT, NOW, since=since), fetch)
    crawl = RestCrawl(API_ROOT, NOW, since=since, count=lambda name: None, on_site=lambda url: True)
    queue, asked, items = crawl.start(), [], []
    while queue:
        if len(asked) == len(whole_asked) - 2:  # among the post pages, the comment counts all read
            crawl, queue = pickle.loads(pickle.dumps((crawl, queue)))
        ask = queue.pop(0)
        asked.append(ask.url)
        status, headers, body = fetch(ask.url)
        step = crawl.on_answer(
            ask.listing, ask.page, read_answer(TextResponse(ask.url, status=status, headers=headers, body=body))
        )
        items += step.items
        queue += step.asks
    assert asked == whole_asked
    assert [fields(i) for i in items] == [fields(i) for i in whole_items]
    assert crawl.complete


def test_repeat_run_with_nothing_new_asks_five_times():
    """Three lists, and the site's totals (issue 20): one record of each list, for its X-WP-Total."""
    crawl = RestCrawl(API_ROOT, NOW, since=NOW)
    api = WordPressApi.captured()
    items, asked = drive(crawl, api_fetch(api))
    assert items == []
    assert len(asked) == 5
    assert crawl.complete
    assert [url.removeprefix(API_ROOT) for url in asked[3:]] == [
        "wp/v2/posts?per_page=1&_fields=id",
        "wp/v2/comments?per_page=1&_fields=id",
    ]
    assert crawl.site_totals == {"articles": 238, "comments": len(api.comments) + len(api.hidden_comments)}
    assert "after=2025-01-15T11%3A50%3A00Z" in asked[0]  # ten minutes of clock margin
    assert "modified_after=2025-01-15T11%3A50%3A00Z" in asked[1]
    # Posts published since: a scheduled post goes live with its old modified time.
    assert "&after=2025-01-15T11%3A50%3A00Z&orderby=date" in asked[2]


def test_new_comment_on_an_old_article_and_a_reply_to_a_stored_comment():
    api = WordPressApi.captured()
    oldest = min(api.posts, key=lambda p: p["date_gmt"])
    stored = next(c for c in api.comments if c["post"] == oldest["id"] and c["parent"])
    top = api.add_comment(oldest["id"], "New Reader", "Still relevant.", datetime(2025, 3, 1, 12, tzinfo=UTC))
    reply = api.add_comment(oldest["id"], "Another", "Agreed.", datetime(2025, 3, 1, 13, tzinfo=UTC), stored["id"])
    asked_depths: list[list[int]] = []

    def known_depths(ids: Any) -> dict[int, int]:
        ids = list(ids)
        asked_depths.append(ids)
        return {stored["id"]: 3} if stored["id"] in ids else {}

    crawl = RestCrawl(API_ROOT, datetime(2025, 3, 2, tzinfo=UTC), since=NOW, known_depths=known_depths)
    items, asked = drive(crawl, api_fetch(api))
    assert len(asked) == 5  # three lists, two totals
    assert [(c.comment_id, c.parent_id, c.depth) for c in items] == [
        (top["id"], None, 1),
        (reply["id"], stored["id"], 4),
    ]
    assert {c.article_url for c in items} == {oldest["link"]}
    assert asked_depths == [[stored["id"]]]


def test_modified_post_is_asked_again():
    api = WordPressApi.captured()
    post = min(api.posts, key=lambda p: p["date_gmt"])
    api.modify_post(post["id"], datetime(2025, 2, 1, tzinfo=UTC), title="A new title")
    thread = {c["id"] for c in api.comments if c["post"] == post["id"]}
    assert thread
    asked_for: list[Any] = []

    def live_comment_ids(**window: Any) -> set[int]:
        asked_for.append(window)
        return thread if window.get("post_ids") == [post["id"]] else set()

    crawl = RestCrawl(API_ROOT, NOW, since=NOW, live_comment_ids=live_comment_ids)
    items, asked = drive(crawl, api_fetch(api))
    (article,) = items
    assert (article.url, article.title, article.modified_at) == (post["link"], "A new title", "2025-02-01T00:00:00Z")
    # The live comments stored for it (issue 20 item 6; was None: only new comments were counted).
    assert article.comment_count == len(thread)
    assert {"post_ids": [post["id"]]} in asked_for
    assert len(asked) == 5


def test_a_late_approval_and_an_edit_within_the_recheck_window_are_read_again():
    """A comment written before the last crawl but approved after it keeps its own date, and an
    edit leaves the date alone: the comment query reaches back over the re-check window."""
    api = WordPressApi.captured()
    post = api.posts[10]
    held = api.add_comment(post["id"], "First Timer", "Held.", NOW - timedelta(days=2), approved=False)
    edited = api.add_comment(post["id"], "Regular", "Frist!", NOW - timedelta(days=3))
    api.approve_comment(held["id"])
    api.edit_comment(edited["id"], "First!")
    crawl = RestCrawl(API_ROOT, NOW + timedelta(hours=1), since=NOW, recheck=timedelta(days=14))
    items, asked = drive(crawl, api_fetch(api))
    assert len(asked) == 5  # three lists, two totals
    assert "after=2025-01-01T13%3A00%3A00Z" in asked[0]
    assert [(c.comment_id, c.text) for c in items] == [(edited["id"], "First!"), (held["id"], "Held.")]
    assert crawl.complete
    # Without the window (the crawl as it was), neither is seen.
    items, _ = drive(RestCrawl(API_ROOT, NOW + timedelta(hours=1), since=NOW), api_fetch(api))
    assert items == []


def test_comments_posted_during_the_crawl_are_not_lost_or_doubled():
    api = WordPressApi.captured()
    post = api.posts[10]
    added: list[int] = []

    def comment_now_and_then(asked: int) -> None:
        if asked in (3, 12):
            when = datetime(2025, 1, 15, 11, asked, tzinfo=UTC)
            added.append(api.add_comment(post["id"], "Live", f"Comment {asked}.", when)["id"])

    items, _ = drive(RestCrawl(API_ROOT, NOW), api_fetch(api), between=comment_now_and_then)
    ids = [c.comment_id for c in items if isinstance(c, Comment)]
    assert len(ids) == len(set(ids)) == 2445 + 2
    assert set(added) <= set(ids)


def test_an_api_that_starts_refusing_ends_the_rest_crawl():
    fetch = api_fetch(WordPressApi.captured())
    answered = 0

    def refusing(url: str) -> tuple[int, dict[str, str], bytes]:
        nonlocal answered
        answered += 1
        if answered > 5:
            return 403, {"Content-Type": "text/html; charset=UTF-8"}, b"<html><body>Forbidden</body></html>"
        return fetch(url)

    crawl = RestCrawl(API_ROOT, NOW)
    items, asked = drive(crawl, refusing)
    assert len(asked) == 6  # the refusal is the last thing asked
    assert crawl.blocked == "HTTP 403, not JSON (text/html; charset=utf-8)"
    assert len(items) == 500  # the five comment pages answered
    assert all(isinstance(c, Comment) for c in items)
    assert not crawl.complete


def test_batched_enrichment_of_a_listing_page():
    """One request names every post of a listing page (ids from its post-<ID> classes)."""
    from scrapy.http import HtmlResponse, Request

    from defense_news.pages import ListingPage
    from defense_news.rest.enrichment import facts_by_url, listing_post_ids
    from tests.wp_news import _unpacked_pages

    url = ORIGIN + "/category/sea-power/page/2/"
    body = (_unpacked_pages() / "category/sea-power/page/2/index.html").read_bytes()
    response = HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))
    urls = [e.url for e in ListingPage(response, TZ, NOW).entries()]
    ids = listing_post_ids(response, urls)
    assert len(urls) == len(ids) == 10
    api = WordPressApi.captured()
    assert ids == {p["link"]: p["id"] for p in api.posts if p["link"] in urls}
    fetch = api_fetch(api)
    for url_ in (
        batch_url(API_ROOT, ids.values()),
        batch_url(API_ROOT, slugs=[u.rstrip("/").rsplit("/", 1)[1] for u in urls]),
    ):
        status, headers, body = fetch(url_)
        facts = facts_by_url(read_answer(TextResponse(url_, status=status, headers=headers, body=body)))
        assert set(facts) == set(urls)
        assert all(f.categories and "Sea Power" in f.categories for f in facts.values())


@pytest.mark.parametrize(("site", "expected"), [("wp-tt1", {15, 14, 12}), ("wp-tt3", {15, 14, 12}), ("zox", set())])
def test_listing_post_ids_on_other_themes(site, expected):
    """Ids of /category/military/ from tests/sites/wp-expected.md; the ZoxPress grid prints none."""
    from defense_news.pages import ListingPage
    from defense_news.rest.enrichment import listing_post_ids
    from tests.helpers import page

    path = "/category/military/" if site != "zox" else "/category/russia/"
    response = page(site, path)
    urls = [e.url for e in ListingPage(response, TZ, NOW).entries()]
    assert set(listing_post_ids(response, urls).values()) == expected


# -- removals (issue 20 item 3) ------------------------------------------------------------


def stored_ids(api: WordPressApi) -> tuple[set[int], dict[int, str]]:
    """What a database filled by a full crawl of the replica as it is now holds: comment ids, and
    post ids with their date (stored UTC, as REST gives it)."""
    posts = {p["id"]: p["date_gmt"] + "Z" for p in api.posts if not p["content"].get("protected")}
    return {c["id"] for c in api.comments}, posts


def live_ids(api: WordPressApi) -> dict[str, Any]:
    """SiteState's live_comment_ids and live_post_ids over the replica as it is now."""
    comments = {c["id"]: (c["date_gmt"] + "Z", c["post"]) for c in api.comments}
    _, posts = stored_ids(api)

    def live_comment_ids(posted_after: str | None = None, post_ids: Any = None, **_: Any) -> set[int]:
        return {
            i
            for i, (date, post) in comments.items()
            if (posted_after is None or date > posted_after) and (post_ids is None or post in post_ids)
        }

    def live_post_ids(published_after: str | None = None, **_: Any) -> set[int]:
        return {i for i, date in posts.items() if published_after is None or date > published_after}

    return {"live_comment_ids": live_comment_ids, "live_post_ids": live_post_ids}


def test_an_incremental_crawl_finds_a_trashed_comment_and_a_post_gone_within_its_windows():
    api = WordPressApi.captured()
    post = api.posts[10]
    recent = api.add_comment(post["id"], "Reader", "Soon trashed.", NOW - timedelta(days=1))
    older = api.add_comment(post["id"], "Reader", "Trashed, before the window.", NOW - timedelta(days=30))
    new_post = api.modify_post(api.posts[20]["id"], NOW - timedelta(minutes=30))  # published since the last run
    new_post["date"], new_post["date_gmt"] = new_post["modified"], new_post["modified_gmt"]
    stored = live_ids(api)  # the database as the last run left it
    api.trash_comment(recent["id"])
    api.trash_comment(older["id"])
    api.unpublish_post(new_post["id"])
    removals: list[Removal] = []
    crawl = RestCrawl(API_ROOT, NOW, since=NOW - timedelta(hours=1), recheck=timedelta(days=14), **stored)
    drive(crawl, api_fetch(api), removals=removals)
    assert crawl.complete
    assert [(r.kind, r.ids) for r in removals] == [("comments", (recent["id"],)), ("articles", (new_post["id"],))]
    assert removals[0].reason == "not among the comments dated after 2025-01-01T12:00:00Z"
    # The older comment is outside every list read: left to the reconciliation of the totals.
    assert crawl.site_totals["comments"] == len(api.comments) + len(api.hidden_comments)


def test_a_full_crawl_finds_every_record_gone_and_a_post_protected_since():
    api = WordPressApi.captured()
    stored = live_ids(api)
    trashed = api.trash_comment(api.comments[0]["id"])
    draft = api.unpublish_post(api.posts[5]["id"])
    protected = api.protect_post(api.posts[7]["id"])
    hidden = {c["id"] for c in api.hidden_comments if c["post"] in (draft["id"], protected["id"])}
    assert hidden
    removals: list[Removal] = []
    crawl = RestCrawl(API_ROOT, NOW, **stored)
    items, _ = drive(crawl, api_fetch(api), removals=removals)
    assert crawl.complete
    gone = {kind: set() for kind in ("articles", "comments")}
    for removal in removals:
        gone[removal.kind] |= set(removal.ids)
    # The comments of the two posts are counted by WordPress but no longer shown: gone too.
    assert gone == {"comments": {trashed["id"]} | hidden, "articles": {draft["id"], protected["id"]}}
    assert protected["link"] not in {a.url for a in items if isinstance(a, Article)}


def test_nothing_is_judged_gone_from_a_crawl_that_lost_a_page():
    api = WordPressApi.captured()
    stored = live_ids(api)
    api.trash_comment(api.comments[0]["id"])
    api.unpublish_post(api.posts[5]["id"])
    fetch = api_fetch(api)

    def losing(url: str) -> tuple[int, dict[str, str], bytes]:
        if "comments?" in url and "page=3&" in url:
            return fetch(url.replace("page=3&", "page=1&"))  # a cache answers page 1 again: a page lost
        return fetch(url)

    removals: list[Removal] = []
    crawl = RestCrawl(API_ROOT, NOW, **stored)
    drive(crawl, losing, removals=removals)
    assert not crawl.complete
    assert removals == []


@pytest.mark.parametrize("value", ["\u00b2", "9" * 5000, "-1", "12abc", ""])
def test_a_paging_header_that_is_no_count_is_taken_as_missing(value):
    # A superscript two is a digit to str.isdigit() but no number to int(); int() refuses
    # 5,000 digits: either used to raise out of the callback, losing the page with a traceback.
    headers = {"Content-Type": "application/json", "X-WP-TotalPages": value.encode("latin-1"), "X-WP-Total": value}
    answer = read_answer(TextResponse(API_ROOT + "wp/v2/posts?page=1", status=200, headers=headers, body=b"[]"))
    assert answer.ok
    assert (answer.total_pages, answer.total) == (None, None)


def test_a_crawl_whose_answer_was_never_handled_names_the_page_in_its_verdict():
    # An answer whose callback raised is neither read nor lost: the verdict used to be incomplete
    # with no reason at all ("the REST API was not read whole ()").
    crawl = RestCrawl(API_ROOT, NOW)
    (first,) = crawl.start()
    verdict = judge(crawl, dropped=0)
    assert not verdict.complete
    assert verdict.summary == f"{first.url}: asked, its answer never handled (see the error above)"


def test_a_wordpress_error_answered_200_is_named_by_its_code_and_message():
    crawl = RestCrawl(API_ROOT, NOW)
    (first,) = crawl.start()
    body = b'{"code":"internal_server_error","message":"There has been a critical error on this website.","data":{"status":500}}'
    answer = read_answer(TextResponse(first.url, status=200, headers={"Content-Type": "application/json"}, body=body))
    step = crawl.on_answer(first.listing, first.page, answer)
    assert step.problem == (
        "HTTP 200, WordPress error 'internal_server_error' (There has been a critical error on this website.) "
        "instead of a list of records"
    )
