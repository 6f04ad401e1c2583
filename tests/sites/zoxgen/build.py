"""Write a content set through the ZoxPress templates.

python -m tests.sites.zoxgen.build            # the replica: tests/sites/zox/ and tests/sites/zox-expected.md
python -m tests.sites.zoxgen.build themes     # the themes content set: tests/sites/themes/zoxpress/
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from . import article, comments, listing
from .site import Site

HERE = Path(__file__).resolve().parent
SITES = HERE.parent


class Writer:
    """Saves pages under ``out`` in the replicas' layout: URL path ``/x/`` is the file ``x/index.html``."""

    def __init__(self, site: Site, out: Path) -> None:
        self.site, self.out, self.written = site, out, []

    def save(self, url: str, text: str | bytes) -> None:
        rel = url.removeprefix(self.site.origin).split("#")[0].lstrip("/")
        p = self.out / rel / "index.html"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        self.written.append(url)


def truncate(text: str) -> bytes:
    """Cut the page in the middle of the body's third paragraph."""
    start = text.index('<div class="zox-post-body')
    third = text.index("<p>", text.index("</div></div>", text.index("zox-post-ad-wrap", start)))
    return text[: third + 60].encode("utf-8")


def article_pages(w: Writer, a: dict, every_comment_page: bool) -> None:
    """The bare permalink (the newest comment page) and the comment-page-N/ URLs.

    ``every_comment_page``: write comment-page-N/ for every page of a thread, the newest too (the
    stock themes' captures hold them all); otherwise only the older pages (zox's model, where only
    the long thread's newest page is also written under its number, as WordPress links it).
    """
    site = w.site
    pages = comments.comment_pages(site, a)
    total = len(pages)
    for number, group in enumerate(pages, start=1):
        text = article.render(site, a, group, number, total)
        if a.get("broken") == "truncated":
            w.save(a["url"], truncate(text))
            continue
        if number == total:
            w.save(a["url"], text)
        if every_comment_page and a["thread"]:
            w.save(f"{a['url']}comment-page-{number}/", article.render(site, a, group, number, total, named=True))
        elif number < total or (site.paged_threads and a["id"] in site.paged_threads):
            w.save(f"{a['url']}comment-page-{number}/", text)


def listings(w: Writer) -> None:
    site = w.site
    for url, text in listing.home_pages(site):
        w.save(url, text)
    for slug in site.categories:
        for url, text in listing.category_pages(site, slug):
            w.save(url, text)
    for slug in site.tags:
        for url, text in listing.tag_pages(site, slug):
            w.save(url, text)
    for slug in site.authors:
        for url, text in listing.author_pages(site, slug):
            w.save(url, text)


def build_zox(out: Path = SITES / "zox", expected_md: Path = SITES / "zox-expected.md") -> Writer:
    from . import expected
    from .articles import ZOX

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "robots.txt").write_text("User-agent: *\nDisallow: /wp-admin/\n", encoding="utf-8")
    w = Writer(ZOX, out)
    listings(w)
    for a in ZOX.readable:
        article_pages(w, a, every_comment_page=False)
    expected_md.write_text(expected.render(), encoding="utf-8")
    return w


def build_themes(out: Path = SITES / "themes" / "zoxpress") -> Writer:
    from . import themes

    site = themes.site()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    themes.copy_core_files(out)
    w = Writer(site, out)
    listings(w)
    for a in site.readable:
        article_pages(w, a, every_comment_page=True)
    return w


def main(argv: list[str]) -> None:
    w = build_themes() if argv[:1] == ["themes"] else build_zox()
    print(f"wrote {len(w.written)} HTML pages (+ robots.txt) to {w.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
