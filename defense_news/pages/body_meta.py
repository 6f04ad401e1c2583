"""The post's meta lines opening the text of its container: a theme printing the byline and the
date inside the_content()'s element ("By Jane Roe" / "Dec 12, 2014 12:06 PM" above the first
paragraph). The title, authors and date are read elsewhere; in the body they are no text."""

from __future__ import annotations

import re
from datetime import UTC

from ..dates import parse_local_text
from .byline_names import BY_WORDS
from .published_label import PUBLISHED_LABEL
from .updated import PARTS, UPDATED_LABEL

# How many blocks the meta lines opening a text may take (a byline, a date, a time).
MAX_META_BLOCKS = 3
# The longest meta line looked at (a date line with its label and time, a byline).
MAX_META_CHARS = 120
# The longest byline line ("By Marah Eakin@marahe") and the most words it may hold.
MAX_BYLINE_CHARS = 100
MAX_BYLINE_WORDS = 8
_BYLINE = re.compile("^" + BY_WORDS + r"\s+\S", re.I)


def without_meta_lines(text: str) -> str:
    """``text`` without the run of blocks opening it that are each a date line or a byline line, when
    the run holds a date line: a date alone on its line ("Dec 12, 2014 12:06 PM", "Posted on April 22,
    2022") is never the text's. A byline without a date beside it stays (a reference text may count
    it as the text's first line), and so does a line mixing a date with other words ("Jane Roe | Staff
    Writer | 25 November 2014")."""
    blocks = text.split("\n\n")
    run = 0
    dated = 0
    for block in blocks[:MAX_META_BLOCKS]:
        if len(block) > MAX_META_CHARS:
            break  # a paragraph: read no further (most texts open so)
        if date_line(block):
            dated = run = run + 1
        elif byline_line(block):
            run += 1
        else:
            break
    # Only up to the last date line: a byline after it may open a text signed at its top.
    if not dated or dated == len(blocks):
        return text
    return "\n\n".join(blocks[dated:])


def date_line(block: str) -> bool:
    """A line that is only a date, after a label saying it is the publication's ("Published: …"), or
    only labelled dates side by side ("PUBLISHED: January 16, 2023 at 4:30 p.m. | UPDATED: January
    17, 2023 at 3:58 a.m.")."""
    line = " ".join(block.split())
    if _labelled_date(line, PUBLISHED_LABEL):
        return True
    parts = [part for part in PARTS.split(line) if part and part.strip()]
    return len(parts) > 1 and all(
        _labelled_date(part.strip(), PUBLISHED_LABEL) or _labelled_date(part.strip(), UPDATED_LABEL) for part in parts
    )


def _labelled_date(line: str, label_pattern: re.Pattern[str]) -> bool:
    """``line`` is a date, after ``label_pattern``'s label if one opens it."""
    label = label_pattern.match(line)
    if label is not None:
        line = line[label.end() :]
    return bool(line) and parse_local_text(line, UTC) is not None


def byline_line(block: str) -> bool:
    """A short line opening with "By"/"Von"/"Par"/"Por" and a word: a byline."""
    line = " ".join(block.split())
    return len(line) <= MAX_BYLINE_CHARS and len(line.split()) <= MAX_BYLINE_WORDS and _BYLINE.match(line) is not None
