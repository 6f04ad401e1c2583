"""Byline texts as single names: labels, dates, job titles and agencies beside a name taken off,
several writers split apart. Pure text rules; where a byline is found is ``bylines.py``'s job."""

from __future__ import annotations

import html
import re

from ..dates import WEEKDAYS
from .published_label import PUBLISHED_WORDS

# "By Jane Doe and John Roe", "Von Anna Müller und Jonas Weber", "Jane Doe, John Roe & Ann Lee",
# "Jane Doe; John Roe" (a list joined by ";"), "Ana Souza e João Lima"; an interview's "A im Gespräch
# mit B", "A in conversation with B" (both are its authors). Not "/": "det/dpa",
# "AFP/The Local" credit a desk as one.
_NAME_SEPARATORS = re.compile(
    r"\s*[,;]\s*(?:and\s+|und\s+)?|\s+(?:and|und|et|y|e|&|im\s+gespräch\s+mit|in\s+conversation\s+with)\s+", re.I
)
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "phd", "ph.d.", "md", "ii", "iii"})
# The word a byline opens with before the names, in the languages the rules read ("By Jane Doe").
BY_WORDS = "(?:by|von|par|por)"
# What a byline prints before the names: "By", "Written by", "Posted by", "Von", "Geschrieben von",
# "Publié par", "Escrito por"; "Text:", "Autor:", "Author:" (with their colon: "Text" alone is no
# label); an author box's heading "About Jane Doe", "Über Anna Müller", "Sobre Ana Souza".
# The verbs a byline prints before "by" ("Written by", "Posted by", "Geschrieben von", "Publié par").
BYLINE_VERBS = (
    "written",
    "reported",
    "story",
    "words",
    "text",
    "geschrieben",
    "verfasst",
    "erstellt",
    "eingestellt",
    "écrit",
    "rédigé",
    "escrito",
    "redactado",
    *PUBLISHED_WORDS,
)
_BY_PREFIX = re.compile(
    r"^(?:(?:(?:" + "|".join(BYLINE_VERBS) + r")\s+)?(?:by|von|vom|par|por)\s*:?\s+"
    r"|(?:text|texte|autor(?:in|en)?|authors?|auteur|autore|redacción)\s*:\s*"
    r"|(?:about|über|sobre|acerca\s+de|à\s+propos\s+de)\s+(?=(?-i:[A-ZÀ-Þ])))",
    re.I,
)
# A line that states the date first and the writer after: "Posted on May 3, 2021 by Jane Doe",
# "Veröffentlicht am 3. Mai 2021 von Anna Müller": what comes before "by" is no name.
_LATE_BY = re.compile(r"\b" + BY_WORDS + r"\s*:?\s+(?=\S)", re.I)
# A name (or two) before "by" has at most this many words.
_MAX_NAME_WORDS = 4
_DATED_LEAD = re.compile(r"\d|\b(?:" + "|".join((*PUBLISHED_WORDS, "updated", "aktualisiert")) + r")\b", re.I)
# What a byline prints after the name: "· 8h", "| 5 min read", "@handle", an arrow ("Jane Doe →").
_NAME_TRAILERS = re.compile(r"\s+(?:[•·|]\s.*|@\w+|[»→›]+)$")
# An author box's link to the writer's archive: "View all posts by Jane Doe", "More articles by …",
# "Zeige alle Beiträge von …", "Alle Posts vom Autor…", "Alles von …", "Voir tous les articles de …".
_ALL_POSTS_BY = re.compile(
    r"^(?:(?:view|see|show)\s+)?(?:all|more)\s+(?:(?:posts|articles|stories|entries)\s+)?(?:by|from)\s+"
    r"|^(?:zeige\s+)?(?:alle|mehr)\s+(?:(?:beiträge|artikel|posts)\s+)?(?:von|vom\s+autor)\s*"
    r"|^alles\s+von\s+|^voir\s+tous\s+les\s+articles\s+de\s+|^ver\s+todas\s+las\s+entradas\s+de\s+",
    re.I,
)
# A date glued to the name ("Jane Doe March 3, 2021", "Jane Doe - 3. März 2021", "Jane Doe on Jan 5",
# "By Jane Doe 5 min read"): the byline ends where a number opens a word. A number inside a word
# is an account's name ("freeman1984", "c1ph4").
_NUMBER = re.compile(r"(?<![\w.])\d")
# What is left before that number: the month's and weekday's names and the words leading to a date.
# English and German weekdays only: the French and Spanish ones are names too ("Plácido Domingo"),
# and a date there follows "le"/"el", which ends a byline's name anyway.
# fmt: off
_MONTHS = frozenset({
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july",
    "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
    "januar", "jänner", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",
    "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "setiembre", "octubre", "noviembre", "diciembre",
})
DATE_WORDS = _MONTHS | frozenset({
    *WEEKDAYS["en"], *WEEKDAYS["de"], "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "on", "am", "um", "at", "le", "el", "del", "de", "den", "vom", "the", *PUBLISHED_WORDS, "updated",
    "aktualisiert", "mis", "à", "jour", "actualizado", "last",
    "stand",  # "Stand: 05. Februar 2020", the day a German text was last checked
})
# fmt: on
_DATE_GLUE = " \t,;:|–—-·•/(["
_WORD_BREAKS = re.compile(r"[\s|·•]+")
# A day or an hour glued to the name's last letter as a theme's spans run together
# ("Lucas Nolan22 Dec 2016", "Gavin Roe Updated21:22").
_GLUED_DATE = re.compile(
    rf"(?<=[^\W\d_])\d{{1,2}}(?:[:.]\d\d|\.?\s+(?:{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\b)", re.I
)
# A date (a theme's date element taken for its byline) is nobody's name; nor is an account
# WordPress or a theme names when there is no author ("admin", "wordpressadmin", "No Author").
_NOT_A_NAME = re.compile(
    r"^\d|\b(?:19|20)\d\d\b|^(?:(?:wp|wordpress)?[-_ ]?admin(?:istrator)?\d*|no author|unknown|anonymous)$", re.I
)
# Nor is an address (an author "name" some SEO plugins fill with the writer's profile URL,
# "facebook.com/vegolosi"); a bare domain ("www.koffergepackt.com") is a site's name and stays.
_ADDRESS = re.compile(r"^\s*(?:https?://|[\w-]+(?:\.[\w-]+)+/)", re.I)
# Quotes and punctuation around a name ("'Luana Patriolino, Raphael Felice'" in a meta author).
_AROUND_NAME = " ,;:|'\"‘’“”«»„"
# A name's own final dot: an initial or a suffix ("Joe S.", "Perry Bacon Jr.").
_ABBREVIATED = re.compile(r"(?:\b[^\W\d_]|\b(?:Jr|Sr))\.$")
# The words joining several names ("Jane Doe and John Roe").
_CONNECTORS = frozenset({"and", "und", "et", "y", "e", "&"})
# An account's login printed for the name ("edilson.la.rosa", "christian.stadtfeld", "sarah-indra"):
# lowercase, no space, its parts joined by dots, hyphens or underscores.
LOGIN = re.compile(r"^[a-z\d]+(?:[._-][a-z\d]+)+$")
# Lowercase words a name may hold ("Ursula von der Leyen", "Vincent van Gogh").
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "du", "da", "di", "del", "la", "le", "bin", "al"})

# A job title printed beside the name ("Jane Doe, Senior Editor", "Jane Doe – Redakteurin",
# "Anna Müller, Chefredakteurin"): up to three words before a role noun (or a compound ending in
# one), or a role noun opening a short phrase ("Editor-in-Chief").
_ROLE_NOUNS = (
    r"[^\W\d_]*(?:editor|reporter|correspondent|writer|contributor|columnist|journalist|producer|photographer|"
    r"intern|critic|analyst|redakteur(?:in)?|korrespondent(?:in)?|journalistin|autorin|r[ée]dact(?:eur|rice)|"
    r"journaliste|correspondante?|redactora?|periodista|corresponsal|attorney|lawyer|anw[aä]lt(?:in)?)(?:s|nen)?"
)
# … printed before the name: "Rechtsanwalt Sebastian Einbock", "Reporter Jane Doe".
_ROLE_WORD = re.compile(_ROLE_NOUNS, re.I)
_ROLE = re.compile(
    rf"^(?:(?:[^\W\d_][\w.'’-]*\s+){{0,3}}{_ROLE_NOUNS}|{_ROLE_NOUNS}\b(?:[\s-]+[^\W\d_]+){{0,3}})$", re.I
)
# A publication named beside the writer ("Jane Doe, The Washington Post", "Jane Doe, special to
# the Times", "Anna Müller für die Zeit"): a person's name opens with none of these words.
_PUBLICATION = re.compile(r"^(?:the|special\s+to|for|für|pour|para)\s", re.I)
# A news agency credited beside the writer ("Jane Doe, Reuters"): the writer's employer, not a
# second author (alone, it is the author).
# fmt: off
AGENCIES = frozenset({
    "ap", "associated press", "the associated press", "reuters", "afp", "agence france-presse", "dpa", "apa",
    "efe", "ansa", "kna", "epd", "sda", "keystone-sda", "xinhua", "upi", "pa", "pa media", "anp", "belga", "tass",
    "jiji", "jiji press", "kyodo", "kyodo news", "bloomberg",
})
# fmt: on
# What separates a name from the role printed after it.
_ROLE_SEPARATORS = (" - ", " – ", " — ")
# A note in parentheses after a name: "Jane Doe (dpa)", "Jane Doe (Text)".
_PARENTHESIS = re.compile(r"\s*\([^()]*\)$")
# The other contributors a byline credits after the writer: "Text: A, Fotos: B", "Photos by B".
_CREDIT_WORDS = r"(?:fotos?|photos?|bilder?|images?|illustrations?|grafik|video|kamera|camera)\b\s*(?::|by|von)"
_OTHER_CREDIT = re.compile(rf"^{_CREDIT_WORDS}", re.I)
# … printed after the writer's name without a comma: "Text von A   Illustration von B".
_LATER_CREDIT = re.compile(rf"\s+{_CREDIT_WORDS}\s.*$", re.I)


def _credit(part: str) -> bool:
    """A job title, a publication or a news agency, printed beside a writer's name.

    >>> _credit("Senior Editor"), _credit("Editor-in-Chief"), _credit("Reuters"), _credit("Jane Writer-Doe")
    (True, True, True, False)
    >>> _credit("Chefredakteurin"), _credit("The Washington Post"), _credit("Theo Roe")
    (True, True, False)
    """
    return bool(_ROLE.match(part) or _PUBLICATION.match(part)) or part.casefold() in AGENCIES


def without_date(text: str) -> str:
    """``text`` up to a date (or reading time, comment count) printed after the name.

    >>> without_date("Jane Doe March 3, 2021"), without_date("Jane Doe - 3. März 2021")
    ('Jane Doe', 'Jane Doe')
    >>> without_date("Jane Doe on Monday, Jan. 5"), without_date("freeman1984"), without_date("Jane May")
    ('Jane Doe', 'freeman1984', 'Jane May')
    >>> without_date("By Jane Doe|March 3, 2021"), without_date("Lucas Nolan22 Dec 2016")
    ('By Jane Doe', 'Lucas Nolan')
    """
    starts = [m.start() for m in (_NUMBER.search(text), _GLUED_DATE.search(text)) if m]
    if not starts or not min(starts):
        return text
    words = _WORD_BREAKS.split(text[: min(starts)].strip())
    while words and (
        words[-1].strip(_DATE_GLUE).rstrip(".").casefold() in DATE_WORDS or not words[-1].strip(_DATE_GLUE)
    ):
        words.pop()
    return " ".join(words).strip(_DATE_GLUE)


def _without_lead(text: str) -> str:
    """The names of a line that states its date first ("Posted on May 3, 2021 by Jane Doe"), or of
    an element that holds more than a name before them (buttons: "Share Sign Out By Jane Doe").

    >>> _without_lead("Posted on May 3 by Jane Doe"), _without_lead("Jane Doe, edited by Jo Roe")
    ('Jane Doe', 'Jane Doe, edited by Jo Roe')
    """
    match = _LATE_BY.search(text)
    if match and match.start():
        lead = text[: match.start()]
        if _DATED_LEAD.search(lead) or len(lead.split()) > _MAX_NAME_WORDS:
            return text[match.end() :]
    return text


def unique_names_plain(names: list[str | None]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def unique_names(names: list[str]) -> list[str]:
    """Byline texts as single names: the "By" prefix off, split on "and"/commas, each once.

    >>> unique_names(["By Jane Doe and John Roe", "Jane Doe", "Martin Luther King, Jr.", "Perry Bacon Jr."])
    ['Jane Doe', 'John Roe', 'Martin Luther King', 'Perry Bacon Jr.']
    >>> unique_names(["By Jane Doe, Senior Editor", "John Roe – Redakteur", "Ann Lee, Reuters", "Bo Chen (dpa)"])
    ['Jane Doe', 'John Roe', 'Ann Lee', 'Bo Chen']
    >>> unique_names(["View all posts by Jane Doe", "Zeige alle Beiträge von Creeny »", "Alle Posts vom AutorTine →"])
    ['Jane Doe', 'Creeny', 'Tine']
    >>> unique_names(["Reuters"]), unique_names(["Redaktion"])
    (['Reuters'], ['Redaktion'])
    >>> unique_names(["Posted on May 3, 2021 by Jane Doe", "Text: Ann Lee, Fotos: Bo Chen", "Jo Park; Al Kim"])
    ['Jane Doe', 'Ann Lee', 'Jo Park', 'Al Kim']
    >>> unique_names(["Ann Lee im Gespräch mit Bo Chen"]), unique_names(["Rechtsanwalt Sebastian Roe", "Reporter Jo"])
    (['Ann Lee', 'Bo Chen'], ['Sebastian Roe', 'Reporter Jo'])
    """
    out: list[str] = []
    for text in names:
        if _ADDRESS.match(text):
            continue
        if "&" in text:  # "Lindsey O&#039;Donnell": entities some SEO plugins print in JSON-LD and meta
            text = html.unescape(text)
        text = _ALL_POSTS_BY.sub("", _NAME_TRAILERS.sub("", text))  # "Jane Doe • 8h", "Jane Doe @janedoe"
        text = _LATER_CREDIT.sub("", without_date(_without_lead(text)))
        for sep in _ROLE_SEPARATORS:  # "Jane Doe – Redakteurin"
            head, found, tail = text.rpartition(sep)
            if found and head.strip() and _credit(tail.strip()):
                text = head
        parts = [
            _PARENTHESIS.sub("", part.strip(_AROUND_NAME)) for part in _NAME_SEPARATORS.split(_BY_PREFIX.sub("", text))
        ]
        # "Text: A, Fotos: B": the photographer (and whoever the byline names after) is not the writer
        for i, part in enumerate(parts):
            if i and _OTHER_CREDIT.match(part):
                parts = parts[:i]
                break
        parts = [_BY_PREFIX.sub("", part) for part in parts]
        # a job title or an agency beside a name is the name's, not a second author
        if any(p and not _credit(p) for p in parts):
            parts = [p for p in parts if not _credit(p)]
        for name in parts:
            words = name.split()
            if len(words) > 2 and _ROLE_WORD.fullmatch(words[0]):
                name = " ".join(words[1:])
            if not _ABBREVIATED.search(name):
                name = name.rstrip(" .")
            if name and name.lower() not in _NAME_SUFFIXES and name not in out and not _NOT_A_NAME.search(name):
                out.append(name)
    return out


def prose(name: str) -> bool:
    """Words of a sentence, not a name: two or more words, one of them lowercase (particles aside).

    >>> prose("Frankreich hat so viel"), prose("Ursula von der Leyen"), prose("damianduchamps")
    (True, False, False)
    >>> prose("Lars Fischer und Alina Schadwinkel")
    False
    """
    words = name.split()
    return len(words) > 1 and any(w[0].islower() and w not in NAME_PARTICLES | _CONNECTORS for w in words)


# The words a phrase opens with and a person's name does not: numerals, articles, demonstratives,
# possessives, quantifiers, question words and prepositions in the languages the rules read ("Drei
# Fragen", "The Big Picture", "Unsere Tipps", "Im Fokus"). Not those that open names too: "La", "Le",
# "De", "El", "Van" ("Le Pen", "El Sayed"), "Les", "Des", "Una" (given names), "An", "Ma" (surnames).
# fmt: off
_PHRASE_OPENERS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eins", "zwei", "drei",
    "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "deux", "trois", "quatre", "cinq", "tres",
    "cuatro", "cinco",
    "the", "a", "der", "die", "das", "ein", "eine", "einer", "un", "une", "los", "las", "this", "these",
    "that", "our", "my", "your", "dies", "diese", "dieser", "unser", "unsere", "mein", "meine", "ihr", "ihre",
    "notre", "nos", "mon", "mes", "nuestro", "nuestra",
    "all", "more", "many", "some", "every", "alle", "mehr", "viele", "neue", "neuer", "neues", "new",
    "what", "why", "how", "who", "when", "where", "was", "wie", "warum", "wer", "wo", "wann", "pourquoi",
    "comment", "qué", "cómo", "für", "for", "with", "mit", "über", "about", "im", "in", "zum",
})
# fmt: on


def phrase(name: str, lowercase_words: set[str]) -> bool:
    """Capitalised words that are a phrase, not a person's name: opening with a numeral, an article
    or a question word, or each of them a word the page prints in lowercase too ("Quick Facts" beside
    "the quick rise … the facts"), which a person's names are not.

    >>> phrase("Drei Fragen", set()), phrase("Quick Facts", {"quick", "facts"}), phrase("Amy Little", {"little"})
    (True, True, False)
    """
    words = [w.casefold() for w in name.split()]
    return bool(words) and (words[0] in _PHRASE_OPENERS or all(w in lowercase_words for w in words))


def looks_like_name(name: str) -> bool:
    """One to four capitalised words, particles aside (not particles alone: a label's "von").

    >>> looks_like_name("Ursula von der Leyen"), looks_like_name("the way"), looks_like_name("von")
    (True, False, False)
    """
    words = name.split()
    return (
        0 < len(words) <= 4
        and all(w[0].isupper() or w in NAME_PARTICLES for w in words)
        and any(w not in NAME_PARTICLES for w in words)
    )
