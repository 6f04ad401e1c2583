"""The post's meta lines opening the text of its container: a theme printing the byline and the
date inside the_content()'s element ("By Jane Roe" / "Dec 12, 2014 12:06 PM" above the first
paragraph). The title, authors and date are read elsewhere; in the body they are no text."""

from __future__ import annotations

import re
from datetime import UTC

from ..dates import parse_local_text
from .published_label import PUBLISHED_LABEL

# How many blocks the meta lines opening a text may take (a byline, a date, a time).
MAX_META_BLOCKS = 3
# The longest meta line looked at (a date line with its label and time, a byline).
MAX_META_CHARS = 120
# The longest byline line ("By Marah Eakin@marahe") and the most words it may hold.
MAX_BYLINE_CHARS = 100
MAX_BYLINE_WORDS = 8
_BYLINE = re.compile(r"^(?:by|von|par|por)\s+\S", re.I)


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
    """A line that is only a date, after a label saying it is the publication's ("Published: …")."""
    line = " ".join(block.split())
    label = PUBLISHED_LABEL.match(line)
    if label is not None:
        line = line[label.end() :]
    return bool(line) and parse_local_text(line, UTC) is not None


def byline_line(block: str) -> bool:
    """A short line opening with "By"/"Von"/"Par"/"Por" and a word: a byline."""
    line = " ".join(block.split())
    return len(line) <= MAX_BYLINE_CHARS and len(line.split()) <= MAX_BYLINE_WORDS and _BYLINE.match(line) is not None
