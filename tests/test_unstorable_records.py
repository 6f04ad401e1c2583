"""A record whose text no encoder accepts (issue 22: a REST comment's author_name with a lone
surrogate escape, "\\ud800"): mended at the loader, and should one still fail to store, it is
dropped alone, named and counted, and a REST run that lost it does not count as read whole."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news import loaders
from defense_news.pipelines.store import UNSTORABLE
from defense_news.replica import running
from tests.helpers import SITES
from tests.test_rest_faults import ARTICLES, COMMENTS, last_run, new_server, rows, run
from tests.wp_news import WordPressApi

# Starts processes, servers or crawls: end-to-end, outside `make test-fast` (docs/testing.md).
pytestmark = pytest.mark.e2e

# JSON's escape for half of a surrogate pair, alone: json.loads gives a str no encoder takes.
LONE = "\ud800"


def api_with_a_lone_surrogate() -> tuple[WordPressApi, int]:
    api = WordPressApi.captured(SITES / "wp-api")
    comment = api.comments[0]
    comment["author_name"] = f"Jos{LONE}"
    return api, comment["id"]


@deferred_f_from_coro_f
async def test_a_lone_surrogate_from_the_rest_api_is_mended_and_nothing_is_lost(tmp_path: Path) -> None:
    api, comment_id = api_with_a_lone_surrogate()
    db = tmp_path / "news.db"
    with running(new_server(api)) as server:
        result = await run(server, db, source="rest")
        stored = rows(db, server.origin)
    assert len(stored["articles"]) == ARTICLES
    assert len(stored["comments"]) == COMMENTS
    assert stored["comments"][comment_id]["author"] == "Jos\ufffd"
    assert last_run(db) == ("finished", "rest")
    assert result.stats.get(UNSTORABLE, 0) == 0


@deferred_f_from_coro_f
async def test_a_record_that_cannot_be_stored_is_dropped_alone_and_the_run_is_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The loader's mending switched off: the store pipeline is the last guard."""
    api, comment_id = api_with_a_lone_surrogate()
    db = tmp_path / "news.db"
    with running(new_server(api)) as server:
        with monkeypatch.context() as patched:
            patched.setattr(loaders, "valid_unicode", lambda value: value)
            result = await run(server, db, source="rest")
        stored = rows(db, server.origin)
        assert set(stored["comments"]) == {c["id"] for c in api.comments} - {comment_id}
        assert len(stored["articles"]) == ARTICLES
        assert result.stats[UNSTORABLE] == 1
        named = [
            r.getMessage() for r in caplog.records if r.levelno == logging.ERROR and "Dropped Comment" in r.getMessage()
        ]
        assert len(named) == 1, named
        assert f"comment {comment_id} of " in named[0]
        assert "author is not valid Unicode" in named[0]
        # Lost a record: not read whole, so the next run reads it again and recovers it.
        assert last_run(db) == ("rest_incomplete", None)
        verdict = [r.getMessage() for r in caplog.records if "was not read whole" in r.getMessage()]
        assert len(verdict) == 1, verdict
        assert "1 records dropped: missing fields, or values no store takes" in verdict[0]
        await run(server, db, source="rest")
        assert len(rows(db, server.origin)["comments"]) == COMMENTS
        assert last_run(db) == ("finished", "rest")
