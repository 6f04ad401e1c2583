"""The zox replica with a category its menu leaves out (issue 22 item 12), built by the test that needs it.

ZoxPress names an article's first category only; the others are post_class slugs
(``category-<slug>``). Here "analysis" is nobody's first category and in no menu, so no
article page prints its name (none of its articles has Yoast's JSON-LD either): only its
own listing page does, in the archive's <title>. The crawl visits that listing, and the
stored articles must say "Defense Analysis", never "analysis".
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .articles import ZOX
from .build import Writer, article_pages, listings
from .site import Site

ANALYSIS = "analysis"
# Not the slug's title case: a name can only come from the site.
ANALYSIS_TERM = ("Defense Analysis", 15)
# post id -> its categories here (the first stays the one ZoxPress names). Odd ids: no Yoast head.
RECATEGORIZED = {101005: ["military", ANALYSIS], 101017: ["russia", ANALYSIS, "china"]}


def site() -> Site:
    articles = [{**a, "cats": RECATEGORIZED.get(a["id"], a["cats"])} for a in ZOX.articles]
    return replace(
        ZOX,
        categories={**ZOX.categories, ANALYSIS: ANALYSIS_TERM},
        articles=articles,
        unlisted=frozenset({ANALYSIS}),
    )


def build(out: Path) -> Writer:
    """Every page of the site under ``out`` (the replicas' layout)."""
    w = Writer(site(), out)
    (out / "robots.txt").parent.mkdir(parents=True, exist_ok=True)
    (out / "robots.txt").write_text("User-agent: *\nDisallow: /wp-admin/\n", encoding="utf-8")
    listings(w)
    for a in w.site.readable:
        article_pages(w, a, every_comment_page=False)
    return w


def expected_categories() -> dict[int, list[str]]:
    """post id -> its categories' names, from the spec alone (readable, titled articles)."""
    s = site()
    return {a["id"]: [s.categories[c][0] for c in a["cats"]] for a in s.readable}
