"""Write the replica to tests/sites/zox/ and the ground truth to tests/sites/zox-expected.md.

python -m tests.sites.zoxgen.build
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import article, comments, expected, listing
from .articles import ARTICLES, LONG_THREAD, MISSING, TRUNCATED, in_category
from .content import AUTHORS, CATEGORIES, ORIGIN, TAGS

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "zox"


def path_for(url: str) -> Path:
    rel = url.removeprefix(ORIGIN).split("#")[0].lstrip("/")
    return OUT / rel / "index.html"


def save(url: str, text: str | bytes, written: list[str]) -> None:
    p = path_for(url)
    p.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    p.write_bytes(data)
    written.append(url)


def truncate(text: str) -> bytes:
    """Cut the page in the middle of the body's third paragraph."""
    start = text.index('<div class="zox-post-body')
    third = text.index("<p>", text.index("</div></div>", text.index("zox-post-ad-wrap", start)))
    return text[: third + 60].encode("utf-8")


def article_pages(a: dict, written: list[str]) -> None:
    pages = comments.comment_pages(a)
    total = len(pages)
    for number, group in enumerate(pages, start=1):
        text = article.render(a, group, number, total)
        if a["id"] == TRUNCATED:
            save(a["url"], truncate(text), written)
            continue
        if number == total:
            save(a["url"], text, written)
            if a["id"] == LONG_THREAD:  # WordPress links the newest page as comment-page-N/ too
                save(f"{a['url']}comment-page-{number}/", text, written)
        else:
            save(f"{a['url']}comment-page-{number}/", text, written)


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    (OUT / "robots.txt").write_text("User-agent: *\nDisallow: /wp-admin/\n", encoding="utf-8")
    written: list[str] = []
    save(f"{ORIGIN}/", listing.home(), written)
    for slug in CATEGORIES:
        for url, text in listing.category_pages(slug, in_category(slug)):
            save(url, text, written)
    newest = sorted(ARTICLES, key=lambda a: a["date"], reverse=True)
    for term, slug in enumerate(TAGS, start=40):
        for url, text in listing.tag_pages(slug, [a for a in newest if slug in a["tags"]], term):
            save(url, text, written)
    for uid, slug in enumerate(AUTHORS, start=2):
        for url, text in listing.author_pages(slug, [a for a in newest if slug in a["authors"]], uid):
            save(url, text, written)
    for a in ARTICLES:
        if a["id"] != MISSING:
            article_pages(a, written)
    (HERE.parent / "zox-expected.md").write_text(expected.render(), encoding="utf-8")
    print(f"wrote {len(written)} HTML pages (+ robots.txt) to {OUT}")


if __name__ == "__main__":
    main()
