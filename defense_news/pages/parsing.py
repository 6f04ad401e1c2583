"""A page's HTML parsed the way Scrapy parses it, with what the parser's limits cut off named.

libxml2 (under lxml, parsel and Scrapy) stops reading a document that nests deeper than
2,048 elements, even with ``huge_tree``: everything after that point is gone, silently. A
comment thread nested thousands of levels deep lost most of its comments, and a body
wrapped in hundreds of thousands of ``<div>``\\ s was read as an empty page.
:func:`parse_checked` parses as parsel does (the same input, parser and options, so the
same tree) and reads the last error of the parser's log, where that limit's fatal error
ends the parse. Only then is the document read again, by Python's own HTML tokenizer into
an lxml tree (no depth limit, linear in the tags), dropping the attribute-less wrappers
(``<div>``, ``<span>``…) that nest past :data:`FLAT_DEPTH`: they carry nothing, and a
flatter tree is cheaper for every rule that walks an element's ancestors.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.html
from lxml import etree
from lxml.html import HtmlElement
from scrapy.http import TextResponse
from scrapy.selector import Selector
from scrapy.utils.response import get_base_url

# libxml2's fatal "resource limit" error ("Excessive depth in document: 2048 ...").
_LIMIT_ERROR = "ERR_RESOURCE_LIMIT"
# Below this depth every element is kept; past it, wrappers without attributes are dropped.
FLAT_DEPTH = 256
# Past this depth no element is built (see _FlatBuilder): with <html>, <body> above, libxml2's own 2,048.
MAX_DEPTH = 2040
# Past this depth a reply is not nested in its parent's element but starts a branch beside the
# thread's, its place in the thread (parent, depth) kept in the MOVED_* attributes.
REPLY_DEPTH = 256
MOVED_PARENT = "data-defense-news-parent"
MOVED_DEPTH = "data-defense-news-depth"
# A comment starts only this far above MAX_DEPTH, so that it is read whole (author, date, text) or not at all.
COMMENT_ROOM = 32
# Elements that only wrap (layout, emphasis): without attributes, no rule of pages/ reads them.
WRAPPERS = frozenset({"div", "span", "section", "article", "main", "font", "center", "b", "i", "em", "strong", "u"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
# A start tag closes an open element of these kinds first, as HTML's parsers do for the
# end tags pages leave out (``<p>a<p>b``, ``<li>a<li>b``). A split string: as a list, the formatter puts one name a line.
_BLOCKS = frozenset(
    "address article aside blockquote details div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "  # noqa: SIM905
    "header hr main nav ol p pre section table ul".split()
)
_CLOSES: dict[str, frozenset[str]] = {
    **dict.fromkeys(_BLOCKS, frozenset({"p"})),
    "li": frozenset({"p", "li"}),
    "dt": frozenset({"p", "dt", "dd"}),
    "dd": frozenset({"p", "dt", "dd"}),
    "tr": frozenset({"td", "th", "tr"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "option": frozenset({"option"}),
}
# WordPress's ids of a comment's elements (as pages/comments.py reads them).
_COMMENT_ID = re.compile(r"^(?:li-|div-)?comment-(\d+)$")
# Characters XML (and so lxml) refuses in text and attribute values.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class ParseCut:
    """What a parser limit cut off a page, and how much of it the second read kept."""

    problem: str
    recovered: bool
    dropped_wrappers: int = 0
    # Elements past MAX_DEPTH, left out with their content, and how many of them were comments.
    left_out: int = 0
    comments_left_out: int = 0
    # Replies built outside their parent's element (past REPLY_DEPTH), their parent kept in MOVED_PARENT.
    replies_moved: int = 0
    # The deepest element of the tree read again (0 when it was not).
    depth: int = 0

    def counters(self) -> dict[str, int]:
        """The ``defense_news/parser_depth/`` counters this cut adds to, with the amounts."""
        if not self.recovered:
            return {"pages": 1, "unrecovered": 1}
        found = {"pages": 1, "read_again": 1, "wrappers_dropped": self.dropped_wrappers}
        found["replies_moved"] = self.replies_moved
        if self.left_out:
            found.update(partly=1, elements_left_out=self.left_out, comments_left_out=self.comments_left_out)
        return {name: amount for name, amount in found.items() if amount}

    def outcome(self) -> tuple[int, str]:
        """The log level, and what to say after "Parser limit on <where>: "."""
        if not self.recovered:
            return logging.ERROR, f"{self.problem}; only the part before it is read"
        if not self.left_out:
            return logging.WARNING, (
                f"{self.problem}; read again whole ({self.dropped_wrappers} empty wrappers past depth "
                f"{FLAT_DEPTH} dropped; {self.replies_moved} replies past depth {REPLY_DEPTH} built beside "
                "their thread, their parents kept)"
            )
        return logging.ERROR, (
            f"{self.problem}; read again, but {self.left_out} elements nested deeper than {MAX_DEPTH} "
            f"are left out, with {self.comments_left_out} comments"
        )


def parse_checked(response: TextResponse) -> tuple[Selector, ParseCut | None]:
    """The page's selector (the tree Scrapy would build, or the page read again) and what a parser
    limit cut, if anything."""
    # As parsel's create_root_node does for Scrapy's response.selector: the same input and options.
    base_url = get_base_url(response)
    body = response.text.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    parser = lxml.html.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    root = etree.fromstring(body, parser=parser, base_url=base_url)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser, base_url=base_url)
    # The limit's error is fatal: it ends the parse, so it is the last one logged (one look, not a scan).
    last = parser.error_log.last_error
    if last is None or last.type_name != _LIMIT_ERROR:
        return Selector(root=root, type="html"), None
    problem = last.message.strip().split(",")[0]
    flat = _FlatBuilder()
    try:
        flat.feed(response.text)
        flat_root = flat.close_tree()
    except (ValueError, AssertionError, etree.LxmlError) as error:  # the cut tree stands, named
        return Selector(root=root, type="html"), ParseCut(f"{problem}; read again: {error}", recovered=False)
    cut = ParseCut(problem, True, flat.dropped, flat.left_out, len(flat.comments_left_out), flat.moved, flat.deepest)
    return Selector(root=flat_root, type="html"), cut


def fragment_checked(html: str) -> tuple[HtmlElement, ParseCut | None]:
    """An HTML fragment (a REST record's ``content.rendered``) in a ``<div>``, as
    ``lxml.html.fragment_fromstring(html, create_parent="div")`` reads it but with ``huge_tree``
    (without it, libxml2 stops at 256 levels), read again like a page past the depth limit."""
    parser = lxml.html.HTMLParser(huge_tree=True)
    root = lxml.html.fragment_fromstring(html, create_parent="div", parser=parser)
    last = parser.error_log.last_error
    if last is None or last.type_name != _LIMIT_ERROR:
        return root, None
    problem = last.message.strip().split(",")[0]
    flat = _FlatBuilder()
    try:
        flat.feed(html)
        flat_root = flat.close_tree()
    except (ValueError, AssertionError, etree.LxmlError) as error:
        return root, ParseCut(f"{problem}; read again: {error}", recovered=False)
    flat_root.tag = "div"
    cut = ParseCut(problem, True, flat.dropped, flat.left_out, len(flat.comments_left_out), flat.moved, flat.deepest)
    return flat_root, cut


# How the second read keeps an element: built into the tree, dropped (its content kept in its
# parent), or left out with all its content.
_BUILT, _DROPPED, _LEFT_OUT = 0, 1, 2


class _FlatBuilder(HTMLParser):
    """Python's HTML tokenizer into an lxml tree, end tags matched to their open element in
    constant time (a count of each tag's open elements), so the whole read is linear.

    Past :data:`FLAT_DEPTH` attribute-less wrappers are dropped. A comment thread nests two
    elements a reply (``li.comment > ol.children > li.comment``): past :data:`REPLY_DEPTH`, the
    open elements from the thread's outermost built comment up are closed, and the reply starts
    beside it, its parent and depth in :data:`MOVED_PARENT` and :data:`MOVED_DEPTH` (as are those
    of every later comment of the page), so every reply is read, whatever the thread's depth.
    Past :data:`MAX_DEPTH` any other element is left out with its content (counted, comments
    apart), and a comment is, past ``MAX_DEPTH - COMMENT_ROOM``: the tree is one libxml2 itself
    could build. Deeper would cost more than the page is worth: rules that walk an element's
    ancestors (scope.py, bylines.py) and libxml2's XPath, which orders nodes by walking to the
    root, cost the tree's depth for each element, its square in all.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = etree.TreeBuilder(parser=lxml.html.HTMLParser())
        self.root = self.builder.start("html", {})
        self.stack: list[tuple[str, int]] = [("html", _BUILT)]
        self.open: dict[str, int] = {}
        self.depth = 0
        self.deepest = 0
        self.skipping = 0  # open elements being left out: their content is too
        self.dropped = 0
        self.left_out = 0
        self.comments_left_out: set[str] = set()
        # The comments open (id, stack index), outermost first; those from first_built on are built.
        self.comments: list[tuple[str, int]] = []
        self.first_built = 0
        self.folded = False
        self.moved = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self._root_attributes(attrs)
            return
        closes = _CLOSES.get(tag)
        while closes and self.stack[-1][0] in closes:
            self._pop()
        comment = next((m.group(1) for n, v in attrs if n == "id" and (m := _COMMENT_ID.match(v or ""))), None)
        # A comment's inner elements carry its id too (``li#comment-5 > article#div-comment-5``).
        if comment is not None and self.comments and self.comments[-1][0] == comment:
            comment = None
        if self.skipping or self.depth >= MAX_DEPTH or (comment and self.depth >= MAX_DEPTH - COMMENT_ROOM):
            self.left_out += 1
            if comment:
                self.comments_left_out.add(comment)
            if tag not in VOID:
                self._push(tag, _LEFT_OUT)
            return
        if comment is not None:
            attrs = self._place_reply(attrs)
        if tag in VOID:
            self.handle_startendtag(tag, attrs)
        elif tag in WRAPPERS and not attrs and self.depth >= FLAT_DEPTH:
            self._push(tag, _DROPPED)
            self.dropped += 1
        elif self._start(tag, attrs):
            self._push(tag, _BUILT)
            if comment is not None:
                self.comments.append((comment, len(self.stack) - 1))

    def _place_reply(self, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        """A comment's attributes, with its place in the thread once the nesting no longer says it."""
        if not self.comments:
            return attrs
        if self.depth >= REPLY_DEPTH and self.first_built < len(self.comments):
            self._fold(self.comments[self.first_built][1])
        if not self.folded:
            return attrs
        if len(self.comments) - 1 < self.first_built:  # its parent's element is closed: a reply moved
            self.moved += 1
        return [*attrs, (MOVED_PARENT, self.comments[-1][0]), (MOVED_DEPTH, str(len(self.comments) + 1))]

    def _fold(self, start: int) -> None:
        """Close the open elements from stack index ``start`` up; their end tags will close nothing."""
        for index in range(len(self.stack) - 1, start - 1, -1):
            tag, how = self.stack[index]
            if how == _BUILT:
                self.builder.end(tag)
                self.depth -= 1
                self.stack[index] = (tag, _DROPPED)
        self.first_built = len(self.comments)
        self.folded = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or self.depth >= MAX_DEPTH:
            self.left_out += 1
        elif self._start(tag, attrs):
            self.builder.end(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open.get(tag):
            return  # a stray end tag, ignored as browsers do
        while self._pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.builder.data(_xml_text(data))

    def handle_comment(self, data: str) -> None:
        if not self.skipping:
            self.builder.comment(_xml_text(data).replace("--", "- -"))

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        try:
            self.builder.start(tag, {name: _xml_text(value or "") for name, value in attrs})
        except ValueError:  # a name lxml refuses (``<div"x>``): the tag goes, its content stays
            return False
        return True

    def _root_attributes(self, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            try:
                self.root.set(name, _xml_text(value or ""))
            except ValueError:
                continue

    def _push(self, tag: str, how: int) -> None:
        self.stack.append((tag, how))
        self.open[tag] = self.open.get(tag, 0) + 1
        if how == _BUILT:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
        elif how == _LEFT_OUT:
            self.skipping += 1

    def _pop(self) -> str:
        tag, how = self.stack.pop()
        self.open[tag] -= 1
        if how == _BUILT:
            self.builder.end(tag)
            self.depth -= 1
        elif how == _LEFT_OUT:
            self.skipping -= 1
        if self.comments and self.comments[-1][1] == len(self.stack):
            self.comments.pop()
            self.first_built = min(self.first_built, len(self.comments))
        return tag

    def close_tree(self) -> etree._Element:
        self.close()
        while len(self.stack) > 1:
            self._pop()
        self.builder.end("html")
        return self.builder.close()


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text
