"""The site's name that a page's ``<title>`` or ``og:title`` prints beside the headline, cut off.

Themes and SEO plugins print "Headline - Site", "Headline : Site | Tagline", also "Site » Headline";
sites written without spaces between words print the separator right against the name
("…英雄的城！-新华网"); many name the site as its domain ("Headline | Factorio", "… - IT-Learner.de"),
or spell it their own way ("… - GaijinPot" of og:site_name "Gaijinpot", "… | top agrar online" of
"top agrar", "… | The Times of Israel" on timesofisrael.com).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from itertools import pairwise
from urllib.parse import urlsplit

# What separates a title from the site's name in <title> and og:title.
TITLE_SEPARATORS = (" - ", " – ", " — ", " | ", " :: ", " : ", " » ", " › ", " · ")
# The same spaced on one side only ("Headline |Site", "Headline| Site"): a template's typo. Not ":",
# which a title prints after a word ("Interview: Site" may be the headline).
ONE_SIDED_SEPARATORS = tuple(f"{a}{c}{b}" for c in "|-–—»›·" for a, b in ((" ", ""), ("", " ")))
# The same printed without spaces, in scripts that put none between words (Chinese, Japanese, Korean).
BARE_SEPARATORS = ("-", "–", "—", "|", "_", "｜")
# The label WordPress's default theme of 2005-2010 (Kubrick) prints between the site's name and a
# post's title, in English and German.
ARCHIVE_LABELS = ("Blog Archive", "Blog Archiv")
# Code points of the scripts written without spaces: CJK punctuation, kana, ideographs, hangul,
# full-width forms ("！").
_UNSPACED = ((0x2E80, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
# How a domain spells German letters it cannot hold ("jürgen heitmann" on juergenheitmann.com).
_ASCII_SPELLING = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def unspaced(char: str) -> bool:
    """``char`` belongs to a script written without spaces between words.

    >>> unspaced("城"), unspaced("！"), unspaced("a"), unspaced("ß")
    (True, True, False, False)
    """
    return any(low <= ord(char) <= high for low, high in _UNSPACED)


def name_key(text: str) -> str:
    """Letters and digits only, case-folded, accents off: "IT-Learner.de" and "it-learner.de" are one
    name, "Aktuálně.cz" and aktualne.cz too."""
    return "".join(words(text))


def words(text: str) -> list[str]:
    """The words of ``text`` as names compare them: case-folded, accents off, no punctuation.

    >>> words("EL PAÍS – Uruguay"), words("GaijinPot")
    (['el', 'pais', 'uruguay'], ['gaijinpot'])
    """
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))
    return "".join(ch if ch.isalnum() else " " for ch in plain).split()


def host_names(url: str) -> set[str]:
    """The keys of the names a site's domain gives it: with and without "www." and the top-level
    domain, and each label of at least four characters before it ("gaijinpot" of blog.gaijinpot.com,
    "japantimes" of www.japantimes.co.jp).

    >>> sorted(host_names("https://www.factorio.com/blog/post"))
    ['factorio', 'factoriocom', 'wwwfactoriocom']
    >>> sorted(host_names("https://blog.gaijinpot.com/a/"))
    ['blog', 'bloggaijinpot', 'bloggaijinpotcom', 'gaijinpot']
    """
    host = urlsplit(url).hostname or ""
    bare = host.removeprefix("www.")
    names = {host, bare}
    if "." in bare:
        names.add(bare.rsplit(".", 1)[0])
        names.update(label for label in bare.split(".")[:-1] if len(label) >= 4)
    return {key for name in names if (key := name_key(name))}


def names_site(part: str, sites: Iterable[str], hosts: set[str]) -> bool:
    """``part`` (what a title prints beside the headline) names the site, spelled its own way: the
    site's name in another case or punctuation ("Gaijinpot", "LimeSpace - IT"), with a word or two
    after it ("Management Circle Blog", "top agrar online"), the first words of a long one
    ("Natürlich Jagd" of "NATÜRLICH JAGD - DAS INFOPORTAL …"), or the site's domain name among its
    words ("The Times of Israel" on timesofisrael.com, "Spektrum der Wissenschaft" on spektrum.de).

    >>> hosts = host_names("https://www.timesofisrael.com/x/")
    >>> names_site("The Times of Israel", [], hosts), names_site("Management Circle Blog", ["Management Circle"], set())
    (True, True)
    >>> names_site("Homecoming queen crowned", ["Home"], set()), names_site("Israel", [], hosts)
    (False, False)
    """
    mine = words(part)
    if not mine or len(mine) > 6:
        return False
    spelled = words(part.translate(_ASCII_SPELLING))
    if "".join(mine) in hosts or "".join(spelled) in hosts:
        return True
    for site in sites:
        theirs = words(site)
        if not theirs:
            continue
        if mine == theirs or (len(theirs) >= 2 and mine[: len(theirs)] == theirs and len(mine) - len(theirs) <= 2):
            return True
        if len(mine) >= 2 and theirs[: len(mine)] == mine:
            return True
    # the domain's name as a run of the part's words ("thetimesofisrael" holds "timesofisrael")
    runs = {"".join(ws[i:j]) for ws in (mine, spelled) for i in range(len(ws)) for j in range(i + 1, len(ws) + 1)}
    return any(host in runs for host in hosts if len(host) >= 6)


def strip(title: str, sites: Iterable[str], url: str) -> str:
    """``title`` without the site's name (:func:`cut_site`) and without the label WordPress's
    default theme of 2005-2010 (Kubrick, still in use) printed after it: "Site » Blog Archive »
    Headline", "Blog Archiv" in German.

    >>> strip("Four Years » Blog Archive » Interning of small integers", [], "https://fouryears.eu/")
    'Interning of small integers'
    >>> strip("Blog Archiv » Podcasts in Plex einbinden", [], "https://disfunctions.de/")
    'Podcasts in Plex einbinden'
    """
    title = cut_site(title, sites, url)
    for label in ARCHIVE_LABELS:
        for sep in TITLE_SEPARATORS:
            at = title.find(label + sep)
            if at == 0 or (at > 0 and title[:at].endswith(TITLE_SEPARATORS)):
                return title[at + len(label + sep) :].strip() or title
    return title


def cut_sections(title: str, links: set[str]) -> str:
    """``title`` (the site's name cut already) without the sections it names after the headline,
    "Headline - Eintracht Presse - News" (XOOPS, Joomla, Drupal print the site, the headline, the
    category and the module): each part after the last separator that the page prints as a link's
    whole text (its menu, the category link over the headline; ``links`` holds their
    :func:`name_key`), as long as what stays is longer, and of three words at least.

    >>> cut_sections("Council approves the plan - Local Politics - News", {"localpolitics", "news"})
    'Council approves the plan'
    >>> cut_sections("Review - Sony A7 IV", {"sonya7iv"})
    'Review - Sony A7 IV'
    """
    while cuts := [(at, sep) for sep in TITLE_SEPARATORS if (at := title.rfind(sep)) > 0]:
        at, sep = max(cuts)
        head, part = title[:at].strip(), title[at + len(sep) :].strip()
        if name_key(part) not in links or len(head.split()) < 3 or len(head) <= len(part):
            break
        title = head
    return title


def cut_site(title: str, sites: Iterable[str], url: str) -> str:
    """``title`` without the site's name ``sites`` (as the page states it) or its domain give it.

    >>> cut_site("Headline - Example News", ["Example News"], "https://example.org/")
    'Headline'
    >>> cut_site("Example News » The headline of the day", ["Example News"], "https://example.org/")
    'The headline of the day'
    >>> cut_site("The headline of the day | Example", ["The headline of the day"], "https://daily.test/")
    'The headline of the day | Example'
    >>> cut_site("武汉的声音：英雄的城！-新华网", ["新华网"], "http://www.xinhuanet.com/")
    '武汉的声音：英雄的城！'
    >>> cut_site("Why I am Pro-Breitbart", ["Breitbart"], "https://example.org/")
    'Why I am Pro-Breitbart'
    >>> cut_site("Friday Facts #282 - 0.17 in sight | Factorio", [], "https://factorio.com/")
    'Friday Facts #282 - 0.17 in sight'
    >>> cut_site("Police say all is calm in La Sierra |Minuto30", ["Minuto30"], "https://example.org/")
    'Police say all is calm in La Sierra'
    """
    sites = list(sites)
    for site in sites:
        for sep in TITLE_SEPARATORS:
            suffix = sep + site
            if title.endswith(suffix):
                return title[: -len(suffix)]
            # the site's name and its tagline after it ("Headline : Site | Tagline | …")
            cut = title.find(suffix + " ")
            if cut > 0 and title[cut + len(suffix) :].startswith(TITLE_SEPARATORS):
                return title[:cut]
    for site in sites:
        for sep in ONE_SIDED_SEPARATORS:
            if title.endswith(sep + site) and (head := title[: -len(sep + site)]) and not head[-1].isspace():
                return head
    for site in sites:
        # before the headline, the site's name is the shorter part: a page naming itself the site
        # (og:site_name "Headline", title "Headline | Site") keeps its headline
        for sep in TITLE_SEPARATORS:
            if title.startswith(site + sep) and len(rest := title[len(site + sep) :].strip()) > len(site):
                return rest
        for sep in BARE_SEPARATORS:
            cut = len(title) - len(sep + site)
            if cut > 0 and title.endswith(sep + site) and (unspaced(title[cut - 1]) or unspaced(site[0])):
                return title[:cut]
    # the site's name spelled its own way, after the last separator or before the first
    names = host_names(url)
    cuts = [(at, sep) for sep in TITLE_SEPARATORS if (at := title.rfind(sep)) > 0]
    if cuts:
        at, sep = max(cuts)
        if names_site(title[at + len(sep) :], sites, names):
            return title[:at]
    # before the headline also with a colon ("Silicon Exposed: Headline" on siliconexposed.blogspot.com)
    cuts = [(at, sep) for sep in (*TITLE_SEPARATORS, ": ") if (at := title.find(sep)) > 0]
    if cuts:
        at, sep = min(cuts)
        rest = title[at + len(sep) :].strip()
        if len(rest) > at and names_site(title[:at], sites, names):
            return rest
    # the domain's name and a tagline after the headline ("Headline » example.eu | inside the machine")
    seps = sorted((at, sep) for sep in TITLE_SEPARATORS for at in _positions(title, sep))
    for (at, sep), (end, _) in pairwise(seps):
        head = title[:at].strip()
        if len(head.split()) >= 2 and names_site(title[at + len(sep) : end], sites, names):
            return head
    return title


def _positions(text: str, sep: str) -> list[int]:
    """Where ``sep`` is printed in ``text``, after its first character."""
    found, at = [], text.find(sep, 1)
    while at > 0:
        found.append(at)
        at = text.find(sep, at + 1)
    return found
