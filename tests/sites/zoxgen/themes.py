"""The themes content set (tests/sites/themes/expected.json, WordPress's database) as a ZoxPress site.

``expected.json`` holds the posts and comments as WordPress stored and rendered them (``the_content``,
``comment_text``, local and UTC dates, comment pages). The term and user ids, tag slugs and the
tagline are not in it; they are read from the twentytwentyone capture of the same database, where
core prints them (body classes, ``rel=tag`` links, the home page's title).
"""

from __future__ import annotations

import filecmp
import html
import json
import re
import shutil
from datetime import datetime
from pathlib import Path

from .site import Site

THEMES = Path(__file__).resolve().parent.parent / "themes"
STOCK = THEMES / "twentytwentyone"  # any stock capture: core prints the same ids in every theme
ORIGIN = "https://www.19fortyfive.com"
# Core's own output, the same whatever the theme: copied from a stock capture, checked identical in
# every stock theme's folder. The feeds too, except in themes that filter the excerpt (twentytwentyone
# appends "Continue reading" to the feeds' <description>); ZoxPress 1.05.0 adds no excerpt filter.
CORE_FILES = (
    "robots.txt",
    "wp-sitemap.xml",
    "wp-sitemap-posts-post-1.xml",
    "wp-sitemap-posts-page-1.xml",
    "wp-sitemap-taxonomies-category-1.xml",
    "wp-sitemap-taxonomies-post_tag-1.xml",
    "wp-sitemap-users-1.xml",
)
CORE_SOURCE = THEMES / "twentytwentythree"  # a block theme: no PHP filters of its own
EXCERPT_FILTERS = {"twentytwentyone"}


def _stock(path: str) -> str:
    return (STOCK / path.lstrip("/") / "index.html").read_text(encoding="utf-8")


def _term_id(kind: str, slug: str) -> int:
    """The id in core's archive body class (``category-military category-2``)."""
    found = re.search(
        rf'<body class="archive {kind} {kind}-{re.escape(slug)} {kind}-(\d+)\b', _stock(f"/{kind}/{slug}/")
    )
    assert found, f"no {kind} id for {slug}"
    return int(found.group(1))


def _local(iso: str) -> datetime:
    """The site-local wall time of an ISO timestamp with its offset (naive, as WordPress's post_date)."""
    return datetime.fromisoformat(iso).replace(tzinfo=None)


def site() -> Site:
    data = json.loads((THEMES / "expected.json").read_text(encoding="utf-8"))
    options, posts = data["options"], data["posts"]
    if data["hidden_posts"] or data["hidden_comments"] or options["sticky_posts"]:
        raise SystemExit("hidden or sticky posts: the templates do not print those yet")
    tag_slugs: dict[str, str] = {}  # name as printed -> slug, from the stock theme's rel=tag links
    for post in posts:
        for href, name in re.findall(r'<a href="[^"]*/tag/([^/"]+)/" rel="tag">([^<]*)</a>', _stock(post["path"])):
            tag_slugs[name] = href
    categories: dict[str, tuple[str, int]] = {}
    authors: dict[str, tuple[str, str]] = {}
    author_ids: dict[str, int] = {}
    nicename_of: dict[int, str] = {}
    for post in posts:
        for slug, name in sorted(zip(post["category_slugs"], post["categories"], strict=True)):
            categories[slug] = (html.escape(name, quote=False), _term_id("category", slug))
        nice = post["author_nicename"]
        authors[nice] = (post["author"], "")  # no biographies in this content set
        found = re.search(rf"\bauthor-{nice} author-(\d+)\b", _stock(f"/author/{nice}/"))
        assert found, nice
        author_ids[nice] = int(found.group(1))
        nicename_of[author_ids[nice]] = nice
    tags = {
        tag_slugs[html.escape(name, quote=False)]: (html.escape(name, quote=False), 0)
        for post in posts
        for name in post["tags"]
    }
    tags = {slug: (name, _term_id("tag", slug)) for slug, (name, _) in sorted(tags.items())}
    articles = [_article(post, tag_slugs, nicename_of) for post in posts]
    tagline = re.search(r"<title>[^<]* &#8211; ([^<]*)</title>", _stock("/"))
    result = Site(
        origin=ORIGIN,
        name=options["blogname"],
        blogname=options["blogname"],
        categories=dict(sorted(categories.items())),
        authors=dict(sorted(authors.items())),
        tags=tags,
        articles=articles,
        per_page=int(options["posts_per_page"]),
        comments_per_page=int(options["comments_per_page"]),
        paged_threads=None,
        timezone=options["timezone_string"],
        author_ids=author_ids,
        tagline=tagline.group(1) if tagline else "",
        seo_plugin=False,
        menu=False,  # no menu assigned (site model g1)
        social=False,
        share_buttons=False,
        sidebar_widgets=False,  # the site has no widgets (the stock themes print "no-widgets")
        copyright="",
        home_template=options["show_on_front"] != "posts",
        grid_skips_featured=True,
        core_comment_links=True,
    )
    _check_pages(result, posts)
    return result


def _article(post: dict, tag_slugs: dict[str, str], nicename_of: dict[int, str]) -> dict:
    if post["password"] or post["featured_image"] is not None:
        raise SystemExit(f"{post['path']}: protected posts and featured images are not mapped yet")
    thread = [
        (
            c["id"],
            c["parent"],
            html.escape(c["author"], quote=False),
            c["author_url"],
            _local(c["date_local"]),
            c["content_html"],
        )
        for c in post["comments"]
    ]
    return {
        "id": post["id"],
        "slug": post["slug"],
        "url": ORIGIN + post["path"],
        "title": post["title_rendered"],
        "title_text": html.unescape(post["title_rendered"]),
        "date": _local(post["date_local"]),
        "modified": _local(post["modified_local"]),
        "cats": post["category_slugs"],
        "tags": [tag_slugs[html.escape(name, quote=False)] for name in post["tags"]],
        "authors": [post["author_nicename"]],
        "image": False,
        "excerpt": None,
        "yoast": False,
        "comments": post["comment_status"],  # open | closed
        "thread": thread,
        "commenters": {c["id"]: nicename_of[c["user_id"]] for c in post["comments"] if c["user_id"]},
        "hidden_count": 0,
        "special": "",
        "body": "default",
        "content": post["content_html"],
        "auto_excerpt": re.sub(r"<[^>]+>", " ", post["content_html"]),
    }


def _check_pages(site: Site, posts: list[dict]) -> None:
    """The comment pages the templates print are the ones WordPress computed."""
    from .comments import comment_pages

    for post, a in zip(posts, site.articles, strict=True):
        pages = comment_pages(site, a) if a["thread"] else []
        assert len(pages) == post["comment_pages"], post["path"]
        page_of = {c[0]: n for n, group in enumerate(pages, start=1) for t in group for c in t}
        assert page_of == {c["id"]: c["page"] for c in post["comments"]}, post["path"]


def copy_core_files(out: Path) -> None:
    """robots.txt, the sitemaps and the feeds: core's output, the same through ZoxPress."""
    stock = [p for p in THEMES.iterdir() if p.is_dir() and p.name != "zoxpress"]
    feeds = sorted(str(p.relative_to(CORE_SOURCE)) for p in CORE_SOURCE.rglob("index.xml") if "feed" in p.parts)
    for name in (*CORE_FILES, *feeds):
        for other in stock:
            if name in feeds and other.name in EXCERPT_FILTERS:
                continue
            if not filecmp.cmp(CORE_SOURCE / name, other / name, shallow=False):
                raise SystemExit(f"{other.name}/{name} differs from {CORE_SOURCE.name}'s: not core's output alone")
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORE_SOURCE / name, out / name)
