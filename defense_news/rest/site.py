"""What a site's REST API says of the site itself: its index (time zone, address) and categories."""

from __future__ import annotations

import json
from dataclasses import dataclass

from scrapy.http import Response

from ..detection import Categories, categories_from_urls


@dataclass(frozen=True)
class SiteIndex:
    """The facts of a REST index answer."""

    timezone_name: str | None
    gmt_offset: float | None
    home: str | None
    # timezone_string and gmt_offset as the index gave them, for the log when neither is usable.
    raw_zone: str = ""


def read_site_index(response: Response) -> SiteIndex | None:
    """The REST index of a site (``/wp-json/``), or None when the answer is not one."""
    if response.status != 200:
        return None
    try:
        data = json.loads(response.body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not ({"timezone_string", "gmt_offset", "home", "url"} & set(data)):
        return None
    name = data.get("timezone_string")
    offset = data.get("gmt_offset")
    if isinstance(offset, str):
        try:
            offset = float(offset)
        except ValueError:
            offset = None
    home = data.get("home") or data.get("url")
    raw = ", ".join(f"{key} {str(data[key])[:40]!r}" for key in ("timezone_string", "gmt_offset") if key in data)
    return SiteIndex(
        raw_zone=raw,
        timezone_name=name if isinstance(name, str) and name.strip() else None,
        gmt_offset=float(offset) if isinstance(offset, int | float) and not isinstance(offset, bool) else None,
        home=home if isinstance(home, str) else None,
    )


def rest_categories(response: Response, site_url: str) -> Categories | None:
    """Categories from ``wp/v2/categories`` (their ``link``), or None when the answer is not a list of them."""
    try:
        data = json.loads(response.body)
    except ValueError:
        return None
    if response.status != 200 or not isinstance(data, list):
        return None
    links = [c["link"] for c in data if isinstance(c, dict) and isinstance(c.get("link"), str) and c.get("count", 1)]
    return categories_from_urls(links, site_url) if links else None
