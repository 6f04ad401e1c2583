"""The comments block (#comments): threaded list, paging navigation, reply form."""

from __future__ import annotations

from .site import Site, comment_count


def comment_date(d) -> str:
    hour = d.hour % 12 or 12
    return f"{d:%B} {d.day}, {d:%Y} at {hour}:{d:%M} {'am' if d.hour < 12 else 'pm'}"


def threads(art: dict) -> list[list[tuple]]:
    """Top-level threads in order, each the list of its comments (top comment first)."""
    tops: list[list[tuple]] = []
    root: dict[int, int] = {}
    for c in art["thread"]:
        cid, parent = c[0], c[1]
        if parent == 0:
            tops.append([c])
            root[cid] = len(tops) - 1
        else:
            root[cid] = root[parent]
            tops[root[cid]].append(c)
    return tops


def comment_pages(site: Site, art: dict) -> list[list[list[tuple]]]:
    """Comment pages (oldest first), of the site's top-level threads per page where comments are paged."""
    ts = threads(art)
    if site.paged_threads is not None and art["id"] not in site.paged_threads:
        return [ts]
    size = site.comments_per_page
    return [ts[i : i + size] for i in range(0, len(ts), size)] or [ts]


def page_url(site: Site, art: dict, number: int, total: int) -> str:
    """The URL WordPress names comment page ``number`` by (the bare permalink for a single page)."""
    if site.core_comment_links and total > 1:
        return f"{art['url']}comment-page-{number}/"
    return art["url"]


def depth_of(art: dict) -> dict[int, int]:
    depth: dict[int, int] = {}
    for c in art["thread"]:
        depth[c[0]] = 1 if c[1] == 0 else depth[c[1]] + 1
    return depth


def render_list(art: dict, page_threads: list[list[tuple]], here: str) -> str:
    """The comment list of one page; ``here`` is the page URL reply links are built on."""
    counters = {"alt": 0, "thread": 0}
    users = art.get("commenters", {})

    def render(c: tuple, children: dict, depth: int) -> str:
        cid, _parent, name, url, when, text = c
        parity = "even" if counters["alt"] % 2 == 0 else "odd alt"
        counters["alt"] += 1
        cls = "comment"
        if cid in users:  # core comment_class(): a registered user's comment
            cls += f" byuser comment-author-{users[cid]}"
            if users[cid] == art["authors"][0]:
                cls += " bypostauthor"
        cls += f" {parity}"
        if depth == 1:
            cls += " thread-even" if counters["thread"] % 2 == 0 else " thread-odd thread-alt"
            counters["thread"] += 1
        cls += f" depth-{depth}"
        cite = f'<a href="{url}" class="url" rel="external nofollow ugc">{name}</a>' if url else name
        kids = children.get(cid, [])
        nested = (
            '\n<ol class="children">\n'
            + "".join(render(k, children, depth + 1) for k in kids)
            + "</ol><!-- .children -->\n"
            if kids
            else ""
        )
        reply = (
            '<div class="comment-reply"><span class="reply">'
            f"<a rel='nofollow' class='comment-reply-link' href='{here}?replytocom={cid}#respond' "
            f'data-commentid="{cid}" data-postid="{art["id"]}" data-belowelement="comment-{cid}" '
            f'data-respondelement="respond" data-replyto="Reply to {name}" aria-label=\'Reply to {name}\'>Reply</a>'
            "</span></div>"
            if depth < 5
            else ""
        )
        return (
            f'<li class="{cls}" id="li-comment-{cid}">\n<div class="comment-wrapper" id="comment-{cid}">\n'
            '<div class="comment-inner">\n<div class="comment-avatar">'
            f"<img alt='' src='https://secure.gravatar.com/avatar/{cid:x}0f?s=46&#038;d=mm&#038;r=g' "
            "class='avatar avatar-46 photo' height='46' width='46' loading='lazy' decoding='async'/></div>\n"
            '<div class="commentmeta">\n'
            f'<p class="comment-meta-1"><cite class="fn">{cite}</cite> </p>\n'
            f'<p class="comment-meta-2">\n\t\t\t\t\t{comment_date(when)}\t\t\t\t\t</p>\n</div>\n'
            f'<div class="text">\n<div class="c">\n{text}\n</div>\n</div>\n<div class="clear"></div>\n'
            f"{reply}\n</div>\n</div>{nested}</li><!-- #comment-## -->\n"
        )

    out = []
    for t in page_threads:
        children: dict[int, list] = {}
        for c in t[1:]:
            children.setdefault(c[1], []).append(c)
        out.append(render(t[0], children, 1))
    return '<ol class="commentlist">\n' + "".join(out) + "</ol>\n"


def navigation(site: Site, art: dict, number: int, total: int) -> str:
    if total < 2:
        return ""
    older = f'<a href="{art["url"]}comment-page-{number - 1}/#comments">&larr; Older Comments</a>' if number > 1 else ""
    # core's get_comments_pagenum_link(): with the newest page shown by default, that page is the bare permalink
    newest = site.core_comment_links and number + 1 == total
    newer_url = art["url"] if newest else f"{art['url']}comment-page-{number + 1}/"
    newer = f'<a href="{newer_url}#comments">Newer Comments &rarr;</a>' if number < total else ""
    return (
        f'<div class="navigation">\n<div class="nav-previous">{older}</div>\n'
        f'<div class="nav-next">{newer}</div>\n</div>\n'
    )


def count_text(n: int) -> str:
    return "Click to comment" if n == 0 else ("1 Comment" if n == 1 else f"{n} Comments")


def respond(site: Site, art: dict) -> str:
    return (
        '<div id="respond" class="comment-respond">\n<h3 id="reply-title" class="comment-reply-title">'
        '<div class="zox-post-main-head"><h4 class="zox-post-main-title"><span class="zox-post-main-title">Leave a Reply'
        f'</span></h4></div> <small><a rel="nofollow" id="cancel-comment-reply-link" href="{art["url"]}#respond" '
        'style="display:none;">Cancel reply</a></small></h3>'
        f'<form action="{site.origin}/wp-comments-post.php" method="post" id="commentform" class="comment-form">'
        '<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span></p>'
        '<p class="comment-form-comment"><label for="comment">Comment</label> '
        '<textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required="required"></textarea></p>'
        '<p class="comment-form-author"><label for="author">Name</label> <input id="author" name="author" type="text" /></p>'
        '<p class="comment-form-email"><label for="email">Email</label> <input id="email" name="email" type="text" /></p>'
        '<p class="comment-form-url"><label for="url">Website</label> <input id="url" name="url" type="text" /></p>'
        '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /> '
        f"<input type='hidden' name='comment_post_ID' value='{art['id']}' id='comment_post_ID' />\n"
        "<input type='hidden' name='comment_parent' id='comment_parent' value='0' />\n</p></form>\n</div><!-- #respond -->\n"
    )


def block(site: Site, art: dict, page_threads: list[list[tuple]], number: int = 1, total: int = 1) -> str:
    """The whole #comments div for one comment page ('' when comments are closed)."""
    if art["comments"] == "closed":
        return ""
    n = comment_count(art)
    headline = (
        '<div class="zox-post-main-head"><h4 class="zox-post-main-title">'
        f'<span class="zox-post-main-title">{count_text(n) if n else "0 Comments"}</span></h4></div>\n'
    )
    if art["comments"] == "password":
        inner = '<p class="nopassword">This post is password protected. Enter the password to view any comments.</p>\n'
    else:
        nav = navigation(site, art, number, total)
        here = page_url(site, art, number, total)
        inner = (headline + nav + render_list(art, page_threads, here) + nav) if n else ""
        inner += respond(site, art)
    return (
        f'<div id="comments" class="zox-com-click-id-{art["id"]} zox-com-click-main">\n{inner}</div><!--comments-->\n'
    )
