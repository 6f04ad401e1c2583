"""The site's name that a page's ``<title>`` or ``og:title`` prints beside the headline, cut off.

Themes and SEO plugins print "Headline - Site", "Headline : Site | Tagline", also "Site » Headline";
sites written without spaces between words print the separator right against the name
("…英雄的城！-新华网"); many name the site as its domain ("Headline | Factorio", "… - IT-Learner.de").
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

# What separates a title from the site's name in <title> and og:title.
TITLE_SEPARATORS = (" - ", " – ", " — ", " | ", " :: ", " : ", " » ", " · ")
# The same printed without spaces, in scripts that put none between words (Chinese, Japanese, Korean).
BARE_SEPARATORS = ("-", "–", "—", "|", "_", "｜")
# Code points of the scripts written without spaces: CJK punctuation, kana, ideographs, hangul,
# full-width forms ("！").
_UNSPACED = ((0x2E80, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


def unspaced(char: str) -> bool:
    """``char`` belongs to a script written without spaces between words.

    >>> unspaced("城"), unspaced("！"), unspaced("a"), unspaced("ß")
    (True, True, False, False)
    """
    return any(low <= ord(char) <= high for low, high in _UNSPACED)


def name_key(text: str) -> str:
    """Letters and digits only, case-folded: "IT-Learner.de" and "it-learner.de" are one name."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def host_names(url: str) -> set[str]:
    """The keys of the names a site's domain gives it: with and without "www." and the top-level domain.

    >>> sorted(host_names("https://www.factorio.com/blog/post"))
    ['factorio', 'factoriocom', 'wwwfactoriocom']
    """
    host = urlsplit(url).hostname or ""
    bare = host.removeprefix("www.")
    names = {host, bare}
    if "." in bare:
        names.add(bare.rsplit(".", 1)[0])
    return {key for name in names if (key := name_key(name))}


def strip(title: str, sites: Iterable[str], url: str) -> str:
    """``title`` without the site's name ``sites`` (as the page states it) or its domain give it.

    >>> strip("Headline - Example News", ["Example News"], "https://example.org/")
    'Headline'
    >>> strip("Example News » The headline of the day", ["Example News"], "https://example.org/")
    'The headline of the day'
    >>> strip("The headline of the day | Example", ["The headline of the day"], "https://daily.test/")
    'The headline of the day | Example'
    >>> strip("武汉的声音：英雄的城！-新华网", ["新华网"], "http://www.xinhuanet.com/")
    '武汉的声音：英雄的城！'
    >>> strip("Why I am Pro-Breitbart", ["Breitbart"], "https://example.org/")
    'Why I am Pro-Breitbart'
    >>> strip("Friday Facts #282 - 0.17 in sight | Factorio", [], "https://factorio.com/")
    'Friday Facts #282 - 0.17 in sight'
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
        # before the headline, the site's name is the shorter part: a page naming itself the site
        # (og:site_name "Headline", title "Headline | Site") keeps its headline
        for sep in TITLE_SEPARATORS:
            if title.startswith(site + sep) and len(rest := title[len(site + sep) :].strip()) > len(site):
                return rest
        for sep in BARE_SEPARATORS:
            cut = len(title) - len(sep + site)
            if cut > 0 and title.endswith(sep + site) and (unspaced(title[cut - 1]) or unspaced(site[0])):
                return title[:cut]
    names = host_names(url)
    for sep in TITLE_SEPARATORS:
        head, _, last = title.rpartition(sep)
        if head and name_key(last) in names:
            return head
    return title
