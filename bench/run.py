"""The defense_news benchmark: one command, one table.

    python bench/run.py                 # 2,000-article replica (+ a 5x replica for memory)
    python bench/run.py --articles 20 --quick   # smoke test (CI)

Generates the synthetic ZoxPress replica once (bench/.cache/), serves it from a
separate process (bench/server.py) and runs each crawl as a subprocess
(bench/crawl.py), so the CPU time and peak RSS are the crawler's alone
(``os.wait4`` rusage). Then times extraction and SQLite storage in this process.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import lxml.html

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.generate import ORIGIN, ensure_site  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache"


@dataclass
class CrawlRun:
    label: str
    seconds: float
    cpu: float
    maxrss_mb: float
    responses: int
    requests: int
    articles: int
    comments: int

    @property
    def pages_per_s(self) -> float:
        return self.responses / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_page(self) -> float:
        return self.cpu / self.responses if self.responses else 0.0


class Server:
    """bench/server.py in its own process."""

    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "bench" / "server.py"), str(root)], stdout=subprocess.PIPE, text=True
        )
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line.startswith("READY"):
            raise RuntimeError(f"benchmark server did not start: {line!r}")
        self.port = int(line.split()[1])
        self.base_url = f"http://127.0.0.1:{self.port}/"

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def crawl(label: str, spider: str, base_url: str, db: Path | None, workdir: Path) -> CrawlRun:
    stats_file = workdir / f"{label}.json"
    command = [sys.executable, str(REPO / "bench" / "crawl.py"), spider, base_url, "--stats", str(stats_file)]
    if db is not None:
        command += ["--db", str(db)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{label} crawl failed with exit code {proc.returncode}")
    stats = json.loads(stats_file.read_text())
    return CrawlRun(
        label=label,
        seconds=stats.get("bench/elapsed", seconds),
        cpu=usage.ru_utime + usage.ru_stime,
        maxrss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        responses=int(stats.get("downloader/response_count", 0)),
        requests=int(stats.get("downloader/request_count", 0)),
        articles=int(stats.get("defense_news/articles", 0)),
        comments=int(stats.get("defense_news/comments", 0)),
    )


# -- extraction ---------------------------------------------------------------


def article_files(root: Path, limit: int) -> list[tuple[str, bytes]]:
    files = sorted(root.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html"))
    step = max(1, len(files) // limit) if limit else 1
    chosen = files[::step][:limit] if limit else files
    return [(f"{ORIGIN}/{f.parent.relative_to(root).as_posix()}/", f.read_bytes()) for f in chosen]


def _best_of(fn, pages: list[tuple[str, bytes]], repeat: int) -> float:
    """Lowest mean seconds per page over ``repeat`` passes."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        for url, body in pages:
            fn(url, body)
        best = min(best, (time.perf_counter() - started) / len(pages))
    return best


def extraction(pages: list[tuple[str, bytes]], repeat: int, with_trafilatura: bool) -> dict[str, float | str]:
    from scrapy.http import HtmlResponse, Request

    from defense_news.pages import ArticlePage

    def response(url: str, body: bytes) -> HtmlResponse:
        return HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))

    def parse(url: str, body: bytes) -> None:
        lxml.html.fromstring(body)

    def parsel_parse(url: str, body: bytes) -> None:
        response(url, body).selector  # noqa: B018  (the same parse ArticlePage pays)

    def ours(url: str, body: bytes) -> None:
        page = ArticlePage(response(url, body))
        page.article()
        page.comments()
        page.comment_page_urls()

    results: dict[str, float | str] = {
        "lxml": _best_of(parse, pages, repeat),
        "parsel": _best_of(parsel_parse, pages, repeat),
        "ours": _best_of(ours, pages, repeat),
    }
    if with_trafilatura:
        try:
            import trafilatura
        except ImportError:
            results["trafilatura"] = "not installed (pip install -e '.[bench]')"
            return results

        def theirs(url: str, body: bytes) -> None:
            trafilatura.extract(body, url=url, include_comments=True)

        results["trafilatura"] = _best_of(theirs, pages, max(1, repeat // 2))
        ratios = []
        for url, body in pages:
            our_body = ArticlePage(response(url, body)).body_text() or ""
            their_body = trafilatura.extract(body, url=url, include_comments=False) or ""
            ratios.append(difflib.SequenceMatcher(None, our_body.split(), their_body.split(), autojunk=False).ratio())
        results["similarity"] = statistics.mean(ratios)
    return results


# -- storage ------------------------------------------------------------------


def storage(
    pages: list[tuple[str, bytes]], articles: int, workdir: Path
) -> tuple[float, float, int, int, tuple[float, float] | str]:
    """(articles/s, comments/s) for SQLiteStore upserts of real extracted records, batches of 500, and the
    same records into PostgreSQL (or why PostgreSQL was not measured)."""
    from scrapy.http import HtmlResponse, Request

    from bench.postgres import postgres_storage
    from defense_news.dates import to_iso, utc_now
    from defense_news.pages import ArticlePage
    from defense_news.storage import SQLiteStore

    samples = []
    for url, body in pages[:20]:
        page = ArticlePage(HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url)))
        samples.append((page.article(), page.comments()))
    arts, comms = [], []
    for i in range(articles):
        article, comments = samples[i % len(samples)]
        post_id = 1_000_000 + i
        url = f"{ORIGIN}/2022/01/bench-{i}/"
        arts.append(replace(article, post_id=post_id, url=url, site="bench"))
        comms += [
            replace(c, comment_id=post_id * 100 + j, post_id=post_id, article_url=url, site="bench")
            for j, c in enumerate(comments)
        ]
    db = workdir / "storage.db"
    store = SQLiteStore(db)
    seen = to_iso(utc_now())
    started = time.perf_counter()
    for i in range(0, len(arts), 500):
        store.upsert_articles(arts[i : i + 500], seen)
    article_s = time.perf_counter() - started
    started = time.perf_counter()
    for i in range(0, len(comms), 500):
        store.upsert_comments(comms[i : i + 500], seen)
    comment_s = time.perf_counter() - started
    assert store.count("comments") == len(comms)
    store.close()
    postgres = postgres_storage(arts, comms, seen)
    return len(arts) / article_s, len(comms) / comment_s, len(arts), len(comms), postgres


# -- report ---------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        ram = "unknown RAM"
    return f"{os.cpu_count()} CPUs ({cpu}), {ram}, Python {platform.python_version()}"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="replica size (default %(default)s)")
    parser.add_argument("--scale", type=int, default=5, help="memory check on a replica this many times larger")
    parser.add_argument("--sample", type=int, default=300, help="article pages timed for extraction")
    parser.add_argument("--quick", action="store_true", help="smoke test: no larger replica, one pass, no trafilatura")
    args = parser.parse_args(argv)

    print(f"Machine: {machine()}", flush=True)
    rows: list[tuple[str, str]] = []
    targets: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="dn-bench-") as tmp:
        workdir = Path(tmp)
        root = ensure_site(args.articles, CACHE)
        server = Server(root)
        try:
            db = workdir / "crawl.db"
            full = crawl("full", "full", server.base_url, db, workdir)
            bare = crawl("bare", "bare", server.base_url, None, workdir)
            repeat = crawl("repeat", "full", server.base_url, db, workdir)
        finally:
            server.close()
        big = None
        if not args.quick and args.scale > 1:
            big_root = ensure_site(args.articles * args.scale, CACHE)
            server = Server(big_root)
            try:
                big = crawl("big", "full", server.base_url, workdir / "big.db", workdir)
            finally:
                server.close()

        ratio = full.pages_per_s / bare.pages_per_s if bare.pages_per_s else 0.0
        rows.append(("Replica", f"{args.articles} articles, {full.responses} pages, {full.comments} comments"))
        rows.append(
            (
                "1. defense_news crawl → SQLite",
                f"{full.pages_per_s:,.0f} pages/s, {full.cpu_per_page * 1000:.2f} ms CPU/page, "
                f"peak RSS {full.maxrss_mb:.0f} MB ({full.responses} responses, {full.articles} articles, "
                f"{full.comments} comments, {full.seconds:.1f} s)",
            )
        )
        rows.append(
            (
                "2. bare Scrapy, same links",
                f"{bare.pages_per_s:,.0f} pages/s, {bare.cpu_per_page * 1000:.2f} ms CPU/page, "
                f"peak RSS {bare.maxrss_mb:.0f} MB ({bare.responses} responses, {bare.seconds:.1f} s)",
            )
        )
        rows.append(("   ratio 1/2", f"{ratio:.2f}× throughput, {full.cpu_per_page / bare.cpu_per_page:.2f}× CPU/page"))
        targets.append(("crawl ≥ 0.8× bare throughput", f"{ratio:.2f}× — {verdict(ratio >= 0.8)}"))
        if full.responses != bare.responses:
            rows.append(
                ("   WARNING", f"the spiders fetched different page counts ({full.responses} vs {bare.responses})")
            )

        pages = article_files(root, 20 if args.quick else args.sample)
        ex = extraction(pages, 1 if args.quick else 5, with_trafilatura=not args.quick)
        lxml_us, parsel_us, ours_us = (float(ex[k]) * 1e6 for k in ("lxml", "parsel", "ours"))
        extract_only = ours_us - parsel_us
        line = (
            f"ours {ours_us:,.0f} µs/page (parse {parsel_us:,.0f} + extraction {extract_only:,.0f}); "
            f"lxml.html.fromstring {lxml_us:,.0f} µs"
        )
        traf = ex.get("trafilatura")
        if isinstance(traf, float):
            line += f"; trafilatura {traf * 1e6:,.0f} µs, body similarity {float(ex['similarity']):.3f}"
        elif traf:
            line += f"; trafilatura {traf}"
        rows.append((f"3. extraction ({len(pages)} article pages)", line))
        targets.append(
            (
                "extraction ≤ 2× lxml parse",
                f"extraction {extract_only / lxml_us:.2f}×, parse+extraction {ours_us / lxml_us:.2f}× — "
                f"{verdict(extract_only <= 2 * lxml_us)}",
            )
        )
        if isinstance(traf, float):
            targets.append(
                ("faster than trafilatura", f"{traf * 1e6 / ours_us:.1f}× faster — {verdict(ours_us < traf * 1e6)}")
            )

        art_s, com_s, n_art, n_com, postgres = storage(pages, max(200, min(args.articles, 2000)), workdir)
        rows.append(
            ("4. SQLite storage alone", f"{art_s:,.0f} articles/s, {com_s:,.0f} comments/s ({n_art} + {n_com} rows)")
        )
        targets.append(("≥ 20,000 comments/s", f"{com_s:,.0f}/s — {verdict(com_s >= 20000)}"))
        if isinstance(postgres, str):
            rows.append(("4b. PostgreSQL storage alone", postgres))
        else:
            pg_art_s, pg_com_s = postgres
            rows.append(
                (
                    "4b. PostgreSQL storage alone",
                    f"{pg_art_s:,.0f} articles/s, {pg_com_s:,.0f} comments/s (same rows and batches; local server,"
                    " synchronous_commit off)",
                )
            )
            targets.append(("≥ 20,000 comments/s (PostgreSQL)", f"{pg_com_s:,.0f}/s — {verdict(pg_com_s >= 20000)}"))

        rows.append(
            (
                "5. repeat run, unchanged site",
                f"{repeat.requests} requests, {repeat.seconds:.1f} s, {repeat.articles} articles "
                "(incremental: the default against an existing database)",
            )
        )
        targets.append(("peak RSS < 200 MB", f"{full.maxrss_mb:.0f} MB — {verdict(full.maxrss_mb < 200)}"))
        if big is not None:
            growth = big.maxrss_mb / full.maxrss_mb - 1
            rows.append(
                (
                    f"   {args.scale}× replica",
                    f"{big.responses} pages, {big.pages_per_s:,.0f} pages/s, peak RSS {big.maxrss_mb:.0f} MB "
                    f"({growth:+.0%} vs {args.articles} articles)",
                )
            )
            targets.append((f"RSS growth < 25% at {args.scale}×", f"{growth:+.0%} — {verdict(growth < 0.25)}"))

    width = max(len(name) for name, _ in rows + targets)
    print()
    print(f"{'Benchmark':<{width}} | Result")
    print(f"{'-' * width}-|-{'-' * 60}")
    for name, value in rows:
        print(f"{name:<{width}} | {value}")
    print(f"{'-' * width}-|-{'-' * 60}")
    for name, value in targets:
        print(f"{name:<{width}} | {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
