"""A theme nobody has seen, made from a replica: every class and id the theme chose renamed.

What WordPress core prints whatever the theme is kept: ``post_class()`` (``post-N``, ``type-post``,
``category-x``, ``tag-x``, ``hentry``...), ``body_class()``, ``comment_class()`` and the comment
walker's markup (``comment-N`` ids, ``comment-author``, ``fn``, ``says``, ``comment-meta``,
``reply``, ``children``...), ``comment_form()``, pagination and ``wp_link_pages()`` links, image
and caption classes, block markup (``wp-block-*``, ``is-*``, ``has-*``), ``rel`` attributes and
``time[datetime]``, the post-terms block's ``taxonomy-*`` and ``#comments`` (the target of every
comments link core prints, ``get_comments_link()``). Everything else a theme names (``entry-content``, ``entry-title``, ``byline``,
``posted-on``, ``comments-area``...) becomes a meaningless token, the same for the same name on
every page. Microdata (``itemprop``/``itemscope``/``itemtype``) is removed, and every HTML5
section element (article, header, footer, section, aside, nav, main) becomes a ``<div>``.

    python -m tests.unknown_theme tests/sites/themes/twentytwentyone /tmp/scrambled
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
from pathlib import Path

from lxml import etree, html

SECTION_TAGS = frozenset({"article", "header", "footer", "section", "aside", "nav", "main"})
MICRODATA = ("itemprop", "itemscope", "itemtype", "itemid", "itemref")
# An XHTML page's XML declaration: lxml parses no str that declares an encoding (the text is decoded).
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

# Classes core prints on any element (post_class, comment_class, the comment walker, comment_form,
# pagination, media and block markup, menus and widgets' own classes).
_CORE_CLASS = re.compile(
    r"""^(?:
    post|post-\d+|type-[\w-]+|status-[\w-]+|format-[\w-]+|hentry|sticky|has-post-thumbnail|post-password-required
    |category-[\w%-]+|tag-[\w%-]+
    |comment|even|odd|alt|thread-even|thread-odd|thread-alt|depth-\d+|byuser|comment-author-[\w%-]+|bypostauthor
    |parent|pingback|trackback
    |comment-body|comment-meta|comment-author|vcard|avatar|avatar-\d+|avatar-default|photo|fn|url|says
    |comment-metadata|commentmetadata|comment-content|reply|comment-reply-link|comment-reply-login
    |comment-awaiting-moderation|edit-link|comment-edit-link|children
    |comment-respond|comment-reply-title|comment-form|comment-notes|logged-in-as|comment-form-[\w-]+
    |form-submit|submit|required|required-field-message|must-log-in|post-password-form
    |wp-post-image|attachment-[\w-]+|size-[\w-]+|wp-image-\d+|align(?:center|left|right|none|wide|full)
    |wp-caption|wp-caption-text|wp-caption-dd|gallery[\w-]*|wp-smiley|emoji
    |wp-block[\w-]*|wp-site-blocks|wp-element-[\w-]+|wp-embed[\w-]*|is-[\w-]+|has-[\w-]+|wp-container-[\w-]+
    |more-link|screen-reader-text
    |post-nav-links|post-page-numbers|page-numbers|prev|next|current|dots|nav-links|nav-previous|nav-next
    |navigation|pagination|post-navigation|posts-navigation|comment-navigation|comments-pagination
    |taxonomy-[\w-]+|widget_[\w-]+|menu-item[\w-]*|current-menu-[\w-]+|current_page_[\w-]+|page_item[\w-]*|sub-menu
    )$""",
    re.X,
)
# body_class() tokens: the page's kind (single, archive, category-x, postid-N...).
_CORE_BODY_CLASS = re.compile(
    r"""^(?:
    single|single-[\w-]+|postid-\d+|page|page-id-\d+|page-template[\w-]*|post-template[\w-]*|page-parent|page-child
    |parent-pageid-\d+|home|blog|archive|category|tag|author|author-[\w%-]+|search|search-[\w-]+|error404
    |paged|paged-\d+|[\w-]+-paged-\d+|date|attachment|privacy-policy|post-type-archive[\w-]*|logged-in|admin-bar
    |no-customize-support|customize-support|wp-custom-logo|custom-background|wp-embed-responsive|ltr|rtl
    )$""",
    re.X,
)
# Block themes: the post content block prints "entry-content" itself.
_BLOCK_CORE = {"entry-content": "wp-block-post-content"}
_CORE_ID = re.compile(
    r"""^(?:
    post-\d+|comment-\d+|li-comment-\d+|div-comment-\d+|comments|respond|reply-title|commentform|comment|author|email|url
    |submit|comment_post_ID|comment_parent|cancel-comment-reply-link|wp-comment-cookies-consent|wp-[\w-]+
    |menu-item-\d+|attachment_\d+|gallery-\d+|block-[\w-]+|[\w-]+-(?:css|js|js-extra|js-after|js-before)
    |(?:search|recent-posts|recent-comments|archives|categories|meta|text|custom_html|media_image|nav_menu
    |tag_cloud|calendar|rss|block|pages)-\d+
    )$""",
    re.X,
)


def renamed(name: str) -> str:
    """The same meaningless token for the same theme name on every page."""
    return "t" + hashlib.sha256(name.encode()).hexdigest()[:8]


def _classes(el: html.HtmlElement, in_body: bool) -> str:
    tokens = (el.get("class") or "").split()
    kept = []
    for token in tokens:
        core = _CORE_CLASS.match(token) or (el.tag == "body" and _CORE_BODY_CLASS.match(token))
        if not core and _BLOCK_CORE.get(token) in tokens:
            core = True
        kept.append(token if core or not in_body else renamed(token))
    return " ".join(kept)


def scramble(text: str) -> str:
    """The page ``text`` as an unknown theme would print it (see the module docstring)."""
    doc = html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    body = doc.find("body")
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        in_body = body is not None and (el is body or body in el.iterancestors())
        for attr in MICRODATA:
            el.attrib.pop(attr, None)
        if not in_body:
            continue
        if el.get("class") is not None:
            el.set("class", _classes(el, in_body))
        ident = el.get("id")
        if ident is not None and not _CORE_ID.match(ident):
            el.set("id", renamed(ident))
        if el.tag in SECTION_TAGS:
            el.tag = "div"
    # <meta itemprop> carried only microdata: without it, it says nothing.
    for meta in doc.xpath("//body//meta[not(@name) and not(@property) and not(@http-equiv) and not(@charset)]"):
        meta.drop_tree()
    doctype = doc.getroottree().docinfo.doctype or "<!DOCTYPE html>"
    return doctype + "\n" + etree.tostring(doc, encoding="unicode", method="html")


def scramble_site(source: Path, target: Path) -> Path:
    """A copy of the replica ``source`` at ``target`` with every HTML page scrambled."""
    shutil.copytree(source, target)
    for page in target.rglob("*.html"):
        page.write_text(scramble(page.read_text(encoding="utf-8")), encoding="utf-8")
    return target


if __name__ == "__main__":
    scramble_site(Path(sys.argv[1]), Path(sys.argv[2]))
