"""Threaded reader comments as WordPress themes print them.

Works on ZoxPress (``li#li-comment-N`` > ``div.comment-wrapper``), the core
comment walker of classic themes (``li#comment-N`` > ``article.comment-body``)
and block themes (``ol.wp-block-comment-template`` > ``li#comment-N``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime, tzinfo
from urllib.parse import urlsplit

from lxml.html import HtmlElement
from parsel import Selector

from ..html_text import class_tokens, clean_line, element_text, make_class_filter
from ..items import Comment
from ..loaders import CommentLoader
from ..urls import COMMENT_PAGE, join
from .common import class_names

logger = logging.getLogger(__name__)

_COMMENT_ID = re.compile(r"^(?:li-)?comment-(\d+)$")
_DEPTH = re.compile(r"^depth-(\d+)$")
# Elements carrying a comment: an id comment-N / li-comment-N and the class "comment"
# (pingbacks and trackbacks carry "pingback"/"trackback" instead and are skipped).
# (The same elements as ``//*[@id][starts-with(@id, ...)]...``, reached from the id attributes:
# about half the cost, as the id test then runs on attributes only.)
_COMMENT_XPATH = (
    "//@id[starts-with(., 'comment-') or starts-with(., 'li-comment-')]"
    "/parent::*[contains(concat(' ', normalize-space(@class), ' '), ' comment ')]"
)
_AUTHOR_CLASSES = ("fn", "wp-block-comment-author-name", "comment-author-name")
_TEXT_CLASSES = ("c", "comment-content", "wp-block-comment-content", "comment-text", "comment-body-text")
_DATE_CLASSES = ("comment-meta-2", "wp-block-comment-date", "comment-metadata", "comment-date", "comment-time")
_MODERATION_CLASSES = {"comment-awaiting-moderation", "waiting_approval", "comment-awaiting-moderation-text"}

COMMENT_NOISE = make_class_filter(
    exact={"reply", "comment-reply-link", "wp-block-comment-reply-link", "comment-edit-link", "edit-link"},
    substrings=("share",),
)


def _comment_id(el: HtmlElement) -> int | None:
    match = _COMMENT_ID.match(el.get("id") or "")
    return int(match.group(1)) if match else None


class CommentThread:
    """The comments printed on one page, with their nesting."""

    def __init__(
        self,
        selector: Selector,
        url: str,
        timezone: tzinfo,
        now: datetime,
        class_names: frozenset[str] | None = None,
    ) -> None:
        self.sel = selector
        self.url = url
        self.timezone = timezone
        self.now = now
        self._elements: list[HtmlElement] | None = None
        self._class_names = class_names
        self._comments: dict[tuple[int | None, str], list[Comment]] = {}

    @property
    def class_names(self) -> frozenset[str]:
        if self._class_names is None:
            self._class_names = class_names(self.sel)
        return self._class_names

    @property
    def elements(self) -> list[HtmlElement]:
        if self._elements is None:
            self._elements = [el for el in self.sel.root.xpath(_COMMENT_XPATH) if _comment_id(el) is not None]
        return self._elements

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
        seen: set[int] = set()
        loader: CommentLoader | None = None
        for el in elements:
            comment_id = _comment_id(el)
            if comment_id is None or comment_id in seen:
                continue  # e.g. li#li-comment-5 wrapping article#comment-5.comment
            seen.add(comment_id)
            own = self._own_descendants(el, comment_set)
            if any(not _MODERATION_CLASSES.isdisjoint(tokens) for _, tokens in own):
                continue  # only the commenter sees a held comment; readers do not
            parent_el = self._owner(el, comment_set)
            depth = next((int(m.group(1)) for c in class_tokens(el) if (m := _DEPTH.match(c))), None)
            if depth is None:
                depth = 1 + sum(1 for a in el.iterancestors() if a in comment_set)

            if loader is None:
                loader = CommentLoader(base_url=self.url, timezone=self.timezone, now=self.now)
            else:
                loader.reset()  # one loader per page, a fresh item per comment (see CommentLoader)
            loader.add_value("comment_id", comment_id)
            loader.add_value("post_id", post_id)
            loader.add_value("article_url", article_url)
            loader.add_value("parent_id", _comment_id(parent_el) if parent_el is not None else None)
            loader.add_value("depth", depth)

            authors = self._own(own, _AUTHOR_CLASSES)
            if authors:
                author = authors[0]
                loader.add_value("author", clean_line(author.text_content()))
                link = author if author.tag == "a" else next(author.iterdescendants("a"), None)
                if link is not None:
                    loader.add_value("author_url", link.get("href"))

            loader.add_value("posted_at", self._own_times(own))
            if not loader.get_collected_values("posted_at"):
                for date_el in self._own(own, _DATE_CLASSES):
                    loader.add_value("posted_at", date_el.text_content())

            texts = self._own(own, _TEXT_CLASSES)
            if texts:
                loader.add_value("text", element_text(texts[0], COMMENT_NOISE))
            loader.add_value("scraped_at", self.now)
            yield loader

    def comments(self, post_id: int | None, article_url: str) -> list[Comment]:
        """The comments on this page; extracted once per (post_id, article_url), then reused."""
        key = (post_id, article_url)
        if key not in self._comments:
            items = []
            for loader in self.iter_loaders(post_id, article_url):
                item = loader.load_item()
                assert isinstance(item, Comment)
                items.append(item)
            self._comments[key] = items
        return list(self._comments[key])

    def _linked_pages(self, permalink: str) -> dict[int, str]:
        """Comment pages of ``permalink`` linked from this page: number → URL."""
        base_path = urlsplit(permalink).path
        pages: dict[int, str] = {}
        for href in self.sel.xpath("//a[contains(@href, 'comment-page-')]/@href").getall():
            url = join(self.url, href.strip())
            parts = urlsplit(url)
            match = COMMENT_PAGE.match(parts.path)
            if not match or match["base"] != base_path or parts.netloc != urlsplit(permalink).netloc:
                continue
            if "replytocom" in parts.query:
                continue  # reply links repeat the page
            pages[int(match["n"])] = f"{parts.scheme}://{parts.netloc}{parts.path}"
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
            if "current" in self.class_names
            else None
        )
        if current and current.strip().isdigit():
            return int(current.strip())
        # Comment permalinks ({permalink}comment-page-N/#comment-ID) of comments shown here
        # name this page, even on a single-page thread that prints no navigation.
        shown = {_comment_id(el) for el in self.elements}
        for href in self.sel.xpath(
            "//a[contains(@href, 'comment-page-')][contains(@href, '#comment-')]/@href"
        ).getall():
            page_match = COMMENT_PAGE.match(urlsplit(join(self.url, href) or "").path)
            id_match = _COMMENT_ID.match(href.rsplit("#", 1)[-1])
            if page_match and id_match and int(id_match.group(1)) in shown:
                return int(page_match["n"])
        older = self._nav_target(("nav-previous", "wp-block-comments-pagination-previous", "prev"))
        if older is not None:
            return older + 1
        newer = self._nav_target(("nav-next", "wp-block-comments-pagination-next", "next"))
        if newer is not None:
            return newer - 1
        return None

    def _nav_target(self, classes: tuple[str, ...]) -> int | None:
        for cls in classes:
            if cls not in self.class_names:
                continue  # no element carries it: skip the whole-document scan
            for href in self.sel.xpath(
                f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]/descendant-or-self::a/@href"
            ).getall():
                match = COMMENT_PAGE.match(urlsplit(join(self.url, href)).path)
                if match:
                    return int(match["n"])
        return None
