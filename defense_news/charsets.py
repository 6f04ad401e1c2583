"""Which charset a page's bytes are read with, when what the page says contradicts its bytes.

Scrapy reads an answer with the charset its ``Content-Type`` names, else the one its
``<meta charset>`` names, else what it detects. Two kinds of page state one charset and are
written in UTF-8:

- a server that labels every answer ``ISO-8859-1`` (a web server's default charset) while
  the site writes UTF-8;
- a site moved to UTF-8 whose template kept the old ``<meta charset="gb2312">`` (or
  ``windows-1251``, ``euc-kr``...), or a page saved as UTF-8 with its original ``<meta>``.

Read as labelled, every non-ASCII letter of such a page is garbled (a Chinese page comes
out as mojibake with not one word right). Bytes that decode as UTF-8 and hold non-ASCII
are UTF-8: in a legacy single-byte or CJK encoding, text that happens to form only valid
UTF-8 sequences is vanishingly rare (an accented letter followed by a space or a
letter already breaks it), which is why browsers' and trafilatura's detectors try UTF-8
first. A page all in ASCII reads the same in any ASCII-compatible charset and is left alone,
and so is a page labelled UTF-16/32, whose bytes are not ASCII-compatible.
"""

from __future__ import annotations

from scrapy.http import TextResponse

_UTF8 = frozenset({"utf-8", "utf8"})
_WIDE = ("utf-16", "utf-32", "utf_16", "utf_32")


def is_mislabelled_utf8(response: TextResponse) -> bool:
    """True when the response is read with another charset but its bytes are UTF-8 (non-ASCII)."""
    chosen = (response.encoding or "").lower()
    if chosen in _UTF8 or chosen.startswith(_WIDE):
        return False
    body = response.body
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
