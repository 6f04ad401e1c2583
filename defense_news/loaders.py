"""One ItemLoader per record kind; processors live in :mod:`defense_news.processors`.

Loader context keys used by the processors: ``base_url`` (to make URLs
absolute), ``timezone`` (the site's zone, for local times printed on pages) and
``now`` (the crawl time, for "5 hours ago").
"""

from __future__ import annotations

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


class ArticleLoader(ItemLoader):
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


class CommentLoader(ItemLoader):
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
