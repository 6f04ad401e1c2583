"""ThreadWalk's verdict on a thread read from its pages (issue 20): only a thread the pages showed
whole may have stored comments marked removed."""

from __future__ import annotations

from defense_news.threads import NextPages, ThreadWalk

URL = "https://example.test/a/"
PAGES = [f"{URL}comment-page-1/", f"{URL}comment-page-2/"]


def walked(stated: int | None, shown: list[list[int | None]], lost: bool = False) -> ThreadWalk:
    """A thread of two comment pages besides its article page (which shows none here)."""
    threads = ThreadWalk()
    threads.opened(URL, stated)
    assert threads.pages_to_follow(URL, None, URL, PAGES).urls == PAGES
    # Every page links to every other: each is followed once.
    assert threads.pages_to_follow(PAGES[0], 1, URL, PAGES).urls == []
    assert threads.verdict(URL) is None  # two pages pending
    for ids in shown:
        threads.page_done(URL)
        threads.shown(URL, ids)
    if lost:
        threads.page_done(URL)
        threads.lost_page(URL)
    return threads


def test_a_thread_shown_whole_gives_its_ids():
    threads = walked(3, [[1, 2], [3]])
    verdict = threads.verdict(URL)
    assert verdict is not None
    assert (verdict.ids, verdict.problem) == ({1, 2, 3}, None)
    assert threads.verdict(URL) is None  # judged once


def test_a_lost_page_proves_nothing_even_when_the_count_agrees():
    verdict = walked(2, [[1, 2]], lost=True).verdict(URL)
    assert verdict is not None
    assert verdict.problem == "a page lost"


def test_counts_that_disagree_no_count_or_comments_without_id_prove_nothing():
    for stated, shown, problem in (
        (4, [[1, 2], [3]], "the page states 4 comments, its pages show 3"),
        (None, [[1, 2], [3]], "the page states no count"),
        (3, [[1, None], [3]], "1 comments shown without an id"),
    ):
        verdict = walked(stated, shown).verdict(URL)
        assert verdict is not None
        assert verdict.problem == problem


def test_an_article_page_read_twice_proves_nothing():
    threads = ThreadWalk()
    threads.opened(URL, 0)
    threads.opened(URL, 0)
    verdict = threads.verdict(URL)
    assert verdict is not None
    assert verdict.problem == "its article page read twice"


def test_pages_of_a_thread_never_opened_are_followed_and_not_judged():
    threads = ThreadWalk()
    assert threads.pages_to_follow(URL, 2, URL, PAGES).urls == PAGES[:1]  # page 2 shown at the permalink
    threads.page_done(URL)
    assert threads.verdict(URL) is None


def test_a_page_showing_no_comment_the_earlier_ones_did_not_is_said_so():
    threads = ThreadWalk()
    threads.opened(URL, 3)
    assert threads.shown(URL, [1, 2])
    assert threads.shown(URL, [2, 3])
    assert not threads.shown(URL, [1, 3])  # a page repeating earlier ones: its links loop
    assert not threads.shown(URL, [])
    assert threads.shown(URL, [None])  # a comment without an id may be new


def test_a_thread_is_read_from_at_most_max_pages_and_then_is_not_whole():
    threads = ThreadWalk(max_pages=3)
    threads.opened(URL, 10)
    pages = [f"{URL}comment-page-{n}/" for n in range(2, 6)]
    # The article page and two more: the other links are left, and said so once.
    assert threads.pages_to_follow(URL, 1, URL, pages) == NextPages(pages[:2], capped=True)
    assert threads.pages_to_follow(pages[0], 2, URL, pages) == NextPages([], capped=False)
    for _ in range(2):
        threads.page_done(URL)
    verdict = threads.verdict(URL)
    assert verdict is not None
    assert verdict.problem == "more than 3 comment pages"


def test_a_comment_page_showing_nothing_new_ends_the_walk():
    threads = ThreadWalk()
    threads.opened(URL, 3)
    fresh = threads.shown(URL, [1, 2])
    assert threads.pages_to_follow(URL, None, URL, PAGES[:1], fresh=fresh) == NextPages(PAGES[:1])
    # comment-page-1 shows the same comments and links page 2: its links are not followed.
    fresh = threads.shown(URL, [1, 2])
    assert threads.pages_to_follow(PAGES[0], 1, URL, PAGES, fresh=fresh, comment_page=True) == NextPages(
        [], repeats=True
    )
    # An article page opens its thread: what it shows is never a repeat.
    other = "https://example.test/b/"
    threads.opened(other, 1)
    assert threads.pages_to_follow(other, None, other, [f"{other}comment-page-2/"], fresh=False).urls
    # Nothing to follow: nothing stopped.
    assert not threads.pages_to_follow(PAGES[1], 2, URL, [], fresh=False, comment_page=True).repeats
