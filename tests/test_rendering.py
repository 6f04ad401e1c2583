"""JavaScript rendering: modes, browser detection, the auto heuristics, and real crawls with headless Chromium.

The replica tests/sites/js (built by tests/sites/build_js.py from wp-tt3) has:

- /category/military/: plain listing → post 10 (2 comments inserted from a JSON blob by an
  inline script) and post 8 (no comments);
- /category/politics/: a listing whose items a script fetches as JSON → post 15 (1 comment
  fetched as JSON) and post 11 (3 comments in the HTML, one comment page);
- /category/slow/: plain listing → post 7, whose page never stops polling the server.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.test import get_crawler

from defense_news import rendering
from defense_news.config import ConfigurationError
from defense_news.items import Article, Comment
from defense_news.pages import ArticlePage
from defense_news.replica import ReplicaServer, serve
from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider
from tests.helpers import NOW, SITES, crawl, page, project_settings_dict, site_file

ROOT = Path(__file__).parent.parent
ARTICLE_INLINE = "/2024/04/b-21-raider-matters/"
ARTICLE_FETCHED = "/2024/10/drones-ukraine-lessons-army/"
ARTICLE_PLAIN = "/2024/02/navy-frigate-shipyard-problem/"
ARTICLE_PLAIN_COMMENTS = "/2024/05/defense-budget-five-fights/"
ARTICLE_SLOW = "/2024/01/russia-baltic-zapad-return/"
JS_POSTS = {8, 10, 11, 15}
JS_COMMENTS = {10: 2, 11: 3, 15: 1}
HAS_PLAYWRIGHT = importlib.util.find_spec("scrapy_playwright") is not None


@pytest.fixture
def js_site() -> Iterator[ReplicaServer]:
    """A fresh server per test, so that its request log belongs to one crawl."""
    with serve(SITES / "js") as server:
        yield server


@pytest.fixture(scope="module")
def chromium() -> str:
    """The system browser, or a skip that says how to install one (a failure in CI)."""
    missing = []
    if not HAS_PLAYWRIGHT:
        missing.append("scrapy-playwright (pip install -e '.[render]')")
    browser = rendering.find_browser()
    if browser is None:
        missing.append("a Chromium browser (apt-get install -y chromium, or set DEFENSE_NEWS_CHROMIUM_PATH)")
    if missing:
        reason = "JavaScript rendering tests need " + " and ".join(missing)
        if os.environ.get("DEFENSE_NEWS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (DEFENSE_NEWS_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    assert browser is not None
    return browser


def fake_browser(tmp_path: Path) -> str:
    path = tmp_path / "chromium"
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return str(path)


# -- modes and configuration (no browser) -------------------------------------------


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        (None, "never"),
        ("", "never"),
        ("off", "never"),
        ("never", "never"),
        ("auto", "auto"),
        ("js", "auto"),
        ("always", "always"),
        (" ALWAYS ", "always"),
        (True, "auto"),
        (False, "never"),
    ],
)
def test_parse_render_mode(value, mode):
    assert rendering.parse_render_mode(value) == mode


def test_parse_render_mode_rejects_unknown_values():
    with pytest.raises(rendering.RenderModeError, match=r"'sometimes'.*never, auto, always"):
        rendering.parse_render_mode("sometimes")


def test_find_browser_configured_path(tmp_path, monkeypatch):
    browser = fake_browser(tmp_path)
    assert rendering.find_browser(browser) == browser
    monkeypatch.setenv("DEFENSE_NEWS_CHROMIUM_PATH", browser)
    assert rendering.find_browser() == browser
    assert rendering.find_browser(str(tmp_path / "missing")) is None
    (tmp_path / "not-executable").write_text("")
    assert rendering.find_browser(str(tmp_path / "not-executable")) is None


def test_find_browser_searches_path(tmp_path, monkeypatch):
    monkeypatch.delenv("DEFENSE_NEWS_CHROMIUM_PATH", raising=False)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    browser = bindir / "chromium-browser"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    monkeypatch.setenv("PATH", str(bindir))
    found = rendering.find_browser()
    # /usr/bin/chromium (searched even off PATH) wins over chromium-browser when installed.
    assert found in {str(browser), "/usr/bin/chromium"}
    if not Path("/usr/bin/chromium").exists():
        assert found == str(browser)


def test_never_changes_nothing():
    settings = Settings(project_settings_dict())
    before = settings.getdict("DOWNLOAD_HANDLERS")
    assert rendering.configure(settings) == "never"
    assert settings.getdict("DOWNLOAD_HANDLERS") == before
    assert "PLAYWRIGHT_LAUNCH_OPTIONS" not in settings
    assert "defense_news.rendering.RenderMiddleware" not in settings.getdict("DOWNLOADER_MIDDLEWARES")


@pytest.mark.skipif(not HAS_PLAYWRIGHT, reason="needs scrapy-playwright: pip install -e '.[render]'")
@pytest.mark.parametrize("mode", ["auto", "always"])
def test_rendering_settings(tmp_path, mode):
    browser = fake_browser(tmp_path)
    settings = Settings(project_settings_dict(DEFENSE_NEWS_RENDER=mode, DEFENSE_NEWS_CHROMIUM_PATH=browser))
    assert rendering.configure(settings) == mode
    assert settings.getdict("DOWNLOAD_HANDLERS")["https"] == rendering.HANDLER
    launch = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert launch["executable_path"] == browser
    assert launch["headless"] is True
    assert "--no-sandbox" in launch["args"]
    assert "--disable-background-networking" in launch["args"]
    assert settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT") == 2
    assert settings.getint("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT") == 20_000
    assert settings["PLAYWRIGHT_ABORT_REQUEST"] is rendering.abort_request
    assert settings.getdict("DOWNLOADER_MIDDLEWARES")["defense_news.rendering.RenderMiddleware"] == 560
    # -a render=never afterwards puts Scrapy's handlers back
    assert rendering.configure(settings, "never") == "never"
    assert rendering.HANDLER not in settings.getdict("DOWNLOAD_HANDLERS").values()


@pytest.mark.skipif(not HAS_PLAYWRIGHT, reason="needs scrapy-playwright: pip install -e '.[render]'")
def test_own_playwright_settings_win(tmp_path):
    settings = Settings(
        project_settings_dict(
            DEFENSE_NEWS_RENDER="auto",
            DEFENSE_NEWS_CHROMIUM_PATH=fake_browser(tmp_path),
            PLAYWRIGHT_MAX_PAGES_PER_CONTEXT=5,
            PLAYWRIGHT_LAUNCH_OPTIONS={"args": ["--lang=en-US"]},
        )
    )
    rendering.configure(settings)
    assert settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT") == 5
    launch = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert launch["args"][0] == "--lang=en-US"
    assert "--no-sandbox" in launch["args"]
    assert launch["executable_path"] == str(tmp_path / "chromium")


@pytest.mark.skipif(not HAS_PLAYWRIGHT, reason="needs scrapy-playwright: pip install -e '.[render]'")
def test_no_browser_stops_the_crawl_at_once(tmp_path):
    # The add-on refuses (NotConfigured would only disable it, and the crawl would go on unrendered).
    with pytest.raises(ConfigurationError, match=r"apt-get install -y chromium"):
        get_crawler(
            NineteenFortyFiveSpider,
            project_settings_dict(DEFENSE_NEWS_RENDER="auto", DEFENSE_NEWS_CHROMIUM_PATH=str(tmp_path / "none")),
        )


def test_render_argument_cannot_change_frozen_settings():
    crawler = get_crawler(NineteenFortyFiveSpider, project_settings_dict())
    with pytest.raises(NotConfigured, match="DEFENSE_NEWS_RENDER=always"):
        rendering.configure(crawler.settings, "always")
    assert rendering.configure(crawler.settings, "never") == "never"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "19fortyfive", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


CONTACT = ("-s", "DEFENSE_NEWS_CONTACT=tests@example.org")


@pytest.mark.e2e
def test_cli_without_browser_exits_with_install_hint(tmp_path):
    # The real site's address (no request is made): a contact, so the browser check is what stops it.
    done = run_cli(
        "-a", "render=always", *CONTACT, env={"DEFENSE_NEWS_CHROMIUM_PATH": str(tmp_path / "none")}
    )  # fmt: skip
    assert done.returncode == 2
    assert ("apt-get install -y chromium" if HAS_PLAYWRIGHT else "pip install") in done.stderr
    assert "Spider opened" not in done.stderr


@pytest.mark.e2e
def test_cli_rejects_bad_render_mode():
    done = run_cli("-a", "render=sometimes", *CONTACT)
    assert done.returncode == 2
    assert "Invalid render mode 'sometimes'" in done.stderr


ZERO_COST = """
import sys
from scrapy.crawler import CrawlerProcess
from defense_news.replica import serve
from tests.helpers import SITES, project_settings_dict
from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider

with serve(SITES / "js") as site:
    process = CrawlerProcess(project_settings_dict(DEFENSE_NEWS_SQLITE_PATH="", LOG_LEVEL="WARNING"))
    crawler = process.create_crawler(NineteenFortyFiveSpider)
    process.crawl(crawler, base_url=site.base_url, categories="military")
    process.start()
assert crawler.stats.get_value("defense_news/articles") == 2, crawler.stats.get_stats()
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"playwright", "scrapy_playwright"})
print("LOADED", loaded)
"""


@pytest.mark.e2e
def test_rendering_off_imports_no_playwright():
    done = subprocess.run(
        [sys.executable, "-c", ZERO_COST], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout


# -- which pages auto renders (saved pages, no browser) ---------------------------------


@pytest.mark.parametrize(
    ("url_path", "reason"),
    [
        (ARTICLE_INLINE, "states 2 comments, prints 0"),
        (ARTICLE_FETCHED, "states 1 comments, prints 0"),
        ("/category/politics/", "listing without links, filled by script"),
        (ARTICLE_PLAIN, None),
        (ARTICLE_PLAIN_COMMENTS, None),
        (ARTICLE_PLAIN_COMMENTS + "comment-page-1/", None),
        ("/category/military/", None),
    ],
)
def test_needs_rendering_js_replica(url_path, reason):
    assert rendering.needs_rendering(page("js", url_path)) == reason


@pytest.mark.parametrize("site", ["wp-tt3", "wp-tt1", "zox"])
def test_stock_pages_need_no_browser(site):
    """auto renders nothing on a site whose HTML holds everything."""
    root = SITES / site
    for file in sorted(root.rglob("index.html")):
        relative = file.parent.relative_to(root).as_posix()
        url_path = "/" if relative == "." else f"/{relative}/"
        assert rendering.needs_rendering(page(site, url_path)) is None, url_path


def test_load_more_container_makes_an_empty_listing_worth_rendering():
    listing = page("js", "/category/politics/")
    script = listing.css("script:contains('fetch(')").get().encode()
    empty = listing.replace(body=listing.body.replace(script, b""))
    assert rendering.needs_rendering(empty) is None  # nothing promised: an empty category
    button = b'<button class="wp-load-more-posts">More Posts</button></main>'
    with_button = empty.replace(body=empty.body.replace(b"</main>", button))
    assert rendering.needs_rendering(with_button) == "listing without links, with a load-more container"


def parse_article(response):  # stand-ins for the spider's callbacks: only their names count
    pass


def parse_rest_posts(response):
    pass


@pytest.mark.skipif(not HAS_PLAYWRIGHT, reason="needs scrapy-playwright: pip install -e '.[render]'")
def test_always_renders_pages_not_data(tmp_path):
    crawler = get_crawler(
        NineteenFortyFiveSpider,
        project_settings_dict(DEFENSE_NEWS_RENDER="always", DEFENSE_NEWS_CHROMIUM_PATH=fake_browser(tmp_path)),
    )
    middleware = rendering.RenderMiddleware.from_crawler(crawler)
    origin = "https://www.19fortyfive.com"
    article = Request(f"{origin}{ARTICLE_INLINE}", callback=parse_article)
    start = Request(f"{origin}/")
    api = Request(f"{origin}/wp-json/wp/v2/posts", callback=parse_rest_posts)
    robots = Request(f"{origin}/robots.txt", meta={"dont_obey_robotstxt": True})
    for request in (article, start, api, robots):
        middleware.process_request(request)
    assert article.meta["playwright"] is True
    assert article.meta["playwright_page_goto_kwargs"] == {"wait_until": "networkidle"}
    assert start.meta["playwright"] is True
    assert "playwright" not in api.meta
    assert "playwright" not in robots.meta


class FakeFrame:
    def __init__(self, url: str, parent: FakeFrame | None = None) -> None:
        self.url = url
        self.parent_frame = parent
        self.page = self

    @property
    def main_frame(self) -> FakeFrame:
        return self.parent_frame or self


class FakeRequest:
    def __init__(self, url: str, resource_type: str, frame: FakeFrame, navigation: bool = False) -> None:
        self.url = url
        self.resource_type = resource_type
        self.frame = frame
        self._navigation = navigation

    def is_navigation_request(self) -> bool:
        return self._navigation


def test_abort_request_keeps_pages_lean():
    main = FakeFrame("https://www.19fortyfive.com/2024/01/post/")
    own = "https://www.19fortyfive.com/wp-includes/js/x.js"
    assert not rendering.abort_request(FakeRequest(main.url, "document", main, navigation=True))
    assert not rendering.abort_request(FakeRequest(own, "script", main))
    assert not rendering.abort_request(FakeRequest("https://cdn.19fortyfive.com/a.js", "script", main))
    assert not rendering.abort_request(FakeRequest("https://19fortyfive.com/wp-json/x", "fetch", main))
    for kind in ("image", "font", "media"):
        assert rendering.abort_request(FakeRequest(own, kind, main))
    assert rendering.abort_request(FakeRequest("https://ads.example.net/ad.js", "script", main))
    iframe = FakeFrame("about:blank", parent=main)
    assert rendering.abort_request(FakeRequest("https://disqus.com/embed/", "document", iframe, navigation=True))


# -- real crawls with headless Chromium ---------------------------------------------------


def per_post(comments: list[Comment]) -> dict[int, int]:
    return dict(Counter(c.post_id for c in comments))


def assert_pages_closed(stats: dict) -> None:
    assert stats.get("playwright/page_count", 0) == stats.get("playwright/page_count/closed", 0)


def plain_extraction(site: ReplicaServer, url_path: str) -> tuple[Article, list[Comment]]:
    """What the spider stores for the same page of the stock site, where nothing needs JavaScript."""
    body = site.rewrite_text(site_file("wp-tt3", url_path).read_text(encoding="utf-8"))
    url = site.origin + url_path
    article = ArticlePage(HtmlResponse(url, body=body, encoding="utf-8", request=Request(url)), now=NOW)
    return article.article(), article.comments()


def without_scraped_at(item: Article | Comment) -> dict:
    """The extracted fields: not the time of scraping, nor the site (set by the spider, not the page)."""
    return {k: v for k, v in dataclasses.asdict(item).items() if k not in ("scraped_at", "site")}


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_render_never_misses_script_content(js_site, tmp_path):
    result = await crawl(
        {"DEFENSE_NEWS_SQLITE_PATH": str(tmp_path / "news.db"), "DEFENSE_NEWS_RENDER": "never"},
        base_url=js_site.base_url,
        categories="military,politics",
    )
    assert {a.post_id for a in result.of(Article)} == {8, 10}
    assert result.of(Comment) == []
    assert not any(k.startswith(("playwright/", "defense_news/render/")) for k in result.stats)


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_render_always(js_site, chromium, tmp_path):
    db = tmp_path / "news.db"
    result = await crawl(
        {"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_RENDER": "always"},
        base_url=js_site.base_url,
        categories="military,politics",
    )
    assert {a.post_id for a in result.of(Article)} == JS_POSTS
    assert per_post(result.of(Comment)) == JS_COMMENTS
    # 2 listings, 4 articles (a single-page thread's comment-page-1/ is the article page
    # itself, never fetched again); robots.txt stays plain
    assert result.stats["defense_news/render/pages"] == 6
    assert "defense_news/render/fallbacks" not in result.stats
    assert result.stats.get("log_count/ERROR", 0) == 0
    assert_pages_closed(result.stats)
    assert result.stats["playwright/request_count/aborted"] > 0  # images
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == len(JS_POSTS)
        rows = dict(conn.execute("select post_id, count(*) from comments group by post_id").fetchall())
        assert rows == JS_COMMENTS
        assert conn.execute("select parent_id, depth from comments where comment_id = 30").fetchone() == (29, 2)

    # Rendered pages give the same records as the stock site's plain HTML.
    for url_path in (ARTICLE_INLINE, ARTICLE_FETCHED, ARTICLE_PLAIN, ARTICLE_PLAIN_COMMENTS):
        article, comments = plain_extraction(js_site, url_path)
        (crawled,) = [a for a in result.of(Article) if a.post_id == article.post_id]
        assert crawled.site == "19fortyfive"
        assert without_scraped_at(crawled) == without_scraped_at(article), url_path
        crawled_comments = {c.comment_id: without_scraped_at(c) for c in result.of(Comment)}
        for comment in comments:
            assert crawled_comments[comment.comment_id] == without_scraped_at(comment)


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_render_auto_renders_only_pages_that_need_it(js_site, chromium, tmp_path):
    db = tmp_path / "news.db"
    result = await crawl(
        {"DEFENSE_NEWS_SQLITE_PATH": str(db), "DEFENSE_NEWS_RENDER": "auto"},
        base_url=js_site.base_url,
        categories="military,politics",
    )
    assert {a.post_id for a in result.of(Article)} == JS_POSTS
    assert per_post(result.of(Comment)) == JS_COMMENTS
    assert result.stats["defense_news/render/pages"] == 3
    assert "defense_news/render/fallbacks" not in result.stats
    assert result.stats.get("log_count/ERROR", 0) == 0
    assert_pages_closed(result.stats)
    # Pages are fetched once plainly; only the three that need it a second time, by the browser.
    fetched = Counter(path for path in js_site.requests if not path.startswith(("/wp-includes/", "/wp-json/")))
    twice = {path for path, count in fetched.items() if count == 2}
    assert twice == {ARTICLE_INLINE, ARTICLE_FETCHED, "/category/politics/"}
    assert set(fetched.values()) == {1, 2}
    with sqlite3.connect(db) as conn:
        assert dict(conn.execute("select post_id, count(*) from comments group by post_id").fetchall()) == JS_COMMENTS


@pytest.mark.parametrize("mode", ["auto", "always"])
@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_render_timeout_falls_back_to_plain_html(js_site, chromium, tmp_path, caplog, mode):
    result = await crawl(
        {
            "DEFENSE_NEWS_SQLITE_PATH": str(tmp_path / "news.db"),
            "DEFENSE_NEWS_RENDER": mode,
            "DEFENSE_NEWS_RENDER_TIMEOUT": 1.5,
        },
        base_url=js_site.base_url,
        categories="slow",
    )
    # The page never goes idle: its plain HTML is used, so the article is stored without its comments.
    assert [a.post_id for a in result.of(Article)] == [7]
    assert result.of(Comment) == []
    assert result.stats["defense_news/render/timeouts"] == 1
    assert result.stats["defense_news/render/fallbacks"] == 1
    assert f"Rendering {js_site.origin}{ARTICLE_SLOW} timed out" in caplog.text
    assert_pages_closed(result.stats)


@pytest.mark.e2e
def test_cli_render_argument(js_site, chromium, tmp_path):
    """`-a render=js` switches rendering on for one run of `scrapy crawl`."""
    db = tmp_path / "news.db"
    done = run_cli(
        "-a",
        "render=js",
        "-a",
        f"base_url={js_site.base_url}",
        "-a",
        "categories=politics",
        "-s",
        f"DEFENSE_NEWS_SQLITE_PATH={db}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "'defense_news/render/pages': 2" in done.stderr
    with sqlite3.connect(db) as conn:
        assert dict(conn.execute("select post_id, count(*) from comments group by post_id").fetchall()) == {
            11: 3,
            15: 1,
        }
