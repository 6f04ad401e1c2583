"""What a visitor cannot see is never stored; credentials never reach logs, stats or exports."""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.items import Article, Comment
from defense_news.redact import redact
from defense_news.replica import serve
from tests.helpers import SITES, crawl

STOCK = SITES / "wp-tt3"
PROTECTED = "2024/09/submarine-readiness-briefing"
DRONES = "2024/10/drones-ukraine-lessons-army"
NEVER_COMMENTS = {22, 23, 27, 28, 32}  # held, spam, on the protected post (sites/wp-expected.md)
NEVER_POSTS = {14, 17}  # password-protected, draft
SECRET = "s3cr3t-Pa55"


def _comment_block(html: str, comment_id: int) -> str:
    match = re.search(rf'<li id="comment-{comment_id}".*?</li>', html, re.S)
    assert match
    return match.group(0)


@pytest.mark.e2e
@deferred_f_from_coro_f
async def test_hidden_content_is_never_stored(tmp_path):
    """Stock site plus hostile variants: a protected post printing comments anyway,
    a held comment shown with its moderation note, a leaked draft preview."""
    site = tmp_path / "site"
    shutil.copytree(STOCK, site)
    drones = (site / DRONES / "index.html").read_text()
    block = _comment_block(drones, 31)
    # The protected post's page carries a comment thread (a theme that prints it anyway).
    protected = site / PROTECTED / "index.html"
    html = protected.read_text()
    leaked = block.replace("comment-31", "comment-27").replace("Good summary.", "Leaked from a protected post.")
    protected.write_text(html.replace("</main>", f'<ol class="wp-block-comment-template">{leaked}</ol></main>', 1))
    # A held comment, as WordPress shows it to its own author.
    held = block.replace("comment-31", "comment-22").replace(
        "<p>Good summary.", '<em class="comment-awaiting-moderation">Your comment is awaiting moderation.</em><p>Held.'
    )
    (site / DRONES / "index.html").write_text(drones.replace(block, block + held, 1))
    # A draft preview reachable by URL and linked from the home page.
    draft_dir = site / "2024/11/taiwan-strait-scenarios-draft"
    draft_dir.mkdir(parents=True)
    draft = drones.replace("postid-15", "postid-17 status-draft")  # tt3 prints no post_class: mark the body
    assert "status-draft" in draft
    (draft_dir / "index.html").write_text(draft)
    home = site / "index.html"
    home.write_text(
        home.read_text().replace(
            'wp-block-post-template">',
            'wp-block-post-template"><li><h2 class="wp-block-post-title">'
            '<a href="https://www.19fortyfive.com/2024/11/taiwan-strait-scenarios-draft/">Draft</a></h2></li>',
            1,
        )
    )

    db = tmp_path / "news.db"
    with serve(site) as server:
        result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": str(db)}, base_url=server.base_url)
        assert any("taiwan-strait-scenarios-draft" in path for path in server.requests)  # it was reached

    stats = result.stats
    assert stats["defense_news/skipped/password_protected"] == 1
    assert stats["defense_news/skipped/unpublished"] == 1
    assert {a.post_id for a in result.of(Article)}.isdisjoint(NEVER_POSTS)
    assert {c.comment_id for c in result.of(Comment)}.isdisjoint(NEVER_COMMENTS)
    assert len(result.of(Article)) == 9
    assert len(result.of(Comment)) == 27
    with sqlite3.connect(db) as conn:
        stored_posts = {row[0] for row in conn.execute("select post_id from articles")}
        stored_comments = {row[0] for row in conn.execute("select comment_id from comments")}
        dump = "\n".join(conn.iterdump())
    assert stored_posts.isdisjoint(NEVER_POSTS)
    assert stored_comments.isdisjoint(NEVER_COMMENTS)
    for text in ("Leaked from a protected post", "Held.", "awaiting moderation", "Taiwan Strait", "Protected:"):
        assert text not in dump


@deferred_f_from_coro_f
async def test_proxy_and_feed_credentials_never_leak(stock_site, tmp_path, caplog, monkeypatch):
    # The replica doubles as an HTTP proxy (it answers absolute-URI requests).
    proxy = stock_site.origin.replace("http://", f"http://crawler:{SECRET}@")
    monkeypatch.setenv("http_proxy", proxy)
    for name in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    out = tmp_path / "out"
    db = tmp_path / "news.db"
    before = len(stock_site.requests)
    with caplog.at_level(logging.DEBUG):
        result = await crawl(
            {
                "DEFENSE_NEWS_SQLITE_PATH": str(db),
                "LOG_LEVEL": "DEBUG",
                "FEEDS": {
                    str(out / "articles.jsonl"): {"format": "jsonlines", "item_classes": [Article]},
                    str(out / "comments.csv"): {"format": "csv", "item_classes": [Comment]},
                    # A feed with a password in its URI (storing it fails: nothing listens there).
                    f"ftp://crawler:{SECRET}@127.0.0.1:9/articles.jsonl": {"format": "jsonlines"},
                },
            },
            base_url=stock_site.base_url,
            categories="military",
            max_pages="1",
        )
    # The crawl went through the proxy, with the credentials...
    proxied = stock_site.requests[before:]
    assert proxied
    assert all(path.startswith("http://127.0.0.1:") for path in proxied)
    assert len(result.of(Article)) == 2
    assert any("ftp://crawler:***@127.0.0.1:9" in r.getMessage() for r in caplog.records)
    # ...and they appear nowhere.
    assert SECRET not in caplog.text
    assert all(SECRET not in r.getMessage() for r in caplog.records)
    assert SECRET not in repr(result.stats)
    for file in out.iterdir():
        assert SECRET not in file.read_text(encoding="utf-8")
    with sqlite3.connect(db) as conn:
        assert SECRET not in "\n".join(conn.iterdump())


def test_redact_keeps_urls_readable():
    assert redact("http://u:p@h:1/x and https://a:b@c/") == "http://u:***@h:1/x and https://a:***@c/"
    assert redact("mailto:editor@example.org, user@host") == "mailto:editor@example.org, user@host"
