"""The project's add-on (defense_news/addons.py): optional parts wired from the settings."""

from __future__ import annotations

from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from defense_news.addons import DefenseNews
from defense_news.items import Article, Comment
from defense_news.spiders.wordpress import WordPressSpider
from tests.helpers import project_settings_dict


def test_export_dir_adds_one_feed_per_record_kind_and_keeps_command_line_feeds():
    settings = Settings(project_settings_dict(DEFENSE_NEWS_EXPORT_DIR="out/", DEFENSE_NEWS_EXPORT_FORMAT="csv"))
    settings.set("FEEDS", {"mine.jsonl": {"format": "jsonlines"}}, priority="cmdline")  # -o mine.jsonl
    DefenseNews(get_crawler(WordPressSpider, project_settings_dict())).update_settings(settings)
    feeds = settings.getdict("FEEDS")
    (articles,) = [uri for uri in feeds if uri.startswith("out/articles-")]
    (comments,) = [uri for uri in feeds if uri.startswith("out/comments-")]
    assert set(feeds) == {"mine.jsonl", articles, comments}
    assert articles.endswith(".csv")
    assert feeds[articles]["item_classes"] == [Article]
    assert feeds[comments]["item_classes"] == [Comment]


def test_nothing_wired_by_default():
    settings = Settings(project_settings_dict())
    before = (settings.getdict("FEEDS"), settings.getdict("DOWNLOAD_HANDLERS"))
    DefenseNews(get_crawler(WordPressSpider, project_settings_dict())).update_settings(settings)
    assert (settings.getdict("FEEDS"), settings.getdict("DOWNLOAD_HANDLERS")) == before
    assert "defense_news.rendering.RenderMiddleware" not in settings.getdict("DOWNLOADER_MIDDLEWARES")


def test_the_project_enables_it():
    crawler = get_crawler(WordPressSpider, project_settings_dict(DEFENSE_NEWS_EXPORT_DIR="out"))
    assert any(isinstance(addon, DefenseNews) for addon in crawler.addons.addons)
    assert any(uri.startswith("out/articles-") and uri.endswith(".jsonl") for uri in crawler.settings.getdict("FEEDS"))
