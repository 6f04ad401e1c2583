"""What the database commands (``scrapy dbcopy``, ``scrapy dbmigrate``) share: arguments, opening, failures.

A failure is one line, ``<failure>: <why>``, and exit status 1; a wrong number of
arguments is Scrapy's usage error (status 2). Every store the command opened is
closed, whatever happened. The class lives outside ``defense_news/commands/``:
Scrapy would list any command class defined there as a command of its own.
"""

from __future__ import annotations

import argparse
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from .base import Store, StoreError


class DatabaseCommand(ScrapyCommand):
    requires_project = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}
    # The first words of the line a database failure prints.
    failure = "Failed"
    # How many positional arguments the command takes (at least, at most), and what to say otherwise.
    arguments = (0, 0)
    usage = "give no argument"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        low, high = self.arguments
        if not low <= len(args) <= high:
            raise UsageError(self.usage, print_help=False)
        self.stores: list[Store] = []
        try:
            self.execute(args, opts)
        except StoreError as exc:
            print(f"{self.failure}: {exc}")
            self.exitcode = 1
        finally:
            for store in self.stores:
                store.close()

    def keep(self, store: Store) -> Store:
        """``store``, closed when the command ends."""
        self.stores.append(store)
        return store

    def execute(self, args: list[str], opts: argparse.Namespace) -> None:
        """The command's work; a :class:`StoreError` it raises is its one failure line."""
        raise NotImplementedError
