"""URL rules of a WordPress site with ``/%year%/%monthnum%/%postname%/`` permalinks."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

ARTICLE_PATH = re.compile(r"^/\d{4}/\d{2}/[^/]+/?$")
COMMENT_PAGE = re.compile(r"^(?P<base>.*/)comment-page-(?P<n>\d+)/?$")
LISTING_PAGE = re.compile(r"^(?P<base>.*/)page/(?P<n>\d+)/?$")
CATEGORY_PATH = re.compile(r"^/category/(?:[^/]+/)*(?P<slug>[^/]+)/?$")
# Slugs are lower-case letters, digits, hyphens (and percent-encoded UTF-8).
CATEGORY_SLUG = re.compile(r"^[a-z0-9%][a-z0-9%_-]*(?:/[a-z0-9%][a-z0-9%_-]*)*$")


def strip_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def article_permalink(url: str) -> str:
    """The article's permalink: no query, fragment or ``comment-page-N/``.

    >>> article_permalink("https://x.com/2022/10/a-b/comment-page-2/?replytocom=5#comments")
    'https://x.com/2022/10/a-b/'
    """
    parts = urlsplit(url)
    path = parts.path
    match = COMMENT_PAGE.match(path)
    if match:
        path = match["base"]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def comment_page_number(url: str) -> int | None:
    match = COMMENT_PAGE.match(urlsplit(url).path)
    return int(match["n"]) if match else None


def listing_base(url: str) -> str:
    """A listing URL without its ``page/N/`` part, query or fragment."""
    parts = urlsplit(url)
    match = LISTING_PAGE.match(parts.path)
    path = match["base"] if match else parts.path
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def listing_page_number(url: str) -> int:
    match = LISTING_PAGE.match(urlsplit(url).path)
    return int(match["n"]) if match else 1


def looks_like_article(url: str) -> bool:
    return bool(ARTICLE_PATH.match(urlsplit(url).path))


def same_host(url: str, host: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and (parts.hostname or "") == host


@lru_cache(maxsize=8)
def _category_path(base: str) -> re.Pattern[str]:
    return CATEGORY_PATH if base == "category" else re.compile(rf"^/{re.escape(base)}/(?:[^/]+/)*(?P<slug>[^/]+)/?$")


def category_slug(url: str, base: str = "category") -> str | None:
    """The slug of a category listing URL (``/<base>/[parent/]slug/``), else None.

    >>> category_slug("https://x.com/category/navy/"), category_slug("https://x.com/themen/heer/ruestung/", "themen")
    ('navy', 'ruestung')
    """
    match = _category_path(base.strip("/") or "category").match(urlsplit(url).path)
    return match["slug"] if match else None


def join(base: str, href: str) -> str:
    """``urljoin`` that never raises: a malformed href joins to ``""`` (no URL).

    >>> join("https://x.com/a/", "b/"), join("https://x.com/a/", "http://[::1")
    ('https://x.com/a/b/', '')
    """
    try:
        return urljoin(base, href)
    except ValueError:
        return ""


_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> tuple[str, int | None] | None:
    """(host, port) of an http(s) URL; ``None`` for other schemes or no host.

    >>> origin("https://www.19fortyfive.com/a/"), origin("http://127.0.0.1:8045/"), origin("javascript:alert(1)")
    (('www.19fortyfive.com', None), ('127.0.0.1', 8045), None)
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    if port == _DEFAULT_PORTS[parts.scheme]:
        port = None
    return parts.hostname.lower(), port
