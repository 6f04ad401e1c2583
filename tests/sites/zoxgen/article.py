"""Article page template (post-head, post-img, post-body, post-foot) and its Yoast head."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from . import comments as cm
from .chrome import page, sidebar
from .site import Site, comment_count

AD = (
    '<div class="zox-post-ad-wrap"><span class="zox-post-ad-head">Advertisement. Scroll to continue reading.</span>'
    '<div class="zox-post-ad"><div class="ad-slot" id="div-gpt-ad-1"></div></div></div>'
)


def visible_date(a: dict) -> str:
    d = a["date"]
    return "Smarch 45, 20222" if a.get("broken") == "bad-date" else f"{d:%B} {d.day}, {d:%Y}"


def word_count(text: str) -> int:
    return len(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def utc(site_tz: str, local: datetime) -> datetime:
    """A site-local wall time as naive UTC (the ambiguous hour: the first, daylight-time instant)."""
    aware = local.replace(tzinfo=ZoneInfo(site_tz))
    return (aware - (aware.utcoffset() or timedelta())).replace(tzinfo=None)


def yoast_head(site: Site, a: dict, text: str) -> str:
    names = [site.authors[s][0] for s in a["authors"]]
    pub, mod = utc(site.timezone, a["date"]), utc(site.timezone, a["modified"])
    first = re.search(r"<p>(.*?)</p>", text, re.S)
    desc = html.escape(re.sub(r"<[^>]+>", "", first.group(1) if first else "")[:150], quote=True)
    person_id = f"{site.origin}/#/schema/person/{a['authors'][0]}"
    graph = [
        {
            "@type": "NewsArticle",
            "@id": f"{a['url']}#article",
            "isPartOf": {"@id": a["url"]},
            "author": {"name": names[0], "@id": person_id},
            "headline": html.unescape(a["title"]),
            "datePublished": f"{pub:%Y-%m-%dT%H:%M:%S}+00:00",
            "dateModified": f"{mod:%Y-%m-%dT%H:%M:%S}+00:00",
            "mainEntityOfPage": {"@id": a["url"]},
            "wordCount": word_count(text),
            "commentCount": comment_count(a),
            "publisher": {"@id": f"{site.origin}/#organization"},
            "keywords": [site.tags[t][0] for t in a["tags"]],
            "articleSection": [site.categories[c][0] for c in a["cats"]],
            "inLanguage": "en-US",
        },
        {
            "@type": "WebPage",
            "@id": a["url"],
            "url": a["url"],
            "name": html.unescape(a["title"]) + f" - {site.name}",
            "isPartOf": {"@id": f"{site.origin}/#website"},
            "datePublished": f"{pub:%Y-%m-%dT%H:%M:%S}+00:00",
        },
        {"@type": "Organization", "@id": f"{site.origin}/#organization", "name": site.name, "url": f"{site.origin}/"},
        {"@type": "Person", "@id": person_id, "name": names[0], "url": f"{site.origin}/author/{a['authors'][0]}/"},
    ]
    schema = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return (
        f'<meta name="description" content="{desc}" />\n<meta name="robots" content="index, follow" />\n'
        f'<meta property="og:locale" content="en_US" />\n<meta property="og:type" content="article" />\n'
        f'<meta property="og:title" content="{a["title"]} - {site.name}" />\n'
        f'<meta property="og:url" content="{a["url"]}" />\n<meta property="og:site_name" content="{site.name}" />\n'
        f'<meta property="article:published_time" content="{pub:%Y-%m-%dT%H:%M:%S}+00:00" />\n'
        f'<meta property="article:modified_time" content="{mod:%Y-%m-%dT%H:%M:%S}+00:00" />\n'
        '<meta name="twitter:card" content="summary_large_image" />\n'
        f'<meta name="twitter:label1" content="Written by" />\n<meta name="twitter:data1" content="{names[0]}" />\n'
        f'<script type="application/ld+json" class="yoast-schema-graph">{schema}</script>\n'
    )


def byline(site: Site, a: dict) -> str:
    links = [
        f'<span class="zox-author-name vcard fn author" itemprop="name"><a href="{site.origin}/author/{s}/" '
        f'title="Posts by {site.authors[s][0]}" rel="author">{site.authors[s][0]}</a></span>'
        for s in a["authors"]
    ]
    return " <p>and</p> ".join(links)


def author_boxes(site: Site, a: dict) -> str:
    return "".join(
        '<div class="zox-author-box-wrap left zoxrel"><div class="zox-author-box-img">'
        f"<img alt='' src='https://secure.gravatar.com/avatar/{s}?s=150' class='avatar avatar-150 photo' /></div>"
        '<div class="zox-author-box-right"><div class="zox-author-box-head"><div class="zox-author-box-name-wrap">'
        '<span class="zox-author-box-name-head zoxrel">Written By</span><span class="zox-author-box-name zoxrel">'
        f'<a href="{site.origin}/author/{s}/" title="Posts by {site.authors[s][0]}" rel="author">{site.authors[s][0]}</a></span></div></div>'
        f'<div class="zox-author-box-text left zoxrel"><p>{site.authors[s][1]}</p></div></div></div>'
        for s in a["authors"]
    )


def share(site: Site, a: dict) -> str:
    if not site.share_buttons:  # no companion plugin: the wrapper stays, empty
        return '<div class="zox-post-soc-top-wrap"></div>'
    u = a["url"]
    return (
        '<div class="zox-post-soc-top-wrap"><ul class="zox-post-soc-list">'
        f'<li><a href="https://www.facebook.com/sharer.php?u={u}" target="_blank" rel="noopener">Facebook</a></li>'
        f'<li><a href="https://twitter.com/share?text={html.escape(a["title_text"], quote=True)}&amp;url={u}" '
        'target="_blank" rel="noopener">Twitter</a></li>'
        f'<li><a href="mailto:?subject=19FortyFive&amp;body={u}">Email</a></li></ul></div>'
    )


def related(site: Site, a: dict) -> str:
    pool = [b for b in site.readable if b["id"] != a["id"]]
    i = site.articles.index(a) % len(pool)
    picks = (pool + pool)[i : i + 4]
    return (
        '<div class="zox-post-more-wrap"><div class="zox-post-more-head"><h4 class="zox-post-main-title">'
        '<span class="zox-post-main-title">More Stories</span></h4></div><div class="zox-post-more-grid">'
        + "".join(
            f'<div class="zox-art-wrap zox-art-mid"><div class="zox-art-text"><div class="zox-art-title">'
            f'<a href="{b["url"]}" rel="bookmark"><h2 class="zox-s-title2">{b["title"]}</h2></a></div></div></div>'
            for b in picks
        )
        + "</div></div>"
    )


def render(site: Site, a: dict, comment_threads: list, number: int = 1, total: int = 1, named: bool = False) -> str:
    """One article page: comment page ``number`` of ``total``, requested by its comment-page URL if ``named``."""
    n = comment_count(a)
    text = a["content"]
    if a["comments"] == "password":
        text = (
            f'<form action="{site.origin}/wp-login.php?action=postpass" class="post-password-form" method="post">'
            "<p>This content is password protected. To view it please enter your password below:</p>"
            f'<p><label for="pwbox-{a["id"]}">Password: <input name="post_password" id="pwbox-{a["id"]}" type="password" '
            'size="20" /></label> <input type="submit" name="Submit" value="Enter" /></p></form>'
        )
    d, m = a["date"], a["modified"]
    bad_date = a.get("broken") == "bad-date"
    date_attr = "not-a-date" if bad_date else f"{d:%Y-%m-%d}"
    mod_attr = "not-a-date" if bad_date else f"{m:%Y-%m-%d}"
    cat = a["cats"][0]
    classes = " ".join(
        [f"post-{a['id']} post type-post status-publish format-standard"]
        + (["post-password-required"] if a["comments"] == "password" else [])
        + (["has-post-thumbnail"] if a["image"] else [])
        + ["hentry"]
        + [f"category-{c}" for c in a["cats"]]
        + [f"tag-{t}" for t in a["tags"]]
    )
    h1 = (
        ""
        if a.get("broken") == "no-title"
        else f'<h1 class="zox-post-title left entry-title" itemprop="headline">{a["title"]}</h1>\n'
    )
    excerpt = f'<span class="zox-post-excerpt"><p>{a["excerpt"]}</p></span>\n' if a["excerpt"] else ""
    img_url = f"{site.origin}/wp-content/uploads/{d:%Y/%m}/{a['slug']}-1024x576.jpg"
    img = (
        '<div class="zox-post-img left zoxrel zoxlh0" itemprop="image" itemscope itemtype="https://schema.org/ImageObject">'
        f'<img width="1024" height="576" src="{img_url}" class="attachment-zox-post-thumb size-zox-post-thumb '
        f'wp-post-image flipboard-image" alt="" /><meta itemprop="url" content="{img_url}">'
        '<meta itemprop="width" content="1024"><meta itemprop="height" content="576"></div>'
        if a["image"]
        else ""
    )
    caption = "Image: Creative Commons." if a["image"] else ""
    button = (
        ""
        if a["comments"] == "closed"
        else f'<div id="zox-comments-button" class="left zoxrel zox-com-click-{a["id"]} zox-com-but-{a["id"]}">'
        f'<span class="zox-comment-but-text"><i class="fas fa-comment"></i> {cm.count_text(n)}</span></div>\n'
    )
    tags = ", ".join(f'<a href="{site.origin}/tag/{t}/" rel="tag">{site.tags[t][0]}</a>' for t in a["tags"])
    content = (
        f'<article id="post-{a["id"]}" class="{classes}" itemscope itemtype="http://schema.org/NewsArticle">\n'
        '<div class="zox-article-wrap zoxrel left zox100">\n'
        f'<meta itemscope itemprop="mainEntityOfPage" itemType="https://schema.org/WebPage" itemid="{a["url"]}"/>\n'
        '<div class="zox-post-top-wrap"><div class="zox-post-title-wrap zox-tit2"><div class="zox-post-width">'
        '<header class="zox-post-head-wrap"><div class="zox-post-head">\n'
        f'<h3 class="zox-post-cat"><a class="zox-post-cat-link" href="{site.origin}/category/{cat}/">'
        f'<span class="zox-post-cat">{site.categories[cat][0]}</span></a></h3>\n{h1}{excerpt}'
        '<div class="zox-post-info-wrap"><div class="zox-post-byline-wrap">'
        f"<div class=\"zox-author-thumb\"><img alt='' src='https://secure.gravatar.com/avatar/{a['authors'][0]}?s=40' "
        "class='avatar avatar-40 photo' /></div><div class=\"zox-author-info-wrap\">"
        '<div class="zox-author-name-wrap" itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f"<p>By</p>{byline(site, a)}</div>\n"
        '<div class="zox-post-date-wrap"><p>Published</p> <span class="zox-post-date updated">'
        f'<time class="post-date updated" itemprop="datePublished" datetime="{date_attr}">{visible_date(a)}</time></span>'
        f'<meta itemprop="dateModified" content="{mod_attr}"/></div></div></div>{share(site, a)}</div>'
        "</div></header></div></div></div>\n"
        '<div class="zox-post-main-grid"><div class="zox-post-width"><div class="zox-post-main-wrap"><div class="zox-post-main">'
        f'<div class="zox-post-bot-wrap"><div class="zox-post-img-wrap">{img}'
        f'<span class="zox-post-img-cap">{caption}</span></div></div>\n'
        f'<div class="zox-post-body-wrap left zoxrel"><div class="zox-post-body left zoxrel zox100">\n{text}\n</div>\n'
        '<div class="zox-post-body-bot"><div class="zox-post-body-width"><div class="zox-post-tags">'
        f'<span class="zox-post-tags-header">In this article:</span><span itemprop="keywords">{tags}</span></div>'
        f'<div class="zox-posts-nav-link"></div>{author_boxes(site, a)}'
        '<div class="zox-org-wrap" itemprop="publisher" itemscope itemtype="https://schema.org/Organization">'
        f'<meta itemprop="name" content="{site.blogname}"></div>\n{button}{cm.block(site, a, comment_threads, number, total)}'
        f'</div></div></div></div></div><div class="zox-post-side-wrap zox-post-side-noalp zoxrel zox-sticky-side">'
        f"{sidebar(site)}</div></div></div></div>\n{related(site, a)}</article>\n"
    )
    body_class = f"post-template-default single single-post postid-{a['id']} single-format-standard" + (
        " post-password-required" if a["comments"] == "password" else ""
    )
    # core's rel_canonical(): a comment page names itself (zox's model: always the permalink)
    here = f"{a['url']}comment-page-{number}/#comments" if named and site.core_comment_links else a["url"]
    head = (
        f'<link rel="canonical" href="{here}" />\n<link rel="shortlink" href="{site.origin}/?p={a["id"]}" />\n'
        f'<link rel="alternate" type="application/json" href="{site.origin}/wp-json/wp/v2/posts/{a["id"]}" />\n'
        f'<link rel="alternate" type="application/rss+xml" title="{site.name} &raquo; {a["title"]} Comments Feed" '
        f'href="{a["url"]}feed/" />\n'
    )
    if a["yoast"] and a.get("broken") != "no-title":
        head = yoast_head(site, a, text) + head
    title = "" if a.get("broken") == "no-title" else site.title(a["title"])
    return page(site, body_class, title, content, head)
