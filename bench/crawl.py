"""One benchmark crawl in this process (run.py runs it as a subprocess and takes its rusage).

python bench/crawl.py full|bare BASE_URL --db PATH --stats OUT.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bare_spider import BareSpider
from defense_news.spiders.nineteen_forty_five import NineteenFortyFiveSpider

# Measure the code, not the politeness delay (documented in bench/README.md).
OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "LOG_LEVEL": __import__("os").environ.get("BENCH_LOG", "WARNING"),
    "TELNETCONSOLE_ENABLED": False,
    # ROBOTSTXT_OBEY stays as in the real crawl (True).
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("spider", choices=("full", "bare"))
    parser.add_argument("base_url")
    parser.add_argument("--db", default="")
    parser.add_argument("--stats", type=Path, required=True)
    args = parser.parse_args(argv)
    settings = get_project_settings()
    settings.setdict(OVERRIDES, priority="cmdline")
    if args.spider == "bare":
        settings.set("ITEM_PIPELINES", {}, priority="cmdline")
        settings.set("DEFENSE_NEWS_SQLITE_PATH", "", priority="cmdline")
        # No database, so no run state (lock, crawl record, summary) either.
        extensions = dict(settings.getdict("EXTENSIONS"))
        extensions["defense_news.storage.RunState"] = None
        settings.set("EXTENSIONS", extensions, priority="cmdline")
    else:
        settings.set("DEFENSE_NEWS_SQLITE_PATH", args.db, priority="cmdline")
        # The replica has no REST API: enrichment would add one failed request per
        # article until the spider gives up on it. Pages and links are what is compared.
        settings.set("DEFENSE_NEWS_REST", False, priority="cmdline")
    process = CrawlerProcess(settings)
    spider = NineteenFortyFiveSpider if args.spider == "full" else BareSpider
    crawler = process.create_crawler(spider)
    started = time.perf_counter()
    process.crawl(crawler, base_url=args.base_url)
    process.start()
    elapsed = time.perf_counter() - started
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int | float | str)}
    stats["bench/elapsed"] = elapsed
    args.stats.write_text(json.dumps(stats, default=str))


if __name__ == "__main__":
    main()
