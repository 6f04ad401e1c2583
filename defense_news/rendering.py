"""Rendering JavaScript-dependent pages with scrapy-playwright and a system Chromium.

Off by default. ``DEFENSE_NEWS_RENDER`` (or ``-a render=``) picks the mode:

- ``never``: plain Scrapy downloads only; nothing here imports Playwright.
- ``auto``: every page is fetched plainly; :class:`RenderMiddleware` re-fetches
  it through the browser only when its HTML promises more than it holds
  (:func:`needs_rendering`).
- ``always``: every page through the browser.

The browser is the operating system's Chromium (``apt-get install chromium``);
``playwright install`` is never needed.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.settings import BaseSettings

from .pages import ArticlePage, ListingPage
from .processors import comment_count
from .render_modes import MODES, RenderModeError, parse_render_mode  # noqa: F401  (re-exported)
from .rest.routes import API_PATH
from .spiders.requests import reads_a_page  # pages: what the spider marked in request.meta

logger = logging.getLogger(__name__)

STATS = "defense_news/render"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_ENV = "DEFENSE_NEWS_CHROMIUM_PATH"
INSTALL_HINT = (
    "install Chromium from your distribution (Debian/Ubuntu: `apt-get install -y chromium`) "
    f"or point the {BROWSER_ENV} setting or environment variable at a Chromium/Chrome executable"
)
# Headless Chromium from distribution packages: no sandbox as root (containers, CI), and none
# of the background calls to Google services that a crawler neither needs nor may be allowed.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
)
HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
# Below HttpCompression (590) and Redirect (600): it sees the final, decoded response.
MIDDLEWARE_ORDER = 560
# Resource types a text crawl never needs.
BLOCKED_RESOURCES = frozenset({"image", "font", "media", "imageset", "texttrack", "object", "beacon", "csp_report"})

# request.meta keys of this module
RENDERED = "defense_news_render"  # "auto" or "always": why the request goes through the browser
PLAIN_RESPONSE = "defense_news_plain_response"  # auto: the plain response, kept for a fallback
FALLBACK = "defense_news_render_fallback"  # a rendering failed: take the plain HTML as it is
SERVED = "defense_news_served"  # the ServedDocument of a rendering: the bytes the server sent

# Hints that a listing fills itself by script ("More Posts", infinite scroll, a JSON fetch).
_LOAD_MORE_ATTR = re.compile(r"infinite|load-?more|more-?posts|ajax-?load", re.I)
_SCRIPT_HINTS = ("fetch(", "XMLHttpRequest", API_PATH, "admin-ajax.php", "infinite", "loadMore", "load_more")


def find_browser(configured: str | None = None) -> str | None:
    """The Chromium/Chrome executable to drive: the configured path, else the first one installed."""
    configured = configured or os.environ.get(BROWSER_ENV)
    if configured:
        path = shutil.which(configured) or (configured if os.access(configured, os.X_OK) else None)
        return str(Path(path).absolute()) if path and Path(path).is_file() else None
    for name in BROWSER_NAMES:
        path = shutil.which(name) or shutil.which(name, path="/usr/bin:/usr/local/bin:/snap/bin")
        if path:
            return path
    return None


def check_rendering(mode: str, configured_browser: str | None) -> str | None:
    """The browser to use for ``mode`` (None for ``never``), or a message saying what is missing."""
    if mode == "never":
        return None
    if importlib.util.find_spec("scrapy_playwright") is None:
        raise NotConfigured(
            f"Rendering (render={mode}) needs scrapy-playwright: pip install -e '.[render]' (or pip install scrapy-playwright)"
        )
    browser = find_browser(configured_browser)
    if browser is None:
        where = configured_browser or os.environ.get(BROWSER_ENV)
        found = f"{where!r} is not an executable" if where else f"none of {', '.join(BROWSER_NAMES)} is on PATH"
        raise NotConfigured(f"Rendering (render={mode}) needs a Chromium browser, but {found}: {INSTALL_HINT}.")
    return browser


def _set_merged(settings: BaseSettings, name: str, value: dict[str, Any]) -> None:
    """Set a dict merged from the current one, at no lower priority than the one it replaces."""
    settings.set(name, value, priority=max(settings.getpriority(name) or 0, 30))


def current_mode(settings: BaseSettings) -> str:
    return parse_render_mode(settings.get("DEFENSE_NEWS_RENDER"))


def configure(settings: BaseSettings, render_arg: str | None = None) -> str:
    """Switch rendering on in ``settings`` if asked; return the mode.

    Called from the spider's ``update_settings`` (``-s DEFENSE_NEWS_RENDER``,
    project settings) and again from ``from_crawler`` when ``-a render=`` is
    given: spider arguments arrive after ``update_settings``, while ``scrapy
    crawl`` still leaves the settings open. In ``never`` mode Scrapy's own
    download handlers stay and Playwright is not imported.
    """
    try:
        mode = parse_render_mode(settings.get("DEFENSE_NEWS_RENDER") if render_arg is None else render_arg)
    except RenderModeError as exc:
        raise NotConfigured(str(exc)) from None
    if settings.frozen:
        configured = parse_render_mode(settings.get("DEFENSE_NEWS_RENDER"))
        if mode != configured:
            raise NotConfigured(
                f"render={render_arg} cannot take effect: the settings are frozen (render={configured}); "
                f"use -s DEFENSE_NEWS_RENDER={mode}"
            )
        return mode
    # `-a render=` outranks `-s DEFENSE_NEWS_RENDER=`: it names this run's spider.
    priority = max(settings.getpriority("DEFENSE_NEWS_RENDER") or 0, 30 if render_arg is None else 40)
    settings.set("DEFENSE_NEWS_RENDER", mode, priority=priority)
    browser = check_rendering(mode, settings.get("DEFENSE_NEWS_CHROMIUM_PATH"))
    if browser is None:
        handlers = {k: v for k, v in settings.getdict("DOWNLOAD_HANDLERS").items() if v != HANDLER}
        if handlers != settings.getdict("DOWNLOAD_HANDLERS"):
            _set_merged(settings, "DOWNLOAD_HANDLERS", handlers)
        return mode
    handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
    handlers.update(http=HANDLER, https=HANDLER)
    _set_merged(settings, "DOWNLOAD_HANDLERS", handlers)
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    middlewares["defense_news.rendering.RenderMiddleware"] = MIDDLEWARE_ORDER
    _set_merged(settings, "DOWNLOADER_MIDDLEWARES", middlewares)
    launch = dict(settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"))
    launch.setdefault("executable_path", browser)
    launch.setdefault("headless", True)
    own_args = list(launch.get("args") or [])
    launch["args"] = own_args + [arg for arg in CHROMIUM_ARGS if arg not in own_args]
    timeout_ms = int(settings.getfloat("DEFENSE_NEWS_RENDER_TIMEOUT") * 1000)
    _set_merged(settings, "PLAYWRIGHT_LAUNCH_OPTIONS", launch)
    # Priority "default": a PLAYWRIGHT_* value from settings.py or -s wins over ours.
    for name, value in (
        ("PLAYWRIGHT_BROWSER_TYPE", "chromium"),
        ("PLAYWRIGHT_MAX_CONTEXTS", 1),
        ("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT", settings.getint("DEFENSE_NEWS_RENDER_MAX_PAGES")),
        ("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT", timeout_ms),
        ("PLAYWRIGHT_ABORT_REQUEST", abort_request),
    ):
        settings.set(name, value, priority="default")
    logger.info("Rendering JavaScript (render=%s) with %s", mode, browser)
    return mode


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def abort_request(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: block images, fonts, media and other hosts' requests."""
    if request.resource_type in BLOCKED_RESOURCES:
        return True
    try:
        page_url = request.frame.page.main_frame.url
    except Exception:  # Playwright's Error (a service worker has no frame); not importable at the top
        return True
    if request.is_navigation_request() and request.frame.parent_frame is None:
        return False  # the page itself (and its redirects)
    page_host = _host(page_url)
    host = _host(request.url)
    return not (host == page_host or host.endswith("." + page_host))


def _stated_comments(page: ArticlePage) -> int | None:
    values = page.comment_count()
    return comment_count(values[0]) if values else None


def needs_rendering(response: TextResponse, page: ArticlePage | None = None) -> str | None:
    """Why the plain HTML of ``response`` falls short of what the page promises, or None.

    - an article stating more comments than it prints, with no comment-page
      links to explain the difference (the thread is loaded by script);
    - a listing with no article links but a script or "load more" container
      that fills it.
    """
    page = page or ArticlePage(response)
    if page.is_article():
        if page.is_protected():
            return None
        stated = _stated_comments(page)
        if not stated:
            return None
        found = len(page.thread.elements)
        if stated > found and not page.comment_page_urls():
            return f"states {stated} comments, prints {found}"
        return None
    if ListingPage(response).entries():
        return None
    sel = response.selector
    if any(_LOAD_MORE_ATTR.search(value) for value in sel.xpath("//body//@class | //body//@id").getall()):
        return "listing without links, with a load-more container"
    scripts = " ".join(sel.xpath("//script[not(@src)]/text()").getall())
    if any(hint in scripts for hint in _SCRIPT_HINTS):
        return "listing without links, filled by script"
    return None


class ServedDocument:
    """The bytes the server sent for the page a browser rendered.

    A rendered response's body is the browser's DOM serialised again: a page the server cut
    short comes back closed (``</html>`` and all), so the checks on plain HTML
    (``ResponseCheckMiddleware``: cut short, not HTML, too big) read these bytes instead.
    """

    def __init__(self) -> None:
        self.response: Any = None
        self.body: bytes | None = None
        self.error: str | None = None

    def on_response(self, response: Any) -> None:
        """Playwright's ``response`` event: keep the page's own (last, after redirects) answer."""
        request = response.request
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.response, self.body, self.error = response, None, None

    async def read(self, page: Any) -> bytes | None:
        """A page method, run after the page loaded and before it closes."""
        if self.response is None:
            self.error = "no answer seen"
            return None
        try:
            self.body = await self.response.body()
        except Exception as exc:  # Playwright's Error, not importable at the top
            self.error = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return self.body


def served_document(request: Request) -> ServedDocument | None:
    """What the server sent for a rendered request (None for a plain one)."""
    served = request.meta.get(SERVED)
    return served if isinstance(served, ServedDocument) else None


class RenderMiddleware:
    """Sends pages through the browser (always, or when ``auto`` finds they need it), counts them,
    and falls back to the plain HTML when a rendering fails or times out."""

    def __init__(self, crawler: Crawler) -> None:
        # Imported here: Playwright is loaded only when rendering is on.
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeoutError

        self.crawler = crawler
        self.mode = parse_render_mode(crawler.settings.get("DEFENSE_NEWS_RENDER"))
        if self.mode == "never":
            raise NotConfigured("rendering is off")
        self.wait_until = crawler.settings.get("DEFENSE_NEWS_RENDER_WAIT_UNTIL") or "load"
        from scrapy_playwright.page import PageMethod

        self.playwright_error: type[Exception] = PlaywrightError
        self.timeout_error: type[Exception] = PlaywrightTimeoutError
        self.page_method: Any = PageMethod

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderMiddleware:
        return cls(crawler)

    @property
    def stats(self) -> Any:
        return self.crawler.stats

    def _browser_meta(self, reason: str) -> dict[str, Any]:
        served = ServedDocument()
        return {
            "playwright": True,
            "playwright_page_goto_kwargs": {"wait_until": self.wait_until},
            "playwright_page_event_handlers": {"response": served.on_response},
            "playwright_page_methods": [self.page_method(served.read)],
            SERVED: served,
            RENDERED: reason,
        }

    reads_a_page = staticmethod(reads_a_page)

    def process_request(self, request: Request) -> None:
        if (
            self.mode == "always"
            and "playwright" not in request.meta
            and not request.meta.get(FALLBACK)
            and self.reads_a_page(request)
        ):
            request.meta.update(self._browser_meta("always"))

    def page_of(self, response: TextResponse) -> ArticlePage:
        """The page as the spider builds it (the site's zone and category base), else plain."""
        build = getattr(self.crawler.spider, "page_of", None)
        return build(response) if build is not None else ArticlePage(response)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get(FALLBACK):
            return response
        if request.meta.get(RENDERED):
            request.meta.pop(PLAIN_RESPONSE, None)
            self.stats.inc_value(f"{STATS}/pages")
            return response
        if self.mode != "auto" or response.status != 200 or not isinstance(response, HtmlResponse):
            return response
        if not self.reads_a_page(request):
            return response
        reason = needs_rendering(response, self.page_of(response))
        if reason is None:
            return response
        logger.info("Rendering %s: %s", response.url, reason)
        meta = {**request.meta, **self._browser_meta("auto"), PLAIN_RESPONSE: response}
        return request.replace(meta=meta, dont_filter=True)

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        if not request.meta.get(RENDERED) or not isinstance(exception, self.playwright_error):
            return None
        timed_out = isinstance(exception, self.timeout_error)
        if timed_out:
            self.stats.inc_value(f"{STATS}/timeouts")
        self.stats.inc_value(f"{STATS}/fallbacks")
        first_line = str(exception).strip().splitlines()[0] if str(exception).strip() else type(exception).__name__
        logger.warning(
            "Rendering %s %s (%s): using the plain HTML instead",
            request.url,
            "timed out" if timed_out else "failed",
            first_line,
        )
        request.meta[FALLBACK] = True
        plain = request.meta.pop(PLAIN_RESPONSE, None)
        if plain is not None:
            return plain
        meta = {k: v for k, v in request.meta.items() if not k.startswith("playwright") and k not in (RENDERED, SERVED)}
        return request.replace(meta=meta, dont_filter=True)
