"""Where a crawl writes files: ``LOG_FILE``, ``JOBDIR``, the feed files and the SQLite database's folder.

Scrapy opens these only once the crawl runs, and a place it cannot write fails there:
a ``LOG_FILE`` in a missing directory (Scrapy makes none) is a traceback before anything runs; a ``JOBDIR`` that is a file or under a missing, read-only place is a traceback before the
first request (the run recorded as started, never as ended); a feed file there is a traceback
for every item exported while the crawl goes on and exits 0, so a run whose only output is
that feed loses everything it fetched; ``-o`` of a JSON, XML or CSV file that exists appends
a second document after the first, and the file no longer parses. :func:`destination_problem` tries each place before
the crawler exists (the project's ``crawl`` command: one line, exit status 2).

:func:`database_problem` does the same for ``DEFENSE_NEWS_SQLITE_PATH``: a database path the run
cannot write (a folder that cannot be made or is read-only, a directory in the file's place) is
the same mistake as such an ``-O`` file or ``DEFENSE_NEWS_EXPORT_DIR``, and had another exit status
(1, found once the run opened the database). What only opening the file tells (not a database,
another program's, from a newer release, locked by another crawl) stays the storage's, status 1.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scrapy.settings import BaseSettings

from .setting_readers import SettingError


def directory_problem(path: Path) -> str | None:
    """Why files cannot be written in the directory ``path`` (made if missing, as Scrapy would), or None."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return f"{path} is a file, not a directory"
    except OSError as exc:
        return f"cannot make {exc.filename or path}: {exc.strerror or exc}"
    try:
        # A file made and removed: os.access() says yes to root on any mode, and not on a
        # read-only mount or a pseudo file system such as /proc.
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        return f"cannot write in {path}: {exc.strerror or exc}"
    return None


# Formats whose file is one document (a JSON array, an XML root, a CSV header line): Scrapy's
# -o appends a second document to an existing file, which no reader takes (JSON Lines appends fine).
WHOLE_DOCUMENT_FORMATS = frozenset({"json", "xml", "csv"})


def _local_feed_paths(settings: BaseSettings) -> Iterator[tuple[str, Path]]:
    """(URI as given, file path) of each ``FEEDS`` entry written to a local file."""
    for uri in settings.getdict("FEEDS"):
        text = str(uri)
        scheme = urlsplit(text).scheme
        if scheme == "file":
            yield text, Path(unquote(urlsplit(text).path))
        elif not scheme or len(scheme) == 1:  # a plain path (a drive letter is no scheme)
            yield text, Path(text)


def _fixed_part(path: Path) -> Path:
    """The directory of ``path`` above its first ``%(name)s`` placeholder (Scrapy fills those in per run)."""
    parent = path.parent
    while "%(" in str(parent):
        parent = parent.parent
    return parent


def sqlite_file_problem(path: Path) -> str | None:
    """Why a SQLite database cannot be written at ``path`` (its folder made if missing), or None."""
    if path.is_dir():
        return f"{path} is a directory"
    reason = directory_problem(path.parent)
    if reason is None and path.is_file() and not os.access(path, os.W_OK):
        reason = f"{path} is read-only"
    return reason


def database_problem(sqlite_path: str, database_url: str = "") -> str | None:
    """Why the run could not write its SQLite database at ``sqlite_path``, in one line, or None.

    Its folder is made if missing, as the store would make it. Not checked: no SQLite file
    (PostgreSQL's ``database_url`` takes its place, or the database is off), or SQLite's ``:memory:``.
    """
    if database_url or not sqlite_path or sqlite_path == ":memory:":
        return None
    reason = sqlite_file_problem(Path(sqlite_path))
    if reason is None:
        return None
    expected = f"a database file in a directory this process can write ({reason})"
    return str(SettingError("DEFENSE_NEWS_SQLITE_PATH", sqlite_path, expected))


def destination_problem(settings: BaseSettings, export_dir: str) -> str | None:
    """The first place this run could not write its files, in one line, or None.

    ``export_dir`` is ``DEFENSE_NEWS_EXPORT_DIR`` (its feeds join ``FEEDS`` only when the
    crawler is built). Directories that are missing are made, as Scrapy makes them.
    """
    log_file = settings.get("LOG_FILE")
    if log_file:
        # Scrapy's log handler makes no directory: a missing one (logs/ of a fresh checkout, as in
        # docs/scheduling.md's cron lines) was a traceback before anything ran. Made here.
        path = Path(str(log_file))
        reason = f"{path} is a directory" if path.is_dir() else directory_problem(path.parent)
        if reason:
            return str(SettingError("LOG_FILE", log_file, f"a file in a directory this process can write ({reason})"))
    jobdir = settings.get("JOBDIR")
    if jobdir:
        reason = directory_problem(Path(str(jobdir)))
        if reason:
            return str(SettingError("JOBDIR", jobdir, f"a directory this process can write ({reason})"))
    if export_dir:
        reason = directory_problem(Path(export_dir))
        if reason:
            return str(
                SettingError("DEFENSE_NEWS_EXPORT_DIR", export_dir, f"a directory this process can write ({reason})")
            )
    feeds = settings.getdict("FEEDS")
    for uri, path in _local_feed_paths(settings):
        reason = directory_problem(_fixed_part(path))
        if reason is None and path.exists() and (path.is_dir() or not os.access(path, os.W_OK)):
            reason = f"{path} is a directory" if path.is_dir() else f"{path} is read-only"
        if reason:
            return f"Cannot write the feed {uri}: {reason}."
        options = feeds.get(uri) or {}
        fmt = options.get("format") if isinstance(options, dict) else None
        if fmt in WHOLE_DOCUMENT_FORMATS and not options.get("overwrite") and path.is_file() and path.stat().st_size:
            return (
                f"Cannot append to the feed {uri}: it holds a {fmt} document already, and a second one after it"
                " makes the file unreadable. Use -O to replace it, a .jsonl file to append,"
                " or DEFENSE_NEWS_EXPORT_DIR for a new file per run."
            )
    return None
