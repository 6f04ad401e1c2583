"""``scrapy dbcopy SOURCE TARGET``: copy a whole dataset between SQLite and PostgreSQL (docs/postgres.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.exceptions import UsageError

from ..destinations import sqlite_file_problem
from ..storage.command import DatabaseCommand
from ..storage.sqlite import missing_file_problem
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
        # Paths named on the command line that cannot be used are usage errors (status 2,
        # docs/exit-codes.md), told before anything is opened: a source with no file behind it
        # (a typo; it is read, never created), a target this process cannot write. What only
        # opening them tells (not a defense_news database, a target not empty) is status 1.
        missing = None if "://" in args[0] else missing_file_problem(Path(args[0]))
        if missing is not None:
            raise UsageError(f"cannot copy: {missing}", print_help=False)
        problem = None if "://" in args[1] else sqlite_file_problem(Path(args[1]))
        if problem is not None:
            raise UsageError(f"cannot copy into {args[1]}: {problem}", print_help=False)
        source = self.keep(open_location(args[0], existing=True))
        target = self.keep(open_location(args[1]))
        for copy in copy_dataset(source, target):
            print(f"{copy.table}: {copy.rows} rows, identical in both (digest {copy.digest})")
        print(f"Copied {source.location} into {target.location}")
