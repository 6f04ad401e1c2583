"""Generate a large synthetic replica of 19FortyFive in its ZoxPress markup (for the benchmark).

Layout is the one :mod:`defense_news.replica` serves (``<path>/index.html``),
with links on the real origin (``https://www.19fortyfive.com``); the servers
rewrite the origin to their own address. The markup follows
/work/shared/site-model.md (ZoxPress 1.05.0 on WordPress): category listings
with a featured block and "Page X of Y" pagination, articles with a byline,
tags, author box and threaded comments, some threads split over
``comment-page-N/`` pages (newest page on the bare permalink).

    python bench/generate.py --articles 2000 --out bench/.cache/site-2000
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

ORIGIN = "https://www.19fortyfive.com"
BLOGNAME = "Smart Bombs: Military, Defense and National Security"
CATEGORIES = [
    ("military", "Military"),
    ("politics", "Politics"),
    ("russia", "Russia"),
    ("ukraine", "Ukraine"),
    ("china", "China"),
    ("iran", "Iran"),
    ("north-korea", "North Korea"),
    ("economy", "Economy"),
]
AUTHORS = [
    ("bethany-dawson", "Bethany Dawson"),
    ("harry-kazianis", "Harry J. Kazianis"),
    ("brent-eastwood", "Brent M. Eastwood"),
    ("robert-farley", "Robert Farley"),
    ("stavros-atlamazoglou", "Stavros Atlamazoglou"),
    ("peter-suciu", "Peter Suciu"),
    ("jack-buckby", "Jack Buckby"),
    ("maya-carlin", "Maya Carlin"),
]
COMMENTERS = ["John Smith", "Dave", "Patriot1776", "Anna K.", "Old Sarge", "Mike R", "Ellen", "Vlad", "Tom", "JK"]
_PROSE = (
    "the army navy air force missile tank artillery drone fighter bomber carrier submarine brigade division "
    "front line offensive defense strategy logistics ammunition supply chain budget congress pentagon kremlin "
    "beijing moscow kyiv tehran pyongyang sanctions alliance nato deterrence escalation ceasefire negotiation "
    "analysis report according officials said would could might however because although while during after "
    "before since several many few most important significant military political economic strategic tactical"
)
WORDS = _PROSE.split()
PER_PAGE = 10  # posts_per_page
COMMENTS_PER_PAGE = 5  # top-level threads per comment page, on the articles that page their comments
MENU = "".join(f'<li class="menu-item"><a href="{ORIGIN}/category/{s}/">{n}</a></li>' for s, n in CATEGORIES)
# Chrome repeated on every page: scripts, styles, sidebar widgets (real pages carry a lot of it).
STYLE = "<style>" + "".join(f".zox-x{i}{{margin:{i}px;padding:{i % 7}px}}" for i in range(400)) + "</style>"
SCRIPT = "<script>var zoxData=" + json.dumps({"k": list(range(600))}) + ";</script>"


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def page_html(body_class: str, title: str, content: str, head: str = "") -> str:
    sidebar = "".join(
        f'<div class="zox-side-widget"><h4 class="zox-widget-side-title">Widget {i}</h4>'
        f'<ul><li><a href="#w{i}-{j}">Popular story {i}-{j}</a></li></ul></div>'
        for i in range(6)
        for j in range(1)
    )
    return (
        f'<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>{html.escape(title)} - {BLOGNAME}</title>'
        f'{head}{STYLE}{SCRIPT}</head><body class="{body_class} zox-ent1 zox-s1">'
        '<div id="zox-fly-wrap"><nav class="zox-fly-nav-menu"><ul class="menu">'
        f'{MENU}</ul></nav><span class="zox-fly-soc-head">Connect with us</span><ul class="zox-fly-soc-list"></ul></div>'
        '<div id="zox-site"><div id="zox-search-wrap"><p class="zox-search-p">Hi, what are you looking for?</p>'
        '<div class="zox-search-box"><form method="get" action="/"><input type="text" name="s"></form></div></div>'
        '<div id="zox-site-wall"><div id="zox-lead-top-wrap"></div><div id="zox-site-main">'
        '<header id="zox-main-head-wrap"><div id="zox-bot-head-wrap"><div class="zox-bot-head-logo">'
        f'<div class="zox-bot-head-logo-main"><a href="{ORIGIN}/"><img alt="{BLOGNAME}" src="/logo.png"></a></div>'
        f'<h2 class="zox-logo-title">{BLOGNAME}</h2></div><div class="zox-bot-head-menu"><div class="zox-nav-menu">'
        f'<ul class="menu">{MENU}</ul></div></div></div></header>'
        '<div id="zox-site-grid"><div id="zox-site-wall-small"><div id="zox-main-body-wrap">'
        f'{content}<div id="zox-side-wrap">{sidebar}</div></div>'
        '<footer id="zox-foot-wrap"><div class="zox-foot-menu"></div><div class="zox-foot-copy">'
        "<p>Copyright 2022 19FortyFive</p></div></footer></div></div></div></div></div></body></html>"
    )


class Site:
    def __init__(self, articles: int, seed: int = 45) -> None:
        rng = random.Random(seed)
        self.rng = rng
        start = datetime(2022, 12, 1, 9, 0)
        self.posts = []
        for i in range(articles):
            published = start - timedelta(hours=3 * i)
            cat = CATEGORIES[i % len(CATEGORIES)]
            extra = CATEGORIES[(i * 7 + 3) % len(CATEGORIES)]
            slug = f"story-{i}-" + "-".join(rng.choice(WORDS) for _ in range(3))
            self.posts.append(
                {
                    "id": 100000 + i,
                    "slug": slug,
                    "url": f"{ORIGIN}/{published:%Y/%m}/{slug}/",
                    "title": _sentence(rng, rng.randint(6, 12)).rstrip("."),
                    "published": published,
                    "cats": [cat] if extra == cat else [cat, extra],
                    "author": AUTHORS[i % len(AUTHORS)],
                    "tags": rng.sample(WORDS, 3),
                    "paged": i % 4 == 0,  # a quarter of the threads span several comment pages
                }
            )

    def write(self, out: Path) -> int:
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        count = 0

        def save(url: str, text: str) -> None:
            nonlocal count
            path = out / url.removeprefix(ORIGIN).lstrip("/")
            path.mkdir(parents=True, exist_ok=True)
            (path / "index.html").write_text(text, encoding="utf-8")
            count += 1

        (out / "robots.txt").write_text("User-agent: *\nDisallow: /wp-admin/\n")
        save(f"{ORIGIN}/", self.home())
        for slug, name in CATEGORIES:
            posts = [p for p in self.posts if p["cats"][0][0] == slug]
            featured, rest = posts[:3], posts[3:]
            pages = max(1, -(-len(rest) // PER_PAGE))
            for n in range(1, pages + 1):
                url = f"{ORIGIN}/category/{slug}/" + (f"page/{n}/" if n > 1 else "")
                save(url, self.listing(slug, name, featured, rest[(n - 1) * PER_PAGE : n * PER_PAGE], n, pages))
        for post in self.posts:
            for url, text in self.article_pages(post):
                save(url, text)
        return count

    def home(self) -> str:
        items = "".join(self._card(p, "zox-art-mid") for p in self.posts[:PER_PAGE])
        content = f'<div id="zox-home-main-wrap"><section class="zox-blog-grid">{items}</section></div>'
        return page_html("home page-template-default page", BLOGNAME, content)

    def _card(self, p: dict, kind: str, featured: bool = False) -> str:
        tag = "section" if featured else "article"
        cls = "" if featured else " infinite-post"
        author_slug, author = p["author"]
        return (
            f'<{tag} class="zox-art-wrap zoxrel {kind}{cls}"><div class="zox-art-grid"><div class="zox-art-img">'
            f'<a href="{p["url"]}" rel="bookmark"><img class="zox-reg-img" src="/img/{p["id"]}.jpg"></a></div>'
            f'<div class="zox-art-text"><div class="zox-art-text-cont"><h3 class="zox-s-cat"><span class="zox-s-cat">'
            f'{p["cats"][0][1]}</span></h3><div class="zox-art-title"><a href="{p["url"]}" rel="bookmark">'
            f'<h2 class="zox-s-title2">{p["title"]}</h2></a></div><p class="zox-s-graph">{p["title"]}...</p>'
            f'<div class="zox-byline-wrap"><span class="zox-byline-name"><a href="{ORIGIN}/author/{author_slug}/" '
            f'rel="author">{author}</a></span><span class="zox-byline-date"><i class="far fa-clock"></i>'
            f"{p['published']:%B} {p['published'].day}, {p['published']:%Y}</span></div></div></div></div></{tag}>"
        )

    def listing(self, slug: str, name: str, featured: list, items: list, n: int, pages: int) -> str:
        base = f"{ORIGIN}/category/{slug}/"

        def link(k: int) -> str:
            return base if k == 1 else f"{base}page/{k}/"

        nav = [f"<span>Page {n} of {pages}</span>"]
        if pages > 9 and n > 5:
            nav.append(f"<a href='{link(1)}'>&laquo; First</a>")
        if pages > 9 and n > 1:
            nav.append(f"<a href='{link(n - 1)}'>&lsaquo; Previous</a>")
        for k in range(max(1, n - 4), min(pages, n + 4) + 1):
            nav.append(
                f'<span class="current">{k}</span>' if k == n else f"<a href='{link(k)}' class=\"inactive\">{k}</a>"
            )
        if pages > 9 and n < pages:
            nav.append(f'<a href="{link(n + 1)}">Next &rsaquo;</a>')
        if pages > 9 and n + 3 < pages:
            nav.append(f"<a href='{link(pages)}'>Last &raquo;</a>")
        feat = "".join(self._card(p, "zox-art-mid", featured=True) for p in featured)
        grid = "".join(self._card(p, "zox-art-mid") for p in items)
        content = (
            f'<div id="zox-home-main-wrap" class="zoxrel zox100"><div id="zox-feat-wrap" class="zoxrel">{feat}</div>'
            '<div class="zox-body-width"><div id="zox-home-body-wrap"><div id="zox-main-blog-wrap"><div class="zox-main-blog">'
            f'<section class="zox-blog-grid left zoxrel left zox100 infinite-content zox-divr zox-s1">{grid}</section>'
            '<div class="zox-inf-more-wrap left zoxrel"><div class="zox-nav-links"><div class="pagination">'
            f"{''.join(nav)}</div></div></div></div></div></div></div></div>"
        )
        paged = f" paged paged-{n}" if n > 1 else ""
        return page_html(
            f"archive category category-{slug} category-{CATEGORIES.index((slug, name)) + 2}{paged}", name, content
        )

    # -- articles --------------------------------------------------------------

    def _threads(self, p: dict) -> list[list[tuple[int, int, int | None]]]:
        """Top-level threads: lists of (comment_id, depth, parent_id), about 20 comments in all."""
        rng = random.Random(p["id"])
        threads, next_id, total = [], p["id"] * 100, rng.randint(12, 28)
        while total > 0:
            thread = [(next_id, 1, None)]
            next_id += 1
            total -= 1
            for _ in range(min(total, rng.choice((0, 0, 1, 2, 3)))):
                parent_id, depth, _ = rng.choice(thread)
                if depth < 5:
                    thread.append((next_id, depth + 1, parent_id))
                    next_id += 1
                    total -= 1
            threads.append(thread)
        return threads

    def _comment_tree(self, thread: list[tuple[int, int, int | None]], rng: random.Random, p: dict) -> str:
        children: dict[int | None, list[tuple[int, int, int | None]]] = {}
        for c in thread:
            children.setdefault(c[2], []).append(c)

        def render(c: tuple[int, int, int | None], parity: list[int]) -> str:
            comment_id, depth, _ = c
            parity[0] += 1
            author = COMMENTERS[comment_id % len(COMMENTERS)]
            cite = (
                f'<a href="https://example.org/{comment_id}" class="url" rel="external nofollow ugc">{author}</a>'
                if comment_id % 3 == 0
                else author
            )
            when = p["published"] + timedelta(minutes=7 * (comment_id % 100) + 5)
            hour = when.hour % 12 or 12
            text = "".join(f"<p>{_sentence(rng, rng.randint(6, 25))}</p>" for _ in range(rng.randint(1, 3)))
            kids = children.get(comment_id, [])
            nested = f'<ul class="children">{"".join(render(k, parity) for k in kids)}</ul>' if kids else ""
            thread_cls = (" thread-even" if parity[0] % 2 else " thread-odd") if depth == 1 else ""
            return (
                f'<li class="comment {"even" if parity[0] % 2 else "odd alt"}{thread_cls} depth-{depth}" '
                f'id="li-comment-{comment_id}"><div class="comment-wrapper" id="comment-{comment_id}">'
                '<div class="comment-inner"><div class="comment-avatar"><img alt="" src="https://secure.gravatar.com/avatar/x?s=46" '
                'class="avatar avatar-46 photo" height="46" width="46"></div><div class="commentmeta">'
                f'<p class="comment-meta-1"><cite class="fn">{cite}</cite> </p>'
                f'<p class="comment-meta-2">\n\t\t{when:%B} {when.day}, {when:%Y} at {hour}:{when:%M} '
                f"{when.strftime('%p').lower()}\t</p></div>"
                f'<div class="text"><div class="c">{text}</div></div><div class="clear"></div>'
                '<div class="comment-reply"><span class="reply"><a rel="nofollow" class="comment-reply-link" '
                f'href="{p["url"]}?replytocom={comment_id}#respond">Reply</a></span></div></div></div>{nested}</li>'
            )

        return render(thread[0], [0])

    def article_pages(self, p: dict) -> list[tuple[str, str]]:
        rng = random.Random(p["id"] * 7)
        threads = self._threads(p)
        n_comments = sum(len(t) for t in threads)
        body = "".join(f"<p>{_paragraph(rng)}</p>" for _ in range(rng.randint(8, 14)))
        body = body.replace(
            "</p>", '</p><div class="zox-post-ad-wrap"><span>Advertisement. Scroll to continue reading.</span></div>', 1
        )
        groups = (
            [threads[i : i + COMMENTS_PER_PAGE] for i in range(0, len(threads), COMMENTS_PER_PAGE)]
            if p["paged"]
            else [threads]
        )
        pages = []
        for number, group in enumerate(groups, start=1):
            comments = "".join(self._comment_tree(t, random.Random(t[0][0]), p) for t in group)
            nav = ""
            if len(groups) > 1:
                older = (
                    f'<a href="{p["url"]}comment-page-{number - 1}/#comments">&larr; Older Comments</a>'
                    if number > 1
                    else ""
                )
                newer = (
                    f'<a href="{p["url"]}comment-page-{number + 1}/#comments">Newer Comments &rarr;</a>'
                    if number < len(groups)
                    else ""
                )
                nav = f'<div class="navigation"><div class="nav-previous">{older}</div><div class="nav-next">{newer}</div></div>'
            html_text = self._article(p, body, n_comments, nav + f'<ol class="commentlist">{comments}</ol>' + nav)
            url = p["url"] if number == len(groups) else f"{p['url']}comment-page-{number}/"
            pages.append((url, html_text))
        return pages

    def _article(self, p: dict, body: str, n_comments: int, comment_block: str) -> str:
        (cat_slug, cat_name) = p["cats"][0]
        author_slug, author = p["author"]
        classes = " ".join(
            [f"post-{p['id']} post type-post status-publish format-standard has-post-thumbnail hentry"]
            + [f"category-{s}" for s, _ in p["cats"]]
            + [f"tag-{t}" for t in p["tags"]]
        )
        tags = ", ".join(f'<a href="{ORIGIN}/tag/{t}/" rel="tag">{t.capitalize()}</a>' for t in p["tags"])
        d = p["published"]
        related = "".join(
            f'<div class="zox-art-wrap zox-art-mid"><a href="{q["url"]}" rel="bookmark"><h2>{q["title"]}</h2></a></div>'
            for q in self.posts[:4]
        )
        content = (
            f'<article id="post-{p["id"]}" class="{classes}" itemscope itemtype="http://schema.org/NewsArticle">'
            '<div class="zox-article-wrap zoxrel left zox100">'
            f'<meta itemscope itemprop="mainEntityOfPage" itemType="https://schema.org/WebPage" itemid="{p["url"]}"/>'
            '<div class="zox-post-top-wrap"><div class="zox-post-title-wrap zox-tit2"><div class="zox-post-width">'
            '<header class="zox-post-head-wrap"><div class="zox-post-head">'
            f'<h3 class="zox-post-cat"><a class="zox-post-cat-link" href="{ORIGIN}/category/{cat_slug}/">'
            f'<span class="zox-post-cat">{cat_name}</span></a></h3>'
            f'<h1 class="zox-post-title left entry-title" itemprop="headline">{p["title"]}</h1>'
            '<div class="zox-post-info-wrap"><div class="zox-post-byline-wrap"><div class="zox-author-info-wrap">'
            '<div class="zox-author-name-wrap" itemprop="author" itemscope itemtype="https://schema.org/Person">'
            f'<p>By</p><span class="zox-author-name vcard fn author" itemprop="name"><a href="{ORIGIN}/author/{author_slug}/" '
            f'title="Posts by {author}" rel="author">{author}</a></span></div>'
            '<div class="zox-post-date-wrap"><p>Published</p> <span class="zox-post-date updated">'
            f'<time class="post-date updated" itemprop="datePublished" datetime="{d:%Y-%m-%d}">{d:%B} {d.day}, {d:%Y}</time>'
            f'</span><meta itemprop="dateModified" content="{d:%Y-%m-%d}"/></div></div></div></div></div></header>'
            '</div></div></div><div class="zox-post-main-grid"><div class="zox-post-width"><div class="zox-post-main-wrap">'
            '<div class="zox-post-main"><div class="zox-post-bot-wrap"><div class="zox-post-img-wrap">'
            '<div class="zox-post-img left zoxrel zoxlh0" itemprop="image" itemscope itemtype="https://schema.org/ImageObject">'
            f'<img src="{ORIGIN}/wp-content/uploads/{p["id"]}-1024x576.jpg" class="wp-post-image" alt="">'
            f'<meta itemprop="url" content="{ORIGIN}/wp-content/uploads/{p["id"]}-1024x576.jpg"></div>'
            '<span class="zox-post-img-cap">Image Credit: Creative Commons.</span></div></div>'
            f'<div class="zox-post-body-wrap left zoxrel"><div class="zox-post-body left zoxrel zox100">{body}</div>'
            '<div class="zox-post-body-bot"><div class="zox-post-body-width"><div class="zox-post-tags">'
            f'<span class="zox-post-tags-header">In this article:</span><span itemprop="keywords">{tags}</span></div>'
            '<div class="zox-posts-nav-link"></div><div class="zox-author-box-wrap left zoxrel"><div class="zox-author-box-right">'
            '<div class="zox-author-box-head"><div class="zox-author-box-name-wrap"><span class="zox-author-box-name-head zoxrel">'
            f'Written By</span><span class="zox-author-box-name zoxrel"><a href="{ORIGIN}/author/{author_slug}/" rel="author">'
            f'{author}</a></span></div></div><div class="zox-author-box-text left zoxrel"><p>{author} writes about defense.</p>'
            '</div></div></div><div class="zox-org-wrap" itemprop="publisher" itemscope itemtype="https://schema.org/Organization">'
            f'<meta itemprop="name" content="{BLOGNAME}"></div>'
            f'<div id="zox-comments-button" class="left zoxrel zox-com-click-{p["id"]}"><span class="zox-comment-but-text">'
            f'<i class="fas fa-comment"></i> {n_comments} Comments</span></div>'
            f'<div id="comments" class="zox-com-click-id-{p["id"]} zox-com-click-main">'
            f'<h4 class="zox-post-main-title"><span class="zox-post-main-title">{n_comments} Comments</span></h4>'
            f"{comment_block}"
            '<div id="respond" class="comment-respond"><form action="/wp-comments-post.php" method="post" id="commentform">'
            f"<input type='hidden' name='comment_post_ID' value='{p['id']}' id='comment_post_ID' /></form></div></div>"
            "</div></div></div></div></div></div></div></div>"
            f'<div class="zox-post-more-wrap"><h4 class="zox-post-main-title">More Stories</h4><div class="zox-post-more-grid">'
            f"{related}</div></div></article>"
        )
        body_class = f"post-template-default single single-post postid-{p['id']} single-format-standard"
        head = f'<link rel="canonical" href="{p["url"]}"><link rel="shortlink" href="{ORIGIN}/?p={p["id"]}">'
        return page_html(body_class, p["title"], content, head)


def ensure_site(articles: int, cache: Path) -> Path:
    """The replica for ``articles`` articles, generated once into ``cache``."""
    out = cache / f"site-{articles}"
    marker = out / ".complete"
    if not marker.exists():
        pages = Site(articles).write(out)
        marker.write_text(str(pages))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out or Path(__file__).parent / ".cache" / f"site-{args.articles}"
    pages = Site(args.articles).write(out)
    (out / ".complete").write_text(str(pages))
    print(f"Wrote {pages} pages to {out}")


if __name__ == "__main__":
    main()
