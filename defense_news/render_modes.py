"""The render modes (``DEFENSE_NEWS_RENDER``, ``-a render=``): names only, no browser, no pages.

Kept apart from :mod:`defense_news.rendering` so that reading settings and arguments
imports nothing of extraction or Playwright.
"""

from __future__ import annotations

MODES = ("never", "auto", "always")
# Spellings accepted for the modes: `-a render=js` asks for JavaScript where a page needs it.
_ALIASES = {
    "": "never",
    "off": "never",
    "no": "never",
    "false": "never",
    "0": "never",
    "js": "auto",
    "on": "auto",
    "yes": "auto",
    "true": "auto",
    "1": "auto",
}


class RenderModeError(ValueError):
    def __init__(self, value: object) -> None:
        super().__init__(
            f"Invalid render mode {value!r}: expected one of {', '.join(MODES)} "
            "(e.g. -a render=auto or -s DEFENSE_NEWS_RENDER=auto)."
        )


def parse_render_mode(value: object) -> str:
    """The render mode for a setting or ``-a render=`` value.

    >>> parse_render_mode("Always"), parse_render_mode("js"), parse_render_mode(None)
    ('always', 'auto', 'never')
    """
    if value is None or value is False:
        return "never"
    if value is True:
        return "auto"
    text = str(value).strip().lower()
    mode = _ALIASES.get(text, text)
    if mode not in MODES:
        raise RenderModeError(value)
    return mode
