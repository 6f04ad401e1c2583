"""How a block of the page reads as prose rather than a label, a headline or a meta line."""

from __future__ import annotations

import re

# How a block of prose ends, as a sentence does (a lead's paragraph, the fallback extractor's prose
# blocks): a stop, an exclamation or a question, an ellipsis, a colon or a semicolon before a quote or
# a list, or a closing quote. A meta line ("By Staff | December 22, 2014 | Comments (25)"), a headline
# or a link's label ends otherwise. body._STATEMENT_END is narrower: it tells a label from a statement
# ("Jetzt abonnieren!" is no statement), not a line from prose.
SENTENCE_END = re.compile(r"[.!?…:;\"'»«“”‘’]$")
