"""Who is crawling: the User-Agent names the project and the operator's contact.

A site's operators read the User-Agent to find out who crawls them and how to
reach that person. The contact is the crawl operator's own, so the project cannot
ship one: ``DEFENSE_NEWS_CONTACT`` (an e-mail address or a URL) is required before
crawling a real site. Loopback addresses (the offline demo, the tests' replicas)
need none: nobody else's server is involved.

:class:`ContactAddon` builds ``USER_AGENT`` from the setting at add-on priority,
so a ``USER_AGENT`` of the user's own (settings.py, ``-s``) still wins; such a
User-Agent is taken to carry its own contact.
"""

from __future__ import annotations

import ipaddress
import os
import re
from urllib.parse import urlsplit

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from . import __version__

SETTING = "DEFENSE_NEWS_CONTACT"
PRODUCT = f"defense_news/{__version__}"
_EMAIL = re.compile(r"^(?:mailto:)?[^@\s<>()\";,]+@[^@\s<>()\";,]+\.[^@\s<>()\";,]+$", re.I)
_URL = re.compile(r"^https?://[^\s<>()\";]+$", re.I)


class ContactError(ValueError):
    """The contact setting is missing where it is required, or is not an address."""


def user_agent(contact: str) -> str:
    """The User-Agent for a contact (``+`` marks a URL, as Googlebot and Scrapy do).

    >>> user_agent("https://example.org/crawler")
    'defense_news/0.1.0 (news research crawler; +https://example.org/crawler)'
    >>> user_agent("ops@example.org")
    'defense_news/0.1.0 (news research crawler; mailto:ops@example.org)'
    >>> user_agent("")
    'defense_news/0.1.0 (news research crawler; no contact set)'
    """
    contact = contact.strip()
    if not contact:
        return f"{PRODUCT} (news research crawler; no contact set)"
    if _URL.match(contact):
        return f"{PRODUCT} (news research crawler; +{contact})"
    address = contact if contact.lower().startswith("mailto:") else f"mailto:{contact}"
    return f"{PRODUCT} (news research crawler; {address})"


def check_contact(value: object) -> str:
    """The contact as given, if it is an e-mail address or an http(s) URL (or empty).

    >>> check_contact(" ops@example.org ")
    'ops@example.org'
    >>> check_contact("call me")
    Traceback (most recent call last):
    ...
    defense_news.contact.ContactError: Invalid setting DEFENSE_NEWS_CONTACT='call me': expected an e-mail address or an http(s) URL where the sites you crawl can reach you, e.g. -s DEFENSE_NEWS_CONTACT=you@example.org.
    """
    text = "" if value is None else str(value).strip()
    if text and not (_EMAIL.match(text) or _URL.match(text)):
        raise ContactError(f"Invalid setting {SETTING}={value!r}: expected {_what()}.")
    return text


# How the user sets the contact, as the message suggests it: `make crawl` exports the way its users
# set it (CONTACT=), since `-s` is not theirs to type.
EXAMPLE_ENV = "DEFENSE_NEWS_CONTACT_EXAMPLE"
_EXAMPLE = f"-s {SETTING}=you@example.org"


def _what() -> str:
    example = os.environ.get(EXAMPLE_ENV) or _EXAMPLE
    return f"an e-mail address or an http(s) URL where the sites you crawl can reach you, e.g. {example}"


def is_loopback(url: str) -> bool:
    """True for addresses on this machine (127.0.0.0/8, ::1, localhost).

    >>> is_loopback("http://127.0.0.1:8045/"), is_loopback("http://localhost/"), is_loopback("https://www.19fortyfive.com/")
    (True, True, False)
    """
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def contact_problem(settings: BaseSettings, site_url: str) -> str | None:
    """Why a crawl of ``site_url`` must not start for want of a contact, or ``None``."""
    try:
        contact = check_contact(settings.get(SETTING))
    except ContactError as exc:
        return str(exc)
    if contact or is_loopback(site_url) or own_user_agent(settings):
        return None
    return (
        f"{SETTING} is not set: the User-Agent must tell {urlsplit(site_url).hostname}'s operators who crawls "
        f"them. Set it to {_what()} (or in settings.py)."
    )


def own_user_agent(settings: BaseSettings) -> bool:
    """The user set ``USER_AGENT`` (settings.py or ``-s``) above what this add-on gives it."""
    priority = settings.getpriority("USER_AGENT")
    return priority is not None and priority > SETTINGS_PRIORITY


# Above Scrapy's default, below settings.py and -s.
SETTINGS_PRIORITY = SETTINGS_PRIORITIES["addon"]


class ContactAddon:
    """Builds ``USER_AGENT`` from ``DEFENSE_NEWS_CONTACT`` (a bad contact is left to the checks)."""

    def update_settings(self, settings: BaseSettings) -> None:
        if own_user_agent(settings):
            return
        try:
            contact = check_contact(settings.get(SETTING))
        except ContactError:
            contact = ""
        settings.set("USER_AGENT", user_agent(contact), priority=SETTINGS_PRIORITY)
