"""BylineWait (defense_news/rest/bylines.py): the articles of one author wait for one page's byline."""

from __future__ import annotations

from defense_news.items import Article
from defense_news.rest.bylines import BylineWait


def articles(n: int) -> list[Article]:
    return [Article(url=f"https://example.test/{i}/", post_id=i) for i in range(1, n + 1)]


def test_every_article_of_an_author_is_ready_once_one_page_names_them():
    wait, (first, second, third) = BylineWait(), articles(3)
    assert wait.need(first, 7) == (None, True)
    assert wait.need(second, 7) == (None, False)
    ready, own_pages = wait.read(first, 7, ["Ann Lee"])
    assert [(a.post_id, a.authors) for a in ready] == [(1, ["Ann Lee"]), (2, ["Ann Lee"])]
    assert own_pages == []
    assert wait.need(third, 7)[0].authors == ["Ann Lee"]


def test_posts_of_author_id_0_are_not_lost():
    """WordPress gives post_author 0 to posts without an author (imported, or written by a script):
    found on a real WordPress, where 5 of 6 such posts were never stored."""
    wait, (first, second) = BylineWait(), articles(2)
    wait.need(first, 0)
    wait.need(second, 0)
    ready, own_pages = wait.read(first, 0, [])
    assert [a.post_id for a in ready] == [1, 2]
    assert own_pages == []
    # Or the page fails: the others ask their own pages.
    wait = BylineWait()
    wait.need(first, 0)
    wait.need(second, 0)
    assert wait.failed(first, 0) == [second]
