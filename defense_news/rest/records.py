"""REST records → the same Article and Comment items the HTML pages give.

Pure functions of decoded JSON; :mod:`defense_news.rest.crawl` and the spider decide when to
ask. REST prints ``date_gmt``/``modified_gmt`` without a zone (``2024-10-01T11:30:00``):
they are UTC.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from lxml.html import HtmlElement

from ..dates import parse_iso, to_iso
from ..html_text import element_text
from ..items import Article, Comment
from ..loaders import ArticleLoader, CommentLoader
from ..pages.parsing import fragment_checked
from ..processors import clean_name, clean_text
from ..urls import article_permalink
from .answers import RestAnswer

logger = logging.getLogger(__name__)

TERM_FIELDS = {"category": "categories", "post_tag": "tags"}

# -- posts -------------------------------------------------------------------


def utc(value: Any) -> str | None:
    """``date_gmt`` as stored: ``2024-10-01T11:30:00`` → ``2024-10-01T11:30:00Z``."""
    if not isinstance(value, str) or not value:
        return None
    moment = parse_iso(value)  # naive means UTC here
    return to_iso(moment) if isinstance(moment, datetime) else None


def _rendered(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def term_key(value: str) -> str:
    """A term name or slug reduced for comparison: ``"North Korea"`` and ``north-korea`` match.

    >>> term_key("Politics &amp; Policy"), term_key("north-korea"), term_key("North Korea")
    ('politics-policy', 'north-korea', 'north-korea')
    """
    return re.sub(r"\W+", "-", html.unescape(value).casefold()).strip("-")


def post_terms(post: dict[str, Any]) -> tuple[dict[str, list[str]], set[str], dict[str, str]]:
    """Category and tag names from ``_embedded["wp:term"]`` (names come HTML-escaped),
    the keys (:func:`term_key`) of their names and slugs, and the categories' slug -> name."""
    terms: dict[str, list[str]] = {"categories": [], "tags": []}
    keys: set[str] = set()
    category_names: dict[str, str] = {}
    for group in (post.get("_embedded") or {}).get("wp:term") or []:
        for term in group or []:
            if not isinstance(term, dict):
                continue
            key = TERM_FIELDS.get(term.get("taxonomy", ""))
            name = html.unescape(term.get("name") or "").strip()
            if key and name and name not in terms[key]:
                terms[key].append(name)
                keys.update(term_key(v) for v in (name, term.get("slug") or "") if v)
            if key == "categories" and name and isinstance(term.get("slug"), str) and term["slug"]:
                category_names[term["slug"]] = name
    return terms, keys, category_names


@dataclass
class PostFacts:
    """What REST knows exactly about a post."""

    post_id: int
    link: str | None
    slug: str | None
    status: str | None
    published_at: str | None
    modified_at: str | None
    comment_status: str | None
    categories: list[str] | None = None
    tags: list[str] | None = None
    protected: bool = False
    term_keys: set[str] = field(default_factory=set)
    # Category slug -> name, for the slugs other pages leave unnamed (defense_news/categorybook.py).
    category_names: dict[str, str] = field(default_factory=dict)
    # Shown by some themes only; filled into an article whose page lacks them.
    description: str | None = None
    image_url: str | None = None
    image_caption: str | None = None
    authors: list[str] | None = None


def post_facts(post: dict[str, Any]) -> PostFacts | None:
    if not isinstance(post, dict) or not isinstance(post.get("id"), int):
        return None
    terms, keys, category_names = post_terms(post) if "_embedded" in post else (None, set(), {})
    media = Lookups()
    media.learn_media((post.get("_embedded") or {}).get("wp:featuredmedia"))
    media.learn_users((post.get("_embedded") or {}).get("author"))
    image = media.media.get(post.get("featured_media") or 0)
    author = clean_name(media.users.get(post["author"])) if isinstance(post.get("author"), int) else None
    # Straight into the article (no loader): cleaned as the loader would.
    return PostFacts(
        description=clean_text(own_excerpt(post)),
        image_url=image.url if image else None,
        image_caption=clean_text(image.caption) if image else None,
        authors=[author] if author else None,
        post_id=post["id"],
        link=post.get("link"),
        slug=post.get("slug"),
        status=post.get("status"),
        published_at=utc(post.get("date_gmt")),
        modified_at=utc(post.get("modified_gmt")),
        comment_status=post.get("comment_status"),
        categories=terms["categories"] if terms else None,
        tags=terms["tags"] if terms else None,
        protected=bool((post.get("content") or {}).get("protected")),
        term_keys=keys,
        category_names=category_names,
    )


def posts_page(answer: RestAnswer) -> list[PostFacts]:
    """The posts of a ``/wp/v2/posts`` page (none past the last page)."""
    if not answer.ok or not isinstance(answer.data, list):
        return []
    return [facts for post in answer.data if (facts := post_facts(post)) is not None]


# -- comments ------------------------------------------------------------------


Count = Callable[[str], None]


def _no_count(name: str) -> None:
    pass


def _fragment(rendered: str, where: str | None, count: Count) -> HtmlElement:
    """A rendered value's markup; nested past libxml2's depth limit, read again (pages/parsing.py),
    and named with ``where`` (a post or comment and its address) and counted unless ``where`` is None."""
    root, cut = fragment_checked(rendered)
    if cut is not None and where is not None:
        level, outcome = cut.outcome()
        logger.log(level, "Parser limit in %s: %s", where, outcome)
        count("parser_depth/records")
        count(f"parser_depth/{'unrecovered' if not cut.recovered else 'partly' if cut.left_out else 'read_again'}")
    return root


def _text(rendered: str, where: str | None = None, count: Count = _no_count) -> str | None:
    if not rendered.strip():
        return None
    return element_text(_fragment(rendered, where, count))


def rest_comments(
    records: list[dict[str, Any]], article_url: str, now: datetime, timezone: tzinfo | None = None
) -> list[Comment]:
    """Comments of one post from all its REST pages, with depth from the parent chain.

    Only approved comments reach anonymous REST readers. Depth 1 is top level;
    a reply to a comment REST does not show (held, spam) counts from that gap.
    """
    by_id = {r["id"]: r for r in records if isinstance(r, dict) and isinstance(r.get("id"), int)}

    def depth(comment_id: int) -> int:
        level, seen = 1, {comment_id}
        parent = by_id[comment_id].get("parent") or 0
        while parent in by_id and parent not in seen:
            seen.add(parent)
            level += 1
            parent = by_id[parent].get("parent") or 0
        return level

    return [_comment(record, article_url, depth(comment_id), now, timezone) for comment_id, record in by_id.items()]


def _comment(
    record: dict[str, Any],
    article_url: str,
    depth: int,
    now: datetime,
    timezone: tzinfo | None,
    count: Count = _no_count,
) -> Comment:
    loader = CommentLoader(item=Comment(), base_url=article_url, timezone=timezone, now=now)
    loader.add_value("comment_id", record["id"])
    loader.add_value("post_id", record.get("post"))
    loader.add_value("article_url", article_url)
    loader.add_value("parent_id", record.get("parent") or None)
    loader.add_value("depth", depth)
    loader.add_value("author", record.get("author_name"))
    loader.add_value("author_url", record.get("author_url") or None)
    loader.add_value("posted_at", utc(record.get("date_gmt")))
    where = f"comment {record['id']} of {article_url}"
    loader.add_value("text", _text(_rendered(record.get("content")), where, count))
    loader.add_value("scraped_at", now)
    item = loader.load_item()
    assert isinstance(item, Comment)
    return item


# -- records -> items (source=rest) ------------------------------------------------
#
# A post or comment record turned into the same Article/Comment the HTML path stores:
# the same loaders and processors, body text from ``content.rendered`` through the same
# block-text walk and noise filter as the page's content area. Names of terms, authors and
# the featured image come from ``_embedded`` or from look-up answers (:class:`Lookups`).


def _inline(rendered: str, where: str | None = None, count: Count = _no_count) -> str | None:
    """Text of a rendered inline value (a title, a caption): tags dropped, entities decoded."""
    if not rendered.strip():
        return None
    root = _fragment(rendered, where, count)
    # What a reader never sees (a theme prints a title's markup; a script in it does not show).
    for element in root.xpath(".//script | .//style | .//noscript | .//template"):
        element.drop_tree()
    return root.text_content()


@dataclass
class Media:
    url: str | None
    caption: str | None


@dataclass
class Lookups:
    """Names behind the ids of post records, learnt once per crawl.

    Filled from ``_embedded`` (``_embed=author,wp:term,wp:featuredmedia``) or from pages of
    ``/wp/v2/categories``, ``/tags``, ``/users`` and ``/media``; :meth:`missing` says which
    ids a post still needs.
    """

    categories: dict[int, str] = field(default_factory=dict)
    tags: dict[int, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)
    media: dict[int, Media] = field(default_factory=dict)

    def learn_terms(self, records: Any) -> None:
        """Category and tag records (``/wp/v2/categories``, ``/tags`` or embedded ``wp:term``)."""
        for term in records if isinstance(records, list) else []:
            if isinstance(term, dict) and isinstance(term.get("id"), int):
                table = self.categories if term.get("taxonomy") == "category" else self.tags
                if term.get("taxonomy") in TERM_FIELDS:
                    table[term["id"]] = html.unescape(term.get("name") or "")

    def learn_users(self, records: Any) -> None:
        for user in records if isinstance(records, list) else []:
            if isinstance(user, dict) and isinstance(user.get("id"), int) and isinstance(user.get("name"), str):
                self.users[user["id"]] = user["name"]

    def learn_media(self, records: Any) -> None:
        for item in records if isinstance(records, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), int) and "source_url" in item:
                caption = _inline(_rendered(item.get("caption")))
                self.media[item["id"]] = Media(item.get("source_url") or None, caption)

    def learn_post(self, post: dict[str, Any]) -> None:
        """What a post's ``_embedded`` holds."""
        embedded = post.get("_embedded")
        if not isinstance(embedded, dict):
            return
        for group in embedded.get("wp:term") or []:
            self.learn_terms(group)
        self.learn_users(embedded.get("author"))
        self.learn_media(embedded.get("wp:featuredmedia"))

    def missing(self, post: dict[str, Any]) -> dict[str, set[int]]:
        """Ids the post names that are not known yet, by route (``categories``, ``tags``, ``users``, ``media``)."""
        wanted = {
            "categories": {i for i in post.get("categories") or [] if isinstance(i, int)} - self.categories.keys(),
            "tags": {i for i in post.get("tags") or [] if isinstance(i, int)} - self.tags.keys(),
            "users": {post["author"]} - self.users.keys() if isinstance(post.get("author"), int) else set(),
            "media": {post["featured_media"]} - self.media.keys() if post.get("featured_media") else set(),
        }
        return {route: ids for route, ids in wanted.items() if ids}


def post_gone(answer: RestAnswer) -> str | None:
    """Why ``posts/<id>`` shows the post is no longer public (issue 20), or None (public, or no proof).

    WordPress answers a reader 401 ``rest_forbidden`` for a draft, private or trashed post, 404
    ``rest_post_invalid_id`` once it is deleted, and a password-protected post with
    ``content.protected``. Anything else (a refusal of the whole API, a server error) proves nothing.
    """
    data = answer.data
    code = data.get("code") if isinstance(data, dict) else None
    if answer.status == 404 and code == "rest_post_invalid_id":
        return "deleted (posts/<id> answers 404)"
    if answer.status in (401, 403) and code in ("rest_forbidden", "rest_cannot_read"):
        return f"not public (posts/<id> answers {answer.status} {code})"
    if answer.status == 200 and isinstance(data, dict):
        if (data.get("content") or {}).get("protected"):
            return "password-protected"
        if data.get("status", "publish") != "publish":
            return f"not published ({data.get('status')})"
    return None


def skip_reason(post: Any) -> str | None:
    """Why a post record is not stored as an article (``None``: it is one).

    The same posts the HTML path leaves out: anything but a published post, and
    password-protected posts (REST sends them with ``content.protected`` and no text).
    """
    if not isinstance(post, dict) or not isinstance(post.get("id"), int) or not post.get("link"):
        return "malformed"
    if post.get("status", "publish") != "publish" or post.get("type", "post") != "post":
        return "not_published"
    if (post.get("content") or {}).get("protected"):
        return "password_protected"
    return None


_NO_SPACE = re.compile(r"\s+")
# What wp_trim_excerpt() appends to an excerpt it cut from the content ("[&hellip;]" by default).
_MORE = re.compile(r"(?:\[(?:…|\.\.\.)\]|…|\.\.\.)$")


def own_excerpt(post: dict[str, Any]) -> str | None:
    """The post's description: an SEO plugin's (``yoast_head_json``), else its own excerpt.

    WordPress makes an excerpt from the first 55 words of the text when the author wrote
    none; that one repeats the body and is not a description, so it gives ``None`` (as on
    a page, where themes print only an excerpt the author wrote).
    """
    yoast = post.get("yoast_head_json")
    if isinstance(yoast, dict) and isinstance(yoast.get("description"), str) and yoast["description"].strip():
        return yoast["description"]
    excerpt = _inline(_rendered(post.get("excerpt")))
    if not excerpt or (post.get("excerpt") or {}).get("protected"):
        return None
    short = _MORE.sub("", _NO_SPACE.sub("", excerpt))
    content = _inline(_rendered(post.get("content"))) or ""
    if short and _NO_SPACE.sub("", content).startswith(short):
        return None  # made from the content
    return excerpt


def article_from_post(
    post: dict[str, Any], lookups: Lookups, now: datetime, comment_count: int | None = None, count: Count = _no_count
) -> Article:
    """The Article of a post record (see :func:`skip_reason` for the ones not to store).

    ``comment_count`` is what the caller counted (REST posts do not carry it). Term, author
    and image names come from ``lookups`` (learn ``_embedded`` first); an id it lacks is
    left out rather than guessed.
    """
    from ..pages.article import BODY_NOISE  # the page's content-area filter, applied to the same markup

    link = post["link"]
    loader = ArticleLoader(item=Article(), base_url=link, now=now)
    loader.add_value("url", article_permalink(link))
    loader.add_value("post_id", post["id"])
    where = f"post {post['id']} ({link})"
    loader.add_value("title", _inline(_rendered(post.get("title")), f"the title of {where}", count))
    loader.add_value("description", own_excerpt(post))
    if isinstance(post.get("author"), int):
        loader.add_value("authors", lookups.users.get(post["author"]))
    published = utc(post.get("date_gmt"))
    loader.add_value("published_at", published)
    if published:
        loader.add_value("published_at_source", "rest")
        loader.add_value("published_at_precision", "second")
    loader.add_value("modified_at", utc(post.get("modified_gmt")))
    categories = [lookups.categories[i] for i in post.get("categories") or [] if i in lookups.categories]
    loader.add_value("category", categories[:1])
    loader.add_value("categories", categories)
    loader.add_value("tags", [lookups.tags[i] for i in post.get("tags") or [] if i in lookups.tags])
    media = lookups.media.get(post.get("featured_media") or 0)
    if media is not None:
        loader.add_value("image_url", media.url)
        loader.add_value("image_caption", media.caption)
    rendered = _rendered(post.get("content"))
    body = element_text(_fragment(rendered, where, count), BODY_NOISE) if rendered.strip() else ""
    loader.add_value("body_text", body or None)
    if body:
        loader.add_value("word_count", len(body.split()))
    loader.add_value("comment_count", comment_count)
    loader.add_value("scraped_at", now)
    item = loader.load_item()
    assert isinstance(item, Article)
    return item


def thread_count(post: dict[str, Any], counts: Mapping[int, int]) -> int | None:
    """A post's comment count as a page states it: the comments counted, 0 for an open thread
    without any (themes print "Leave a comment"), nothing for a closed empty one."""
    counted = counts.get(post.get("id") or 0)
    if counted:
        return counted
    return 0 if post.get("comment_status") == "open" else None


def comment_counts(records: list[dict[str, Any]]) -> dict[int, int]:
    """Comments per post id among ``records``."""
    counts: dict[int, int] = {}
    for record in records:
        if isinstance(record, dict) and isinstance(record.get("post"), int):
            counts[record["post"]] = counts.get(record["post"], 0) + 1
    return counts


def site_comments(
    records: list[dict[str, Any]],
    post_urls: dict[int, str],
    now: datetime,
    timezone: tzinfo | None = None,
    known_depths: Mapping[int, int] | None = None,
    detached: Collection[int] = (),
    count: Count = _no_count,
) -> list[Comment]:
    """Comments of any posts (``/wp/v2/comments`` across the site), as the HTML path stores them.

    ``post_urls`` maps post ids to permalinks; a comment of a post it lacks falls back to its
    own ``link`` (``…/comment-page-2/#comment-21`` → the permalink). Depth follows the parent
    chain through ``records`` and then ``known_depths`` (comments stored by earlier runs), so a
    new reply to an old comment gets its true depth. A record without an id or post is left out.
    ``detached``: comments whose parent is not followed (it belongs to another post): depth 1.
    """
    by_id = {
        r["id"]: r
        for r in records
        if isinstance(r, dict) and isinstance(r.get("id"), int) and isinstance(r.get("post"), int)
    }
    known = known_depths or {}
    depths: dict[int, int] = {}

    def depth(comment_id: int) -> int:
        chain: list[int] = []
        current: int | None = comment_id
        base = 0
        while current is not None and current not in depths:
            if current in chain:  # a cycle in hostile data: treat the loop's start as top level
                break
            if current not in by_id:
                base = known.get(current, 0)
                break
            chain.append(current)
            current = None if current in detached else (by_id[current].get("parent") or None)
        else:
            base = depths[current] if current is not None else 0
        for offset, ident in enumerate(reversed(chain), start=1):
            depths[ident] = base + offset
        return depths[comment_id]

    items = []
    for comment_id, record in by_id.items():
        url = post_urls.get(record["post"])
        if url is None and isinstance(record.get("link"), str):
            url = article_permalink(record["link"])
        if url is None:
            continue
        items.append(_comment(record, url, depth(comment_id), now, timezone, count))
    return items
