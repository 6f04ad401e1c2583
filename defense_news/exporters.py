"""Feed exporters with defenses for the programs that read the files.

:class:`SafeCsvItemExporter` is Scrapy's CSV exporter with two changes. A list
field (``authors``, ``categories``, ``tags``) is written as a JSON array, as the
SQLite column holds it (``["Doe, Jr.", "Ann Lee"]``): Scrapy joins a list with
bare commas, which cannot be split back when a name contains one. And spreadsheet formula
injection is neutralised: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return would run as a formula when the file is opened in Excel,
LibreOffice or Google Sheets, so it is written with a leading apostrophe
(``'=HYPERLINK(...)``), the OWASP recommendation. Nothing else changes: to get
the original text back, drop one leading ``'`` from cells that start with
``'`` followed by one of those characters. Numbers (a negative count) are not
strings and are left alone. JSON Lines is written as is (JSON has no formulas).

Every format's exporter (JSON Lines, JSON, CSV, XML) also writes an article that left the
spider with a category slug no page had named yet (:class:`~defense_news.categorybook.CategoryBook`)
once the crawl names it, as the database does: held back until then, or until the feed
closes, when it is written with the names the run learned (a slug nothing named stays a slug,
in the database too). Such articles come later in the file than their comments.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exporters import CsvItemExporter, JsonItemExporter, JsonLinesItemExporter, XmlItemExporter

from .categorybook import CategoryBook, named
from .items import Article

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: Any) -> Any:
    """Prefix a formula-looking string with an apostrophe; leave everything else alone.

    >>> neutralise_formula("=1+1"), neutralise_formula("-- a quote"), neutralise_formula("plain"), neutralise_formula(-3)
    ("'=1+1", "'-- a quote", 'plain', -3)
    >>> neutralise_formula("'=already")  # an apostrophe cell gains one more, so unescaping is exact
    "''=already"
    """
    if isinstance(value, str) and (value.startswith(FORMULA_PREFIXES) or _escaped(value)):
        return "'" + value
    return value


def restore_formula(value: str) -> str:
    """Undo :func:`neutralise_formula` for a cell read back from the CSV file.

    >>> restore_formula("'=1+1"), restore_formula("''=already"), restore_formula("plain")
    ('=1+1', "'=already", 'plain')
    """
    return value[1:] if _escaped(value) else value


def _escaped(value: str) -> bool:
    stripped = value.lstrip("'")
    return value.startswith("'") and stripped.startswith(FORMULA_PREFIXES)


def list_cell(value: list[Any] | tuple[Any, ...]) -> str:
    """A list field's CSV cell: a JSON array, the form of its SQLite column (``json.loads`` reads it back).

    >>> list_cell(["Doe, Jr.", "Ann Lee"]), list_cell([]), list_cell(["=1+1"])
    ('["Doe, Jr.", "Ann Lee"]', '[]', '["=1+1"]')
    """
    # A cell starting with "[" is no formula, so its items need no apostrophe.
    return json.dumps(list(value), ensure_ascii=False)


class SafeCsvItemExporter(CsvItemExporter):
    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return list_cell(value)
        value = super().serialize_field(field, name, value)
        return neutralise_formula(value)


class NamedCategories:
    """Mixed into an exporter: articles whose category slugs the spider's book names later are
    written named (see the module docstring). Built with the crawler (Scrapy's FeedExporter
    builds exporters with ``build_from_crawler``), to reach the spider's book."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.crawler: Crawler | None = None
        self.held: list[Article] = []
        # How many names the book held when the held articles were last looked at: it only grows,
        # so they are looked at again only when it has learned a name (not once per item).
        self.names_seen = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Any:
        exporter = cls(*args, **kwargs)
        exporter.crawler = crawler
        return exporter

    def _book(self) -> CategoryBook | None:
        book = getattr(self.crawler.spider, "category_book", None) if self.crawler is not None else None
        return book if isinstance(book, CategoryBook) else None

    def export_item(self, item: Any) -> Any:
        book = self._book()
        if book is not None:
            self._release(book)
        if book is not None and isinstance(item, Article):
            names, complete = book.names_for(item)
            if not complete:
                self.held.append(item)
                return None
            if names:
                item = named(item, names)
        return super().export_item(item)  # type: ignore[misc]

    def _release(self, book: CategoryBook) -> None:
        """Write the held articles whose slugs the book now names all of: as soon as it can, so a
        run killed before its feed closes loses from the feed only the articles still waiting."""
        if not self.held or len(book.names) == self.names_seen:
            return
        self.names_seen = len(book.names)
        waiting: list[Article] = []
        for item in self.held:
            names, complete = book.names_for(item)
            if complete:
                super().export_item(named(item, names))  # type: ignore[misc]
            else:
                waiting.append(item)
        self.held = waiting

    def finish_exporting(self) -> None:
        book = self._book()
        held, self.held = self.held, []
        for item in held:
            super().export_item(named(item, book.names_for(item)[0]) if book is not None else item)  # type: ignore[misc]
        super().finish_exporting()  # type: ignore[misc]


class JsonLinesExporter(NamedCategories, JsonLinesItemExporter):
    pass


class JsonExporter(NamedCategories, JsonItemExporter):
    pass


class XmlExporter(NamedCategories, XmlItemExporter):
    pass


class CsvExporter(NamedCategories, SafeCsvItemExporter):
    pass
