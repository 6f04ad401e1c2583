"""Extraction on real pages of publishers never seen (tests/fixtures/real_pages: WordPress pages in
``tuning``/``heldout``, other publishers' pages in ``other``/``other-heldout``), scored against their
hand-checked values by bench/real_pages.py: the score may not fall below the level reached. The
floors sit a little under the measured numbers (docs/extraction.md); a rule that helps one theme and
hurts other publishers fails here."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree
from lxml.html import HtmlMixin, fromstring
from scrapy.http import HtmlResponse, Request

from bench.real_pages import (
    NOW,
    READ_TZ,
    Extracted,
    Tally,
    authors_ok,
    evaluate,
    evaluate_scrambled,
    load_manifest,
    lost_to_scramble,
    ours,
    page_bytes,
    scrambled_body,
    snippet_counts,
    title_ok,
)
from defense_news.pages import ArticlePage
from defense_news.pages.body import densest_block, holds_little_of, trim_tail
from defense_news.pages.body_meta import without_meta_lines
from defense_news.pages.fallback_blocks import (
    adds_no_prose,
    drop_noise_blocks,
    text_sizes,
    without_closing_links,
    without_closing_notice,
)

# Per set: the least accepted score of each measure (measured numbers in docs/extraction.md).
FLOORS = {
    "tuning": {
        "body_text_f1": 0.98,
        "snippet_f1": 0.96,
        "max_empty": 0,
        "title": 0.97,
        "authors": 0.89,
        "date": 0.95,
    },
    "heldout": {
        "body_text_f1": 0.96,
        "snippet_f1": 0.93,
        "max_empty": 0,
        "title": 0.9,
        "authors": 0.79,
        "date": 0.95,
    },
    # other publishers' pages (not WordPress): evidence for the general rules, not the issue's goal
    "other": {
        "body_text_f1": 0.96,
        "snippet_f1": 0.94,
        "max_empty": 0,
        "title": 0.9,
        "authors": 0.86,
        "date": 0.91,
    },
    "other-heldout": {
        "body_text_f1": 0.96,
        "snippet_f1": 0.89,
        "max_empty": 0,
        "title": 0.94,
        "authors": 0.72,
        "date": 0.87,
    },
}
TUNING, HELDOUT = ("tuning", "other"), ("heldout", "other-heldout")


@pytest.fixture(scope="module")
def tallies() -> dict[str, Tally]:
    scored = evaluate(load_manifest(), with_trafilatura=False)
    return {name: scored[(name, "ours")] for name in FLOORS}


def test_tuning_and_heldout_sets_hold_pages_of_different_publishers():
    rows = load_manifest()
    assert {r["set"] for r in rows} == set(FLOORS)
    publishers = {name: {r["publisher"] for r in rows if r["set"] == name} for name in FLOORS}
    tuned = set().union(*(publishers[name] for name in TUNING))
    held = set().union(*(publishers[name] for name in HELDOUT))
    assert not tuned & held
    assert len(rows) == 635
    assert sum(r["set"] in ("tuning", "heldout") for r in rows) == 389  # the WordPress pages
    assert 0.25 < len(held) / len({r["publisher"] for r in rows}) < 0.35


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_real_pages_score_stays_above_its_floor(tallies, name):
    tally, floor = tallies[name], FLOORS[name]
    got = {
        "body_text_f1": tally.body_f1()[2],
        "snippet_f1": tally.snippet_prf()[2],
        "title": tally.accuracy("title"),
        "authors": tally.accuracy("authors"),
        "date": tally.accuracy("date"),
    }
    low = {k: round(v, 3) for k, v in got.items() if v < floor[k]}
    assert not low, f"{name}: below the floor {low}; failures:\n" + "\n".join(tally.failures)
    assert tally.empty <= floor["max_empty"], [f for f in tally.failures if f.endswith("empty")]


# The tuning and other pages with every class and id the theme chose renamed (tests/unknown_theme.py):
# the least accepted score of a theme nobody has seen (measured numbers in docs/extraction.md).
SCRAMBLED_FLOORS = {
    "tuning": {"body_text_f1": 0.97, "snippet_f1": 0.94, "title": 0.97, "authors": 0.89, "date": 0.96},
    "other": {"body_text_f1": 0.95, "snippet_f1": 0.91, "title": 0.9, "authors": 0.84, "date": 0.91},
}


@pytest.fixture(scope="module")
def scrambled_tallies() -> dict[str, Tally]:
    scored = evaluate_scrambled(load_manifest(), printed=False)
    return {name: scored[(name, "scrambled")] for name in SCRAMBLED_FLOORS}


@pytest.mark.parametrize("name", sorted(SCRAMBLED_FLOORS))
def test_scrambled_real_pages_score_stays_above_its_floor(scrambled_tallies, name):
    tally, floor = scrambled_tallies[name], SCRAMBLED_FLOORS[name]
    got = {
        "body_text_f1": tally.body_f1()[2],
        "snippet_f1": tally.snippet_prf()[2],
        "title": tally.accuracy("title"),
        "authors": tally.accuracy("authors"),
        "date": tally.accuracy("date"),
    }
    low = {k: round(v, 3) for k, v in got.items() if v < floor[k]}
    assert not low, f"{name} scrambled: below the floor {low}; failures:\n" + "\n".join(tally.failures)
    assert tally.empty == 0, [f for f in tally.failures if f.endswith("empty")]


def extracted(page_id: str) -> tuple[dict[str, Any], Extracted]:
    row = next(r for r in load_manifest() if r["id"] == page_id)
    return row, ours(row, page_bytes(row))


def article_page(content: str) -> str:
    """A single post's page of a classic theme with ``content`` as the post's content."""
    return (
        '<html><body class="single postid-7"><article class="post-7 post type-post"><h1>Headline</h1>'
        f"{content}</article></body></html>"
    )


def body_text_of(html: str) -> str:
    """The body text ArticlePage gives for ``html`` (trim_tail off: the rule under test alone)."""
    url = "https://example.org/2024/01/post/"
    response = HtmlResponse(url=url, body=html.encode(), encoding="utf-8", request=Request(url))
    return ArticlePage(response, timezone=READ_TZ, now=NOW, trim_tail=False).article().body_text or ""


def assert_snippets(page_id: str) -> None:
    row, got = extracted(page_id)
    assert snippet_counts(got.body, row["expected"])[1:] == (0, 0), got.body[:2000]


@pytest.mark.parametrize(
    "page_id",
    [
        # the first div.entry-content is a teaser's, the post's own is in its post_class() element
        "trafilatura-cleanthinking.de.oranger-wasserstoff",
        # the post_class() element is an <li>, its wrappers are "float/one-sidebar" layouts
        "trafilatura-fouryears.eu.interning",
        "trafilatura-kleinegruenemonster.wordpress.com.start",
        "trafilatura-she-works.de.sport",
        # a post the body classes do not call "single" (no body classes; a WordPress page)
        "trafilatura-verbaende.com.2023",
        # the densest block is in the post's element and trafilatura's text holds none of it (it took a
        # plugin's PHP warnings printed above the post): the block stays
        "trafilatura-seelenradio.de.leo",
    ],
)
def test_a_body_in_a_container_no_table_knows_is_found(page_id):
    assert_snippets(page_id)


@pytest.mark.parametrize(
    "page_id",
    [
        "trafilatura-blog.wordpress.com.diverse",  # a block image's <figcaption>
        "trafilatura-franziska-elea.de.vuitton",  # another caption
        "trafilatura-chabermu.wordpress.com.expertenwissen",  # a newsletter <form>
        "trafilatura-jaegermagazin.de-sudtirol",  # the previous/next post <nav>
        "trafilatura-djz.de-amoklauf",  # a list of links to other posts
        "trafilatura-silkes-weinkeller.de-dekantieren",  # a table of contents plugin
        "trafilatura-haustiermagazin.com-katzenspielzeug",  # an affiliate disclaimer
        # the label printed just before a boilerplate block goes with it
        "trafilatura-incurvy.de.wellness",  # "Das Thema könnte dich auch interessieren:" before an embedded post
        "trafilatura-weinkenner.de-st.magdalener",  # "Über den Autor" before an author box
        "trafilatura-cnet.de.schutz",  # a box titled only "AUTOR": the writer's bio
        "trafilatura-lacuarta.com-loretoaravena",  # a list of tag links whose first item is a rule
        "trafilatura-uepo.de.glossar",  # "Mehr zum Thema auf UEPO.de" before a list of links
        "trafilatura-tichyseinblick.de-d32ad974",  # a donation appeal: its text in a form control's <label>
        "trafilatura-whiskyverkostung.com.halle",  # the classic default theme's p.postmetadata ("Der Beitrag wurde am …")
        "trafilatura-scinexx.com.ammoniak",  # a rel="prev" link ("Zurück zur Startseite")
        "trafilatura-jovelstefan.de.gefallt",  # the meta line with core's rel="trackback" link
        "trafilatura-meedia.de.freenet",  # <p><em>… newsletter appeal with a link</em></p> closing the text
        "trafilatura-searchlight.vc-dimond",  # <p><em>the writer's bio with a link</em></p> closing the text
        "trafilatura-lacrux.com-mammut",  # <p><strong>…</strong><br><br><strong>… <a>…</a></strong></p>, then a credit
        "trafilatura-impulse.de.eltern",  # after the text, plain blocks trafilatura's text of the page lacks
        "trafilatura-nowgrenada.com-pm",
        # controls: a recipe card's print/pin buttons; a share bar's "…-buttonstretch" after a closing note
        "trafilatura-backenmachtgluecklich.de.zitronenkuchen",
        "trafilatura-basicthinking.de.tweets",
        # a consent plugin's placeholder for an embed it holds back ("BorlabsCookie")
        "trafilatura-unterwegsinberlin.de.friedrichsfelde",
        "trafilatura-spektrum.de.engelbart",  # "Beitragsbild: Titelseite der FAZ vom 2.4.2019, Ausriss."
        # "Subscribe now to our eNATION edition for the full story." and the app line after it, closing the text
        "trafilatura-nationnews.com-schools",
        "trafilatura-heavenlynnhealthy.de.areenburk",  # "*Werbung. Dieser Beitrag enthält Werbung für MYMARINI."
        "trafilatura-fogsmagazin.com.outdoor",  # closing "Alles über nachhaltige Wanderschuhe findest Du <a>hier</a>."
    ],
)
def test_boilerplate_inside_the_container_is_left_out(page_id):
    assert_snippets(page_id)


@pytest.mark.parametrize(
    "page_id",
    [
        "trafilatura-blinker.de-rostock",  # div.excerpt before div.entry-content
        "trafilatura-meedia.de.freenet",  # div.entry-excerpt
        "trafilatura-vegolosi.it.climate",  # div.sommario
        "trafilatura-telebasel.ch-0afd671f",  # a <div> holding the lead's text itself (div.tb-article-intro)
        "trafilatura-solarserver.de.solarthermisches-kraftwerk-dubai",  # div.excerpt holding its text itself
        # a header of its own after the headline, beside the article's element (no post element)
        "trafilatura-mobilsicher.de.icloud",  # div.mosi-artikel-teaser
        "trafilatura-golfpost.de-premiere",
        "trafilatura-dtb-tennis.de-nominiert",  # div.att-full-intro
        "trafilatura-pcmag.com.platters",  # header.article-header
    ],
)
def test_the_lead_printed_before_the_container_is_the_body_s_start(page_id):
    row, got = extracted(page_id)
    wanted = [s for s in row["expected"]["with"] if s in " ".join(got.body.split())]
    assert len(wanted) == len(row["expected"]["with"]), got.body[:1000]


@pytest.mark.parametrize(
    "page_id",
    [
        "readability-spiceworks",  # og:title and <title> end with the site's name
        "trafilatura-heiko-adams.de.laufen",  # "› Nordish by Nature"
        "trafilatura-hoy.com-daran",  # "Diario HOY | …", teasers' <h1>s further down
        "trafilatura-skispringen.com-verpasst",  # the SEO title leaves the headline's start out
        "trafilatura-seglerblog.stossenseer.de.sauber",  # the first <h1> carries the byline too
        "trafilatura-finanzmarktwelt.de-benko-firma",  # a kicker before the headline in the <h1>
        "trafilatura-flawlessfood.co.uk.olive",  # JSON-LD with HTML entities ("Olive &#038; Herb")
        "trafilatura-neunzehn72.de-0a962f6b",  # the <h1> in a layout wrapper "content_block right-sidebar"
        "trafilatura-laweekly.com-cultivation",  # … in "cb-post-wrap … cb-sidebar-right"
        "trafilatura-unzensuriert.at-zeche",  # the <h1> in Elementor's "elementor-widget-theme-post-title"
        "trafilatura-theoriginalcopy.de.baby",  # "Editor’s Letter" in the <h1>, "Editor's" in <title>
        "trafilatura-stackoverflow.com.rust",  # a teaser card's microdata headline is another post's
        "trafilatura-archiv.krimiblog.de.2895",  # "Headline : Site | Tagline …", the site named by its home link
        "trafilatura-statisticsglobe.com.ggplot2",  # two plugins' og:title, the second the <h1>'s
        "trafilatura-mtb-news.de-tubeless",  # the <h1>'s kicker is in JSON-LD's headline too: it is the headline's
        "trafilatura-litradio.net.bossong",  # no title holds the <h1>; it is hAtom's .entry-title in a .hentry
        "trafilatura-archive.org.the-pain.net.silkroad",  # the container holds the <h1>, a rel=bookmark link
    ],
)
def test_the_headline_readers_see_is_the_title(page_id):
    row, got = extracted(page_id)
    assert title_ok(got.title, row["expected"]["title"]), got.title


@pytest.mark.parametrize(
    "page_id",
    [
        "trafilatura-archive.peptalks.de.schulnoten",
        "trafilatura-disfunctions.de.podcasts",
        "trafilatura-japantimes.co.jp.surgical",
    ],
)
def test_a_page_no_rule_dates_gets_htmldate_s_day(page_id):
    row = next(r for r in load_manifest() if r["id"] == page_id)
    response = HtmlResponse(url=row["url"], body=page_bytes(row), request=Request(row["url"]))
    article = ArticlePage(response, timezone=READ_TZ, now=NOW).article()
    assert (article.published_at, article.published_at_source, article.published_at_precision) == (
        row["expected"]["published"][:10],
        "page text",
        "day",
    )


@pytest.mark.parametrize(
    "page_id",
    [
        "readability-wikia",  # "James Akinaka • 8h"
        "trafilatura-elenacional.com-carta",  # "Williams Perdomo @wperdomod"
        "trafilatura-hearya.com.metal",  # hCard: <span class="author vcard fn">
        "trafilatura-fouryears.eu.interning",  # "Posted by Konstantin @ 12:00 am"
        "trafilatura-ext.theperspective.com.items",  # "Posted on September 21, 2020 by Adi Tzlil"
        "trafilatura-herrpfleger.de.fuelcell",  # /author/matthias/ in the page's header, outside the post
        "trafilatura-sladisworld.wordpress.com.sigma",  # a name with digits is still a name
        "trafilatura-fivethirtyeight.com.endorsement",  # "Perry Bacon Jr." keeps its dot
        "trafilatura-unocero.com.marcas",  # "unocero - Alberto Ávila": the site's name before the byline
        # Yoast's WebPage node names the author (no Article node), not the related posts' bylines
        "trafilatura-bondyblog.fr.paris-8",
        "trafilatura-piratenpartei.at.grundeinkommen",
        # the text opens with its byline: "Von A und B" (no other byline) …
        "trafilatura-aussengedanken.de.feuerholz",
        # … over the account that posted it ("admin"; JSON-LD's and the meta author's "Isabell Angele")
        "trafilatura-deutsche-handwerkszeitung.de-eigentumsvorbehalt",
        "trafilatura-courgage-online.de.hiv",
        # … "Written by: Julie Mollins" over the microdata naming the site that republished it
        "trafilatura-theplanetarypress.com.forestlands",
        # the author's avatar is linked to the archive first, the name after it
        "trafilatura-de.globalvoices.org.nicaragua",
        # JSON-LD's one-word display name completed by the Person's description ("Nils Pickert ist …")
        "trafilatura-mtb-news.de-tubeless",
        "trafilatura-pinkstinks.de-kulturtechnik",
        "trafilatura-appen.com-d44c5ef5",  # hCard's .fn in an author element without "vcard" ("co-author")
        # a byline linking several writers, JSON-LD naming one other account (wsvn) or the site (makronom)
        "trafilatura-wsvn.com-crash",
        "trafilatura-makronom.de-ressourcenschutzgesetz",
        # an hCard around the site's title in the header ("Krimiblog-Archiv"), the post's own "vom Krimiblogger"
        "trafilatura-archiv.krimiblog.de.2895",
    ],
)
def test_bylines_as_unseen_themes_print_them(page_id):
    row, got = extracted(page_id)
    assert authors_ok(got.authors, row["expected"]["authors"]), got.authors


@pytest.mark.parametrize(
    ("page_id", "placeholder"),
    [
        ("trafilatura-japantimes.co.jp.surgical", "No Author"),  # the meta author when there is none
        ("trafilatura-silvias.net.wahlzensur", "wordpressadmin"),  # the install's admin account
    ],
)
def test_a_placeholder_account_is_nobody_s_name(page_id, placeholder):
    _row, got = extracted(page_id)
    assert placeholder not in got.authors, got.authors


@pytest.mark.parametrize(
    "page_id",
    [
        # page builders split the article over text columns: the densest block holds one
        "trafilatura-fisch-hitparade.de-alkohhol",
        "trafilatura-management-circle.de.glasses",
        # no paragraph anywhere the densest block could take
        "trafilatura-statisticsglobe.com.ggplot2",
        "trafilatura-novalanalove.com.ear-candy",
    ],
)
def test_an_article_no_container_holds_gets_the_fallback_extractor_s_text(page_id):
    assert_snippets(page_id)


def test_the_fallback_s_blocks_printed_only_in_boilerplate_are_left_out():
    """A block of the fallback extractor's text whose every element is in an aside, a form, comments or
    related posts is left out; the same words printed in the text too, and blocks no element holds
    alone, stay; the post's own element is the layout whatever its name."""
    root = fromstring(
        '<html><body><div class="comments-wrap"><article class="post-1 related-layout">'
        "<p>The article's own text, first.</p><p>Quoted in the comments too.</p></article>"
        '<aside><p class="headline">Top topics on the site</p></aside>'
        "<div id='comments'><p>A reader's comment.</p><p>Quoted in the comments too.</p></div>"
        "<form><label>Your e-mail</label><p>Sign up to our list.</p></form></div></body></html>"
    )
    post = root.find(".//article")
    layout = {post, *post.iterancestors()}
    text = "\n\n".join(
        [
            "The article's own text, first.",
            "Top topics on the site",
            "A reader's comment.",
            "Quoted in the comments too.",
            "Sign up to our list.",
            "Joined by the extractor from two elements.",
        ]
    )
    assert drop_noise_blocks(root, text, layout).split("\n\n") == [
        "The article's own text, first.",
        "Quoted in the comments too.",
        "Joined by the extractor from two elements.",
    ]


def test_the_fallback_s_text_stays_whole_when_most_of_it_is_in_boilerplate():
    """A page laid out in wrappers named like boilerplate (an article in a "related" frame) keeps the
    fallback's text whole: most of it is there, so the name says nothing."""
    root = fromstring(
        "<html><body><div class='related-frame'><p>The article's whole text, which the page prints "
        "inside a wrapper named like a related-posts box.</p></div><p>A short line.</p></body></html>"
    )
    text = "The article's whole text, which the page prints inside a wrapper named like a related-posts box."
    text += "\n\nA short line."
    assert drop_noise_blocks(root, text, set()) == text


def test_the_fallback_s_readers_comments_in_core_markup_go_however_much_of_the_text_they_are():
    """Readers' comments WordPress core prints (``li#comment-N``, kept whatever the theme names) are left
    out of the fallback's text even when they are most of it (a long discussion under a short article,
    oekonomenstimme.org scrambled): a comment's id is no layout wrapper's name."""
    comments = "".join(
        f"<li id='comment-{n}'><div><p>A reader's long comment number {n}, arguing the point at length with "
        "many words of its own.</p></div></li>"
        for n in range(4)
    )
    root = fromstring(
        "<html><body><div><p>The article's own text, shorter than its discussion.</p></div>"
        f"<ol>{comments}</ol></body></html>"
    )
    text = "The article's own text, shorter than its discussion."
    for n in range(4):
        text += f"\n\nA reader's long comment number {n}, arguing the point at length with many words of its own."
    assert drop_noise_blocks(root, text, set()) == "The article's own text, shorter than its discussion."


def test_the_fallback_s_line_of_core_term_links_is_left_out():
    """The post's meta line linking its categories and tags with core's ``rel="category tag"`` /
    ``rel="tag"`` ("This entry was posted in Podcast and tagged berlin, gkc19", Twenty Ten's kind, its
    names scrambled away) is no text; a paragraph linking elsewhere stays."""
    root = fromstring(
        "<html><body><div><p>The article's own text, first, long enough to be most of the text.</p>"
        "<p>A paragraph with <a href='/elsewhere/'>a link</a> in it.</p></div>"
        "<div>This entry was posted in <a href='/category/podcast/' rel='category tag'>Podcast</a> and tagged "
        "<a href='/tag/berlin/' rel='tag'>berlin</a>. <a href='/post/' rel='bookmark'>Permalink</a>.</div>"
        "</body></html>"
    )
    text = "\n\n".join(
        [
            "The article's own text, first, long enough to be most of the text.",
            "A paragraph with a link in it.",
            "This entry was posted in Podcast and tagged berlin. Permalink.",
        ]
    )
    assert drop_noise_blocks(root, text, set()).split("\n\n") == [
        "The article's own text, first, long enough to be most of the text.",
        "A paragraph with a link in it.",
    ]


def test_the_fallback_s_paragraph_of_prose_linking_a_tag_stays():
    """A plugin linking the text's words to their tag archives prints core's ``rel="tag"`` inside the
    article's own sentences: a paragraph of prose is the text, whatever it links; only a short line of
    term links is the post's meta line."""
    prose = (
        "The ministry said on Tuesday that the new frigates would enter service in 2027, two years later "
        "than planned, because the shipyard had run short of welders and steel."
    )
    root = fromstring(
        "<html><body><div><p>The article's own text, first, long enough to be most of the text.</p>"
        "<p>The ministry said on Tuesday that the new <a href='/tag/frigates/' rel='tag'>frigates</a> would "
        "enter service in 2027, two years later than planned, because the shipyard had run short of welders "
        "and steel.</p></div>"
        "<div>Tagged <a href='/tag/navy/' rel='tag'>navy</a>.</div></body></html>"
    )
    text = "\n\n".join(["The article's own text, first, long enough to be most of the text.", prose, "Tagged navy."])
    assert drop_noise_blocks(root, text, set()).split("\n\n") == [
        "The article's own text, first, long enough to be most of the text.",
        prose,
    ]


def test_the_fallback_s_bold_titles_in_boilerplate_and_buttons_are_left_out():
    """A sign-up form's title printed in bold beside its lines ("<strong>Sign up!</strong><p>…</p>") and a
    button's caption are blocks the page prints only in boilerplate; a bold line of the text stays."""
    root = fromstring(
        "<html><body><article><p>The article's own text, first, long enough to be most of the text.</p>"
        "<div><strong>A bold line of the text.</strong><p>Its paragraph.</p></div></article>"
        "<form><div><strong>Sign up to our letter!</strong><p>Once a week.</p></div></form>"
        "<div class='modal'><p>Our letter.</p><button>No thanks</button></div></body></html>"
    )
    text = "\n\n".join(
        [
            "The article's own text, first, long enough to be most of the text.",
            "A bold line of the text.",
            "Its paragraph.",
            "Sign up to our letter!",
            "Once a week.",
            "No thanks",
        ]
    )
    assert drop_noise_blocks(root, text, set()).split("\n\n") == [
        "The article's own text, first, long enough to be most of the text.",
        "A bold line of the text.",
        "Its paragraph.",
    ]


def test_the_fallback_s_list_items_are_matched_without_their_dash():
    """trafilatura prints a list item as "- text": the item is matched to the page's ``<li>`` without the
    dash, so a comment form's rules are left out as its other lines are; the text's own list stays."""
    root = fromstring(
        "<html><body><article><p>The article's own text, first, long enough to be most of the text.</p>"
        "<ul><li>An item of the text.</li></ul>"
        "</article><div id='comment-form'><ul><li>Comments are the readers' opinion.</li>"
        "<li>Insults are removed.</li></ul></div></body></html>"
    )
    text = "\n\n".join(
        [
            "The article's own text, first, long enough to be most of the text.",
            "- An item of the text.",
            "- Comments are the readers' opinion.",
            "- Insults are removed.",
        ]
    )
    assert drop_noise_blocks(root, text, set()).split("\n\n") == [
        "The article's own text, first, long enough to be most of the text.",
        "- An item of the text.",
    ]


def test_the_fallback_s_blocks_in_a_stream_of_teasers_are_left_out_however_long():
    """A list whose every item holds a heading linking to another post (a stream of teasers with their
    first lines) is no text of the article, even when its teasers are more of the fallback's text than
    the article is; a list of the text's own (no heading, or a heading linking nowhere) stays, and a
    text made only of teasers stays whole."""

    def teaser(i: int) -> str:
        return f'<li><a href="/p{i}"><h3>Other story {i}</h3></a><p>The first lines of other story {i}.</p></li>'

    root = fromstring(
        "<html><body><article><p>The article's own text.</p>"
        "<ul><li><h3>Step one</h3><p>Mix the flour.</p></li><li><h3>Step two</h3><p>Bake it.</p></li></ul>"
        f"</article><ul class='stream'>{''.join(teaser(i) for i in range(4))}</ul></body></html>"
    )
    stream = [f"Other story {i}\n\nThe first lines of other story {i}." for i in range(4)]
    text = "\n\n".join(["The article's own text.", "Mix the flour.", "Bake it.", *stream])
    assert drop_noise_blocks(root, text, set()).split("\n\n") == [
        "The article's own text.",
        "Mix the flour.",
        "Bake it.",
    ]
    only = "\n\n".join(stream)
    assert drop_noise_blocks(root, only, set()) == only


def test_a_list_of_teasers_in_the_container_is_no_text():
    """Inside a known container, a list whose items each hold a heading linking elsewhere (related
    posts printed with their first lines) is boilerplate; a list of the text's own headed steps stays."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    teasers = "".join(
        f'<li><h4><a href="/p{i}">Other story {i}</a></h4><p>The first lines of other story {i}.</p></li>'
        for i in range(3)
    )
    html = (
        '<html><body class="single postid-7"><article class="post-7 post type-post"><div class="entry-content">'
        f"<p>{long}</p><ol><li><h4>Step one</h4><p>Mix the flour.</p></li><li><h4>Step two</h4>"
        f"<p>Bake it.</p></li></ol><p>{long} last.</p><ul>{teasers}</ul></div></article></body></html>"
    )
    body = body_text_of(html)
    assert "Mix the flour." in body
    assert "Bake it." in body
    assert "Other story" not in body
    assert "first lines" not in body


def test_the_fallback_s_blocks_are_matched_without_reading_every_element_s_text(monkeypatch):
    """Matching the fallback's blocks to the page's elements reads the text only of the elements
    whose size could be a block's: a page nested 200 wrappers deep around its text, and printing
    as many lines of another size, is read a few times, not once per element (quadratic)."""
    lines = "".join(f"<span>Line {i:03d} of a list.</span>" for i in range(400))
    root = fromstring(
        "<html><body>"
        + "<div>" * 200
        + "<p>The article's text, deep in its wrappers.</p>"
        + "</div>" * 200
        + f"<aside><p>Top topics on the site</p></aside><div>{lines}</div></body></html>"
    )
    text = "The article's text, deep in its wrappers.\n\nA block of its own here, longer than the aside's.\n\nTop topics on the site"
    reads = []
    original = HtmlMixin.text_content

    def counted(el: HtmlMixin) -> str:
        reads.append(el)
        return original(el)

    monkeypatch.setattr(HtmlMixin, "text_content", counted)
    assert drop_noise_blocks(root, text, set()).split("\n\n") == [
        "The article's text, deep in its wrappers.",
        "A block of its own here, longer than the aside's.",
    ]
    assert len(reads) < 10


def test_text_sizes_count_what_text_content_holds_but_whitespace():
    """Each element's size is its text's but whitespace; a wrapper whose text is all one child's (the
    rest whitespace) is held by that child's holder."""
    root = fromstring(
        "<div> a <!-- a comment -->b<p>x y<b> z</b>\xa0q<?pi zz?></p> tail <script>var a</script>"
        "<ul><li>one</li>\n<li> two </li></ul><section> <div>\n<em>deep</em> </div><hr></section></div>"
    )
    sizes, holder = text_sizes(root)
    for el in root.iter(etree.Element):
        assert sizes[el] == len("".join(el.text_content().split()))
        assert " ".join(holder[el].text_content().split()) == " ".join(el.text_content().split())
    assert sizes[root] == len("abxyzqtailvaraonetwodeep")
    assert holder[root.find(".//section")] is root.find(".//em")
    assert holder[root.find(".//ul")] is root.find(".//ul")


@pytest.mark.parametrize(
    ("page_id", "boilerplate"),
    [
        # an <aside>'s heading trafilatura keeps at the text's end
        ("trafilatura-fitforfun.de.sozialeaengste", "Top-Themen bei FIT FOR FUN"),
        # a newsletter form's fields and help text
        ("trafilatura-france.attc.org-privatisations", "Numéro de téléphone portable"),
        # a video's consent notice in a block named for cookies
        ("trafilatura-statisticsglobe.com.ggplot2", "Please accept YouTube cookies"),
    ],
)
def test_the_fallback_s_boilerplate_blocks_are_left_out_on_real_pages(page_id, boilerplate):
    _, got = extracted(page_id)
    assert boilerplate not in got.body
    assert len(got.body) > 500


def test_the_densest_block_s_holder_with_paragraphs_of_its_own_is_the_text():
    """The text's first paragraphs in a block, the rest in a wrapper inside it (a "read more" section):
    the block holding both is the text, not the wrapper alone; a holder with only a short line of its
    own (a meta line) is not."""
    opening = "".join(
        f"<p>An opening paragraph of the article, long enough to be prose, number {i}.</p>" for i in range(5)
    )
    rest = "".join(
        f"<p>A later paragraph of the article, behind the reader's click, number {i}.</p>" for i in range(12)
    )
    root = fromstring(f'<html><body><div class="story">{opening}<div class="more">{rest}</div></div></body></html>')
    assert densest_block(root).get("class") == "story"
    root = fromstring(
        f'<html><body><div class="story"><p>Posted by Ann</p><div class="more">{rest}</div></div></body></html>'
    )
    assert densest_block(root).get("class") == "more"


def test_the_text_s_opening_before_a_read_more_section_is_kept():
    _, got = extracted("readability-salon-1")
    assert "Uber had an interesting, if predictable, response to the panic and mayhem" in got.body
    assert "What can we learn from this incident?" in got.body


def test_a_box_titled_by_an_appeal_to_subscribe_is_left_out_but_a_section_on_it_stays():
    """A short box whose heading asks the reader to sign up (a newsletter box in the middle of the
    text) is left out; the same heading over the text's own paragraphs, or over a long box, stays."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    box = (
        '<div class="factbox"><span><h3>Sign up for the Daily newsletter</h3></span>'
        "<div><p>Never miss the latest news by signing up today!</p>"
        "<p>You can unsubscribe at any time.</p></div></div>"
    )
    section = f"<h3>Why we subscribe to newsletters</h3><p>{long} inside.</p>"
    long_box = f"<div><h3>Subscribers' stories</h3>{''.join(f'<p>{long} {i}.</p>' for i in range(5))}</div>"
    body = body_text_of(
        article_page(
            f'<div class="entry-content"><p>{long} first.</p>{box}{section}{long_box}<p>{long} last.</p></div>'
        )
    )
    assert "first." in body
    assert "last." in body
    assert "Never miss the latest news" not in body
    assert "Sign up for the Daily newsletter" not in body
    assert "Why we subscribe to newsletters" in body
    assert "inside." in body
    assert "Subscribers' stories" in body


def test_a_box_titled_author_is_the_writer_s_bio_and_is_left_out():
    """A short box whose first text is a block reading only "Autor" / "About the author" (a bio without a
    telling class: cnet.de's "div.highlight") is left out; a recipe card's inline "Author: " label, a
    heading naming more than the author, and a long box under the title stay."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    bio = (
        '<div class="highlight"><div class="content"><div class="header">AUTOR</div><h3>Dr. Jane Roe</h3>'
        "<p>ist Gründungspartnerin der Kanzlei Roe. Zu ihren Tätigkeitsfeldern zählen Bankrecht.</p></div></div>"
    )
    card = '<div class="card"><span>Author: </span><span>Bebs Mayer</span></div>'
    section = f"<div><h3>The author's last novel</h3><p>{long} section.</p></div>"
    long_box = f"<div><h3>About the author</h3>{''.join(f'<p>{long} {i}.</p>' for i in range(5))}</div>"
    body = body_text_of(
        article_page(
            f'<div class="entry-content"><p>{long} first.</p>{card}{section}{long_box}<p>{long} last.</p>{bio}</div>'
        )
    )
    assert "first." in body
    assert "last." in body
    assert "Tätigkeitsfeldern" not in body
    assert "AUTOR" not in body
    assert "Bebs Mayer" in body
    assert "The author's last novel" in body
    assert "section." in body
    assert "About the author" in body


def test_a_box_after_a_block_titled_author_is_the_writer_s_bio_and_is_left_out():
    """A theme may print the bio's title as a block of its own beside the box ("<div>Über den
    Autor</div><div>…name…bio…</div>", weinkenner.de with its classes renamed): the box after such a
    title goes, and the title with it as its label. A long section after the title, and a short box
    after a title naming more than the author, stay."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    title = '<div style="font-weight:bold">Über den Autor</div>'
    bio = (
        '<div><div><img src="/jane.jpg" alt="Jane Roe"></div><div><a href="/author/jane-roe/" rel="author">'
        "Jane Roe</a></div><div><p>Jane Roe (Jahrgang 1962) schreibt seit 25 Jahren über Wein.</p></div></div>"
    )
    section = f"<div>About the author</div><div>{''.join(f'<p>{long} {i}.</p>' for i in range(5))}</div>"
    novel = "<div>The author's last novel</div><div><p>A short paragraph on the novel, kept.</p></div>"
    body = body_text_of(
        article_page(
            f'<div class="entry-content"><p>{long} first.</p>{section}{novel}<p>{long} last.</p>{title}{bio}</div>'
        )
    )
    assert "first." in body
    assert "last." in body
    assert "Jahrgang 1962" not in body
    assert "Über den Autor" not in body
    assert "About the author" in body
    assert "4." in body
    assert "A short paragraph on the novel, kept." in body


def test_a_titled_bio_is_left_out_as_a_theme_nobody_has_seen_prints_it():
    """weinkenner.de scrambled: the bio titled "Über den Autor" beside its box, no class telling either."""
    row = next(r for r in load_manifest() if r["id"] == "trafilatura-weinkenner.de-st.magdalener")
    got = ours(row, page_bytes(row), scrambled=True)
    _, missing, unwanted = snippet_counts(got.body, row["expected"])
    assert (missing, unwanted) == (0, 0), got.body[-1500:]


@pytest.mark.parametrize(
    ("page_id", "last", "notice"),
    [
        (
            "newspaper-teenvogue.com1",
            "Scrunchies and roll-on body glitter optional.",
            "Teen Vogue © 2015 Condé Nast Digital. All rights reserved.",
        ),
        (
            "readability-ehow-1",
            "add a little nature to your decor or tablescape.",
            "© 1999-2015 Demand Media, Inc.",
        ),
    ],
)
def test_the_site_s_copyright_notice_after_the_fallback_s_text_is_left_out(page_id, last, notice):
    """Scrambled, no tag or class marks the footer: trafilatura's text ends with the site's copyright
    notice, which the densest block does not hold. The text ends with the article's last sentence."""
    row = next(r for r in load_manifest() if r["id"] == page_id)
    body = ours(row, page_bytes(row), scrambled=True).body
    assert notice not in body
    assert body.endswith(last), body[-500:]


def test_a_copyright_notice_the_densest_block_holds_or_without_a_year_stays():
    """Only notices ending the fallback's text, with a year, outside the densest block are cut: a book
    excerpt's credit in the article, a photo's credit, a line naming copyright in the text's middle stay."""
    text = "The article's text, long enough.\n\nCopyright © 2019 by A. Writer. Reprinted by permission."
    fallback = f"{text}\n\nA teaser.\n\nPhoto: © AFP / A. Photographer\n\n© 2015 The Site, Inc."
    assert without_closing_notice(fallback, text) == f"{text}\n\nA teaser.\n\nPhoto: © AFP / A. Photographer"
    assert without_closing_notice(text, text) == text
    footer = "Site links\n\n© The Site 2010 – 2021\n\nAll rights reserved."
    assert without_closing_notice(f"{text}\n\n{footer}", text) == f"{text}\n\nSite links"


@pytest.mark.parametrize(
    ("page_id", "scrambled", "last", "gone"),
    [
        (
            "newspaper-self.com1",
            False,
            "the singer opted for a matte variety to tone-down the vivid hue.",
            "The Game-Changing Oil for Dry Hair and Split Ends",
        ),
        # the ratings' labels ("Teatro", "Exposiciones"); the article's own rating above the text stays
        ("newspaper-spanish_article", True, "¿podría recurrir mi imputación?.", "Exposiciones"),
    ],
)
def test_a_closing_run_of_link_lines_after_the_fallback_s_text_is_left_out(page_id, scrambled, last, gone):
    """No class marks the related posts (self.com: "RELATED:" and three headlines) or the ratings'
    links (a Spanish paper's "Puntualo 1 estrellas" …) trafilatura keeps after the text: each block
    is a link's whole text, no prose after them. The text ends with the article's last sentence."""
    row = next(r for r in load_manifest() if r["id"] == page_id)
    body = ours(row, page_bytes(row), scrambled=scrambled).body
    assert gone not in body
    assert last in body, body[-500:]
    # the article's last sentence, at most a short label after it (the first rating's "Conciertos")
    assert len(body) - body.index(last) - len(last) < 20, body[-500:]


def test_link_lines_the_densest_block_holds_or_before_prose_or_too_few_stay():
    links = "".join(f'<p><a href="/post-{n}/">Another post, number {n}</a></p>' for n in range(1, 5))
    root = fromstring(f"<html><body>{links}<p><a href='/tag/'>A tag</a></p></body></html>")
    text = f"{_COUNCIL}."
    run = "\n\n".join(f"Another post, number {n}" for n in range(1, 4))
    assert without_closing_links(root, f"{text}\n\nRead more:\n\n{run}\n\nPictures: X", text) == text
    # before a paragraph of prose: the article goes on (a list of links in its middle)
    assert without_closing_links(root, f"{text}\n\n{run}\n\n{text}", text) == f"{text}\n\n{run}\n\n{text}"
    # the densest block's own list of links
    assert without_closing_links(root, f"{text}\n\n{run}", f"{text} {run}") == f"{text}\n\n{run}"
    # two links are no run
    two = "Another post, number 1\n\nA tag"
    assert without_closing_links(root, f"{text}\n\n{two}", text) == f"{text}\n\n{two}"


@pytest.mark.parametrize(
    "page_id",
    [
        "trafilatura-laviedesidees.fr.evaluation",  # div.entry-content.chapo, then div.entry-content.texte
        "trafilatura-theatlantic.com.disasters",  # three section[itemprop=articleBody], ad slots between them
    ],
)
def test_a_text_printed_in_several_containers_of_one_name_is_whole(page_id):
    row, got = extracted(page_id)
    assert snippet_counts(got.body, row["expected"])[1] == 0, got.body[:2000]  # every snippet it must hold


def test_containers_of_one_name_continue_the_text_only_with_nothing_but_boilerplate_between():
    """The text goes on in the containers the same query finds after (or before) the first, with
    nothing between them but boilerplate (an ad slot and its label) and the text's subheadings, which
    come in their place; a container after other text (the post's navigation, a teaser's headline), one
    mostly of links (another post's teaser) and one in the comments are not the text."""
    long = "A paragraph of the article's own text, long enough to count " * 6
    ad = '<div class="ad-slot"><span>Advertisement</span></div>'
    teaser = '<div class="article-content"><a href="/a/">News</a><h3><a href="/b/">Another headline</a></h3></div>'
    html = (
        '<html><body class="single postid-7"><article class="post-7 post type-post"><h1>Headline</h1>'
        f'<div class="wrap"><section class="article-content"><p>{long} first.</p></section></div>{ad}'
        f'<div class="wrap"><h2>A subheading of the text</h2><section class="article-content"><p>{long} second.</p>'
        f"</section></div>{teaser}"
        '<nav class="post-navigation"><a href="/prev/">Previous post</a></nav>'
        f'<section class="article-content"><p>{long} after the navigation.</p></section></article>'
        f'<ol class="comment-list"><li class="comment"><div class="article-content"><p>{long} a comment.</p></div>'
        "</li></ol></body></html>"
    )
    body = body_text_of(html)
    assert "first." in body
    assert body.index("first.") < body.index("A subheading of the text") < body.index("second.")
    assert "Advertisement" not in body
    assert "Another headline" not in body
    assert "after the navigation." not in body
    assert "a comment." not in body
    # the chapô before the text: the text's first container may be a short one
    chapo = '<div class="entry-content chapo"><p>The chapô, a short paragraph that opens the text.</p></div>'
    html = article_page(f'{chapo}<div class="clear"></div><div class="entry-content texte"><p>{long} text.</p></div>')
    assert body_text_of(html).startswith("The chapô, a short paragraph")
    assert "text." in body_text_of(html)


def test_a_lead_is_no_paragraph_after_the_container_on_a_page_printed_on_one_line():
    """On a page printed on one line (every element's sourceline the same), the lead before the container
    ends at the container: a paragraph after it is not the text's start."""
    long = "A paragraph of the article's own text, long enough to count " * 6
    html = article_page(
        f'<div class="entry-content">{long} last.</div>'
        '<div class="box"><h2>From our editors</h2><p>The most important stories of the week in the industry, picked by our editors for you.</p></div>'
    )
    body = body_text_of(html)
    assert body.startswith("A paragraph of the article's own text")
    assert "The most important stories" not in body


def test_a_box_opening_with_an_html_comment_is_told_by_its_title_as_without_it():
    """A comment (or a processing instruction) before a box's title is no text: the bio titled "AUTOR"
    and the newsletter box titled by its appeal are left out as they are without it, and a comment
    before the text's own section changes nothing."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    bio = (
        '<div class="highlight"><!-- .highlight --><div class="header">AUTOR</div><h3>Dr. Jane Roe</h3>'
        "<p>ist Gründungspartnerin der Kanzlei Roe.</p></div>"
    )
    box = (
        '<div class="factbox"><?php box(); ?><h3><!-- title -->Sign up for the Daily newsletter</h3>'
        "<p>Never miss the latest news by signing up today!</p></div>"
    )
    section = f"<div><!-- section --><h3>The author's last novel</h3><p>{long} section.</p></div>"
    body = body_text_of(
        article_page(f'<div class="entry-content"><p>{long} first.</p>{box}{section}<p>{long} last.</p>{bio}</div>')
    )
    assert "first." in body
    assert "last." in body
    assert "Gründungspartnerin" not in body
    assert "AUTOR" not in body
    assert "Never miss the latest news" not in body
    assert "The author's last novel" in body
    assert "section." in body


def test_a_list_of_links_with_a_rule_among_its_items_is_a_list_of_links():
    """A post's tags printed as a list whose first item holds only a rule ("<li><hr/></li>", lacuarta.com's
    "Temas Relacionados") is a list of links, left out with its title; a list with an item of plain
    text stays."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    tags = (
        "<h2>Temas Relacionados</h2><ul><li><hr/></li>"
        '<li><a href="/temas/polemica/">Polémica</a></li><li><a href="/temas/farandula/">Farándula</a></li></ul>'
    )
    steps = '<ul><li><hr/></li><li><a href="/a/">Step one</a></li><li>Step two, in plain words</li></ul>'
    body = body_text_of(article_page(f'<div class="entry-content"><p>{long} first.</p>{steps}{tags}</div>'))
    assert "first." in body
    assert "Step two, in plain words" in body
    assert "Polémica" not in body
    assert "Temas Relacionados" not in body


def test_a_zoned_time_wins_over_the_same_wall_time_called_utc():
    """wikia: OpenGraph says 17:18:13-08:00, JSON-LD and the <time> the same wall time with "+00:00"."""
    row = next(r for r in load_manifest() if r["id"] == "readability-wikia")
    response = HtmlResponse(url=row["url"], body=page_bytes(row), request=Request(row["url"]))
    article = ArticlePage(response, timezone=READ_TZ, now=NOW).article()
    assert (article.published_at, article.published_at_source) == ("2017-02-24T01:18:13Z", "page")


def test_a_page_without_a_post_element_is_dated_by_the_line_after_its_headline():
    """pocketpc.ch: no post_class() element, no machine-readable date; "03.03.2011, 14:17" follows the <h1>."""
    row = next(r for r in load_manifest() if r["id"] == "trafilatura-pocketpc.ch.auslieferung")
    response = HtmlResponse(url=row["url"], body=page_bytes(row), request=Request(row["url"]))
    article = ArticlePage(response, timezone=READ_TZ, now=NOW).article()
    assert (article.published_at, article.published_at_source) == ("2011-03-03T14:17:00Z", "page text")


ITALIC_NOTES = """<html><body class="single postid-7"><article class="post-7 post type-post">
<h1>Headline</h1><div class="entry-content">
<p>{long} first.</p>
<p><em>Why does it matter? Read <a href="/other/">our earlier piece</a> first.</em></p>
<p>{long} second.</p>
<p><strong>Never miss a story again: <a href="/newsletter/">sign up for our newsletter</a> and read us every morning.</strong></p>
</div></article></body></html>"""


def test_an_italic_note_closing_the_text_is_left_out_but_italics_inside_it_stay():
    """A paragraph wholly in emphasis around a link is the publisher's note only after the text:
    inside it, it is an interview question, a quote or a lead (infosperber's italic lead)."""
    url = "https://example.org/2024/01/post/"
    html = ITALIC_NOTES.format(long="A paragraph of the article's own text, long enough to count " * 3)
    response = HtmlResponse(url=url, body=html.encode(), encoding="utf-8", request=Request(url))
    body = ArticlePage(response, timezone=READ_TZ, now=NOW).article().body_text or ""
    assert "Why does it matter?" in body
    assert "second." in body
    assert "newsletter" not in body
    assert_snippets("trafilatura-infosperber.ch-madagaskar")


CREDITS = """<html><body class="single postid-7"><article class="post-7 post type-post">
<h1>Headline</h1><div class="entry-content">
<p>{long} first.</p>
<p><img src="/a.jpg"></p><p>Foto: Jane Doe / Agentur</p>
<p>Photos of the launch show the rocket on its pad, {long}</p>
<p><strong>Family:</strong> <em>Nyctaginaceae</em></p>
<p><u>Beitragsbild:</u> Titelseite der Zeitung vom 2.4.2019, Ausriss.</p>
</div></article></body></html>"""


def test_picture_credits_printed_as_paragraphs_are_left_out():
    html = CREDITS.format(long="A paragraph of the article's own text, long enough to count " * 3)
    body = body_text_of(html)
    assert "first." in body
    assert "Photos of the launch" in body  # no credit: the word is not followed by ":", "by", "via"…
    assert "Family: Nyctaginaceae" in body  # the line before a credit is not its label
    assert "Jane Doe" not in body
    assert "Beitragsbild" not in body


def test_links_printed_as_blocks_are_left_out_with_their_label_but_linked_text_stays():
    """A "read also" box of teasers printed as blocks of links (not a list) inside the text is boilerplate,
    its label with it; a block of paragraphs holding links among their words is the text."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    html = article_page(
        f'<div class="entry-content"><p>{long} first.</p><div class="more"><h4>Read also</h4><div class="links">'
        '<div class="with-picture"><a href="/a"><img src="a.jpg"><div>The frigate program slips a year</div></a>'
        '<a href="/b"><div>Yard workers strike over pay</div></a></div>'
        '<div><a href="/c">The navy names its new submarine</a></div></div></div>'
        '<div class="wp-block-group"><p>The report <a href="/r">the navy published</a> names the yard and the'
        ' supply chain.</p><p>The admiral <a href="/q">told the committee</a> the delay would be short.</p></div>'
        f"<p>{long} last.</p></div>"
    )
    body = body_text_of(html)
    assert "first." in body
    assert "last." in body
    assert "frigate program" not in body
    assert "Yard workers" not in body
    assert "new submarine" not in body
    assert "Read also" not in body
    assert "names the yard" in body
    assert "the delay would be short" in body


def test_advertising_labels_are_left_out_but_the_word_inside_a_sentence_stays():
    long = "A paragraph of the article's own text, long enough to count " * 3
    html = article_page(
        '<div class="entry-content"><p><em>*Werbung. Dieser Beitrag enthält Werbung für <a href="/x">X</a>.</em></p>'
        f"<p>{long} first.</p><p>Anzeige</p><p>Werbung im Fernsehen kostet Geld, {long}</p></div>"
    )
    body = body_text_of(html)
    assert "first." in body
    assert "Dieser Beitrag enthält Werbung" not in body
    assert "Anzeige" not in body
    assert "Werbung im Fernsehen kostet Geld" in body  # no label: a long paragraph of the text


def test_a_picture_s_description_by_another_name_than_caption_is_left_out():
    """Captions whose class names the picture's description or metadata ("image-description",
    "imagedescription", "img-metadata__title", German "bildunterschrift") rather than a caption."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    html = article_page(
        f'<div class="entry-content"><p>{long} first.</p>'
        '<div class="content-img"><img src="a.jpg"><span class="image-description">The frigate at the yard, seen'
        " from the quay. © AFP / John Roe</span></div>"
        '<p class="imagedescription uk-text-center">Jane Roe, the yard\'s director. © AFP / Ann Lee</p>'
        '<div class="wpb_text_column bildunterschrift"><h6>Die Fregatte im Dock (Symbolbild)</h6></div>'
        '<span class="img-metadata__title">The admiral, photo: Navy archives</span>'
        f"<p>{long} last.</p></div>"
    )
    body = body_text_of(html)
    assert "first." in body
    assert "last." in body
    assert "quay" not in body
    assert "director" not in body
    assert "Dock" not in body
    assert "Navy archives" not in body


def test_an_embedded_instagram_post_s_placeholder_is_left_out():
    """Instagram's embed code prints a placeholder its script replaces ("View this post on Instagram",
    "A post shared by … (@…)"): not the article's text."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    html = article_page(
        f'<div class="entry-content"><p>{long} first.</p>'
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/x/"><div>'
        '<div style="padding: 19% 0;"></div><a href="https://www.instagram.com/p/x/">View this post on Instagram</a>'
        '<p><a href="https://www.instagram.com/p/x/">A post shared by Jane Roe (@janeroe)</a></p></div></blockquote>'
        f"<p>{long} last.</p></div>"
    )
    body = body_text_of(html)
    assert "first." in body
    assert "last." in body
    assert "Instagram" not in body
    assert "shared by" not in body


def test_an_ad_slot_s_label_is_left_out_but_the_word_in_a_sentence_stays():
    """An ad slot's label in a block of its own or set apart in a ``<small>``/``<span>`` is left out; the
    same word in a ``<span>`` inside a sentence, or as a heading's first word, is the text."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    html = article_page(
        f'<div class="entry-content"><p>{long} first.</p>'
        '<div class="slot"><div class="top-display"><small>Anzeige</small><br><script>load()</script></div></div>'
        '<div class="tl-ad-container"><h3 class="tl-ad-heading">Advertisement</h3></div>'
        f"<p>Die <span>Werbung</span> im Fernsehen kostet Geld.</p><h3>Advertising revenue fell</h3><p>{long} last.</p>"
        "</div>"
    )
    body = body_text_of(html)
    assert "first." in body
    assert "last." in body
    assert "Anzeige" not in body
    assert "Advertisement" not in body
    assert "Die Werbung im Fernsehen kostet Geld." in body
    assert "Advertising revenue fell" in body


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Sponsored by Senator Jane Roe, the amendment would cap the fleet at 280 ships.", False),
        ("Advertising revenue at the contractor fell by a third last year.", False),
        ("Anzeige: Dieser Beitrag entstand in Zusammenarbeit mit Barbour.", True),
        ("<strong>Anzeige</strong> Dieser Beitrag entstand mit Barbour.", True),
        ("– Advertisement –", True),
    ],
)
def test_a_short_sentence_opening_with_an_advertising_word_is_text(line: str, label: bool):
    """Only a label the page sets apart (alone, punctuated or a text node of its own) is left out:
    a defense story's "Sponsored by Senator …" is the story."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    html = article_page(f'<div class="entry-content"><p>{long} first.</p><p>{line}</p><p>{long} last.</p></div>')
    body = body_text_of(html)
    words = line.replace("<strong>", "").replace("</strong>", "")[:20]
    assert "first." in body
    assert "last." in body
    assert (words not in body) is label


def test_a_wrapper_classed_with_the_posts_terms_is_not_boilerplate():
    """post_class() prints a post's tags and categories as classes ("tag-social-media",
    "category-newsletters"): what the post is about, not a share bar or a newsletter box."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    html = article_page(
        f'<div class="entry-content"><p>{long} lead.</p><div class="inner tag-social-media category-newsletters'
        f' tag-cookies tag-consent-decree"><p>{long} first.</p><p>{long} last.</p></div>'
        '<div class="share-buttons"><a href="/s">Share on X</a></div></div>'
    )
    body = body_text_of(html)
    assert "lead." in body
    assert "first." in body
    assert "last." in body
    assert "Share on X" not in body


APPEALS = """<html><body class="single postid-7"><article class="post-7 post type-post">
<h1>Headline</h1><div class="entry-content">
<p>{long} first.</p>
<p>The service lost 200,000 subscribers, <a href="/report/">the report</a> says.</p>
<p>{long} last.</p>
<p>Subscribe now to our <a href="/e-edition/">e-edition</a> for the full story.</p>
<p>For breaking news download our apps for <a href="/ios/">iOS</a> and <a href="/android/">Android</a>.</p>
<div class="sharedaddy">Share this</div>
</div></article></body></html>"""


def test_appeals_closing_the_text_are_left_out_but_the_same_words_inside_it_stay():
    html = APPEALS.format(long="A paragraph of the article's own text, long enough to count " * 3)
    body = body_text_of(html)
    assert "200,000 subscribers" in body  # inside the text: a sentence of the article
    assert "last." in body
    assert "Subscribe now" not in body
    assert "download our apps" not in body  # the short linked line after the appeal goes with it


def test_a_call_to_the_reader_in_a_box_closing_the_text_is_left_out():
    """A box set apart after the text's bare paragraphs, holding only a short linked paragraph, is the
    publisher's call to the reader ("Want to share your thoughts? Write to us"), whatever it asks for;
    the writer's contact details in an ``<address>`` after it do not make it the text's. A closing
    paragraph printed as the others are, link and all, and a box holding more than one paragraph stay."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    cta = (
        '<section class="letters-cta"><p>Want to share your thoughts? <a href="/contact/letters/">Write to us</a>'
        " at letters@example.org.</p></section>"
    )
    writer = '<address><a href="/author/jane/">Jane Roe</a> is a staff writer.</address>'
    body = body_text_of(
        article_page(
            f'<div class="entry-content"><p>{long} first.</p>'
            f'<div class="box"><p>Inside a box, see <a href="/a">this</a>.</p><p>And more of it.</p></div>'
            f'<p>{long} middle.</p><p>{long} last, <a href="/source">the source</a> says.</p>{cta}{writer}</div>'
        )
    )
    assert "last, the source says." in body
    assert "Inside a box" in body
    assert "share your thoughts" not in body
    assert "staff writer" not in body


def test_the_byline_and_date_opening_the_container_are_no_text():
    """A theme printing the post's meta inside the text's container ("By Jane Roe" / "Dec 12, 2014
    12:06 PM" above the first paragraph): the date line and the byline before it are left out. A
    byline with no date beside it, and a date inside a sentence, stay."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    meta = (
        '<section class="article-meta"><div class="byline">By <a href="/author/jane/">Jane Roe</a></div>'
        '<div class="published"><span>Dec 12, 2014</span> <span>12:06 PM</span></div></section>'
    )
    body = body_text_of(article_page(f'<div class="entry-content">{meta}<p>{long} first.</p><p>{long} last.</p></div>'))
    assert body.startswith("A paragraph of the article's own text"), body[:100]
    signed = body_text_of(
        article_page(f'<div class="entry-content"><p>By Jane Roe</p><p>{long} first.</p><p>{long} last.</p></div>')
    )
    assert signed.startswith("By Jane Roe")
    assert without_meta_lines("Posted on April 22, 2022\n\nThe council met.") == "The council met."
    assert without_meta_lines("On April 22, 2022 the council met.\n\nMore.").startswith("On April 22")
    assert without_meta_lines("April 22, 2022") == "April 22, 2022"  # nothing but the date: kept


def test_a_line_of_published_and_updated_dates_opening_the_container_is_no_text():
    """A date line printing the publication's and the last change's dates side by side ("PUBLISHED:
    January 16, 2023 at 4:30 p.m. | UPDATED: January 17, 2023 at 3:58 a.m."): each part a label and a
    date, so the line is meta too. A part that is not a date keeps the line."""
    line = "PUBLISHED: January 16, 2023 at 4:30 p.m. | UPDATED: January 17, 2023 at 3:58 a.m."
    assert without_meta_lines(f"By Jane Roe |\n\n{line}\n\nThe council met.") == "The council met."
    assert without_meta_lines(f"{line}\n\nThe council met.") == "The council met."
    mixed = "PUBLISHED: January 16, 2023 | UPDATED: the council met"
    assert without_meta_lines(f"{mixed}\n\nMore.").startswith(mixed)


def test_a_labelled_tag_list_closing_the_text_is_no_text():
    """the_tags() printed as a list under the text, its label an item of its own without a link
    ("<li>Tags:</li><li><a rel="tag">Climate Change</a></li>…"): a list of links all the same. An
    item of text without a link that is no label keeps a list the text's."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    tags = (
        '<div class="tags"><ul><li>Tags:&nbsp;<li><a href="/tag/climate-change/" rel="tag">Climate Change</a></li>'
        '<li><a href="/tag/environment/" rel="tag">Environment</a></li>'
        '<li><a href="/tag/letters/" rel="tag">Letters</a></li></ul></div>'
    )
    body = body_text_of(article_page(f'<div class="entry-content"><p>{long} first.</p><p>{long} last.</p>{tags}</div>'))
    assert body.endswith("last."), body[-100:]
    assert "Climate Change" not in body
    steps = (
        '<ul><li>Mix the flour and the water well</li><li><a href="/a">Bake</a></li>'
        '<li><a href="/b">Serve</a></li></ul>'
    )
    kept = body_text_of(
        article_page(f'<div class="entry-content"><p>{long} first.</p>{steps}<p>{long} last.</p></div>')
    )
    assert "Mix the flour" in kept


def test_a_line_of_short_links_closing_the_text_is_no_text():
    """A line of short links alone closing the text ("Climate Change Environment") is a tag list,
    with or without core's rel="tag". A line of links inside the text, or a sentence around the
    links, stays."""
    long = "A paragraph of the article's own text, long enough to count " * 3

    def body(tail: str, after: str = "") -> str:
        return body_text_of(
            article_page(f'<div class="entry-content"><p>{long} first.</p><p>{long} last.</p>{tail}{after}</div>')
        )

    core = '<p><a rel="tag" href="/tag/a/">Climate Change</a>, <a rel="tag" href="/tag/b/">Energy</a></p>'
    assert body(core).endswith("last.")
    bare = '<p><a href="/topics/climate/">Climate Change</a> <a href="/topics/env/">Environment</a></p>'
    assert body(bare).endswith("last.")
    assert "Climate Change" in body(bare, f"<p>{long} after.</p>")  # not closing the text
    sentence = '<p>Read <a href="/a">Climate Change</a> and <a href="/b">Environment</a> for the story.</p>'
    assert "for the story" in body(sentence)


def test_a_subheading_before_an_ad_slot_is_the_text_not_its_label():
    """An ad slot between the text's paragraphs shows no text of its own (scripts, an ``<ins>``): no
    heading titles it, so the subheading before it is the text's. A heading before boilerplate that
    shows text (a list of links) is still its label and goes with it."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    ad = (
        '<div class="code-block code-block-3"><script async src="https://ads.example/ads.js"></script>'
        '<ins class="adsbygoogle" data-ad-slot="1"></ins><script>(adsbygoogle = []).push({});</script></div>'
    )
    related = (
        '<h3>More on this</h3><ul><li><a href="/a">An older post</a></li><li><a href="/b">Another one</a></li></ul>'
    )
    body = body_text_of(
        article_page(
            f'<div class="entry-content"><p>{long} first.</p><h2><strong>2023 on Track to Break Records</strong></h2>'
            f"{ad}<p>{long} middle.</p>{related}<p>{long} last.</p></div>"
        )
    )
    assert "2023 on Track to Break Records" in body
    assert "middle." in body
    assert "last." in body
    assert "More on this" not in body
    assert "An older post" not in body


def test_the_line_before_boilerplate_titled_by_its_own_heading_is_the_text_not_its_label():
    """Jetpack's share block prints its own title ("<h3 class="sd-title">Share this:</h3>"): the short
    line before it closes the text, it is no label. The label before a list of links without a title
    still goes with it."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    share = (
        '<div class="sharedaddy sd-sharing-enabled"><div class="sd-block sd-social">'
        '<h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>'
        '<li><a href="/x">Twitter</a></li><li><a href="/f">Facebook</a></li></ul></div></div></div>'
    )
    related = '<p>Related:</p><ul><li><a href="/a">An older post</a></li><li><a href="/b">Another one</a></li></ul>'
    body = body_text_of(
        article_page(
            f'<div class="entry-content"><p>{long} first.</p>{related}<p>{long} last.</p>'
            f"<p>– all pictures by Jane Roe –</p>{share}</div>"
        )
    )
    assert "last." in body
    assert "all pictures by Jane Roe" in body
    assert "Share this" not in body
    assert "Related:" not in body
    assert "An older post" not in body


def test_a_sentence_before_untitled_boilerplate_with_text_is_the_text_not_its_label():
    """A short line closing the text before a boilerplate block that has text and no heading of its
    own (the classic theme's "postmetadata" line) is no label when it reads as a sentence ("Weitere
    Termine folgen in Kürze…"); a label announcing or asking ("Mehr dazu:", "Gefällt dir dieser
    Beitrag?") still goes with the block it titles."""
    long = "A paragraph of the article's own text, long enough to count " * 3
    meta = (
        '<p class="postmetadata alt">Der Beitrag wurde am Mittwoch, den 27. November 2019 veröffentlicht und '
        'wurde unter <a href="/category/a" rel="category tag">Allgemein</a> abgelegt.</p>'
    )
    related = '<p>Mehr dazu:</p><div class="related-posts">Ein älterer Beitrag über dasselbe Thema</div>'
    vote = '<p>Gefällt dir dieser Beitrag?</p><div class="share-vote">Ja, teilen</div>'
    body = body_text_of(
        article_page(
            f'<div class="entry-content"><p>{long} first.</p>{related}<p>{long} middle.</p>{vote}'
            f"<p>{long} last.</p><p><strong>Weitere Termine folgen in Kürze…</strong></p>{meta}</div>"
        )
    )
    assert "Weitere Termine folgen in Kürze…" in body
    assert "Der Beitrag wurde" not in body
    assert "Mehr dazu" not in body
    assert "Gefällt dir" not in body
    assert "middle." in body


def test_a_closing_line_pointing_elsewhere_through_a_link_reading_here_is_left_out():
    long = "A paragraph of the article's own text, long enough to count " * 3
    html = article_page(
        f'<div class="entry-content"><p>{long} first. The full ruling is <a href="/r">here</a>.</p>'
        f'<p>{long} last.</p><p>All about hiking boots <a href="/boots/">here</a>.</p></div>'
    )
    body = body_text_of(html)
    assert "The full ruling is here." in body  # inside the text
    assert "last." in body
    assert "hiking boots" not in body


def test_a_reference_holding_little_of_a_text():
    text = "First block of ours.\n\nSecond  block of ours, longer than the first.\n\nThird."
    assert not holds_little_of("First block of ours. Second block of ours, longer than the first. x", text)
    assert holds_little_of("Warning: Use of undefined constant. First block of ours.", text)


def _unnamed_page(text: str, more: str) -> str:
    """A page whose every class and id is meaningless (a theme nobody has seen): the headline, the
    article's paragraphs in one block, then ``more``."""
    return (
        '<html><head><title>Road vote</title></head><body><div class="x1"><div class="x2"><h1>Road vote</h1>'
        f'<div class="x3">{text}</div></div>{more}</div></body></html>'
    )


_COUNCIL = (
    "The council voted on Tuesday to widen the road through the old town, after a debate that lasted"
    " most of the evening and drew a full public gallery of residents"
)


def test_the_densest_block_stays_when_the_fallback_extractor_adds_no_prose_to_it():
    """No class name says the teasers after the text are not the article: trafilatura keeps them (and
    the headline), and its text is longer than the densest block's by far. What it adds holds no
    paragraph of prose, so the densest block is the article."""
    text = "".join(f"<p>{_COUNCIL}{end}.</p>" for end in ("", ", again", ", once more"))
    teasers = "".join(
        f"<div>Another story of the week, number {n}, about something else entirely on.example/x{n}</div>"
        for n in range(1, 11)
    )
    body = body_text_of(_unnamed_page(text, f'<div class="x4"><h2>More from the site</h2>{teasers}</div>'))
    assert body.startswith(_COUNCIL)
    assert body.endswith("once more.")
    assert "Another story" not in body
    assert "More from the site" not in body


def test_the_fallback_extractor_s_text_stays_where_it_adds_the_article_s_other_paragraphs():
    """The text split over two blocks, the densest holding most of it: trafilatura's text adds the
    other block's paragraphs, prose, and stays."""
    text = "".join(f"<p>{_COUNCIL}{end}.</p>" for end in ("", ", again", ", once more"))
    mayor = (
        "The mayor said the work would start in the spring and finish within a year, and that the"
        " shops along the road would stay open while the builders were at work"
    )
    rest = f"<p>{mayor}.</p><p>{mayor}, she added.</p><p>The bridge comes later.</p>"
    body = body_text_of(_unnamed_page(text, f'<div class="x5">{rest}</div>'))
    assert _COUNCIL in body
    assert f"{mayor}, she added." in body
    assert adds_no_prose(f"{_COUNCIL}.\n\nShort line.\n\nAnother short line", f"{_COUNCIL}.")
    assert not adds_no_prose(f"{_COUNCIL}.\n\n{mayor}.", f"{_COUNCIL}.")


def test_the_container_ends_where_the_fallback_extractor_s_text_of_the_page_ends():
    first, second = "First paragraph of the article's text.", "Second  paragraph of the article's text."
    ours = f"A lead.\n\n{first}\n\n{second}\n\nSubscribe!"
    reference = f"{first}\n\nSecond paragraph of the article's text.\n\nSomething else."
    assert trim_tail(ours, reference) == f"A lead.\n\n{first}\n\n{second}"
    # a reference holding little of ours took another part of the page: it says nothing here
    assert trim_tail(ours, first) == ours
    assert trim_tail(ours, None) == ours


def test_trim_tail_off_keeps_what_follows_the_text_in_a_known_container():
    # DEFENSE_NEWS_TRIM_TAIL=False: no trafilatura run on a page whose container a table knows, so
    # the plain blocks printed after the text stay (the CPU it saves is in docs/extraction.md).
    row, got = extracted("trafilatura-impulse.de.eltern")
    response = HtmlResponse(url=row["url"], body=page_bytes(row), request=Request(row["url"]))
    whole = " ".join((ArticlePage(response, trim_tail=False).article().body_text or "").split())
    trimmed = " ".join(got.body.split())
    assert trimmed
    assert whole.startswith(trimmed)
    assert len(whole) > len(trimmed)
    assert any(s in whole for s in row["expected"]["without"])
    assert not any(s in trimmed for s in row["expected"]["without"])


def test_json_ld_wrapped_in_cdata_is_read():
    """spiceworks: the SEO plugin wraps its JSON-LD in ``<![CDATA[ … ]]>`` (XHTML habit); the only
    date printed is "Last Updated: January 7, 2025", the publication date is JSON-LD's."""
    row = next(r for r in load_manifest() if r["id"] == "readability-spiceworks")
    response = HtmlResponse(url=row["url"], body=page_bytes(row), request=Request(row["url"]))
    article = ArticlePage(response, timezone=READ_TZ, now=NOW).article()
    assert (article.published_at, article.published_at_source) == ("2020-07-10T14:15:42Z", "page")
    url = "https://example.org/2024/01/post/"
    html = (
        '<html><head><script type="application/ld+json">//<![CDATA[\n{"@type": "NewsArticle",'
        ' "headline": "Headline", "datePublished": "2024-01-02T03:04:05+00:00"}\n//]]></script></head>'
        "<body><p>text</p></body></html>"
    )
    page = ArticlePage(HtmlResponse(url=url, body=html.encode(), encoding="utf-8", request=Request(url)))
    assert page.jsonld.article().get("datePublished") == "2024-01-02T03:04:05+00:00"


@pytest.mark.parametrize(
    ("page_id", "day"),
    [
        # <div class="entry"> holds the <h1>, then "26 Mai, 2008 | author | Kommentare 34", then the
        # text; no machine-readable date, the permalink only a month
        ("trafilatura-archive.org.the-pain.net.silkroad", "2008-05-26"),
        # the post's element is the container: <h1>, <p>January 22, 2014</p>, the text
        ("trafilatura-womencantalksports.com-top10", "2014-01-22"),
    ],
)
def test_a_date_line_inside_a_container_that_holds_the_headline_dates_the_post(page_id, day):
    row = next(r for r in load_manifest() if r["id"] == page_id)
    response = HtmlResponse(url=row["url"], body=page_bytes(row), request=Request(row["url"]))
    article = ArticlePage(response, timezone=READ_TZ, now=NOW).article()
    assert (article.published_at, article.published_at_source, article.published_at_precision) == (
        day,
        "page text",
        "day",
    )


@pytest.mark.parametrize(
    "teaser",
    [
        # a page builder's blog module (Divi's et_pb_posts, Elementor's posts widget): one post_class() element a post
        '<div class="et_pb_blog_grid"><article class="et_pb_post post-41 post type-post status-publish hentry">'
        '<h2 class="entry-title"><a href="/other/">Why the frigate program slipped</a></h2>'
        "<p>The yard blamed the supply chain for the delay in a long statement today.</p></article></div>",
        # the block editor's query loop
        '<ul class="wp-block-post-template"><li class="wp-block-post post-42 post type-post status-publish">'
        '<h2 class="wp-block-post-title"><a href="/other/">Why the frigate program slipped</a></h2>'
        '<div class="wp-block-post-excerpt"><p>The yard blamed the supply chain for the delay in a long'
        " statement today.</p></div></li></ul>",
    ],
)
def test_another_post_s_element_inside_the_text_is_left_out(teaser: str):
    """post_class() marks every post a theme or a page builder prints (``post-N type-post``): inside
    the post's content such an element is another post's teaser, and the label before it goes with it."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    html = article_page(
        f'<div class="entry-content"><p>{long} first.</p><p>More on this:</p>{teaser}<p>{long} last.</p></div>'
    )
    body = body_text_of(html)
    assert "first." in body
    assert "last." in body
    assert "frigate" not in body
    assert "supply chain" not in body
    assert "More on this" not in body


def test_the_post_s_own_element_inside_a_container_is_its_text():
    """A container printed around the post's own post_class() element (its id in the body classes)
    keeps it."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    html = (
        '<html><body class="single postid-7"><div class="entry-content"><h1>Headline</h1>'
        f'<div class="post-7 post type-post"><p>{long} first.</p><p>{long} last.</p></div></div></body></html>'
    )
    body = body_text_of(html)
    assert "first." in body
    assert "last." in body


def test_a_wrapper_with_the_block_editor_s_style_classes_is_not_boilerplate():
    """The block editor's style and state classes (``is-style-no-buttons``, ``has-social-blue-background-color``,
    ``are-vertically-aligned-top``) say how a block looks, not what it is: a group of the text classed
    with them is no button, share bar or newsletter box. The words as the element's own name still are."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    html = article_page(
        f'<div class="entry-content"><p>{long} lead.</p>'
        '<div class="wp-block-group is-style-no-buttons has-social-blue-background-color has-background">'
        f'<p class="has-newsletter-accent-color has-text-color">{long} first.</p>'
        '<div class="wp-block-columns are-vertically-aligned-top is-style-share-like">'
        f"<p>{long} last.</p></div></div>"
        '<div class="share-buttons has-small-font-size"><a href="/s">Share on X</a></div></div>'
    )
    body = body_text_of(html)
    assert "lead." in body
    assert "first." in body
    assert "last." in body
    assert "Share on X" not in body


@pytest.mark.parametrize(
    "header",
    [
        # a subtitle heading right after the headline, in a header printed outside the post's element
        "<header><h1>Headline</h1><h2>The yard blamed the supply chain for a delay of two years on the program</h2></header>",
        # tagDiv's and WP Subtitle's paragraph, named for a subtitle
        '<header><h1>Headline</h1><p class="td-post-sub-title">The yard blamed the supply chain for a delay of two'
        " years on the program</p></header>",
    ],
)
def test_a_subtitle_printed_after_the_headline_is_the_body_s_start(header: str):
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    html = (
        f'<html><body class="single postid-7"><div class="site-header"><h1><a href="/">Site</a></h1></div>{header}'
        f'<article class="post-7 post type-post"><div class="entry-content"><p>{long} first.</p><p>{long} last.</p>'
        '</div></article><aside class="widget"><h1>Popular</h1><h2>A sidebar teaser heading long enough to count'
        " as a lead paragraph</h2></aside></body></html>"
    )
    body = body_text_of(html)
    assert body.startswith("The yard blamed the supply chain"), body[:200]
    assert "last." in body
    assert "sidebar teaser" not in body


def test_the_lead_between_the_headline_and_the_text_is_the_body_s_start():
    """A standfirst printed in a header of its own after the headline, beside the article's element,
    is the text's first paragraph; the meta line, a picture's paragraph and a sidebar between them are not."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    html = (
        '<html><body class="single postid-7"><main><header class="article-header"><h1>Headline</h1>'
        '<p class="meta">By Jane Roe, Naval Correspondent | March 5, 2025 | Comments (3)</p>'
        "<figure><p>The carrier at dawn, seen from the deck of the escort that sailed with her.</p></figure>"
        '<div class="intro"><p>The yard blamed the supply chain for a delay of two years on the program.</p>'
        "<p>The navy says the second ship will still be delivered on time, and the third one too.</p></div>"
        '<aside class="sidebar"><p>A sidebar paragraph long enough to be taken for the lead of the text.</p></aside>'
        f'</header><article><div class="entry-content"><p>{long} first.</p><p>{long} last.</p></div></article>'
        "</main></body></html>"
    )
    body = body_text_of(html)
    assert body.startswith("The yard blamed the supply chain"), body[:200]
    assert "The navy says the second ship" in body
    assert "last." in body
    assert "Correspondent" not in body
    assert "escort" not in body
    assert "sidebar" not in body


def test_the_lead_after_a_headline_printed_as_an_h2_is_the_body_s_start():
    """A theme printing its headline as an ``<h2>`` (no ``<h1>`` before the text) has its standfirst
    read as one after an ``<h1>`` headline is: the ``<h2>`` the page's title names is the headline. An
    ``<h2>`` naming something else (a section) leads to no lead."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4

    def page(heading: str) -> str:
        return (
            "<html><head><title>The carrier is two years late | Naval News</title></head>"
            f'<body class="single postid-7"><main><header class="article-header"><h2>{heading}</h2>'
            '<p class="meta">By Jane Roe, Naval Correspondent | March 5, 2025 | Comments (3)</p>'
            '<div class="intro"><p>The yard blamed the supply chain for a delay of two years on the program.</p>'
            "</div></header>"
            f'<article><div class="entry-content"><p>{long} first.</p><p>{long} last.</p></div></article>'
            "</main></body></html>"
        )

    body = body_text_of(page("The carrier is two years late"))
    assert body.startswith("The yard blamed the supply chain"), body[:200]
    assert "Correspondent" not in body
    assert "last." in body
    assert "The yard blamed" not in body_text_of(page("Shipbuilding"))


def test_a_lead_printed_as_a_bare_div_or_a_long_h2_deck_is_the_body_s_start():
    """Between the headline and the text, the lead may be a ``<div>`` holding its text itself
    ("article__perex") or a deck printed as an ``<h2>`` ("article-deck"), not right after the headline
    (a meta line between them). A short ``<h2>`` there (a section's title) and a ``<div>`` of blocks
    (a byline box) are not leads."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    lead = (
        "The yard blamed the supply chain for a delay of two years on the program, the navy said today in a statement."
    )

    def page(between: str) -> str:
        return (
            '<html><body><main><div class="article"><h1>Headline</h1>'
            '<div class="meta"><span>By Jane Roe</span> <span>March 5, 2025</span></div>'
            f'{between}<div class="article__content"><p>{long} first.</p><p>{long} last.</p></div>'
            "</div></main></body></html>"
        )

    for between in (f'<div class="article__perex">\n  {lead}\n</div>', f'<h2 class="article-deck">{lead}</h2>'):
        body = body_text_of(page(between))
        assert body.startswith("The yard blamed the supply chain"), body[:200]
        assert "last." in body
    short = "A section title long enough for a lead, sixty chars and more."
    assert short not in body_text_of(page(f"<h2>{short}</h2>"))
    box = f"<div>About the writer<p>{lead}</p></div>"
    assert not body_text_of(page(box)).startswith("About the writer")


def test_a_heading_after_the_headline_that_is_short_or_a_link_is_no_subtitle():
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    for after in (
        "<h2>Defense</h2>",
        '<h2><a href="/category/navy/">All the news of the navy, the fleet and the yards</a></h2>',
    ):
        html = (
            f'<html><body class="single postid-7"><header><h1>Headline</h1>{after}</header>'
            f'<article class="post-7 post type-post"><div class="entry-content"><p>{long} first.</p></div></article>'
            "</body></html>"
        )
        body = body_text_of(html)
        assert body.startswith("The carrier group"), body[:200]


def test_a_subtitle_wrapped_alone_in_a_div_like_its_headline_is_the_body_s_start():
    """Page builders wrap each header line in a ``<div>`` of its own ("title-container" around the
    ``<h1>``, "epigraph-container" around the ``<h2>``): a wrapper holding nothing else stands for what it
    wraps. A wrapper holding more than the heading (here a share bar) is no subtitle's."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    sub = "The yard blamed the supply chain for a delay of two years on the program"
    for after, wanted in (
        (f"<div><h2>{sub}</h2></div>", True),
        (f"<div><div><h2>{sub}</h2></div></div>", True),
        (f'<div><h2>{sub}</h2><a href="/share">Share</a></div>', False),
    ):
        html = (
            f'<html><body class="single postid-7"><div class="top"><div class="title"><h1>Headline</h1></div>{after}'
            f'</div><article class="post-7 post type-post"><div class="entry-content"><p>{long} first.</p></div>'
            "</article></body></html>"
        )
        body = body_text_of(html)
        assert body.startswith("The yard blamed") is wanted, (after, body[:200])


def test_the_site_s_tagline_after_its_name_is_no_subtitle():
    """Classic themes print the site's name as an ``<h1>`` linking home and its tagline as the ``<h2>``
    after it ("site-description"); on a blog whose post title is an ``<h2>`` that is the last ``<h1>``
    before the text."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    html = (
        '<html><body class="single postid-7"><header><h1><a href="https://example.org/">Naval Notes</a></h1>'
        '<h2 class="site-description">Ships, yards, sailors and whatever else comes in between them</h2></header>'
        f'<article class="post-7 post type-post"><h2 class="entry-title">Headline</h2><div class="entry-content">'
        f"<p>{long} first.</p></div></article></body></html>"
    )
    body = body_text_of(html)
    assert body.startswith("The carrier group"), body[:200]


def test_a_copyright_notice_is_left_out_but_a_sentence_about_copyright_stays():
    """A line opening with "©", "(c) 2024" or "Copyright 2024" is the publisher's or an agency's
    notice (a syndicated story's "© 2024 The Associated Press. All rights reserved. …", a picture's
    "© Jane Doe"), never a sentence of the text; "Copyright law …" is one."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    html = article_page(
        f'<div class="entry-content"><p>{long} first.</p>'
        "<p>Copyright law protects the charts too, the court said on Monday.</p>"
        f"<p>{long} last.</p>"
        "<p>© 2024 The Associated Press. All rights reserved. This material may not be published, broadcast,"
        " rewritten or redistributed without permission. Reprinting content without permission or payment is"
        " theft and punishable by law, and so the notice goes on to say at some length.</p>"
        "<p>Copyright 2023 Sunbeam Television Corp. All rights reserved.</p>"
        "<p><span>©</span> Jane Doe</p></div>"
    )
    body = body_text_of(html)
    assert "Copyright law protects" in body
    assert "last." in body
    assert "Associated Press" not in body
    assert "Sunbeam" not in body
    assert "Jane Doe" not in body


def test_a_paywall_s_offer_after_its_marker_is_left_out():
    """A paywall plugin marks where the free text ends (an empty element named for it) and prints its
    offer after it as plain paragraphs ("To view the full story, please subscribe …")."""
    long = "The carrier group sailed into the strait at dawn, and the admiral spoke. " * 4
    html = article_page(
        f'<div class="entry-content"><p>{long} first.</p><p>{long} last.</p>'
        '<div class="newspack_restrict_content_message_start" style="height: 10em"></div>'
        '<p>To view the full story, please subscribe to <a href="/subscribe/">The Naval Times</a>.</p>'
        "<p>When you join the family you get unlimited digital access to journalism you won't get anywhere"
        " else, reporting from the yards, the fleets and the ministries.</p></div>"
    )
    body = body_text_of(html)
    assert body.endswith("last."), body[-300:]
    # a metered paywall's marker with the rest of the article after it: no end
    rest = "".join(f"<p>{long} more {i}.</p>" for i in range(8))
    html = article_page(
        f'<div class="entry-content"><p>{long} first.</p><div class="paywall-marker"></div>{rest}</div>'
    )
    assert body_text_of(html).endswith("more 7.")
    # a paywall's marker before a preview of the rest: the article's own paragraphs, no offer
    html = article_page(
        f'<div class="entry-content"><p>{long} first.</p><p>{long} second.</p><div id="steady_paywall"></div>'
        "<p>The yard blamed the supply chain for the delay.</p></div>"
    )
    assert body_text_of(html).endswith("supply chain for the delay.")


def test_the_scrambled_page_renames_the_theme_s_classes_and_keeps_core_s():
    xhtml = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n<html><body class="single"><article id="main" '
        'class="post-7 hentry entry"><h1 class="entry-title">Ä headline</h1></article></body></html>'
    )
    row = {"id": "x", "site": "example.org", "url": "https://example.org/a/"}
    page = fromstring(scrambled_body(row, xhtml.encode("iso-8859-1")).decode("utf-8"))
    article = page.xpath("//body/div")[0]
    assert article.get("class").split()[:2] == ["post-7", "hentry"]
    assert "entry" not in article.get("class").split()
    assert article.get("id") != "main"
    assert page.xpath("//h1")[0].get("class") != "entry-title"
    assert page.xpath("string(//h1)") == "Ä headline"


def test_a_field_right_as_printed_and_wrong_scrambled_is_lost_to_the_scramble():
    printed, scrambled = Tally(), Tally()
    printed.check("authors", True, "p1 authors: ['A'] != ['A']")
    printed.check("title", False, "p2 title: 'x' != 'y'")
    scrambled.check("authors", False, "p1 authors: [] != ['A']")
    scrambled.check("title", True, "p2 title: 'y' != 'y'")
    assert lost_to_scramble(printed, scrambled) == (["p1 authors: [] != ['A']"], ["p2 title: 'x' != 'y'"])


@pytest.mark.parametrize(
    "page_id",
    [
        # the byline's author link under the headline; an author box and teasers after the text
        "readability-002",
        "trafilatura-blog.gaijinpot.com.chikan",
        "trafilatura-tegernseerstimme.de-klimavorreiter",
        # an hCard under the headline (core's comments print one too: its class names stay)
        "readability-wikia",
        "trafilatura-archiv.krimiblog.de.2895",
        "trafilatura-tageswoche.ch-weg",
        # one writer's link before the text; a teaser's two (citylimits) or a blogroll (timesofisrael) after it
        "trafilatura-citylimits.org-nycha",
        "trafilatura-timesofisrael.com.washington",
        # the name as the item beside the date in a line before the text
        "trafilatura-siegessaeule.de-machtinstrument",
        "trafilatura-oetv.at-taucher",
    ],
)
def test_bylines_as_a_theme_nobody_has_seen_prints_them(page_id):
    """The page with every class and id its theme chose renamed (tests/unknown_theme.py)."""
    row = next(r for r in load_manifest() if r["id"] == page_id)
    got = ours(row, page_bytes(row), scrambled=True)
    assert authors_ok(got.authors, row["expected"]["authors"]), got.authors


def test_blocks_of_links_laid_out_over_many_lines_are_blocks_of_links():
    """The share of a block's text its links hold is read without the whitespace that lays it out:
    teasers of other posts printed one tag a line, deeply indented, each a ``<div>`` holding a linked
    headline (watson.ch's "little boxes"), are blocks of links however much whitespace is between them."""
    long = "A paragraph of the article's own text, long enough to count " * 6
    pad = "\n" + " " * 60
    teasers = "".join(
        f'{pad}<div>{pad}<a href="/story/{n}/">{pad}<h2>Headline {n} of another post</h2>{pad}</a>{pad}</div>'
        for n in range(3)
    )
    body = body_text_of(article_page(f'<div class="entry-content"><p>{long} first.</p><div>{teasers}{pad}</div></div>'))
    assert "first." in body
    assert "of another post" not in body
