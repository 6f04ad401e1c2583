"""Archive templates: category (featured block + grid + pagination), tag, author, home."""

from __future__ import annotations

from collections.abc import Iterator

from .article import visible_date
from .chrome import page, sidebar
from .site import Site


def card(site: Site, a: dict, featured: bool = False, kind: str = "zox-art-mid") -> str:
    s = a["authors"][0]
    name = site.authors[s][0]
    # wp_trim_words(get_the_excerpt(), 24): the manual excerpt, else the text of the_content
    # ("auto_excerpt"); the zox replica's content prints a placeholder instead.
    source = a["excerpt"] or a.get("auto_excerpt") or "Analysis of the week in defense and national security news."
    words = " ".join(source.split()[:24])
    text = (
        '<div class="zox-art-text"><div class="zox-art-text-cont">'
        f'<h3 class="zox-s-cat"><span class="zox-s-cat">{site.categories[a["cats"][0]][0]}</span></h3>'
        f'<div class="zox-art-title"><a href="{a["url"]}" rel="bookmark">'
        f'<h2 class="{"zox-s-title1" if featured else "zox-s-title2"}">{a["title"]}</h2></a></div>'
        f'<p class="zox-s-graph">{words}...</p><div class="zox-byline-wrap"><span class="zox-byline-name">'
        f'<a href="{site.origin}/author/{s}/" title="Posts by {name}" rel="author">{name}</a></span>'
        f'<span class="zox-byline-date"><i class="far fa-clock"></i>{visible_date(a)}</span></div></div></div>'
    )
    img = (
        f'<div class="zox-art-img zoxrel zox100 zoxlh0"><a href="{a["url"]}" rel="bookmark">'
        f'<img class="zox-reg-img" src="{site.origin}/wp-content/uploads/{a["date"]:%Y/%m}/{a["slug"]}-600x337.jpg" alt="" />'
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


def wrap(site: Site, feat: str, grid: str, nav: str, heading: str = "") -> str:
    return (
        '<div id="zox-home-main-wrap" class="zoxrel zox100">'
        + (f'<div id="zox-feat-wrap" class="zoxrel">{feat}</div>' if feat else "")
        + f'<div class="zox-body-width">{heading}<div id="zox-home-body-wrap"><div id="zox-home-cont-wrap">'
        '<div id="zox-main-blog-wrap"><div class="zox-main-blog">'
        f'<section class="zox-blog-grid left zoxrel left zox100 infinite-content zox-divr zox-s1">\n{grid}</section>'
        f'<div class="zox-inf-more-wrap left zoxrel">{nav}</div></div></div>'
        f'<div class="zox-home-right-wrap zox-sticky-side zoxrel">{sidebar(site)}</div></div></div></div></div>'
    )


def paged(site: Site, items: list, base: str) -> Iterator[tuple[str, int, int, list]]:
    """(url, n, pages, chunk) for a listing split per_page per page (at least one page)."""
    size = site.per_page
    pages = max(1, -(-len(items) // size))
    for n in range(1, pages + 1):
        url = base if n == 1 else f"{base}page/{n}/"
        yield url, n, pages, items[(n - 1) * size : n * size]


def canonical(site: Site, url: str) -> str:
    return f'<link rel="canonical" href="{url}" />\n' if site.seo_plugin else ""


def archive_title(site: Site, name: str, n: int, pages: int, yoast: str) -> str:
    """An archive's <title>: Yoast's pattern (``yoast`` holds {name}) or core's ("Name – Page 2 – Site")."""
    if site.seo_plugin:
        return site.title(yoast.format(name=name))
    return site.title(name, *([f"Page {n}"] if n > 1 else []))


def category_pages(site: Site, slug: str) -> Iterator[tuple[str, str]]:
    name, term = site.categories[slug]
    posts = site.in_category(slug)
    featured = posts[:3]
    feat = "".join(card(site, a, True, "" if i == 0 else "zox-art-mid") for i, a in enumerate(featured))
    base = f"{site.origin}/category/{slug}/"
    if site.grid_skips_featured:  # the main query's pages, the featured posts skipped ($do_not_duplicate)
        pages_of = [
            (url, n, pages, [a for a in chunk if a not in featured])
            for url, n, pages, chunk in paged(site, posts, base)
        ]
    else:
        pages_of = list(paged(site, posts[3:], base))
    for url, n, pages, chunk in pages_of:
        extra = canonical(site, url)
        cls = f"archive category category-{slug} category-{term}" + (
            f" paged paged-{n} category-paged-{n}" if n > 1 else ""
        )
        if site.seo_plugin and n > 1:
            title = site.title(f"{name} Archives - Page {n} of {pages}")
        else:
            title = archive_title(site, name, n, pages, "{name} Archives")
        body = wrap(site, feat, "".join(card(site, a) for a in chunk), pagination(base, n, pages))
        yield url, page(site, cls, title, body, extra)


def tag_pages(site: Site, slug: str) -> Iterator[tuple[str, str]]:
    name, term = site.tags[slug]
    posts = [a for a in site.newest() if slug in a["tags"]]
    base = f"{site.origin}/tag/{slug}/"
    heading = f'<div class="zox-post-head"><h1 class="zox-post-title">All posts tagged "{name}"</h1></div>'
    for url, n, pages, chunk in paged(site, posts, base):
        cls = f"archive tag tag-{slug} tag-{term}" + (f" paged paged-{n} tag-paged-{n}" if n > 1 else "")
        body = wrap(site, "", "".join(card(site, a) for a in chunk), pagination(base, n, pages), heading)
        title = site.title(f"{name} Archives") if site.seo_plugin else archive_title(site, name, n, pages, "")
        yield url, page(site, cls, title, body, canonical(site, url))


def author_pages(site: Site, slug: str) -> Iterator[tuple[str, str]]:
    name, bio = site.authors[slug]
    uid = site.author_ids[slug]
    posts = [a for a in site.newest() if slug in a["authors"]]
    base = f"{site.origin}/author/{slug}/"
    heading = (
        f'<div class="zox-author-top-wrap"><h1 class="zox-author-top-head">{name}</h1>'
        f'<span class="zox-author-page-desc">{bio}</span></div>'
    )
    for url, n, pages, chunk in paged(site, posts, base):
        cls = f"archive author author-{slug} author-{uid}" + (f" paged paged-{n} author-paged-{n}" if n > 1 else "")
        body = wrap(site, "", "".join(card(site, a) for a in chunk), pagination(base, n, pages), heading)
        title = f"{name}, Author at {site.name}" if site.seo_plugin else archive_title(site, name, n, pages, "")
        yield url, page(site, cls, title, body, canonical(site, url))


def home_pages(site: Site) -> Iterator[tuple[str, str]]:
    """The front page: the "Home" page template (featured block + latest posts), else the blog index."""
    posts = site.newest()
    if site.home_template:
        feat = "".join(card(site, a, True, "" if i == 0 else "zox-art-mid") for i, a in enumerate(posts[:3]))
        grid = "".join(
            card(site, a, kind="zox-art-main" if i == 0 else "zox-art-mid") for i, a in enumerate(posts[3:11])
        )
        yield (
            f"{site.origin}/",
            page(
                site,
                "home page-template page-template-page-home page-template-page-home-php page page-id-2",
                f"{site.name} - {site.blogname}",
                wrap(site, feat, grid, ""),
                f'<link rel="canonical" href="{site.origin}/" />\n',
                front=True,
            ),
        )
        return
    # index.php: the main query, every item an art-mid card, no featured block (site model g2)
    base = f"{site.origin}/"
    for url, n, pages, chunk in paged(site, posts, base):
        cls = "home blog" + (f" paged paged-{n}" if n > 1 else "")
        title = " &#8211; ".join(
            [site.name, *([f"Page {n}"] if n > 1 else []), *([site.tagline] if site.tagline else [])]
        )
        body = wrap(site, "", "".join(card(site, a) for a in chunk), pagination(base, n, pages))
        # core prints rel=canonical on singular pages only
        yield url, page(site, cls, title, body, "", front=True)
