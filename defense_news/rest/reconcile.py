"""Reconciliation: the site's own totals against the live rows stored, and the differences
found with few requests (issue 20 item 4). Plain state; the spider asks its URLs.

Once a REST crawl is read to its end, two requests (``per_page=1``) read the site's totals,
``X-WP-Total`` of posts and of approved comments, with the oldest record's date. Where a total
and the stored live count agree, nothing more is asked. Where they differ, the dates are
bisected: a window's count on the site (one ``per_page=1`` request with ``after``/``before``)
is compared with the live rows stored in the same window (a store query, no request); the
other half's count is the window's less this one's, so each level costs one request per
window that differs. A window that differs and holds at most a page of records is read: its
records not stored are stored, its stored rows the site no longer lists are marked removed.
k differences among n records cost about k·log2(n/100) requests, at most ``cap`` a run
(``DEFENSE_NEWS_RECONCILE_MAX``); the windows left over are named in the log and the crawl
record (``left``, and their bounds in ``resume``), and the next run whose totals still differ
goes on from them (:func:`resume_of`) rather than from the totals: starting over, a small cap
would spend every run on the same first windows. Its windows and the ones settled before cover
the dates once; the difference found to be WordPress's own so far is carried along, and is
known (``own``) once no window is left. Changes meanwhile in windows already settled are seen
by the cycle after (the totals then differ from ``own`` again).

Some differences are WordPress's own: ``X-WP-Total`` of posts counts password-protected posts,
which are not stored, and that of comments counts approved comments on protected or private
posts, which it does not list. A window read names them; a difference equal to what the last
run found to be WordPress's own (:attr:`Reconcile.known_own`) is not chased again.

Differences that cancel out inside one window (a post added and another removed) are not seen
by the counts; the rolling windows of the incremental crawl (``DEFENSE_NEWS_REFRESH_DAYS``) see
recent ones.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..dates import to_iso
from ..items import Article, Comment
from ..storage.base import read_reconciled
from . import records as rest
from .answers import RestAnswer
from .paging import Ask, Paging, Step
from .routes import window_url

logger = logging.getLogger(__name__)

KINDS = ("articles", "comments")
SECOND = timedelta(seconds=1)

Count = Callable[[str], None]
# (table, after, before) → live rows stored / their ids (post ids, comment ids), bounds exclusive.
LiveCount = Callable[[str, str | None, str | None], int]
LiveIds = Callable[[str, str | None, str | None], set[int]]
# (kind, records, url) → the items of records not stored yet.
Convert = Callable[[str, list[Any], str], list[Article | Comment]]


def _no_count(name: str) -> None:
    pass


def _iso(moment: datetime | None) -> str | None:
    return to_iso(moment) if moment is not None else None


@dataclass
class Window:
    """Records of one kind dated strictly between ``after`` and ``before`` (None: unbounded)."""

    kind: str
    after: datetime | None
    before: datetime | None
    site: int
    stored: int

    @property
    def bounds(self) -> tuple[str | None, str | None]:
        return _iso(self.after), _iso(self.before)

    def describe(self) -> str:
        after, before = self.bounds
        return (
            f"{self.kind} dated after {after or 'the first'} and before {before or 'now'}:"
            f" {self.site} on the site, {self.stored} stored"
        )


@dataclass
class _Pending:
    window: Window
    mode: str  # "total", "count" (of the window's first half) or "read"
    paging: Paging | None = None
    records: list[Any] = field(default_factory=list)
    halves: tuple[Window, Window] | None = None


@dataclass
class Outcome:
    """What reconciliation found for one kind, as the crawl record keeps it."""

    site: int | None = None
    stored: int | None = None
    new: int = 0
    removed: int = 0
    # Differences WordPress makes itself (protected posts counted, hidden comments counted) in
    # the windows settled; :meth:`Reconcile.record` gives None while windows are left.
    own: int | None = 0
    left: list[str] = field(default_factory=list)
    # The windows left, where the next run goes on: bounds (after, before: ISO UTC or None) and
    # the count the site gave (the next run does not ask it again).
    resume: list[tuple[str | None, str | None, int]] = field(default_factory=list)


@dataclass
class Reconcile:
    """One run's reconciliation (see the module docstring)."""

    api_root: str
    now: datetime
    live_count: LiveCount
    live_ids: LiveIds
    convert: Convert
    cap: int = 50
    per_page: int = 100
    known_own: dict[str, int] = field(default_factory=dict)
    # What the last run left, by kind: the own difference found so far and the windows' bounds.
    resume: dict[str, Resume] = field(default_factory=dict)
    count: Count = _no_count
    requests: int = 0
    outcomes: dict[str, Outcome] = field(default_factory=lambda: {kind: Outcome() for kind in KINDS})
    pending: dict[str, _Pending] = field(default_factory=dict)
    # Stored rows the site no longer lists, by kind, not yet handed to the spider.
    removed: dict[str, set[int]] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return not self.pending

    def start(self, known: dict[str, tuple[int, int]] | None = None, totals: dict[str, int] | None = None) -> list[Ask]:
        """The two totals (not counted against the cap: every reading run asks them), except
        those ``known`` already (kind → total, records listed: a full crawl read them all)."""
        asks = []
        for kind in KINDS:
            if known and kind in known:
                self._read_whole(kind, *known[kind])
                continue
            if totals and kind in totals:  # the crawl asked for them already
                if kind in self.resume and totals[kind] != self.live_count(kind, None, None):
                    asks += self._go_on(kind, totals[kind])
                else:
                    asks += self._compare(kind, totals[kind], None)
                continue
            window = Window(kind, None, None, 0, 0)
            asks.append(self._ask(_Pending(window, "total"), window_url(self.api_root, kind, None, None)))
        return asks

    def _ask(self, pending: _Pending, url: str, page: int = 1) -> Ask:
        listing = f"reconcile {pending.mode} {pending.window.kind} {pending.window.bounds}"
        self.pending[listing] = pending
        return Ask(listing, page, url)

    def take_removed(self) -> dict[str, set[int]]:
        removed, self.removed = self.removed, {}
        return removed

    # -- answers -------------------------------------------------------------------

    def on_answer(self, listing: str, page: int, answer: RestAnswer) -> Step:
        pending = self.pending.get(listing)
        if pending is None:
            return Step()
        usable = answer.ok and isinstance(answer.data, list) and not answer.blocked
        if pending.mode != "read" and (not usable or answer.total is None):
            return self.lose(listing, answer.blocked or answer.problem or f"HTTP {answer.status}, no X-WP-Total")
        if pending.mode == "total":
            del self.pending[listing]
            assert answer.total is not None
            return Step(asks=self._compare(pending.window.kind, answer.total, _first_date(answer.data)))
        if pending.mode == "count":
            del self.pending[listing]
            assert pending.halves is not None
            assert answer.total is not None
            first, second = pending.halves
            first.site, second.site = answer.total, max(pending.window.site - answer.total, 0)
            return Step(asks=self._explore(first) + self._explore(second))
        return self._read(listing, pending, page, answer)

    def lose(self, listing: str, reason: str) -> Step:
        """A request that failed: its window is left for the next run."""
        pending = self.pending.pop(listing, None)
        if pending is not None:
            self.count("reconcile/lost")
            message = f"{pending.window.describe()}: {reason}"
            logger.warning("Reconciliation: %s; looked at again next run", message)
            self.lost.append(message)
            self.outcomes[pending.window.kind].left.append(message)
            self.outcomes[pending.window.kind].resume.append((*pending.window.bounds, pending.window.site))
        return Step()

    def _read_whole(self, kind: str, total: int, listed: int) -> None:
        """A full crawl listed every record: what the total counts beyond them is WordPress's
        own, found without a request. Stored rows it did not list are left to the next run."""
        stored = self.live_count(kind, None, None)
        outcome = self.outcomes[kind]
        outcome.site, outcome.stored, outcome.own = total, stored, max(total - listed, 0)
        logger.info(
            "Reconciliation: %d %s on the site, %d listed and %d stored; %d WordPress counts and does not show",
            total,
            kind,
            listed,
            stored,
            outcome.own,
        )
        if stored != listed:
            outcome.left.append(f"{kind}: {stored} stored, {listed} listed by the site: looked for next run")

    def _go_on(self, kind: str, total: int) -> list[Ask]:
        """The windows the last run left, with the counts the site gave then, bisected or read as
        any window; the own difference found before them carried along. A window whose count
        changed since is seen by the next cycle (its totals differ from ``own`` again)."""
        resume = self.resume[kind]
        outcome = self.outcomes[kind]
        outcome.site, outcome.stored, outcome.own = total, self.live_count(kind, None, None), resume.own
        self.count(f"reconcile/{kind}_resumed")
        logger.info(
            "Reconciliation: %d %s on the site, %d stored: going on from the %d windows the last run left",
            total,
            kind,
            outcome.stored,
            len(resume.windows),
        )
        asks = []
        for after, before, site in resume.windows:
            stored = self.live_count(kind, after, before)
            asks += self._explore(Window(kind, _moment(after), _moment(before), site, stored))
        return asks

    def _compare(self, kind: str, total: int, first: datetime | None) -> list[Ask]:
        """A site total against the live rows stored; ``first``: the date of its oldest record."""
        stored = self.live_count(kind, None, None)
        outcome = self.outcomes[kind]
        outcome.site, outcome.stored = total, stored
        difference = total - stored
        if difference == 0:
            logger.info("Reconciliation: %d %s on the site, as many stored", total, kind)
            return []
        if difference == self.known_own.get(kind):
            outcome.own = difference
            self.count(f"reconcile/{kind}_wordpress_own")
            logger.info(
                "Reconciliation: %d %s on the site, %d stored: the %d WordPress counts and does not show%s"
                " (as the last run found), not chased",
                total,
                kind,
                stored,
                difference,
                " (password-protected posts)" if kind == "articles" else " (comments on protected or private posts)",
            )
            return []
        self.count(f"reconcile/{kind}_differ")
        logger.info("Reconciliation: %d %s on the site, %d stored: finding the difference", total, kind, stored)
        if first is None:  # nothing listed: every stored row of this kind is gone (or hidden)
            return self._explore(Window(kind, None, None, total, stored))
        # Rows stored from before the site's oldest record, and the rest.
        before = Window(kind, None, first, 0, self.live_count(kind, None, to_iso(first)))
        rest_ = Window(kind, first - SECOND, None, total, stored - before.stored)
        return self._explore(before) + self._explore(rest_)

    def _explore(self, window: Window) -> list[Ask]:
        """Asks for a window whose counts differ: read it, or count its first half."""
        if window.site == window.stored:
            return []
        if self.requests >= self.cap:
            self._leave(window)
            return []
        if window.site == 0:
            # Nothing of this window on the site: its stored rows are gone, no request needed.
            return self._settle(window, [])
        span = (window.before or self.now + timedelta(days=1)) - (
            window.after or datetime(1990, 1, 1, tzinfo=self.now.tzinfo)
        )
        if window.site <= self.per_page or span <= 2 * SECOND:
            kind, (after, before), size = window.kind, window.bounds, self.per_page
            pending = _Pending(window, "read")
            pending.paging = Paging(
                f"reconcile read {kind} {window.bounds}",
                lambda n: window_url(self.api_root, kind, after, before, n, size),
                size,
            )
            self.requests += 1
            self.count("reconcile/requests")
            (ask,) = pending.paging.ask([1])
            return [self._ask(pending, ask.url)]
        low = window.after or datetime(1990, 1, 1, tzinfo=self.now.tzinfo)
        middle = (low + (span / 2)).replace(microsecond=0)
        first = Window(
            window.kind, window.after, middle, 0, self.live_count(window.kind, window.bounds[0], to_iso(middle))
        )
        second = Window(window.kind, middle - SECOND, window.before, 0, window.stored - first.stored)
        pending = _Pending(window, "count", halves=(first, second))
        self.requests += 1
        self.count("reconcile/requests")
        return [self._ask(pending, window_url(self.api_root, window.kind, *first.bounds))]

    def _leave(self, window: Window) -> None:
        self.count("reconcile/windows_left")
        outcome = self.outcomes[window.kind]
        outcome.left.append(window.describe())
        outcome.resume.append((*window.bounds, window.site))

    def _read(self, listing: str, pending: _Pending, page: int, answer: RestAnswer) -> Step:
        paging = pending.paging
        assert paging is not None
        if answer.past_last_page:
            paging.past_last(page)
        elif not answer.ok or not isinstance(answer.data, list) or answer.blocked:
            return self.lose(listing, answer.blocked or answer.problem or f"HTTP {answer.status}, not a list")
        else:
            pending.records += [r for r in answer.data if isinstance(r, dict) and isinstance(r.get("id"), int)]
            asks = paging.records(page, answer.data, answer.total, answer.total_pages)
            if asks:
                self.requests += len(asks)
                return Step(asks=[Ask(listing, ask.page, ask.url) for ask in asks])
        if paging.pending:
            return Step()
        del self.pending[listing]
        if not paging.complete or paging.losses:
            return self.lose(listing, "the window's list was not read to its end")
        return Step(items=self._settle_items(pending.window, pending.records, paging.url(1)))

    def _settle(self, window: Window, records: list[Any]) -> list[Ask]:
        self._settle_items(window, records, "")
        return []

    def _settle_items(self, window: Window, records: list[Any], url: str) -> list[Article | Comment]:
        """A window read whole: what it lists and is not stored is stored, what is stored and it
        no longer lists is marked removed, and what WordPress counts but will not give is named."""
        kind = window.kind
        outcome = self.outcomes[kind]
        stored = self.live_ids(kind, *window.bounds)
        shown = {r["id"] for r in records if kind == "comments" or rest.skip_reason(r) is None}
        items = self.convert(kind, [r for r in records if r["id"] not in stored], url) if records else []
        gone = stored - shown
        own = (window.site - len(records)) if kind == "comments" else len(records) - len(shown)
        outcome.new += len(items)
        outcome.removed += len(gone)
        outcome.own = (outcome.own or 0) + max(own, 0)
        if gone:
            self.removed.setdefault(kind, set()).update(gone)
        self.count(f"reconcile/{kind}_new")
        logger.info(
            "Reconciliation: %s; %d to store, %d no longer listed (marked removed), %d WordPress's own",
            window.describe(),
            len(items),
            len(gone),
            max(own, 0),
        )
        return items

    # -- the end -------------------------------------------------------------------

    def record(self) -> dict[str, Any]:
        """What the crawl record keeps (JSON): per kind, the totals, what was found, what is left.
        ``own`` is known only once no window is left; until then ``own_so_far`` carries it."""
        record = {}
        for kind, outcome in self.outcomes.items():
            values = dict(vars(outcome), resume=[list(bounds) for bounds in outcome.resume])
            if outcome.left:
                values["own"], values["own_so_far"] = None, outcome.own or 0
            record[kind] = values
        return record

    def left(self) -> list[str]:
        return [line for outcome in self.outcomes.values() for line in outcome.left]


@dataclass(frozen=True)
class Resume:
    """Where the last run's reconciliation stopped, for one kind."""

    own: int
    windows: list[tuple[str | None, str | None, int]]


def resume_of(record: str | None) -> dict[str, Resume]:
    """The windows a run's record (crawls.reconciled, JSON) left, by kind; nothing from a record
    that left none, or that is not one (an older release's, or damaged)."""
    found = read_reconciled(record)
    resume = {}
    for kind in KINDS:
        outcome = found.get(kind, {})
        if not isinstance(outcome.get("resume"), list):
            continue
        windows = [
            (after, before, site)
            for after, before, site in (w for w in outcome["resume"] if isinstance(w, list) and len(w) == 3)
            if _bound(after) and _bound(before) and isinstance(site, int) and site >= 0
        ]
        own = outcome.get("own_so_far")
        if windows and isinstance(own, int):
            resume[kind] = Resume(own, windows)
    return resume


def _bound(value: Any) -> bool:
    return value is None or (isinstance(value, str) and _moment(value) is not None)


def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _first_date(data: Any) -> datetime | None:
    """The date of the oldest record a ``per_page=1`` answer (oldest first) shows."""
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        return None
    value = rest.utc(data[0].get("date_gmt")) if data[0].get("date_gmt") else None
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def own_after(known: dict[str, int], hidden_now: set[int]) -> dict[str, int]:
    """The last run's WordPress-own differences, plus the stored posts this run found
    password-protected (``RestCrawl.hidden_gone``: still in X-WP-Total, no longer live)."""
    own = dict(known)
    if "articles" in own:
        own["articles"] += len(hidden_now)
    return own
