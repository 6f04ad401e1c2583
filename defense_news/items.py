"""The two record kinds defense_news stores. Field names are a public interface (docs/fields.md)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    url: str | None = None
    post_id: int | None = None
    title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    modified_at: str | None = None
    # Where published_at came from ("page", "page text", "url", "rest", "feed", "sitemap") and how
    # precise it is ("second", "day", "month"): a theme that prints no date still yields one.
    published_at_source: str | None = None
    published_at_precision: str | None = None
    category: str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    image_caption: str | None = None
    body_text: str | None = None
    word_count: int | None = None
    comment_count: int | None = None
    scraped_at: str | None = None
    # The spider's site_id (a profile name, or the host); part of every stored key.
    site: str | None = None


@dataclass
class Comment:
    comment_id: int | None = None
    post_id: int | None = None
    article_url: str | None = None
    parent_id: int | None = None
    depth: int | None = None
    author: str | None = None
    author_url: str | None = None
    posted_at: str | None = None
    text: str | None = None
    scraped_at: str | None = None
    site: str | None = None
