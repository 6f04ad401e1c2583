"""Reconciliation driven by the spider (:mod:`defense_news.rest.reconcile`): once a REST crawl is
judged complete, the site's totals against the live rows stored, differences bisected by date."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from scrapy import Request
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from .. import signals as dn_signals
from ..rest.answers import read_answer
from ..rest.crawl import Ask, RestCrawl, Step
from ..rest.reconcile import Reconcile, own_after, resume_of
from ..storage.base import RECONCILED
from .pagewalk import PageWalkSpider
from .requests import DATA_META, REST_META, STATS, failure_reason

logger = logging.getLogger(__name__)


class ReconcilingSpider(PageWalkSpider):
    """The page walk, plus the reconciliation of a REST crawl (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reconcile: Reconcile | None = None

    def rest_items(self, items: list[Any]) -> Iterator[Any]:
        yield from items

    # -- reconciliation (defense_news.rest.reconcile) ------------------------------------

    def start_reconcile(self, crawl: RestCrawl) -> None:
        """The site's totals against the live rows stored, once the crawl's items are stored.

        Not without a database (nothing to compare), nor for one shard of a site."""
        if self.site_state.crawl_id is None or self.args.shard:
            return
        # The store writes in batches: what this run read is counted as stored.
        self.crawler.signals.send_catch_log(dn_signals.store_flush)
        state = self.site_state
        self.reconcile = Reconcile(
            self.api_root,
            self.now,
            live_count=lambda table, after, before: state.live_count(table, after, before),
            live_ids=self.live_ids,
            convert=crawl.convert,
            cap=self.run.config.reconcile_max,
            per_page=self.run.rest_per_page,
            known_own=own_after(state.reconciled_own, crawl.hidden_gone),
            resume=resume_of(state.reconciled_record),
            count=self.count,
        )
        asks = self.reconcile.start(crawl.listed_totals(), crawl.site_totals)
        if not asks:
            # Every total known and compared (a quiet run): reconciled now. Kept open with nothing
            # asked, the run idled until the engine's next idle check, 5 s later.
            self.reconciled()
            return
        assert self.crawler.engine is not None
        for ask in asks:
            self.crawler.engine.crawl(self.reconcile_request(ask))
        raise DontCloseSpider

    def live_ids(self, kind: str, after: str | None, before: str | None) -> set[int]:
        if kind == "articles":
            return self.site_state.live_post_ids(published_after=after, published_before=before)
        return self.site_state.live_comment_ids(posted_after=after, posted_before=before)

    def reconcile_request(self, ask: Ask) -> Request:
        return Request(
            ask.url,
            callback=self.parse_reconcile,
            errback=self.reconcile_failed,
            cb_kwargs={"listing": ask.listing, "page": ask.page},
            meta={"handle_httpstatus_list": REST_META["handle_httpstatus_list"], **DATA_META},
            dont_filter=True,
        )

    def parse_reconcile(self, response: Response, listing: str, page: int) -> Iterator[Any]:
        if self.stale_reconcile(response.url):
            return
        assert self.reconcile is not None
        yield from self.reconcile_step(self.reconcile.on_answer(listing, page, read_answer(response)))

    def reconcile_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        if self.stale_reconcile(request.url):
            return
        assert self.reconcile is not None
        yield from self.reconcile_step(self.reconcile.lose(request.cb_kwargs["listing"], failure_reason(failure)))

    def stale_reconcile(self, url: str) -> bool:
        """A request an earlier run's reconciliation queued (a run paused with JOBDIR while
        reconciling): its reconciliation went with that run, so the answer is not read. This run
        compares the totals again once its own REST crawl is judged."""
        if self.reconcile is not None:
            return False
        self.count("reconcile/stale_pages")
        logger.info("Reconciliation request %s was queued by an earlier run: not read in this one", url)
        return True

    def reconcile_step(self, step: Step) -> Iterator[Any]:
        assert self.reconcile is not None
        yield from self.rest_items(step.items)
        for kind, ids in self.reconcile.take_removed().items():
            self.crawler.signals.send_catch_log(
                dn_signals.records_removed, kind=kind, ids=ids, reason="no longer listed by the REST API"
            )
        for ask in step.asks:
            yield self.reconcile_request(ask)

    def reconciled(self) -> None:
        """The end of reconciliation: the totals and what is left over, in the stats (the crawl record)."""
        recon, self.reconcile = self.reconcile, None
        assert recon is not None
        stats = self.crawler.stats
        stats.set_value(RECONCILED, json.dumps(recon.record(), sort_keys=True))
        left = recon.left()
        if left:
            stats.set_value(f"{STATS}/reconcile/left", len(left))
            logger.warning(
                "Reconciliation left %d windows for the next run (DEFENSE_NEWS_RECONCILE_MAX=%d): %s",
                len(left),
                recon.cap,
                "; ".join(left[:5]) + (f"; and {len(left) - 5} more" if len(left) > 5 else ""),
            )
