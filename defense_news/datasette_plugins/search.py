"""Datasette plugin (loaded by ``python -m defense_news.explore``): a search box that takes any text.

Datasette turns a table's ``?_search=`` text into an FTS5 query with its SQL function
``escape_fts``, which fails on some input (a lone ``"`` becomes an empty query: "fts5:
syntax error"). This replaces the function: every word, or every "quoted phrase", is
searched for as literal text, so quotes, operators (AND, OR, NOT, NEAR, ``*``, ``^``,
``column:``) and markup are just words (:func:`defense_news.explore.fts_query`).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl

from defense_news.explore import fts_query


@hookimpl(trylast=True)  # after Datasette's own prepare_connection, so this definition wins
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Any) -> None:
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
