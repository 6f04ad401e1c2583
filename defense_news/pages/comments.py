"""Threaded reader comments as WordPress themes print them.

Works on ZoxPress (``li#li-comment-N`` > ``div.comment-wrapper``), the core
comment walker of classic themes (``li#comment-N`` > ``article.comment-body``)
and block themes (``ol.wp-block-comment-template`` > ``li#comment-N``).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from urllib.parse import urlsplit

from lxml.html import HtmlElement
from parsel import Selector

from ..dates import parse_local_text, to_iso
from ..html_text import class_tokens, clean_line, element_text, make_class_filter
from ..items import Comment
from ..loaders import CommentLoader
from ..urls import comment_page_number, comment_page_of, comment_page_url, join, page_number
from .common import page_tokens
from .parsing import MOVED_DEPTH, MOVED_PARENT

logger = logging.getLogger(__name__)

_COMMENT_ID = re.compile(r"^(?:li-|div-)?comment-(\d+)$")
_DEPTH = re.compile(r"^depth-(\d+)$")
# WordPress core names a comment's elements ``comment-N`` (comment_class() elements, the
# #comment-N permalink target) and themes wrap it as ``li-comment-N`` / ``div-comment-N``: every
# element so named is a piece of comment N, whatever its classes (OceanWP puts the id on a
# ``li.comment-container`` and the classes on the inner article). Reached from the id attributes:
# a test on attributes only, about half the cost of testing every element.
_COMMENT_XPATH = (
    "//@id[starts-with(., 'comment-') or starts-with(., 'li-comment-') or starts-with(., 'div-comment-')]/parent::*"
)
# Comment types that are not reader comments, and places where a comment-N id is not a comment.
_NOT_COMMENTS = frozenset({"pingback", "trackback"})
# Theme selector table for the comment fields, most specific first. Anything a theme names
# otherwise falls through to WordPress core's own markup (see CommentThread._fields).
_AUTHOR_CLASSES = ("fn", "wp-block-comment-author-name", "comment-author-name", "comment-link")
_TEXT_CLASSES = (
    "c",
    "comment-content",
    "wp-block-comment-content",
    "comment-text",
    "comment-body-text",
    "comment-entry",
)
_DATE_CLASSES = ("comment-meta-2", "wp-block-comment-date", "comment-metadata", "comment-date", "comment-time")
_MODERATION_CLASSES = {"comment-awaiting-moderation", "waiting_approval", "comment-awaiting-moderation-text"}
# Elements of a comment that are not its text (author block, metadata, reply links, badges).
_META_CLASSES = frozenset(
    {
        "comment-meta",
        "comment-metadata",
        "commentmetadata",
        "comment-author",
        "vcard",
        "reply",
        "comment-reply",
        "comment-footer-meta",
        "comment-reply-link",
        "wp-block-comment-reply-link",
        "wp-block-comment-author-name",
        "wp-block-comment-date",
        "comment-edit-link",
    }
)
_REPLY_TO = re.compile(r"^Reply to (.+)$")
_BADGE_TOKENS = ("screen-reader", "says", "badge", "post-author", "by-post-author", "author-label")

COMMENT_NOISE = make_class_filter(
    exact={"reply", "comment-reply-link", "wp-block-comment-reply-link", "comment-edit-link", "edit-link"},
    substrings=("share",),
)


_META_FILTER = make_class_filter(exact=_META_CLASSES | {"comment-edit-link", "edit-link"}, substrings=("share",))


# What wpautop() and the comment form's allowed tags make of a comment's text.
_TEXT_BLOCKS = frozenset({"p", "blockquote", "ul", "ol", "pre"})
_DATE_LINE = 80
# get_comment_author_link()'s rel tokens.
_AUTHOR_RELS = frozenset({"ugc", "external"})
# A .comment-author block's parts that are not the name.
_NAME_NOISE = make_class_filter(
    exact=(_META_CLASSES - {"comment-author", "vcard"}) | {"says", "avatar"},
    substrings=("screen-reader", "badge"),
)


def _outermost_block(node: HtmlElement, comment: HtmlElement) -> bool:
    """Whether no text block (paragraph, quote, list) of the comment holds ``node``."""
    for ancestor in node.iterancestors():
        if ancestor is comment:
            return True
        if ancestor.tag in _TEXT_BLOCKS:
            return False
    return True


def _in_meta(node: HtmlElement, comment: HtmlElement) -> bool:
    """Whether ``node`` sits in the comment's metadata (author block, date, reply link)."""
    for ancestor in node.iterancestors():
        if ancestor is comment:
            return False
        if _META_FILTER(ancestor):
            return True
    return False


def _comment_id(el: HtmlElement) -> int | None:
    match = _COMMENT_ID.match(el.get("id") or "")
    return int(match.group(1)) if match else None


def commenter_name(el: HtmlElement) -> str:
    """A commenter's name: the link's text, else the element's text without badges.

    ``<b class="fn">Name<span>Post author</span></b>`` is "Name"; screen-reader
    "says:" spans and "By Post Author" badges are not part of a name.
    """
    link = next((a for a in el.iterdescendants("a") if clean_line(a.text_content())), None)
    if link is not None:
        el = link
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str) or any(t in (child.get("class") or "") for t in _BADGE_TOKENS):
            pass
        elif child.tag in ("span", "small") and len(el) > 0 and clean_line(el.text or ""):
            pass  # a label after the name ("Name<span>Post author</span>")
        else:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return clean_line("".join(parts))


def _author_link(author: HtmlElement, outer: HtmlElement) -> str | None:
    """The commenter's URL: a link inside the name element, or one around it (``a.url > span.fn``)."""
    if author.tag == "a":
        return author.get("href")
    inner = next(author.iterdescendants("a"), None)
    if inner is not None:
        return inner.get("href")
    for ancestor in author.iterancestors():
        if ancestor is outer:
            break
        if ancestor.tag == "a":
            return ancestor.get("href")
    return None


_MAX_AMBIGUOUS = 10  # 2**10 orderings at most; a longer run in one repeated hour is left as printed


def _instants(iso: str, tz: tzinfo) -> list[datetime]:
    """Both instants of a time in the hour that repeats when clocks go back, else just the one."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    wall = moment.astimezone(tz).replace(tzinfo=None)
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return [moment]
    return [first.astimezone(UTC), second.astimezone(UTC)]


def resolve_repeated_hour(comments: list[Comment], tz: tzinfo) -> int:
    """Place comment times printed in the repeated hour (e.g. "November 2, 2025 at 1:30 am" in New
    York) on the instant the thread's order allows; return how many stay ambiguous.

    WordPress numbers comments as they arrive, so times grow with the IDs. Every way of picking
    one instant per ambiguous comment that keeps that order is tried; a comment whose instant is the
    same in all of them is placed there; the others keep the time as extracted and are counted.
    As extracted, a time printed with a UTC offset is what WordPress stored (it computes the
    offset and ``comment_date_gmt`` from the local time the same way), which is not always the
    first instant: WordPress 6.1 on PHP 8.2 took the first one in America/New_York
    (tests/sites/wp-tt3) but the second in Europe/Berlin (tests/sites/wp-berlin).
    """
    dated = sorted(
        (c for c in comments if c.posted_at and "T" in c.posted_at and c.comment_id), key=lambda c: c.comment_id or 0
    )
    options = [_instants(c.posted_at or "", tz) for c in dated]
    ambiguous = [i for i, o in enumerate(options) if len(o) > 1]
    if not ambiguous:
        return 0
    if len(ambiguous) > _MAX_AMBIGUOUS:
        return len(ambiguous)
    consistent: list[tuple[datetime, ...]] = []
    for picks in itertools.product(*(options[i] for i in ambiguous)):
        chosen = dict(zip(ambiguous, picks, strict=True))
        times = [chosen.get(i, o[0]) for i, o in enumerate(options)]
        if all(a <= b for a, b in itertools.pairwise(times)):
            consistent.append(picks)
    left = 0
    for n, i in enumerate(ambiguous):
        placed = {picks[n] for picks in consistent}
        if len(placed) == 1:
            dated[i].posted_at = to_iso(placed.pop())
        else:
            left += 1
    return left


class CommentThread:
    """The comments printed on one page, with their nesting."""

    def __init__(
        self,
        selector: Selector,
        url: str,
        timezone: tzinfo,
        now: datetime,
        page_tokens: frozenset[str] | None = None,
    ) -> None:
        self.sel = selector
        self.url = url
        self.timezone = timezone
        self.now = now
        self._elements: list[HtmlElement] | None = None
        self._groups: dict[HtmlElement, list[HtmlElement]] = {}
        # Comment times in the repeated hour that the thread's order could not place (see resolve_repeated_hour).
        self.ambiguous_times = 0
        self._page_tokens = page_tokens
        self._comments: dict[tuple[int | None, str], list[Comment]] = {}

    @property
    def page_tokens(self) -> frozenset[str]:
        if self._page_tokens is None:
            self._page_tokens = page_tokens(self.sel)
        return self._page_tokens

    @property
    def elements(self) -> list[HtmlElement]:
        """One element per comment (the outermost of the elements named after it), in document order."""
        if self._elements is None:
            self._build()
        assert self._elements is not None
        return self._elements

    def _build(self) -> None:
        groups: dict[int, list[HtmlElement]] = {}
        for el in self.sel.root.xpath(_COMMENT_XPATH):
            comment_id = _comment_id(el)
            if comment_id is not None:
                groups.setdefault(comment_id, []).append(el)
        outers: list[HtmlElement] = []
        for members in groups.values():
            if any(not _NOT_COMMENTS.isdisjoint(class_tokens(m)) for m in members):
                continue  # pingbacks and trackbacks are not reader comments
            # An empty anchor (<a id="comment-N"></a>) before the comment is a target, not the comment.
            outer = next((m for m in members if len(m)), members[0])
            outers.append(outer)
            self._groups[outer] = members
        # Comments in order of their first element: the id lookup returns ids in document order.
        self._elements = outers

    def _owner(self, el: HtmlElement, comment_set: set[HtmlElement]) -> HtmlElement | None:
        """The nearest enclosing comment element of ``el`` (excluding ``el`` itself)."""
        for ancestor in el.iterancestors():
            if ancestor in comment_set:
                return ancestor
        return None

    @staticmethod
    def _own_descendants(el: HtmlElement, comment_set: set[HtmlElement]) -> list[tuple[HtmlElement, list[str]]]:
        """Descendant elements of ``el`` (document order) outside its nested replies, in one
        pruned walk, each with its class tokens (read once, used by every field)."""
        found: list[tuple[HtmlElement, list[str]]] = []
        stack = list(reversed(el))
        while stack:
            desc = stack.pop()
            if desc in comment_set:
                continue  # a nested reply owns its whole subtree
            if isinstance(desc.tag, str):  # HTML comments and processing instructions carry no field
                found.append((desc, class_tokens(desc)))
            stack.extend(reversed(desc))
        return found

    @staticmethod
    def _own(own: list[tuple[HtmlElement, list[str]]], classes: tuple[str, ...]) -> list[HtmlElement]:
        """Elements of ``own`` with one of ``classes``, most specific class first."""
        wanted = set(classes)
        found = [(desc, tokens) for desc, tokens in own if not wanted.isdisjoint(tokens)]
        # keep the order of `classes` (most specific first)
        found.sort(key=lambda pair: min(classes.index(c) for c in pair[1] if c in wanted))
        return [desc for desc, _ in found]

    @staticmethod
    def _own_times(own: list[tuple[HtmlElement, list[str]]]) -> list[str]:
        return [t.get("datetime") or "" for t, _ in own if t.tag == "time" and t.get("datetime")]

    def iter_loaders(self, post_id: int | None, article_url: str) -> Iterator[CommentLoader]:
        """One loader per comment, in document order; each is reset for the next, so load it before moving on."""
        elements = self.elements
        comment_set = set(elements)
        loader: CommentLoader | None = None
        for el in elements:
            comment_id = _comment_id(el)
            own = self._own_descendants(el, comment_set)
            if any(not _MODERATION_CLASSES.isdisjoint(tokens) for _, tokens in own):
                continue  # only the commenter sees a held comment; readers do not
            classes = [c for member in self._groups[el] for c in class_tokens(member)]
            depth = next((int(m.group(1)) for c in classes if (m := _DEPTH.match(c))), None)
            # A reply that pages/parsing.py built outside a nesting too deep carries its place in the thread.
            moved = next((m for m in self._groups[el] if m.get(MOVED_PARENT, "").isdigit()), None)
            if moved is not None:
                parent_id: int | None = int(moved.get(MOVED_PARENT, ""))
                moved_depth = moved.get(MOVED_DEPTH, "")
                depth = depth or (int(moved_depth) if moved_depth.isdigit() else None)
            else:
                parent_el = self._owner(el, comment_set)
                parent_id = _comment_id(parent_el) if parent_el is not None else None
            if depth is None:
                depth = 1 + sum(1 for a in el.iterancestors() if a in comment_set)

            if loader is None:
                loader = CommentLoader(base_url=self.url, timezone=self.timezone, now=self.now)
            else:
                loader.reset()  # one loader per page, a fresh item per comment (see CommentLoader)
            loader.add_value("comment_id", comment_id)
            loader.add_value("post_id", post_id)
            loader.add_value("article_url", article_url)
            loader.add_value("parent_id", parent_id)
            loader.add_value("depth", depth)
            self._fields(loader, el, own, comment_set)
            loader.add_value("scraped_at", self.now)
            yield loader

    def _fields(
        self,
        loader: CommentLoader,
        el: HtmlElement,
        own: list[tuple[HtmlElement, list[str]]],
        comment_set: set[HtmlElement],
    ) -> None:
        """Author, date and text: the theme table first, then WordPress core's markup."""
        authors = self._own(own, _AUTHOR_CLASSES)
        name = commenter_name(authors[0]) if authors else ""
        if name:
            loader.add_value("author", name)
            loader.add_value("author_url", _author_link(authors[0], el))
        else:
            # comment_reply_link() names the commenter: data-replyto / aria-label "Reply to NAME".
            for desc, _ in own:
                match = _REPLY_TO.match(desc.get("data-replyto") or desc.get("aria-label") or "")
                if match:
                    loader.add_value("author", match.group(1))
                    break
            # A theme naming the name element its own way: core's .comment-author block, without its
            # metadata (date, "says", badges), and get_comment_author_link()'s
            # <a class="url" rel="external nofollow ugc"> in it.
            block = self._own(own, ("comment-author",))
            if block:
                if not loader.get_collected_values("author"):
                    loader.add_value("author", clean_line(element_text(block[0], _NAME_NOISE)) or None)
                link = next((a for a in block[0].iter("a") if _AUTHOR_RELS & set((a.get("rel") or "").split())), None)
                if link is not None and loader.get_collected_values("author"):
                    loader.add_value("author_url", link.get("href"))

        loader.add_value("posted_at", self._own_times(own))
        if not loader.get_collected_values("posted_at"):
            for date_el in self._own(own, _DATE_CLASSES):
                loader.add_value("posted_at", date_el.text_content())
        if not loader.get_collected_values("posted_at"):
            # Date text only: the #comment-N permalink's text, or a short metadata element that reads as a date.
            for desc, _ in own:
                # the whole text, or the element's own text before a "Permalink" link
                for text in (desc.text_content(), desc.text or ""):
                    if len(text) < 80 and parse_local_text(text, self.timezone, self.now) is not None:
                        loader.add_value("posted_at", text)
                        break
                if loader.get_collected_values("posted_at"):
                    break

        texts = self._own(own, _TEXT_CLASSES)
        if texts:
            chosen = texts[0]
            # Nested containers of the same kind (OceanWP: .comment-content > ... > .comment-content):
            # the innermost holds the text alone, without the author block around it.
            if len(texts) > 1:
                inner = [t for t in texts[1:] if chosen in t.iterancestors()]
                while inner:
                    chosen = inner[0]
                    inner = [t for t in texts if chosen in t.iterancestors()]
            loader.add_value("text", element_text(chosen, COMMENT_NOISE))
        else:
            # No known text container: the comment's own paragraphs, outside its metadata.
            def drop(node: HtmlElement) -> bool:
                return node in comment_set or _META_FILTER(node) or node.tag in ("header", "footer")

            # wpautop() puts a comment's text in paragraphs: the name and date lines of a theme whose
            # metadata classes say nothing are left out (the paragraph holding the name, a date line).
            names = set(self._own(own, _AUTHOR_CLASSES))
            paragraphs = [
                t
                for d in (d for d, _ in own if d.tag in _TEXT_BLOCKS and _outermost_block(d, el))
                if not _in_meta(d, el)
                and not any(n is d or d in n.iterancestors() for n in names)
                and (t := element_text(d, drop))
                and not (len(t) < _DATE_LINE and parse_local_text(t, self.timezone, self.now) is not None)
            ]
            loader.add_value("text", "\n\n".join(paragraphs) if paragraphs else element_text(el, drop))

    def comments(self, post_id: int | None, article_url: str) -> list[Comment]:
        """The comments on this page; extracted once per (post_id, article_url), then reused."""
        key = (post_id, article_url)
        if key not in self._comments:
            items = []
            for loader in self.iter_loaders(post_id, article_url):
                item = loader.load_item()
                assert isinstance(item, Comment)
                items.append(item)
            self.ambiguous_times = resolve_repeated_hour(items, self.timezone)
            self._comments[key] = items
        return list(self._comments[key])

    def _linked_pages(self, permalink: str) -> dict[int, str]:
        """Comment pages of ``permalink`` linked from this page (``comment-page-N/`` or ``&cpage=N``): number → URL."""
        pages: dict[int, str] = {}
        for href in self.sel.xpath("//a[contains(@href, 'comment-page-') or contains(@href, 'cpage=')]/@href").getall():
            url = join(self.url, href.strip())
            if "replytocom" in urlsplit(url).query:
                continue  # reply links repeat the page
            found = comment_page_of(url)
            if found is None or found[0] != permalink:
                continue
            pages[found[1]] = comment_page_url(permalink, found[1])
        return pages

    def page_urls(self, permalink: str) -> list[str]:
        return [url for _, url in sorted(self._linked_pages(permalink).items())]

    def current_page_number(self, permalink: str) -> int | None:
        """The comment page the bare permalink shows, from its neighbours' links.

        WordPress shows the newest page by default: with "Older Comments" to page
        K and no newer link, this is page K + 1; with only a newer link to K, it
        is page K - 1 (oldest-first sites).
        """
        current = (
            self.sel.css(
                ".wp-block-comments-pagination-numbers .current::text, .comment-navigation .current::text"
            ).get()
            if "current" in self.page_tokens
            else None
        )
        number = page_number(current or "")
        if number is not None:
            return number
        # Comment permalinks ({permalink}comment-page-N/#comment-ID) of comments shown here
        # name this page, even on a single-page thread that prints no navigation.
        shown = {_comment_id(el) for el in self.elements}
        for href in self.sel.xpath(
            "//a[contains(@href, 'comment-page-') or contains(@href, 'cpage=')][contains(@href, '#comment-')]/@href"
        ).getall():
            number = comment_page_number(join(self.url, href) or "")
            id_match = _COMMENT_ID.match(href.rsplit("#", 1)[-1])
            if number is not None and id_match and int(id_match.group(1)) in shown:
                return number
        older = self._nav_target(("nav-previous", "wp-block-comments-pagination-previous", "prev"))
        if older is not None:
            return older + 1
        newer = self._nav_target(("nav-next", "wp-block-comments-pagination-next", "next"))
        if newer is not None:
            return newer - 1
        return None

    def _nav_target(self, classes: tuple[str, ...]) -> int | None:
        for cls in classes:
            if cls not in self.page_tokens:
                continue  # no element carries it: skip the whole-document scan
            for href in self.sel.xpath(
                f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]/descendant-or-self::a/@href"
            ).getall():
                number = comment_page_number(join(self.url, href))
                if number is not None:
                    return number
        return None
