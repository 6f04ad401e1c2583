"""One ItemLoader per record kind; processors live in :mod:`defense_news.processors`.

Loader context keys used by the processors: ``base_url`` (to make URLs
absolute), ``timezone`` (the site's zone, for local times printed on pages) and
``now`` (the crawl time, for "5 hours ago").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from itemloaders.common import wrap_loader_context
from itemloaders.processors import Compose, MapCompose, TakeFirst
from itemloaders.utils import arg_to_iter
from scrapy.loader import ItemLoader

from .items import Article, Comment
from .processors import (
    absolute_url,
    clean_block_text,
    clean_name,
    clean_text,
    comment_count,
    most_precise,
    parse_date,
    to_int,
    unique,
    valid_unicode,
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


class _BoundMapCompose:
    """A :class:`MapCompose` with its functions bound to one loader context, once.

    ``MapCompose.__call__`` builds a ``ChainMap`` context and re-wraps every
    function on every value; bound here once per loader, the loop below is
    otherwise the same (same functions, same order, same None dropping).
    Only used for MapComposes without their own default context, where the
    ``ChainMap`` reads exactly what the loader context holds.
    """

    def __init__(self, proc: MapCompose, context: Any) -> None:
        self.proc = proc
        self.funcs = [wrap_loader_context(f, context) for f in proc.functions]

    def __call__(self, value: Any) -> list[Any]:
        values = list(arg_to_iter(value))
        for func in self.funcs:
            next_values: list[Any] = []
            for v in values:
                try:
                    next_values += arg_to_iter(func(v))
                except Exception as e:
                    raise ValueError(
                        f"Error in MapCompose with {func!s} value={value!r} error='{type(e).__name__}: {e!s}'"
                    ) from e
            values = next_values
        return values


class _ReusableLoader(_CachedProcessors):
    """A loader that can serve every record of one page: :meth:`reset` starts the next item.

    Creating an ItemLoader per comment (context dict, item, processor wrapping on
    every value) cost about as much as extracting the comment. The loader and the
    processors are the same; only their set-up is shared between the comments of
    a page. Input and output processors are bound to the context once per loader
    (see _BoundMapCompose), and a plain ``add_value(field, value)`` skips
    ``get_value`` (which returns such a value unchanged). Same values, same errors.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bound_in: dict[str, Callable[..., Any]] = {}
        self._bound_out: dict[str, Callable[..., Any]] = {}

    def add_value(
        self, field_name: str | None, value: Any, *processors: Callable[..., Any], re: Any = None, **kw: Any
    ) -> Any:
        if processors or re or kw or not field_name:
            return super().add_value(field_name, value, *processors, re=re, **kw)
        # The common call: get_value() would return the value unchanged.
        if value is not None:
            self._add_value(field_name, value)
        return self

    def get_output_value(self, field_name: str) -> Any:
        proc = self._bound_out.get(field_name)
        if proc is None:
            proc = self._bound_out[field_name] = wrap_loader_context(
                self.get_output_processor(field_name), self.context
            )
        value = self._values.get(field_name, [])
        try:
            return proc(value)
        except Exception as e:
            raise ValueError(
                f"Error with output processor: field={field_name!r} value={value!r} error='{type(e).__name__}: {e!s}'"
            ) from e

    def reset(self) -> None:
        """Forget the collected values and start a new, empty item (same context)."""
        item = self.default_item_class()
        self._local_item = item
        self.context["item"] = item
        self._local_values = {}

    def _process_input_value(self, field_name: str, value: Any) -> Any:
        # Every value from every source (pages, REST JSON, feeds, sitemaps) passes here: text
        # that no encoder accepts (JSON's lone "\ud800") is mended before any processor or hash sees it.
        value = valid_unicode(value)
        proc = self._bound_in.get(field_name)
        if proc is None:
            raw = self.get_input_processor(field_name)
            if isinstance(raw, MapCompose) and not raw.default_loader_context and self.context:
                proc = _BoundMapCompose(raw, self.context)
            else:
                proc = wrap_loader_context(raw, self.context)
            self._bound_in[field_name] = proc
        try:
            return proc(value)
        except Exception as e:
            name = (proc.proc if isinstance(proc, _BoundMapCompose) else proc).__class__.__name__
            raise ValueError(
                f"Error with input processor {name}: field={field_name!r} value={value!r} "
                f"error='{type(e).__name__}: {e!s}'"
            ) from e


class ArticleLoader(_ReusableLoader):
    default_item_class = Article
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    url_in = MapCompose(absolute_url)
    post_id_in = MapCompose(to_int)
    authors_in = MapCompose(clean_name)
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


class CommentLoader(_ReusableLoader):
    default_item_class = Comment
    default_input_processor = MapCompose(clean_text)
    default_output_processor = TakeFirst()

    comment_id_in = MapCompose(to_int)
    post_id_in = MapCompose(to_int)
    article_url_in = MapCompose(absolute_url)
    parent_id_in = MapCompose(to_int)
    depth_in = MapCompose(to_int)
    author_in = MapCompose(clean_name)
    author_url_in = MapCompose(absolute_url)
    posted_at_in = MapCompose(parse_date)
    posted_at_out = Compose(most_precise)
    text_in = MapCompose(clean_block_text)
    scraped_at_in = MapCompose(parse_date)
