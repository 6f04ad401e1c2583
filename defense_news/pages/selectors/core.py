"""What WordPress core itself prints, whatever the theme: body_class()/post_class() tokens,
link rels, the comment form, wp_link_pages(), the_category()/the_tags() rels.

Data only; the algorithms reading it are in ``pages/``.
"""

from __future__ import annotations

import re

from lxml import etree

from ...html_text import make_class_filter
from ...rest.routes import POST_ROUTE

# -- body_class() and post_class() ------------------------------------------------

# body_class() of a single post: "postid-N".
POSTID_CLASS = re.compile(r"(?:^|\s)postid-(\d+)(?:\s|$)")
# body_class() of pages that are not a single post (listings, pages, 404s).
NOT_ARTICLE_BODY_CLASSES = frozenset(
    {"archive", "category", "tag", "author", "search", "blog", "home", "error404", "page"}
)
# body_class() of listings (a WordPress page, "page", is not one).
LISTING_BODY_CLASSES = NOT_ARTICLE_BODY_CLASSES - {"page"}
SINGLE_POST_BODY_CLASS = "single-post"
SINGLE_BODY_CLASS = "single"
SINGLE_BODY_CLASSES = frozenset({"single", "single-format-standard"})
POSTID_BODY_PREFIX = "postid-"
NOT_FOUND_BODY_CLASS = "error404"
# body_class() of a category archive ("archive category category-<slug> category-<id>").
CATEGORY_BODY_CLASS = "category"
PASSWORD_BODY_CLASS = "post-password-required"
# post_class() marks posts by status; readers only ever see "status-publish".
UNPUBLISHED_CLASSES = frozenset(
    {"status-draft", "status-private", "status-pending", "status-future", "status-auto-draft"}
)
# The post's own element: post_class() on an element with id="post-N".
POST_ELEMENT_CLASS = "article[id^=post-]::attr(class)"
POST_ELEMENT_ID = "article[id^=post-]::attr(id)"
POST_ELEMENT_ID_NUMBER = re.compile(r"^post-(\d+)$")
# post_class() lists the post's categories as "category-<slug>".
CATEGORY_CLASS_PREFIX = "category-"

# -- <head> links and forms ---------------------------------------------------------

CANONICAL = "link[rel=canonical]::attr(href)"
SHORTLINK = "link[rel=shortlink]::attr(href)"
SHORTLINK_ID = re.compile(r"[?&]p=(\d+)")
# The REST route of the post, linked from the page's <head> since WordPress 4.4.
REST_ALTERNATE = 'link[rel=alternate][type="application/json"]::attr(href)'
REST_ALTERNATE_ID = POST_ROUTE  # its id: the routes are named in rest/routes.py only
# comment_form()'s hidden post ID, and the form itself (an open thread).
COMMENT_POST_ID = "input#comment_post_ID::attr(value)"
COMMENT_FORM = "#respond, #commentform"
# get_the_password_form()
PASSWORD_FORM = "form.post-password-form"
PASSWORD_FORM_CLASS = "post-password-form"

# -- links ---------------------------------------------------------------------------

# the_category() prints rel="category tag"; category listings are under /<category_base>/.
CATEGORY_LINKS = etree.XPath(
    "//a[@href][contains(@href, $path) or contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
)
CATEGORY_REL = "category"
# the_tags() prints rel="tag" (the exact match leaves the_category()'s "category tag" out).
TAG_LINKS = 'article a[rel="tag"], main a[rel="tag"]'
TAG_REL = "tag"
# Block themes print categories with rel="tag" too, inside the categories' block.
CATEGORY_TERMS_ANCESTOR = "ancestor::*[contains(concat(' ', @class, ' '), ' taxonomy-category ')]"
# the_author_posts_link(): /author/<slug>/
AUTHOR_HREF = re.compile(r"/author/[^/]+/?$")
AUTHOR_REL = "author"
AUTHOR_LINK_CLASS = "author-link"
# wp_link_pages(): a post split by <!--nextpage--> (class "post-page-numbers" since WordPress 5.1).
BODY_PAGE_LINKS = "//a[contains(concat(' ', normalize-space(@class), ' '), ' post-page-numbers ')]/@href"
# A permalink structure with a date: /%year%/%monthnum%/[%day%/]%postname%/
URL_DATE = re.compile(r"/(?P<year>\d{4})/(?P<month>\d{2})/(?:(?P<day>\d{2})/)?[^/]+/?$")

# The document's <title> (core's title-tag support prints it in <head>), not the <title> of an inline
# SVG icon ("Facebook", "Search"), which names the icon: on a page without a <title> it would be the first.
PAGE_TITLE = "//title[not(ancestor::svg)]"

# -- text -----------------------------------------------------------------------------

# Labels for screen readers only ("Post published:", "by"), printed next to what they label.
SCREEN_READER = make_class_filter(substrings=("screen-reader", "sr-only"))
