"""The speed layer: CSS queries translated once to cheaper XPath.

A CSS query whose branch starts with a bare class (``.x ...``) or id (``#x ...``) becomes an
XPath testing that on every element of the page; reached from the ``class``/``id``
attributes instead, the same elements come out in the same document order for about
half the cost (the test then runs on attributes only).
"""

from __future__ import annotations

import re
from functools import lru_cache

from parsel.csstranslator import HTMLTranslator

# Applied to the translated XPath:
_CLASS_STEP = re.compile(
    r"(^|\| )descendant-or-self::\*\[@class and contains\(@class, '([^']+)'\) and "
    r"contains\(concat\(' ', normalize-space\(@class\), ' '\), ' \2 '\)\]"
)
_ID_STEP = re.compile(r"(^|\| )descendant-or-self::\*\[@id = '([^']+)'\]")
_TRANSLATOR = HTMLTranslator()  # what parsel uses for HTML documents


@lru_cache(maxsize=256)
def css_to_xpath(query: str) -> str:
    """``query`` as parsel translates it, bare class/id steps reached from the attributes."""
    xpath = _TRANSLATOR.css_to_xpath(query)
    xpath = _CLASS_STEP.sub(
        r"\1//@class[contains(., '\2')][contains(concat(' ', normalize-space(.), ' '), ' \2 ')]/parent::*", xpath
    )
    return _ID_STEP.sub(r"\1//@id[. = '\2']/parent::*", xpath)
