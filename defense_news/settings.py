"""Scrapy settings for defense_news.

Every value that departs from Scrapy's default says the default and why.
Project settings are prefixed ``DEFENSE_NEWS_`` and documented in docs/settings.md.
"""

import os

BOT_NAME = "defense_news"

SPIDER_MODULES = ["defense_news.spiders"]
NEWSPIDER_MODULE = "defense_news.spiders"
# Our `crawl` command rejects bad -a values with a clear message before starting.
COMMANDS_MODULE = "defense_news.commands"

# Default {}: the project's add-on wires feed exports (DEFENSE_NEWS_EXPORT_DIR) and rendering
# (DEFENSE_NEWS_RENDER, -a render=) from its settings (defense_news/addons.py); the contact
# add-on builds the User-Agent from DEFENSE_NEWS_CONTACT (below) instead of Scrapy's
# "Scrapy/VERSION (+https://scrapy.org)", so a site's operators know who crawls them and how
# to reach that person. A USER_AGENT set here or with -s replaces it.
ADDONS = {"defense_news.addons.DefenseNews": 0, "defense_news.contact.ContactAddon": 0}

# Default False: be polite to the real site.
ROBOTSTXT_OBEY = True

# Default 8 per domain and no delay: a news site is crawled gently.
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
# Default off: adapt the delay to the server's latency.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Default 180 s: a stuck page should not hold a scheduled run for minutes.
DOWNLOAD_TIMEOUT = 30
# Default 2; 429 is retried by default too. Bounded so a dead site ends the run quickly.
RETRY_TIMES = 3
# Default []: a REST answer the callback cannot use is asked again with Scrapy's get_retry_request,
# which carries retry_times on purpose, the count of tries (spiders/requests.retry_from_callback).
META_COPY_WARN_SKIP_KEYS = ["retry_times"]
# Default 1 GiB / 32 MiB: an article page is well under 1 MiB; anything near 10 MiB
# is not a page to parse (a video, a dump, a hostile server) and is cut off.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

# Hardening (docs/reliability.md): only the site's own origin is requested and
# redirects leaving it or looping fail their request (610: before RedirectMiddleware
# sees the response), retries wait on 429/503, truncated HTML is retried (565: after
# decompression, and before rendering's 560 sees a response, so that neither a plain page
# cut short is sent to the browser nor a rendered one escapes the checks), a dead site
# ends the run (570: sees errors before retries do).
DOWNLOADER_MIDDLEWARES = {
    "defense_news.downloadermiddlewares.SiteBoundaryMiddleware": 610,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "defense_news.downloadermiddlewares.PoliteRetryMiddleware": 550,
    "defense_news.downloadermiddlewares.ResponseCheckMiddleware": 565,
    "defense_news.downloadermiddlewares.SiteUnreachableMiddleware": 570,
    # Pages nested past libxml2's depth limit read again, what is lost named (docs/reliability.md).
    "defense_news.parser_limits.ParserLimitMiddleware": 562,
    # Scrapy's decompression (590), with a corrupt gzip/deflate/br body retried, not lost at once.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "defense_news.downloadermiddlewares.CheckedCompressionMiddleware": 590,
    # Scrapy's RobotsTxtMiddleware (100) fetches robots.txt for itself: its answer serves the
    # spider's own request for it too (discovery=sitemap), next to the downloader as a cache is.
    "defense_news.downloadermiddlewares.RobotsTxtOnceMiddleware": 950,
}
# Default True: WordPress pages never need <meta http-equiv="refresh">, and a page's
# own markup must not steer the crawler elsewhere (the refresh would be followed
# as a request the spider never chose).
METAREFRESH_ENABLED = False

# Scrapy's exporters, writing an article whose category slugs the crawl names later with
# the names (as the database stores it); the CSV one also neutralises spreadsheet formulas.
FEED_EXPORTERS = {
    "csv": "defense_news.exporters.CsvExporter",
    "json": "defense_news.exporters.JsonExporter",
    "jsonlines": "defense_news.exporters.JsonLinesExporter",
    "jsonl": "defense_news.exporters.JsonLinesExporter",
    "jl": "defense_news.exporters.JsonLinesExporter",
    "xml": "defense_news.exporters.XmlExporter",
}

# Both default to on: they open local ports (telnet, remote control) that an unattended
# scheduled crawl never uses; off, they cannot be reached or clash between overlapping runs.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Default "DEBUG": item dumps of long articles drown the log.
LOG_LEVEL = "INFO"
# Default logs whole items on drops; ours names the URL and the reason instead.
LOG_FORMATTER = "defense_news.logformatter.LogFormatter"

# Default "WARNING": duplicates are expected (featured blocks), the pipelines pass
# their own level for them.
DEFAULT_DROPITEM_LOG_LEVEL = "WARNING"

SPIDER_MIDDLEWARES = {
    # Innermost (closest to the spider): sees callback errors first.
    "defense_news.spidermiddlewares.ExtractionErrorMiddleware": 950,
    # Every article and comment carries the spider's site_id (stored rows, feeds).
    "defense_news.spidermiddlewares.SiteMiddleware": 900,
    # -a shard=K/N: only this job's share of the site's articles (docs/postgres.md).
    "defense_news.shards.ShardMiddleware": 850,
    # Category slugs an article page left unnamed, named from what the run saw (docs/extraction.md#categories).
    "defense_news.spidermiddlewares.CategoryNamesMiddleware": 800,
}

ITEM_PIPELINES = {
    "defense_news.pipelines.ValidatePipeline": 100,
    "defense_news.pipelines.DeduplicatePipeline": 200,
    "defense_news.pipelines.StorePipeline": 300,
}

# Default {}: one owner of the database per run (docs/storage.md): per-site lock, crawl
# record, incremental state handed to the spider, the run's summary line.
EXTENSIONS = {
    # Passwords in URLs (feeds, proxies) never reach the log (docs/reliability.md).
    "defense_news.redact.RedactCredentials": 0,
    "defense_news.storage.RunState": 100,
    # A refused connection or failed DNS lookup is one log line, not a traceback (docs/exit-codes.md).
    "defense_news.downloadermiddlewares.OneLineNetworkErrors": 0,
    # -a categories= that all 404: finish reason categories_not_found, exit status 1.
    "defense_news.outcome.MissingCategories": 0,
    # A run that found no article where it looked (no WordPress site, no feed, no sitemap):
    # finish reason articles_not_found, exit status 1 (robots_disallowed when robots.txt let it
    # fetch no page at all).
    "defense_news.outcome.ArticlesNotFound": 0,
    # The pages robots.txt refused, said once for the run (each is an INFO line).
    "defense_news.outcome.RobotsRefusals": 0,
    # Articles and comments done of the site's totals, rate and ETA every
    # DEFENSE_NEWS_PROGRESS_INTERVAL seconds (Scrapy's LogStats, for this crawl's items).
    "defense_news.progress.Progress": 0,
}

# Default None (escaped ASCII in JSON): keep names and titles readable.
FEED_EXPORT_ENCODING = "utf-8"

# --- defense_news settings (docs/settings.md) --------------------------------------
# Where the sites you crawl can reach you: an e-mail address or an http(s) URL, put into the
# User-Agent. Required for every site but 127.0.0.1/localhost (the crawl refuses to start).
DEFENSE_NEWS_CONTACT = ""
# SQLite file; empty string switches the SQLite store off (e.g. feed export only).
DEFENSE_NEWS_SQLITE_PATH = "data/defense_news.db"
# A shared PostgreSQL database instead (docs/postgres.md): postgresql://user@host/name, the
# password in a PGPASSFILE, never in the URL. Empty (the default): SQLite. Read from the
# environment too, so each crawl node sets it once for every job.
DEFENSE_NEWS_DATABASE_URL = os.environ.get("DEFENSE_NEWS_DATABASE_URL", "")
# Rows per write transaction.
DEFENSE_NEWS_SQLITE_BATCH_SIZE = 500
# Known articles published within this many days are fetched again for new comments;
# a REST run reads again the comments dated within them (late approvals, edits).
DEFENSE_NEWS_REFRESH_DAYS = 14
# The page walk reads every older stored article again at least once in this many days (0: never),
# least recently read first, at most DEFENSE_NEWS_RECHECK_MAX a run (docs/scheduling.md).
DEFENSE_NEWS_RECHECK_DAYS = 30
DEFENSE_NEWS_RECHECK_MAX = 100
# Requests a REST run may spend finding where the site's totals and the stored rows differ
# (docs/scheduling.md#totals-and-reconciliation-rest); 0: compare and record only.
DEFENSE_NEWS_RECONCILE_MAX = 50
# Site profiles of your own (docs/sites.md), added to defense_news/sites.toml; `-a site=NAME` picks one.
DEFENSE_NEWS_SITES_FILE = ""
# Time zone the site prints local times in (comment dates, ZoxPress dates). Empty: the site
# profile's, else detected from the site (docs/sites.md); a name here overrides both.
DEFENSE_NEWS_TIMEZONE = ""
# Category slugs walked when the home page names none and -a categories= is not given.
# Empty: the site profile's `categories` (docs/sites.md).
DEFENSE_NEWS_DEFAULT_CATEGORIES: list[str] = []
# DEFENSE_NEWS_EXPLORING is set by the exploration commands (shell, parse, fetch, view, check,
# bench; docs/storage.md): the run neither opens, locks nor records anything in the database.
# Not set here: a project setting would outrank the commands' own (priority "command").
# Export directory: writes articles.<fmt> and comments.<fmt> through feed exports.
DEFENSE_NEWS_EXPORT_DIR = ""
DEFENSE_NEWS_EXPORT_FORMAT = "jsonlines"
# REST API enrichment (exact UTC dates, post ID, terms, comments hidden by the
# theme); -a rest=0 switches it off for one run. See docs/sources.md.
DEFENSE_NEWS_REST = True
# Where records come from (docs/sources.md): auto (the REST API when it answers, the pages
# otherwise or once it refuses), rest, or html (the page walk); -a source= overrides it.
DEFENSE_NEWS_SOURCE = "auto"
# REST root; empty means <base_url>wp-json/ (use <base_url>?rest_route=/ on plain permalinks).
DEFENSE_NEWS_REST_ROOT = ""
# Items per REST page (WordPress caps it at 100).
DEFENSE_NEWS_REST_PER_PAGE = 100
# discovery=sitemap: skip articles whose sitemap lastmod is not newer than the stored copy.
DEFENSE_NEWS_SITEMAP_SKIP_UNCHANGED = True
# JavaScript rendering (docs/rendering.md): never | auto | always; `-a render=` overrides it.
# Anything but "never" needs the `render` extra and a Chromium (apt-get install -y chromium).
DEFENSE_NEWS_RENDER = "never"
# Chromium/Chrome executable; empty: $DEFENSE_NEWS_CHROMIUM_PATH, else chromium, chromium-browser,
# google-chrome on PATH.
DEFENSE_NEWS_CHROMIUM_PATH = ""
# Seconds a page may take in the browser before its plain HTML is used instead.
DEFENSE_NEWS_RENDER_TIMEOUT = 20
# Browser pages open at once (each is a tab of one headless Chromium).
DEFENSE_NEWS_RENDER_MAX_PAGES = 2
# When a rendered page is done: "networkidle" waits for scripts' requests (comment threads
# fetched as JSON); "load" is faster when the content is inline.
DEFENSE_NEWS_RENDER_WAIT_UNTIL = "networkidle"
# Seconds to wait on a busy (locked) SQLite database before giving up.
DEFENSE_NEWS_SQLITE_TIMEOUT = 30.0
# Longest wait before retrying a 429/503 (a URL whose Retry-After is above it is not retried), and the
# back-off base when the server names no wait (base * 2**retries seconds).
DEFENSE_NEWS_RETRY_AFTER_MAX = 120.0
DEFENSE_NEWS_RETRY_BACKOFF_BASE = 2.0
# Connection failures, with no answer at all, after which the run stops (site_unreachable).
DEFENSE_NEWS_UNREACHABLE_AFTER = 5
# Pages one listing walk reads at most: a guard against pagination that never ends (a page that
# lists nothing new ends a walk first; docs/reliability.md#boundaries).
DEFENSE_NEWS_MAX_LISTING_PAGES = 1000
# Pages one article's comment thread is read from at most: the same guard for comment pagination
# (a comment page showing no comment its thread's earlier pages did not ends it first).
DEFENSE_NEWS_MAX_COMMENT_PAGES = 1000
# Retry, then fail, HTML pages that do not reach their </html> (cut off mid-body).
DEFENSE_NEWS_REQUIRE_HTML_END = True
# trafilatura says where a known container's text ends (appeals, teasers printed after it):
# better text on unseen themes for about twice the extraction CPU (docs/extraction.md).
DEFENSE_NEWS_TRIM_TAIL = True
# Seconds between progress lines (INFO); 0 switches them off.
DEFENSE_NEWS_PROGRESS_INTERVAL = 10.0
