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
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import CsvItemExporter

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
