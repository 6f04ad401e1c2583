"""Check that an optimisation changed no extracted value.

Runs the page extractors over every saved HTML page of the test replicas
(``tests/sites/zox``, ``wp-tt3``, ``wp-tt1``) and of the benchmark replica, and
writes every value they produce (article record, comments, comment page links and
number, category links, page kind) as JSON, one line per page. Run it once before
a change with ``--save``, once after with ``--check``::

    python bench/compare_extraction.py --save /tmp/before.jsonl
    # ... change the extraction code ...
    python bench/compare_extraction.py --check /tmp/before.jsonl

``--check`` exits 1 and names the pages whose values differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from scrapy.http import HtmlResponse, Request

from defense_news.pages import ArticlePage

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = "https://www.19fortyfive.com"
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
# The zone the replicas print local times in (19FortyFive's profile), as the spider passes it.
SITE_TZ = ZoneInfo("America/New_York")
DEFAULT_SITES = [
    ROOT / "tests" / "sites" / "zox",
    ROOT / "tests" / "sites" / "wp-tt3",
    ROOT / "tests" / "sites" / "wp-tt1",
    ROOT / "bench" / ".cache" / "site-2000",
]


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _try(fn: Any) -> Any:
    try:
        return _plain(fn())
    except Exception as exc:  # the comparison records failures too: they must not change either
        return f"!{type(exc).__name__}: {exc}"


def page_values(site: Path, path: Path) -> dict[str, Any]:
    rel = path.parent.relative_to(site).as_posix()
    url = f"{ORIGIN}/{rel}/" if rel != "." else f"{ORIGIN}/"
    response = HtmlResponse(url=url, body=path.read_bytes(), encoding="utf-8", request=Request(url))
    page = ArticlePage(response, SITE_TZ, now=NOW)
    values: dict[str, Any] = {"page": f"{site.name}/{rel}"}
    values["is_article"] = _try(page.is_article)
    values["is_unpublished"] = _try(page.is_unpublished)
    values["is_protected"] = _try(page.is_protected)
    values["article"] = _try(page.article)
    values["comments"] = _try(page.comments)
    values["comment_page_urls"] = _try(page.comment_page_urls)
    values["comment_page_number"] = _try(page.comment_page_number)
    values["category_urls"] = _try(page.category_urls)
    return values


def run(sites: list[Path]) -> list[dict[str, Any]]:
    out = []
    for site in sites:
        if not site.is_dir():
            print(f"skipped (missing): {site}", file=sys.stderr)
            continue
        for path in sorted(site.rglob("*.html")):
            out.append(page_values(site, path))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the extracted values here")
    group.add_argument("--check", type=Path, help="compare with values saved earlier")
    parser.add_argument("sites", nargs="*", type=Path, default=DEFAULT_SITES)
    args = parser.parse_args(argv)
    records = run(args.sites)
    lines = [json.dumps(r, sort_keys=True, default=str) for r in records]
    if args.save:
        args.save.write_text("\n".join(lines) + "\n")
        print(f"saved {len(lines)} pages to {args.save}")
        return 0
    before = {json.loads(line)["page"]: line for line in args.check.read_text().splitlines() if line}
    after = {r["page"]: line for r, line in zip(records, lines, strict=True)}
    # Fields added since the values were saved are new information, not a change.
    for page in before.keys() & after.keys():
        old, new = json.loads(before[page]), json.loads(after[page])
        if isinstance(old.get("article"), dict) and isinstance(new.get("article"), dict):
            new["article"] = {k: v for k, v in new["article"].items() if k in old["article"]}
        if isinstance(old.get("comments"), list) and isinstance(new.get("comments"), list) and old["comments"]:
            known = set(old["comments"][0])
            new["comments"] = [{k: v for k, v in c.items() if k in known} for c in new["comments"]]
        after[page] = json.dumps(new, sort_keys=True, default=str)
    # Non-article pages (listings) are compared on their page kind and links only: their
    # "article" values are never stored.
    for values in (before, after):
        for page, line in values.items():
            record = json.loads(line)
            if record.get("is_article") is False:
                record.pop("article", None)
                values[page] = json.dumps(record, sort_keys=True, default=str)
    differ = sorted(p for p in before.keys() & after.keys() if before[p] != after[p])
    missing = sorted(before.keys() ^ after.keys())
    for page in differ:
        old, new = json.loads(before[page]), json.loads(after[page])
        fields = [k for k in old if old.get(k) != new.get(k)]
        print(f"DIFFERS {page}: {', '.join(fields)}")
    for page in missing:
        print(f"ONLY ONE SIDE {page}")
    print(f"{len(after)} pages compared, {len(differ)} differ, {len(missing)} on one side only")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
