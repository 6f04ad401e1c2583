"""`make report` on a demo crawl: one self-contained HTML file whose every chart draws in Chromium."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from defense_news import demo, rendering

# Starts servers, processes or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

pytest.importorskip("plotly", reason='plotly is not installed: pip install -e ".[report]"')

PROJECT = Path(__file__).resolve().parent.parent
CHARTS = [
    "articles-per-week",
    "comments-per-article",
    "thread-depth",
    "comment-decay",
    "busiest-commenters",
    "crawl-history",
]


def chromium() -> str:
    """The system browser and Playwright, or a skip that says how to install them (a failure in CI)."""
    browser = rendering.find_browser()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        browser = None
    if browser is None:
        reason = (
            "the report test needs Chromium (apt-get install -y chromium) and playwright (pip install -e '.[render]')"
        )
        if os.environ.get("DEFENSE_NEWS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (DEFENSE_NEWS_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    return browser


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("report")
    db = folder / "demo.db"
    assert demo.main(["--db", str(db), "--port", "0"]) == 0
    assert demo.main(["--db", str(db), "--port", "0"]) == 0  # a second, incremental crawl for the history
    out = folder / "out"
    # What `make report` runs.
    result = subprocess.run(
        [sys.executable, "-m", "defense_news.report", str(db), "-o", str(out / "report.html")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["report.html"]
    return db, out / "report.html"


def test_the_report_is_one_file_that_needs_no_network(report: tuple[Path, Path]) -> None:
    _, html = report
    text = html.read_text(encoding="utf-8")
    assert "<script src=" not in text
    assert "<link" not in text
    assert text.count('class="chart"') == len(CHARTS)


def render(html: Path, browser: str) -> dict[str, Any]:
    """Open the report in headless Chromium with the network cut off; what each chart drew."""
    from playwright.sync_api import sync_playwright

    result: dict[str, Any] = {}

    def run() -> None:
        # In its own thread: Playwright's sync API refuses a thread with an asyncio loop (pytest-twisted's).
        with sync_playwright() as p:
            chrome = p.chromium.launch(executable_path=browser, args=["--no-sandbox"])
            try:
                page = chrome.new_page(viewport={"width": 1200, "height": 900})
                errors: list[str] = []
                requests: list[str] = []
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.route("**/*", lambda route: (requests.append(route.request.url), route.continue_()))
                page.goto(html.as_uri(), wait_until="load")
                page.wait_for_function(
                    f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {len(CHARTS)}"
                )
                result["charts"] = page.evaluate(
                    """() => Object.fromEntries([...document.querySelectorAll('.js-plotly-plot')].map(plot => {
                        const box = plot.querySelector('.main-svg').getBoundingClientRect();
                        // Marks drawn for the data: bars, lines and points with a non-empty outline.
                        const marks = [...plot.querySelectorAll('.trace path, .trace .point')]
                            .filter(p => (p.getAttribute('d') || '').length > 2 && p.getBBox().width + p.getBBox().height > 0);
                        return [plot.id, {width: box.width, height: box.height, marks: marks.length,
                                          data: plot.data.map(t => ({name: t.name, x: t.x, y: t.y}))}];
                    }))"""
                )
                result["errors"] = errors
                result["requests"] = requests
            finally:
                chrome.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the browser did not finish"
    return result


def test_every_chart_draws_in_chromium(report: tuple[Path, Path]) -> None:
    db, html = report
    drawn = render(html, chromium())
    assert drawn["errors"] == []
    assert drawn["requests"] == [html.as_uri()]  # no CDN, no other file
    assert list(drawn["charts"]) == CHARTS
    for key, chart in drawn["charts"].items():
        assert chart["width"] > 300, key
        assert chart["height"] > 200, key
        assert chart["marks"] > 0, key

    # The charts show the stored rows.
    charts = drawn["charts"]
    with sqlite3.connect(db) as conn:
        depths = dict(conn.execute("SELECT depth, count(*) FROM comments GROUP BY depth"))
        per_article = [
            n
            for (n,) in conn.execute(
                "SELECT count(c.id) FROM articles a LEFT JOIN comments c ON c.site = a.site AND c.post_id = a.post_id GROUP BY a.id"
            )
        ]
        authors = dict(conn.execute("SELECT author, count(*) FROM comments GROUP BY author"))
        crawls = conn.execute("SELECT count(*) FROM crawls").fetchone()[0]
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        with_article = conn.execute(
            "SELECT count(*) FROM comments c JOIN articles a ON a.site = c.site AND a.post_id = c.post_id"
        ).fetchone()[0]
    depth = charts["thread-depth"]["data"][0]
    assert dict(zip(depth["x"], depth["y"], strict=True)) == depths
    histogram = charts["comments-per-article"]["data"][0]
    assert {x: y for x, y in zip(histogram["x"], histogram["y"], strict=True) if y} == Counter(per_article)
    busiest = charts["busiest-commenters"]["data"][0]
    assert dict(zip(busiest["y"], busiest["x"], strict=True)) == authors
    assert sum(sum(trace["y"]) for trace in charts["articles-per-week"]["data"]) == articles
    assert len(charts["crawl-history"]["data"][0]["x"]) == crawls == 2
    decay = charts["comment-decay"]["data"][0]
    assert len(decay["x"]) == with_article > 0
    assert decay["y"][-1] == 1


def test_report_without_a_database_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "defense_news.report", str(tmp_path / "none.db"), "-o", str(tmp_path / "r.html")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "no database" in result.stderr
    assert not (tmp_path / "r.html").exists()
