"""The finish reasons that fail a run: ``scrapy crawl`` exits with status 1 (docs/exit-codes.md).

Plain values at the bottom of the import graph: the crawl command's exit status
(:mod:`defense_news.outcome`) and the run's summary line (:mod:`defense_news.storage.state`,
below extraction) both read them.
"""

from __future__ import annotations

# -a categories= named only categories the site does not have (outcome.MissingCategories).
CATEGORIES_NOT_FOUND = "categories_not_found"
# No article anywhere the run looked (outcome.ArticlesNotFound).
ARTICLES_NOT_FOUND = "articles_not_found"
# robots.txt disallowed every page the run asked for (outcome.ArticlesNotFound).
ROBOTS_DISALLOWED = "robots_disallowed"
# start_error: Scrapy's reason when the spider's start() raised (its traceback is in the log).
FAILED_REASONS = frozenset(
    {
        "site_unreachable",
        "database_error",
        CATEGORIES_NOT_FOUND,
        "rest_refused",
        "rest_incomplete",
        ARTICLES_NOT_FOUND,
        ROBOTS_DISALLOWED,
        "start_error",
    }
)
