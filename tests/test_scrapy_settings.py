"""Scrapy's own settings named in the docs (defense_news/scrapy_settings.py): checked like the project's."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from defense_news.config import SettingError
from defense_news.scrapy_settings import CHECKS, check_scrapy_settings
from tests.helpers import project_settings_dict


def check(**overrides: object) -> None:
    settings = Settings(project_settings_dict())
    settings.setdict(overrides, priority="cmdline")
    check_scrapy_settings(settings)


def test_project_and_scrapy_defaults_pass() -> None:
    check()
    check_scrapy_settings(Settings())


@pytest.mark.parametrize(
    "overrides",
    [
        # As -s gives them: strings.
        {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "8"},
        {"DOWNLOAD_DELAY": "0.25", "RETRY_TIMES": "0", "DOWNLOAD_TIMEOUT": "5", "ROBOTSTXT_OBEY": "0"},
        {"LOG_LEVEL": "WARNING", "CLOSESPIDER_PAGECOUNT": "10", "CLOSESPIDER_TIMEOUT": "60"},
        # As settings.py gives them.
        {"DOWNLOAD_MAXSIZE": 10 * 1024 * 1024, "LOG_LEVEL": 20, "AUTOTHROTTLE_TARGET_CONCURRENCY": 0.5},
    ],
)
def test_usable_values_pass(overrides: dict[str, object]) -> None:
    check(**overrides)


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        ("DOWNLOAD_DELAY", "abc", "a number of seconds, 0 or more"),
        ("DOWNLOAD_DELAY", "-1", "a number of seconds, 0 or more"),
        ("DOWNLOAD_DELAY", "nan", "a number of seconds, 0 or more"),
        ("CONCURRENT_REQUESTS_PER_DOMAIN", "abc", "a whole number, 1 or more"),
        ("CONCURRENT_REQUESTS_PER_DOMAIN", "0", "a whole number, 1 or more"),
        ("CONCURRENT_REQUESTS", "2.5", "a whole number, 1 or more"),
        ("AUTOTHROTTLE_ENABLED", "yes", "True or False (or 1 or 0)"),
        ("AUTOTHROTTLE_START_DELAY", "soon", "a number of seconds, 0 or more"),
        ("AUTOTHROTTLE_MAX_DELAY", "", "a number of seconds, 0 or more"),
        ("AUTOTHROTTLE_TARGET_CONCURRENCY", "0", "a number of requests, above 0"),
        ("DOWNLOAD_TIMEOUT", "0", "a number of seconds, above 0"),
        ("RETRY_TIMES", "three", "a whole number, 0 or more"),
        ("DOWNLOAD_MAXSIZE", "10MB", "a whole number, 0 or more"),
        ("DOWNLOAD_WARNSIZE", "-5", "a whole number, 0 or more"),
        ("ROBOTSTXT_OBEY", "no", "True or False (or 1 or 0)"),
        ("METAREFRESH_ENABLED", "off", "True or False (or 1 or 0)"),
        ("TELNETCONSOLE_ENABLED", "on", "True or False (or 1 or 0)"),
        ("REMOTE_CONTROL_ENABLED", "x", "True or False (or 1 or 0)"),
        ("CLOSESPIDER_TIMEOUT", "1h", "a number of seconds, 0 or more"),
        ("CLOSESPIDER_ITEMCOUNT", "many", "a whole number, 0 or more"),
        ("CLOSESPIDER_PAGECOUNT", "-1", "a whole number, 0 or more"),
        ("CLOSESPIDER_ERRORCOUNT", "1.5", "a whole number, 0 or more"),
        ("LOG_LEVEL", "info", "one of CRITICAL, ERROR, WARNING, INFO, DEBUG"),
        ("LOG_LEVEL", "20", "one of CRITICAL, ERROR, WARNING, INFO, DEBUG"),
    ],
)
def test_bad_values_name_the_setting(name: str, value: str, accepted: str) -> None:
    with pytest.raises(SettingError) as raised:
        check(**{name: value})
    assert str(raised.value) == f"Invalid setting {name}={value!r}: expected {accepted}."


def test_every_checked_setting_is_scrapys() -> None:
    """A misspelt name here would check nothing."""
    defaults = Settings()
    assert [name for name in CHECKS if defaults.get(name) is None] == []


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        ("DEPTH_LIMIT", "x", "a number"),
        ("MEMUSAGE_LIMIT_MB", "2GB", "a number"),
        ("REDIRECT_ENABLED", "maybe", "True or False (or 1 or 0)"),
    ],
)
def test_any_scrapy_setting_given_on_the_command_line_has_its_defaults_type(
    name: str, value: str, accepted: str
) -> None:
    """Not only the ones the docs name: a value of the wrong kind is one line, not a traceback."""
    with pytest.raises(SettingError) as raised:
        check(**{name: value})
    assert str(raised.value) == f"Invalid setting {name}={value!r}: expected {accepted}."


def test_other_settings_of_the_right_kind_or_without_a_typed_default_pass() -> None:
    check(DEPTH_LIMIT="3", DNS_TIMEOUT="2.5", REDIRECT_ENABLED="0", USER_AGENT="x", JOBDIR="jobs", MY_OWN="1")
