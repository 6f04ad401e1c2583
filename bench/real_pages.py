"""Extraction accuracy on real pages of publishers the project has never seen.

Runs ``defense_news.pages.ArticlePage`` (on an ``HtmlResponse`` of each saved page, with the
page's own URL) and trafilatura (the ``bench`` extra) on the pages of tests/fixtures/real_pages/,
and prints, for each set apart, each field's score, ours next to trafilatura's: the WordPress
pages' ``tuning`` and ``heldout`` sets (the issue's goal), then the other publishers' pages,
``other`` and ``other-heldout`` (more evidence for the general rules)::

    python bench/real_pages.py               # the tables
    python bench/real_pages.py --failures --set tuning   # and every page/field of a set that is wrong
    python bench/real_pages.py --ours-only   # without trafilatura (not installed, or faster)
    python bench/real_pages.py --f1-pages other   # and each full-text page's F1, ours next to trafilatura's
    python bench/real_pages.py --scrambled   # ours on tuning and other, next to the same pages scrambled
    python bench/real_pages.py --scrambled --failures --set tuning   # and each field the scramble loses

``--scrambled`` runs ours on the ``tuning`` and ``other`` pages as printed and as a theme nobody has
seen would print them (tests/unknown_theme.py: every class and id the theme chose renamed, what
WordPress core prints kept, microdata removed, HTML5 sections turned into ``<div>``s): a field right
as printed and wrong scrambled is one the rules find by a theme's name rather than by structure.

Scoring (a field is scored only on pages whose expected values have it):

- **title**: equal after normalisation: NFKC, zero-width characters and soft hyphens removed,
  curly quotes made straight, whitespace collapsed, trimmed; then every dash as "-" and case-folded
  (themes upper-case headlines with CSS, so the annotators' case is not the HTML's; wptexturize turns
  " - " into " – " in one place and not another).
- **authors**: the same set of names, each normalised as a title, a leading
  "by"/"von"/"par"/"por" dropped. trafilatura's author string is split on ";".
- **date**: the same instant (within a minute) when the expected value and ours both have a time
  and the expected one an offset; otherwise the same calendar day, the day as the page states it:
  our UTC instant is read back in the offset of the page timestamp it came from (or in the zone we
  read the page in, for a printed time), trafilatura gives a bare day. A month (from the
  permalink) is never right against a day.
- **body, full text** (``body_text``: Readability's/newspaper's reviewed output): token F1 of
  the multiset of ``\\w+`` tokens after NFKC and case-folding; mean per page, with mean
  precision and recall.
- **body, snippets** (``with``/``without``, hand-annotated): after normalising both sides as a
  title, each ``with`` snippet found in the body is a true positive, each one missing a false
  negative, each ``without`` or ``comment_snippets`` snippet found a false positive; summed over
  the pages into precision, recall and F1 (trafilatura's own method). A page is "right" when it has
  every ``with`` snippet and no other.
- **empty**: pages where no body came out at all.

trafilatura's results are cached in bench/.cache/ (keyed by its version and the page's hash).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # measure this checkout's code, not an installed copy

from scrapy.http import HtmlResponse, Request  # noqa: E402

from defense_news.charsets import is_mislabelled_utf8  # noqa: E402
from defense_news.pages import ArticlePage  # noqa: E402
from tests.unknown_theme import scramble  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "real_pages"
CACHE = ROOT / "bench" / ".cache" / "real_pages_trafilatura.json"
WORDPRESS_SETS = ("tuning", "heldout")
OTHER_SETS = ("other", "other-heldout")  # pages other systems than WordPress rendered
SETS = WORDPRESS_SETS + OTHER_SETS
TUNING_SETS = ("tuning", "other")  # the only ones whose failures are looked at
FIELDS = ("title", "authors", "date", "body")
# The zone ArticlePage reads printed (offset-less) times in: the one it uses on a site it knows nothing of.
READ_TZ: tzinfo = UTC
NOW = datetime(2026, 1, 1, tzinfo=UTC)

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "´": "'"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-"})
_BY = re.compile(r"^(?:by|von|par|por)\s+", re.I)
_TOKEN = re.compile(r"\w+")
_ISO_WITH_OFFSET = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})(?![\d:])")


# -- corpus ------------------------------------------------------------------


def load_manifest(root: Path = FIXTURES) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def page_bytes(row: dict[str, Any], root: Path = FIXTURES) -> bytes:
    with gzip.open(root / "pages" / f"{row['id']}.html.gz") as fh:
        return fh.read()


# -- extraction --------------------------------------------------------------


@dataclass
class Extracted:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO: ours UTC "…Z", a day or a month; trafilatura's a day
    offset_day: str | None = None  # the calendar day of ``published`` as the page states it
    body: str = ""
    seconds: float = 0.0


def page_day(instant: datetime, html: str) -> str:
    """The day of ``instant`` in the offset of the page timestamp naming that instant, else in READ_TZ."""
    for match in _ISO_WITH_OFFSET.finditer(html):
        offset = _offset(match[3])
        try:
            stated = datetime.fromisoformat(f"{match[1]}T{match[2]}").replace(tzinfo=offset)
        except ValueError:
            continue
        if abs((stated - instant).total_seconds()) < 60:
            return stated.date().isoformat()
    return instant.astimezone(READ_TZ).date().isoformat()


def _offset(text: str) -> tzinfo:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def page_url(row: dict[str, Any]) -> str:
    """The page's address; the site's home for the few pages saved without one."""
    return str(row.get("url") or f"https://{row['site']}/")


def response_of(row: dict[str, Any], body: bytes) -> HtmlResponse:
    url = page_url(row)
    response = HtmlResponse(url=url, body=body, request=Request(url))
    if is_mislabelled_utf8(response):  # as ResponseCheckMiddleware reads it in a crawl
        response = response.replace(encoding="utf-8")
    return response


def scrambled_body(row: dict[str, Any], body: bytes) -> bytes:
    """The page as an unknown theme would print it, in UTF-8 (its text decoded as a crawl decodes it)."""
    return scramble(response_of(row, body).text).encode("utf-8")


def ours(row: dict[str, Any], body: bytes, scrambled: bool = False) -> Extracted:
    if scrambled:  # before the clock starts: the scramble is not our extraction's cost
        body = scrambled_body(row, body)
    start = time.process_time()
    response = response_of(row, body)
    if scrambled:
        response = response.replace(encoding="utf-8")
    article = ArticlePage(response, timezone=READ_TZ, now=NOW).article()
    seconds = time.process_time() - start
    published = article.published_at
    day = published
    if published and "T" in published:
        day = page_day(datetime.fromisoformat(published.replace("Z", "+00:00")), response.text)
    return Extracted(
        title=article.title,
        authors=list(article.authors or []),
        published=published,
        offset_day=day,
        body=article.body_text or "",
        seconds=seconds,
    )


def trafilatura_version() -> str:
    import trafilatura

    return str(trafilatura.__version__)


def theirs(row: dict[str, Any], body: bytes, cache: dict[str, Any]) -> Extracted:
    key = f"{trafilatura_version()}:{hashlib.sha256(body).hexdigest()}"
    if key not in cache:
        import trafilatura

        start = time.process_time()
        doc = trafilatura.bare_extraction(body, url=page_url(row), with_metadata=True, include_comments=False)
        seconds = time.process_time() - start
        cache[key] = {
            "title": getattr(doc, "title", None),
            "author": getattr(doc, "author", None),
            "date": getattr(doc, "date", None),
            "text": getattr(doc, "text", None) or "",
            "seconds": seconds,
        }
    got = cache[key]
    authors = [a.strip() for a in (got["author"] or "").split(";") if a.strip()]
    return Extracted(
        title=got["title"],
        authors=authors,
        published=got["date"],
        offset_day=got["date"],
        body=got["text"],
        seconds=got["seconds"],
    )


# -- scoring -----------------------------------------------------------------


def normal(text: str | None) -> str:
    """NFKC, no zero-width characters or soft hyphens, straight quotes, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text or "")
    return " ".join(_INVISIBLE.sub("", text).translate(_QUOTES).split())


def name_key(name: str) -> str:
    return _BY.sub("", normal(name).translate(_DASHES).casefold()).strip()


def title_key(title: str | None) -> str:
    """A title as compared: normalised, dashes as "-", case-folded (themes upper-case headlines in CSS,
    so the case a reader sees is not in the HTML)."""
    return normal(title).translate(_DASHES).casefold()


def title_ok(got: str | None, want: str) -> bool:
    return bool(got) and title_key(got) == title_key(want)


def authors_ok(got: Iterable[str], want: Iterable[str]) -> bool:
    return {name_key(n) for n in got if name_key(n)} == {name_key(n) for n in want}


def date_ok(got: Extracted, want: str) -> bool:
    if not got.published:
        return False
    want_has_offset = bool(re.search(r"T\d{2}:\d{2}.*(Z|[+-]\d{2}:?\d{2})$", want))
    if want_has_offset and "T" in got.published:
        a = datetime.fromisoformat(want.replace("Z", "+00:00"))
        b = datetime.fromisoformat(got.published.replace("Z", "+00:00"))
        return abs((a - b).total_seconds()) < 60
    if len(got.published) < 10:
        return False  # a month against a day
    return (got.offset_day or "")[:10] == want[:10]


def tokens(text: str | None) -> Counter[str]:
    return Counter(_TOKEN.findall(unicodedata.normalize("NFKC", text or "").casefold()))


def token_prf(got: str | None, want: str) -> tuple[float, float, float]:
    a, b = tokens(got), tokens(want)
    common = sum((a & b).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def snippets(expected: dict[str, Any], *keys: str) -> list[str]:
    """The page's snippets under ``keys``, normalised; empty ones (a few annotations) say nothing."""
    return [n for key in keys for s in expected.get(key, []) if (n := normal(s))]


def snippet_counts(body: str, expected: dict[str, Any]) -> tuple[int, int, int]:
    """(true positives, false negatives, false positives) of the page's snippets in ``body``."""
    text = normal(body)
    wanted = snippets(expected, "with")
    tp = sum(s in text for s in wanted)
    fp = sum(s in text for s in snippets(expected, "without", "comment_snippets"))
    return tp, len(wanted) - tp, fp


@dataclass
class Tally:
    """Right / checked counts per field, snippet counts, body F1s, and what went wrong on which page."""

    right: Counter[str] = field(default_factory=Counter)
    checked: Counter[str] = field(default_factory=Counter)
    snippets: Counter[str] = field(default_factory=Counter)  # tp, fn, fp
    f1s: list[tuple[float, float, float]] = field(default_factory=list)
    empty: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def check(self, name: str, ok: bool, what: str) -> None:
        self.checked[name] += 1
        if ok:
            self.right[name] += 1
        else:
            self.failures.append(what)

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.checked[name] if self.checked[name] else 1.0

    def body_f1(self) -> tuple[float, float, float]:
        """Mean precision, recall and F1 over the full-text pages."""
        if not self.f1s:
            return 1.0, 1.0, 1.0
        n = len(self.f1s)
        return tuple(sum(v[i] for v in self.f1s) / n for i in range(3))  # type: ignore[return-value]

    def snippet_prf(self) -> tuple[float, float, float]:
        tp, fn, fp = self.snippets["tp"], self.snippets["fn"], self.snippets["fp"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def score(tally: Tally, row: dict[str, Any], got: Extracted) -> None:
    expected, page = row["expected"], row["id"]
    tally.pages += 1
    tally.seconds += got.seconds
    if "title" in expected:
        tally.check(
            "title", title_ok(got.title, expected["title"]), f"{page} title: {got.title!r} != {expected['title']!r}"
        )
    if "authors" in expected:
        tally.check(
            "authors",
            authors_ok(got.authors, expected["authors"]),
            f"{page} authors: {got.authors!r} != {expected['authors']!r}",
        )
    if "published" in expected:
        tally.check(
            "date",
            date_ok(got, expected["published"]),
            f"{page} date: {got.published!r} (day {got.offset_day!r}) != {expected['published']!r}",
        )
    if not got.body.strip():
        tally.empty += 1
        tally.failures.append(f"{page} body: empty")
    if "body_text" in expected:
        prf = token_prf(got.body, expected["body_text"])
        tally.f1s.append(prf)
        tally.check("body text", prf[2] >= 0.9, f"{page} body: token F1 {prf[2]:.3f} (P {prf[0]:.3f} R {prf[1]:.3f})")
    if "with" in expected:
        tp, fn, fp = snippet_counts(got.body, expected)
        tally.snippets.update(tp=tp, fn=fn, fp=fp)
        if fn or fp:
            text = normal(got.body)
            missing = [s for s in snippets(expected, "with") if s not in text]
            extra = [s for s in snippets(expected, "without", "comment_snippets") if s in text]
            what = f"{page} body snippets: missing {missing!r} unwanted {extra!r}"
        else:
            what = ""
        tally.check("body snippets", not (fn or fp), what)


def evaluate(rows: list[dict[str, Any]], with_trafilatura: bool = True) -> dict[tuple[str, str], Tally]:
    """``{(set, extractor): Tally}`` over ``rows``."""
    tallies = {(s, e): Tally() for s in SETS for e in ("ours", "trafilatura")}
    cache: dict[str, Any] = json.loads(CACHE.read_text()) if with_trafilatura and CACHE.exists() else {}
    for row in rows:
        body = page_bytes(row)
        score(tallies[(row["set"], "ours")], row, ours(row, body))
        if with_trafilatura:
            score(tallies[(row["set"], "trafilatura")], row, theirs(row, body, cache))
    if with_trafilatura:
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(cache))
    return tallies


def evaluate_scrambled(rows: list[dict[str, Any]], printed: bool = True) -> dict[tuple[str, str], Tally]:
    """``{(set, "ours" or "scrambled"): Tally}`` over the ``tuning`` and ``other`` pages of ``rows``
    (``printed=False``: the scrambled pages alone, the "ours" tallies left empty)."""
    tallies = {(s, e): Tally() for s in TUNING_SETS for e in ("ours", "scrambled")}
    for row in rows:
        if row["set"] not in TUNING_SETS:
            continue  # the held-out sets' failures are not looked at, scrambled or not
        body = page_bytes(row)
        if printed:
            score(tallies[(row["set"], "ours")], row, ours(row, body))
        score(tallies[(row["set"], "scrambled")], row, ours(row, body, scrambled=True))
    return tallies


def _what(failure: str) -> str:
    """A failure line's page and field (``"<id> authors"``), what it is about whatever the values."""
    return failure.split(":", 1)[0]


def lost_to_scramble(printed: Tally, scrambled: Tally) -> tuple[list[str], list[str]]:
    """The scrambled run's failures on fields right as printed, and the printed run's failures on
    fields right scrambled (the scramble helped: a theme name misled a rule)."""
    wrong_printed = {_what(f) for f in printed.failures}
    wrong_scrambled = {_what(f) for f in scrambled.failures}
    lost = [f for f in scrambled.failures if _what(f) not in wrong_printed]
    gained = [f for f in printed.failures if _what(f) not in wrong_scrambled]
    return lost, gained


# -- report ------------------------------------------------------------------


def _count(t: Tally, name: str) -> str:
    return f"{t.right[name]}/{t.checked[name]} ({100 * t.accuracy(name):.1f}%)"


def rows_of(t: Tally) -> list[tuple[str, str]]:
    p, r, f1 = t.body_f1()
    sp, sr, sf = t.snippet_prf()
    return [
        ("pages", str(t.pages)),
        ("body text: token F1 mean (P, R)", f"{f1:.3f} ({p:.3f}, {r:.3f}) on {len(t.f1s)}"),
        ("body snippets: F1 (P, R)", f"{sf:.3f} ({sp:.3f}, {sr:.3f})"),
        ("body snippets: pages right", _count(t, "body snippets")),
        ("empty bodies", str(t.empty)),
        ("title", _count(t, "title")),
        ("authors", _count(t, "authors")),
        ("date", _count(t, "date")),
        ("CPU ms/page", f"{1000 * t.seconds / t.pages:.1f}" if t.pages else "-"),
    ]


def table(
    tallies: dict[tuple[str, str], Tally],
    with_trafilatura: bool = True,
    sets: tuple[str, ...] = WORDPRESS_SETS,
    extractors: tuple[str, ...] = (),
) -> str:
    extractors = extractors or (("ours", "trafilatura") if with_trafilatura else ("ours",))
    header = ["field"] + [f"{s} {e}" for s in sets for e in extractors]
    columns = [rows_of(tallies[(s, e)]) for s in sets for e in extractors]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for i, (label, _) in enumerate(columns[0]):
        lines.append("| " + " | ".join([label, *(c[i][1] for c in columns)]) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every wrong page/field")
    parser.add_argument("--ours-only", action="store_true", help="leave trafilatura out")
    parser.add_argument("--set", choices=SETS, help="only this set's failures (look only at tuning and other)")
    parser.add_argument(
        "--scrambled",
        action="store_true",
        help="ours on tuning and other, as printed and with the theme's classes and ids scrambled",
    )
    parser.add_argument(
        "--f1-pages",
        choices=TUNING_SETS,
        help="also print each full-text page's body F1, ours and trafilatura's, worst gap first",
    )
    args = parser.parse_args(argv)
    if args.scrambled:
        if args.set and args.set not in TUNING_SETS:
            print("--scrambled looks only at tuning and other", file=sys.stderr)
            return 2
        return scrambled_report(args.failures, args.set)
    with_trafilatura = not args.ours_only
    if with_trafilatura:
        try:
            trafilatura_version()
        except ImportError:
            print("trafilatura is not installed (pip install -e '.[bench]'), or pass --ours-only", file=sys.stderr)
            return 2
    if args.f1_pages and not with_trafilatura:
        print("--f1-pages compares with trafilatura: leave out --ours-only", file=sys.stderr)
        return 2
    start = time.monotonic()
    tallies = evaluate(load_manifest(), with_trafilatura)
    print("WordPress pages (the issue's goal):\n")
    print(table(tallies, with_trafilatura, WORDPRESS_SETS))
    print("\nOther publishers' pages (not WordPress):\n")
    print(table(tallies, with_trafilatura, OTHER_SETS))
    print(f"\n{sum(t.pages for (_, e), t in tallies.items() if e == 'ours')} pages in {time.monotonic() - start:.0f} s")
    if args.failures:
        for (name, extractor), tally in tallies.items():
            if (args.set and name != args.set) or not tally.failures:
                continue
            print(f"\n## {name}, {extractor}: {len(tally.failures)} failures")
            for line in tally.failures:
                print(line)
    if args.f1_pages:
        print(f"\n## {args.f1_pages}: body F1 per page, ours - trafilatura's (P, R each)")
        print(f1_pages(load_manifest(), args.f1_pages))
    return 0


def scrambled_report(failures: bool, only: str | None) -> int:
    start = time.monotonic()
    tallies = evaluate_scrambled(load_manifest())
    print("Ours, as printed and scrambled (tests/unknown_theme.py: the theme's classes and ids renamed):\n")
    print(table(tallies, sets=TUNING_SETS, extractors=("ours", "scrambled")))
    print(f"\n{sum(t.pages for (_, e), t in tallies.items() if e == 'ours')} pages in {time.monotonic() - start:.0f} s")
    if failures:
        for name in TUNING_SETS:
            if only and name != only:
                continue
            lost, gained = lost_to_scramble(tallies[(name, "ours")], tallies[(name, "scrambled")])
            print(f"\n## {name}: {len(lost)} right as printed, wrong scrambled (the scrambled value)")
            print("\n".join(lost))
            print(f"\n## {name}: {len(gained)} wrong as printed, right scrambled (the printed value)")
            print("\n".join(gained))
    return 0


def f1_pages(rows: list[dict[str, Any]], name: str) -> str:
    """One line per full-text page of set ``name``: F1 ours, trafilatura's, and the gap, worst first."""
    cache: dict[str, Any] = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    lines = []
    for row in rows:
        if row["set"] != name or "body_text" not in row["expected"]:
            continue
        body = page_bytes(row)
        a = token_prf(ours(row, body).body, row["expected"]["body_text"])
        b = token_prf(theirs(row, body, cache).body, row["expected"]["body_text"])
        lines.append(
            (
                a[2] - b[2],
                f"{a[2] - b[2]:+.3f} {row['id']} ours {a[2]:.3f} ({a[0]:.2f}, {a[1]:.2f}) "
                f"trafilatura {b[2]:.3f} ({b[0]:.2f}, {b[1]:.2f})",
            )
        )
    return "\n".join(line for _, line in sorted(lines))


if __name__ == "__main__":
    sys.exit(main())
