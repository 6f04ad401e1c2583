"""The documentation points at things that exist: links, anchors, files, make targets."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path

import pytest

from defense_news import settings as project_settings
from defense_news.items import Article, Comment

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = sorted(
    [README, *(REPO / "docs").glob("*.md"), REPO / "bench" / "README.md", REPO / "tests" / "sites" / "README.md"]
)
README_MAX_LINES = 250

FENCE = re.compile(r"^\s*(```|~~~)")
# [text](target) and ![alt](target), not inside inline code.
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
INLINE_CODE = re.compile(r"`[^`]*`")
# A repository path written as code: `defense_news/store.py`, `docs/sources.md`.
CODE_PATH = re.compile(r"`((?:[\w.-]+/)+[\w.-]+\.(?:md|py|toml|cfg|txt|yml|yaml|json|php|sh))`")
# `make demo` in prose, or a command line starting with make.
MAKE_TARGET = re.compile(r"(?:^\s*|`)make ([a-z][\w-]*)", re.MULTILINE)


def prose_lines(path: Path) -> list[str]:
    """The lines of a Markdown file outside fenced code blocks."""
    lines, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.

    >>> anchor("Every run leaves a record: the `crawls` table")
    'every-run-leaves-a-record-the-crawls-table'
    >>> anchor("Feed exports: JSON Lines, CSV, JSON, XML")
    'feed-exports-json-lines-csv-json-xml'
    """
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose_lines(path):
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            slug = anchor(match.group(1))
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def links(path: Path) -> list[str]:
    return [target for line in prose_lines(path) for target in LINK.findall(INLINE_CODE.sub("", line))]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_resolve(doc: Path) -> None:
    broken = []
    for target in links(doc):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
            continue
        path_part, _, fragment = target.partition("#")
        file = (doc.parent / path_part).resolve() if path_part else doc
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif fragment and file.suffix == ".md" and fragment not in anchors(file):
            broken.append(f"{target}: no heading #{fragment} in {file.relative_to(REPO)}")
    assert not broken, f"{doc.relative_to(REPO)}: " + "; ".join(broken)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_paths_named_in_docs_exist(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = sorted({p for p in CODE_PATH.findall(text) if not (REPO / p).exists() and not (doc.parent / p).exists()})
    assert not missing, f"{doc.relative_to(REPO)} names files that do not exist: {missing}"


def test_make_targets_in_docs_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    rules = set(re.findall(r"^([\w-]+):", makefile, re.MULTILINE))
    phony = set(re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE).group(1).split())  # type: ignore[union-attr]
    assert phony <= rules, f".PHONY names targets without a rule: {sorted(phony - rules)}"
    named = {target for doc in DOCS for target in MAKE_TARGET.findall(doc.read_text(encoding="utf-8"))}
    assert named, "no make command found in the docs"
    assert named <= rules, f"docs name make targets the Makefile lacks: {sorted(named - rules)}"


def test_readme_states_what_make_setup_installs() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    installed = re.search(r'pip install --quiet -e "(\.\[[^\]]*\])"', makefile)
    assert installed, "make setup's pip install line not found"
    assert f'pip install -e "{installed.group(1)}"' in README.read_text(encoding="utf-8")


def test_readme_is_short_and_links_every_doc() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= README_MAX_LINES
    linked = {(REPO / target.partition("#")[0]).resolve() for target in links(README)}
    unlinked = [str(p.relative_to(REPO)) for p in (REPO / "docs").glob("*.md") if p.resolve() not in linked]
    assert not unlinked, f"README links no way to {unlinked}"


@pytest.mark.parametrize("record", [Article, Comment], ids=lambda c: c.__name__)
def test_fields_doc_lists_every_field(record: type) -> None:
    text = (REPO / "docs" / "fields.md").read_text(encoding="utf-8")
    section = text.split(f"## {record.__name__}\n", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE))
    assert documented == {f.name for f in dataclasses.fields(record)}


def test_settings_doc_lists_every_project_setting() -> None:
    text = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(DEFENSE_NEWS_\w+)` \|", text, re.MULTILINE))
    defined = {name for name in dir(project_settings) if name.startswith("DEFENSE_NEWS_")}
    assert defined <= documented, "settings.py defines settings docs/settings.md lacks"
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "defense_news").rglob("*.py"))
    unknown = sorted(name for name in documented - defined if f'"{name}"' not in code)
    assert not unknown, f"docs/settings.md lists settings the code never reads: {unknown}"


def _stored_columns(tmp_path: Path) -> dict[str, list[str]]:
    """The columns of each table in a database migrated to the newest schema."""
    import sqlite3

    from defense_news.storage.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "columns.db")
    store.migrate()
    store.close()
    with sqlite3.connect(tmp_path / "columns.db") as conn:
        return {
            table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            for table in ("articles", "comments", "crawls")
        }


def test_every_stored_column_is_described_in_storage_md_and_datasette(tmp_path: Path) -> None:
    # A column a migration adds is one a user meets in Datasette and in SQL: both must say what it holds.
    explore = pytest.importorskip("defense_news.explore")
    described = {
        "articles": explore.ARTICLE_COLUMNS,
        "comments": explore.COMMENT_COLUMNS,
        "crawls": explore.CRAWL_COLUMNS,
    }
    storage_md = (REPO / "docs" / "storage.md").read_text(encoding="utf-8")
    table_rows = "\n".join(line for line in storage_md.splitlines() if line.startswith("| "))
    for table, columns in _stored_columns(tmp_path).items():
        missing_datasette = [c for c in columns if c not in described[table]]
        missing_docs = [c for c in columns if f"`{c}`" not in table_rows]
        assert not missing_datasette, f"{table} columns without a Datasette description: {missing_datasette}"
        assert not missing_docs, f"{table} columns not in docs/storage.md's tables: {missing_docs}"


def test_every_failed_finish_reason_is_named_where_finish_reasons_are_listed() -> None:
    explore = pytest.importorskip("defense_news.explore")
    from defense_news.finish_reasons import FAILED_REASONS

    storage_md = (REPO / "docs" / "storage.md").read_text(encoding="utf-8")
    row = next(line for line in storage_md.splitlines() if line.startswith("| `finish_reason`"))
    exit_codes = (REPO / "docs" / "exit-codes.md").read_text(encoding="utf-8")
    for reason in sorted(FAILED_REASONS):
        assert f"`{reason}`" in row, f"docs/storage.md's finish_reason row lacks {reason}"
        assert f"`{reason}`" in exit_codes, f"docs/exit-codes.md lacks {reason}"
        assert reason in explore.CRAWL_COLUMNS["finish_reason"], f"Datasette's finish_reason lacks {reason}"
