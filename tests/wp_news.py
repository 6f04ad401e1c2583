"""The wp-news replica: a real WordPress 6.1's pages, and its REST API answered from its records.

``tests/sites/wp-news`` (built by ``tests/sites/wp-news-capture.py``) holds the HTML of every
listing, article and comment page of a WordPress site of 236 readable posts and about 2,500
comments, and every REST record WordPress showed for it. :class:`WordPressApi` answers the
queries a crawler makes (``/wp/v2/posts``, ``/wp/v2/comments`` and the look-ups) from those
records the way WordPress's REST controllers do: the same filters (``include``, ``slug``,
``categories``, ``after``/``before``, ``modified_after``/``modified_before``, ``post``,
``parent``), ordering, paging, ``_embed`` and ``_fields``, the same errors, the same
``X-WP-Total``/``X-WP-TotalPages``/``Link`` headers and the same JSON bytes (PHP's escaping).
``checks.json.xz`` holds WordPress's own answers to a list of queries, and
tests/test_wp_news_replica.py replays them against this server.

Answering from records, not from saved responses, lets a test change the site between two
runs (:meth:`WordPressApi.add_comment`, :meth:`WordPressApi.modify_post`) and make the API
start refusing mid-crawl (:attr:`WpNewsServer.refuse_api_after`); :meth:`WordPressApi.approve_comment`
publishes a comment held for moderation with its old date, :meth:`WordPressApi.edit_comment` edits one;
:meth:`WordPressApi.trash_comment`, :meth:`WordPressApi.unpublish_post` and :meth:`WordPressApi.protect_post`
take records off the site (:meth:`WordPressApi.restore_comment` brings a comment back).

Not reproduced: ``_embed`` on comments, ``search``, ``exclude``, ``offset``, authenticated
contexts (``context=edit``) and the array forms of list parameters (``include[]=``). Nor one
quirk of WordPress 6.1: rendering a block-editor post moves the ``wpautop`` filter, so a
classic post with a ``[caption]`` rendered after it in the same answer gets a ``<p>`` around
the caption's figure; each post here has the rendering of the default order (same text).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import json
import lzma
import math
import re
import socket
import tarfile
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote_plus, unquote, urlsplit
from zoneinfo import ZoneInfo

from defense_news.replica import ORIGIN, ReplicaHandler, ReplicaServer, running

SITE = Path(__file__).parent / "sites" / "wp-news"

JSON = "application/json; charset=UTF-8"
LOGIN_PAGE = (
    b'<!DOCTYPE html><html lang="en-US"><head><title>Log In &lsaquo; wp-news</title></head>'
    b'<body class="login"><form name="loginform" id="loginform" action="/wp-login.php" method="post">'
    b'<input type="text" name="log" id="user_login"></form></body></html>'
)
# Faults a REST answer can be given in place of (or on top of) the API's own (RestReplicaServer.api_faults).
API_FAULTS = (
    "http_500",
    "http_502",
    "http_503",
    "http_429",  # an error page (429 and 503 with Retry-After: 0, within any test's cap)
    "stall",  # the answer after RestReplicaServer.stall seconds
    "truncate",
    "empty",
    "object",  # 200 with half the JSON, no body, or the list wrapped in an object
    "no_paging_headers",
    "pages_low",
    "pages_high",  # X-WP-Total/TotalPages missing, or saying 1 or 1000 pages
    "pages_negative",
    "pages_unreadable",  # X-WP-Total/TotalPages negative, or no number (a superscript, 5,000 digits)
    "as_html",
    "gzip_corrupt",  # the JSON labelled text/html; Content-Encoding: gzip on bytes that are not
    "login",  # a redirect to /wp-login.php (a plugin closing the API to visitors)
    "drop",  # the whole length promised, half the body sent, the connection closed
    "remove_oldest_comment",  # the site's oldest comment deleted just before this answer
    "page_ignored",  # page 1 whatever page= asks (a cache keyed on the path alone)
    "edit_least_recently_modified",  # that post saved again (modified now) just before this answer
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?$")
_LIST_SPLIT = re.compile(r"[\s,]+")
# Parameters the REST schema declares as arrays, per route.
ARRAY_PARAMS = {
    "/wp/v2/posts": ("include", "exclude", "categories", "tags", "author", "author_exclude", "slug", "parent"),
    "/wp/v2/comments": ("include", "exclude", "post", "parent", "parent_exclude", "author", "author_exclude"),
    "/wp/v2/categories": ("include", "exclude", "slug"),
    "/wp/v2/tags": ("include", "exclude", "slug"),
    "/wp/v2/users": ("include", "exclude", "slug", "roles"),
    "/wp/v2/media": ("include", "exclude", "author", "parent", "slug"),
}


def php_json(data: Any) -> bytes:
    """``wp_json_encode``'s bytes: no spaces, non-ASCII as ``\\uXXXX``, ``/`` as ``\\/``.

    >>> php_json({"link": "https://x.com/é"})
    b'{"link":"https:\\\\/\\\\/x.com\\\\/\\\\u00e9"}'
    """
    # Outside strings JSON has no "/", so escaping every slash only touches string contents.
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/").encode()


def read_xz_json(path: Path) -> Any:
    return json.loads(lzma.decompress(path.read_bytes()))


@functools.cache
def _unpacked_pages() -> Path:
    """The HTML pages of ``pages.tar.xz``, unpacked once per process into a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="wp-news-pages-"))
    with tarfile.open(fileobj=io.BytesIO(lzma.decompress((SITE / "pages.tar.xz").read_bytes()))) as tar:
        tar.extractall(folder, filter="data")
    return folder


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"code": code, "message": message, "data": {"status": status, **(extra or {})}}


def _invalid(param: str, message: str, code: str) -> ApiError:
    return ApiError(
        400,
        "rest_invalid_param",
        f"Invalid parameter(s): {param}",
        {"params": {param: message}, "details": {param: {"code": code, "message": message, "data": None}}},
    )


def _ids(value: str) -> list[int]:
    """``wp_parse_id_list``: comma/space separated, absolute integers, unique, in order."""
    seen: list[int] = []
    for part in _LIST_SPLIT.split(value.strip()):
        if part:
            number = abs(int(part)) if re.fullmatch(r"-?\d+", part) else 0
            if number not in seen:
                seen.append(number)
    return seen


class Query:
    """The query parameters of one request, read the way WordPress's REST schema reads them."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs
        self.values = dict(pairs)

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def integer(self, name: str, default: int, minimum: int, maximum: int | None = None) -> int:
        raw = self.values.get(name)
        if raw is None:
            return default
        if not re.fullmatch(r"-?\d+", raw.strip()):
            message = f"{name} is not of type integer."
            raise _invalid(name, message, "rest_invalid_type")
        value = int(raw)
        if value < minimum or (maximum is not None and value > maximum):
            if maximum is None:
                message = f"{name} must be greater than or equal to {minimum}"
            else:
                message = f"{name} must be between {minimum} (inclusive) and {maximum} (inclusive)"
            raise _invalid(name, message, "rest_out_of_bounds")
        return value

    def choice(self, name: str, default: str, allowed: tuple[str, ...]) -> str:
        value = self.values.get(name, default)
        if value not in allowed:
            message = f"{name} is not one of {', '.join(allowed)}."
            raise _invalid(name, message, "rest_not_in_enum")
        return value


class WordPressApi:
    """WordPress's ``/wp-json/`` answered from captured records (see the module docstring)."""

    def __init__(self, records: dict[str, Any]) -> None:
        records = copy.deepcopy(records)
        self.index: dict[str, Any] = records["index"]
        self.timezone = ZoneInfo(self.index.get("timezone_string") or "UTC")
        self.posts: list[dict[str, Any]] = records["posts"]
        self.comments: list[dict[str, Any]] = records["comments"]
        # Approved comments REST counts but does not show (their post is protected or private).
        self.hidden_comments: list[dict[str, Any]] = records["hidden_comments"]
        # Comments held for moderation: neither shown nor counted until approved.
        self.held_comments: list[dict[str, Any]] = []
        # Comments trashed, spammed or unapproved, and posts no longer public, between two runs.
        self.trashed_comments: list[dict[str, Any]] = []
        self.unpublished_posts: list[dict[str, Any]] = []
        self.collections = {name: records[name] for name in ("users", "categories", "tags", "media")}
        self.embeds = {
            name: {item["id"]: item for item in records[f"{name}_embed"]}
            for name in ("users", "categories", "tags", "media")
        }
        self.lock = threading.Lock()

    @staticmethod
    @functools.cache
    def _records(site: Path) -> dict[str, Any]:
        data: dict[str, Any] = read_xz_json(site / "rest.json.xz")
        return data

    @classmethod
    def captured(cls, site: Path = SITE) -> WordPressApi:
        """A fresh copy of a captured site's records (changes to it stay in this copy)."""
        return cls(cls._records(site))

    # -- dates -----------------------------------------------------------------

    def local(self, value: str) -> str:
        """A date parameter as WordPress's date query compares it: site-local ``Y-m-dTH:M:S``.

        ``WP_Date_Query::build_mysql_datetime`` reads a value without a zone as site time and
        moves one with a zone into site time; ``post_date``/``comment_date`` are site time.
        """
        moment = datetime.fromisoformat(value.replace(" ", "T").replace("z", "Z"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(self.timezone).replace(tzinfo=None)
        return moment.replace(microsecond=0).isoformat()

    def _date_param(self, query: Query, name: str) -> str | None:
        value = query.get(name)
        if value is None:
            return None
        if not _DATE.match(value):
            raise _invalid(name, "Invalid date.", "rest_invalid_date")
        return self.local(value)

    # -- answers ---------------------------------------------------------------

    def answer(self, route: str, pairs: list[tuple[str, str]], origin: str) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body of ``GET /wp-json/<route>?<pairs>``."""
        query = Query(pairs)
        headers = {"Content-Type": JSON, "Link": self.api_link(origin)}
        route = "/" + route.strip("/")
        try:
            with self.lock:
                if route == "/":
                    data: Any = self.index
                elif route == "/wp/v2/posts":
                    data = self._list(
                        route, query, origin, headers, self._posts(query), "rest_post_invalid_page_number"
                    )
                elif route == "/wp/v2/comments":
                    data = self._comment_list(route, query, origin, headers)
                elif route in ("/wp/v2/users", "/wp/v2/categories", "/wp/v2/tags", "/wp/v2/media"):
                    name = route.rsplit("/", 1)[1]
                    items = [i for i in self.collections[name] if self._term_match(name, i, query)]
                    code = "rest_post_invalid_page_number" if name == "media" else "rest_invalid_page_number"
                    data = self._list(route, query, origin, headers, items, code)
                elif match := re.fullmatch(r"/wp/v2/(posts|comments|users|categories|tags|media)/(\d+)", route):
                    data = self._single(match.group(1), int(match.group(2)), query)
                    if match.group(1) == "posts" and isinstance(data, dict) and "link" in data:
                        headers["Link"] = f'<{data["link"]}>; rel="alternate"; type=text/html'.replace(ORIGIN, origin)
                else:
                    raise ApiError(404, "rest_no_route", "No route was found matching the URL and request method.")
        except ApiError as error:
            return error.status, headers, self._body(error.body, origin)
        if isinstance(data, list) and route in ("/wp/v2/posts",):
            data = self._with_embeds(data, query)
        return 200, headers, self._body(data, origin)

    @staticmethod
    def api_link(origin: str) -> str:
        """The header every REST answer carries unless it names pages (a later header replaces it)."""
        return f'<{origin}/wp-json/>; rel="https://api.w.org/"'

    @staticmethod
    def _body(data: Any, origin: str) -> bytes:
        return php_json(data).replace(ORIGIN.replace("/", "\\/").encode(), origin.replace("/", "\\/").encode())

    def _single(self, kind: str, ident: int, query: Query) -> Any:
        if kind == "posts" and any(p["id"] == ident for p in self.unpublished_posts):
            # A draft, private or trashed post, to a reader who may not see it.
            raise ApiError(401, "rest_forbidden", "Sorry, you are not allowed to do that.")
        pool = {"posts": self.posts, "comments": self.comments}.get(kind) or self.collections[kind]
        for item in pool:
            if item["id"] == ident:
                data = self._fields([item], query)[0]
                return self._with_embeds([data], query)[0] if kind == "posts" else data
        codes = {
            "posts": "rest_post_invalid_id",
            "comments": "rest_comment_invalid_id",
            "users": "rest_user_invalid_id",
        }
        messages = {"posts": "Invalid post ID.", "comments": "Invalid comment ID.", "users": "Invalid user ID."}
        raise ApiError(404, codes.get(kind, "rest_term_invalid"), messages.get(kind, "Term does not exist."))

    def _term_match(self, name: str, item: dict[str, Any], query: Query) -> bool:
        if name in ("categories", "tags") and query.get("post"):
            post = next((p for p in self.posts if p["id"] == int(query.get("post") or 0)), None)
            return post is not None and item["id"] in post[name]
        return True

    def _page_window(self, query: Query, total: int) -> tuple[int, int, int]:
        per_page = query.integer("per_page", 10, 1, 100)
        page = query.integer("page", 1, 1)
        return per_page, page, math.ceil(total / per_page) if total else 0

    def _list(
        self, route: str, query: Query, origin: str, headers: dict[str, str], items: list[Any], past_last: str
    ) -> list[Any]:
        per_page, page, pages = self._page_window(query, len(items))
        if page > pages and items:
            raise ApiError(400, past_last, "The page number requested is larger than the number of pages available.")
        self._paging_headers(route, query, origin, headers, len(items), page, pages)
        return self._fields(items[(page - 1) * per_page : page * per_page], query)

    def _paging_headers(
        self, route: str, query: Query, origin: str, headers: dict[str, str], total: int, page: int, pages: int
    ) -> None:
        headers["X-WP-Total"] = str(total)
        headers["X-WP-TotalPages"] = str(pages)
        links = []
        if page > 1:
            links.append(f'<{self._page_url(route, query, origin, min(page - 1, pages))}>; rel="prev"')
        if pages > page:
            links.append(f'<{self._page_url(route, query, origin, page + 1)}>; rel="next"')
        if links:
            headers["Link"] = ", ".join(links)
        else:
            headers["Link"] = self.api_link(origin)

    @staticmethod
    def _page_url(route: str, query: Query, origin: str, page: int) -> str:
        """``add_query_arg('page', N, <collection URL with the request's own query>)``."""
        pairs: list[tuple[str, str]] = []
        for k, v in query.pairs:
            if k in ARRAY_PARAMS.get(route, ()):
                # The schema made the value a list: add_query_arg() writes it as name[0]=..&name[1]=..
                values = [str(i) for i in _ids(v)] if k not in ("slug",) else [s for s in _LIST_SPLIT.split(v) if s]
                pairs += [(f"{k}%5B{i}%5D", quote_plus(item, safe="")) for i, item in enumerate(values)]
            else:
                pairs.append((k, quote_plus(v, safe="")))
        if any(k == "page" for k, _ in pairs):
            pairs = [(k, str(page) if k == "page" else v) for k, v in pairs]
        else:
            pairs.append(("page", str(page)))
        text = "&".join(f"{k}={v}" if v != "" else k for k, v in pairs)
        return f"{origin}/wp-json{route}?{text}"

    @staticmethod
    def _fields(items: list[Any], query: Query) -> list[Any]:
        """``_fields=a,b.c``: each item keeps only the named (nested) keys, in its own order."""
        raw = query.get("_fields")
        if not raw or not raw.strip(","):
            return items
        wanted: dict[str, Any] = {}
        for name in (f.strip() for f in raw.split(",") if f.strip()):
            ref = wanted
            *parents, last = name.split(".")
            for part in parents:
                if ref.get(part) is True:
                    break
                ref = ref.setdefault(part, {})
            else:
                ref[last] = True

        def keep(data: Any, keys: dict[str, Any]) -> Any:
            if not isinstance(data, dict):
                return data
            return {k: v if keys[k] is True else keep(v, keys[k]) for k, v in data.items() if k in keys}

        return [keep(item, wanted) for item in items]

    # -- posts -----------------------------------------------------------------

    def _posts(self, query: Query) -> list[dict[str, Any]]:
        posts = list(self.posts)
        if query.get("status") not in (None, "publish"):
            raise _invalid("status", "Status is forbidden.", "rest_forbidden_status")
        include = _ids(query.get("include") or "")
        if include:
            posts = [p for p in posts if p["id"] in include]
        if query.get("slug"):
            slugs = [s for s in _LIST_SPLIT.split(query.get("slug") or "") if s]
            posts = [p for p in posts if p["slug"] in slugs]
        for taxonomy in ("categories", "tags"):
            if query.get(taxonomy):
                terms = set(_ids(query.get(taxonomy) or ""))
                posts = [p for p in posts if terms & set(p[taxonomy])]
        for name, field, later in (
            ("after", "date", True),
            ("before", "date", False),
            ("modified_after", "modified", True),
            ("modified_before", "modified", False),
        ):
            bound = self._date_param(query, name)
            if bound is not None:
                posts = [p for p in posts if (p[field] > bound if later else p[field] < bound)]
        orderby = query.choice(
            "orderby",
            "date",
            ("author", "date", "id", "include", "modified", "parent", "relevance", "slug", "include_slugs", "title"),
        )
        descending = query.choice("order", "desc", ("asc", "desc")) == "desc"
        if orderby == "include" and include:
            return sorted(posts, key=lambda p: include.index(p["id"]))
        key = {"id": "id", "modified": "modified", "slug": "slug", "author": "author"}.get(orderby, "date")
        return sorted(posts, key=lambda p: p[key], reverse=descending)

    def _with_embeds(self, posts: list[Any], query: Query) -> list[Any]:
        """``_embed`` (every embeddable link) or ``_embed=rel,rel``: WP_REST_Server::embed_links."""
        raw = query.get("_embed")
        if raw is None:
            return posts
        rels = None if raw in ("", "1", "true") else [r for r in raw.split(",") if r]
        out = []
        for post in posts:
            links = post.get("_links") if isinstance(post, dict) else None
            if not links:
                out.append(post)
                continue
            full = next(p for p in self.posts if p["id"] == post["id"])
            embedded: dict[str, Any] = {}
            for rel, entries in links.items():
                if rels is not None and rel not in rels:
                    continue
                embeds = [self._embed(full, rel, entry) if entry.get("embeddable") else [] for entry in entries]
                if any(embeds):
                    embedded[rel] = embeds
            out.append({**post, "_embedded": embedded} if embedded else post)
        return out

    def _embed(self, post: dict[str, Any], rel: str, entry: dict[str, Any]) -> Any:
        if rel == "author":
            return self.embeds["users"][post["author"]]
        if rel == "wp:featuredmedia":
            return self.embeds["media"][post["featured_media"]]
        if rel == "wp:term":
            taxonomy = entry["taxonomy"]
            field = "categories" if taxonomy == "category" else "tags"
            # /wp/v2/<taxonomy>?post=ID: its first page of 10, ordered by name as the post's own list.
            return [self.embeds[field][term] for term in post[field][:10]]
        if rel == "replies":
            # /wp/v2/comments?post=ID in embed context: the 10 newest the reader may see.
            shown = [c for c in self._comment_rows(Query([]), post=[post["id"]]) if not c.get("hidden")][:10]
            return [self._comment_embed(c) for c in shown]
        return []

    # -- comments ---------------------------------------------------------------

    def _readable_post(self, post_id: int) -> bool:
        post = next((p for p in self.posts if p["id"] == post_id), None)
        return post is not None and not post["content"].get("protected")

    def _comment_rows(self, query: Query, post: list[int] | None = None) -> list[dict[str, Any]]:
        rows = [*self.comments, *({**c, "hidden": True} for c in self.hidden_comments)]
        posts = post if post is not None else _ids(query.get("post") or "")
        if posts:
            rows = [c for c in rows if c["post"] in posts]
        if query.get("parent") is not None:
            parents = _ids(query.get("parent") or "")
            rows = [c for c in rows if c["parent"] in parents]
        include = _ids(query.get("include") or "")
        if include:
            rows = [c for c in rows if c["id"] in include]
        for name, later in (("after", True), ("before", False)):
            bound = self._date_param(query, name)
            if bound is not None:
                rows = [c for c in rows if (c["date"] > bound if later else c["date"] < bound)]
        orderby = query.choice("orderby", "date_gmt", ("date", "date_gmt", "id", "include", "post", "parent", "type"))
        descending = query.choice("order", "desc", ("asc", "desc")) == "desc"
        if orderby == "include" and include:
            return sorted(rows, key=lambda c: include.index(c["id"]))
        field = {"date": "date", "date_gmt": "date_gmt", "post": "post", "parent": "parent"}.get(orderby, "id")
        # WP_Comment_Query breaks ties on comment_ID, in the same direction.
        return sorted(rows, key=lambda c: (c[field], c["id"]), reverse=descending)

    def _comment_list(self, route: str, query: Query, origin: str, headers: dict[str, str]) -> list[Any]:
        for name in ("author", "author_exclude", "author_email", "type", "status"):
            value = query.get(name)
            if value and not (name == "status" and value == "approve") and not (name == "type" and value == "comment"):
                raise ApiError(401, "rest_forbidden_param", f"Query parameter not permitted: {name}")
        for post_id in _ids(query.get("post") or ""):
            if post_id and not self._readable_post(post_id) and self._post_exists(post_id):
                raise ApiError(
                    401, "rest_cannot_read_post", "Sorry, you are not allowed to read the post for this comment."
                )
        rows = self._comment_rows(query)
        per_page, page, pages = self._page_window(query, len(rows))
        self._paging_headers(route, query, origin, headers, len(rows), page, pages)
        # WordPress counts every approved comment, then leaves out those the reader may not see.
        shown = [c for c in rows[(page - 1) * per_page : page * per_page] if not c.get("hidden")]
        return self._fields(shown, query)

    def _post_exists(self, post_id: int) -> bool:
        return any(p["id"] == post_id for p in (*self.posts, *self.unpublished_posts)) or any(
            c["post"] == post_id for c in self.hidden_comments
        )

    @staticmethod
    def _comment_embed(comment: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in comment.items() if k not in ("post", "date_gmt", "status", "meta", "hidden")}

    # -- changing the site ----------------------------------------------------------

    def add_comment(
        self,
        post_id: int,
        author_name: str,
        text: str,
        posted_at: datetime,
        parent: int = 0,
        author_url: str = "",
        approved: bool = True,
    ) -> dict[str, Any]:
        """Publish an approved comment, as WordPress would show it. ``text`` is one paragraph.
        ``approved=False``: held for moderation (:meth:`approve_comment` publishes it, its date unchanged)."""
        with self.lock:
            post = next(p for p in self.posts if p["id"] == post_id)
            template = self.comments[0]
            ident = 1 + max(
                c["id"] for c in (*self.comments, *self.hidden_comments, *self.held_comments, *self.trashed_comments)
            )
            gmt = posted_at.astimezone(UTC).replace(tzinfo=None)
            top_level = [c for c in self.comments if c["post"] == post_id and not c["parent"]]
            page = max(1, math.ceil((len(top_level) + (0 if parent else 1)) / 50))
            api = f"{ORIGIN}/wp-json/wp/v2"
            record = {
                **copy.deepcopy(template),
                "id": ident,
                "post": post_id,
                "parent": parent,
                "author": 0,
                "author_name": author_name,
                "author_url": author_url,
                "date": posted_at.astimezone(self.timezone).replace(tzinfo=None).isoformat(),
                "date_gmt": gmt.isoformat(),
                "content": {"rendered": f"<p>{text}</p>\n"},
                "link": f"{post['link']}comment-page-{page}/#comment-{ident}",
            }
            record["_links"] = {
                "self": [{"href": f"{api}/comments/{ident}"}],
                "collection": [{"href": f"{api}/comments"}],
                "up": [{"embeddable": True, "post_type": "post", "href": f"{api}/posts/{post_id}"}],
                **({"in-reply-to": [{"embeddable": True, "href": f"{api}/comments/{parent}"}]} if parent else {}),
            }
            (self.comments if approved else self.held_comments).append(record)
            return record

    def approve_comment(self, comment_id: int) -> dict[str, Any]:
        """A moderator approves a held comment: it appears with the date it was written."""
        with self.lock:
            record = next(c for c in self.held_comments if c["id"] == comment_id)
            self.held_comments.remove(record)
            self.comments.append(record)
            return record

    def edit_comment(self, comment_id: int, text: str) -> dict[str, Any]:
        """The author or a moderator edits a comment's text (its date stays; REST has no modified time)."""
        with self.lock:
            record = next(c for c in self.comments if c["id"] == comment_id)
            record["content"] = {"rendered": f"<p>{text}</p>\n"}
            return record

    def trash_comment(self, comment_id: int) -> dict[str, Any]:
        """A moderator trashes (or spams, or unapproves) a comment: neither shown nor counted any more."""
        with self.lock:
            record = next(c for c in self.comments if c["id"] == comment_id)
            self.comments.remove(record)
            self.trashed_comments.append(record)
            return record

    def restore_comment(self, comment_id: int) -> dict[str, Any]:
        """A trashed comment approved again: shown and counted, with its own date."""
        with self.lock:
            record = next(c for c in self.trashed_comments if c["id"] == comment_id)
            self.trashed_comments.remove(record)
            self.comments.append(record)
            return record

    def unpublish_post(self, post_id: int) -> dict[str, Any]:
        """A post taken back to draft, made private or trashed: gone from the lists, ``posts/<id>``
        answers 401 (404 once deleted), and its comments are counted but no longer shown (as
        WordPress counts the approved comments of a post the reader may not read)."""
        with self.lock:
            post = next(p for p in self.posts if p["id"] == post_id)
            self.posts.remove(post)
            self.unpublished_posts.append(post)
            self._hide_comments_of(post_id)
            return post

    def protect_post(self, post_id: int) -> dict[str, Any]:
        """A post given a password: still listed, ``content.protected`` true and no text; its
        comments counted but no longer shown."""
        with self.lock:
            post = next(p for p in self.posts if p["id"] == post_id)
            post["content"] = {"rendered": "", "protected": True}
            post["excerpt"] = {"rendered": "", "protected": True}
            self._hide_comments_of(post_id)
            return post

    def unpublished_page(self, path: str) -> bool:
        """Whether ``path`` is the permalink (or a comment page) of a post no longer public."""
        return any(path.startswith(urlsplit(p["link"]).path) for p in self.unpublished_posts)

    def _hide_comments_of(self, post_id: int) -> None:
        shown = [c for c in self.comments if c["post"] == post_id]
        self.comments[:] = [c for c in self.comments if c["post"] != post_id]
        self.hidden_comments.extend(shown)

    def remove_oldest_comment(self) -> dict[str, Any]:
        """Delete the site's oldest comment (or hold it back: REST no longer shows it)."""
        with self.lock:
            oldest = min(self.comments, key=lambda c: (c["date_gmt"], c["id"]))
            self.comments.remove(oldest)
            return oldest

    def modify_post(self, post_id: int, modified_at: datetime, title: str | None = None) -> dict[str, Any]:
        """Edit a post: a new ``modified`` time (and title)."""
        with self.lock:
            post = next(p for p in self.posts if p["id"] == post_id)
            post["modified"] = modified_at.astimezone(self.timezone).replace(tzinfo=None).isoformat()
            post["modified_gmt"] = modified_at.astimezone(UTC).replace(tzinfo=None).isoformat()
            if title is not None:
                post["title"] = {"rendered": title}
            return post


class RestReplicaHandler(ReplicaHandler):
    server: RestReplicaServer

    def _answer(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        route = None
        if parts.path.startswith("/wp-json"):
            route = parts.path[len("/wp-json") :] or "/"
        elif parts.path == "/" and any(k == "rest_route" for k, _ in pairs):
            route = dict(pairs)["rest_route"]
        if route is None and parts.path == "/wp-login.php":
            # Where a site that closes its API to visitors sends them (a plugin's redirect).
            self.server.count_request(self.path)
            self._send(200, LOGIN_PAGE, {"Content-Type": "text/html; charset=UTF-8"}, send_body)
            return
        if route is None and self.server.api.unpublished_page(parts.path):
            # WordPress answers a reader 404 for the permalink of a draft, private or trashed post.
            self.server.count_request(self.path)
            body = (
                b'<!DOCTYPE html><html><head><title>Page not found</title></head><body class="error404"></body></html>'
            )
            self._send(404, body, {"Content-Type": "text/html; charset=UTF-8"}, send_body)
            return
        if route is None:
            super()._answer(send_body)
            return
        self.server.count_request(self.path)
        refusal = self.server.api_refusal()
        if refusal is not None:
            status, content_type, body = refusal
            self._send(status, body, {"Content-Type": content_type}, send_body)
            return
        fate = self.server.api_fate(self.path)
        if fate == "remove_oldest_comment":
            # The site changes while this page is asked (a comment deleted, or held back again).
            self.server.api.remove_oldest_comment()
            fate = "ok"
        elif fate == "edit_least_recently_modified":
            # An editor saves a post while this page is asked.
            api = self.server.api
            post = min(api.posts, key=lambda p: (p["modified_gmt"], p["id"]))
            api.modify_post(
                post["id"], datetime.now(UTC).replace(microsecond=0), title=post["title"]["rendered"] + " again"
            )
            fate = "ok"
        if fate == "page_ignored":
            # A cache keyed on the path alone: every page is page 1.
            pairs = [(k, "1" if k == "page" else v) for k, v in pairs]
            fate = "ok"
        status, headers, body = self.server.api.answer(route, pairs, self.server.origin)
        if self.server.api_edit is not None and status == 200:
            # The site's records as a broken plugin or theme filter sends them.
            body = php_json(self.server.api_edit("/" + route.strip("/"), json.loads(body)))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up first (timeouts)
            self._faulty(fate, status, headers, body, send_body)

    def _faulty(self, fate: str, status: int, headers: dict[str, str], body: bytes, send_body: bool) -> None:
        """The API's answer, or the fault ``fate`` names (:data:`API_FAULTS`) in its place."""
        headers = dict(headers)
        if fate.startswith("http_"):
            extra = {"Retry-After": "0"} if fate in ("http_429", "http_503") else {}
            page = b"<html><head><title>Error</title></head><body>fault</body></html>"
            self._send(int(fate[5:]), page, {"Content-Type": "text/html; charset=UTF-8", **extra}, send_body)
            return
        if fate == "stall":
            time.sleep(self.server.stall)
        elif fate == "truncate":
            body = body[: len(body) // 2]
        elif fate == "empty":
            body = b""
        elif fate == "object":
            body = b'{"data":' + body + b"}"
        elif fate == "no_paging_headers":
            headers.pop("X-WP-Total", None)
            headers.pop("X-WP-TotalPages", None)
        elif fate == "pages_low":
            headers["X-WP-TotalPages"] = "1"
        elif fate == "pages_high":
            headers["X-WP-Total"], headers["X-WP-TotalPages"] = "100000", "1000"
        elif fate == "pages_negative":
            headers["X-WP-Total"], headers["X-WP-TotalPages"] = "-4", "-1"
        elif fate == "pages_unreadable":
            # A superscript two is a digit to str.isdigit() but no number to int().
            headers["X-WP-Total"], headers["X-WP-TotalPages"] = "9" * 5000, "\u00b2"
        elif fate == "as_html":
            headers["Content-Type"] = "text/html; charset=UTF-8"
        elif fate == "gzip_corrupt":
            headers["Content-Encoding"] = "gzip"
            body = b"\x1f\x8b\x08\x00" + body[:200]
        elif fate == "login":
            self._send(
                302, b"", {"Location": self.server.origin + "/wp-login.php?redirect_to=%2Fwp-json%2F"}, send_body
            )
            return
        elif fate == "drop":
            # Promise the whole body, send half of it, hang up.
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        elif fate != "ok":
            raise ValueError(fate)
        self._send(status, body, headers, send_body)


class RestReplicaServer(ReplicaServer):
    """Saved pages (folders, as :class:`ReplicaServer` serves them) with a REST API answered
    by a :class:`WordPressApi` (``/wp-json/...`` and ``/?rest_route=...``)."""

    def __init__(self, roots: Any, api: WordPressApi, port: int = 0, host: str = "127.0.0.1") -> None:
        super().__init__(roots, port, host)
        self.RequestHandlerClass = RestReplicaHandler
        self.api = api
        self.api_requests = 0
        # After this many REST requests the API refuses every further one (refusal_*).
        self.refuse_api_after: int | None = None
        self.refusal_status = 403
        self.refusal_type = "text/html; charset=UTF-8"
        self.refusal_body = (
            b"<!DOCTYPE html><html><head><title>Access denied</title></head><body><h1>Access denied</h1></body></html>"
        )
        # Faults for REST requests (API_FAULTS): a request whose path and query (unquoted) hold a
        # key takes the first fate left in its list; e.g. {"wp/v2/comments": ["http_503", "truncate"]}.
        self.api_faults: dict[str, list[str]] = {}
        # A seeded mix of API_FAULTS per request and attempt (a tests.faults.FaultPlan whose mix
        # names API_FAULTS), after the queued api_faults.
        self.api_plan: Any = None
        self.api_attempts: Counter[str] = Counter()
        # Every REST request's path and query, unquoted, as it arrived (a retry repeats one).
        self.api_seen: list[str] = []
        # Applied to the decoded JSON of every 200 answer (route, data) -> data: records as sent.
        self.api_edit: Callable[[str, Any], Any] | None = None
        self.stall = 2.0  # seconds a "stall" waits before answering (set above DOWNLOAD_TIMEOUT)

    def api_fate(self, path: str) -> str:
        """The fault for this REST request: the next one queued for the first key in its path,
        else what :attr:`api_plan` draws for this path and attempt (tests/faults.py)."""
        with self._lock:
            self.api_seen.append(unquote(path))
            for key, fates in self.api_faults.items():
                if key in unquote(path) and fates:
                    return fates.pop(0)
            if self.api_plan is None:
                return "ok"
            attempt = self.api_attempts[path]
            self.api_attempts[path] += 1
        return self.api_plan.fate(path, attempt)

    def api_refusal(self) -> tuple[int, str, bytes] | None:
        with self._lock:
            self.api_requests += 1
            if self.refuse_api_after is None or self.api_requests <= self.refuse_api_after:
                return None
        return self.refusal_status, self.refusal_type, self.refusal_body

    @property
    def api_root(self) -> str:
        return self.origin + "/wp-json/"


class WpNewsServer(RestReplicaServer):
    """The wp-news pages and API on 127.0.0.1 (``port=0``: any free port)."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1", api: WordPressApi | None = None) -> None:
        super().__init__(_unpacked_pages(), api or WordPressApi.captured(), port, host)


@contextmanager
def serve_wp_news(api: WordPressApi | None = None) -> Iterator[WpNewsServer]:
    with running(WpNewsServer(api=api)) as server:
        yield server


# -- checking the server against WordPress ------------------------------------------


def _comparable_headers(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k in ("Content-Type", "X-WP-Total", "X-WP-TotalPages", "Link")}


def compare_checks(site: Path = SITE, answers: list[dict[str, Any]] | None = None) -> list[str]:
    """Differences between the replica server's answers and WordPress's (``checks.json.xz``)."""
    answers = answers if answers is not None else read_xz_json(site / "checks.json.xz")
    api = WordPressApi(read_xz_json(site / "rest.json.xz"))
    failures = []
    for expected in answers:
        parts = urlsplit(expected["query"])
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        route = parts.path[len("/wp-json") :] if parts.path.startswith("/wp-json") else dict(pairs)["rest_route"]
        status, headers, body = api.answer(route, pairs, ORIGIN)
        problems = []
        if status != expected["status"]:
            problems.append(f"status {status} != {expected['status']}")
        want = _comparable_headers(expected["headers"])
        got = _comparable_headers(headers)
        if got != want:
            problems.append(f"headers {got} != {want}")
        if body != expected["body"].encode():
            same_json = json.loads(body) == json.loads(expected["body"])
            problems.append("body differs" + (" (bytes only; same JSON)" if same_json else ""))
        if problems:
            failures.append(f"{expected['query']}: {'; '.join(problems)}")
    return failures


# -- what the HTML path extracts from the pages ------------------------------------------


def html_items(api: WordPressApi, now: datetime, timezone: ZoneInfo) -> tuple[dict[str, Any], dict[int, Any]]:
    """Every article (enriched from its REST record, as ``source=html`` does) and every comment
    the replica's pages show, extracted by the HTML path: articles by URL, comments by id."""
    from scrapy.http import HtmlResponse, Request

    from defense_news.pages import ArticlePage
    from defense_news.rest.enrichment import enrich
    from defense_news.rest.records import post_facts

    def page(url: str) -> ArticlePage:
        file = _unpacked_pages() / url[len(ORIGIN) :].lstrip("/") / "index.html"
        response = HtmlResponse(url=url, body=file.read_bytes(), encoding="utf-8", request=Request(url))
        return ArticlePage(response, timezone, now)

    body = api.answer("/wp/v2/posts", [("per_page", "100"), ("_embed", "wp:term,wp:featuredmedia")], ORIGIN)[2]
    posts = json.loads(body)
    for number in range(2, 1 + math.ceil(len(api.posts) / 100)):
        query = [("per_page", "100"), ("page", str(number)), ("_embed", "wp:term,wp:featuredmedia")]
        posts += json.loads(api.answer("/wp/v2/posts", query, ORIGIN)[2])
    articles = {}
    for post in posts:
        facts = post_facts(post)
        if facts is None or facts.protected:
            continue
        article = enrich(page(post["link"]).article(), facts, timezone).article
        articles[article.url] = article
    comments = {}
    for file in sorted(_unpacked_pages().glob("20*/*/*/**/index.html")):
        url = ORIGIN + "/" + str(file.parent.relative_to(_unpacked_pages())) + "/"
        for comment in page(url).comments():
            comments[comment.comment_id] = comment
    return articles, comments
