"""Facts about the target site that extraction needs by default."""

from __future__ import annotations

from zoneinfo import ZoneInfo

SITE_URL = "https://www.19fortyfive.com/"
# WordPress prints comment times (and ZoxPress its dates) in the site's zone.
DEFAULT_TIMEZONE_NAME = "America/New_York"
DEFAULT_TIMEZONE = ZoneInfo(DEFAULT_TIMEZONE_NAME)
