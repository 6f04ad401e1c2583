"""Copy the WordPress pages of a real-pages corpus into tests/fixtures/real_pages/, split by publisher.

The corpus (``manifest.jsonl`` + ``pages/<id>.html.gz``, see tests/fixtures/real_pages/README.md)
holds saved article pages of publishers the project has never seen, with hand-checked expected
values. Only the pages WordPress rendered (``"wordpress": true``) are copied. Each page goes to the
``tuning`` or the ``heldout`` set by a hash of its host, so no publisher is in both and the split
never changes when pages are added::

    python bench/import_real_pages.py /path/to/real-pages

Rules are tuned on ``tuning`` only; ``heldout`` says whether they hold on publishers never looked at.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "real_pages"
HELDOUT_SHARE = 0.3
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
        if not row.get("wordpress"):
            continue
        kept = {key: row[key] for key in KEEP if key in row}
        kept["publisher"] = publisher(row)
        kept["set"] = split_of(kept["publisher"])
        kept[KEEP_LICENSE] = row.get(KEEP_LICENSE)
        shutil.copyfile(args.corpus / row["file"], pages / f"{row['id']}.html.gz")
        out.append(kept)
    out.sort(key=lambda r: r["id"])
    with (FIXTURES / "manifest.jsonl").open("w", encoding="utf-8") as fh:
        for kept in out:
            fh.write(json.dumps(kept, ensure_ascii=False, sort_keys=True) + "\n")
    held = sum(r["set"] == "heldout" for r in out)
    print(f"{len(out)} WordPress pages copied: {len(out) - held} tuning, {held} held out")


if __name__ == "__main__":
    main()
