"""``scrapy dbcopy SOURCE TARGET``: copy a whole dataset between SQLite and PostgreSQL (docs/postgres.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.exceptions import UsageError

from ..destinations import sqlite_file_problem
from ..storage.command import DatabaseCommand
from ..storage.transfer import copy_dataset, open_location


class Command(DatabaseCommand):
    failure = "Copy failed"
    arguments = (2, 2)
    usage = "give a SOURCE and a TARGET database"

    def syntax(self) -> str:
        return "SOURCE TARGET"

    def short_desc(self) -> str:
        return "Copy every row of a database into an empty one (SQLite path or postgresql:// URL)"

    def long_desc(self) -> str:
        return (
            "Copy articles, comments, crawl records and incomplete-thread marks, row for row, from SOURCE (an "
            "existing defense_news database, never created) into TARGET, which must be empty, in one "
            "transaction; then compare every table on both sides (row count "
            "and digest). Give PostgreSQL URLs without a password: libpq reads it from PGPASSFILE or ~/.pgpass. "
            "Run it as the database's owner."
        )

    def execute(self, args: list[str], opts: argparse.Namespace) -> None:
        # The source is read, never created: a mistyped one is refused before the target is opened.
        source = self.keep(open_location(args[0], existing=True))
        # A target path this process cannot write is a usage error (status 2, docs/exit-codes.md),
        # told before it is opened; what only opening it tells (not empty, not a database) is 1.
        problem = None if "://" in args[1] else sqlite_file_problem(Path(args[1]))
        if problem is not None:
            raise UsageError(f"cannot copy into {args[1]}: {problem}", print_help=False)
        target = self.keep(open_location(args[1]))
        for copy in copy_dataset(source, target):
            print(f"{copy.table}: {copy.rows} rows, identical in both (digest {copy.digest})")
        print(f"Copied {source.location} into {target.location}")
