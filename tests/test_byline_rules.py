"""Byline rules written for publishers nobody has seen (issue 21): each on a small hand-written page
of the general pattern, expected values as a reader of the page would name the writers."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse, Request

from defense_news.pages import ArticlePage
from defense_news.pages.byline_names import unique_names
from defense_news.pages.published_label import PUBLISHED_WORDS

URL = "https://news.example.org/2023/11/crash/"
TEXT = "The first paragraph of the text, long enough to be the text of the article itself. " * 4


def _page(head: str = "", header: str = "", text: str = "", after: str = "", url: str = URL) -> ArticlePage:
    html = f"""<html><head><meta property="og:site_name" content="Daily Example">{head}</head>
<body class="single single-post postid-7"><article class="post-7 post"><header><h1>Crash on the bridge</h1>
{header}</header><div class="entry-content">{text}<p>{TEXT}</p><p>{TEXT}</p></div>{after}</article></body></html>"""
    return ArticlePage(HtmlResponse(url=url, body=html.encode(), encoding="utf-8", request=Request(url)))


def _ld(author: object, raw: str | None = None) -> str:
    data = raw or json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "author": author})
    return f'<script type="application/ld+json">{data}</script>'


def _meta_author(name: str) -> str:
    return f'<meta name="author" content="{name}">'


def test_a_date_printed_after_the_name_is_not_part_of_it():
    assert _page(header='<div class="byline">By Jane Doe March 3, 2021</div>').authors() == ["Jane Doe"]
    assert _page(header='<div class="byline">Von Anna Müller am 3. März 2021</div>').authors() == ["Anna Müller"]
    # the theme's spans run together: the day glued to the name's last letter
    assert _page(header='<div class="byline">Lucas Nolan22 Dec 2016</div>').authors() == ["Lucas Nolan"]
    # the date first, the writer after
    posted = '<div class="byline">Posted on May 3, 2021 by Jane Doe</div>'
    assert _page(header=posted).authors() == ["Jane Doe"]
    # buttons printed in the byline's element before "By"
    buttons = '<div class="byline">Menu Share Subscriptions Sign Out By Jane Doe Updated21:22</div>'
    assert _page(header=buttons).authors() == ["Jane Doe"]
    # a number inside an account's name is the name's
    assert _page(header='<div class="byline">By freeman1984</div>').authors() == ["freeman1984"]


def test_labels_and_other_contributors_around_the_writer():
    assert _page(head=_meta_author("Author: Jane Doe")).authors() == ["Jane Doe"]
    assert _page(head=_meta_author("Text: Ann Lee, Fotos: Bo Chen")).authors() == ["Ann Lee"]
    assert _page(head=_meta_author("Jo Park; Al Kim")).authors() == ["Jo Park", "Al Kim"]
    assert _page(head=_meta_author("By Jane Doe, The Washington Post")).authors() == ["Jane Doe"]
    assert _page(head=_meta_author("Anna Müller, Chefredakteurin")).authors() == ["Anna Müller"]
    assert _page(head=_meta_author("&#039;Jo Park, Al Kim&#039;")).authors() == ["Jo Park", "Al Kim"]
    # a profile's address is nobody's name
    assert _page(head=_meta_author("https://www.facebook.com/jane.doe")).authors() == []


def test_entities_in_json_ld_names_are_read():
    # SEO plugins print HTML entities inside JSON-LD strings
    assert _page(head=_ld({"@type": "Person", "name": "Lindsey O&#039;Donnell"})).authors() == ["Lindsey O'Donnell"]


def test_json_ld_with_a_raw_line_break_in_a_string_is_read():
    raw = '{"@context": "https://schema.org", "@type": "BlogPosting", "description": "One\nTwo",\n'
    raw += '"author": {"@type": "Person", "name": "Jacopo Roe"}}'
    assert _page(head=_ld(None, raw)).authors() == ["Jacopo Roe"]


def test_the_site_s_own_name_gives_way_to_a_writer_named_later():
    byline = '<div class="byline">By Jane Doe</div>'
    # JSON-LD's author is the site (og:site_name), the theme's byline names the writer
    assert _page(head=_ld({"@type": "Person", "name": "Daily Example"}), header=byline).authors() == ["Jane Doe"]
    # an Organization, the host's name, the site's short name before its long one
    organization = _ld({"@type": "Organization", "name": "DE Media"})
    assert _page(head=organization, header=byline).authors() == ["Jane Doe"]
    assert _page(head=_meta_author("news.example.org"), header=byline).authors() == ["Jane Doe"]
    short = '<meta property="og:site_name" content="DE - Daily Example">' + _meta_author("DE")
    assert _page(head=short, header=byline).authors() == ["Jane Doe"]
    # nobody else named: the site's name stands
    assert _page(head=_ld({"@type": "Person", "name": "Daily Example"})).authors() == ["Daily Example"]
    assert _page(head=organization).authors() == ["DE Media"]


def test_an_account_s_login_gives_way_to_the_name():
    login = _ld({"@type": "Person", "name": "edilson.la.rosa"}) + _meta_author("Edilson La Rosa")
    assert _page(head=login).authors() == ["Edilson La Rosa"]
    assert _page(head=_ld({"@type": "Person", "name": "edilson.la.rosa"})).authors() == ["edilson.la.rosa"]


def test_a_sentence_after_von_is_no_byline():
    teaser = "<p>Urlaub von Frankreich hat so viel zu bieten</p>"
    assert _page(header=teaser).authors() == []
    # a sentence before "von": the name after it is the story's subject
    assert _page(header="<h2>Die Polizei fand die Leiche von Esmeralda Roe</h2>").authors() == []
    assert _page(header="<p>Mitarbeiter profitieren von Gruppenrabatten</p>").authors() == []
    # a label or a date before it is a meta line
    assert _page(header="<p>Posted in News by Jane Doe</p>").authors() == ["Jane Doe"]
    assert _page(header="<p>Posted on September 21, 2020 by Adi Roe</p>").authors() == ["Adi Roe"]
    assert _page(header="<p>Von Lars Fischer und Alina Schadwinkel</p>").authors() == [
        "Lars Fischer",
        "Alina Schadwinkel",
    ]


def test_term_links_in_the_byline_s_element_are_no_writers():
    meta = (
        '<div class="author vcard"><span class="date">01.12.2022</span> / <a href="/autor/jane/">Jane Doe</a> / '
        '<a href="/thema/csp/" rel="tag">CSP</a> / <a href="/thema/solar/" rel="tag">Solar</a></div>'
    )
    assert _page(header=meta).authors() == ["Jane Doe"]


def _plain(body: str, head: str = "", url: str = "https://news.example.org/politik/a-story-1234") -> ArticlePage:
    """A page no WordPress printed: no body classes, no post element."""
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return ArticlePage(HtmlResponse(url=url, body=html.encode(), encoding="utf-8", request=Request(url)))


STORY = f"<h1>Crash on the bridge</h1><div class='text'><p>{TEXT}</p><p>{TEXT}</p></div>"


def test_writers_pages_of_other_systems_name_the_writer_when_the_slug_is_the_name():
    byline = '<div class="story-author"><a href="/autor/juan-carlos-munoz-la-cuarta/">Juan Carlos Muñoz C.</a></div>'
    assert _plain(f"<article>{byline}{STORY}</article>").authors() == ["Juan Carlos Muñoz C."]
    # a link to the writer's page that reads otherwise is no byline
    overview = '<div class="story-author"><a href="/autoren/moritz-roe/">Zur Artikelübersicht</a></div>'
    assert _plain(f"<article>{overview}{STORY}</article>").authors() == []


def test_a_teaser_s_writers_are_not_the_post_s_co_authors():
    teaser = (
        '<div class="teaser"><img src="/a.jpg" alt=""><h5><a href="/artikel/2023/38/gruppenreisende">Gruppenreisende</a></h5>'
        '<span class="autor"><a href="/autorin/tobias-becker">Tobias Becker</a> <a href="/autorin/christine-pfeifer">'
        "Christine Pfeifer</a></span></div>"
    )
    page = _plain(f"<article>{STORY}{teaser}</article>", head=_meta_author("Ernst Lohoff"))
    assert page.authors() == ["Ernst Lohoff"]


def test_a_line_naming_the_kind_of_text_and_its_writer():
    interview = (
        "<p><em>Ein Interview von <strong>Eugen Zentner</strong> mit <strong>Sonja Silberhorn</strong>.</em></p>"
    )
    assert _page(text=interview, head=_meta_author("Paul Soldan")).authors() == ["Eugen Zentner"]
    assert _page(text="<p>A guest post by Jane Doe</p>").authors() == ["Jane Doe"]
    credits = "<p><em>Text von Christian Seiler \xa0 Illustration von Markus Roost</em></p>"
    assert _page(text=credits).authors() == ["Christian Seiler"]
    # a sentence is none
    assert _page(text="<p>Der Artikel von gestern ist falsch</p>").authors() == []


def test_microdata_authors_outside_an_article_element():
    header = (
        '<div class="authorInfo"><ul itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<li><span itemprop="name">César Salza</span></li></ul></div>'
    )
    assert _plain(f"{header}<article>{STORY}</article>").authors() == ["César Salza"]
    # a picture's credit is not the article's author
    figure = (
        '<figure><img src="/a.jpg"><figcaption><span itemprop="author">(Image: Colin Roe)</span></figcaption></figure>'
    )
    assert _plain(f"{figure}<article>{STORY}</article>").authors() == []


def test_opengraph_article_author_when_it_is_a_name():
    assert _plain(STORY, head='<meta property="article:author" content="Marie Jaster">').authors() == ["Marie Jaster"]
    profile = '<meta property="article:author" content="https://www.facebook.com/mariejaster">'
    assert _plain(STORY, head=profile).authors() == []


def test_a_wire_story_s_credit_under_the_headline():
    header = '<header><h1>Masks stolen</h1><p class="credit">JIJI</p></header>'
    page = _plain(f"<article>{header}<div class='text'><p>{TEXT}</p><p>{TEXT}</p></div></article>")
    assert page.authors() == ["JIJI"]


def test_a_wire_story_s_credit_between_the_headline_and_the_text_of_a_page_without_a_post_element():
    # no <article>, no post class: the credit under the headline, before the text
    header = '<div class="t1"><h1>Crash on the bridge</h1></div><p class="t2">JIJI</p>'
    assert _bare_page(header).authors() == ["JIJI"]
    # the agency's name above the headline is the menu's, not the story's credit
    assert _bare_page('<p class="t2">JIJI</p><h1>Crash on the bridge</h1>').authors() == []


def test_the_post_author_s_comment_names_the_post_s_account():
    # nothing else names anyone: the comment comment_class() marks "bypostauthor" is the post author's
    comments = (
        '<ol class="commentlist"><li class="comment byuser comment-author-jancak bypostauthor" id="comment-5">'
        '<div class="comment-author vcard"><cite class="fn">jancak<span class="badge">Autor</span></cite></div>'
        "<p>Ebenfalls alles Gute!</p></li></ol>"
    )
    assert _page(after=comments).authors() == ["jancak"]
    # a byline wins over it
    assert _page(header='<div class="byline">By Jane Doe</div>', after=comments).authors() == ["Jane Doe"]
    # a comment template without core's .fn: the name in its .comment-author block
    cite = (
        '<ol><li class="comment byuser comment-author-annroe bypostauthor" id="comment-6"><cite class="comment-author">'
        '<img class="avatar avatar-32" src="/a.png"> <a href="https://ann.example.net/" class="url">Ann Roe</a></cite>'
        "<p>Thanks for reading!</p></li></ol>"
    )
    assert _page(after=cite).authors() == ["Ann Roe"]


def test_elementor_s_post_info_widget_names_the_author():
    # Every Elementor element is an "elementor-widget…": the scope rules take it for a sidebar widget
    info = (
        '<div class="elementor-element elementor-widget elementor-widget-post-info"><div class="elementor-widget-container">'
        '<ul class="elementor-post-info"><li class="elementor-icon-list-item" itemprop="author">'
        '<a href="/author/anna-roe/"><span class="elementor-icon-list-text elementor-post-info__item '
        'elementor-post-info__item--type-author">Anna Roe</span></a></li></ul></div></div>'
    )
    assert _page(header=info).authors() == ["Anna Roe"]


def test_elementor_s_post_info_custom_item_holding_a_name():
    # a desk's account posted a columnist's text: the site's meta author, the name in a custom item
    def info(custom: str) -> str:
        return (
            '<div class="elementor-widget elementor-widget-post-info"><ul class="elementor-post-info">'
            '<li><span class="elementor-post-info__item elementor-post-info__item--type-date">19. Oktober 2019</span></li>'
            f'<li><span class="elementor-post-info__item elementor-post-info__item--type-custom">{custom}</span></li></ul></div>'
        )

    site = _meta_author("Daily Example")
    assert _page(head=site, header=info("Boris T. Roe")).authors() == ["Boris T. Roe"]
    # a custom item holding a word, a reading time is none
    assert _page(head=site, header=info("Kommentare")).authors() == ["Daily Example"]
    assert _page(head=site, header=info("Lesezeit: 3 Minuten")).authors() == ["Daily Example"]


def test_a_byline_line_anywhere_on_a_page_without_a_post_element():
    # the label in an element of its own, the name in the next
    split = '<div class="meta"><span>By</span><span><a href="/about/team/ann-lee">Ann Lee</a></span></div>'
    assert _plain(f"<div class='head'>{split}</div>{STORY}").authors() == ["Ann Lee"]
    assert _plain(f"{STORY}<div><p>By</p><p>Todd Roe</p></div>").authors() == ["Todd Roe"]
    # "Author:" and a date after the name; a date before "von"
    labelled = "<ul><li><span>Author: <a href='/team/gabor-roe'>Gàbor Roe</a>, Datum: 03.Mär.19</span></li></ul>"
    assert _plain(labelled + STORY).authors() == ["Gàbor Roe"]
    assert _plain(f"<h2>Stars <span>06.11.2023 13:30 von Olga</span></h2>{STORY}").authors() == ["Olga"]
    assert _plain(f"<p>Geschrieben von <a href='/u?id=6'>Cooper</a> am 25.08.2015</p>{STORY}").authors() == ["Cooper"]
    # the meta author naming the site gives way to it
    site = '<meta property="og:site_name" content="L-MAG">' + _meta_author("L-MAG")
    assert _plain(f"{STORY}<p>Von Claudia Roe</p>", head=site).authors() == ["Claudia Roe"]
    # prose around "von"/"by" is none: words before the label that are neither a date nor a label
    prose = "<p>Die Polizei fand die Leiche von Esmeralda Roe</p><p>200 Feathers von Rockys</p>"
    assert _plain(prose + STORY).authors() == []
    assert _plain(f"{STORY}<p>KB3075249 vom 18.08.2015: offizielle Beschreibung von Microsoft »</p>").authors() == []
    # nor is a sidebar's byline
    assert _plain(f"{STORY}<aside class='sidebar'><p>By Jane Doe</p></aside>").authors() == []


def test_an_element_classed_author_holding_only_a_name():
    header = '<h1>Crash on the bridge</h1><p class="author">Sandra Roe</p>'
    assert _plain(f"<article>{header}<div class='text'><p>{TEXT}</p><p>{TEXT}</p></div></article>").authors() == [
        "Sandra Roe"
    ]
    # a sentence in it is no name, nor is a sidebar's author box
    assert _plain(f"<p class='author'>Der Autor lebt in Köln</p>{STORY}").authors() == []
    assert _plain(f"{STORY}<aside class='sidebar'><p class='author'>Jane Doe</p></aside>").authors() == []


def test_an_element_named_for_the_author_s_info_holding_a_name_first():
    # a BEM layout's "author-info" (its "__txt" part): the name, then the day the text was checked
    info = (
        '<div class="author-info"><img src="/sara.jpg" alt=""><div class="author-info__txt">'
        "<span>Sara Roe</span> <span>Stand: 05. Februar 2020</span></div></div>"
    )
    text = f"<div class='text'><p>{TEXT}</p><p>{TEXT}</p></div>"
    assert _plain(f"<main><h1>Crash on the bridge</h1>{info}{text}</main>").authors() == ["Sara Roe"]
    # an author box's title is not the name; a label alone ("von") is none
    box = '<div class="author-info"><h4>Über den Autor</h4><p>Jan Roe</p></div>'
    assert _plain(STORY + box).authors() == ["Jan Roe"]
    assert _plain(f"<div class='article-author'>von</div>{STORY}").authors() == []
    # a follow button glued to the name is not part of it
    follow = (
        '<div class="author-info"><h3><a href="https://social.example.com/in/ingaroe">Inga Roe</a>'
        '<a class="author-info__follow-button" href="/login">Follow</a></h3></div>'
    )
    assert _plain(f"<main><h1>Crash on the bridge</h1>{follow}{text}</main>").authors() == ["Inga Roe"]
    # nor is its bio ("author-bio") or its box, which hold more than the name
    assert _plain(f"{STORY}<div class='author-bio'>Jan Roe</div>").authors() == []


def test_an_interview_s_byline_names_both_people():
    byline = '<div class="byline">Ann Lee im Gespräch mit Bo Chen</div>'
    assert _page(header=byline).authors() == ["Ann Lee", "Bo Chen"]


def test_a_byline_line_indented_by_its_template_is_still_a_line():
    # 38 characters of text, 150 with the template's newlines and indentation
    pad = "\n" + " " * 16
    meta = f'<div class="article_meta_info">{pad}yas!{pad}<span class="sr">| By </span>{pad}'
    meta += f"<span>Cara Roe</span> |{pad}<time>April 13, 2020</time>{pad}<span></span>{pad}<span></span>{pad}</div>"
    assert _plain(f"<header>{meta}</header>{STORY}").authors() == ["Cara Roe"]


def test_a_byline_line_closing_the_text():
    credits = (
        "<p>(to be continued)<br><strong>Text:</strong> Klaus Roe</p><p><strong>Fotos:</strong> Bo Chen, Al Kim</p>"
    )
    sources = "<p>Literatur:<br>Gebhardt, Wolfgang: Lastwagen 1903 bis 1971. Stuttgart 2007</p>"
    assert _plain(f"<h1>Crash</h1><div class='text'><p>{TEXT}</p><p>{TEXT}</p>{credits}{sources}</div>").authors() == [
        "Klaus Roe"
    ]
    # a job title before the name is the name's
    closing = (
        f"<p>{TEXT}<br><br>Quelle: www.example.org<br><br>Autor: <a href='/anwalt/'>Rechtsanwalt</a> Sebastian Roe</p>"
    )
    assert _plain(f"<h1>Crash</h1><div class='text'><p>{TEXT}</p>{closing}</div>").authors() == ["Sebastian Roe"]
    # a line of the text opening with "By" is none
    assert _plain(f"<h1>Crash</h1><div class='text'><p>{TEXT}</p><p>By the way, it rained.</p></div>").authors() == []


def test_a_name_signed_in_bold_under_the_text():
    def story(last: str) -> str:
        return f"<article><h1>Buch der Woche</h1><div class='text'><p>{TEXT}</p><p>{TEXT}</p>{last}</div></article>"

    assert _plain(story("<p class='clearfix'> <strong>Marina Roe</strong> </p>")).authors() == ["Marina Roe"]
    # a sentence, a label, a line in the paragraph besides the name, more text after it: none
    assert _plain(story("<p><strong>Info zur Bewertung</strong></p>")).authors() == []
    assert _plain(story("<p><strong>Photocredits: Christin Roe</strong></p>")).authors() == []
    assert _plain(story("<p><strong>Marina Roe</strong> (Hrsg.)</p>")).authors() == []
    assert _plain(story("<p><strong>Marina Roe</strong></p><p>Blessing, 816 Seiten, nur heute</p>")).authors() == []


def test_a_name_signed_in_bold_under_a_text_printed_in_two_containers():
    # the text goes on in a second container of the same name, past an ad slot: it signs there
    first = f"<div class='entry-content'><p>{TEXT}</p><p>{TEXT}</p></div>"
    ad = "<div class='ad-slot'><span>Anzeige</span></div>"
    second = f"<div class='entry-content'><p>{TEXT}</p><p><strong>Marina Roe</strong></p></div>"
    page = _plain(f"<article><h1>Buch der Woche</h1>{first}{ad}{second}</article>")
    assert page.body_text().endswith("Marina Roe")
    assert page.authors() == ["Marina Roe"]


def test_a_name_holding_the_site_s_gives_way_to_a_writer():
    # the site's desk, the club's full name around the host's name (news.example.org: "newsexample")
    closing = f"<div class='text'><p>{TEXT}</p><p>{TEXT}<br>Autor: Jo Roe</p></div>"
    desk = _meta_author("Example.org-Redaktion") + '<meta property="og:site_name" content="Example.org">'
    assert _plain(f"<h1>Crash</h1>{closing}", head=desk).authors() == ["Jo Roe"]
    club = _meta_author("FC News Example")
    assert _plain(f"<h1>Crash</h1>{closing}", head=club).authors() == ["Jo Roe"]
    assert _plain("<h1>Crash</h1><div class='text'><p>" + TEXT + "</p></div>", head=club).authors() == [
        "FC News Example"
    ]


def test_a_name_printed_after_the_date_beside_the_headline():
    text = f"<div class='text'><p>{TEXT}</p><p>{TEXT}</p></div>"
    after = "<h1>Crash on the bridge</h1><p class='muted'>11.12.2019 - Amelie Roe</p>"
    assert _plain(f"<div>{after}</div>{text}", head="<title>Crash on the bridge</title>").authors() == ["Amelie Roe"]
    before = "<small>04.02.2022 | 13:10 Uhr | Uta Roe</small><!-- x --><h1>Crash on the bridge</h1>"
    assert _plain(f"<div>{before}</div>{text}", head="<title>Crash on the bridge</title>").authors() == ["Uta Roe"]
    # a category after the date is no writer: a link, or a single word
    for line in ("March 3, 2021 | <a href='/local-news/'>Local News</a>", "11.12.2019 - Politik", "Jane Roe - Editor"):
        page = _plain(
            f"<div><h1>Crash on the bridge</h1><p>{line}</p></div>{text}", head="<title>Crash on the bridge</title>"
        )
        assert page.authors() == [], line


def test_a_login_or_a_one_word_json_ld_name_as_the_page_prints_it_in_full():
    login = _ld({"@type": "Person", "name": "christian.roe"})
    text = "<p>Die Gemeindepolitik bleibt spannend. (Christian P. Roe) +++</p>"
    assert _page(head=login, text=text).authors() == ["Christian P. Roe"]
    one_word = _ld({"@type": "Person", "name": "Todd"})
    box = '<div class="wrapper"><p class="label">By</p><p class="full-name">Todd Bates</p></div>'
    assert _page(head=one_word, after=box).authors() == ["Todd Bates"]
    # a name printed otherwise, in a sentence, or twice stays as it is; so does the site's name
    assert _page(head=one_word, text="<p>Todd Bates said so.</p>").authors() == ["Todd"]
    two = '<p class="a">Todd Bates</p><p class="b">Todd Roe</p>'
    assert _page(head=one_word, after=two).authors() == ["Todd"]
    assert _page(head=one_word, after='<ul class="menu"><li>Todd Jobs</li></ul>').authors() == ["Todd"]
    site = '<meta property="og:site_name" content="Solarserver">' + _ld({"@type": "Person", "name": "Solarserver"})
    assert _plain(f"<p>Solarserver Jobs</p>{STORY}", head=site).authors() == ["Solarserver"]


def test_initials_as_the_page_prints_the_name_their_archive_s_slug_spells():
    byline = '<span class="author vcard"><a class="url fn n" href="/author/donaldroe/" rel="author">DR</a></span>'
    notice = (
        '<aside class="widget"><p>Ein Hundetagebuch von <a href="/">Donald Roe</a> steht unter CC BY 3.0.</p></aside>'
    )
    assert _page(header=byline, after=notice).authors() == ["Donald Roe"]
    # unchanged when the page prints no name spelling the slug
    assert _page(header=byline).authors() == ["DR"]
    other = byline.replace("donaldroe", "donroe")
    assert _page(header=other, after=notice).authors() == ["DR"]


def test_an_aside_holding_the_post_s_meta_is_no_sidebar():
    meta = '<aside class="meta"><p class="authors">Von:<br><i><a href="/autor/moritz-roe-21589" class="author-name">Moritz Roe</a></i></p></aside>'
    assert _plain(
        f"<article><h1>Crash on the bridge</h1>{meta}<div class='text'><p>{TEXT}</p></div></article>"
    ).authors() == ["Moritz Roe"]
    # a sidebar's author box stays out, an <aside> or not
    box = meta.replace('class="meta"', 'class="sidebar"')
    assert (
        _plain(f"<article><h1>Crash on the bridge</h1><div class='text'><p>{TEXT}</p></div></article>{box}").authors()
        == []
    )


def test_a_theme_byline_in_another_post_s_teaser_is_not_the_post_s():
    own = '<div class="signature">par <span class="vcard author"><a class="url fn" href="/_Roe-Florence_.html">Florence Roe</a></span></div>'
    teaser = (
        '<div class="item"><h2><a href="https://www.news.example.org/L-evaluation-de-la-recherche,732.html">'
        "L’évaluation de la recherche</a></h2><div class='infos'>par <span class='vcard author'>"
        "<a class='url fn' href='/_Roe-Bernard_.html'>Bernard Roe</a></span>, le 28 mai 2009</div></div>"
    )
    page = _plain(
        f"<h1>Crash on the bridge</h1>{own}<div class='text'><p>{TEXT}</p></div>{teaser}",
        url="https://news.example.org/crash.html",
    )
    assert page.authors() == ["Florence Roe"]


def test_a_wrapper_named_for_a_widget_or_sidebar_holding_the_text_is_no_sidebar():
    # Blogger prints its posts in a "widget Blog"; the post's footer names its author
    footer = (
        "<div class='post-footer'><span class='post-author vcard'>Eingestellt von <span class='fn' itemprop='author' "
        "itemscope itemtype='http://schema.org/Person'><a href='https://www.blogger.com/profile/1' rel='author'>"
        "<span itemprop='name'>Weinlachgummi</span></a></span></span></div>"
    )
    post = f"<div class='post hentry'><h3>Crash on the bridge</h3><div class='post-body entry-content'><p>{TEXT}</p><p>{TEXT}</p></div>{footer}</div>"
    sidebar = "<div class='sidebar'><div class='widget Profile'><a href='/author/jane-roe/'>Jane Roe</a></div></div>"
    assert _plain(f"<div class='main'><div class='widget Blog'>{post}</div></div>{sidebar}").authors() == [
        "Weinlachgummi"
    ]
    # a theme's "sidebar-wrapper" around the article: its author box is the post's, the sidebar's is not
    box = "<div class='author-bio footer'><h3>Martin Roe</h3><p><a href='/author/martin'>Alles von Martin Roe</a></p></div>"
    wrapper = f"<div class='sidebar-wrapper'><div class='article-wrapper'><div class='entry-content'><p>{TEXT}</p><p>{TEXT}</p></div>{box}</div>{sidebar}</div>"
    assert _plain(f"<article class='post-7 post'><h1>Crash on the bridge</h1>{wrapper}</article>").authors() == [
        "Martin Roe"
    ]
    assert (
        _plain(
            f"<article class='post-7 post'><h1>Crash on the bridge</h1>{wrapper.replace(box, '')}</article>"
        ).authors()
        == []
    )


@pytest.mark.parametrize("word", PUBLISHED_WORDS)
def test_every_publication_word_leads_a_byline_and_a_dated_line(word):
    """The one list of publication words (published_label.PUBLISHED_WORDS) is what the byline rules read
    too: "Postado por …" leads a byline as "Posted by …" does, and "Pubblicato ieri by …" is no name."""
    assert unique_names([f"{word.capitalize()} by Jane Doe"]) == ["Jane Doe"]
    assert unique_names([f"{word.capitalize()} yesterday by Jane Doe"]) == ["Jane Doe"]


def test_author_links_before_the_text_are_the_byline_and_one_name_per_writer_s_page():
    # a theme whose class names say nothing: the byline under the headline, an author box and another
    # post's teaser after the text, all links to writers' pages
    byline = '<div class="t1"><a href="/author/jane-doe/">Jane Doe</a></div>'
    box = '<div class="t2"><a href="/author/jane-doe/">Read more articles by Jane Doe…</a></div>'
    teaser = '<div class="t3"><a href="/author/john-roe/">John Roe</a> <span>Jan 3</span></div>'
    assert _page(header=byline, after=box + teaser).authors() == ["Jane Doe"]
    # no link before the text: the author box after it names the writer, once
    name = '<div class="t2"><a href="/author/jane-doe/">Jane Doe</a></div>'
    assert _page(after=name + box).authors() == ["Jane Doe"]


def test_an_hcard_before_the_text_names_the_writer_of_a_theme_with_unknown_class_names():
    site = '<div class="t0"><span class="vcard"><span class="fn">Daily Example</span></span></div>'
    byline = '<h4 class="vcard t1">vom <span class="fn">Krimiblogger</span></h4>'
    teaser = '<p><a href="/other/">Other post</a> <span class="vcard"><a class="fn">Collectif</a></span></p>'
    page = _page(header=site + byline, after=teaser)
    assert page.authors() == ["Krimiblogger"]
    # an hCard after the text is another post's teaser's, not the byline
    assert _page(after=teaser).authors() == []


def test_writers_links_after_the_text_are_no_co_authors_when_the_byline_links_one_before_it():
    byline = '<div class="t1"><a href="/author/ann-lee/">Ann Lee</a></div>'
    teaser = '<div class="t3"><span>By <a href="/author/jo-roe/">Jo Roe</a> and <a href="/author/al-kim/">Al Kim</a></span></div>'
    assert _page(header=byline, after=teaser).authors() == ["Ann Lee"]


def test_writers_links_only_after_the_text_to_many_writers_are_a_list_not_the_byline():
    roll = "".join(f'<div class="t4"><a href="/author/{n.lower()}/">{n} Roe</a></div>' for n in ("Al", "Bo", "Cy"))
    assert _page(head=_meta_author("Emily Burack"), after=roll).authors() == ["Emily Burack"]
    # an author box after the text naming the post's two writers stays
    box = "".join(f'<div class="t4"><a href="/author/{n.lower()}/">{n} Roe</a></div>' for n in ("Al", "Bo"))
    assert _page(head=_meta_author("Emily Burack"), after=box).authors() == ["Al Roe", "Bo Roe"]


def test_a_name_printed_as_the_item_beside_the_date_before_the_text():
    line = (
        '<div class="t5"><span class="t6">28. Jan. 2022</span> <span class="t7"><span>Paula Balov</span></span></div>'
    )
    assert _page(header=line).authors() == ["Paula Balov"]
    line = '<p class="t5"><span><span>Michael Mäser</span>, </span><span><time datetime="2022-02-02">02.02.2022</time></span></p>'
    assert _page(header=line).authors() == ["Michael Mäser"]
    # a category link beside the date, words between the items, a line after the text: no byline
    link = '<div><span>28. Jan. 2022</span> <a href="/local-news/">Local News</a></div>'
    sentence = "<div><span>28. Jan. 2022</span> met <span>Paula Balov</span></div>"
    assert _page(header=link + sentence).authors() == []
    assert _page(after=line).authors() == []


def _bare_page(body: str) -> ArticlePage:
    """A page of a theme with no ``<article>`` element and class names that say nothing."""
    html = f"""<html><head><title>Crash on the bridge</title></head><body class="single single-post postid-7">
{body}<div class="t9"><p>{TEXT}</p><p>{TEXT}</p></div></body></html>"""
    return ArticlePage(HtmlResponse(url=URL, body=html.encode(), encoding="utf-8", request=Request(URL)))


def test_writers_links_before_the_headline_are_a_menu_when_one_is_under_it():
    menu = "".join(f'<li><a href="/author/{n.lower()}-roe/">{n} Roe</a></li>' for n in ("Al", "Bo", "Cy"))
    byline = '<div class="t1">By <a href="/author/ben-silverman/">Ben Silverman</a></div>'
    page = _bare_page(f'<ul class="t0">{menu}</ul><h1>Crash on the bridge</h1>{byline}')
    assert page.authors() == ["Ben Silverman"]
    # a byline printed above the headline, none under it: still the byline
    page = _bare_page(f'{byline}<h1>Crash on the bridge</h1><p class="t2">A short lead.</p>')
    assert page.authors() == ["Ben Silverman"]


def test_rel_author_links_before_the_text_are_the_byline_not_the_ones_after_it():
    byline = '<div class="t1">By <a rel="author" href="/profiles/jane-doe/">Jane Doe</a></div>'
    tags = "".join(f'<li><a rel="author" href="/profiles/{n.lower()}-roe/">{n} Roe</a></li>' for n in ("Al", "Bo"))
    html = f"""<html><head><title>Crash on the bridge</title></head><body class="single single-post postid-7">
<div class="t0"><h1>Crash on the bridge</h1>{byline}<div class="t9"><p>{TEXT}</p><p>{TEXT}</p></div>
<ul class="t3">{tags}</ul></div></body></html>"""
    page = ArticlePage(HtmlResponse(url=URL, body=html.encode(), encoding="utf-8", request=Request(URL)))
    assert page.authors() == ["Jane Doe"]
    # none before the text: the ones after it stand
    html = html.replace(byline, "")
    page = ArticlePage(HtmlResponse(url=URL, body=html.encode(), encoding="utf-8", request=Request(URL)))
    assert page.authors() == ["Al Roe", "Bo Roe"]


def test_a_name_alone_right_after_the_headline_is_the_byline_of_a_theme_with_unknown_class_names():
    assert _bare_page('<h1>Crash on the bridge</h1><p class="t1">Sandra Arm</p>').authors() == ["Sandra Arm"]
    both = '<h1>Crash on the bridge</h1><div class="t1">Von Ann Lee und Bo Roe</div>'
    assert _bare_page(both).authors() == ["Ann Lee", "Bo Roe"]
    # a subtitle, a date, a linked section, a name further down: no byline
    for line in (
        '<p class="t1">Why the council waited so long.</p>',
        '<p class="t1">01.02.2022</p>',
        '<p class="t1"><a href="/local/">Local News</a></p>',
        '<p class="t1">Jane Roe - Editor</p>',
        '<p class="t1">Why?</p><p class="t2">Sandra Arm</p>',
        '<h2 class="t1">Sandra Arm</h2>',
    ):
        assert _bare_page(f"<h1>Crash on the bridge</h1>{line}").authors() == [], line


def test_a_subtitle_of_capitalised_words_under_the_headline_is_no_name():
    # a phrase opening with a numeral, an article or a question word
    for subtitle in ("Drei Fragen", "Die Bilanz", "Warum Jetzt", "The Big Picture"):
        assert _bare_page(f'<h1>Crash on the bridge</h1><p class="t1">{subtitle}</p>').authors() == [], subtitle
    # words the text prints in lowercase too ("the first paragraph of the text, long enough…") are
    # common words, not a person's names
    assert _bare_page('<h1>Crash on the bridge</h1><p class="t1">Long Text</p>').authors() == []
    # a name still is, one of its words printed in lowercase or not
    assert _bare_page('<h1>Crash on the bridge</h1><p class="t1">Amy Long</p>').authors() == ["Amy Long"]


def test_a_teaser_card_printing_its_writer_in_a_list_of_its_own_is_another_post_s():
    # the card's headline five levels above its writer's link, the template's indentation around
    pad = "\n" + " " * 60
    card = (
        f'<li><div class="t5">{pad}<h5><a href="/2019/04/remembering-the-old-neon-sign/">Remembering the'
        f" old neon sign</a></h5>{pad}<div>{pad}<ol>{pad}<li>{pad}<span>"
        f'<a href="/authors/mark-roe/">Mark Roe</a></span>{pad}</li>{pad}</ol>{pad}<span>Jul 17, 2014</span>'
        f"{pad}</div>{pad}</div></li>"
    )
    byline = '<div class="t1"><ol><li><span><a href="/authors/sarah-lee/">Sarah Lee</a></span></li></ol></div>'
    teasers = f'<div class="t2"><h4>Recommended</h4><ul class="t3">{card}</ul></div>'
    page = _bare_page(f"<h1>Crash on the bridge</h1>{byline}<div class='t4'><p>{TEXT}</p></div>{teasers}")
    assert page.authors() == ["Sarah Lee"]


def test_an_address_element_opening_with_a_name_names_the_writer():
    # HTML's element for the contact of its article's author, on a theme with unknown class names
    address = '<address class="t2"><link href="https://www.gravatar.com/avatar/71"><span>Frank Roe</span></address>'
    assert _bare_page(f"<h1>Crash on the bridge</h1>{address}").authors() == ["Frank Roe"]
    about = "<address><p>Leah C. Roe</p><p>Assistant professor of political science</p></address>"
    assert _bare_page(f"<h1>Crash on the bridge</h1>{about}").authors() == ["Leah C. Roe"]
    # a desk's one word, a postal address, a sentence: none
    for text in ("Pressestelle", "Hauptstraße 5, 12345 Berlin", "Write to us at the desk"):
        assert _bare_page(f"<h1>Crash on the bridge</h1><address>{text}</address>").authors() == [], text


def test_a_byline_line_listing_three_writers_names_them_all():
    line = '<h1>Crash on the bridge</h1><p class="t1">By Jane Doe, John Roe and Al Kim</p>'
    assert _bare_page(line).authors() == ["Jane Doe", "John Roe", "Al Kim"]
    dated = "<p>Posted on March 3, 2021 by Anna Lee, Bo Chen und Cy Park | 3 Kommentare</p>"
    assert _plain(dated + STORY).authors() == ["Anna Lee", "Bo Chen", "Cy Park"]
    # a dateline after the name is no second writer
    assert _bare_page('<h1>Crash on the bridge</h1><p class="t1">By Jane Doe, Washington</p>').authors() == ["Jane Doe"]
