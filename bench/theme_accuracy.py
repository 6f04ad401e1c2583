"""Per-theme, per-field extraction accuracy on the theme replicas (tests/sites/themes).

Runs the page extractors over every article page and comment page that each theme's replica
holds, compares the values with WordPress's database (tests/sites/themes/expected.json, see
tests/theme_truth.py) and prints a Markdown table (right/checked per field)::

    python bench/theme_accuracy.py            # the table
    python bench/theme_accuracy.py --errors   # and every wrong value
    python bench/theme_accuracy.py --write docs/extraction.md   # replace the table in that file
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.http import HtmlResponse, Request

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from defense_news.pages import ArticlePage  # noqa: E402
from tests.theme_truth import SITE_TZ, THEMES, THEMES_DIR, Score, expected, score_theme  # noqa: E402

ORIGIN = "https://www.19fortyfive.com"
BEGIN, END = "<!-- theme-accuracy:begin -->", "<!-- theme-accuracy:end -->"


def extract(theme: str) -> tuple[list[object], list[object]]:
    articles, comments = [], []
    for post in expected()["posts"]:
        paths = [post["path"]] + [f"{post['path']}comment-page-{n}/" for n in range(1, post["comment_pages"] + 1)]
        for path in paths:
            file = THEMES_DIR / theme / path.lstrip("/") / "index.html"
            url = ORIGIN + path
            response = HtmlResponse(url=url, body=file.read_bytes(), encoding="utf-8", request=Request(url))
            page = ArticlePage(response, SITE_TZ)
            if path == post["path"]:
                articles.append(page.article())
            comments.extend(page.comments())
    return articles, comments


def table(scores: dict[str, Score]) -> str:
    fields: list[str] = []
    for score in scores.values():
        fields += [f for f in score.checked if f not in fields]
    lines = ["| field | " + " | ".join(scores) + " |", "|---|" + "---|" * len(scores)]
    for name in fields:
        cells = []
        for score in scores.values():
            checked = score.checked[name]
            cells.append(f"{score.right[name]}/{checked}" if checked else "not printed")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong value")
    parser.add_argument("--write", type=Path, help="replace the table between the markers in this file")
    args = parser.parse_args(argv)
    scores = {theme: score_theme(theme, *extract(theme)) for theme in THEMES}
    out = table(scores)
    print(out)
    if args.errors:
        for score in scores.values():
            for error in score.errors:
                print(" -", error)
    if args.write:
        text = args.write.read_text(encoding="utf-8")
        start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
        args.write.write_text(text[:start] + "\n" + out + "\n" + text[end:], encoding="utf-8")
    wrong = sum(len(s.errors) for s in scores.values())
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
