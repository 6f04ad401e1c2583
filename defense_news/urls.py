"""URL rules of a WordPress site: ``/%year%/%monthnum%/%postname%/`` permalinks, or plain ones.

Plain permalinks (Settings → Permalinks → Plain) name pages by query: ``?p=123`` (a
post), ``?cat=4`` (a category), ``&paged=2`` (a listing page), ``&cpage=2`` (a
comment page). The query parameters that name a page are kept wherever a URL is
normalised; any other query (``replytocom``, tracking) is dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

ARTICLE_PATH = re.compile(r"^/\d{4}/\d{2}/[^/]+/?$")
# WordPress ends a comment page's path with a slash exactly when the permalink structure
# ends with one (user_trailingslashit): /archives/%post_id% gives /archives/5/comment-page-2.
# Page numbers of at most MAX_PAGE_DIGITS ASCII digits: a longer one is no page of a site, and
# int() refuses past 4,300 digits (a ValueError out of a callback: the page lost, a traceback).
MAX_PAGE_DIGITS = 9
COMMENT_PAGE = re.compile(rf"^(?P<base>.*?)/comment-page-(?P<n>[0-9]{{1,{MAX_PAGE_DIGITS}}})(?P<slash>/?)$")
LISTING_PAGE = re.compile(rf"^(?P<base>.*/)page/(?P<n>[0-9]{{1,{MAX_PAGE_DIGITS}}})/?$")
CATEGORY_PATH = re.compile(r"^/category/(?:[^/]+/)*(?P<slug>[^/]+)/?$")
# Slugs are lower-case letters, digits, hyphens (and percent-encoded UTF-8).
CATEGORY_SLUG = re.compile(r"^[a-z0-9%][a-z0-9%_-]*(?:/[a-z0-9%][a-z0-9%_-]*)*$")


def page_number(text: str, max_digits: int = MAX_PAGE_DIGITS) -> int | None:
    """A number a page or URL prints (``paged=``, ``cpage=``, a pagination's current page, a
    post id), or None: ASCII digits only, since str.isdigit() takes the superscript '²' that
    int() refuses, and at most ``max_digits`` of them.

    >>> page_number(" 12 "), page_number("\u00b2"), page_number("9" * 5000), page_number("-3")
    (12, None, None, None)
    """
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > max_digits:
        return None
    return int(text)


def slug_of(raw: str) -> str | None:
    """A category slug as a user writes it (profile, setting or ``-a categories=``), as URLs carry it.

    Case, spaces around it, slashes at its ends and a leading ``category/`` are dropped; non-ASCII
    letters are percent-encoded as in WordPress's URLs. ``""`` for nothing given, ``None`` for a
    value that is no slug (spaces or URL punctuation inside).

    >>> slug_of(" /Category/North-Korea/ "), slug_of("weltraum/übersicht"), slug_of(""), slug_of("a b")
    ('north-korea', 'weltraum/%c3%bcbersicht', '', None)
    >>> slug_of("milit<ary"), slug_of("?cat=4")
    (None, None)
    """
    text = raw.strip()
    # Only letters beyond ASCII are percent-encoded; ASCII punctuation never occurs in a slug.
    if any(c.isascii() and not (c.isalnum() or c in "-_/%") for c in text) or any(c.isspace() for c in text):
        return None
    slug = text.strip("/").lower()
    if slug.startswith("category/"):
        slug = slug[len("category/") :]
    if not slug:
        return ""
    # WordPress stores a non-ASCII slug percent-encoded in lower case (sanitize_title).
    slug = quote(slug, safe="/%").lower()
    return slug if CATEGORY_SLUG.match(slug) else None


# Query parameters that name a page under plain permalinks: a post, a page, a category.
PLAIN_KEYS = ("p", "page_id", "cat")


def _plain_query(query: str, keys: tuple[str, ...] = PLAIN_KEYS) -> str:
    """The ``keys`` of ``query`` with a numeric value, in a fixed order."""
    values = dict(parse_qsl(query))
    return urlencode([(key, values[key]) for key in keys if page_number(values.get(key, ""), 18) is not None])


def strip_query(url: str) -> str:
    """``url`` without fragment or query, except a plain permalink's ``p``/``page_id``/``cat``.

    >>> strip_query("https://x.com/a/?utm_source=x#c"), strip_query("https://x.com/?cat=4&paged=2&s=x")
    ('https://x.com/a/', 'https://x.com/?cat=4')
    """
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, _plain_query(parts.query), ""))


def article_permalink(url: str) -> str:
    """The article's permalink: no fragment, ``comment-page-N/`` or query but a plain permalink's.

    >>> article_permalink("https://x.com/2022/10/a-b/comment-page-2/?replytocom=5#comments")
    'https://x.com/2022/10/a-b/'
    >>> article_permalink("https://x.com/?p=8&cpage=2#comments")
    'https://x.com/?p=8'
    >>> article_permalink("https://x.com/archives/5/comment-page-2#comments")
    'https://x.com/archives/5'
    """
    parts = urlsplit(url)
    path = parts.path
    match = COMMENT_PAGE.match(path)
    if match:
        path = match["base"] + match["slash"]
    return urlunsplit((parts.scheme, parts.netloc, path, _plain_query(parts.query, ("p", "page_id")), ""))


def comment_page_of(url: str) -> tuple[str, int] | None:
    """(article permalink, number) of a comment page URL: ``…/comment-page-2/`` or ``?p=8&cpage=2``.

    >>> comment_page_of("https://x.com/2024/05/a/comment-page-2/#comments"), comment_page_of("https://x.com/?p=8&cpage=3")
    (('https://x.com/2024/05/a/', 2), ('https://x.com/?p=8', 3))
    """
    parts = urlsplit(url)
    match = COMMENT_PAGE.match(parts.path)
    if match:
        return article_permalink(url), int(match["n"])
    cpage = page_number(dict(parse_qsl(parts.query)).get("cpage", ""))
    if cpage is not None and _plain_query(parts.query, ("p", "page_id")):
        return article_permalink(url), cpage
    return None


def comment_page_number(url: str) -> int | None:
    found = comment_page_of(url)
    return found[1] if found else None


def comment_page_url(permalink: str, number: int) -> str:
    """Comment page ``number`` of the article at ``permalink``, in the site's own form.

    >>> comment_page_url("https://x.com/2024/05/a/", 2), comment_page_url("https://x.com/?p=8", 2)
    ('https://x.com/2024/05/a/comment-page-2/', 'https://x.com/?p=8&cpage=2')
    >>> comment_page_url("https://x.com/archives/5", 2)
    'https://x.com/archives/5/comment-page-2'
    """
    if urlsplit(permalink).query:
        return f"{permalink}&cpage={number}"
    if not permalink.endswith("/"):
        return f"{permalink}/comment-page-{number}"
    return f"{permalink}comment-page-{number}/"


def listing_base(url: str) -> str:
    """A listing URL without its ``page/N/`` (or ``paged=N``) part, fragment or other query.

    >>> listing_base("https://x.com/category/a/page/3/?x=1"), listing_base("https://x.com/?cat=4&paged=2")
    ('https://x.com/category/a/', 'https://x.com/?cat=4')
    """
    parts = urlsplit(url)
    match = LISTING_PAGE.match(parts.path)
    path = match["base"] if match else parts.path
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, _plain_query(parts.query), ""))


def listing_page_number(url: str) -> int:
    parts = urlsplit(url)
    match = LISTING_PAGE.match(parts.path)
    if match:
        return int(match["n"])
    paged = page_number(dict(parse_qsl(parts.query)).get("paged", ""))
    return paged if paged is not None else 1


def listing_page_url(url: str) -> str:
    """A listing page's URL as followed: its plain keys and ``paged`` kept, nothing else.

    >>> listing_page_url("https://x.com/?cat=4&paged=2&orderby=date#main"), listing_page_url("https://x.com/?paged=3")
    ('https://x.com/?cat=4&paged=2', 'https://x.com/?paged=3')
    """
    parts = urlsplit(url)
    query = "&".join(q for q in (_plain_query(parts.query), _plain_query(parts.query, ("paged",))) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def looks_like_article(url: str) -> bool:
    parts = urlsplit(url)
    return bool(ARTICLE_PATH.match(parts.path)) or "p=" in _plain_query(parts.query, ("p",))


def same_host(url: str, host: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and (parts.hostname or "") == host


@lru_cache(maxsize=8)
def _category_path(base: str) -> re.Pattern[str]:
    return CATEGORY_PATH if base == "category" else re.compile(rf"^/{re.escape(base)}/(?:[^/]+/)*(?P<slug>[^/]+)/?$")


def category_slug(url: str, base: str = "category") -> str | None:
    """The slug of a category listing URL (``/<base>/[parent/]slug/``; ``?cat=ID``: the ID), else None.

    >>> category_slug("https://x.com/category/navy/"), category_slug("https://x.com/themen/heer/ruestung/", "themen")
    ('navy', 'ruestung')
    >>> category_slug("https://x.com/?cat=4")
    '4'
    """
    parts = urlsplit(url)
    match = _category_path(base.strip("/") or "category").match(parts.path)
    if match:
        return match["slug"]
    plain = dict(parse_qsl(_plain_query(parts.query, ("cat",))))
    return plain.get("cat")


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


def post_slug(url: str) -> str | None:
    """The last path segment of a permalink (WordPress's post slug).

    >>> post_slug("https://x.com/2024/05/five-fights/"), post_slug("https://x.com/")
    ('five-fights', None)
    """
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return segments[-1] if segments else None
