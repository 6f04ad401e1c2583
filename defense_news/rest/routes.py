"""Every WordPress REST API address the project asks for: the one place that names the routes.

``api_root`` is ``<site>/wp-json/`` (pretty permalinks) or ``<site>/?rest_route=/`` (any site).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

# Embedded in every post page: its author, terms and featured image (no look-up requests).
EMBED = "author,wp:term,wp:featuredmedia"
# What the site detection asks of the REST index (the site's time zone and address).
INDEX_FIELDS = "name,url,home,gmt_offset,timezone_string"
# The REST link WordPress core prints in every post's <head> (rel="alternate" type="application/json").
POST_ROUTE = re.compile(r"/wp/v2/posts/(\d+)")


# Seen in a page's inline scripts, the API root says the page fills itself from the API.
API_PATH = "/wp-json/"


def rest_url(api_root: str, route: str, params: dict[str, Any] | None = None) -> str:
    """A REST URL under ``api_root`` (``…/wp-json/`` or the plain-permalink ``…/?rest_route=/``).

    >>> rest_url("https://x.com/wp-json/", "wp/v2/posts/7", {"_embed": "wp:term"})
    'https://x.com/wp-json/wp/v2/posts/7?_embed=wp%3Aterm'
    >>> rest_url("https://x.com/?rest_route=/", "wp/v2/posts", {"page": 2})
    'https://x.com/?rest_route=%2Fwp%2Fv2%2Fposts&page=2'
    """
    route = route.lstrip("/")
    query = urlencode(params or {})
    if "rest_route=" in api_root:
        base = api_root.split("?", 1)[0]
        query = urlencode({"rest_route": "/" + route, **(params or {})})
        return f"{base}?{query}"
    url = api_root.rstrip("/") + "/" + route
    return f"{url}?{query}" if query else url


def is_rest_url(url: str) -> bool:
    """An address of the REST API at its usual roots (a request not built by the crawl).

    >>> is_rest_url("https://x.com/wp-json/wp/v2/posts"), is_rest_url("https://x.com/?rest_route=/")
    (True, True)
    >>> is_rest_url("https://x.com/2024/01/a-post/")
    False
    """
    parts = urlsplit(url)
    return API_PATH in parts.path + "/" or "rest_route=" in parts.query


def default_api_root(base_url: str) -> str:
    """Where WordPress serves its REST API on a site with pretty permalinks."""
    return urljoin(base_url, API_PATH.lstrip("/"))


def index_roots(base_url: str, api_root: str, configured: bool) -> list[str]:
    """REST index locations to ask: the configured root alone, else pretty permalinks first
    and ``/?rest_route=/``, which works on every WordPress."""
    return [api_root] if configured else [api_root, urljoin(base_url, "?rest_route=/")]


def index_url(api_root: str) -> str:
    return rest_url(api_root, "", {"_fields": INDEX_FIELDS})


def categories_url(api_root: str) -> str:
    return rest_url(api_root, "wp/v2/categories", {"per_page": 100, "_fields": "id,name,slug,link,count"})


def post_url(api_root: str, post_id: int | None = None, slug: str | None = None) -> str:
    """One post with its terms, by id or (a page printing no id) by slug."""
    if post_id is not None:
        return rest_url(api_root, f"wp/v2/posts/{post_id}", {"_embed": "wp:term"})
    return rest_url(api_root, "wp/v2/posts", {"slug": slug, "_embed": "wp:term"})


def post_list_url(api_root: str, page: int, per_page: int) -> str:
    """A page of every post, newest first (``discovery=api``)."""
    return rest_url(api_root, "wp/v2/posts", {"_embed": "wp:term", "per_page": per_page, "page": page})


def thread_comments_url(api_root: str, post_id: int, page: int, per_page: int) -> str:
    """A page of one post's comments, oldest first."""
    params = {"post": post_id, "per_page": per_page, "page": page, "orderby": "date_gmt", "order": "asc"}
    return rest_url(api_root, "wp/v2/comments", params)


def posts_url(
    api_root: str,
    page: int,
    per_page: int = 100,
    modified_after: str | None = None,
    published_after: str | None = None,
) -> str:
    """A page of posts: oldest id first (every post, or those modified after a time), or oldest
    first among those published after a time (``published_after``).

    By id, not by modified time: a post edited while the list is read keeps its place, instead
    of moving to the end and pulling an unread post onto a page already read.
    """
    params: dict[str, Any] = {"per_page": per_page, "page": page, "_embed": EMBED}
    if modified_after:
        params.update(modified_after=modified_after, orderby="id", order="asc")
    elif published_after:
        params.update(after=published_after, orderby="date", order="asc")
    else:
        params.update(orderby="id", order="asc")
    return rest_url(api_root, "wp/v2/posts", params)


def site_comments_url(api_root: str, page: int, per_page: int = 100, after: str | None = None) -> str:
    """A page of comments across the site, oldest first (``after``: only newer ones)."""
    params: dict[str, Any] = {"per_page": per_page, "page": page, "orderby": "date_gmt", "order": "asc"}
    if after:
        params["after"] = after
    return rest_url(api_root, "wp/v2/comments", params)


def total_url(api_root: str, route: str) -> str:
    """The smallest answer carrying a list's ``X-WP-Total``: one record's id (``route``: ``posts`` or
    ``comments``; every public post, every approved comment)."""
    return rest_url(api_root, f"wp/v2/{route}", {"per_page": 1, "_fields": "id"})


def batch_url(api_root: str, post_ids: Iterable[int] = (), slugs: Iterable[str] = ()) -> str:
    """The posts of one listing page in one request (``source=html`` enrichment): by id, or
    by slug for themes whose listings print no ``post-<ID>`` class (at most 100 either way)."""
    ids = sorted(set(post_ids))[:100]
    names = sorted(set(slugs))[:100]
    params: dict[str, Any] = {"include": ",".join(map(str, ids))} if ids else {"slug": ",".join(names)}
    params.update(per_page=max(1, len(ids or names)), _embed=EMBED)
    return rest_url(api_root, "wp/v2/posts", params)


def window_url(
    api_root: str, kind: str, after: str | None, before: str | None, page: int = 1, per_page: int = 1
) -> str:
    """A page of posts (``kind="articles"``) or comments dated strictly between ``after`` and
    ``before`` (``None``: unbounded), oldest first. ``per_page=1`` asks for the window's
    ``X-WP-Total`` (and its oldest record's id and date) only: reconciliation's counts."""
    params: dict[str, Any] = {"per_page": per_page, "page": page, "order": "asc"}
    params["orderby"] = "date" if kind == "articles" else "date_gmt"
    if after:
        params["after"] = after
    if before:
        params["before"] = before
    if per_page == 1:
        params["_fields"] = "id,date_gmt"
    elif kind == "articles":
        params["_embed"] = EMBED
    return rest_url(api_root, "wp/v2/posts" if kind == "articles" else "wp/v2/comments", params)
