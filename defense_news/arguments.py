"""Validation of the spider's ``-a`` arguments: one clear message per bad value."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from .render_modes import MODES, RenderModeError, parse_render_mode
from .shards import Shard, ShardError, parse_shard
from .urls import slug_of


class ArgumentError(ValueError):
    """A spider argument has a value the spider cannot use."""

    def __init__(self, name: str, value: object, accepted: str, message: str | None = None) -> None:
        super().__init__(message or f"Invalid spider argument {name}={value!r}: expected {accepted}.")
        self.name = name


@dataclass(frozen=True)
class CrawlArguments:
    # The site's address when it is not the profile's (a replica, a staging copy); None: the profile's.
    base_url: str | None
    categories: tuple[str, ...] | None
    max_pages: int | None
    since: date | None
    # How articles are found: categories (listing walk), sitemap, feed or api.
    discovery: str = "categories"
    # REST enrichment: None leaves it to DEFENSE_NEWS_REST.
    rest: bool | None = None
    # Walk every listing page and fetch every article again (no incremental stop).
    full: bool = False
    # -a site=: a profile name or a site's address; None: the spider's own profile.
    site: str | None = None
    # -a render=: never/auto/always; None leaves it to DEFENSE_NEWS_RENDER.
    render: str | None = None
    # -a shard=K/N: this job's share of the site's articles (defense_news.shards); None: all of them.
    shard: Shard | None = None
    # -a source=: auto/rest/html; None leaves it to DEFENSE_NEWS_SOURCE.
    source: str | None = None


DISCOVERY_MODES = ("categories", "sitemap", "feed", "api")
# Where records are read from (docs/sources.md): the REST API, the pages, or the API when it answers.
SOURCES = ("auto", "rest", "html")


def parse_base_url(value: str | None, default: str | None = None) -> str | None:
    if value is None and default is None:
        return None
    raw = default if value is None else value.strip()
    assert raw is not None
    example = "an http:// or https:// URL such as http://127.0.0.1:8000/"
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 -- read for its ValueError: a port that is no number or above 65535
    except ValueError:  # also an unclosed [ of an IPv6 host
        raise ArgumentError("base_url", value, example) from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ArgumentError("base_url", value, example)
    if parts.query or parts.fragment:
        raise ArgumentError("base_url", value, "a site root without query or fragment")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def parse_categories(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    slugs = []
    for raw in value.split(","):
        slug = slug_of(raw)
        if slug is None:
            raise ArgumentError("categories", value, "comma-separated category slugs such as military,russia")
        if not slug:
            continue
        if slug not in slugs:
            slugs.append(slug)
    if not slugs:
        raise ArgumentError("categories", value, "at least one category slug, e.g. categories=military,russia")
    return tuple(slugs)


def parse_max_pages(value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise ArgumentError("max_pages", value, "a whole number of listing pages per category, 1 or more")
    return number


def parse_since(value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        since = date.fromisoformat(str(value).strip())
    except ValueError:
        raise ArgumentError("since", value, "a date in the form YYYY-MM-DD, e.g. since=2024-01-31") from None
    # A day after today (UTC; a site's own day is at most one ahead) would store nothing and exit 0.
    latest = datetime.now(UTC).date() + timedelta(days=1)
    if since > latest:
        raise ArgumentError("since", value, f"a date no later than today; {since.isoformat()} would store nothing")
    return since


def parse_discovery(value: str | None) -> str:
    if value is None or value == "":
        return "categories"
    mode = str(value).strip().lower()
    if mode not in DISCOVERY_MODES:
        raise ArgumentError("discovery", value, "one of " + ", ".join(DISCOVERY_MODES))
    return mode


def parse_source(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    if text not in SOURCES:
        raise ArgumentError("source", value, "one of " + ", ".join(SOURCES))
    return text


def parse_switch(name: str, value: str | bool | None) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise ArgumentError(name, value, "1 or 0 (also true/false, yes/no, on/off)")


def parse_site(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        raise ArgumentError("site", value, "a site profile name (e.g. 19fortyfive) or an address (https://...)")
    return text


def parse_render(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return parse_render_mode(value)
    except RenderModeError as exc:
        raise ArgumentError("render", value, "one of " + ", ".join(MODES), message=str(exc)) from None


def parse_shard_argument(value: str | None) -> Shard | None:
    try:
        return parse_shard(value)
    except ShardError as exc:
        raise ArgumentError(
            "shard", value, "K/N with 1 <= K <= N, e.g. shard=2/4", message=f"Invalid spider argument {exc}."
        ) from None


def parse_arguments(
    *,
    base_url: str | None = None,
    default_base_url: str | None = None,
    categories: str | None = None,
    max_pages: str | int | None = None,
    since: str | None = None,
    discovery: str | None = None,
    rest: str | bool | None = None,
    full: str | bool | None = None,
    site: str | None = None,
    render: str | None = None,
    shard: str | None = None,
    source: str | None = None,
) -> CrawlArguments:
    return CrawlArguments(
        base_url=parse_base_url(base_url, default_base_url),
        categories=parse_categories(categories),
        max_pages=parse_max_pages(max_pages),
        since=parse_since(since),
        discovery=parse_discovery(discovery),
        rest=parse_switch("rest", rest),
        full=bool(parse_switch("full", full)),
        site=parse_site(site),
        render=parse_render(render),
        shard=parse_shard_argument(shard),
        source=parse_source(source),
    )


ARGUMENT_NAMES = (
    "site",
    "base_url",
    "categories",
    "max_pages",
    "since",
    "discovery",
    "rest",
    "source",
    "full",
    "render",
    "shard",
)
# Passed by the tools that start crawls rather than by users: scrapyd's job id.
TOOL_ARGUMENTS = ("_job",)


class MissingArgumentError(ArgumentError):
    def __init__(self, name: str, accepted: str) -> None:
        ValueError.__init__(self, f"Missing spider argument -a {name}=: expected {accepted}.")
        self.name = name


class UnknownArgumentError(ArgumentError):
    def __init__(self, name: str) -> None:
        close = difflib.get_close_matches(name, ARGUMENT_NAMES, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        ValueError.__init__(
            self, f"Unknown spider argument {name!r}: {hint}The arguments are {', '.join(ARGUMENT_NAMES)}."
        )
        self.name = name


def check_argument_names(names: Iterable[str]) -> None:
    """Refuse a name that is not an argument (a typo such as ``categoris`` would be ignored silently)."""
    for name in names:
        if name not in ARGUMENT_NAMES and name not in TOOL_ARGUMENTS:
            raise UnknownArgumentError(name)


def parse_spider_arguments(values: Mapping[str, Any], default_base_url: str | None = None) -> CrawlArguments:
    """:func:`parse_arguments` over a mapping of ``-a`` values (missing ones are None); unknown names refused."""
    check_argument_names(values)
    return parse_arguments(default_base_url=default_base_url, **{name: values.get(name) for name in ARGUMENT_NAMES})
