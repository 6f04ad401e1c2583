"""-a shard=K/N: every article belongs to exactly one shard, the same one however its URL is written."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from defense_news.items import Article, Comment
from defense_news.run import Run
from defense_news.shards import Shard, ShardError, ShardMiddleware, parse_shard


def test_every_article_belongs_to_exactly_one_shard_and_the_shares_are_even():
    urls = [f"https://example.org/2024/{n % 12 + 1:02d}/post-{n}/" for n in range(3000)]
    shards = [Shard(k, 3) for k in (1, 2, 3)]
    owners = [[s for s in shards if s.owns(url)] for url in urls]
    assert all(len(owner) == 1 for owner in owners)
    shares = [sum(1 for owner in owners if owner[0] == s) for s in shards]
    assert all(900 < share < 1100 for share in shares), shares


@pytest.mark.parametrize(
    "variant",
    [
        "http://example.org/2024/05/a-post/",
        "https://www.example.org/2024/05/a-post",
        "https://example.org/2024/05/a-post/",
    ],
)
def test_scheme_host_and_trailing_slash_do_not_move_an_article(variant):
    reference = "https://example.org/2024/05/a-post/"
    for k in (1, 2, 3, 4):
        assert Shard(k, 4).owns(variant) == Shard(k, 4).owns(reference)


def test_plain_permalinks_are_told_apart_by_their_query():
    owners = {next(k for k in (1, 2, 3, 4) if Shard(k, 4).owns(f"https://example.org/?p={n}")) for n in range(40)}
    assert owners == {1, 2, 3, 4}


def test_one_shard_of_one_is_the_whole_site():
    assert Shard(1, 1).owns("https://example.org/anything/")


@pytest.mark.parametrize("value", ["", "1", "0/2", "3/2", "a/b", "1/0", "-1/2", "1/2/3"])
def test_bad_values_are_refused(value):
    with pytest.raises(ShardError, match="shard"):
        parse_shard(value)


def test_values():
    assert parse_shard(None) is None
    assert parse_shard(" 2/5 ") == Shard(2, 5)
    assert str(Shard(2, 5)) == "2/5"


class ShardedSpider(Spider):
    name = "sharded"

    def __init__(self, shard: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def parse_article(self, response):  # pragma: no cover - never called
        return None

    def parse_listing(self, response):  # pragma: no cover - never called
        return None


def middleware(shard: str | None) -> ShardMiddleware:
    crawler = get_crawler(ShardedSpider)
    crawler.spider = ShardedSpider.from_crawler(crawler, shard=shard)
    # Components read the shard from the run (defense_news.run.run_of), as with the real spider.
    values = {"site": "https://example.org/", "shard": shard} if shard else {"site": "https://example.org/"}
    crawler.spider.run = Run.resolve(values, crawler.settings)  # type: ignore[attr-defined]
    return ShardMiddleware.from_crawler(crawler)


URLS = [f"https://example.org/2024/05/post-{n}/" for n in range(20)]


def test_the_middleware_keeps_only_this_shards_articles_and_their_records():
    kept = {}
    for k in (1, 2):
        mw = middleware(f"{k}/2")
        spider = mw.crawler.spider
        outputs = [Request(url, callback=spider.parse_article) for url in URLS]
        outputs += [Request("https://example.org/category/news/", callback=spider.parse_listing)]
        outputs += [Article(url=url, title="t") for url in URLS] + [Comment(comment_id=1, article_url=URLS[0])]
        kept[k] = [o for o in mw.process_spider_output(None, outputs) if o is not None]
        articles = [o.url for o in kept[k] if isinstance(o, Request) and o.callback == spider.parse_article]
        assert articles == [url for url in URLS if Shard(k, 2).owns(url)]
        assert [o.url for o in kept[k] if isinstance(o, Article)] == articles  # the same share of records
        assert any(isinstance(o, Request) and o.url.endswith("/category/news/") for o in kept[k])  # listings: all
        stats = mw.crawler.stats
        assert stats.get_value("defense_news/shard/articles_skipped") == len(URLS) - len(articles)
    assert {len(k) for k in kept.values()} != {0}
    comment_kept = [any(isinstance(o, Comment) for o in kept[k]) for k in (1, 2)]
    assert sorted(comment_kept) == [False, True]  # the comment goes with its article's shard


def test_without_a_shard_everything_passes():
    mw = middleware(None)
    outputs = [Request(url, callback=mw.crawler.spider.parse_article) for url in URLS]
    assert list(mw.process_spider_output(None, outputs)) == outputs


def test_the_shard_argument_is_checked_with_the_others():
    from defense_news.arguments import ArgumentError, parse_spider_arguments

    assert parse_spider_arguments({"site": "19fortyfive", "shard": "2/3"}).shard == Shard(2, 3)
    assert parse_spider_arguments({"site": "19fortyfive"}).shard is None
    with pytest.raises(ArgumentError, match=r"^Invalid spider argument shard 4/3: K must be between 1 and N\.$"):
        parse_spider_arguments({"site": "19fortyfive", "shard": "4/3"})
