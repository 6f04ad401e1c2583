"""REST enrichment of the page walk (``source=html``): what a post record adds to its page.

One request per listing page asks for its posts together (:func:`batch_url` by the
``post-<ID>`` classes, else by slug); an article found another way asks for itself. The
merge rule: REST's exact UTC dates, ids and term names win; the page's values stand where
REST is silent; disagreements are named.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, tzinfo
from functools import partial
from typing import Any

from scrapy.http import TextResponse

from ..dates import parse_iso
from ..items import Article, Comment
from ..urls import article_permalink, join, strip_query
from .answers import RestAnswer
from .paging import Ask, Paging
from .records import PostFacts, posts_page, rest_comments, term_key
from .routes import batch_url, thread_comments_url


@dataclass
class Enrichment:
    """An article with REST values merged in, and what changed."""

    article: Article
    taken: list[str] = field(default_factory=list)  # fields whose value now comes from REST
    refined: list[str] = field(default_factory=list)  # date-only HTML values made exact
    disagreements: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, html, rest)


def _same_day(html_value: str, rest_value: str, timezone: tzinfo) -> bool:
    day = parse_iso(html_value)
    moment = parse_iso(rest_value)
    if not isinstance(day, date) or isinstance(day, datetime) or not isinstance(moment, datetime):
        return False
    return moment.astimezone(timezone).date() == day or moment.astimezone(UTC).date() == day


def enrich(article: Article, facts: PostFacts, timezone: tzinfo) -> Enrichment:
    """Merge REST facts into an HTML article. REST wins for IDs, timestamps and terms.

    Why: REST reads them straight from the database (UTC, to the second, every
    term), while themes print a day, a relative "5 hours ago" or one category.
    Text fields (title, body, authors...) stay as the page shows them; what the page does
    not show at all (authors, description, image) is filled from REST.
    """
    result = Enrichment(article)
    values: dict[str, Any] = {}

    def take(name: str, rest_value: Any, html_value: Any, differs: bool) -> None:
        if rest_value in (None, []):
            return
        if html_value not in (None, []) and differs:
            result.disagreements.append((name, html_value, rest_value))
        if rest_value != html_value:
            values[name] = rest_value
            result.taken.append(name)

    take("post_id", facts.post_id, article.post_id, facts.post_id != article.post_id)
    for name in ("published_at", "modified_at"):
        rest_value, html_value = getattr(facts, name), getattr(article, name)
        if rest_value is None:
            continue
        if isinstance(html_value, str) and len(html_value) == 10 and _same_day(html_value, rest_value, timezone):
            result.refined.append(name)
            take(name, rest_value, html_value, differs=False)
        else:
            take(name, rest_value, html_value, differs=rest_value != html_value)
    for name in ("categories", "tags"):
        rest_terms = getattr(facts, name)
        if rest_terms is None:
            continue
        html_terms = getattr(article, name) or []
        # A theme showing fewer terms (or slugs) is not a disagreement; a term REST lacks is.
        unknown = [t for t in html_terms if term_key(t) not in facts.term_keys]
        take(name, rest_terms, html_terms, differs=bool(unknown))
    # Values the page does not show at all (a theme without excerpt or caption): REST's, if any.
    for name in ("description", "image_url"):
        if getattr(article, name) is None and getattr(facts, name) is not None:
            values[name] = getattr(facts, name)
            result.taken.append(name)
    # A theme that prints no byline (Hello Elementor): the post's author, as REST names it.
    if not article.authors and facts.authors:
        values["authors"] = facts.authors
        result.taken.append("authors")
    if (
        article.image_caption is None
        and facts.image_caption
        and values.get("image_url", article.image_url) == facts.image_url
    ):
        values["image_caption"] = facts.image_caption
        result.taken.append("image_caption")
    if facts.categories and article.category not in facts.categories:
        primary = term_key(article.category or "")
        matching = [c for c in facts.categories if term_key(c) == primary]
        take("category", (matching or facts.categories)[0], article.category, differs=not matching)
    if facts.published_at is not None:
        # The database's own timestamp, whether or not the page agreed to the second.
        values.update(published_at_source="rest", published_at_precision="second")
    result.article = replace(article, **values)
    return result


# -- batched enrichment (source=html) --------------------------------------------

# post_class() marks each post in a listing: "post-254 post type-post status-publish ...".
_POST_CLASS = re.compile(r"(?:^|\s)post-(\d+)(?:\s|$)")
_POST_ELEMENTS = "//*[contains(concat(' ', normalize-space(@class), ' '), ' type-post ')]"


def listing_post_ids(response: TextResponse, urls: list[str]) -> dict[str, int]:
    """Post ids of a listing's entries (``urls``), from the ``post-<ID>`` class of the element
    holding each entry's link; entries whose theme prints no such class are left out."""
    wanted = set(urls)
    found: dict[str, int] = {}
    for element in response.xpath(_POST_ELEMENTS):
        match = _POST_CLASS.search(element.attrib.get("class", ""))
        if not match:
            continue
        for href in element.xpath(".//a/@href").getall():
            url = strip_query(join(response.url, href.strip()))
            if url in wanted and url not in found:
                found[url] = int(match.group(1))
                break
    return found


def facts_by_url(answer: RestAnswer) -> dict[str, PostFacts]:
    """The posts of a batch answer (``include=`` or ``slug=``), keyed by permalink."""
    return {article_permalink(facts.link): facts for facts in posts_page(answer) if facts.link}


def needs_rest_comments(article: Article, facts: PostFacts, shown: set[int], paged: bool) -> bool:
    """The page's thread is missing, hidden (closed) or shorter than its stated count.

    Paged threads are walked in HTML; their pages together hold the count.
    """
    if paged:
        return False
    if article.comment_count is not None:
        return len(shown) < article.comment_count
    return not shown and facts.comment_status == "closed"


def thread_for(
    api_root: str, article: Article, facts: PostFacts, shown: set[int], paged: bool, per_page: int
) -> ThreadRead | None:
    """The REST read of a thread the page hid (:func:`needs_rest_comments`), or None."""
    if not needs_rest_comments(article, facts, shown, paged) or not article.url or article.post_id is None:
        return None
    return ThreadRead.start(api_root, article.post_id, article.url, shown, per_page, article)


def batch_url_for(api_root: str, fresh: list[str], ids: dict[str, int], slugs: list[str | None]) -> str | None:
    """One REST request for a listing page's articles: by their ``post-<ID>`` classes, else by
    slug; None when neither names every article (plain permalinks: each asks for itself)."""
    if len(ids) == len(fresh):
        return batch_url(api_root, ids.values())
    if all(slugs) and all("?" not in url for url in fresh):
        return batch_url(api_root, slugs=[slug for slug in slugs if slug])
    return None


@dataclass
class ThreadRead:
    """One post's comments read from REST page by page (the page hid them), through the
    same :class:`~defense_news.rest.paging.Paging` rule as every REST list; emitted once read."""

    post_id: int
    article_url: str
    shown: set[int]
    paging: Paging
    records: list[dict[str, Any]] = field(default_factory=list)
    # The article, held until its thread is read when the page states no count (a closed thread
    # shows none): the thread read whole gives it (issue 20 item 6), 0 when empty.
    article: Article | None = None

    @classmethod
    def start(
        cls,
        api_root: str,
        post_id: int,
        article_url: str,
        shown: set[int],
        per_page: int,
        article: Article | None = None,
    ) -> ThreadRead:
        # A partial of a module function, not a lambda: the request carrying it may go to a JOBDIR queue.
        url = partial(_thread_page_url, api_root, post_id, per_page)
        held = article if article is not None and article.comment_count is None else None
        return cls(post_id, article_url, shown, Paging(f"comments of post {post_id}", url, per_page), article=held)

    def counted_article(self) -> Article | None:
        """The held article, once: with the thread's count when it was read whole, else as the page gave it."""
        article, self.article = self.article, None
        if article is None or self.loss is not None or not self.paging.complete:
            return article
        ids = {r["id"] for r in self.records if isinstance(r, dict) and isinstance(r.get("id"), int)}
        return replace(article, comment_count=len(self.shown | ids))

    def on_records(self, page: int, answer: RestAnswer) -> list[Ask]:
        """A page of records: the pages to ask next (none when the list has ended or is lost)."""
        self.records = self.records + list(answer.data)
        return self.paging.records(page, answer.data, answer.total, answer.total_pages)

    @property
    def loss(self) -> str | None:
        losses = self.paging.losses
        return "; ".join(losses.values()) if losses else None

    def comments(self, now: datetime, timezone: tzinfo) -> Iterator[Comment]:
        """The comments read, less those the page showed (their copies were emitted already)."""
        for comment in rest_comments(self.records, self.article_url, now, timezone):
            if comment.comment_id not in self.shown:
                yield comment


def _thread_page_url(api_root: str, post_id: int, per_page: int, page: int) -> str:
    return thread_comments_url(api_root, post_id, page, per_page)
