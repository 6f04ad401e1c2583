"""What is SQLite's own in the store: lock files, schema version stamp, a file that is not a database.

The behaviour every backend shares is tested once for all of them in test_store.py.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from defense_news.storage import SCHEMA_VERSION, SiteBusy, SQLiteStore, StoreError
from defense_news.storage.sqlite import lock_path


def test_site_locks_are_per_site(tmp_path):
    db = tmp_path / "news.db"
    first, second = SQLiteStore(db), SQLiteStore(db)
    lock_a = first.lock_site("a")
    with pytest.raises(SiteBusy, match=rf"Another crawl of site a is writing to {db} \(pid \d+ since "):
        second.lock_site("a")
    lock_b = second.lock_site("127.0.0.1:8080")  # another site: no wait
    assert lock_path(db, "127.0.0.1:8080").name == "news.db.127.0.0.1%3A8080.lock"
    lock_a.release()
    second.lock_site("a").release()
    lock_b.release()
    first.close()
    second.close()


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "news.db"
    SQLiteStore(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"pragma user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this defense_news"):
        SQLiteStore(db)


def test_not_a_database_is_a_clear_error(tmp_path):
    db = tmp_path / "news.db"
    db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="Cannot use SQLite database"):
        SQLiteStore(db)
    assert db.read_bytes().startswith(b"this is not sqlite")


def test_two_first_opens_at_the_same_moment_migrate_once(tmp_path):
    """Two crawls starting on a new file: the second sees the first's migrations under the write lock."""
    db = tmp_path / "news.db"

    class Late(SQLiteStore):
        stale = True

        @property
        def schema_version(self) -> int:
            # The first read is the one made before the other process migrated.
            if self.stale:
                self.stale = False
                return 0
            return super().schema_version

    SQLiteStore(db).close()  # the other crawl got the lock first and migrated everything
    Late(db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize("tables", [["stuff"], ["articles", "stuff"]])
def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path, tables):
    """Not this project's tables added among the other program's (or 'table articles already exists')."""
    db = tmp_path / "other.db"
    with closing(sqlite3.connect(db)) as conn, conn:
        for table in tables:
            conn.execute(f"CREATE TABLE {table} (a, b)")
        conn.execute(f"INSERT INTO {tables[-1]} VALUES (1, 2)")
    before = db.read_bytes()
    with pytest.raises(StoreError) as refused:
        SQLiteStore(db)
    assert str(refused.value).startswith(
        f"{db} is not a defense_news database: it holds another program's tables ({', '.join(tables)})"
    )
    assert db.read_bytes() == before
    assert not (tmp_path / "other.db-wal").exists()


def test_an_empty_file_is_a_new_database(tmp_path):
    db = tmp_path / "news.db"
    db.touch()
    SQLiteStore(db).close()
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_file_in_the_databases_path_is_named_as_one(tmp_path):
    """Not 'the directory … is read-only': the folder cannot be made because a file has its name."""
    (tmp_path / "data").write_text("a file")
    for db in (tmp_path / "data" / "sub" / "news.db", tmp_path / "data" / "news.db"):
        with pytest.raises(StoreError) as refused:
            SQLiteStore(db)
        assert str(refused.value).endswith(f"{tmp_path / 'data'} is a file, not a directory")
        assert "read-only" not in str(refused.value)


def test_a_directory_given_as_the_database_is_named_as_one(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    with pytest.raises(StoreError) as refused:
        SQLiteStore(folder)
    assert str(refused.value) == (
        f"Cannot open SQLite database {folder}: unable to open database file: {folder} is a directory, not a database file"
    )
