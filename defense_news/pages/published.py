"""When an article was published (and modified): the page's sources, the majority vote
between them, the printed date, the permalink's date, and a feed's or sitemap's hint."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import replace
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .. import processors
from ..dates import MAX_YEAR, MIN_YEAR, WEEKDAY_NAMES, dates_inside, parse_local_text
from ..html_text import SKIP_TAGS, clean_line, element_text
from ..items import Article
from ..loaders import ArticleLoader
from .common import string_values
from .headline import is_home_link
from .published_label import PUBLISHED_LABEL, PUBLISHED_WORDS, labelled_dates
from .scope import comments_region, in_article, other_post
from .selectors.core import SCREEN_READER, URL_DATE
from .selectors.metadata import ITEMPROP_DATES
from .selectors.themes import DATE_CLASSES, MODIFIED_TIME_CLASS, MODIFIED_TIMES, PRINTED_DATES, PUBLISHED_TIMES
from .updated import (
    MAX_DATE_LINE,
    PARTS,
    UPDATED_LINE,
    UpdateLine,
    in_update_line,
    modified_dates,
    updated_line,
    updated_texts,
)

if TYPE_CHECKING:
    from .article import ArticlePage

logger = logging.getLogger(__name__)


# Headings: a headline may print a date ("January 6, 2021: the day …"); a byline is no heading.
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# A byline's date beside its name: what may come before it (nothing, a separator, a connector word:
# "am", "on", "le", "el", "Posted on", "Veröffentlicht am") and after it (nothing, a separator,
# the name after "by"/"von"/"par"/"por"), and how long either side may be.
# The date's weekday may come between them ("jeudi 13 juin 2019, par …", "on Thursday, June 13, 2019 by …").
_WEEKDAY_BEFORE = r"(?:\b(?:" + WEEKDAY_NAMES + r"),?\s*)?"
_CONNECTOR = r"(?:^|[,:|·•–—/-]|\b(?:am|on|le|el|il|at|em|vom|du|del|" + "|".join(PUBLISHED_WORDS) + r"))"
BEFORE_DATE = re.compile(_CONNECTOR + r"\s*" + _WEEKDAY_BEFORE + "$", re.I)
# The line names a writer: "By …", "Von …", "… by admin".
BY_WORD = re.compile(r"\b(?:by|von|par|por|door|di|av)\b", re.I)
# After the date: nothing, a separator, or the writer's name after "by" (a few words, no full stop:
# "by both parties expired." is a sentence).
AFTER_DATE = re.compile(r"\s*(?:$|[,|·•–—/(-]|(?:by|von|par|por|door|di|av)\s+(?:[^\s.]+(?:\s+|$)){1,4}$)", re.I)
MAX_BYLINE_AROUND = 60
# Or the line is the byline and then its date, nothing joining them ("Von Deutscher Tennis Bund
# 4. 2. 2022."): "By"/"Von" and a name of one to four capitalised words before the date, nothing
# but a full stop after it.
NAME_BEFORE_DATE = re.compile(r"^\W*(?:by|von|par|por|door|di|av)\s+((?:[^\s,:;|·•–—/]+\s+){1,4})$", re.I)
# Elements inside a line of text; a byline's date in one is read with the line around it.
INLINE_TAGS = frozenset({"a", "abbr", "b", "cite", "em", "font", "i", "mark", "small", "span", "strong", "time", "u"})


class DateHint(NamedTuple):
    """A publication date known before the page is fetched: the feed's ``pubDate`` or the sitemap's ``lastmod``."""

    value: str  # ISO UTC
    source: str  # "feed" or "sitemap"


def with_date_hint(article: Article, hint: DateHint | None, timezone: tzinfo) -> Article:
    """``article`` with ``published_at`` from ``hint`` where the page gave none or only a coarser one.

    A feed's ``pubDate`` is the publication time to the second: it replaces a missing date, or a
    day/month (from printed text or the permalink) that it falls in. A sitemap's ``lastmod`` is
    the last modification, so it is only used when nothing else dated the article.
    """
    if hint is None or article.published_at_precision == "second":
        return article
    if article.published_at is not None:
        if hint.source != "feed":
            return article
        local = datetime.fromisoformat(hint.value.replace("Z", "+00:00")).astimezone(timezone).date().isoformat()
        if not local.startswith(article.published_at):
            return article  # the page's own day or month disagrees: keep it
    return replace(article, published_at=hint.value, published_at_source=hint.source, published_at_precision="second")


def date_precision(value: str | None) -> str | None:
    """How precise an ISO value is: "second", "day" or "month".

    >>> date_precision("2025-10-28T13:00:00Z"), date_precision("2025-10-28"), date_precision("2025-10")
    ('second', 'day', 'month')
    """
    if not value:
        return None
    return "second" if "T" in value else "day" if len(value) == 10 else "month"


def date_texts(el: HtmlElement, lines: list[UpdateLine]) -> list[str]:
    """The printed date of a date element, without its screen-reader label ("Post published:") and
    what an update line prints ("Updated: <span class="date">January 7, 2025</span>")."""
    if updated_line(el):
        return []
    leaves = (d.text_content() for d in el.iterdescendants() if len(d) == 0 and not in_update_line(lines, d))
    texts = [element_text(el, SCREEN_READER), *leaves]
    return [clean_line(t) for t in texts if t and len(t) < 80]


def machine_dates(page: ArticlePage, key: str) -> list[str]:
    """Machine-readable values for ``datePublished``/``dateModified``, from every source, in source order."""
    ld = page.jsonld.article()
    if key == "datePublished":
        machine = [
            page.meta("article:published_time"),
            *page.jsonld.strings(ld, key),
            *ITEMPROP_DATES[key](page.sel.root),
            *[
                t.root.get("datetime")
                for t in page.css(PUBLISHED_TIMES)
                # not a sidebar widget's or a related post's date
                if not page._in_not_article(t.root)
            ],
        ]
        if len(set(filter(None, machine))) != 1:
            # No source, or sources that disagree: the first <time datetime> of the article
            # itself (Newspaper, Jannah...; not of related posts) is one more witness.
            machine += [
                t.get("datetime")
                for t in own_times(page)
                if t.get("datetime")
                and MODIFIED_TIME_CLASS not in (t.get("class") or "").split()
                and not page._outside_article(t)
                # "Updated <time …>" in a theme whose classes say nothing: the modified time
                and not in_update_line(page.update_lines, t)
            ][:1]
    else:
        machine = [
            page.meta("article:modified_time"),
            *page.jsonld.strings(ld, key),
            *ITEMPROP_DATES[key](page.sel.root),
            *page.css(MODIFIED_TIMES).getall(),
        ]
    return [m for m in machine if m]


def ranked(values: list[str], timezone: tzinfo, now: datetime) -> tuple[list[str], tuple[list[str], str] | None]:
    """(``values`` with the instant most sources agree on first, (the instants, the winner) when they disagreed).

    Sources (OpenGraph, JSON-LD, microdata, the visible ``<time>``) sometimes disagree, e.g.
    OpenGraph in another zone's wall time: the majority wins, ties go to the earlier source.
    """
    if len(set(values)) < 2:
        return values, None  # one source, or all saying the same thing
    context = {"timezone": timezone, "now": now}
    parsed = [(value, processors.parse_date(value, context)) for value in values]
    votes: dict[str, int] = {}
    for _, iso in parsed:
        if iso and "T" in iso:
            votes[iso] = votes.get(iso, 0) + 1
    if len(votes) < 2:
        return values, None
    winner = max(votes, key=lambda iso: (votes[iso], -[p[1] for p in parsed].index(iso)))
    zoned = local_over_utc(values)
    if zoned is not None:
        winner = processors.parse_date(zoned, context) or winner
    ordered = [v for v, iso in parsed if iso == winner] + [v for v, iso in parsed if iso != winner]
    return ordered, (sorted(votes), winner)


def local_over_utc(values: list[str]) -> str | None:
    """The value with a zone offset when every value prints the same wall-clock time and the others
    call it UTC: a plugin that appends "Z"/"+00:00" to the site's local time, beside the theme's
    own correctly zoned one.

    >>> local_over_utc(["2017-02-23T17:18:13-08:00", "2017-02-23T17:18:13+00:00", "2017-02-23T17:18:13Z"])
    '2017-02-23T17:18:13-08:00'
    >>> local_over_utc(["2017-02-23T17:18:13-08:00", "2017-02-24T01:18:13+00:00"]) is None
    True
    """
    walls: set[datetime] = set()
    zoned: set[str] = set()
    for value in values:
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        offset = parsed.utcoffset()
        if offset is None:
            return None
        walls.add(parsed.replace(tzinfo=None))
        if offset:
            zoned.add(value)
    return next(iter(zoned)) if len(walls) == 1 and len(zoned) == 1 and len(zoned) < len(values) else None


def printed_dates(page: ArticlePage, key: str) -> list[str]:
    """Printed dates, only needed when no machine-readable one exists."""
    if key != "datePublished":
        return modified_dates(page.update_lines)
    root = dates_root(page)
    return (
        string_values(page.css(PRINTED_DATES))
        or [
            text
            for el in ([] if root is None else in_article(root, DATE_CLASSES))
            if not in_update_line(page.update_lines, el)
            for text in date_texts(el, page.update_lines)
        ]
        or header_date(page)
        # A line labelling its date as the publication's, wherever the page prints it (a footer).
        or labelled_dates(page)
    )


def dates_root(page: ArticlePage) -> HtmlElement | None:
    """Where the post's ``<time>`` and date-class elements are: its element or ``<article>``, else
    ``<main>``/``<body>``; None when the page's first ``<article>`` is a teaser card and the
    headline has no ``<article>`` of its own (the lines after it are read)."""
    scope = page.date_scope
    if scope.root is not None:
        return scope.root
    return None if scope.teaser_first else page.article_root


def own_times(page: ArticlePage) -> Iterable[HtmlElement]:
    """The ``<time>`` elements of the post (:func:`dates_root`, else those after its headline)."""
    root = dates_root(page)
    scope = page.date_scope
    if root is not None and scope.root is None:
        # no element of the post's own: the page's <main> or <body>, whose header prints times too
        header = scope.far_before_headline()
        return (t for t in root.iter("time") if t not in header)
    if root is not None:
        return root.iter("time")
    return (el for el in scope.after_headline() if el.tag == "time")


def header_date(page: ArticlePage) -> list[str]:
    """The first date printed in the post's own element (or its ``<article>``) before its text (the
    byline's "March 10, 2025", "3. August 2015 · Filed under …"), whatever its class: for a theme
    whose date element no table knows."""
    if page.is_listing():
        return []  # a listing's first entry is not the page's post
    post = page.date_scope.root
    walk: Iterable[HtmlElement]
    if post is not None:
        walk = itertools.islice(post.iter(), 1, None)  # not the post's element itself
    else:
        # No element of the post's own: the elements printed just after its headline <h1>.
        walk = page.date_scope.after_headline()
        if not walk:
            return []
    container = page.body_selector
    stop = container.root if container is not None else None
    # A container inside the post's element that holds its headline holds its header too
    # (<div class="entry"><h1>…</h1><div>26 Mai, 2008 | …</div><p>…): the header ends at the text's
    # first paragraph instead.
    header_inside = (
        stop is not None and post is not None and post in stop.iterancestors() and holds_headline(stop, page)
    )
    inside: str | None = None
    for el in walk:
        if el is stop and not header_inside:
            if post is not None:
                break
            # No post element: the text's container printed after the headline may open with the
            # byline and its date (<div class="text"><span>06.11.2023 13:30 von Olga</span>…<p>…):
            # read it up to the text's first paragraph.
            header_inside = True
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or page._outside_article(el):
            continue
        raw = el.text_content()
        if header_inside and el.tag == "p" and len(raw) > MAX_DATE_LINE:
            # the text's first paragraph may open with the date as an element of its own, a
            # dateline ("<p><span>31. Oktober 2023.</span> Dragqueens sind …")
            if opened := dateline(el, page):
                return opened
            break

        if not raw or len(raw) > MAX_DATE_LINE or not any(c.isdigit() for c in raw):
            continue
        text = clean_line(element_text(el, SCREEN_READER))
        if UPDATED_LINE.match(text) or in_update_line(page.update_lines, el):
            continue
        # the date alone, or the first part of a meta line; either after a publication label
        # (a part ends at a separator, or where "Updated …" begins: "January 5, 2025 (updated …)")
        first = PARTS.split(text)[0]
        for part in (text, first, PUBLISHED_LABEL.sub("", text, count=1), PUBLISHED_LABEL.sub("", first, count=1)):
            if part and parse_local_text(part, page.timezone, page.now) is not None:
                return [part]
        if inside is None and own_line(el):
            inside = byline_date(text, page.timezone)
    # No line is a date alone: the first byline printing one beside the writer's name.
    return [inside] if inside is not None else []


def dateline(p: HtmlElement, page: ArticlePage) -> list[str]:
    """The date a paragraph opens with as an element of its own (``<p><span>31. Oktober 2023.</span>
    Text …``), else nothing: a date inside the paragraph's sentences is not the post's."""
    first = next((c for c in p if isinstance(c.tag, str)), None)
    if first is None or (p.text or "").strip() or first.tag in HEADINGS:
        return []
    text = clean_line(first.text_content()).rstrip(" .:-–—")
    return [text] if text and parse_local_text(text, page.timezone, page.now) is not None else []


def own_line(el: HtmlElement) -> bool:
    """``el`` is a line of its own (no heading, not a phrase of a paragraph): a link or an
    emphasis inside a sentence ("… des WHO-Lageberichts vom 25. Februar 2020 …") is not a byline."""
    if el.tag in HEADINGS or next(el.iterdescendants(*HEADINGS), None) is not None:
        return False
    block = el
    while block.tag in INLINE_TAGS and (parent := block.getparent()) is not None:
        block = parent
    return block is el or len(block.text_content()) <= MAX_DATE_LINE


def byline_date(text: str, timezone: tzinfo) -> str | None:
    """The date a byline prints beside its writer's name, "VON MORITZ GATHMANN am 21. April 2020",
    "06.11.2023 13:30 von Olga", "Posted on March 5, 2025 by admin": a line with "by"/"von"/"par"…
    whose date is joined to the rest by a connector word or a separator on both sides (not a date
    in a sentence of a lead), or a line that is "By"/"Von", the writer's name and the date.

    >>> from datetime import UTC
    >>> byline_date("By Jane Roe on March 5, 2025 | 3 comments", UTC), byline_date("It began on March 5, 2025 in Kyiv.", UTC)
    ('March 5, 2025', None)
    >>> byline_date("Von Deutscher Tennis Bund 4. 2. 2022.", UTC), byline_date("Von Montag bis 4. 2. 2022", UTC)
    ('4. 2. 2022', None)
    >>> byline_date("jeudi 13 juin 2019, par Attac France", UTC)
    '13 juin 2019'
    """
    for start, end in dates_inside(text, timezone):
        before, after = text[:start], text[end:]
        short = len(before) <= MAX_BYLINE_AROUND and len(after) <= MAX_BYLINE_AROUND
        if short and BEFORE_DATE.search(before) and AFTER_DATE.match(after) and BY_WORD.search(text):
            return text[start:end]
        if short and not after.strip(" .") and named_before(before):
            return text[start:end]
    return None


def named_before(before: str) -> bool:
    """``before`` is "By"/"Von" and a writer's name, capitalised words (not "von Montag bis")."""
    match = NAME_BEFORE_DATE.match(before)
    return match is not None and all(word[0].isupper() for word in match[1].split())


def holds_headline(el: HtmlElement, page: ArticlePage) -> bool:
    """``el`` holds the ``<h1>`` that is the page's headline (read only when it holds an ``<h1>``)."""
    h1s = list(el.iter("h1"))
    title = page.title() if h1s else []
    return bool(title) and any(clean_line(h.text_content()) == title[0] for h in h1s)


def load_dates(loader: ArticleLoader, page: ArticlePage) -> None:
    """Add ``published_at`` (with ``published_at_source``) and ``modified_at`` to ``loader``.

    Machine-readable values first ("page"), then printed ones ("page text"); for the
    publication only, a theme that prints no date may still have one in the permalink ("url"),
    and a page no rule here dates gets htmldate's day ("page text"), as does a permalink's month
    that htmldate's day falls in.
    """
    for field, key in (("published_at", "datePublished"), ("modified_at", "dateModified")):
        loader.add_value(field, page._dates(key))
        source = "page"
        if not loader.get_collected_values(field):
            loader.add_value(field, page._visible_dates(key))
            source = "page text"
        if field == "published_at":
            if not loader.get_collected_values(field):
                # A theme that prints no date: the permalink may still say when (day or month).
                found = url_date(page.permalink)
                if found is not None and len(found) == len("2015-01") and not page.is_listing():
                    # The permalink's month: a day the page prints in that month says which one
                    # ("Georg Quaas, 21. Jan. 2015" under /2015/01/slug/).
                    day = htmldate_day(page, month=found)
                    if day is not None and day.startswith(found + "-"):
                        loader.add_value(field, day)
                        source = "page text"
                        found = None
                if found is not None:
                    loader.add_value(field, found)
                    source = "url"
            if not loader.get_collected_values(field) and not page.is_listing():
                # Nothing any rule here knows: htmldate's reading of the page's markup and text (a day).
                day = htmldate_day(page)
                if day is not None:
                    loader.add_value(field, day)
                    source = "page text"
            if loader.get_collected_values(field):
                loader.add_value("published_at_source", source)


def htmldate_day(page: ArticlePage, month: str | None = None) -> str | None:
    """The publication day htmldate finds in the page (meta tags, time elements, date patterns in
    its text; not the URL, not a guess: ``extensive_search`` off), for a page nothing else dated.

    With the permalink's ``month`` ("2010-05"), a day htmldate finds outside it (a web archive's
    capture time, a copyright year) or that the page does not print (the first of the month it
    reads in a link's "/2010/05/") gives way to the one day of that month the page prints as a
    line (:func:`printed_days`), wherever it prints it: a classic theme's "Literatur und Animated
    Typography wurde am <nobr>19. Mai 2010</nobr> um 23:03 Uhr gepostet" in its sidebar.

    htmldate, and the dateparser it loads, are imported here only: a page dated otherwise never
    pays for them. It reads its own parse of the page (it prunes the tree it is given).
    """
    from htmldate import find_date

    latest = page.now.date().isoformat()
    try:
        left_out = dateable_positions(page)
        # htmldate prunes the tree it reads: the second reading takes a copy of its own, made
        # only when the first finds nothing.
        found = find_date(dateable_copy(page, left_out), original_date=True, extensive_search=False, max_date=latest)
        if isinstance(found, str) and (month is None or found.startswith(month + "-")):
            return found
        tree = dateable_copy(page, left_out)
        # Its search of the page's text finds dates no markup names (a "06.12.2022" line above
        # the headline), but also a stylesheet's "?v=2022-06-15" or a copyright year: it reads
        # what a reader sees (the markup's dates were read above), and its day counts only where
        # the page prints it as a line of its own or at the start of one.
        for el in list(tree.iter(*SKIP_TAGS)):
            el.drop_tree()
        printed = printed_days(tree, page.timezone)  # before htmldate prunes the tree
        found = find_date(tree, original_date=True, extensive_search=True, max_date=latest) if printed else None
    except (ValueError, TypeError) as exc:
        logger.debug("htmldate failed on %s: %s", page.response.url, exc)
        return None
    if isinstance(found, str) and found in printed and (month is None or found.startswith(month + "-")):
        return found
    if month is None:
        return None
    in_month = [day for day in printed if day.startswith(month + "-")]
    return in_month[0] if len(in_month) == 1 else None  # two days of the month: which is the post's?


def printed_days(tree: HtmlElement, timezone: tzinfo) -> set[str]:
    """The days ``tree``'s text (without scripts and styles) prints as a line's date: a line that
    opens with it ("06.12.2022", "01.11.2023 11:35", a dateline "27.1.2022 - Bei der …"), or a
    short one that ends with it ("Von Olga, 06.11.2023"); not a date inside a sentence ("It began
    on March 5, 2025 in Kyiv", "… the report <a>by the WHO on March 3, 2019</a> says …"), nor a
    heading's."""
    days: set[str] = set()
    for raw in text_lines(tree):
        text = clean_line(raw) if any(c.isdigit() for c in raw) else ""
        for start, end in dates_inside(text[:MAX_DATE_LINE], timezone) if text else []:
            if start and (len(text) > MAX_DATE_LINE or text[end:].strip(" .")):
                continue
            moment = parse_local_text(text[start:end], timezone)
            if moment is not None:
                days.add((moment.date() if isinstance(moment, datetime) else moment).isoformat())
    return days


def text_lines(tree: HtmlElement) -> Iterable[str]:
    """The lines of ``tree``'s text, headings left out: a block's runs of text and inline elements
    between its block children (``<p><em>01.11.2023</em></p>``, an ``<em>`` between two ``<div>``s)."""
    for block in tree.iter():
        if not isinstance(block.tag, str) or block.tag in INLINE_TAGS or block.tag in HEADINGS:
            continue
        parts = [block.text or ""]
        for child in block:
            if isinstance(child.tag, str) and child.tag not in INLINE_TAGS:
                yield "".join(parts)
                parts = []
            elif isinstance(child.tag, str):
                parts.append(child.text_content())
            parts.append(child.tail or "")
        yield "".join(parts)


def dateable_copy(page: ArticlePage, left_out: list[int]) -> HtmlElement:
    """A copy of the page without the elements at the positions ``left_out`` (in document order)."""
    tree = deepcopy(page.sel.root)
    if left_out:
        elements = list(tree.iter())
        for el in [elements[i] for i in left_out]:
            el.drop_tree()  # keeps its tail text, which belongs to the parent
    return tree


def dateable_positions(page: ArticlePage) -> list[int]:
    """Where, in document order, the page's comments (a reply's ``<time>`` is no publication date)
    and other posts' elements (teasers, related posts) are: a copy for htmldate leaves them out
    (:func:`dateable_copy`). Sidebars and widgets stay: page builders (Elementor) name every block
    of the post a widget. The post's own element and its ancestors
    stay whatever their names (a layout wrapper "gallery--wrapper__with-sidebar" may hold the whole
    post). The site's own ``<header>`` goes (:func:`site_header`: its date is the day the page was
    served). Lines that say when the post was last updated go too: on a page that prints no other
    date, htmldate would give the update's day as the publication's. htmldate prunes the tree it is
    given, hence copies."""
    root = page.sel.root
    # Elements, not id()s: a live lxml proxy is the one iteration returns again, a freed one is not.
    keep = {root, page.article_root, *page.article_root.iterancestors()}
    near_update_words = update_word_holders(root)
    return [
        position
        for position, el in enumerate(root.iter())
        if isinstance(el.tag, str)
        and el not in keep
        and (
            comments_region(el)
            or other_post(el, page.post_id)
            or (el in near_update_words and updated_line(el))
            or (el.tag == "header" and site_header(el, page))
        )
    ]


def site_header(header: HtmlElement, page: ArticlePage) -> bool:
    """``header`` is the site's, not the post's: outside the post's element (or its ``<article>``/
    ``<main>``; never so when that is the whole ``<body>``) and holding no headline. Its
    ``<time>`` is the day the page was served ("Mittwoch, 01. November 2023" in the top bar)."""
    article = page.article_root
    if article.tag == "body" or article in header.iterancestors():
        return False
    # not the post's own header: an <h1> in it other than the site's name linking home is a headline
    # (the one the titles state, or one they reword)
    url = page.response.url
    return not any(not is_home_link(h1, url) for h1 in header.iter("h1"))


def update_word_holders(root: HtmlElement) -> set[HtmlElement]:
    """The elements that may be an update line: those holding a text with an update word, up to
    the first whose text is longer than a line. Asking every element whether it opens with such a
    word reads its text down to the first words: on a page thousands of wrappers deep, for each."""
    holders: set[HtmlElement] = set()
    for hit in updated_texts(root):
        el = hit.getparent()
        while el is not None and el not in holders and len(clean_line(el.text_content())) <= MAX_DATE_LINE:
            holders.add(el)
            el = el.getparent()
    return holders


def url_date(permalink: str) -> str | None:
    """The date in the permalink (``/2025/10/28/slug/`` or ``/2025/10/slug/``): a day or a month."""
    match = URL_DATE.search(urlsplit(permalink).path)
    if not match:
        return None
    year, month, day = int(match["year"]), int(match["month"]), match["day"]
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    if day is not None:
        try:
            return date(year, month, int(day)).isoformat()
        except ValueError:
            return None
    return f"{year:04d}-{month:02d}"
