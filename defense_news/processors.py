"""Small value-in, value-out processors shared by the item loaders."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Any

from .dates import has_time, parse_iso, parse_local_text, to_iso
from .html_text import clean_line
from .urls import join

_YEAR_MONTH = re.compile(r"^(?:199\d|20\d\d)-(?:0[1-9]|1[0-2])$")
_INT = re.compile(r"\d[\d,.]*")
_NUMBER_WORDS = {"no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def valid_unicode(value: Any) -> Any:
    """Text that can be encoded (UTF-8, SQLite, PostgreSQL, JSON): each lone surrogate becomes U+FFFD.

    JSON's ``\\ud800`` escapes decode to such surrogates, which no encoder accepts; a pair
    that belongs together is joined. Other values pass through.

    >>> valid_unicode("a\\ud800b"), valid_unicode("\\ud83d\\ude00"), valid_unicode(["\\udfff"]), valid_unicode(7)
    ('a\ufffdb', '😀', ['\ufffd'], 7)
    """
    if isinstance(value, str):
        if value.isascii():
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return value
    if isinstance(value, list | tuple):
        return type(value)(valid_unicode(v) for v in value)
    return value


def clean_text(value: Any) -> str | None:
    """Decode entities left in the text, collapse whitespace; empty becomes None.

    >>> clean_text("  Shock &amp; Awe\\n ")
    'Shock & Awe'
    """
    if value is None:
        return None
    text = clean_line(html.unescape(str(value)))
    return text or None


# WordPress's texturize turns typed quotes into typographic ones, and some themes run it on
# names (twentytwentythree prints "O’Brien" where twentytwentyone and REST give "O'Brien").
_TYPOGRAPHIC_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def clean_name(value: Any) -> str | None:
    """A person's name as typed: :func:`clean_text` with typographic quotes made plain again,
    so one commenter or author is spelled the same on every theme and through REST.

    >>> clean_name("Sean O\u2019Neill"), clean_name("Robert \u201cBob\u201d Hale")
    ("Sean O'Neill", 'Robert "Bob" Hale')
    """
    text = clean_text(value)
    return text.translate(_TYPOGRAPHIC_QUOTES) if text else None


def clean_block_text(value: Any) -> str | None:
    """Like :func:`clean_text` but keeps blank-line paragraph breaks."""
    if value is None:
        return None
    text = str(value).replace("\x00", "")
    paragraphs = (p.strip() for p in re.split(r"\n\s*\n", text))
    out = "\n\n".join(
        "\n".join(clean_line(line) for line in p.split("\n") if clean_line(line)) for p in paragraphs if p
    )
    return out or None


def to_int(value: Any) -> int | None:
    """The first integer in a value: ``"12 Comments"`` → 12, ``"One response"`` → 1.

    >>> to_int("1,204 Comments"), to_int("Click to comment"), to_int("One response to x")
    (1204, None, 1)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    match = _INT.search(text)
    if match:
        digits = re.sub(r"[,.]", "", match.group())
        return int(digits) if len(digits) <= 12 else None
    first = text.split()[0].lower() if text.split() else ""
    return _NUMBER_WORDS.get(first)


_COUNT_WORDS = {
    **_NUMBER_WORDS,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# "11 Comments", "One response to", "This Post Has 2 Comments", "3 thoughts on": the count is
# the number next to the noun. A quoted title ("One response to “Why 12 carriers…”") is removed first.
_COUNT_NOUN = re.compile(
    r"(?:^|[^\w])(?P<n>\d[\d,.]*|" + "|".join(_COUNT_WORDS) + r")\s+(?:\w+\s+)?"
    r"(?:comments?|responses?|repl(?:y|ies)|thoughts?|reactions?|kommentare?|commentaires?|comentarios?)\b",
    re.I,
)
_QUOTED = re.compile(r"“[^”]*”|„[^“”]*[“”]|«[^»]*»|\"[^\"]*\"|‘[^’]*’")
_INVITATIONS = ("click to comment", "leave a comment", "leave a reply", "be the first", "add a comment", "join the")
_NONE_YET = ("no comment", "no response", "no repl", *_INVITATIONS)


def is_invitation(value: str) -> bool:
    """True for "Leave a comment"-style texts: a call to comment, which says 0 only if no comment is shown."""
    return clean_line(value).lower().startswith(_INVITATIONS)


def comment_count(value: Any) -> int | None:
    """The number of comments a heading or link states; ``None`` if it states none.

    >>> comment_count("One response to “Why 12 carriers are not enough”")
    1
    >>> comment_count("This Post Has 11 Comments"), comment_count("Click to comment"), comment_count("Comments are closed.")
    (11, 0, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = clean_line(_QUOTED.sub(" ", str(value)))
    if not text:
        return None
    match = _COUNT_NOUN.search(text)
    if match:
        n = match["n"].lower()
        if n in _COUNT_WORDS:
            return _COUNT_WORDS[n]
        digits = re.sub(r"[,.]", "", n)
        return int(digits) if len(digits) <= 12 else None
    if re.fullmatch(r"\d[\d,.]*", text):  # a bare number in a count bubble
        return to_int(text)
    lowered = text.lower()
    if lowered.startswith(_NONE_YET) or lowered in {"comments", "comment", "0"}:
        return 0
    return None


def absolute_url(value: Any, loader_context: dict[str, Any]) -> str | None:
    if not value:
        return None
    url = clean_line(str(value))
    if not url or url.startswith(("javascript:", "mailto:", "data:", "#")):
        return None
    return _absolute(loader_context.get("base_url") or "", url)


@lru_cache(maxsize=4096)
def _absolute(base: str, url: str) -> str | None:
    # Pure, and called with the same article URL for every comment of a page: cached.
    joined = join(base, url)
    return joined if joined.startswith(("http://", "https://")) else None


def parse_date(value: Any, loader_context: dict[str, Any]) -> str | None:
    """Parse machine-readable or visible dates into ISO 8601 UTC (or a bare date)."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return to_iso(value)
    tz: tzinfo | None = loader_context.get("timezone")
    now: datetime | None = loader_context.get("now")
    text = str(value)
    if _YEAR_MONTH.match(text):
        return text  # a month only (a permalink's /2025/10/): kept as it is, not made a day
    moment = parse_iso(text, naive_tz=tz) if tz is None else parse_local_text(text, tz, now)
    return to_iso(moment) if moment is not None else None


def unique(values: Iterable[Any]) -> list[Any]:
    """Drop empties and repeats, keep the first occurrence's order.

    >>> unique(["Putin", "NATO", "Putin", None, ""])
    ['Putin', 'NATO']
    """
    seen: set[Any] = set()
    out = []
    for value in values:
        if value in (None, "") or value in seen:
            continue
        seen.add(value)
        out.append(value)
    return out


def most_precise(values: Iterable[str]) -> str | None:
    """First full timestamp among ISO values, else the first bare date.

    >>> most_precise(["2022-10-09", "2022-10-09T14:05:00Z"])
    '2022-10-09T14:05:00Z'
    """
    candidates = [v for v in values if v]
    for value in candidates:
        if has_time(value):
            return value
    return candidates[0] if candidates else None
