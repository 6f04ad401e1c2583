"""``source=rest``: a WordPress site's posts and comments from its REST API, 100 to a request.

What to ask and what each answer yields, as plain state; the spider turns the URLs into
requests and yields the items. A full crawl reads every comment page
(``/wp/v2/comments?orderby=date_gmt&order=asc``, oldest first, so a comment posted during the
crawl lands on a later page instead of shifting the pages already read), counting comments per
post, then every post page (``/wp/v2/posts?orderby=id&order=asc`` with
``_embed=author,wp:term,wp:featuredmedia``, so names need no look-up request), each post
becoming an Article with its comment count. 236 posts and 2,445 comments cost 28 requests.

An incremental crawl asks only what changed since the last complete crawl, site-wide:
comments posted after it (``after=``), posts modified after it (``modified_after=``) and
posts published after it (``after=``: a scheduled post goes live with its old modified time).
With nothing new that is one request each. A new comment on an article of any age is seen.
The comment query reaches back further, over :attr:`RestCrawl.recheck` before now
(``DEFENSE_NEWS_REFRESH_DAYS``): a comment held for moderation keeps its own date when it is
approved, and an edited one keeps its date too (comments have no modified time), so only
reading the window again finds them; the store tells an edit by its content hash.

Every run records the site's own totals (:attr:`RestCrawl.site_totals`, ``X-WP-Total`` of
public posts and approved comments): a full crawl from the headers of its lists, an incremental
one from one ``per_page=1`` request per list (its own lists are filtered by date). What a list
read to its end no longer holds is gone from the site (:class:`~defense_news.rest.paging.Removal`,
issue 20): stored comments dated in the window read (every one, in a full crawl), stored posts
published in the window (every one), and posts now password-protected. Nothing is judged gone
from a crawl that lost anything.

Every answer goes through :func:`~defense_news.rest.answers.read_answer`: an answer showing
the API closed (401/403/429, HTML instead of JSON, no route) ends the REST crawl with
:attr:`RestCrawl.blocked` set, and the spider carries on from the pages. An answer that is
no page of records (5xx, JSON cut short, not a list) is a :attr:`Step.problem`, which the
spider asks again and then gives up as lost (:meth:`RestCrawl.lose`). Each list
(:class:`Paging`) ends by its records, not by its headers. :meth:`RestCrawl.losses` names
everything that keeps the crawl from being complete: only a complete crawl moves the next
run's ``since`` (docs/reliability.md).
"""

from __future__ import annotations

import logging
from collections import ChainMap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from ..dates import to_iso
from ..items import Article, Comment
from . import records as rest
from .answers import RestAnswer, shape_of
from .paging import AHEAD, Ask, Paging, Removal, Step
from .routes import posts_url, site_comments_url, total_url

logger = logging.getLogger(__name__)

# A crawl's "since" is moved back by this much: a comment or edit stamped by a site clock
# a little behind ours, during the last crawl, is still asked for (asking again is free:
# the same one request, and the store keeps one copy).
CLOCK_MARGIN = timedelta(minutes=10)

Count = Callable[[str], None]
KnownDepths = Callable[[Iterable[int]], dict[int, int]]
# SiteState.live_comment_ids / live_post_ids: ids of the live rows stored, in a window.
LiveIds = Callable[..., set[int]]


def _no_count(name: str) -> None:
    pass


def _no_depths(ids: Iterable[int]) -> dict[int, int]:
    return {}


def _anywhere(url: str) -> bool:
    return True


def _no_ids(*args: Any, **kwargs: Any) -> set[int]:
    return set()


def _same_url(url: str, page: int) -> str:
    return url


# What a crawl is given by its run (bound to the spider and the store), left out when it is
# pickled into spider.state (JOBDIR): the resumed run gives its own (dataclasses.replace).
RUN_HOOKS = {
    "count": _no_count,
    "known_depths": _no_depths,
    "on_site": _anywhere,
    "live_comment_ids": _no_ids,
    "live_post_ids": _no_ids,
}


# The lists a crawl reads: every comment (or those posted since), then every post (or
# those modified since, and those published since).
COMMENTS, POSTS, NEW_POSTS = "comments", "posts", "posts published since"
# The site's totals, asked apart when the lists read are filtered: list name → (route, total's name).
TOTALS = {"total of posts": ("posts", "articles"), "total of comments": ("comments", "comments")}


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
    # Whether a permalink is the site's own (records linking elsewhere are not stored).
    on_site: Callable[[str], bool] = _anywhere
    # Comments dated within this long before now are read again (late approvals, edits).
    recheck: timedelta = timedelta(0)
    # The live rows stored for the site (SiteState): a list read to its end that no longer
    # holds one of them shows it gone.
    live_comment_ids: LiveIds = _no_ids
    live_post_ids: LiveIds = _no_ids
    # The site's own totals, as its headers state them: "articles" (public posts), "comments" (approved).
    site_totals: dict[str, int] = field(default_factory=dict)
    # Posts listed as public; posts listed but no article (password-protected, not published).
    public_posts: set[int] = field(default_factory=set)
    hidden_posts: set[int] = field(default_factory=set)
    # Stored posts found hidden this run: a password-protected one stays in X-WP-Total, so the
    # difference WordPress makes itself grows by it (reconciliation).
    hidden_gone: set[int] = field(default_factory=set)
    # Comments stored by this crawl, by post; stored comments it found gone.
    post_comments: dict[int, set[int]] = field(default_factory=dict)
    removed_comments: set[int] = field(default_factory=set)
    judged: set[str] = field(default_factory=set)
    blocked: str | None = None
    # HTTP status of the refusal, and how many answers came before it.
    blocked_status: int | None = None
    blocked_url: str | None = None
    answers: int = 0
    lookups: rest.Lookups = field(default_factory=rest.Lookups)
    comment_counts: dict[int, int] = field(default_factory=dict)
    depths: dict[int, int] = field(default_factory=dict)
    comment_posts: dict[int, int] = field(default_factory=dict)
    lists: dict[str, Paging] = field(default_factory=dict)
    # Records read and not stored, and lists that changed while read: the crawl is not complete.
    record_losses: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    # Of those, the comment list's: a comment may be missing from any thread, so no thread's
    # count is known (issue 20 item 6).
    comment_losses: list[str] = field(default_factory=list)
    # Article URLs of the comments this crawl read (the threads the store would recount).
    comment_threads: set[str] = field(default_factory=set)
    posts_seen: int = 0
    # Article URL → author id, for posts whose author REST would not name (user routes
    # removed or closed, as "user enumeration" protection does): the spider reads the byline
    # from one article page per author.
    unnamed_authors: dict[str, int] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        # Pickled by Scrapy's SpiderState when a JOBDIR run pauses: where every list stands,
        # without the run's hooks (a bound spider method, the store's readers).
        return {**self.__dict__, **RUN_HOOKS}

    @property
    def posts_started(self) -> bool:
        return any(name != COMMENTS for name in self.lists)

    @property
    def complete(self) -> bool:
        """Every list read to its end, nothing refused, lost, left out or moved meanwhile."""
        return self.blocked is None and self.posts_started and not self.losses()

    # Kept for callers of the first release.
    finished = complete

    def losses(self) -> list[str]:
        """Why the crawl is not complete, one reason a line."""
        found = [f"refused at {self.blocked_url or 'the first answer'}: {self.blocked}"] if self.blocked else []
        for paging in self.lists.values():
            found += [f"{paging.url(n)}: {why}" for n, why in sorted(paging.losses.items())]
            if paging.end is None and not paging.pending and not paging.losses:
                found.append(f"{paging.name}: not read to the end")
        return found + self.record_losses + self.changed

    def comments_whole(self) -> bool:
        """Every comment of the list read and stored: a thread's count can be taken from them."""
        paging = self.lists.get(COMMENTS)
        return paging is not None and paging.complete and not paging.losses and not self.comment_losses

    def comments_lost(self) -> str:
        """Why the comment list was not read whole (for the log)."""
        paging = self.lists.get(COMMENTS)
        found = [f"{paging.url(n)}: {why}" for n, why in sorted(paging.losses.items())] if paging else []
        found += self.comment_losses
        return "; ".join(found[:3]) + (f"; and {len(found) - 3} more" if len(found) > 3 else "") or "not read"

    @property
    def after(self) -> str | None:
        return to_iso(self.since - CLOCK_MARGIN) if self.since is not None else None

    @property
    def comments_after(self) -> str | None:
        """Where the comment query starts: the last crawl, or the re-check window if it reaches further."""
        if self.since is None:
            return None
        return to_iso(min(self.since - CLOCK_MARGIN, self.now - self.recheck))

    def start(self) -> list[Ask]:
        after = self.comments_after
        url = partial(site_comments_url, self.api_root, per_page=self.per_page, after=after)
        paging = Paging(COMMENTS, url, self.per_page)
        self.lists[COMMENTS] = paging
        return paging.ask([1])

    def _start_posts(self) -> list[Ask]:
        after, size = self.after, self.per_page
        if not self.comments_whole():
            logger.warning(
                "Comments not read whole (%s): comment counts not known this run; articles are stored"
                " without one and no thread is recounted",
                self.comments_lost(),
            )
        if after is None:
            self.lists[POSTS] = Paging(POSTS, partial(posts_url, self.api_root, per_page=size), size, AHEAD)
        else:
            # Edited posts, and posts published since (WordPress publishes a scheduled post
            # without touching its modified time).
            modified = partial(posts_url, self.api_root, per_page=size, modified_after=after)
            self.lists[POSTS] = Paging(POSTS, modified, size, AHEAD)
            published = partial(posts_url, self.api_root, per_page=size, published_after=after)
            self.lists[NEW_POSTS] = Paging(NEW_POSTS, published, size, AHEAD)
        asks = [ask for paging in self.lists.values() if paging.name != COMMENTS for ask in paging.ask([1])]
        if after is not None:
            # The lists read are filtered by date: the site's totals cost one small request each.
            asks += [Ask(name, 1, total_url(self.api_root, route)) for name, (route, _) in TOTALS.items()]
        return asks

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

    # -- answers -----------------------------------------------------------------------

    def on_answer(self, listing: str, page: int, answer: RestAnswer) -> Step:
        """One answer for page ``page`` of ``listing``: its items and the pages to ask next."""
        if listing in TOTALS:
            return self._on_total(listing, answer)
        step = Step()
        paging = self.lists[listing]
        if self._refused(answer):
            self.blocked_url = self.blocked_url or paging.url(page)
            return step
        if answer.past_last_page:
            paging.past_last(page)
        elif not answer.ok or not isinstance(answer.data, list):
            step.problem = (
                answer.problem or f"HTTP {answer.status}, {shape_of(answer.data)} instead of a list of records"
            )
            return step
        else:
            self.count(f"rest/{'comment' if listing == COMMENTS else 'post'}_pages")
            self._check_total(paging, page, answer.total)
            if self.since is None and answer.total is not None and listing in (COMMENTS, POSTS):
                # Unfiltered lists: their X-WP-Total is the site's own.
                self.site_totals["comments" if listing == COMMENTS else "articles"] = answer.total
            step.asks = paging.records(page, answer.data, answer.total, answer.total_pages)
            if page in paging.lost:  # the page repeats earlier ones: the list cannot be read on
                self.count("rest/lost_pages")
                logger.error("REST page %s lost: %s", paging.url(page), paging.lost[page])
            url = paging.url(page)
            step.items.extend(
                self._comments(answer.data, url) if listing == COMMENTS else self._posts(answer.data, url)
            )
        step.asks += self._next_list(listing)
        step.removals = self._removals()
        return step

    def _on_total(self, listing: str, answer: RestAnswer) -> Step:
        step = Step()
        if self._refused(answer):
            self.blocked_url = self.blocked_url or total_url(self.api_root, TOTALS[listing][0])
        elif not answer.ok or answer.total is None:
            step.problem = answer.problem or f"HTTP {answer.status}, no X-WP-Total"
        else:
            self.site_totals[TOTALS[listing][1]] = answer.total
        return step

    def has_asked(self, listing: str, page: int) -> bool:
        """Whether this crawl asked for the page (not so: one queued by an earlier crawl)."""
        if listing in TOTALS:
            return self.since is not None and self.posts_started
        return listing in self.lists and page in self.lists[listing].asked

    @staticmethod
    def is_total(listing: str) -> bool:
        """A request for the site's totals only: losing it loses no record."""
        return listing in TOTALS

    def lose(self, listing: str, page: int, reason: str) -> Step:
        """A page given up on (its answer stayed bad, or the request failed): named and counted."""
        if listing in TOTALS:
            self.count("rest/totals_lost")
            logger.warning("The site's %s not read (%s): not recorded this run", listing, reason)
            return Step()
        paging = self.lists[listing]
        self.count("rest/lost_pages")
        logger.error("REST page %s lost: %s", paging.url(page), reason)
        step = Step(asks=paging.lose(page, reason))
        step.asks += self._next_list(listing)
        step.removals = self._removals()
        return step

    # -- removals ---------------------------------------------------------------------

    def _removals(self) -> list[Removal]:
        """Stored records a list read to its end no longer holds, once per list (nothing after a loss)."""
        found: list[Removal] = []
        comments = self.lists.get(COMMENTS)
        if COMMENTS not in self.judged and comments is not None and comments.end is not None and not comments.pending:
            self.judged.add(COMMENTS)
            if comments.complete and self.blocked is None and not self.losses():
                after = self.comments_after
                gone = self.live_comment_ids(posted_after=after) - comments.ids
                self.removed_comments = gone
                if gone:
                    self.count("rest/comments_gone")
                    where = f"dated after {after}" if after else "on the site"
                    found.append(Removal("comments", tuple(sorted(gone)), f"not among the comments {where}"))
        posts = [paging for name, paging in self.lists.items() if name != COMMENTS]
        if POSTS not in self.judged and posts and all(p.end is not None and not p.pending for p in posts):
            self.judged.add(POSTS)
            if all(p.complete for p in posts) and self.blocked is None and not self.losses():
                found += self._posts_gone()
        return found

    def _posts_gone(self) -> list[Removal]:
        live = self.live_post_ids()
        if self.since is None:
            absent = live - self.public_posts - self.hidden_posts
            window = "on the site"
        else:
            # Only posts published since the last run are listed whole: older ones are judged by the
            # reconciliation of the totals, not here.
            listed = self.lists[NEW_POSTS].ids
            absent = self.live_post_ids(published_after=self.after) - listed
            window = f"published after {self.after}"
        found = []
        if absent:
            self.count("rest/posts_gone")
            found.append(Removal("articles", tuple(sorted(absent)), f"not among the public posts {window}"))
        hidden = self.hidden_posts & live
        if hidden:
            self.hidden_gone |= hidden
            self.count("rest/posts_hidden")
            found.append(Removal("articles", tuple(sorted(hidden)), "password-protected or not published"))
        return found

    def _next_list(self, listing: str) -> list[Ask]:
        """Posts are read once the comments are (their counts come from them)."""
        if listing == COMMENTS and not self.lists[COMMENTS].pending and not self.posts_started:
            return self._start_posts()
        return []

    def _check_total(self, paging: Paging, page: int, total: int | None) -> None:
        """A list that shrinks while read moves records onto pages already read (missed this run)."""
        if total is None:
            return
        if paging.total is not None and total < paging.total:
            self.count("rest/total_changed")
            message = f"{paging.name}: X-WP-Total went from {paging.total} to {total} while read (page {page})"
            logger.warning("%s: records may have moved onto pages already read; read again next run", message)
            self.changed.append(message)
            if paging.name == COMMENTS:
                self.comment_losses.append(message)
        paging.total = total  # compared with the next answer's (one lying header is one warning)

    def _lost_record(self, stat: str, message: str, comments: bool = False) -> None:
        self.count(stat)
        logger.warning("%s: not stored; read again next run", message)
        self.record_losses.append(message)
        if comments:
            self.comment_losses.append(message)

    # -- comments ------------------------------------------------------------------

    def _comments(self, records: list[Any], url: str) -> list[Comment]:
        usable = [
            r
            for r in records
            if isinstance(r, dict) and isinstance(r.get("id"), int) and isinstance(r.get("post"), int)
        ]
        if len(usable) < len(records):
            self._lost_record(
                "rest/malformed_comments",
                f"{len(records) - len(usable)} comment records without id or post on {url}",
                comments=True,
            )
        page_posts = {r["id"]: r["post"] for r in usable}
        detached = set()
        for r in usable:
            parent = r.get("parent")
            parent_post = page_posts.get(parent) or self.comment_posts.get(parent) if isinstance(parent, int) else None
            if parent_post is not None and parent_post != r["post"]:
                detached.add(r["id"])
                self.count("rest/comments_parent_elsewhere")
                logger.warning(
                    "Comment %s of post %s replies to comment %s of post %s (%s): stored at depth 1",
                    r["id"],
                    r["post"],
                    parent,
                    parent_post,
                    url,
                )
        self.comment_posts.update(page_posts)
        parents = {r.get("parent") for r in usable} - {0, None} - self.depths.keys() - page_posts.keys()
        # Earlier pages' comments, then stored ones for parents on neither (looked up once per page).
        stored = self.known_depths(p for p in parents if isinstance(p, int)) if parents else {}
        if self.lists[COMMENTS].losses and parents - stored.keys():
            usable = self._without_lost_parents(usable, parents - stored.keys(), url)
        items = []
        for item in rest.site_comments(
            usable, {}, self.now, known_depths=ChainMap(self.depths, stored), detached=detached, count=self.count
        ):
            if item.article_url is None or not self.on_site(item.article_url):
                self.count("rest/offsite_links")
                logger.warning("Comment %s links outside the site (%s): not stored", item.comment_id, item.article_url)
                continue
            items.append(item)
            self.comment_threads.add(item.article_url)
            if item.comment_id is not None and item.depth is not None:
                self.depths[item.comment_id] = item.depth
            if item.post_id is not None:
                self.comment_counts[item.post_id] = self.comment_counts.get(item.post_id, 0) + 1
                if item.comment_id is not None:
                    self.post_comments.setdefault(item.post_id, set()).add(item.comment_id)
        return items

    def _without_lost_parents(self, records: list[dict[str, Any]], unknown: set[Any], url: str) -> list[dict[str, Any]]:
        """Replies whose thread leads to a comment not seen, once a comment page was lost: that
        comment may have been on the lost page, so their depth is unknown. Held back (a loss),
        rather than stored at a wrong depth; the next run reads them again."""
        by_id = {r["id"]: r for r in records}
        held = set()
        for record in records:
            parent, seen = record.get("parent"), {record["id"]}
            while parent in by_id and parent not in seen:
                seen.add(parent)
                parent = by_id[parent].get("parent")
            if parent in unknown:
                held.add(record["id"])
        if held:
            self._lost_record(
                "rest/comments_held_back",
                f"{len(held)} replies on {url} to comments not read (a comment page was lost): depth unknown",
                comments=True,
            )
        return [r for r in records if r["id"] not in held]

    def convert(self, kind: str, records: list[Any], url: str) -> list[Article | Comment]:
        """Records read outside the crawl's lists (reconciliation's windows) as items, checked
        the same way: ``kind`` is ``articles`` or ``comments``."""
        if kind == "articles":
            return list(self._posts(records, url))
        if COMMENTS not in self.lists:
            self.lists[COMMENTS] = Paging(COMMENTS, partial(_same_url, url), self.per_page)
        return list(self._comments(records, url))

    # -- posts ---------------------------------------------------------------------------

    def _posts(self, records: list[Any], url: str) -> list[Article]:
        for post in records:
            if isinstance(post, dict):
                self.lookups.learn_post(post)
        return self.articles(records, url)

    def listed_totals(self) -> dict[str, tuple[int, int]]:
        """The site's totals a full crawl read on its way (``X-WP-Total`` of the unfiltered
        lists), each with the records it listed and the crawl stores; nothing for an incremental
        crawl (its lists are filtered: reconciliation asks for the totals)."""
        if self.since is not None:
            return {}
        listed = {"articles": self.posts_seen, "comments": sum(self.comment_counts.values())}
        known = {}
        for kind, name in (("articles", POSTS), ("comments", COMMENTS)):
            paging = self.lists.get(name)
            if paging is not None and paging.total is not None:
                known[kind] = (paging.total, listed[kind])
        return known

    def articles(self, posts: list[Any], url: str = "") -> list[Article]:
        """Articles of post records (protected, unpublished, off-site and malformed ones left out, counted)."""
        items = []
        for post in posts:
            problem = record_problem(post)
            if problem is not None:
                ident = post.get("id") if isinstance(post, dict) else None
                self._lost_record("rest/malformed_posts", f"Post {ident!r} on {url or 'a REST page'}: {problem}")
                continue
            reason = rest.skip_reason(post)
            if reason is not None:
                self.count(f"skipped/{reason}")
                self.hidden_posts.add(post["id"])
                continue
            self.public_posts.add(post["id"])
            if not self.on_site(post["link"]):
                self.count("rest/offsite_links")
                logger.warning("Post %s links outside the site (%s): not stored", post["id"], post["link"])
                continue
            self.posts_seen += 1
            missing = self.lookups.missing(post)
            if missing:
                self.count("rest/unnamed_ids")
                logger.warning("REST named no %s for post %s", ", ".join(sorted(missing)), post["id"])
            for name in ("date_gmt", "modified_gmt"):
                value = post.get(name)
                if value is not None and rest.utc(value) is None:
                    self.count("rest/unparsable_dates")
                    logger.warning(
                        "Post %s (%s): %s %r is no date; stored without it", post["id"], post["link"], name, value
                    )
            article = rest.article_from_post(
                post, self.lookups, self.now, self.thread_count(post["id"]), count=self.count
            )
            if "users" in missing and not article.authors and article.url:
                self.unnamed_authors[article.url] = post["author"]
            items.append(article)
        return items

    def thread_count(self, post_id: int) -> int | None:
        """A post's live comments (issue 20 item 6): every comment was read (a full crawl), or those
        stored before, less those found gone, with those read now (an incremental one). None when
        the comment list was not read whole: any thread may lack comments."""
        if not self.comments_whole():
            self.count("rest/comment_counts_unknown")
            return None
        if self.since is None:
            return self.comment_counts.get(post_id, 0)
        stored = self.live_comment_ids(post_ids=[post_id]) - self.removed_comments
        return len(stored | self.post_comments.get(post_id, set()))


def record_problem(post: Any) -> str | None:
    """Why a post record cannot be stored at all (``None``: it can)."""
    if not isinstance(post, dict):
        return f"a {type(post).__name__}, not an object"
    if not isinstance(post.get("id"), int) or isinstance(post.get("id"), bool):
        return f"id {post.get('id')!r} is not a number"
    link = post.get("link")
    if not isinstance(link, str) or not link:
        return "no link"
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"link {link[:100]!r} is not a web address"
    return None
