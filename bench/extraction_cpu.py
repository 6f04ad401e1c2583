"""Extraction CPU per page, this checkout against an earlier commit, in one run.

    python bench/extraction_cpu.py --baseline 387ff6b       # git ref of the "before"
    python bench/extraction_cpu.py --baseline 387ff6b --sample 300 --repeat 5

The baseline's package is unpacked (``git archive``) into a temporary folder; each side
runs in its own subprocess, alternating, on the same pages (the benchmark replica's article
pages, as ``bench/run.py`` samples them, plus every theme replica's article pages), and the best
pass of each is printed in microseconds per page (parse + article + comments + comment links; the
parse as the crawl does it, through ``parse_checked`` where the code has it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORKER = r"""
import gc, json, sys, time
from pathlib import Path
from scrapy.http import HtmlResponse, Request
from defense_news.pages import ArticlePage
try:  # the crawl's parse, checked for parser limits (defense_news.parser_limits), where the code has it
    from defense_news.pages.parsing import parse_checked
except ImportError:
    parse_checked = None
pages = [(u, Path(f).read_bytes()) for u, f in json.loads(sys.argv[1])]
repeat = int(sys.argv[2])
def one(url, body):
    response = HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))
    if parse_checked is not None:
        response._cached_selector = parse_checked(response)[0]
    page = ArticlePage(response)
    page.article(); page.comments(); page.comment_page_urls()
best = float("inf")
for _ in range(repeat):
    gc.collect()
    started = time.process_time()
    for url, body in pages:
        one(url, body)
    best = min(best, (time.process_time() - started) / len(pages))
print(json.dumps(best))
"""


def pages(sample: int) -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    from bench.generate import ORIGIN, ensure_site

    root = ensure_site(2000, ROOT / "bench" / ".cache")
    files = sorted(root.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))
    step = max(1, len(files) // sample)
    chosen = [(f"{ORIGIN}/{f.parent.relative_to(root).as_posix()}/", str(f)) for f in files[::step][:sample]]
    themes = ROOT / "tests" / "sites" / "themes"
    for f in sorted(themes.glob("*/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")):
        rel = f.parent.relative_to(themes).as_posix().split("/", 1)[1]
        chosen.append((f"{ORIGIN}/{rel}/", str(f)))
    return chosen


def measure(package_root: Path, page_list: list[tuple[str, str]], repeat: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    out = subprocess.run(
        [sys.executable, "-c", WORKER, json.dumps(page_list), str(repeat)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=package_root,
    )
    return float(json.loads(out.stdout))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", required=True, help="git ref of the code to compare with")
    parser.add_argument("--sample", type=int, default=300, help="benchmark replica pages (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="passes per side; the best counts")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per side")
    args = parser.parse_args(argv)
    page_list = pages(args.sample)
    with tempfile.TemporaryDirectory(prefix="dn-baseline-") as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        before, after = float("inf"), float("inf")
        for _ in range(args.rounds):
            before = min(before, measure(Path(tmp), page_list, args.repeat))
            after = min(after, measure(ROOT, page_list, args.repeat))
    change = (after / before - 1) * 100
    print(f"{len(page_list)} article pages, best of {args.rounds}x{args.repeat} passes (CPU time)")
    print(
        f"| code | µs/page |\n|---|---|\n| {args.baseline} | {before * 1e6:,.0f} |\n| this checkout | {after * 1e6:,.0f} |"
    )
    print(f"change: {change:+.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
