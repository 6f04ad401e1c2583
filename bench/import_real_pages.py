"""Copy the pages of a real-pages corpus into tests/fixtures/real_pages/, split by publisher.

The corpus (``manifest.jsonl`` + ``pages/<id>.html.gz``, see tests/fixtures/real_pages/README.md)
holds saved article pages of publishers the project has never seen, with hand-checked expected
values. Each page goes to a tuning or a held-out set by a hash of its host, so no publisher is on
both sides and the split never changes when pages are added. The pages WordPress rendered
(``"wordpress": true``) make ``tuning`` / ``heldout``, the sets the issue's goal is measured on; the
others (other publishers' own systems) make ``other`` / ``other-heldout``, more evidence for the
rules that are not WordPress's (og:title, JSON-LD, bylines, text density), kept apart::

    python bench/import_real_pages.py /path/to/real-pages

Rules are tuned on ``tuning`` and ``other`` only; the held-out sets say whether they hold on
publishers never looked at.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "real_pages"
HELDOUT_SHARE = 0.3
SETS = ("tuning", "heldout", "other", "other-heldout")
# What the fixture manifest keeps of the corpus's (the rest describes the corpus, not the page).
KEEP = ("id", "source", "url", "archive_url", "site", "lang", "expected", "expected_origin", "notes", "source_file")
KEEP_LICENSE = "license_note"


def publisher(row: dict[str, object]) -> str:
    """The page's host without ``www.`` (blogs under one hosting domain are separate publishers)."""
    host = urlsplit(str(row.get("url") or "")).hostname or str(row["site"])
    return host.removeprefix("www.")


def split_of(host: str) -> str:
    """``heldout`` for about HELDOUT_SHARE of the hosts, by a stable hash; ``tuning`` otherwise."""
    fraction = int(hashlib.sha256(host.encode()).hexdigest()[:8], 16) / 2**32
    return "heldout" if fraction < HELDOUT_SHARE else "tuning"


def set_of(row: dict[str, object], host: str) -> str:
    """The page's set: its host's side of the split, among the WordPress pages or the others."""
    side = split_of(host)
    if row.get("wordpress"):
        return side
    return "other" if side == "tuning" else "other-heldout"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder holding manifest.jsonl and pages/")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in (args.corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    pages = FIXTURES / "pages"
    if pages.exists():
        shutil.rmtree(pages)
    pages.mkdir(parents=True)
    out = []
    for row in rows:
        kept = {key: row[key] for key in KEEP if key in row}
        kept["publisher"] = publisher(row)
        kept["set"] = set_of(row, kept["publisher"])
        kept[KEEP_LICENSE] = row.get(KEEP_LICENSE)
        shutil.copyfile(args.corpus / row["file"], pages / f"{row['id']}.html.gz")
        out.append(kept)
    out.sort(key=lambda r: r["id"])
    with (FIXTURES / "manifest.jsonl").open("w", encoding="utf-8") as fh:
        for kept in out:
            fh.write(json.dumps(kept, ensure_ascii=False, sort_keys=True) + "\n")
    sizes = Counter(r["set"] for r in out)
    print(f"{len(out)} pages copied: " + ", ".join(f"{sizes[name]} {name}" for name in SETS))


if __name__ == "__main__":
    main()
