"""Article page template (post-head, post-img, post-body, post-foot) and its Yoast head."""

from __future__ import annotations

import html
import json
import re

from . import comments as cm
from .articles import ARTICLES, BAD_DATE, MISSING, NO_TITLE, comment_count
from .chrome import page, sidebar
from .content import AUTHORS, BLOGNAME, CATEGORIES, ORIGIN, PROSE, SITE, TAGS, utc

AD = (
    '<div class="zox-post-ad-wrap"><span class="zox-post-ad-head">Advertisement. Scroll to continue reading.</span>'
    '<div class="zox-post-ad"><div class="ad-slot" id="div-gpt-ad-1"></div></div></div>'
)


def visible_date(a: dict) -> str:
    d = a["date"]
    return "Smarch 45, 20222" if a["id"] == BAD_DATE else f"{d:%B} {d.day}, {d:%Y}"


def body(a: dict) -> str:
    k = a["id"] % len(PROSE)
    paras = [f"<p>{PROSE[(k + i) % len(PROSE)]}</p>" for i in range(6)]
    parts = [*paras[:2], AD, *paras[2:4]]
    if a["body"] == "rich":
        parts += [
            "<h2>What the Numbers Say</h2>",
            "<ul>\n<li>Procurement: $1.7 trillion</li>\n<li>Sustainment: 66 years</li>\n<li>Allies: 14</li>\n</ul>",
            '<blockquote class="wp-block-quote"><p>Quantity has a quality all its own.</p><cite>Attributed</cite></blockquote>',
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
        ]
    elif a["id"] % 3 == 0:
        parts.append("<h2>The Bottom Line</h2>")
    parts += paras[4:]
    parts.append(
        f'<p><em>{AUTHORS[a["authors"][0]][1]}</em> <a href="https://twitter.com/19FortyFive">Follow us on Twitter</a>.</p>'
    )
    return "\n".join(parts)


def word_count(text: str) -> int:
    return len(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def yoast_head(a: dict, text: str) -> str:
    names = [AUTHORS[s][0] for s in a["authors"]]
    pub, mod = utc(a["date"]), utc(a["modified"])
    desc = html.escape(re.sub(r"<[^>]+>", "", PROSE[a["id"] % len(PROSE)])[:150], quote=True)
    person_id = f"{ORIGIN}/#/schema/person/{a['authors'][0]}"
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
            "publisher": {"@id": f"{ORIGIN}/#organization"},
            "keywords": [TAGS[t] for t in a["tags"]],
            "articleSection": [CATEGORIES[c][0] for c in a["cats"]],
            "inLanguage": "en-US",
        },
        {
            "@type": "WebPage",
            "@id": a["url"],
            "url": a["url"],
            "name": html.unescape(a["title"]) + f" - {SITE}",
            "isPartOf": {"@id": f"{ORIGIN}/#website"},
            "datePublished": f"{pub:%Y-%m-%dT%H:%M:%S}+00:00",
        },
        {"@type": "Organization", "@id": f"{ORIGIN}/#organization", "name": SITE, "url": f"{ORIGIN}/"},
        {"@type": "Person", "@id": person_id, "name": names[0], "url": f"{ORIGIN}/author/{a['authors'][0]}/"},
    ]
    schema = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    return (
        f'<meta name="description" content="{desc}" />\n<meta name="robots" content="index, follow" />\n'
        f'<meta property="og:locale" content="en_US" />\n<meta property="og:type" content="article" />\n'
        f'<meta property="og:title" content="{a["title"]} - {SITE}" />\n'
        f'<meta property="og:url" content="{a["url"]}" />\n<meta property="og:site_name" content="{SITE}" />\n'
        f'<meta property="article:published_time" content="{pub:%Y-%m-%dT%H:%M:%S}+00:00" />\n'
        f'<meta property="article:modified_time" content="{mod:%Y-%m-%dT%H:%M:%S}+00:00" />\n'
        '<meta name="twitter:card" content="summary_large_image" />\n'
        f'<meta name="twitter:label1" content="Written by" />\n<meta name="twitter:data1" content="{names[0]}" />\n'
        f'<script type="application/ld+json" class="yoast-schema-graph">{schema}</script>\n'
    )


def byline(a: dict) -> str:
    links = [
        f'<span class="zox-author-name vcard fn author" itemprop="name"><a href="{ORIGIN}/author/{s}/" '
        f'title="Posts by {AUTHORS[s][0]}" rel="author">{AUTHORS[s][0]}</a></span>'
        for s in a["authors"]
    ]
    return " <p>and</p> ".join(links)


def author_boxes(a: dict) -> str:
    return "".join(
        '<div class="zox-author-box-wrap left zoxrel"><div class="zox-author-box-img">'
        f"<img alt='' src='https://secure.gravatar.com/avatar/{s}?s=150' class='avatar avatar-150 photo' /></div>"
        '<div class="zox-author-box-right"><div class="zox-author-box-head"><div class="zox-author-box-name-wrap">'
        '<span class="zox-author-box-name-head zoxrel">Written By</span><span class="zox-author-box-name zoxrel">'
        f'<a href="{ORIGIN}/author/{s}/" title="Posts by {AUTHORS[s][0]}" rel="author">{AUTHORS[s][0]}</a></span></div></div>'
        f'<div class="zox-author-box-text left zoxrel"><p>{AUTHORS[s][1]}</p></div></div></div>'
        for s in a["authors"]
    )


def share(a: dict) -> str:
    u = a["url"]
    return (
        '<div class="zox-post-soc-top-wrap"><ul class="zox-post-soc-list">'
        f'<li><a href="https://www.facebook.com/sharer.php?u={u}" target="_blank" rel="noopener">Facebook</a></li>'
        f'<li><a href="https://twitter.com/share?text={html.escape(a["title_text"], quote=True)}&amp;url={u}" '
        'target="_blank" rel="noopener">Twitter</a></li>'
        f'<li><a href="mailto:?subject=19FortyFive&amp;body={u}">Email</a></li></ul></div>'
    )


def related(a: dict) -> str:
    pool = [b for b in ARTICLES if b["id"] not in (a["id"], MISSING)]
    i = ARTICLES.index(a) % len(pool)
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


def render(a: dict, comment_threads, number: int = 1, total: int = 1) -> str:
    """One article page (one comment page of it)."""
    n = comment_count(a)
    text = body(a)
    if a["comments"] == "password":
        text = (
            f'<form action="{ORIGIN}/wp-login.php?action=postpass" class="post-password-form" method="post">'
            "<p>This content is password protected. To view it please enter your password below:</p>"
            f'<p><label for="pwbox-{a["id"]}">Password: <input name="post_password" id="pwbox-{a["id"]}" type="password" '
            'size="20" /></label> <input type="submit" name="Submit" value="Enter" /></p></form>'
        )
    d, m = a["date"], a["modified"]
    date_attr = "not-a-date" if a["id"] == BAD_DATE else f"{d:%Y-%m-%d}"
    mod_attr = "not-a-date" if a["id"] == BAD_DATE else f"{m:%Y-%m-%d}"
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
        if a["id"] == NO_TITLE
        else f'<h1 class="zox-post-title left entry-title" itemprop="headline">{a["title"]}</h1>\n'
    )
    excerpt = f'<span class="zox-post-excerpt"><p>{a["excerpt"]}</p></span>\n' if a["excerpt"] else ""
    img_url = f"{ORIGIN}/wp-content/uploads/{d:%Y/%m}/{a['slug']}-1024x576.jpg"
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
    tags = ", ".join(f'<a href="{ORIGIN}/tag/{t}/" rel="tag">{TAGS[t]}</a>' for t in a["tags"])
    content = (
        f'<article id="post-{a["id"]}" class="{classes}" itemscope itemtype="http://schema.org/NewsArticle">\n'
        '<div class="zox-article-wrap zoxrel left zox100">\n'
        f'<meta itemscope itemprop="mainEntityOfPage" itemType="https://schema.org/WebPage" itemid="{a["url"]}"/>\n'
        '<div class="zox-post-top-wrap"><div class="zox-post-title-wrap zox-tit2"><div class="zox-post-width">'
        '<header class="zox-post-head-wrap"><div class="zox-post-head">\n'
        f'<h3 class="zox-post-cat"><a class="zox-post-cat-link" href="{ORIGIN}/category/{cat}/">'
        f'<span class="zox-post-cat">{CATEGORIES[cat][0]}</span></a></h3>\n{h1}{excerpt}'
        '<div class="zox-post-info-wrap"><div class="zox-post-byline-wrap">'
        f"<div class=\"zox-author-thumb\"><img alt='' src='https://secure.gravatar.com/avatar/{a['authors'][0]}?s=40' "
        "class='avatar avatar-40 photo' /></div><div class=\"zox-author-info-wrap\">"
        '<div class="zox-author-name-wrap" itemprop="author" itemscope itemtype="https://schema.org/Person">'
        f"<p>By</p>{byline(a)}</div>\n"
        '<div class="zox-post-date-wrap"><p>Published</p> <span class="zox-post-date updated">'
        f'<time class="post-date updated" itemprop="datePublished" datetime="{date_attr}">{visible_date(a)}</time></span>'
        f'<meta itemprop="dateModified" content="{mod_attr}"/></div></div></div>{share(a)}</div>'
        "</div></header></div></div></div>\n"
        '<div class="zox-post-main-grid"><div class="zox-post-width"><div class="zox-post-main-wrap"><div class="zox-post-main">'
        f'<div class="zox-post-bot-wrap"><div class="zox-post-img-wrap">{img}'
        f'<span class="zox-post-img-cap">{caption}</span></div></div>\n'
        f'<div class="zox-post-body-wrap left zoxrel"><div class="zox-post-body left zoxrel zox100">\n{text}\n</div>\n'
        '<div class="zox-post-body-bot"><div class="zox-post-body-width"><div class="zox-post-tags">'
        f'<span class="zox-post-tags-header">In this article:</span><span itemprop="keywords">{tags}</span></div>'
        f'<div class="zox-posts-nav-link"></div>{author_boxes(a)}'
        '<div class="zox-org-wrap" itemprop="publisher" itemscope itemtype="https://schema.org/Organization">'
        f'<meta itemprop="name" content="{BLOGNAME}"></div>\n{button}{cm.block(a, comment_threads, number, total)}'
        f'</div></div></div></div></div><div class="zox-post-side-wrap zox-post-side-noalp zoxrel zox-sticky-side">'
        f"{sidebar()}</div></div></div></div>\n{related(a)}</article>\n"
    )
    body_class = f"post-template-default single single-post postid-{a['id']} single-format-standard" + (
        " post-password-required" if a["comments"] == "password" else ""
    )
    head = (
        f'<link rel="canonical" href="{a["url"]}" />\n<link rel="shortlink" href="{ORIGIN}/?p={a["id"]}" />\n'
        f'<link rel="alternate" type="application/json" href="{ORIGIN}/wp-json/wp/v2/posts/{a["id"]}" />\n'
        f'<link rel="alternate" type="application/rss+xml" title="{SITE} &raquo; {a["title"]} Comments Feed" '
        f'href="{a["url"]}feed/" />\n'
    )
    if a["yoast"] and a["id"] != NO_TITLE:
        head = yoast_head(a, text) + head
    title = "" if a["id"] == NO_TITLE else f"{a['title']} - {SITE}"
    return page(body_class, title, content, head)
