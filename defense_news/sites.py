"""Site profiles: what the crawler knows about a site before fetching it, as data.

A profile is a table in a TOML file (``defense_news/sites.toml`` ships with the
package; ``DEFENSE_NEWS_SITES_FILE`` names a user's own file, whose entries are
added to, and override, the packaged ones)::

    [19fortyfive]
    url = "https://www.19fortyfive.com/"
    timezone = "America/New_York"

Every key but ``url`` is optional; what a profile leaves out is worked out from
the site itself (:mod:`defense_news.detection`). ``-a site=`` takes a profile
name or a bare URL; a URL is a profile with nothing but its address. docs/sites.md
describes every key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .urls import CATEGORY_SLUG, slug_of

PACKAGED = "sites.toml"
PERMALINKS = ("pretty", "plain")
COMMENT_ORDERS = ("newest", "oldest")


class ProfileError(ValueError):
    """A profile file that cannot be read, a bad entry, or an unknown profile name."""


@dataclass(frozen=True)
class SiteProfile:
    """One site: its address and what is known of it (None: detect it from the site)."""

    name: str
    url: str
    # IANA name of the zone the site prints local times in (WordPress's timezone_string).
    timezone: str | None = None
    # Category slugs walked when the home page names none (and cannot be fetched).
    categories: tuple[str, ...] = ()
    # WordPress's "Category base" (Settings → Permalinks): /<base>/<slug>/ are category listings.
    category_base: str | None = None
    # "pretty" (/2024/05/slug/, /category/x/, comment-page-2/) or "plain" (?p=, ?cat=, ?cpage=).
    permalinks: str | None = None
    # Which comment page a post's own URL shows (WordPress's default_comments_page).
    comment_order: str | None = None
    # The theme, as a hint for the logs and extraction ("zoxpress", "twentytwentythree", ...).
    theme: str | None = None
    # REST API root, when not WordPress's default (see defense_news.rest.routes).
    rest_root: str | None = None

    @property
    def site_id(self) -> str:
        """How stored rows name this site: the profile's name."""
        return self.name

    def with_url(self, url: str) -> SiteProfile:
        """The same site served at another address (a replica, a staging copy)."""
        return SiteProfile(**{**{f.name: getattr(self, f.name) for f in fields(self)}, "url": url})


def site_root(value: str) -> str:
    """``value`` as a site root URL (scheme, host, path ending in ``/``), or ProfileError.

    >>> site_root("HTTPS://Example.com"), site_root("http://127.0.0.1:8190/blog")
    ('https://example.com/', 'http://127.0.0.1:8190/blog/')
    """
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # an unclosed [ of an IPv6 host
        raise ProfileError(f"{value!r} is not an http:// or https:// address such as https://example.com/") from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        raise ProfileError(f"{value!r} is not an http:// or https:// address such as https://example.com/")
    if parts.query or parts.fragment:
        raise ProfileError(f"{value!r} is not a site root: it has a query or fragment")
    try:
        port = parts.port
    except ValueError:
        raise ProfileError(f"{value!r} has an invalid port") from None
    netloc = parts.hostname.lower() + (f":{port}" if port is not None else "")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{scheme}://{netloc}{path}"


def url_site_id(url: str) -> str:
    """How stored rows name a site given only by its URL: the host, with its port if not the default.

    >>> url_site_id("https://WWW.Example.com/"), url_site_id("http://127.0.0.1:8190/"), url_site_id("http://a.b:80/")
    ('www.example.com', '127.0.0.1:8190', 'a.b')
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return f"{host}:{port}" if port is not None and port != default else host


def _text(name: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(f"site profile [{name}]: {key} must be a non-empty string, not {value!r}")
    return value.strip()


def _choice(name: str, key: str, value: Any, choices: tuple[str, ...]) -> str:
    text = _text(name, key, value).lower()
    if text not in choices:
        raise ProfileError(f"site profile [{name}]: {key} must be one of {', '.join(choices)}, not {value!r}")
    return text


def timezone_name(value: str, where: str) -> str:
    """``value`` if it names an IANA time zone, else ProfileError naming ``where``."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ProfileError(f"{where}: {value!r} is not a time zone name (e.g. America/New_York)") from None
    return value


def category_slugs(name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"site profile [{name}]: categories must be a list of slugs, not {value!r}")
    slugs = []
    for raw in value:
        slug = slug_of(raw)
        if not slug:
            raise ProfileError(f"site profile [{name}]: {raw!r} is not a category slug (e.g. north-korea)")
        slugs.append(slug)
    return tuple(slugs)


def parse_profile(name: str, entry: Any) -> SiteProfile:
    """A profile from one TOML table; every problem is a ProfileError naming the entry and key."""
    if not isinstance(entry, Mapping):
        raise ProfileError(f"site profile [{name}] must be a table of keys (url = ..., timezone = ...)")
    known = {f.name for f in fields(SiteProfile)} - {"name"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise ProfileError(
            f"site profile [{name}]: unknown key {unknown[0]!r} (known keys: {', '.join(sorted(known))})"
        )
    if "url" not in entry:
        raise ProfileError(f"site profile [{name}] has no url")
    try:
        url = site_root(_text(name, "url", entry["url"]))
    except ProfileError as exc:
        raise ProfileError(f"site profile [{name}]: url {exc}") from None
    values: dict[str, Any] = {"name": name, "url": url}
    if "timezone" in entry:
        values["timezone"] = timezone_name(_text(name, "timezone", entry["timezone"]), f"site profile [{name}]")
    if "categories" in entry:
        values["categories"] = category_slugs(name, entry["categories"])
    if "category_base" in entry:
        base = _text(name, "category_base", entry["category_base"]).strip("/")
        if not CATEGORY_SLUG.match(quote(base.lower(), safe="/%")):
            raise ProfileError(f"site profile [{name}]: category_base {base!r} is not a path such as topics")
        values["category_base"] = base
    if "permalinks" in entry:
        values["permalinks"] = _choice(name, "permalinks", entry["permalinks"], PERMALINKS)
    if "comment_order" in entry:
        values["comment_order"] = _choice(name, "comment_order", entry["comment_order"], COMMENT_ORDERS)
    if "theme" in entry:
        values["theme"] = _text(name, "theme", entry["theme"]).lower()
    if "rest_root" in entry:
        try:
            values["rest_root"] = site_root(_text(name, "rest_root", entry["rest_root"]))
        except ProfileError:
            root = _text(name, "rest_root", entry["rest_root"])
            if not root.startswith(url) or "rest_route=" not in root:
                raise ProfileError(
                    f"site profile [{name}]: rest_root {root!r} is neither a path URL nor <url>?rest_route=/"
                ) from None
            values["rest_root"] = root
    return SiteProfile(**values)


def read_profiles(text: str, source: str) -> dict[str, SiteProfile]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"site profiles file {source} is not valid TOML: {exc}") from None
    profiles = {}
    for name, entry in data.items():
        try:
            profiles[name] = parse_profile(name, entry)
        except ProfileError as exc:
            raise ProfileError(f"{source}: {exc}") from None
    return profiles


def load_profiles(user_file: str | Path | None = None) -> dict[str, SiteProfile]:
    """The packaged profiles, then those of ``user_file`` (same name: the user's entry wins)."""
    packaged = files("defense_news").joinpath(PACKAGED)
    profiles = read_profiles(packaged.read_text(encoding="utf-8"), f"defense_news/{PACKAGED}")
    if user_file:
        path = Path(user_file).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ProfileError(
                f"DEFENSE_NEWS_SITES_FILE={str(user_file)!r} cannot be read: {exc.strerror or exc}"
            ) from None
        except UnicodeDecodeError:
            raise ProfileError(f"DEFENSE_NEWS_SITES_FILE={str(user_file)!r} is not UTF-8 text") from None
        profiles.update(read_profiles(text, str(path)))
    return profiles


def resolve_site(value: str, user_file: str | Path | None = None) -> SiteProfile:
    """The profile for ``-a site=``: a profile name, or an address (a profile with only its URL)."""
    text = value.strip()
    if not text:
        raise ProfileError("-a site= is empty: give a profile name (e.g. 19fortyfive) or a site's address")
    if "://" in text:
        url = site_root(text)
        for profile in load_profiles(user_file).values():
            if profile.url == url:
                return profile  # the address of a known site: its profile applies
        return SiteProfile(name=url_site_id(url), url=url)
    profiles = load_profiles(user_file)
    if text not in profiles:
        host = text.split("/", 1)[0].split(":", 1)[0]
        if "." in host or host == "localhost":
            # A host name without its scheme: say the address that was meant.
            scheme = "http" if host == "localhost" or host.startswith("127.") else "https"
            hint = f"an address needs its scheme: -a site={scheme}://{text}"
        else:
            hint = "or give the site's address, e.g. -a site=https://example.com/"
        raise ProfileError(f"Unknown site profile {text!r}: known profiles are {', '.join(sorted(profiles))} ({hint})")
    return profiles[text]
