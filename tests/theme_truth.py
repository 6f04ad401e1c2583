"""Ground truth of the theme replicas (``tests/sites/themes``) and the field-by-field comparison.

``tests/sites/themes/expected.json`` comes from WordPress's database (``wp-capture.py --set
themes``); the themes print the same posts and comments, each showing some of the fields.
:data:`NOT_PRINTED` says, per theme, which fields it does not show (checked by hand on the
captured pages); those are compared only if a value was extracted anyway (from another source).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from lxml.html import fragment_fromstring

from defense_news.html_text import element_text

THEMES_DIR = Path(__file__).resolve().parent / "sites" / "themes"
THEMES = (
    "twentytwentythree",
    "twentytwentytwo",
    "twentytwentyone",
    "twentytwenty",
    "twentynineteen",
    "oceanwp",
    "hello-elementor",
    "zoxpress",
)
SITE_TZ = ZoneInfo("America/New_York")

# Fields a theme does not print on its article pages (hand-checked on the captures).
NOT_PRINTED: dict[str, set[str]] = {
    "twentytwentythree": {"modified_at"},
    "twentytwentytwo": {"modified_at"},
    "twentytwentyone": {"modified_at"},
    "twentytwenty": {"modified_at"},
    "twentynineteen": {"modified_at"},
    "oceanwp": {"modified_at"},
    "hello-elementor": {"authors", "published_at", "modified_at", "category", "categories"},
    "zoxpress": set(),
}
# Comment fields a theme prints with less precision than the database holds.
COMMENT_DATE_ONLY = {"oceanwp"}
# Themes that print nothing of a closed thread: neither its comments nor their count (ZoxPress
# calls comments_template() and its comment button only if comments_open()).
HIDES_CLOSED_THREADS = {"zoxpress"}
# Themes that print the name of the first category only; the others only as the article's
# post_class() slugs (category-<slug>), so those may be stored as their slugs (or names, if found).
FIRST_CATEGORY_NAME_ONLY = {"zoxpress"}

ARTICLE_FIELDS = (
    "post_id",
    "title",
    "authors",
    "published_at",
    "modified_at",
    "category",
    "categories",
    "tags",
    "comment_count",
    "body",
)
COMMENT_FIELDS = ("found", "parent_id", "depth", "author", "author_url", "posted_at", "text")


@cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((THEMES_DIR / "expected.json").read_text(encoding="utf-8"))
    return data


def html_text(fragment: str) -> str:
    return element_text(fragment_fromstring(fragment, create_parent="div"))


def tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def token_f1(got: str | None, want: str | None) -> float:
    """Bag-of-tokens F1 of two texts (1.0 = the same words, as many times)."""
    a, b = Counter(tokens(got)), Counter(tokens(want))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _day(iso_utc: str) -> str:
    """The New York calendar day of a UTC ISO timestamp."""
    from datetime import datetime

    return datetime.fromisoformat(iso_utc.replace("Z", "+00:00")).astimezone(SITE_TZ).date().isoformat()


@dataclass
class Score:
    """Right / checked counts per field, and what went wrong."""

    right: Counter[str] = field(default_factory=Counter)
    checked: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def check(self, name: str, ok: bool, what: str) -> None:
        self.checked[name] += 1
        if ok:
            self.right[name] += 1
        else:
            self.errors.append(what)


def _date_ok(got: str | None, want: str, day_only: bool) -> bool:
    if got is None:
        return False
    if len(got) == 7:  # a month (from the permalink)
        return got == _day(want)[:7]
    if len(got) == 10 or day_only:  # a bare day (or a theme printing only the day)
        return got[:10] == _day(want)
    return got == want


def thread_hidden(theme: str, post: dict[str, Any]) -> bool:
    """Whether the theme's page of ``post`` shows none of its comments (nor their count)."""
    return theme in HIDES_CLOSED_THREADS and post["comment_status"] == "closed"


def shown_comments(theme: str) -> set[int]:
    """The comments the theme's pages show."""
    return {c["id"] for p in expected()["posts"] if not thread_hidden(theme, p) for c in p["comments"]}


def printed_on(theme: str, name: str) -> int:
    """On how many article pages the theme prints the field ``name`` (one it prints at all)."""
    posts = expected()["posts"]
    if name == "comment_count":
        return sum(not thread_hidden(theme, p) for p in posts)
    return len(posts)


def score_theme(
    theme: str, articles: Iterable[Any], comments: Iterable[Any], not_printed: set[str] | None = None
) -> Score:
    """Compare extracted records (items or dicts) of one theme's replica with the database.

    ``not_printed``: the fields the pages do not show, if not the theme's :data:`NOT_PRINTED`."""
    gt = expected()
    score = Score()
    by_path = {a_get(a, "url").split("://", 1)[-1].split("/", 1)[-1]: a for a in articles}
    got_comments = {a_get(c, "comment_id"): c for c in comments}
    for post in gt["posts"]:
        path = post["path"].lstrip("/")
        article = by_path.get(path)
        score.check("found", article is not None, f"{theme}: article {post['id']} missing")
        if article is None:
            continue
        closed_hidden = thread_hidden(theme, post)
        hidden = (NOT_PRINTED[theme] if not_printed is None else not_printed) | (
            {"comment_count"} if closed_hidden else set()
        )

        def check(
            name: str, got: Any, want: Any, ok: bool | None = None, post_id: int = post["id"], hidden: set[str] = hidden
        ) -> None:
            if name in hidden and got in (None, []):
                return
            good = got == want if ok is None else ok
            score.check(name, good, f"{theme} post {post_id} {name}: {got!r} != {want!r}")

        check("post_id", a_get(article, "post_id"), post["id"])
        check("title", a_get(article, "title"), html.unescape(post["title_rendered"]))
        check("authors", a_get(article, "authors"), [post["author"]])
        pub = a_get(article, "published_at")
        check("published_at", pub, post["date_gmt"], _date_ok(pub, post["date_gmt"], False) if pub else False)
        mod = a_get(article, "modified_at")
        if mod is not None or "modified_at" not in hidden:
            check("modified_at", mod, post["modified_gmt"], _date_ok(mod, post["modified_gmt"], False))
        got_categories = a_get(article, "categories")
        if theme in FIRST_CATEGORY_NAME_ONLY and isinstance(got_categories, list):
            # the first by name; each other one by its name (found elsewhere) or by its printed slug
            named = got_categories[:1] == post["categories"][:1] and len(got_categories) == len(post["categories"])
            ok = named and all(
                g in (n, s) for g, n, s in zip(got_categories, post["categories"], post["category_slugs"], strict=True)
            )
            check("categories", got_categories, post["categories"], ok)
        else:
            check("categories", got_categories, post["categories"])
        check("category", a_get(article, "category"), post["categories"][0] if post["categories"] else None)
        check("tags", a_get(article, "tags"), post["tags"])
        check("comment_count", a_get(article, "comment_count"), post["approved_comments"])
        f1 = token_f1(a_get(article, "body_text"), html_text(post["content_html"]))
        score.check("body", f1 >= 0.99, f"{theme} post {post['id']} body F1 {f1:.3f}")
        for want in [] if closed_hidden else post["comments"]:
            got = got_comments.get(want["id"])
            score.check("comment found", got is not None, f"{theme}: comment {want['id']} missing")
            if got is None:
                continue
            where = f"{theme} comment {want['id']}"
            for name, value in (
                ("parent_id", want["parent"] or None),
                ("depth", want["depth"]),
                ("author", _quotes(html.unescape(want["author"]))),
                ("author_url", want["author_url"] or None),
            ):
                score.check(
                    f"comment {name}", _quotes(a_get(got, name)) == value, f"{where} {name}: {a_get(got, name)!r}"
                )
            posted = a_get(got, "posted_at")
            score.check(
                "comment posted_at",
                _date_ok(posted, want["date_gmt"], theme in COMMENT_DATE_ONLY),
                f"{where} posted_at: {posted!r} != {want['date_gmt']}",
            )
            text_f1 = token_f1(a_get(got, "text"), html_text(want["content_html"]))
            score.check("comment text", text_f1 == 1.0, f"{where} text F1 {text_f1:.3f}: {a_get(got, 'text')!r}")
    expected_ids = {c["id"] for p in gt["posts"] for c in p["comments"]}
    extra = set(got_comments) - expected_ids
    score.check("no extra comments", not extra, f"{theme}: unexpected comments {sorted(extra)}")
    return score


def a_get(record: Any, name: str) -> Any:
    return record.get(name) if isinstance(record, dict) else getattr(record, name)


def _quotes(value: Any) -> Any:
    """Straight quotes for curly ones: block themes texturize names (O'Brien → O’Brien), others do not."""
    return value.replace("’", "'") if isinstance(value, str) else value
