"""``scrapy dbmigrate [URL] [--grant ROLE]``: create or upgrade the PostgreSQL schema, as its owner (docs/postgres.md)."""

from __future__ import annotations

import argparse

from scrapy.exceptions import UsageError

from ..storage.command import DatabaseCommand
from ..storage.state import open_postgres


class Command(DatabaseCommand):
    failure = "Migration failed"
    arguments = (0, 1)
    usage = "give at most one database URL"

    def syntax(self) -> str:
        return "[URL] [--grant ROLE]"

    def short_desc(self) -> str:
        return "Create or upgrade the tables of a PostgreSQL database and grant the crawler role its rights"

    def long_desc(self) -> str:
        return (
            "Run as the database's owner: applies the migrations the database lacks, then (with --grant) gives "
            "ROLE the rights a crawl uses and no others. URL defaults to DEFENSE_NEWS_DATABASE_URL; give it "
            "without a password (PGPASSFILE or ~/.pgpass)."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--grant", metavar="ROLE", help="the crawler role to grant its rights to")

    def execute(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        url = args[0] if args else self.settings.get("DEFENSE_NEWS_DATABASE_URL")
        if not url:
            raise UsageError("give a postgresql:// URL, or set DEFENSE_NEWS_DATABASE_URL", print_help=False)
        if not url.startswith(("postgresql://", "postgres://")):
            # Named by its kind only: a mistyped URL may hold a password.
            given = f"a {url.split('://', 1)[0]}:// URL" if "://" in url else "a file path"
            raise UsageError(
                f"scrapy dbmigrate migrates a PostgreSQL database and takes a postgresql:// URL, not {given}:"
                " a SQLite database is migrated by the next crawl that opens it",
                print_help=False,
            )
        store = self.keep(open_postgres(url, 30.0))  # migrates on open
        if opts.grant:
            store.grant(opts.grant)  # type: ignore[attr-defined]
        print(f"{store.location} is at schema version {store.schema_version}")
        if opts.grant:
            print(f"{opts.grant} may read and write the crawl's tables, and nothing more")
