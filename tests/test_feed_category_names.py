"""Feeds name an article's category slugs the crawl names after the article left the spider, as
the database does (defense_news.exporters.NamedCategories, docs/extraction.md)."""

from __future__ import annotations

import json
from io import BytesIO
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler

from defense_news.categorybook import CategoryBook
from defense_news.items import Article
from tests.helpers import project_settings_dict

URL = "https://news.example/2024/05/a/"


def exporter_for(fmt: str, book: CategoryBook, out: BytesIO) -> Any:
    """The exporter the project's settings give ``fmt``, built as Scrapy's FeedExporter builds it."""
    crawler = get_crawler(settings_dict=project_settings_dict())
    crawler.spider = SimpleNamespace(category_book=book)  # type: ignore[assignment]
    exporter = build_from_crawler(load_object(crawler.settings.getwithbase("FEED_EXPORTERS")[fmt]), crawler, out)
    exporter.start_exporting()
    return exporter


def leaving(book: CategoryBook, url: str, slugs: list[str], categories: list[str]) -> Article:
    """An article as it leaves the spider: its page left ``slugs`` unnamed."""
    book.expect(url, slugs)
    return book.leaving(Article(url=url, title="A", category=categories[0], categories=categories)).article


def lines(out: BytesIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().decode().splitlines()]


def test_an_article_out_before_its_slug_is_named_is_written_with_the_name():
    book, out = CategoryBook(), BytesIO()
    exporter = exporter_for("jsonlines", book, out)
    exporter.export_item(leaving(book, URL, ["analysis"], ["Military", "analysis"]))
    exporter.export_item(leaving(book, URL + "b/", [], ["Russia"]))
    book.learn("analysis", "Defense Analysis")
    exporter.finish_exporting()
    written = {line["url"]: line["categories"] for line in lines(out)}
    assert written == {URL: ["Military", "Defense Analysis"], URL + "b/": ["Russia"]}


def test_a_held_article_is_written_with_the_next_item_once_its_slug_is_named():
    book, out = CategoryBook(), BytesIO()
    exporter = exporter_for("jsonlines", book, out)
    exporter.export_item(leaving(book, URL, ["analysis", "china"], ["Military", "analysis", "china"]))
    book.learn("analysis", "Defense Analysis")
    exporter.export_item(leaving(book, URL + "b/", [], ["Russia"]))
    assert [line["url"] for line in lines(out)] == [URL + "b/"]  # one slug still has no name
    book.learn("china", "China")
    exporter.export_item(leaving(book, URL + "c/", [], ["Navy"]))
    # Written before the feed closes: a run killed now keeps it in the file.
    assert [(line["url"], line["categories"]) for line in lines(out)] == [
        (URL + "b/", ["Russia"]),
        (URL, ["Military", "Defense Analysis", "China"]),
        (URL + "c/", ["Navy"]),
    ]
    exporter.finish_exporting()
    assert len(lines(out)) == 3


def test_a_name_learned_before_the_feed_writes_is_used_at_once():
    book, out = CategoryBook(), BytesIO()
    exporter = exporter_for("jsonlines", book, out)
    article = leaving(book, URL, ["analysis"], ["analysis", "Military"])
    book.learn("analysis", "Defense Analysis")  # while the article went through the pipelines
    exporter.export_item(article)
    assert [(line["category"], line["categories"]) for line in lines(out)] == [
        ("Defense Analysis", ["Defense Analysis", "Military"])
    ]
    exporter.finish_exporting()
    assert len(lines(out)) == 1


def test_a_slug_nothing_names_is_written_as_a_slug_when_the_feed_closes():
    book, out = CategoryBook(), BytesIO()
    exporter = exporter_for("jsonlines", book, out)
    exporter.export_item(leaving(book, URL, ["analysis"], ["Military", "analysis"]))
    assert out.getvalue() == b""
    exporter.finish_exporting()
    assert [line["categories"] for line in lines(out)] == [["Military", "analysis"]]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "xml"])
def test_every_text_format_names_them(fmt):
    book, out = CategoryBook(), BytesIO()
    exporter = exporter_for(fmt, book, out)
    exporter.export_item(leaving(book, URL, ["analysis"], ["Military", "analysis"]))
    book.learn("analysis", "Defense Analysis")
    exporter.finish_exporting()
    assert "Defense Analysis" in out.getvalue().decode()
