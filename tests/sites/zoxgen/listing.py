"""Archive templates: category (featured block + grid + pagination), tag, author, home."""

from __future__ import annotations

from .article import visible_date
from .articles import ARTICLES
from .chrome import page, sidebar
from .content import AUTHORS, BLOGNAME, CATEGORIES, ORIGIN, PER_PAGE, SITE, TAGS


def card(a: dict, featured: bool = False, kind: str = "zox-art-mid") -> str:
    s = a["authors"][0]
    name = AUTHORS[s][0]
    words = " ".join((a["excerpt"] or "Analysis of the week in defense and national security news.").split()[:24])
    text = (
        '<div class="zox-art-text"><div class="zox-art-text-cont">'
        f'<h3 class="zox-s-cat"><span class="zox-s-cat">{CATEGORIES[a["cats"][0]][0]}</span></h3>'
        f'<div class="zox-art-title"><a href="{a["url"]}" rel="bookmark">'
        f'<h2 class="{"zox-s-title1" if featured else "zox-s-title2"}">{a["title"]}</h2></a></div>'
        f'<p class="zox-s-graph">{words}...</p><div class="zox-byline-wrap"><span class="zox-byline-name">'
        f'<a href="{ORIGIN}/author/{s}/" title="Posts by {name}" rel="author">{name}</a></span>'
        f'<span class="zox-byline-date"><i class="far fa-clock"></i>{visible_date(a)}</span></div></div></div>'
    )
    img = (
        f'<div class="zox-art-img zoxrel zox100 zoxlh0"><a href="{a["url"]}" rel="bookmark">'
        f'<img class="zox-reg-img" src="{ORIGIN}/wp-content/uploads/{a["date"]:%Y/%m}/{a["slug"]}-600x337.jpg" alt="" />'
        "</a></div>"
    )
    if featured:
        return f'<section class="zox-art-wrap zoxrel {kind}">{img if a["image"] else ""}{text}</section>'
    inner = (
        f'<div class="zox-art-grid">{img}{text}</div>'
        if a["image"]
        else text.replace('"zox-art-text"', '"zox-art-text zox-art-text2"', 1)
    )
    return f'<article class="zox-art-wrap zoxrel {kind} infinite-post">{inner}</article>\n'


def pagination(base: str, n: int, pages: int) -> str:
    if pages < 2:
        return ""

    def link(k: int) -> str:
        return base if k == 1 else f"{base}page/{k}/"

    out = [f"<span>Page {n} of {pages}</span>"]
    for k in range(max(1, n - 4), min(pages, n + 4) + 1):
        out.append(f'<span class="current">{k}</span>' if k == n else f"<a href='{link(k)}' class=\"inactive\">{k}</a>")
    return f'<div class="zox-nav-links"><div class="pagination">{"".join(out)}</div></div>'


def wrap(feat: str, grid: str, nav: str, heading: str = "") -> str:
    return (
        '<div id="zox-home-main-wrap" class="zoxrel zox100">'
        + (f'<div id="zox-feat-wrap" class="zoxrel">{feat}</div>' if feat else "")
        + f'<div class="zox-body-width">{heading}<div id="zox-home-body-wrap"><div id="zox-home-cont-wrap">'
        '<div id="zox-main-blog-wrap"><div class="zox-main-blog">'
        f'<section class="zox-blog-grid left zoxrel left zox100 infinite-content zox-divr zox-s1">\n{grid}</section>'
        f'<div class="zox-inf-more-wrap left zoxrel">{nav}</div></div></div>'
        f'<div class="zox-home-right-wrap zox-sticky-side zoxrel">{sidebar()}</div></div></div></div></div>'
    )


def paged(items: list, base: str):
    """(url, n, pages, chunk) for a listing split PER_PAGE per page (at least one page)."""
    pages = max(1, -(-len(items) // PER_PAGE))
    for n in range(1, pages + 1):
        url = base if n == 1 else f"{base}page/{n}/"
        yield url, n, pages, items[(n - 1) * PER_PAGE : n * PER_PAGE]


def category_pages(slug: str, posts: list[dict]):
    name, term = CATEGORIES[slug]
    featured, rest = posts[:3], posts[3:]
    feat = "".join(card(a, True, "" if i == 0 else "zox-art-mid") for i, a in enumerate(featured))
    base = f"{ORIGIN}/category/{slug}/"
    for url, n, pages, chunk in paged(rest, base):
        extra = f'<link rel="canonical" href="{url}" />\n'
        cls = f"archive category category-{slug} category-{term}" + (
            f" paged paged-{n} category-paged-{n}" if n > 1 else ""
        )
        title = f"{name} Archives - {SITE}" if n == 1 else f"{name} Archives - Page {n} of {pages} - {SITE}"
        yield url, page(cls, title, wrap(feat, "".join(card(a) for a in chunk), pagination(base, n, pages)), extra)


def tag_pages(slug: str, posts: list[dict], term: int):
    name = TAGS[slug]
    base = f"{ORIGIN}/tag/{slug}/"
    heading = f'<div class="zox-post-head"><h1 class="zox-post-title">All posts tagged "{name}"</h1></div>'
    for url, n, pages, chunk in paged(posts, base):
        cls = f"archive tag tag-{slug} tag-{term}" + (f" paged paged-{n} tag-paged-{n}" if n > 1 else "")
        body = wrap("", "".join(card(a) for a in chunk), pagination(base, n, pages), heading)
        yield url, page(cls, f"{name} Archives - {SITE}", body, f'<link rel="canonical" href="{url}" />\n')


def author_pages(slug: str, posts: list[dict], uid: int):
    name, bio = AUTHORS[slug]
    base = f"{ORIGIN}/author/{slug}/"
    heading = (
        f'<div class="zox-author-top-wrap"><h1 class="zox-author-top-head">{name}</h1>'
        f'<span class="zox-author-page-desc">{bio}</span></div>'
    )
    for url, n, pages, chunk in paged(posts, base):
        cls = f"archive author author-{slug} author-{uid}" + (f" paged paged-{n} author-paged-{n}" if n > 1 else "")
        body = wrap("", "".join(card(a) for a in chunk), pagination(base, n, pages), heading)
        yield url, page(cls, f"{name}, Author at {SITE}", body, f'<link rel="canonical" href="{url}" />\n')


def home() -> str:
    posts = sorted(ARTICLES, key=lambda a: a["date"], reverse=True)
    feat = "".join(card(a, True, "" if i == 0 else "zox-art-mid") for i, a in enumerate(posts[:3]))
    grid = "".join(card(a, kind="zox-art-main" if i == 0 else "zox-art-mid") for i, a in enumerate(posts[3:11]))
    return page(
        "home page-template page-template-page-home page-template-page-home-php page page-id-2",
        f"{SITE} - {BLOGNAME}",
        wrap(feat, grid, ""),
        f'<link rel="canonical" href="{ORIGIN}/" />\n',
        front=True,
    )
