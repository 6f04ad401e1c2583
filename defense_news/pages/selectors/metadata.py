"""schema.org microdata a page may carry, whatever prints it (themes, SEO plugins).

Data only. OpenGraph/Yoast ``<meta>`` keys are read by name through ``MetaTags`` and JSON-LD
through ``JsonLd`` (``pages/common.py``).
"""

from __future__ import annotations

from lxml import etree

# ``[itemprop=KEY]::attr(datetime), [itemprop=KEY]::attr(content), abbr[itemprop=KEY]::attr(title)``
# (in document order), reached from the itemprop attributes: a plain equality test on each
# attribute, where the CSS form's union walks every element twice (~20 µs instead of ~120 µs on a
# 34 KB page). An ``<abbr>``'s title is the value (microformats' abbr pattern: Blogger prints
# ``<abbr class="published" itemprop="datePublished" title="2017-09-09T10:52:00+02:00">10:52</abbr>``).
ITEMPROP_DATES = {
    key: etree.XPath(
        f"//@itemprop[. = '{key}']/../@*[name() = 'datetime' or name() = 'content'"
        " or (name() = 'title' and local-name(..) = 'abbr')]",
        smart_strings=False,
    )
    for key in ("datePublished", "dateModified")
}
HEADLINE = "article [itemprop=headline]"
AUTHOR_NAME_CONTENT = "article [itemprop=author] [itemprop=name]::attr(content)"
AUTHOR_NAME = "article [itemprop=author] [itemprop=name]"
KEYWORD_LINKS = "article [itemprop=keywords] a"
MAIN_ENTITY = "meta[itemprop=mainEntityOfPage]::attr(itemid)"
# JSON-LD nodes naming the site itself (its name is stripped from titles).
SITE_TYPES = frozenset({"WebSite", "Organization", "NewsMediaOrganization"})
