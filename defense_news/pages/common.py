"""Helpers shared by the page extractors: text of selections, meta tags, JSON-LD."""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from lxml import etree
from parsel import Selector, SelectorList

from ..html_text import clean_line
from .css import TOKEN_ATTRIBUTES

logger = logging.getLogger(__name__)

# A JSON-LD block wrapped for XHTML parsers: "<![CDATA[ … ]]>", often as "//<![CDATA[ … //]]>"
# or "/* <![CDATA[ */ … /* ]]> */".
_CDATA = re.compile(r"^\s*(?://|/\*)?\s*<!\[CDATA\[\s*(?:\*/)?(.*?)(?://|/\*)?\s*\]\]>\s*(?:\*/)?\s*$", re.S)

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
    }
)

WEB_PAGE_TYPES = frozenset({"WebPage", "ItemPage"})


def string_values(selection: SelectorList[Selector] | Selector) -> list[str]:
    """The whitespace-collapsed text (XPath ``string()``) of each selected node."""
    if isinstance(selection, Selector):
        selection = SelectorList([selection])
    values = []
    for sel in selection:
        root = sel.root
        if isinstance(root, str):
            text = root
        elif hasattr(root, "text_content"):
            text = root.text_content()
        else:
            text = sel.xpath("string()").get() or ""
        text = clean_line(text)
        if text:
            values.append(text)
    return values


_TOKEN_ATTRIBUTES = etree.XPath("|".join(f"//@{name}" for name in TOKEN_ATTRIBUTES), smart_strings=False)


def page_tokens(selector: Selector) -> frozenset[str]:
    """Every token of the document's ``class``, ``id`` and ``itemprop`` values, in one query: a
    query that needs a class, an id or an itemprop value missing from this set cannot match, so
    its whole-document scan can be skipped (:func:`~defense_news.pages.css.needed_tokens`). One set
    for the three: a superset of each, so a skip stays sound, for about a third more than the
    classes alone."""
    return frozenset(" ".join(_TOKEN_ATTRIBUTES(selector.root)).split())


def first_layer(*layers: Iterable[str | None] | Callable[[], Iterable[str | None]]) -> list[str]:
    """Values of the first layer that yields anything.

    A layer may be a callable returning the values: it is only evaluated when
    every earlier layer came up empty (each layer is a whole-document query).
    """
    for layer in layers:
        values = [v for v in (layer() if callable(layer) else layer) if v]
        if values:
            return values
    return []


class MetaTags:
    """Every ``<meta content>`` of a page, read in one pass.

    ``get(key)`` answers ``<meta property=key>`` or ``<meta name=key>``, preferring the
    ``<head>`` (some plugins also print meta tags in the body).
    """

    def __init__(self, selector: Selector) -> None:
        self.head: dict[str, str] = {}
        self.anywhere: dict[str, str] = {}
        # Two plugins may each print one (Yoast's og:title and a sharing plugin's).
        self.every: dict[str, list[str]] = {}
        for el in selector.root.iter("meta"):
            content = el.get("content")
            if content is None:
                continue
            parent = el.getparent()
            in_head = parent is not None and parent.tag == "head"
            for key in (el.get("property"), el.get("name")):
                if key is None:
                    continue
                self.anywhere.setdefault(key, content)
                self.every.setdefault(key, []).append(content)
                if in_head:
                    self.head.setdefault(key, content)

    def get(self, key: str) -> str | None:
        value = self.head.get(key)
        if value is None:
            value = self.anywhere.get(key)
        return clean_line(value) if value else None

    def get_all(self, key: str) -> list[str]:
        """Every non-empty ``key`` value, in document order."""
        return [line for value in self.every.get(key, []) if (line := clean_line(value))]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types(node: dict[str, Any]) -> set[str]:
    return {t.rsplit("/", 1)[-1] for t in _as_list(node.get("@type")) if isinstance(t, str)}


class JsonLd:
    """The JSON-LD nodes of a page, flattened (``@graph`` and lists), with ``@id`` lookup."""

    def __init__(self, selector: Selector, url: str = "") -> None:
        self.nodes: list[dict[str, Any]] = []
        for raw in selector.xpath('//script[@type="application/ld+json"]/text()').getall():
            if wrapped := _CDATA.match(raw):
                raw = wrapped[1]
            try:
                # strict=False: a raw line break or tab inside a string (an articleBody or description
                # printed as is) is what browsers and search engines read past; json rejects it.
                data = json.loads(raw, strict=False)
            except (ValueError, RecursionError):
                logger.debug("Unparsable JSON-LD block on %s", url)
                continue
            self.nodes.extend(self._flatten(data))
        self.by_id = {node["@id"]: node for node in self.nodes if isinstance(node.get("@id"), str)}

    def _flatten(self, data: Any) -> Iterator[dict[str, Any]]:
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))
                if "@type" in item:
                    yield item

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.by_id.get(value["@id"], value)
        return value

    def article(self) -> dict[str, Any]:
        for node in self.nodes:
            if _types(node) & ARTICLE_TYPES:
                return node
        return {}

    def web_page(self) -> dict[str, Any]:
        """The page's own WebPage node (where SEO plugins without an Article node put its author)."""
        for node in self.nodes:
            if _types(node) & WEB_PAGE_TYPES:
                return node
        return {}

    def strings(self, node: dict[str, Any], key: str) -> list[str]:
        out = []
        for value in _as_list(node.get(key)):
            value = self.resolve(value)
            if isinstance(value, str):
                # Some SEO plugins print HTML entities in JSON strings ("Olive &#038; Herb")
                out.append(html.unescape(value) if "&" in value else value)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                out.append(str(value))
        return out

    def names(self, node: dict[str, Any], key: str) -> list[str]:
        """``name`` of the objects under ``key`` (authors), or plain strings."""
        out = []
        for value in _as_list(node.get(key)):
            value = self.resolve(value)
            if isinstance(value, dict):
                name = value.get("name")
                if isinstance(name, str):
                    out.append(name)
            elif isinstance(value, str):
                out.append(value)
        return out

    def urls(self, node: dict[str, Any], key: str) -> list[str]:
        out = []
        for value in _as_list(node.get(key)):
            value = self.resolve(value)
            if isinstance(value, dict):
                value = value.get("url") or value.get("contentUrl")
            if isinstance(value, str):
                out.append(value)
        return out
