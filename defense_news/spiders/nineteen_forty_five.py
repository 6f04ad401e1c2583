"""The 19fortyfive spider: the generic WordPress spider with the 19FortyFive profile.

``scrapy crawl 19fortyfive`` is ``scrapy crawl wordpress -a site=19fortyfive``
(its stored rows and crawl records are named ``19fortyfive`` either way);
``-a base_url=`` points it at another copy of the site, such as a replica.
"""

from __future__ import annotations

from .wordpress import WordPressSpider


class NineteenFortyFiveSpider(WordPressSpider):
    name = "19fortyfive"
    default_site = "19fortyfive"
