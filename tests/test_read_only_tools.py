"""explore and report refuse what they cannot read or write in one line (defense_news/explore.py, report.py)."""

from __future__ import annotations

import socket
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from defense_news import explore, report
from defense_news.explore import database_problem
from defense_news.storage import SQLiteStore


def test_another_programs_database_is_named_as_such(tmp_path: Path) -> None:
    """Not 'run a crawl into it first, which upgrades it': a crawl refuses such a file."""
    db = tmp_path / "other.db"
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("CREATE TABLE stuff (a, b)")
    assert database_problem(db) == f"{db} is not a defense_news database: it holds another program's tables (stuff)"
    empty = tmp_path / "empty.db"
    empty.touch()
    assert "run a crawl into it first" in (database_problem(empty) or "")


def test_a_report_it_cannot_write_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("plotly")
    db = tmp_path / "news.db"
    SQLiteStore(db).close()
    (tmp_path / "afile").write_text("a file")
    assert report.main([str(db), "-o", str(tmp_path / "afile" / "report.html")]) == 2
    assert capsys.readouterr().err == (
        f"report: cannot write {tmp_path}/afile/report.html: {tmp_path}/afile is a file, not a directory\n"
    )


@pytest.mark.e2e  # listens on a port
def test_explore_on_a_port_in_use_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Not Datasette's ERROR among a dozen INFO lines and exit 3."""
    pytest.importorskip("datasette")
    db = tmp_path / "news.db"
    SQLiteStore(db).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert explore.main([str(db), "--port", str(port)]) == 2
    assert capsys.readouterr().err == (
        f"explore: port {port} on 127.0.0.1 is in use (another explore running?); choose another with --port N"
        " (make explore EXPLORE_PORT=N; 0 = any free port)\n"
    )
