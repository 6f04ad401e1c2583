"""The progress line (defense_news/progress.py): a fake clock and real stats for the arithmetic,
then real `scrapy crawl` runs of the ZoxPress replica for the log itself."""

from __future__ import annotations

import logging
import re
import subprocess

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import MemoryStatsCollector, StatsCollector
from scrapy.utils.test import get_crawler

from defense_news.config import SettingError
from defense_news.items import Article, Comment
from defense_news.progress import TOTAL_ARTICLES, TOTAL_COMMENTS, Progress
from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider
from tests.helpers import project_settings_dict
from tests.processes import PROJECT, crawl_command


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def stats() -> StatsCollector:
    return MemoryStatsCollector(get_crawler(NineteenFortyFiveSpider, project_settings_dict()))


def started(interval: float = 10.0, **totals: int) -> tuple[Progress, Clock]:
    collector = stats()
    if "articles" in totals:
        collector.set_value(TOTAL_ARTICLES, totals["articles"])
    if "comments" in totals:
        collector.set_value(TOTAL_COMMENTS, totals["comments"])
    clock = Clock()
    progress = Progress(collector, interval, clock)
    progress.samples.append((clock(), 0))  # what spider_opened does, without the looping call
    return progress, clock


def scrape(progress: Progress, articles: int = 0, comments: int = 0) -> None:
    for _ in range(articles):
        progress.item_scraped(Article(url="https://example.org/a/"))
    for _ in range(comments):
        progress.item_scraped(Comment(comment_id="1"))


def test_with_totals_counts_of_totals_rate_and_eta():
    progress, clock = started(articles=236, comments=2445)
    scrape(progress, articles=50, comments=100)
    clock.now += 10
    # 150 items in 10 s: 15/s; 186 + 2345 = 2531 left: 168.7 s.
    assert progress.line() == ("50 of 236 articles (21%), 100 of 2445 comments (4%); 900 items/min; ETA 0:02:49")


def test_without_totals_counts_and_rate():
    progress, clock = started()
    scrape(progress, articles=3, comments=7)
    clock.now += 10
    assert progress.line() == "3 articles, 7 comments; 60 items/min; the site's totals are not known"


def test_totals_are_read_on_every_tick():
    progress, clock = started()
    scrape(progress, articles=1)
    clock.now += 10
    assert "the site's totals are not known" in progress.line()
    progress.stats.set_value(TOTAL_ARTICLES, 10)
    progress.stats.set_value(TOTAL_COMMENTS, 0)
    scrape(progress, articles=1)
    clock.now += 10
    # 2 items in 20 s; 8 articles left at 6/min: 80 s.
    assert progress.line() == "2 of 10 articles (20%), 0 of 0 comments (100%); 6 items/min; ETA 0:01:20"


def test_one_total_alone_is_shown_without_an_eta():
    progress, clock = started(articles=100)
    scrape(progress, articles=25)
    clock.now += 10
    assert progress.line() == "25 of 100 articles (25%), 0 comments; 150 items/min; the site's totals are not known"


def test_rate_is_over_the_last_minute_and_a_stall_says_so():
    progress, clock = started(articles=1000, comments=0)
    for _ in range(6):  # a minute at 60 items/min
        scrape(progress, articles=10)
        clock.now += 10
        progress.line()
    scrape(progress, articles=10)
    clock.now += 10
    assert "; 60 items/min; ETA 0:15:30" in progress.line()  # 930 left at 1/s
    for _ in range(6):
        clock.now += 10
        progress.line()
    clock.now += 10
    # The last items were scraped 70 s ago, before the window of the last 6 ticks.
    assert (
        progress.line()
        == "70 of 1000 articles (7%), 0 of 0 comments (100%); 0 items/min; ETA unknown: nothing scraped lately"
    )


def test_more_done_than_the_site_states_is_no_negative_eta():
    progress, clock = started(articles=2, comments=1)
    scrape(progress, articles=3, comments=1)
    clock.now += 10
    assert progress.line() == "3 of 2 articles (150%), 1 of 1 comments (100%); 24 items/min; ETA 0:00:00"


def test_the_line_is_logged_at_info(caplog):
    progress, clock = started()
    clock.now += 10
    with caplog.at_level(logging.DEBUG, logger="defense_news.progress"):
        progress.log()
    [record] = caplog.records
    assert record.levelno == logging.INFO  # so LOG_LEVEL=WARNING silences it
    assert record.getMessage() == "Progress: 0 articles, 0 comments; 0 items/min; the site's totals are not known"


def test_interval_setting():
    def build(value: object) -> Progress:
        crawler = get_crawler(NineteenFortyFiveSpider, project_settings_dict(DEFENSE_NEWS_PROGRESS_INTERVAL=value))
        return Progress.from_crawler(crawler)

    assert build(2.5).interval == 2.5
    assert build("10").interval == 10.0
    with pytest.raises(NotConfigured, match="DEFENSE_NEWS_PROGRESS_INTERVAL is 0"):
        build(0)
    for bad in ("-1", "often", "nan"):
        with pytest.raises(SettingError, match=r"Invalid setting DEFENSE_NEWS_PROGRESS_INTERVAL=.*0 for off"):
            build(bad)


def test_default_is_every_ten_seconds_and_enabled():
    settings = project_settings_dict()
    assert settings["DEFENSE_NEWS_PROGRESS_INTERVAL"] == 10.0
    assert "defense_news.progress.Progress" in settings["EXTENSIONS"]


LINE = re.compile(
    r"\[defense_news\.progress\] INFO: Progress: (\d+) articles, (\d+) comments; \d+ items/min; "
    r"the site's totals are not known$"
)


@pytest.mark.parametrize("level", ["INFO", "WARNING"])
def test_progress_lines_in_a_crawl_log(zox_site, tmp_path, level):
    # The ZoxPress replica states no totals (no REST API): counts and rate. One request at a time
    # (crawl_command) and a 0.2 s interval, so the crawl lasts several intervals.
    command = crawl_command(
        zox_site.base_url,
        tmp_path / "news.db",
        "-s",
        "DEFENSE_NEWS_PROGRESS_INTERVAL=0.2",
        "-s",
        f"LOG_LEVEL={level}",
        categories="military,china,russia",
    )
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "Progress:" in line]
    if level == "WARNING":
        assert lines == []
        return
    counts = [tuple(map(int, LINE.search(line).groups())) for line in lines]  # type: ignore[union-attr]
    assert len(counts) >= 2, done.stderr
    assert counts == sorted(counts)  # counts only grow
    assert counts[-1][0] > 0
    assert counts[-1][1] > 0
    stored = re.search(r"'item_scraped_count': (\d+)", done.stderr)
    assert stored is not None
    assert sum(counts[-1]) <= int(stored.group(1))
