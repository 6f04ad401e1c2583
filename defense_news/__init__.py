"""defense_news: a Scrapy project that crawls 19FortyFive articles and reader comments."""

__version__ = "0.1.0"
