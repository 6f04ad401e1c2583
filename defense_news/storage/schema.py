"""The database schema: record fields, change detection and the migrations, defined once.

Every backend builds the same tables from :data:`MIGRATIONS` and stamps the
schema version it reached (SQLite: ``PRAGMA user_version``). A migration is a
list of SQL statements kept portable where that is cheap (plain types, ``ON
CONFLICT`` upserts, no SQLite-only syntax outside the ``json_valid`` checks), so
a second backend (PostgreSQL, issue 15) can run the same steps or translate the
few that differ.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

# Site of every row written before schema version 4 (the only site the earlier
# releases crawled).
LEGACY_SITE = "19fortyfive"

ARTICLE_FIELDS = (
    "url",
    "post_id",
    "title",
    "description",
    "authors",
    "published_at",
    "modified_at",
    "category",
    "categories",
    "tags",
    "image_url",
    "image_caption",
    "body_text",
    "word_count",
    "comment_count",
    "scraped_at",
    "published_at_source",
    "published_at_precision",
)
COMMENT_FIELDS = (
    "comment_id",
    "post_id",
    "article_url",
    "parent_id",
    "depth",
    "author",
    "author_url",
    "posted_at",
    "text",
    "scraped_at",
)
# Conflict keys, each within a site: an article is the same record when either matches.
ARTICLE_KEYS = (("site", "post_id"), ("site", "url"))
COMMENT_KEYS = (("site", "comment_id"),)
LIST_FIELDS = frozenset({"authors", "categories", "tags"})
# Fields that do not make a record "changed" when they differ. The site is a key, not
# content, and is outside the hash too: rows migrated from version 3 keep their hashes.
# Where a date came from and how precise it is describe the value, not the article: a
# source changing (a page date refined by REST) does not make the article "updated" by itself.
# Nor does comment_count: a new comment is no edit of the article, and the count stored is the
# end-of-run recount, which a hash of the count written earlier in the run would contradict (a
# post whose comments reconciliation restored was "updated" the next time it was listed).
VOLATILE_FIELDS = frozenset({"scraped_at", "published_at_source", "published_at_precision", "comment_count"})


def content_hash(values: dict[str, Any]) -> str:
    """SHA-1 of a record's content fields (``values`` holds the fields above, lists as lists)."""
    stable = {k: v for k, v in values.items() if k not in VOLATILE_FIELDS}
    return hashlib.sha1(json.dumps(stable, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


_ARTICLE_COLUMNS = """
        url           TEXT NOT NULL,
        post_id       INTEGER,
        title         TEXT NOT NULL,
        description   TEXT,
        authors       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(authors)),
        published_at  TEXT,
        modified_at   TEXT,
        category      TEXT,
        categories    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(categories)),
        tags          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
        image_url     TEXT,
        image_caption TEXT,
        body_text     TEXT,
        word_count    INTEGER,
        comment_count INTEGER,
        scraped_at    TEXT,
        content_hash  TEXT NOT NULL,
        first_seen    TEXT NOT NULL,
        last_seen     TEXT NOT NULL"""
_COMMENT_COLUMNS = """
        post_id      INTEGER,
        article_url  TEXT NOT NULL,
        parent_id    INTEGER,
        depth        INTEGER,
        author       TEXT,
        author_url   TEXT,
        posted_at    TEXT,
        text         TEXT NOT NULL,
        scraped_at   TEXT,
        content_hash TEXT NOT NULL,
        first_seen   TEXT NOT NULL,
        last_seen    TEXT NOT NULL"""
_CRAWL_COLUMNS = """
        started_at         TEXT NOT NULL,
        finished_at        TEXT,
        finish_reason      TEXT,
        mode               TEXT,
        arguments          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(arguments)),
        jobdir             TEXT,
        pid                INTEGER,
        articles_new       INTEGER,
        articles_updated   INTEGER,
        articles_unchanged INTEGER,
        comments_new       INTEGER,
        comments_updated   INTEGER,
        comments_unchanged INTEGER,
        pages_fetched      INTEGER,
        errors             INTEGER,
        items_dropped      INTEGER,
        dropped            TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(dropped))"""


def _names(columns: str) -> str:
    return ", ".join(line.split()[0] for line in columns.strip().splitlines())


class SQLiteOnly(str):
    """A migration statement only the SQLite backend runs (FTS5, row ids); the others skip it."""


class PostgresOnly(str):
    """A migration statement only the PostgreSQL backend runs: its side of a SQLiteOnly step."""


class Rehash(str):
    """A migration step no SQL can do: every article's ``content_hash`` computed again from its
    stored fields (:func:`rehashed`), as each backend runs it, after what the hash covers changed."""


# The articles a rehash reads at a time (by id, so memory stays flat on a large database).
REHASH_BATCH = 500
REHASH_READ = (
    f"SELECT id, content_hash, {', '.join(ARTICLE_FIELDS)} FROM articles WHERE id > :after ORDER BY id LIMIT :limit"
)
REHASH_WRITE = "UPDATE articles SET content_hash = :content_hash WHERE id = :id"


def rehashed(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """The new ``content_hash`` of the rows of :data:`REHASH_READ` whose hash changes. A row
    stored holds the fields of the last write that changed it (an unchanged one keeps them), so
    its hash computed again is the hash that write gets today."""
    changes = []
    for row in rows:
        values = dict(zip(ARTICLE_FIELDS, row[2:], strict=True))
        for name in LIST_FIELDS:
            values[name] = json.loads(values[name])
        new = content_hash(values)
        if new != row[1]:
            changes.append({"id": row[0], "content_hash": new})
    return changes


def rehash(
    read: Callable[[str, dict[str, Any]], list[tuple[Any, ...]]], write: Callable[[str, list[dict[str, Any]]], Any]
) -> int:
    """A :class:`Rehash` step, with the backend's ``read(statement, params)`` and
    ``write(statement, rows)`` inside its migration's transaction; the hashes changed."""
    after, changed = 0, 0
    while rows := read(REHASH_READ, {"after": after, "limit": REHASH_BATCH}):
        changes = rehashed(rows)
        if changes:
            write(REHASH_WRITE, changes)
        changed += len(changes)
        after = rows[-1][0]
    return changed


# Words are matched without case or accents, and by their English stem ("carriers"
# finds "carrier").
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"


def _fts(table: str, rowid: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """An FTS5 index ``<table>_fts`` of ``columns``, filled from the table and kept in step by triggers."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    index = f"{table}_fts"
    add = f"INSERT INTO {index} (rowid, {names}) VALUES (new.{rowid}, {new});"
    remove = f"INSERT INTO {index} ({index}, rowid, {names}) VALUES ('delete', old.{rowid}, {old});"
    return (
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}', content_rowid='{rowid}',"
        f" tokenize='{FTS_TOKENIZER}')",
        f"INSERT INTO {index} ({index}) VALUES ('rebuild')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} WHEN {changed} BEGIN {remove} {add} END",
    )


# Each migration is a tuple of statements, run in one transaction.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: articles and comments (one site)
    (
        f"CREATE TABLE articles (id INTEGER PRIMARY KEY, {_ARTICLE_COLUMNS}, UNIQUE (url), UNIQUE (post_id))",
        "CREATE INDEX articles_published_at ON articles (published_at)",
        "CREATE INDEX articles_category ON articles (category)",
        f"CREATE TABLE comments (comment_id INTEGER PRIMARY KEY, {_COMMENT_COLUMNS})",
        "CREATE INDEX comments_post_id ON comments (post_id)",
        "CREATE INDEX comments_parent_id ON comments (parent_id)",
        "CREATE INDEX comments_article_url ON comments (article_url)",
        "CREATE INDEX comments_posted_at ON comments (posted_at)",
    ),
    # 2: one row per run (defense_news.storage.state)
    (
        f"CREATE TABLE crawls (id INTEGER PRIMARY KEY, spider TEXT NOT NULL, {_CRAWL_COLUMNS})",
        "CREATE INDEX crawls_started_at ON crawls (started_at)",
    ),
    # 3: threads whose comment pages failed; the next run fetches their articles again
    (
        "CREATE TABLE IF NOT EXISTS incomplete_threads (article_url TEXT PRIMARY KEY, post_id INTEGER,"
        " failed_url TEXT NOT NULL, reason TEXT NOT NULL, recorded_at TEXT NOT NULL)",
    ),
    # 4: several sites in one database. Every row carries its site and every key is
    # per site. SQLite cannot change a table's keys in place, so each table is
    # rebuilt: new table, rows copied (site 19fortyfive; a crawl record takes its
    # spider's name, which was 19fortyfive for every crawl that stored anything),
    # old table dropped, new one renamed.
    (
        f"CREATE TABLE articles_v4 (id INTEGER PRIMARY KEY, site TEXT NOT NULL, {_ARTICLE_COLUMNS},"
        " UNIQUE (site, url), UNIQUE (site, post_id))",
        f"INSERT INTO articles_v4 (id, site, {_names(_ARTICLE_COLUMNS)})"
        f" SELECT id, '{LEGACY_SITE}', {_names(_ARTICLE_COLUMNS)} FROM articles",
        "DROP TABLE articles",
        "ALTER TABLE articles_v4 RENAME TO articles",
        "CREATE INDEX articles_published_at ON articles (site, published_at)",
        "CREATE INDEX articles_category ON articles (site, category)",
        # comments.(site, post_id) refers to articles.(site, post_id). Not enforced: a
        # thread is kept even when its article page failed validation (nothing is lost).
        f"CREATE TABLE comments_v4 (site TEXT NOT NULL, comment_id INTEGER NOT NULL, {_COMMENT_COLUMNS},"
        " PRIMARY KEY (site, comment_id), FOREIGN KEY (site, post_id) REFERENCES articles (site, post_id))",
        f"INSERT INTO comments_v4 (site, comment_id, {_names(_COMMENT_COLUMNS)})"
        f" SELECT '{LEGACY_SITE}', comment_id, {_names(_COMMENT_COLUMNS)} FROM comments",
        "DROP TABLE comments",
        "ALTER TABLE comments_v4 RENAME TO comments",
        "CREATE INDEX comments_post_id ON comments (site, post_id)",
        "CREATE INDEX comments_parent_id ON comments (site, parent_id)",
        "CREATE INDEX comments_article_url ON comments (site, article_url)",
        "CREATE INDEX comments_posted_at ON comments (posted_at)",
        f"CREATE TABLE crawls_v4 (id INTEGER PRIMARY KEY, site TEXT NOT NULL, spider TEXT NOT NULL, {_CRAWL_COLUMNS})",
        f"INSERT INTO crawls_v4 (id, site, spider, {_names(_CRAWL_COLUMNS)})"
        f" SELECT id, spider, spider, {_names(_CRAWL_COLUMNS)} FROM crawls",
        "DROP TABLE crawls",
        "ALTER TABLE crawls_v4 RENAME TO crawls",
        "CREATE INDEX crawls_started_at ON crawls (started_at)",
        "CREATE INDEX crawls_site ON crawls (site, id)",
        "CREATE TABLE incomplete_threads_v4 (site TEXT NOT NULL, article_url TEXT NOT NULL, post_id INTEGER,"
        " failed_url TEXT NOT NULL, reason TEXT NOT NULL, recorded_at TEXT NOT NULL,"
        " PRIMARY KEY (site, article_url))",
        "INSERT INTO incomplete_threads_v4 (site, article_url, post_id, failed_url, reason, recorded_at)"
        f" SELECT '{LEGACY_SITE}', article_url, post_id, failed_url, reason, recorded_at FROM incomplete_threads",
        "DROP TABLE incomplete_threads",
        "ALTER TABLE incomplete_threads_v4 RENAME TO incomplete_threads",
    ),
    # 5: what a run read its records from: "rest" when posts and comments came from the REST
    # API to the end (the next REST run asks only for what changed since it started), "html"
    # otherwise; NULL for earlier runs.
    ("ALTER TABLE crawls ADD COLUMN source TEXT",),
    # 6: several crawl nodes (docs/postgres.md): each crawl record names the node and the
    # scrapyd job that ran it, and the shard (K/N) of its site it crawled.
    (
        "ALTER TABLE crawls ADD COLUMN node TEXT",
        "ALTER TABLE crawls ADD COLUMN job TEXT",
        "ALTER TABLE crawls ADD COLUMN shard TEXT",
    ),
    # 7: full-text search (SQLite FTS5) over article titles and bodies and comment texts.
    # An external-content index needs a stable integer row id: comments get `id`
    # (their implicit rowid until now, which VACUUM may renumber); (site, comment_id)
    # stays their unique key. Triggers keep both indexes in step with every insert,
    # update and delete, so a search sees what the last commit stored; they touch the
    # index only when an indexed column changed (an unchanged re-crawled row costs
    # nothing). The index is SQLite's: PostgreSQL only adds the same `id` column to
    # comments (the two backends keep the same columns: scrapy dbcopy copies between them).
    (
        PostgresOnly("ALTER TABLE comments ADD COLUMN id BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE"),
        *(
            SQLiteOnly(statement)
            for statement in (
                f"CREATE TABLE comments_v5 (id INTEGER PRIMARY KEY, site TEXT NOT NULL, comment_id INTEGER NOT NULL,"
                f" {_COMMENT_COLUMNS}, UNIQUE (site, comment_id),"
                " FOREIGN KEY (site, post_id) REFERENCES articles (site, post_id))",
                f"INSERT INTO comments_v5 (id, site, comment_id, {_names(_COMMENT_COLUMNS)})"
                f" SELECT rowid, site, comment_id, {_names(_COMMENT_COLUMNS)} FROM comments",
                "DROP TABLE comments",
                "ALTER TABLE comments_v5 RENAME TO comments",
                "CREATE INDEX comments_post_id ON comments (site, post_id)",
                "CREATE INDEX comments_parent_id ON comments (site, parent_id)",
                "CREATE INDEX comments_article_url ON comments (site, article_url)",
                "CREATE INDEX comments_posted_at ON comments (posted_at)",
                *_fts("articles", "id", ("title", "body_text")),
                *_fts("comments", "id", ("text",)),
            )
        ),
    ),
    # 8: where each article's publication date came from ("page", "page text", "url", "feed",
    # "sitemap", "rest") and its precision ("second", "day", "month"); NULL for earlier rows.
    (
        "ALTER TABLE articles ADD COLUMN published_at_source TEXT",
        "ALTER TABLE articles ADD COLUMN published_at_precision TEXT",
    ),
    # 9: comments a run did not collect because a third-party system (Disqus, wpDiscuz, ...)
    # serves them: JSON {system: articles}, so "0 comments" is never read as "no discussion".
    # NULL for earlier runs (not known), "{}" for a run that met none.
    ("ALTER TABLE crawls ADD COLUMN comment_systems TEXT",),
    # 10: the dataset follows its site (issue 20). A row the site no longer shows (a comment
    # trashed, spammed or unapproved; a post back to draft, private, trashed or protected) is
    # kept with removed_at, the UTC time the run noticed; seen again, it is live again (NULL).
    # Each run records the site's own totals (X-WP-Total: public posts, approved comments)
    # next to the live rows stored for the site at its end, and the rows it removed and restored.
    (
        "ALTER TABLE articles ADD COLUMN removed_at TEXT",
        "ALTER TABLE comments ADD COLUMN removed_at TEXT",
        "ALTER TABLE crawls ADD COLUMN site_articles INTEGER",
        "ALTER TABLE crawls ADD COLUMN site_comments INTEGER",
        "ALTER TABLE crawls ADD COLUMN stored_articles INTEGER",
        "ALTER TABLE crawls ADD COLUMN stored_comments INTEGER",
        "ALTER TABLE crawls ADD COLUMN articles_removed INTEGER",
        "ALTER TABLE crawls ADD COLUMN articles_restored INTEGER",
        "ALTER TABLE crawls ADD COLUMN comments_removed INTEGER",
        "ALTER TABLE crawls ADD COLUMN comments_restored INTEGER",
    ),
    # 11: what a REST run's reconciliation found (defense_news.rest.reconcile): JSON per kind,
    # the site's total, the live rows stored, rows found new or removed, the difference that is
    # WordPress's own ("own"), the windows left for the next run ("left"); NULL: not reconciled.
    ("ALTER TABLE crawls ADD COLUMN reconciled TEXT",),
    # 12: comment_count left the content hash (a recount and the next listing of the same post
    # agreed on nothing): every stored hash computed again, or each article listed again would
    # count as "updated" once.
    (Rehash("articles"),),
    # 13: the pages a run lost (defense_news.signals.page_failed): how many, and the first
    # FAILURES_KEPT of them as JSON [{"url", "kind", "reason"}], so a run's completeness can be
    # read from its record. NULL for earlier runs (not known).
    (
        "ALTER TABLE crawls ADD COLUMN pages_failed INTEGER",
        "ALTER TABLE crawls ADD COLUMN failures TEXT",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

# A site's (or one shard's) earlier runs, refused runs left out (:class:`~.base.CrawlHistory`).
# Named parameters as SQLite writes them; the PostgreSQL store turns :name into %(name)s.
_RUNS = "FROM crawls WHERE site = :site AND coalesce(shard, '') = :shard AND coalesce(finish_reason, '') != :busy"
CRAWL_HISTORY_LAST = f"SELECT finish_reason, jobdir {_RUNS} ORDER BY id DESC LIMIT 1"
# Start of the first run since the last finished one: the next run resumes after it.
CRAWL_HISTORY_RESUME = (
    f"SELECT min(started_at) {_RUNS} AND id > coalesce((SELECT max(id) {_RUNS} AND finish_reason = 'finished'), 0)"
)
# Start of the last finished run that read the REST API to the end.
# What the last run that reconciled found (crawls.reconciled).
CRAWL_HISTORY_RECONCILED = f"SELECT reconciled {_RUNS} AND reconciled IS NOT NULL ORDER BY id DESC LIMIT 1"
# A run that resumed a paused one from its JOBDIR read the REST pages the paused run left (a post
# edited meanwhile on a page read before the pause was not read again): the checkpoint is the
# start of the first of the unfinished runs it ended, its own when there were none.
_LAST_REST = f"(SELECT max(id) {_RUNS} AND finish_reason = 'finished' AND source = 'rest')"
CRAWL_HISTORY_REST = (
    f"SELECT min(started_at) {_RUNS} AND id <= {_LAST_REST}"
    f" AND id > coalesce((SELECT max(id) {_RUNS} AND finish_reason = 'finished' AND id < {_LAST_REST}), 0)"
)
