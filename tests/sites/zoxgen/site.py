"""A content set for the ZoxPress templates: the site's options, terms, authors and articles.

The templates (chrome, article, comments, listing) print whatever site they are given, the way the
theme prints whatever WordPress's database holds. Two sites exist: the 19FortyFive-like replica
(``articles.ZOX``, written to ``tests/sites/zox/``) and the themes content set read from WordPress's
database (``themes.site()``, written to ``tests/sites/themes/zoxpress/``).

An article is a dict (see ``content.A``): ``id``, ``slug``, ``url``, ``title`` (HTML as printed),
``title_text``, ``date``/``modified`` (naive site-local datetimes), ``cats``/``tags``/``authors``
(slugs), ``image``, ``excerpt``, ``yoast``, ``comments`` (open | closed | password), ``thread``
(``(id, parent, name, url, local datetime, html)`` tuples, oldest first), ``hidden_count``,
``broken`` (what is wrong with the page, if anything), ``content`` (``the_content`` as rendered)
and optionally ``auto_excerpt`` (its text, which listings trim to 24 words where there is no manual
excerpt) and ``commenters`` (comment id ->
the registered user's nicename, for core's ``byuser comment-author-*`` classes).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Site:
    origin: str
    name: str  # the <title> suffix and the Yoast site name
    blogname: str  # Settings → General → Site Title: the logo's h1/h2 and the publisher's name
    categories: dict[str, tuple[str, int]]  # slug -> (name as printed, term id)
    authors: dict[str, tuple[str, str]]  # nicename -> (display name, bio)
    tags: dict[str, tuple[str, int]]  # slug -> (name as printed, term id)
    articles: list[dict]
    per_page: int  # posts per listing page
    comments_per_page: int  # top-level threads per comment page
    # Articles whose comments are broken into pages (None: all of them, WordPress's page_comments=1).
    paged_threads: frozenset[int] | None = None
    timezone: str = "America/New_York"
    author_ids: dict[str, int] = field(default_factory=dict)
    tagline: str = ""
    # An SEO plugin (Yoast): its titles ("X - Site", "X Archives - Site") and archive canonicals;
    # without it, core's titles ("X &#8211; Site") and rel=canonical on single posts only.
    seo_plugin: bool = True
    # The header menu: the categories (a configured menu) or nothing (no menu assigned).
    menu: bool = True
    # Categories the menu leaves out (a site's menu lists the sections its editors chose).
    unlisted: frozenset[str] = frozenset()
    footer_links: tuple[tuple[str, str], ...] = ()
    social: bool = True  # social profile links (theme options)
    share_buttons: bool = True  # share buttons of the ZoxPress companion plugin
    sidebar_posts: tuple[int, ...] = ()  # the companion plugin's Trending widget
    sidebar_widgets: bool = True  # a text and an ad widget in the sidebar
    copyright: str = ""
    # Home: the "Home" page template with a featured block (a static front page), else the blog index.
    home_template: bool = True
    # Category grids: True = the main query's page minus the posts of the featured block (the
    # theme's $do_not_duplicate loop); False = the posts after the featured ones, paged (zox's model).
    grid_skips_featured: bool = False
    # Core's comment-page URLs: rel=canonical and reply links name the comment page shown, the
    # "Newer Comments" link to the newest page is the bare permalink. False: the bare permalink.
    core_comment_links: bool = False

    @property
    def readable(self) -> list[dict]:
        """The articles that have a page."""
        return [a for a in self.articles if a.get("broken") != "missing"]

    def newest(self) -> list[dict]:
        return sorted(self.articles, key=lambda a: a["date"], reverse=True)

    def in_category(self, slug: str) -> list[dict]:
        return [a for a in self.newest() if slug in a["cats"]]

    def title(self, *parts: str) -> str:
        """A document title: the parts and the site name, joined the way the site's head prints them."""
        sep = " - " if self.seo_plugin else " &#8211; "
        return sep.join([*parts, self.name])


def comment_count(a: dict) -> int:
    return a["hidden_count"] if a["comments"] == "password" else len(a["thread"])
