"""``scrapy dbcopy SOURCE TARGET``: copy a whole dataset between SQLite and PostgreSQL (docs/postgres.md)."""

from __future__ import annotations

import argparse
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from ..storage.base import Store, StoreError
from ..storage.transfer import copy_dataset, open_location


class Command(ScrapyCommand):
    requires_project = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "SOURCE TARGET"

    def short_desc(self) -> str:
        return "Copy every row of a database into an empty one (SQLite path or postgresql:// URL)"

    def long_desc(self) -> str:
        return (
            "Copy articles, comments, crawl records and incomplete-thread marks, row for row, from SOURCE into "
            "TARGET, which must be empty, in one transaction; then compare every table on both sides (row count "
            "and digest). Give PostgreSQL URLs without a password: libpq reads it from PGPASSFILE or ~/.pgpass. "
            "Run it as the database's owner."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 2:
            raise UsageError("give a SOURCE and a TARGET database", print_help=False)
        stores: list[Store] = []
        try:
            for location in args:
                stores.append(open_location(location))
            copies = copy_dataset(*stores)
        except StoreError as exc:
            print(f"Copy failed: {exc}")
            self.exitcode = 1
            return
        finally:
            for store in stores:
                store.close()
        source, target = (store.location for store in stores)
        for copy in copies:
            print(f"{copy.table}: {copy.rows} rows, identical in both (digest {copy.digest})")
        print(f"Copied {source} into {target}")
