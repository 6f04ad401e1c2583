"""Title rules of defense_news/pages/headline.py on small hand-written pages of the general patterns
seen on real pages (tests/fixtures/real_pages: the tuning and other sets)."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.http import HtmlResponse, Request

from defense_news.pages import ArticlePage

URL = "https://news.example.org/politics/some-story"


def title_of(html: str, url: str = URL) -> str | None:
    response = HtmlResponse(url=url, body=html.encode(), encoding="utf-8", request=Request(url))
    return ArticlePage(response, timezone=UTC, now=datetime(2026, 1, 1, tzinfo=UTC)).article().title


def news_page(head: str, header: str, text: str = "<p>" + "The council met on Monday. " * 20 + "</p>") -> str:
    """A news site's article page (no WordPress markup): ``head`` in <head>, ``header`` over the text."""
    return (
        f"<html><head>{head}</head><body><header><a href='/' class='logo'>Daily Example</a></header>"
        f"<main><article><div class='articlehead'>{header}</div><div class='text'>{text}</div></article></main>"
        "</body></html>"
    )


def test_a_kicker_named_as_one_is_not_part_of_the_headline_though_the_titles_state_it():
    """The titles say "Kicker - Headline"; the <h1> marks the kicker with its class."""
    html = news_page(
        '<title>Future of work - "We rearrange the deck chairs" | Daily Example</title>'
        '<meta property="og:title" content="Future of work - &quot;We rearrange the deck chairs&quot;">',
        '<h1><span class="overline">Future of work</span>"We rearrange the deck chairs"</h1>',
    )
    assert title_of(html) == '"We rearrange the deck chairs"'


def test_a_kicker_in_the_microdata_headline_with_a_hidden_separator():
    html = news_page(
        '<meta property="og:title" content="Pandemic - How people die matters">',
        '<h1 itemprop="headline"><span class="teaser__kicker">Pandemic</span>'
        '<span class="visually-hidden"> - </span><span class="h1">How people die matters</span></h1>',
    ).replace("<article>", '<article itemscope itemtype="https://schema.org/Article">')
    assert title_of(html) == "How people die matters"


def test_a_first_child_not_named_a_kicker_stays_when_the_titles_state_it():
    """mtb-news: the JSON-LD headline is "Subtitle: Headline", the publisher's whole headline."""
    html = news_page(
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Tubeless tyres: step by step, how to fit them"}</script>',
        '<h1><span class="article-subtitle">Tubeless tyres</span> step by step, how to fit them</h1>',
    )
    assert title_of(html) == "Tubeless tyres step by step, how to fit them"


def blog_page(head: str, header: str) -> str:
    """A hosted blog's post (no WordPress markup): the blog's name as the header's <h1>."""
    text = "<p>" + "The flow now places and routes the design. " * 20 + "</p>"
    return (
        f"<html><head>{head}</head><body><div class='header'><h1 class='title'>"
        "<a href='https://example.blogspot.tw/'>Example Blog</a></h1></div>"
        f"<div class='post'>{header}<div class='post-body'>{text}</div></div></body></html>"
    )


def test_an_h1_the_title_holds_beside_the_headline_opengraph_states_is_the_site_s_name():
    """<title> "Blog: Headline", og:title "Headline": the <h1> "Blog" is not the headline (its home
    link on another host of the same blog, so no home-link rule catches it)."""
    html = blog_page(
        "<title>Example Blog: Open flow for programmable logic</title>"
        '<meta property="og:title" content="Open flow for programmable logic">',
        "<h3 class='post-title'>Open flow for programmable logic</h3>",
    )
    assert title_of(html, "https://example.blogspot.com/2016/05/open-flow.html") == "Open flow for programmable logic"


def test_an_h1_the_title_and_opengraph_both_hold_is_the_headline():
    html = blog_page(
        "<title>Example Blog | Example Blog</title><meta property='og:title' content='Example Blog'>",
        "<h3>Weekly notes</h3>",
    )
    assert title_of(html, "https://example.blogspot.com/2016/05/notes.html") == "Example Blog"


def test_the_h2_the_title_ends_with_after_the_site_s_name_is_the_headline():
    """No <h1>, no OpenGraph or JSON-LD: <title> "Site | Headline" and the headline as an <h2>."""
    html = (
        "<html><head><title>Jane's Digital Home | Journey to Python 3</title></head><body>"
        "<div class='content'><div class='blog_post'><h2>Journey to Python 3</h2><div class='post_prose'>"
        + "<p>The port took years. </p>"
        * 10
        + "<h2>Porting</h2><p>It began in 2008.</p></div></div></div>"
        "<div class='sidebar'><h2>Categories</h2></div></body></html>"
    )
    assert title_of(html) == "Journey to Python 3"


def test_an_h2_naming_a_section_inside_the_title_is_not_the_headline():
    html = (
        "<html><head><title>Journey to Python 3 - Notes - Jane's Home</title></head><body>"
        "<div class='content'><h2>Notes</h2><div class='post'>" + "<p>The port took years. </p>" * 10 + "</div></div>"
        "</body></html>"
    )
    assert title_of(html) == "Journey to Python 3 - Notes - Jane's Home"


def headless_page(head: str, home: str = "Example Law") -> str:
    """A page printing no heading for its post: only its <title>/og:title name it."""
    return (
        f"<html><head>{head}</head><body><div id='header'><a href='/'>{home}</a></div>"
        "<div class='post'>" + "<p>The court ruled on the case today. </p>" * 10 + "</div></body></html>"
    )


def test_the_site_s_name_before_the_headline_is_cut():
    html = headless_page("<title>Example Law » Does the ban on pseudonyms break the law?</title>")
    assert (
        title_of(html, "https://law.example.de/2011/07/pseudonyms.html") == "Does the ban on pseudonyms break the law?"
    )


def test_a_site_name_printed_against_the_headline_without_spaces_is_cut_in_chinese():
    html = headless_page("<title>武汉的声音：英雄的城！-新华网</title>", home="新华网")
    assert title_of(html, "http://www.xinhuanet.com/local/2020-02/19/c_1.htm") == "武汉的声音：英雄的城！"


def test_the_site_named_as_its_domain_is_cut():
    html = headless_page(
        "<meta property='og:title' content='Friday Facts #282 - 0.17 in sight | Factorio'>", home="Home"
    )
    assert title_of(html, "https://www.factorio.com/blog/post/fff-282") == "Friday Facts #282 - 0.17 in sight"


def test_a_link_closing_the_h1_after_the_headline_is_the_site_s_name():
    """The site's header <h1> holds the headline, then a link to the edition's front page."""
    html = (
        "<html><head><title>Council approves the budget » Local » News » Daily Island</title></head><body>"
        "<header><div class='logo'><h1><span class='define'>Council approves the budget</span>"
        "<a href='/island.html'>Daily Island</a></h1></div></header>"
        "<div class='story'>" + "<p>The council met on Monday. </p>" * 10 + "</div></body></html>"
    )
    assert title_of(html) == "Council approves the budget"


def test_an_h1_of_a_section_link_then_the_headline_s_link_is_the_headline():
    html = news_page(
        "<title>Council approves the budget | Daily Island</title>",
        "<h1><a href='/local/'>Local</a><a href='/local/budget'>Council approves the budget</a></h1>",
    )
    assert title_of(html) == "Council approves the budget"


def test_a_kicker_inside_the_headline_s_link_is_not_part_of_it():
    html = news_page(
        '<meta property="og:title" content="Budget: Council approves the budget">',
        '<h1><a href="/local/budget"><span class="kicker">Budget</span> Council approves the budget</a></h1>',
    )
    assert title_of(html) == "Council approves the budget"


def test_an_svg_icon_s_title_is_not_the_page_s_title():
    """A page printing no <title>: the share bar's inline SVG icons carry one each ("Facebook")."""
    html = (
        "<html><head><meta charset='utf-8'></head><body><header><a href='/'>Daily</a>"
        "<a href='https://facebook.com/daily'><svg><title>Facebook</title><path d='M0 0'/></svg></a></header>"
        "<div class='post'><h2 class='post-title'>Council approves the budget</h2>"
        + "<p>The council met on Monday. </p>" * 10
        + "</div></body></html>"
    )
    assert title_of(html) != "Facebook"


def test_a_style_sheet_a_page_builder_prints_inside_the_heading_is_not_its_text():
    """No title holds the <h1> (the <title> says something else): it is read as the article's <h1>."""
    html = news_page(
        "<title>Daily Island</title>",
        "<h1><style>.elementor-heading-title{color:#222}</style>Council approves the budget</h1>",
    )
    assert title_of(html) == "Council approves the budget"


def test_a_title_longer_than_a_headline_is_passed_over_and_counted():
    """A broken page's og:title runs on for 100 KB: the next source, the <title>, names the article."""
    huge = "Council approves the budget " * 4000
    page = ArticlePage(
        HtmlResponse(
            url=URL,
            body=news_page(f"<meta property='og:title' content='{huge}'><title>Budget approved</title>", "").encode(),
            encoding="utf-8",
            request=Request(URL),
        ),
        timezone=UTC,
    )
    assert page.article().title == "Budget approved"
    assert page.overlong_titles == 1


def test_a_title_no_shorter_source_replaces_is_cut_to_a_headline_s_length():
    title = title_of(news_page("<title>" + "Council approves the budget " * 4000 + "</title>", ""))
    assert title is not None
    assert len(title) <= 300
    assert title.endswith(" Council approves…")  # at a word's end


def plain_page(head: str, url: str = URL) -> str | None:
    """The title of a page whose headline no heading prints: it comes from og:title or <title>."""
    text = "<p>The council met on Monday. </p>" * 10
    return title_of(f"<html><head>{head}</head><body><div class='text'>{text}</div></body></html>", url)


def test_the_site_s_name_spelled_its_own_way_is_cut():
    site = "<meta property='og:site_name' content='Daily Example'>"
    assert (
        plain_page(site + "<title>Council approves the budget - DAILY-EXAMPLE</title>") == "Council approves the budget"
    )
    blog = "<title>Council approves the budget | Daily Example Blog</title>"
    assert plain_page(site + blog) == "Council approves the budget"
    longer = "<meta property='og:site_name' content='Daily Example – the news of the valley'>"
    assert (
        plain_page(longer + "<title>Council approves the budget – Daily Example</title>")
        == "Council approves the budget"
    )


def test_the_site_named_by_its_domain_among_other_words_is_cut():
    url = "https://www.valleytimes.example/2026/budget/"
    title = "<title>Council approves the budget | The Valley Times</title>"
    assert plain_page(title, url) == "Council approves the budget"
    assert plain_page("<title>Valley Times » Council approves the budget</title>", url) == "Council approves the budget"
    # a word of the domain alone is no name of the site
    assert (
        plain_page("<title>Budget - Council approves it in Valley</title>", url)
        == "Budget - Council approves it in Valley"
    )


def test_the_blog_archive_label_of_wordpress_s_old_default_theme_is_cut():
    title = "<title>Daily Example » Blog Archive » Council approves the budget</title>"
    assert plain_page(title) == "Council approves the budget"


def wordpress_post(head: str, h1: str) -> str:
    """A WordPress post whose <h1> sits in the post's own element (post_class()'s post-N)."""
    text = "<p>The council met on Monday. </p>" * 10
    return (
        f"<html><head>{head}</head><body class='single single-post postid-12'>"
        f"<article id='post-12' class='post-12 post type-post'><header class='entry-header'><h1>{h1}</h1></header>"
        f"<div class='entry-content'>{text}</div></article></body></html>"
    )


def test_an_h1_holding_the_stated_headline_and_words_of_its_own_is_that_headline():
    """No title holds the <h1>; it holds og:title's headline with a kicker before it or the site's
    name after it."""
    og = "<meta property='og:title' content='Council approves the budget'><title>Council approves the budget</title>"
    assert title_of(wordpress_post(og, "Budget 2026: Council approves the budget")) == "Council approves the budget"
    assert title_of(wordpress_post(og, "Council approves the budget | DAILY.NET")) == "Council approves the budget"
    # a heading holding only a word or two of it is read as before
    assert title_of(wordpress_post(og, "Council approves")) == "Council approves"


def test_a_kicker_another_heading_marks_is_not_part_of_the_headline():
    """The <h1> is the breadcrumb's last item, "Kicker: Headline", as every title states it; the
    article's own <h2> marks the kicker with its class."""
    html = (
        "<html><head><title>Covid-19: Can the spread be controlled? - Daily Example</title>"
        '<meta property="og:title" content="Covid-19: Can the spread be controlled?"></head><body>'
        '<ol class="breadcrumb"><li><a href="/">Home</a></li><li><a href="/health">Health</a></li>'
        "<li><h1>Covid-19: Can the spread be controlled?</h1></li></ol>"
        '<article><header><h2><span class="content__kicker">Covid-19</span><span class="sr-only">: </span>'
        '<span class="content__title">Can the spread be controlled?</span></h2></header>'
        "<div class='text'><p>" + "The council met on Monday. " * 20 + "</p></div></article></body></html>"
    )
    assert title_of(html) == "Can the spread be controlled?"


def test_a_heading_marking_another_kicker_leaves_the_headline_whole():
    html = news_page(
        '<meta property="og:title" content="Covid-19: Can the spread be controlled?">',
        "<h1>Covid-19: Can the spread be controlled?</h1>"
        '<h2><span class="kicker">Vaccines</span> Can the spread be controlled?</h2>',
    )
    assert title_of(html) == "Covid-19: Can the spread be controlled?"


def test_the_site_s_name_after_a_separator_spaced_on_one_side_is_cut():
    """A template's typo: "Headline |Site" (no space after the bar), the page's only title."""
    html = (
        "<html><head><title>Police say all is calm in the district |Daily Example</title>"
        '<meta property="og:site_name" content="Daily Example"></head><body>'
        "<div class='text'><p>" + "The council met on Monday. " * 20 + "</p></div></body></html>"
    )
    assert title_of(html) == "Police say all is calm in the district"


def portal_page(title: str) -> str:
    """A portal system's article (XOOPS, Joomla): no <h1>, no OpenGraph; the <title> is the site's
    name, the headline, the category and the module; the page links both as sections."""
    return (
        f"<html><head><title>{title}</title></head><body>"
        "<div class='menu'><a href='/'>Daily Example</a> <a href='/modules/news/'>News</a> <a href='/forum/'>Forum</a></div>"
        "<div class='item'><span class='itemTitle'><a href='/modules/news/?topic=3'>Local Politics</a> : "
        "Council approves the plan</span><div class='text'><p>" + "The council met on Monday. " * 20 + "</p></div>"
        "</div></body></html>"
    )


def test_the_sections_a_title_names_after_the_headline_are_cut_where_the_page_links_them():
    # Before: "Council approves the plan - Local Politics - News" (only the site's name was cut).
    html = portal_page("Daily Example - Council approves the plan - Local Politics - News")
    assert title_of(html) == "Council approves the plan"


def test_a_part_after_the_headline_the_page_does_not_link_stays():
    html = portal_page("Daily Example - Council approves the plan - Part 2")
    assert title_of(html) == "Council approves the plan - Part 2"
    # a headline of a word or two is not cut down to them
    assert title_of(portal_page("Daily Example - Interview - Local Politics")) == "Interview - Local Politics"


def sectioned_page(head: str, h2: str) -> str:
    """A magazine's article (no post element): its <h1> the section's name, the headline an <h2>."""
    return (
        f"<html><head>{head}</head><body><div class='content'><h1>Literatur</h1><div class='h-group'>"
        f"<h2>{h2}</h2><h3>Jane Roe • 1619</h3></div><div class='text'><p>"
        + "The book came out on Friday. " * 20
        + "</p></div></div></body></html>"
    )


def test_the_h2_a_stated_title_opens_with_beside_a_subtitle_is_the_headline():
    # Before: og:title whole, "Book of the week on Friday - Jane Roe • 1619".
    og = '<meta property="og:title" content="Book of the week on Friday - Jane Roe • 1619">'
    assert title_of(sectioned_page(og, "Book of the week on Friday")) == "Book of the week on Friday"


def test_an_h2_of_a_word_or_two_a_stated_title_opens_with_is_no_headline():
    og = '<meta property="og:title" content="Budget 2026: Council approves the plan">'
    assert title_of(sectioned_page(og, "Budget 2026")) == "Budget 2026: Council approves the plan"


def test_an_h1_printing_the_sites_domain_is_no_headline_though_the_titles_name_the_domain():
    """A logo printed as an unlinked ``<h1>`` with the domain's name: the titles say "Headline |
    example.org" too, so the logo's text is in them, but it names the site."""
    html = (
        "<html><head><title>Council approves the plan | news.example.org</title>"
        '<meta property="og:title" content="Council approves the plan | news.example.org"></head><body>'
        "<div class='brand'><h1 class='logo'>news.example.org</h1></div><main><div class='story'>"
        "<h1>Council approves the plan</h1><div class='text'><p>" + "The council met on Monday. " * 20 + "</p>"
        "</div></div></main></body></html>"
    )
    assert title_of(html) == "Council approves the plan"


def test_the_h1_outside_the_text_is_the_headline_of_a_page_stating_no_title():
    """No ``<title>``, OpenGraph or JSON-LD (a page saved without its head): the ``<h1>`` over the
    text is the headline, not nothing."""
    html = (
        "<html><head></head><body><header><a href='/'>Daily Example</a></header><div class='story'>"
        "<h1>Council approves the plan</h1><div class='text'><p>" + "The council met on Monday. " * 20 + "</p>"
        "</div></div></body></html>"
    )
    assert title_of(html) == "Council approves the plan"


def titled_page(title: str) -> str:
    """A page whose only title is its ``<title>`` (no OpenGraph, no JSON-LD, no ``<h1>``), with no
    name of the site but its domain."""
    return (
        f"<html><head><title>{title}</title></head><body><div class='text'><p>"
        + "The council met on Monday. " * 20
        + "</p></div></body></html>"
    )


def test_the_domain_s_name_before_the_headline_and_a_colon_is_cut():
    html = titled_page("Daily Example: Council approves the plan for the harbour")
    assert (
        title_of(html, "https://dailyexample.blogspot.com/2016/05/plan.html")
        == "Council approves the plan for the harbour"
    )


def test_the_domain_s_name_spelled_with_umlauts_is_cut():
    html = titled_page("Aggression Fotografie - jürgen heitmann fotografie")
    assert title_of(html, "https://juergenheitmann.com/aggression/") == "Aggression Fotografie"


def test_the_domain_s_name_and_a_tagline_after_the_headline_are_cut():
    html = titled_page("Makrophotos von Insekten » gizmeo.eu | inside the machine")
    assert title_of(html, "https://gizmeo.eu/makrophotos/") == "Makrophotos von Insekten"
