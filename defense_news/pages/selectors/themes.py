"""What themes print, field by field: ZoxPress (19FortyFive in 2022), block themes (core blocks'
``wp-block-*`` classes), classic themes (twentyX, _s and their children), publisher themes
(Newspaper/tagDiv, Jannah, Divi, Soledad, Elementor, hello-elementor...).

Data only: each table is tried in order, most specific first, by the algorithms in ``pages/``.
A query each of whose branches needs a class the page does not use is not run at all
(``ArticlePage.css``, :func:`~defense_news.pages.css.needed_classes`): no table says which.
"""

from __future__ import annotations

from ...html_text import make_class_filter

# -- title ------------------------------------------------------------------------

ZOX_TITLE = "h1.zox-post-title"
TITLES = "h1.entry-title, h1.wp-block-post-title, .wp-block-post-title"
ARTICLE_H1 = "article h1, main h1"
# A kicker (the topic line over a headline, "Immobilienkrise" before "Rene Benko-Firma …") that a
# theme prints as the headline's first child, named for what it is: not part of the headline. The
# newsroom's words for it: kicker, overline, Dachzeile/Spitzmarke, roofline, topline, eyebrow,
# supertitle/pretitle, surtitre, antetítulo, occhiello.
KICKER = make_class_filter(
    substrings=(
        "kicker",
        "overline",
        "dachzeile",
        "spitzmarke",
        "roofline",
        "topline",
        "eyebrow",
        "supertitle",
        "pretitle",
        "surtitre",
        "antetitulo",
        "occhiello",
    )
)
# The site's own name, stripped from the end of titles.
ZOX_SITE_TITLE = ".zox-logo-title"
SITE_TITLE = ".site-title, .site-title a"

# -- bylines ----------------------------------------------------------------------

ZOX_AUTHOR_LINK = ".zox-author-name a"
ZOX_AUTHOR = ".zox-author-name"
ZOX_AUTHOR_BOX = ".zox-author-box-name a"
# Bylines as themes print them, most specific first (block themes, classic themes, Newspaper/tagDiv,
# Jannah, Divi, Soledad, custom publisher themes). Read inside the article (see bylines.article_values).
BYLINES = (
    ".wp-block-post-author-name a, .wp-block-post-author__name",
    ".wp-block-post-author-name",
    ".byline .author a, .byline a[rel~=author], .entry-meta .author a, .author.vcard a",
    ".td-post-author-name a, .tdb-author-name",
    ".meta-author a, .post-meta .author a, .author-url",
    ".article__author a, .article__author, .author-name, .post-author-name, .byline, .post-byline",
    # hCard, as older classic themes print the byline: <span class="author vcard"><span class="fn">;
    # its .fn in any author element ("se-entry-author co-author") too (comments' are out of scope)
    ".author.vcard .fn, .vcard.author, .author.fn, [class*=author] .fn",
)
AUTHOR_BIO_TITLE = ".author-bio .author-title"
# Elementor Pro's Post Info widget, which prints the shown post's own author (its posts widgets,
# other posts' teasers, use other classes). Every Elementor element is an "elementor-widget…",
# which the scope rules take for a sidebar widget: read anywhere.
ELEMENTOR_POST_INFO_AUTHOR = ".elementor-post-info__item--type-author"
# … and its custom item, where a site prints a writer the post's account is not (a desk's account
# posting a columnist's text): read only when it holds names and nothing else names a writer.
ELEMENTOR_POST_INFO_CUSTOM = ".elementor-post-info__item--type-custom"

# -- dates ------------------------------------------------------------------------

# The visible <time datetime> of the post's publication (block, classic themes).
PUBLISHED_TIMES = (
    ".wp-block-post-date:not(.wp-block-post-date__modified-date) time, "
    "time.entry-date.published, .posted-on time.published, "
    ".entry-meta time.entry-date, .posted-on time"
)
MODIFIED_TIMES = (
    ".wp-block-post-date__modified-date time::attr(datetime), "
    "time.updated:not([itemprop=datePublished]):not(.published)::attr(datetime)"
)
# The hAtom class of a modification time: not a publication date.
MODIFIED_TIME_CLASS = "updated"
# Printed dates (text), when no machine-readable one exists.
PRINTED_DATES = ".zox-post-date time, .zox-post-date, .wp-block-post-date, .posted-on"
# Where themes print a post's date as text (class or itemprop), inside the article's element.
DATE_CLASSES = frozenset(
    {
        "datePublished",
        "post-date",
        "entry-date",
        "meta-date",
        "posted-on",
        "published",
        "td-post-date",
        "post-meta-date",
        "entry-meta-date",
        "date",
        "article__date",
        "article-date",
        "publish-date",
        "date-published",
        "story__date",
    }
)

# -- categories and tags ------------------------------------------------------------

# ZoxPress names only the primary category.
ZOX_CATEGORY_LINK = "a.zox-post-cat-link"
ZOX_CATEGORY_HREF = "a.zox-post-cat-link::attr(href)"
ZOX_CATEGORY = "h3.zox-post-cat"
CATEGORY_NAMES = (
    ".taxonomy-category a, .cat-links a, .entry-categories a, article a[rel~=category], main a[rel~=category]"
)
# Links to the article's category listings.
CATEGORY_LISTING_LINKS = (
    "a.zox-post-cat-link, .taxonomy-category a, .cat-links a, article a[rel~=category], main a[rel~=category]"
)
ZOX_TAGS = ".zox-post-tags a[rel~=tag]"
TAG_NAMES = ".taxonomy-post_tag a, .tags-links a, .tag-links a, .entry-tags a"

# -- featured image and excerpt -------------------------------------------------------

ZOX_IMAGE_META = ".zox-post-img meta[itemprop=url]::attr(content), .zox-post-img-hide meta[itemprop=url]::attr(content)"
ZOX_IMAGE = ".zox-post-img img::attr(src)"
FEATURED_IMAGES = (
    ".wp-block-post-featured-image img::attr(src), .post-thumbnail img::attr(src), img.wp-post-image::attr(src)"
)
ZOX_IMAGE_CAPTION = "span.zox-post-img-cap"
FEATURED_IMAGE_CAPTIONS = ".wp-block-post-featured-image figcaption, .post-thumbnail figcaption"
ZOX_EXCERPT = "span.zox-post-excerpt, .zox-post-excerpt"
BLOCK_EXCERPT = ".wp-block-post-excerpt__excerpt"

# -- body -----------------------------------------------------------------------------

# Body blocks that are not the article, by class: ads, share buttons, related posts, author boxes...
BODY_NOISE_CLASSES = make_class_filter(
    exact={
        "page-links",
        "post-nav-links",
        "wp-caption-text",
        "screen-reader-text",
        "sharedaddy",
        "jp-relatedposts",
        "yarpp-related",
        "addtoany_share_save_container",
        "code-block",
        "wp-block-buttons",
        "wp-block-embed",
        # term lists a theme prints inside the content container (hello-elementor: "Tagged ...")
        "post-tags",
        "tag-links",
        "tags-links",
        "entry-tags",
        "cat-links",
        "post-categories",
        # the classic default theme's (Kubrick's) "This entry was posted on … and is filed under …"
        "postmetadata",
    },
    prefixes=(
        "zox-post-ad",
        "zox-post-soc",
        "zox-author-box",
        "sabox",  # Simple Author Box
        "abh_",  # Starbox author box
        "ez-toc",  # tables of contents
        "wp-embed",  # an embedded post's teaser card
        # an Instagram or TikTok post's placeholder until the embed's script replaces it ("Sieh dir diesen
        # Beitrag auf Instagram an", "Ein Beitrag geteilt von … (@…)")
        "instagram-media",
        "tiktok-embed",
        "post-nav",
        "ad-",
        "ads-",
        "adsby",
        "advert",
        "google-ad",
        "td-a-rec",  # Newspaper/tagDiv ad slots
        "stream-item",  # Jannah ad slots
    ),
    substrings=(
        "share",
        "sharing",
        "social",
        "related",
        "newsletter",
        "subscribe",
        "author-bio",
        "sponsor",
        # captions and credits (a classic caption's wrapper, galleries, "Bild: …"), author boxes,
        # disclaimers, pop-ups and print buttons that plugins put inside the content
        "caption",
        "credit",
        # a picture's description or metadata by another name ("image-description", "imagedescription",
        # "img-metadata__title"; German "bildunterschrift")
        "imagedesc",
        "image-desc",
        "image_desc",
        "img-desc",
        "imgdesc",
        "img-meta",
        "img_meta",
        "image-meta",
        "bildunterschrift",
        "photo-desc",
        "foto-desc",
        "author-box",
        "authorbox",
        "about-author",
        "disclaimer",
        "disclosure",
        "popup",
        "pop-up",
        "print-button",
        # "support our journalism" appeals with a donation form
        "donat",
        # controls: print/pin/jump buttons of recipe cards, share bars ("shariff-buttonstretch")
        "button",
        # a consent plugin's placeholder for an embed it holds back ("Klicken Sie auf den Button, um
        # den Inhalt von www.komoot.de zu laden")
        "cookie",
        "Cookie",
        "consent",
    ),
    ids={"comments", "respond", "jp-relatedposts"},
)
# Elements that are never the article's text wherever they sit: captions, navigation, asides,
# forms (newsletter sign-ups), a form control's label (a donation appeal's text), footers
# (tag lists, "write a comment") and <address>, HTML's element for its article's author's contact
# details (the writer's bio a theme prints under the text).
BODY_NOISE_TAGS = frozenset({"figcaption", "nav", "aside", "form", "label", "footer", "address"})

# Where themes print the_content(), most specific first (see body.find_body for how a short
# match is weighed against the rest of the table).
BODY_CONTAINERS = (
    "div.zox-post-body",
    "[itemprop=articleBody]",
    "div.entry-content",
    "div.wp-block-post-content",
    "div.post-content",
    "div.article-content",
    # Newspaper/tagDiv, Jannah, Divi, Soledad, Elementor, hello-elementor and other publisher themes
    ".td-post-content",
    ".tdb_single_content",
    ".entry-content",
    ".article__content",
    ".article-content",
    ".article-body-inner",
    ".article-body",
    ".single-content",
    ".post-entry",
    ".inner-post-entry",
    ".et_pb_post_content",
    ".elementor-widget-theme-post-content",
    ".entry-body",
    ".post-body",
    ".story-content",
    "main .page-content",
)

# -- comments -------------------------------------------------------------------------

# Third-party comment systems: what each leaves in the page's HTML (its script loads the
# comments in the reader's browser, so they are not in the page and are not collected).
COMMENT_SYSTEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Disqus", ('id="disqus_thread"', "disqus.com/embed.js", ".disqus.com/")),
    ("Facebook", ('class="fb-comments', "fb-comments")),
    ("OpenWeb", ("data-spotim-module", "launcher.spot.im", "data-openweb", "openweb.com/")),
    ("Viafoura", ("vf-conversations", "viafoura")),
    ("wpDiscuz", ('id="wpdcom"', "wpdiscuz")),
    ("Jetpack comments", ("jetpack_remote_comment", "jetpack-comment")),
)
# Where a page states how many comments it has.
COMMENT_COUNT_SOURCES = (
    "#zox-comments-button .zox-comment-but-text",
    "#comments h4.zox-post-main-title span",
    "[itemprop=commentCount]",
    ".wp-block-comments-title",
    ".comments-title",
    "#comments-title",
    # headings and links other themes print (twentytwentytwo, hello-elementor, twentynineteen, OceanWP...)
    "h2#comments, h3#comments",
    ".title-comments",
    ".comments-area h2, .comments-area h3",
    ".discussion-meta-info",
    ".comments-link",
    ".post-comment-link",
)

# -- listings -------------------------------------------------------------------------

# (item, link, date) selectors per layer. The first layer that finds items wins.
LISTING_ITEM_LAYERS: tuple[tuple[str, str, str], ...] = (
    # ZoxPress main grid: the category's own posts, newest first.
    (
        "section.zox-blog-grid article.infinite-post, #zox-main-blog-wrap article.infinite-post",
        ".zox-art-title a",
        ".zox-byline-date",
    ),
    # Block themes: the Query Loop.
    (
        "ul.wp-block-post-template > li, .wp-block-post-template > li",
        ".wp-block-post-title a",
        ".wp-block-post-date time",
    ),
    # Classic themes: one <article> per post.
    (
        "main article[id^=post-], #main article[id^=post-], #content article[id^=post-]",
        ".entry-title a, h2 a[rel=bookmark]",
        "time.entry-date, time.published, time",
    ),
    # Any theme that prints one <article> (or post_class() element) per post without an id
    # (Hello Elementor: `article.post > h2.entry-title > a`). The permalink-shape fallback
    # cannot see such links when the permalinks carry no date (/archives/123).
    (
        "main article, #main article, #content article, #primary article, .type-post",
        ".entry-title a, h2 a, h3 a, a[rel=bookmark]",
        "time.entry-date, time.published, time",
    ),
)
LISTING_FEATURED_LINKS = "#zox-feat-wrap .zox-art-title a, #zox-feat-wrap a[rel=bookmark]"
# Where an unknown theme's listing holds its permalinks.
LISTING_CONTENT = "main, #main, #content, #primary"
# ZoxPress's "Page X of Y".
LISTING_PAGE_OF = ".pagination span, .zox-nav-links span"
# Navigation menus, where the site's categories are linked.
MENU_LINKS = ".zox-nav-menu a, nav a, .menu a, .wp-block-navigation a, #site-navigation a, header a"
