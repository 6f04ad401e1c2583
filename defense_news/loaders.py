"""One ItemLoader per record kind; processors live in :mod:`defense_news.processors`.

Loader context keys used by the processors: ``base_url`` (to make URLs
absolute), ``timezone`` (the site's zone, for local times printed on pages) and
``now`` (the crawl time, for "5 hours ago").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from itemloaders.processors import Compose, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from .items import Article, Comment
from .processors import (
    absolute_url,
    clean_block_text,
    clean_text,
    comment_count,
    most_precise,
    parse_date,
    to_int,
    unique,
)


class _CachedProcessors(ItemLoader):
    """Looks each field's processors up once per item class, not on every value.

    ItemLoader resolves them per call (an ItemAdapter and a field-metadata read
    each time); at ~20 comments per page that lookup cost more than the values.
    """

    _processor_cache: dict[tuple[type, str, str], Callable[..., Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._processor_cache = {}

    def get_input_processor(self, field_name: str) -> Callable[..., Any]:
        key = (type(self.item), field_name, "in")
        proc = self._processor_cache.get(key)
        if proc is None:
            proc = self._processor_cache[key] = super().get_input_processor(field_name)
        return proc

    def get_output_processor(self, field_name: str) -> Callable[..., Any]:
        key = (type(self.item), field_name, "out")
        proc = self._processor_cache.get(key)
        if proc is None:
            proc = self._processor_cache[key] = super().get_output_processor(field_name)
        return proc


class ArticleLoader(_CachedProcessors):
    default_item_class = Article
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    url_in = MapCompose(absolute_url)
    post_id_in = MapCompose(to_int)
    authors_out = Compose(unique)
    categories_out = Compose(unique)
    tags_out = Compose(unique)
    published_at_in = MapCompose(parse_date)
    published_at_out = Compose(most_precise)
    modified_at_in = MapCompose(parse_date)
    modified_at_out = Compose(most_precise)
    image_url_in = MapCompose(absolute_url)
    body_text_in = MapCompose(clean_block_text)
    word_count_in = MapCompose(to_int)
    comment_count_in = MapCompose(comment_count)
    scraped_at_in = MapCompose(parse_date)


class CommentLoader(_CachedProcessors):
    default_item_class = Comment
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    comment_id_in = MapCompose(to_int)
    post_id_in = MapCompose(to_int)
    article_url_in = MapCompose(absolute_url)
    parent_id_in = MapCompose(to_int)
    depth_in = MapCompose(to_int)
    author_url_in = MapCompose(absolute_url)
    posted_at_in = MapCompose(parse_date)
    posted_at_out = Compose(most_precise)
    text_in = MapCompose(clean_block_text)
    scraped_at_in = MapCompose(parse_date)
