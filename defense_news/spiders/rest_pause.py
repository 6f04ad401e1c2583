"""A ``source=rest`` crawl paused with ``JOBDIR`` and resumed: the crawl's state goes with its queue.

Scrapy's SpiderState extension pickles ``spider.state`` when a run stops gracefully (Ctrl-C once,
SIGTERM, a ``CLOSESPIDER_*`` limit) and gives it back to the run resuming the same JOBDIR
(the project discards it unless that run resumes the queue: storage/state.py). The REST pages
still to read are in the queue; where each list stands, the comment counts and depths read so far
and the articles waiting for a byline are here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..rest.bylines import BylineWait
from ..rest.crawl import RestCrawl
from ..run import Run
from ..storage import SiteState

logger = logging.getLogger(__name__)

# The REST crawl and its byline wait list in spider.state (JOBDIR/spider.state).
REST_STATE = "defense_news_rest_crawl"


class RestPause:
    """Mixed into the WordPress spider, which owns the REST crawl."""

    rest_crawl: RestCrawl | None
    bylines: BylineWait
    site_state: SiteState
    run: Run
    api_root: str
    count: Callable[..., None]  # SiteSpider.count (an annotation only: nothing overridden)

    def rest_hooks(self) -> dict[str, Any]:
        """What the REST crawl asks of this run (``RUN_HOOKS``): stats, the store's readers, the site's bounds."""
        return {
            "count": self.count,
            "known_depths": self.site_state.comment_depths,
            "live_comment_ids": self.site_state.live_comment_ids,
            "live_post_ids": self.site_state.live_post_ids,
            "on_site": self.run.on_site,
        }

    def keep_rest_crawl(self) -> None:
        """With ``JOBDIR``, the REST crawl (where each list stands, comment counts and depths so far)
        and the byline wait list go into ``spider.state``, pickled as they stand when the run pauses."""
        state = getattr(self, "state", None)  # set by SpiderState only with JOBDIR
        if isinstance(state, dict):
            state[REST_STATE] = (self.rest_crawl, self.bylines)

    def forget_rest_crawl(self) -> None:
        state = getattr(self, "state", None)
        if isinstance(state, dict):
            state.pop(REST_STATE, None)

    def rest_crawl_from_state(self) -> bool:
        """Whether this run resumes a paused REST crawl's queue, with the crawl as it stood. Else
        the resumed run started a new crawl whose first page the queue's dupefilter dropped as
        seen: it read the queued comment pages, never the posts, and ended "not read whole ()"
        (rest_incomplete) with no article stored."""
        state = getattr(self, "state", None)
        kept = state.get(REST_STATE) if isinstance(state, dict) else None
        if not isinstance(kept, tuple) or not isinstance(kept[0], RestCrawl) or kept[0].blocked is not None:
            return False
        crawl, self.bylines = kept
        self.rest_crawl = replace(crawl, **self.rest_hooks())
        self.keep_rest_crawl()
        read = sum(len(paging.read) for paging in crawl.lists.values())
        logger.info(
            "Resuming the paused run's REST crawl of %s: %d pages read, the queue holds the rest", self.api_root, read
        )
        self.count("rest/resumed")
        return True
