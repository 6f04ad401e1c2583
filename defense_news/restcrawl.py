"""``source=rest``: a WordPress site's posts and comments from its REST API, 100 to a request.

What to ask and what each answer yields, as plain state; the spider turns the URLs into
requests and yields the items. A full crawl reads every comment page
(``/wp/v2/comments?orderby=date_gmt&order=asc``, oldest first, so a comment posted during the
crawl lands on a later page instead of shifting the pages already read), counting comments per
post, then every post page (``/wp/v2/posts?orderby=id&order=asc`` with
``_embed=author,wp:term,wp:featuredmedia``, so names need no look-up request), each post
becoming an Article with its comment count. 236 posts and 2,445 comments cost 28 requests.

An incremental crawl asks only what changed since the last successful crawl, site-wide:
comments posted after it (``after=``) and posts modified after it (``modified_after=``).
With nothing new that is one request each. A new comment on an article of any age is seen.

Every answer goes through :func:`~defense_news.pages.rest.read_answer`: an answer showing
the API closed (401/403/429, HTML instead of JSON, no route) ends the REST crawl with
:attr:`RestCrawl.blocked` set, and the spider carries on from the pages.
"""

from __future__ import annotations

import logging
from collections import ChainMap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .dates import to_iso
from .items import Article, Comment
from .pages import rest
from .pages.rest import RestAnswer, rest_url

logger = logging.getLogger(__name__)

# Embedded in every post page: its author, terms and featured image (no look-up requests).
EMBED = "author,wp:term,wp:featuredmedia"
# A crawl's "since" is moved back by this much: a comment or edit stamped by a site clock
# a little behind ours, during the last crawl, is still asked for (asking again is free:
# the same one request, and the store keeps one copy).
CLOCK_MARGIN = timedelta(minutes=10)

Count = Callable[[str], None]
KnownDepths = Callable[[Iterable[int]], dict[int, int]]


def _no_count(name: str) -> None:
    pass


def _no_depths(ids: Iterable[int]) -> dict[int, int]:
    return {}


def posts_url(api_root: str, page: int, per_page: int = 100, modified_after: str | None = None) -> str:
    """A page of posts: oldest id first (full crawl) or least recently modified first (since)."""
    params: dict[str, Any] = {"per_page": per_page, "page": page, "_embed": EMBED}
    if modified_after:
        params.update(modified_after=modified_after, orderby="modified", order="asc")
    else:
        params.update(orderby="id", order="asc")
    return rest_url(api_root, "wp/v2/posts", params)


def comments_url(api_root: str, page: int, per_page: int = 100, after: str | None = None) -> str:
    """A page of comments across the site, oldest first (``after``: only newer ones)."""
    params: dict[str, Any] = {"per_page": per_page, "page": page, "orderby": "date_gmt", "order": "asc"}
    if after:
        params["after"] = after
    return rest_url(api_root, "wp/v2/comments", params)


def batch_url(api_root: str, post_ids: Iterable[int] = (), slugs: Iterable[str] = ()) -> str:
    """The posts of one listing page in one request (``source=html`` enrichment): by id, or
    by slug for themes whose listings print no ``post-<ID>`` class (at most 100 either way)."""
    ids = sorted(set(post_ids))[:100]
    names = sorted(set(slugs))[:100]
    params: dict[str, Any] = {"include": ",".join(map(str, ids))} if ids else {"slug": ",".join(names)}
    params.update(per_page=max(1, len(ids or names)), _embed=EMBED)
    return rest_url(api_root, "wp/v2/posts", params)


@dataclass
class Step:
    """What one REST answer gives: items to yield and REST URLs to ask next."""

    items: list[Article | Comment] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


@dataclass
class RestCrawl:
    """The state of one ``source=rest`` crawl (see the module docstring)."""

    api_root: str
    now: datetime
    since: datetime | None = None
    per_page: int = 100
    count: Count = _no_count
    # Depths of comments stored by earlier runs (a new reply to an old comment).
    known_depths: KnownDepths = _no_depths
    blocked: str | None = None
    # HTTP status of the refusal, and how many answers came before it.
    blocked_status: int | None = None
    answers: int = 0
    lookups: rest.Lookups = field(default_factory=rest.Lookups)
    comment_counts: dict[int, int] = field(default_factory=dict)
    depths: dict[int, int] = field(default_factory=dict)
    comments_done: bool = False
    posts_pages: int | None = None
    posts_answered: int = 0
    posts_seen: int = 0

    @property
    def finished(self) -> bool:
        """Every comment page and every post page answered, none refused."""
        return (
            self.blocked is None
            and self.comments_done
            and self.posts_pages is not None
            and self.posts_answered >= self.posts_pages
        )

    @property
    def after(self) -> str | None:
        return to_iso(self.since - CLOCK_MARGIN) if self.since is not None else None

    def start(self) -> list[str]:
        return [comments_url(self.api_root, 1, self.per_page, self.after)]

    def refused(self, reason: str) -> None:
        """The API failed outright (a network error): the same as a refusal."""
        if self.blocked is None:
            self.blocked = reason

    def _refused(self, answer: RestAnswer) -> bool:
        if answer.blocked and self.blocked is None:
            self.blocked = answer.blocked
            self.blocked_status = answer.status
        if answer.blocked is None:
            self.answers += 1
        return answer.blocked is not None

    @property
    def not_here(self) -> bool:
        """The very first answer was a 404 that is not WordPress's JSON: no API at this root
        (the site may serve it at ``/?rest_route=/``), rather than an API that refuses."""
        return self.answers == 0 and self.blocked_status == 404

    # -- comments ------------------------------------------------------------------

    def on_comments(self, answer: RestAnswer, page: int) -> Step:
        """One page of comments: its items; then the next page, or the first page of posts."""
        step = Step()
        if self._refused(answer):
            return step
        records = answer.data if answer.ok and isinstance(answer.data, list) else []
        if not answer.ok and not answer.past_last_page:
            self.count("rest/unexpected_answers")
            logger.warning("Unexpected REST answer (HTTP %s) for comments page %s", answer.status, page)
        self.count("rest/comment_pages")
        step.items.extend(self._comments(records))
        if records and page < (answer.total_pages or page):
            step.urls.append(comments_url(self.api_root, page + 1, self.per_page, self.after))
        else:
            self.comments_done = True
            step.urls.append(posts_url(self.api_root, 1, self.per_page, self.after))
        return step

    def _comments(self, records: list[Any]) -> list[Comment]:
        usable = [r for r in records if isinstance(r, dict) and isinstance(r.get("id"), int)]
        parents = {r.get("parent") for r in usable} - {0, None} - self.depths.keys() - {r["id"] for r in usable}
        # Earlier pages' comments, then stored ones for parents on neither (looked up once per page).
        stored = self.known_depths(p for p in parents if isinstance(p, int)) if parents else {}
        items = rest.site_comments(usable, {}, self.now, known_depths=ChainMap(self.depths, stored))
        for item in items:
            if item.comment_id is not None and item.depth is not None:
                self.depths[item.comment_id] = item.depth
            if item.post_id is not None:
                self.comment_counts[item.post_id] = self.comment_counts.get(item.post_id, 0) + 1
        dropped = len(records) - len(items)
        if dropped:
            self.count("rest/malformed_comments")
            logger.warning("%s comment records without id, post or link left out", dropped)
        return items

    # -- posts ---------------------------------------------------------------------------

    def on_posts(self, answer: RestAnswer, page: int) -> Step:
        """One page of posts: its articles; after page 1, every other page at once."""
        step = Step()
        if self._refused(answer):
            return step
        self.posts_answered += 1
        if answer.past_last_page:
            return step
        if not answer.ok or not isinstance(answer.data, list):
            self.count("rest/unexpected_answers")
            logger.warning("Unexpected REST answer (HTTP %s) for posts page %s", answer.status, page)
            return step
        self.count("rest/post_pages")
        for post in answer.data:
            if isinstance(post, dict):
                self.lookups.learn_post(post)
        step.items.extend(self.articles(answer.data))
        if page == 1:
            self.posts_pages = max(1, answer.total_pages or 1)
            step.urls.extend(
                posts_url(self.api_root, n, self.per_page, self.after) for n in range(2, self.posts_pages + 1)
            )
        return step

    def articles(self, posts: list[Any]) -> list[Article]:
        """Articles of post records (protected, unpublished and malformed ones left out, counted)."""
        items = []
        for post in posts:
            reason = rest.skip_reason(post)
            if reason is not None:
                self.count(f"skipped/{reason}")
                continue
            self.posts_seen += 1
            missing = self.lookups.missing(post)
            if missing:
                self.count("rest/unnamed_ids")
                logger.warning("REST named no %s for post %s", ", ".join(sorted(missing)), post["id"])
            count = rest.thread_count(post, self.comment_counts) if self.since is None else None
            items.append(rest.article_from_post(post, self.lookups, self.now, count))
        return items
