"""The spider's side of the category name book (:mod:`defense_news.categorybook`): the names
it learns from the pages it reads, the stored articles those names reach, what stays a slug."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scrapy.crawler import Crawler

from .. import signals as dn_signals
from ..categorybook import CategoryBook
from ..pages.categories import CategoryTerms
from .requests import STATS

logger = logging.getLogger(__name__)

# The book's key in spider.state (JOBDIR/spider.state).
BOOK_STATE = "defense_news_category_book"


class CategoryNaming:
    """Mixed into the page walk, which reads the pages that name categories."""

    crawler: Crawler

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Category names seen, for the slugs article pages leave unnamed.
        self.category_book = CategoryBook()

    def category_book_from_state(self) -> None:
        """With ``JOBDIR`` the book lives in ``spider.state``, which Scrapy's SpiderState extension
        pickles when a run pauses and gives back to the run resuming its queue: that run reads
        no listing again, so without it the names they gave were lost and its articles kept
        slugs. (The project discards a JOBDIR's state unless the run resumes its queue,
        storage/state.py.) Called from start(), once spider_opened has loaded the state."""
        state = getattr(self, "state", None)  # set by SpiderState only with JOBDIR
        if not isinstance(state, dict):
            return
        book = state.get(BOOK_STATE)
        if isinstance(book, CategoryBook):
            self.category_book = book
            logger.info(
                "Resumed the paused run's category names: %d named, %d articles awaiting a name",
                len(book.names), len(set().union(*book.waiting.values())) if book.waiting else 0,
            )  # fmt: skip
        state[BOOK_STATE] = self.category_book  # the live book: pickled as it stands when the run stops

    def take_category_terms(self, terms: CategoryTerms, article_url: str | None) -> CategoryTerms:
        """An article page's categories: the names it gives learned, the slugs it leaves unnamed awaited."""
        self.learn_categories(terms.named.items())
        self.category_book.expect(article_url, terms.unnamed)
        return terms

    def learn_categories(self, names: Iterable[tuple[str | None, str | None]]) -> None:
        """Names seen for category slugs, (slug, name); articles that already left with a slug are named in the store."""
        stats = self.crawler.stats
        assert stats is not None
        for slug, name in names:
            urls = self.category_book.learn(slug, name)
            if urls and slug is not None:
                stats.inc_value(f"{STATS}/categories/named_later", len(urls))
                logger.info("Category %r is %r: %d stored articles named (%s)", slug, name, len(urls), min(urls))
                self.crawler.signals.send_catch_log(
                    dn_signals.categories_named, names={slug: self.category_book.names[slug]}, urls=sorted(urls)
                )

    def closed(self, reason: str) -> None:
        """Scrapy's hook at the end of the run: the slugs that stay slugs, said once."""
        stats = self.crawler.stats
        assert stats is not None
        book = self.category_book
        if book.disagreements:
            stats.set_value(f"{STATS}/categories/names_disagree", len(book.disagreements))
            slug, first, other = book.disagreements[0]
            logger.info(
                "%d category names seen differ from the first one seen (%r: %r kept, %r seen later)",
                len(book.disagreements), slug, first, other,
            )  # fmt: skip
        unnamed = book.unnamed()
        if not unnamed:
            return
        stats.set_value(f"{STATS}/categories/slugs_kept", sum(unnamed.values()))
        stats.set_value(f"{STATS}/categories/unnamed", sorted(unnamed))
        logger.warning(
            "Categories stored by slug, no page or answer of this run named them: %s",
            ", ".join(f"{slug} (articles: {n})" for slug, n in unnamed.items()),
        )
