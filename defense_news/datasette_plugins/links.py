"""Datasette plugin (loaded by ``python -m defense_news.explore``): links between articles and comments.

A comment's ``post_id`` links to its article and ``parent_id`` to the comment it replies
to; an article's ``post_id`` links to its comments. The links are table filters rather
than row pages, so they work whatever the tables' primary keys are. Canned queries get
the same links for columns of those names.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from markupsafe import Markup, escape

# column -> (table linked to, column filtered on, what the link shows)
COMMENT_LINKS = {"post_id": ("articles", "post_id", "article"), "parent_id": ("comments", "comment_id", "comment")}
ARTICLE_LINKS = {"post_id": ("comments", "post_id", "comments")}


def _link(datasette: Any, database: str, target: tuple[str, str, str], value: object, row: Any) -> Markup:
    table, column, label = target
    text = value
    if isinstance(value, dict):
        # A declared foreign key (comments.post_id) that Datasette expanded with its label (the
        # title). Datasette's own link would open articles/<post_id> as a row id, the wrong row.
        expanded: dict[str, Any] = value
        value = expanded.get("value")
        text = f"{expanded.get('label')} ({value})"
    query = {column: str(value)}
    if "site" in row.keys() and row["site"] is not None:  # noqa: SIM118 - sqlite3.Row has no __contains__ for keys
        query["site"] = str(row["site"])
    href = f"{datasette.urls.table(database, table)}?{urlencode(query)}"
    return Markup(f'<a href="{escape(href)}" title="{escape(label)} {escape(value)}">{escape(text)}</a>')


@hookimpl
def render_cell(row: Any, value: object, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if value is None or isinstance(value, bytes):
        return None
    if table == "articles":
        links = ARTICLE_LINKS
    elif table in ("comments", None):  # None: a canned or custom query
        links = COMMENT_LINKS
    else:
        return None
    target = links.get(column)
    if target is None:
        return None
    return _link(datasette, database, target, value, row)
