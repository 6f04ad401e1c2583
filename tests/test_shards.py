"""-a shard=K/N: every article belongs to exactly one shard, the same one however its URL is written."""

from __future__ import annotations

import pytest

from defense_news.shards import Shard, ShardError, parse_shard


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
