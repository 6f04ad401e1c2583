"""A crawl of pages nested past libxml2's depth limit, served on 127.0.0.1 (tests/deep.py; issue 22 item 15).

Article 1's body sits inside 100,000 ``<div>``\\ s, article 2's thread is one chain of 3,000
replies. Before, the crawl dropped article 1 as "missing body_text" and stored about a third of
article 2's thread, and neither was named anywhere. Now both are stored whole, each named once.
"""

from __future__ import annotations

import logging

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from defense_news.items import Article, Comment
from defense_news.replica import running
from defense_news.spiders.wordpress import WordPressSpider
from tests.deep import BODY_PARAGRAPHS, DeepSite
from tests.helpers import crawl

pytestmark = pytest.mark.e2e

REPLIES = 3_000


@deferred_f_from_coro_f
async def test_a_crawl_reads_deep_pages_and_names_what_it_cannot(caplog):
    with running(DeepSite(levels=100_000, replies=REPLIES)) as site, caplog.at_level(logging.INFO):
        result = await crawl({"DEFENSE_NEWS_SQLITE_PATH": ""}, spidercls=WordPressSpider, site=site.base_url)
    articles = {a.url: a for a in result.of(Article)}
    assert sorted(articles) == [f"{site.base_url}2024/05/article-{n}/" for n in (1, 2)]
    assert articles[f"{site.base_url}2024/05/article-1/"].body_text == "\n\n".join(BODY_PARAGRAPHS)
    assert result.stats.get("defense_news/dropped/missing_body_text") is None

    comments = sorted(result.of(Comment), key=lambda c: c.comment_id or 0)
    assert len(comments) == REPLIES
    for k, comment in enumerate(comments, start=1):
        assert (comment.comment_id, comment.parent_id, comment.depth) == (k, k - 1 or None, k)
        assert comment.author == f"Reader {k}"
    assert result.stats["defense_news/parser_depth/pages"] == 2
    assert result.stats["defense_news/parser_depth/read_again"] == 2
    assert result.stats["defense_news/parser_depth/replies_moved"] > 0
    assert "defense_news/parser_depth/comments_left_out" not in result.stats
    named = [r.getMessage() for r in caplog.records if r.name == "defense_news.parser_limits"]
    assert sorted(m.split(";")[0] for m in named) == [
        f"Parser limit on {site.base_url}2024/05/article-{n}/: Excessive depth in document: 2048" for n in (1, 2)
    ]
    assert result.stats["finish_reason"] == "finished"
