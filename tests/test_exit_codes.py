"""`scrapy crawl` as a scheduler runs it: expected failures end in one clear line and a documented exit status.

docs/exit-codes.md lists the statuses; these tests run real `scrapy crawl` processes.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from defense_news.replica import ReplicaServer

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).resolve().parent.parent


def loud_lines(stderr: str) -> list[str]:
    """The WARNING and ERROR lines of a crawl's log, its closing summary ("Crawl #N …") aside."""
    return [
        line for line in stderr.splitlines() if (" WARNING: " in line or " ERROR: " in line) and "Crawl #" not in line
    ]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scrapy_crawl(base_url: str, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "19fortyfive",
        "-a", f"base_url={base_url}",
        "-s", f"DEFENSE_NEWS_SQLITE_PATH={db}",
        # A loopback address needs no politeness delay.
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        *args,
    ]  # fmt: skip
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("discovery", ["categories", "sitemap", "feed", "api"])
def test_unreachable_site_is_one_clear_failure_in_every_discovery_mode(discovery: str, tmp_path: Path) -> None:
    """Nothing answers: robots.txt and the pages fail with one line each, no traceback, status 1.

    With few requests to make (sitemap, feed) the run used to end "finished", status 0.
    """
    result = scrapy_crawl(f"http://127.0.0.1:{closed_port()}/", tmp_path / "news.db", "-a", f"discovery={discovery}")

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1] == "Crawl failed: site_unreachable (see the log above)"
    assert "robots.txt" in result.stderr  # named, in one line


def test_a_site_whose_robots_txt_disallows_everything_fails_in_one_line(tmp_path: Path) -> None:
    """robots.txt "Disallow: /": one ERROR line naming the site and robots.txt, status 1.

    It used to print an ERROR per listing (and per start URL) and then "No articles found ...".
    """
    from defense_news.replica import serve
    from tests.helpers import SITES

    closed = tmp_path / "site"
    closed.mkdir()
    (closed / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    db = tmp_path / "news.db"
    with serve([closed, SITES / "wp-tt3"]) as site:
        result = scrapy_crawl(site.base_url, db, "-a", "rest=0")

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1] == "Crawl failed: robots_disallowed (see the log above)"
    errors = [line for line in result.stderr.splitlines() if " ERROR: " in line and "Crawl #" not in line]
    assert len(errors) == 1, errors
    assert f"robots.txt of {site.base_url} disallows every page this run asked for" in errors[0]
    assert [reason for reason, _ in crawl_records(db)] == ["robots_disallowed"]


def test_a_rest_crawl_that_robots_txt_refuses_is_one_line(tmp_path: Path) -> None:
    """-a source=rest on a site whose robots.txt says "Disallow: /": robots.txt's one ERROR line and
    nothing else at WARNING or above, status 1 (robots_disallowed). It was an ERROR calling it the
    API's refusal (rest_refused) and a WARNING that "the run read HTML only", which read nothing."""
    from defense_news.replica import serve
    from tests.helpers import SITES

    closed = tmp_path / "site"
    closed.mkdir()
    (closed / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    db = tmp_path / "news.db"
    with serve([closed, SITES / "wp-api", SITES / "wp-tt3"]) as site:
        result = scrapy_crawl(site.base_url, db, "-a", "source=rest")

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1] == "Crawl failed: robots_disallowed (see the log above)"
    loud = loud_lines(result.stderr)
    assert len(loud) == 1, loud
    assert f"ERROR: robots.txt of {site.base_url} disallows every page this run asked for (the REST API" in loud[0]
    assert [reason for reason, _ in crawl_records(db)] == ["robots_disallowed"]


@pytest.mark.parametrize("discovery", ["categories", "api"])
def test_robots_txt_closing_a_site_without_a_profile_is_the_only_warning(discovery: str, tmp_path: Path) -> None:
    """A site with no profile whose robots.txt says "Disallow: /": its one ERROR line is the only
    line at WARNING or above (besides the crawl's summary). The defaults standing in for what the
    refused pages would have told (time zone, category base), the REST API and "No categories to
    walk" used to be four more warnings and an ERROR, consequences of the one refusal."""
    from defense_news.replica import serve
    from tests.helpers import SITES

    closed = tmp_path / "site"
    closed.mkdir()
    (closed / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    command = [
        sys.executable, "-m", "scrapy", "crawl", "wordpress", "-s", "DEFENSE_NEWS_CONTACT=you@example.org",
        "-s", f"DEFENSE_NEWS_SQLITE_PATH={tmp_path / 'news.db'}", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=DEBUG", "-a", f"discovery={discovery}",
    ]  # fmt: skip
    with serve([closed, SITES / "wp-tt3"]) as site:
        result = subprocess.run(
            [*command, "-a", f"site={site.base_url}"],
            cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    assert result.returncode == 1, result.stderr[-2000:]
    loud = loud_lines(result.stderr)
    assert len(loud) == 1, loud
    assert "disallows every page this run asked for" in loud[0]
    # Still said, at INFO: what stands in for what the refused pages would have told.
    assert "INFO: No time zone found for" in result.stderr
    assert "INFO: No categories to walk" in result.stderr


def test_an_address_that_is_no_wordpress_site_is_one_line(tmp_path: Path) -> None:
    """A profile pointed at a server with nothing of WordPress (an empty folder): one ERROR line
    summing up the home page and the profile's category listings answering 404, status 1.

    It used to print an ERROR for the home page and for each listing, then "No articles found ..."."""
    from defense_news.replica import serve

    empty = tmp_path / "site"
    empty.mkdir()
    db = tmp_path / "news.db"
    with serve([empty]) as site:
        result = scrapy_crawl(site.base_url, db, "-a", "rest=0")

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1] == "Crawl failed: articles_not_found (see the log above)"
    errors = [line for line in result.stderr.splitlines() if " ERROR: " in line and "Crawl #" not in line]
    assert len(errors) == 1, errors
    assert (
        f"No articles found on {site.base_url}: its home page and 9 of 9 category listings answered 404" in (errors[0])
    )
    assert "Is this a WordPress site, and the right address?" in errors[0]
    # Each listing is still said, at INFO.
    assert result.stderr.count(" INFO: Category ") == 9
    assert [reason for reason, _ in crawl_records(db)] == ["articles_not_found"]


NO_WORDPRESS_HOME = "<!DOCTYPE html><html><head><title>Plain</title></head><body><h1>Welcome</h1></body></html>"


@pytest.mark.parametrize(
    ("home", "seen"), [(None, "home page HTTP 404"), (NO_WORDPRESS_HOME, "home page without WordPress markup")]
)
def test_an_address_that_is_no_wordpress_site_without_a_profile_is_one_line(
    home: str | None, seen: str, tmp_path: Path
) -> None:
    """`scrapy crawl wordpress -a site=<no WordPress>` (an empty folder, a plain page): one ERROR line
    saying what the site showed instead of WordPress, status 1. It used to warn of the time zone,
    the category base and the REST API, log "No categories to walk" (or "No article links") at
    ERROR/WARNING, then "No articles found ..."; those lines are INFO now, their counters kept."""
    from defense_news.replica import serve

    folder = tmp_path / "site"
    folder.mkdir()
    if home is not None:
        (folder / "index.html").write_text(home)
    db = tmp_path / "news.db"
    with serve([folder]) as site:
        result = wordpress_crawl(site.base_url, db)

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1] == "Crawl failed: articles_not_found (see the log above)"
    loud = loud_lines(result.stderr)
    assert len(loud) == 1, loud
    assert f"ERROR: No articles found on {site.base_url} where the run looked: " in loud[0]
    assert loud[0].endswith(
        f"; no sign of WordPress ({seen}, no REST API, no category sitemap). Is this a WordPress site, and the "
        "right address?"
    )
    for said in ("No time zone found for", "No category base found for", "REST API not usable"):
        assert f"INFO: {said}" in result.stderr
    assert "'defense_news/site/defaults': 2" in result.stderr
    assert ("INFO: No categories to walk" if home is None else "INFO: No article links on listing") in result.stderr
    assert [reason for reason, _ in crawl_records(db)] == ["articles_not_found"]


def test_articles_found_on_a_site_with_no_sign_of_wordpress_warn_of_the_defaults(tmp_path: Path) -> None:
    """A site with no WordPress markup whose home page links an article: stored, exit 0, and one
    warning at the end naming the defaults that stood in (said at INFO when detection settled them)."""
    from defense_news.replica import serve

    folder = tmp_path / "site"
    (folder / "2024" / "01" / "frigates").mkdir(parents=True)
    (folder / "index.html").write_text(
        "<!DOCTYPE html><html><head><title>Plain News</title></head><body><main><article><h2>"
        '<a href="/2024/01/frigates/">New frigates</a></h2></article></main></body></html>'
    )
    text = "<p>" + "The navy announced a new class of frigates today, to be delivered within five years. " * 4
    (folder / "2024" / "01" / "frigates" / "index.html").write_text(
        "<!DOCTYPE html><html><head><title>New frigates</title></head><body><main><article><h1>New frigates"
        '</h1><time datetime="2024-01-10T09:00:00">January 10, 2024</time>' + (text + "</p>") * 6 + "</article>"
        "</main></body></html>"
    )
    db = tmp_path / "news.db"
    with serve([folder]) as site:
        result = wordpress_crawl(site.base_url, db)

    assert result.returncode == 0, result.stderr[-2000:]
    loud = loud_lines(result.stderr)
    assert loud == [
        loud[0].split(" [")[0] + f" [defense_news.outcome] WARNING: {site.base_url} showed no sign of WordPress "
        "(home page without WordPress markup, no REST API, no category sitemap), yet the run found articles: read "
        "with WordPress's defaults (time zone UTC, category base /category/); set them in its site profile"
    ], loud


def crawl_records(db: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("select finish_reason, arguments from crawls order by id").fetchall()


def test_a_crawl_whose_categories_all_404_fails(stock_site: ReplicaServer, tmp_path: Path) -> None:
    """-a categories=nosuchcat: nothing could be crawled, so the run must not look like a success."""
    db = tmp_path / "news.db"
    result = scrapy_crawl(stock_site.base_url, db, "-a", "categories=nosuchcat,nosuchother", "-a", "rest=0")

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1] == "Crawl failed: categories_not_found (see the log above)"
    assert "'nosuchcat' does not exist on the site" in result.stderr
    assert [reason for reason, _ in crawl_records(db)] == ["categories_not_found"]


def test_one_missing_category_among_found_ones_is_named_but_the_run_succeeds(
    stock_site: ReplicaServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    result = scrapy_crawl(stock_site.base_url, db, "-a", "categories=nosuchcat,politics", "-a", "rest=0")

    assert result.returncode == 0, result.stderr[-2000:]
    assert "'nosuchcat' does not exist on the site" in result.stderr
    assert [reason for reason, _ in crawl_records(db)] == ["finished"]


def test_a_rest_crawl_that_lost_a_page_fails(tmp_path: Path) -> None:
    """-a source=rest and a page of the API that stays broken: status 1, rest_since kept (tests/test_rest_faults.py)."""
    from defense_news.replica import running
    from tests.test_rest_faults import COMMENTS_PAGE_2, new_server

    with running(new_server()) as site:
        site.api_faults = {COMMENTS_PAGE_2: ["http_500"] * 5}
        result = scrapy_crawl(
            site.base_url, tmp_path / "news.db", "-a", "source=rest", "-s", "DEFENSE_NEWS_REST_PER_PAGE=4",
            "-s", "DEFENSE_NEWS_RETRY_BACKOFF_BASE=0.01",
        )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1] == "Crawl failed: rest_incomplete (see the log above)"
    assert [reason for reason, _ in crawl_records(tmp_path / "news.db")] == ["rest_incomplete"]


def wordpress_crawl(site: str, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "wordpress", "-a", f"site={site}",
        "-s", f"DEFENSE_NEWS_SQLITE_PATH={db}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        *args,
    ]  # fmt: skip
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(
    ("kind", "args", "where"),
    [
        # Item 1: a plain web page, no WordPress.
        ("plain", (), "page {}services/ (no article)"),
        # Item 2: a WordPress site whose feed is off, and one without a sitemap.
        ("endless", ("-a", "discovery=feed"), "feed {}feed/ (HTTP 404)"),
        ("endless", ("-a", "discovery=sitemap"), "sitemap {}wp-sitemap.xml (HTTP 404)"),
    ],
)
def test_a_run_that_finds_no_article_where_it_looked_fails(
    kind: str, args: tuple[str, ...], where: str, tmp_path: Path
) -> None:
    """Issue 22 items 1 and 2: these runs exited 0 having stored nothing (only a warning or INFO lines)."""
    from defense_news.replica import running
    from tests.hostile import HostileSite

    db = tmp_path / "news.db"
    with running(HostileSite(kind)) as site:
        result = wordpress_crawl(site.base_url, db, *args)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1] == "Crawl failed: articles_not_found (see the log above)"
    [line] = [line for line in result.stderr.splitlines() if "No articles found on" in line]
    assert "ERROR" in line
    assert where.format(site.base_url) in line
    assert [reason for reason, _ in crawl_records(db)] == ["articles_not_found"]


def test_an_incremental_run_that_finds_nothing_new_succeeds(stock_site: ReplicaServer, tmp_path: Path) -> None:
    """Finding only stored articles is finding nothing new, not finding nothing: exit 0."""
    db = tmp_path / "news.db"
    first = scrapy_crawl(stock_site.base_url, db, "-a", "categories=military", "-a", "rest=0")
    second = scrapy_crawl(stock_site.base_url, db, "-a", "categories=military", "-a", "rest=0")
    assert (first.returncode, second.returncode) == (0, 0), second.stderr[-2000:]
    assert [reason for reason, _ in crawl_records(db)] == ["finished", "finished"]
    assert "'defense_news/articles_found'" in second.stderr


def test_a_bad_listing_depth_cap_is_one_line_and_status_2(tmp_path: Path) -> None:
    result = scrapy_crawl("http://127.0.0.1:9/", tmp_path / "news.db", "-s", "DEFENSE_NEWS_MAX_LISTING_PAGES=0")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Invalid setting DEFENSE_NEWS_MAX_LISTING_PAGES='0': expected a whole number, 1 or more."
    )


@pytest.mark.parametrize(
    ("setting", "line"),
    [
        ("JOBDIR={d}/afile", "Invalid setting JOBDIR='{d}/afile': expected a directory this process can write"),
        ("DEFENSE_NEWS_EXPORT_DIR={d}/afile", "Invalid setting DEFENSE_NEWS_EXPORT_DIR='{d}/afile': expected a"),
        ('FEEDS={{"{d}/afile/items.jsonl": {{"format": "jsonlines"}}}}', "Cannot write the feed {d}/afile/items"),
        ("-O {d}/afile/items.jsonl", "Cannot write the feed {d}/afile/items"),
        # The database's place, as the feeds' (it was status 1, a CRITICAL line once the run opened it).
        (
            "DEFENSE_NEWS_SQLITE_PATH={d}/afile/news.db",
            "Invalid setting DEFENSE_NEWS_SQLITE_PATH='{d}/afile/news.db': expected a database file in a directory",
        ),
        ("DEFENSE_NEWS_SQLITE_PATH={d}", "Invalid setting DEFENSE_NEWS_SQLITE_PATH='{d}': expected a database file"),
    ],
)
def test_a_place_the_run_cannot_write_is_one_line_and_status_2(tmp_path: Path, setting: str, line: str) -> None:
    """Not a traceback per exported item and exit 0 (the feed's items lost), nor a run recorded as started."""
    (tmp_path / "afile").write_text("a file")
    db = tmp_path / "news.db"
    option = setting.split(" ", 1) if setting.startswith("-") else ["-s", setting]
    result = scrapy_crawl("http://127.0.0.1:9/", db, *(part.format(d=tmp_path) for part in option))
    assert result.returncode == 2
    assert result.stderr.startswith(line.format(d=tmp_path))
    assert len(result.stderr.strip().splitlines()) == 1
    assert not db.exists()


def test_a_misspelt_project_setting_is_one_line_and_status_2(tmp_path: Path) -> None:
    """Not ignored: the run would otherwise store into the default database it was meant to avoid."""
    result = scrapy_crawl("http://127.0.0.1:9/", tmp_path / "news.db", "-s", f"DEFENSE_NEWS_SQLITEPATH={tmp_path}/x.db")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Unknown setting DEFENSE_NEWS_SQLITEPATH: no DEFENSE_NEWS_ setting has that name."
        " Did you mean DEFENSE_NEWS_SQLITE_PATH? All of them: docs/settings.md."
    )
