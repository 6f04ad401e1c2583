"""One crawl's facts, resolved once: the site's profile, the ``-a`` arguments and the settings.

:meth:`Run.resolve` is called by the ``crawl`` command (to refuse a bad run before it
starts, exit status 2) and by the spider (to crawl); every component reads the same
:class:`Run` through :func:`run_of`. It sits at the bottom of the import graph: it knows
the settings, the arguments and the profiles, nothing of pages, storage or the REST API.

What the site itself tells (time zone, category base, where the REST API answers) is
settled later by :mod:`defense_news.detection`; a :class:`Run` holds what the run starts with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings

from .arguments import ArgumentError, CrawlArguments, MissingArgumentError, parse_spider_arguments
from .config import Config
from .rest.routes import default_api_root
from .sites import SiteProfile, resolve_site, site_root, url_site_id
from .urls import origin

# WordPress refuses per_page above 100.
REST_PAGE_LIMIT = 100


@dataclass(frozen=True)
class Run:
    """What one crawl is: which site, how, with which settings (read-only once resolved)."""

    args: CrawlArguments
    config: Config
    profile: SiteProfile
    # How stored rows name the site: the profile name, or the host of a bare address.
    site_id: str
    # Where records come from: auto, rest or html (docs/sources.md).
    source: str
    rest_enabled: bool
    render_mode: str
    # The REST root the settings or the profile name; "" leaves it to the site (the default root, detected).
    configured_rest_root: str = ""
    # The categories the profile (or DEFENSE_NEWS_DEFAULT_CATEGORIES) names as a fallback.
    default_categories: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def resolve(
        cls, values: Mapping[str, Any] | CrawlArguments, settings: BaseSettings, default_site: str | None = None
    ) -> Run:
        """The run these ``-a`` values and settings describe; raises what it cannot be
        (:class:`~defense_news.arguments.ArgumentError`, :class:`~defense_news.config.SettingError`,
        :class:`~defense_news.sites.ProfileError`)."""
        args = values if isinstance(values, CrawlArguments) else parse_spider_arguments(values)
        config = Config.from_settings(settings)
        site = site_argument(args, default_site)
        profile = resolve_site(site, config.sites_file)
        if args.base_url is not None:
            profile = profile.with_url(args.base_url)
        site_id = url_site_id(site_root(site)) if "://" in site else site
        if "://" in site and profile.site_id != site_id:
            site_id = profile.site_id  # an address that is a profile's: rows go under the profile's name
        check_source(args, config)
        categories = config.default_categories if config.default_categories is not None else profile.categories
        return cls(
            args=args,
            config=config,
            profile=profile,
            site_id=site_id,
            source=args.source or config.source,
            rest_enabled=args.rest if args.rest is not None else config.rest,
            render_mode=args.render or config.render,
            configured_rest_root=config.rest_root or profile.rest_root or "",
            default_categories=tuple(categories),
        )

    # -- the site ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self.profile.url

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def origin(self) -> tuple[str, int | None] | None:
        return origin(self.base_url)

    def on_site(self, url: str) -> bool:
        """The one "on this site" rule: same scheme family, host and port as the site's address
        (see :class:`defense_news.downloadermiddlewares.SiteBoundaryMiddleware`)."""
        return origin(url) == self.origin

    @property
    def timezone_name(self) -> str | None:
        """The time zone the settings or the profile name (None: detected from the site)."""
        return self.config.timezone or self.profile.timezone

    @property
    def timezone_source(self) -> str:
        return "setting DEFENSE_NEWS_TIMEZONE" if self.config.timezone else "site profile"

    @property
    def api_root(self) -> str:
        """Where the REST API is asked first."""
        return self.configured_rest_root or default_api_root(self.base_url)

    @property
    def rest_per_page(self) -> int:
        return min(REST_PAGE_LIMIT, self.config.rest_per_page)

    # -- the walk ---------------------------------------------------------------------

    @property
    def since(self) -> date | None:
        return self.args.since

    def before_since(self, moment: date | datetime | None, timezone: tzinfo) -> bool:
        """The one ``since`` rule: a moment whose local day (in the site's zone) is before
        ``-a since=``. Undated (None) is never before."""
        if self.args.since is None or moment is None:
            return False
        day = moment.astimezone(timezone).date() if isinstance(moment, datetime) else moment
        return day < self.args.since

    def reads_rest(self) -> bool:
        """Whether the run reads the REST API instead of walking the pages (then the page-walk
        arguments, see :func:`page_walk_arguments`, send ``source=auto`` to the pages)."""
        return self.source != "html" and self.rest_enabled and not page_walk_arguments(self.args)


def run_of(source: Any) -> Run | None:
    """The :class:`Run` of a crawler or spider (None for a spider that is not ours)."""
    spider = getattr(source, "spider", source)
    run = getattr(spider, "run", None)
    return run if isinstance(run, Run) else None


def site_argument(args: CrawlArguments, default_site: str | None = None) -> str:
    """The profile name or address to crawl: ``-a site=``, the spider's own, or ``-a base_url=``."""
    site = args.site or default_site or args.base_url
    if site is None:
        raise MissingArgumentError(
            "site", "a profile name or an address, e.g. scrapy crawl wordpress -a site=https://example.com/"
        )
    return site


def page_walk_arguments(args: CrawlArguments) -> list[str]:
    """The arguments that describe a walk of the pages, which the REST API does not make."""
    named = [f"{name}=" for name in ("categories", "max_pages", "since") if getattr(args, name) is not None]
    if args.discovery != "categories":
        named.append(f"discovery={args.discovery}")
    return named


def check_source(args: CrawlArguments, config: Config) -> None:
    """``source=rest`` needs the API switched on and no page-walk arguments (exit 2 otherwise)."""
    if (args.source or config.source) != "rest":
        return
    if not (args.rest if args.rest is not None else config.rest):
        raise ArgumentError("source", "rest", "auto or html when REST is switched off (rest=0, DEFENSE_NEWS_REST)")
    walk = page_walk_arguments(args)
    if walk:
        raise ArgumentError(
            "source", "rest", f"auto or html with {', '.join(walk)}: those describe a walk of the pages"
        )
