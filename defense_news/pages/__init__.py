"""Page extraction, apart from crawling: each class takes a response."""

from .article import ArticlePage
from .listing import ListingEntry, ListingPage, menu_category_urls, page_category_urls

__all__ = ["ArticlePage", "ListingEntry", "ListingPage", "menu_category_urls", "page_category_urls"]
