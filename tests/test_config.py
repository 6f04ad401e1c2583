"""The typed settings (defense_news/config.py): every DEFENSE_NEWS_* value checked once."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from defense_news.config import Config, SettingError, known_settings, storage_problem, unknown_setting_problem
from tests.helpers import project_settings_dict


def config(**overrides):
    return Config.from_settings(Settings(project_settings_dict(**overrides)))


def test_project_defaults():
    values = config(DEFENSE_NEWS_SQLITE_PATH="data/x.db")
    assert values.sqlite_batch_size == 500
    assert values.refresh_days == 14
    assert values.rest is True
    assert values.timezone is None  # per site: profile or detected
    assert values.render == "never"


def test_values_from_the_command_line_are_converted():
    # -s values arrive as strings
    values = config(
        DEFENSE_NEWS_SQLITE_BATCH_SIZE="50",
        DEFENSE_NEWS_REST="false",
        DEFENSE_NEWS_TIMEZONE="Europe/Berlin",
        DEFENSE_NEWS_RENDER="js",
        DEFENSE_NEWS_DEFAULT_CATEGORIES="navy, /category/Army/",
    )
    assert (values.sqlite_batch_size, values.rest, values.timezone, values.render) == (
        50,
        False,
        "Europe/Berlin",
        "auto",
    )
    assert values.default_categories == ("navy", "army")


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        ("DEFENSE_NEWS_SQLITE_BATCH_SIZE", "abc", "a whole number, 1 or more"),
        ("DEFENSE_NEWS_SQLITE_BATCH_SIZE", "0", "a whole number, 1 or more"),
        ("DEFENSE_NEWS_SQLITE_BATCH_SIZE", 2.5, "a whole number, 1 or more"),
        ("DEFENSE_NEWS_REFRESH_DAYS", "-1", "a whole number, 0 or more"),
        ("DEFENSE_NEWS_RECHECK_DAYS", "monthly", "a whole number, 0 or more"),
        ("DEFENSE_NEWS_RECHECK_MAX", "-5", "a whole number, 0 or more"),
        ("DEFENSE_NEWS_RECONCILE_MAX", "lots", "a whole number, 0 or more"),
        ("DEFENSE_NEWS_TIMEZONE", "Europe/Berlinn", "a time zone name"),
        ("DEFENSE_NEWS_REST", "maybe", "True or False"),
        ("DEFENSE_NEWS_REQUIRE_HTML_END", "yes please", "True or False"),
        ("DEFENSE_NEWS_TRIM_TAIL", "maybe", "True or False"),
        ("DEFENSE_NEWS_SQLITE_TIMEOUT", "-5", "a number of seconds above 0"),
        ("DEFENSE_NEWS_RENDER", "sometimes", "one of never, auto, always"),
        ("DEFENSE_NEWS_RENDER_WAIT_UNTIL", "idle", "load, domcontentloaded, networkidle or commit"),
        ("DEFENSE_NEWS_UNREACHABLE_AFTER", "0", "a whole number, 1 or more"),
        # The guard against pagination that never ends (issue 22 item 13).
        ("DEFENSE_NEWS_MAX_LISTING_PAGES", "0", "a whole number, 1 or more"),
        ("DEFENSE_NEWS_MAX_LISTING_PAGES", "lots", "a whole number, 1 or more"),
        ("DEFENSE_NEWS_REST_PER_PAGE", "0", "a whole number, 1 or more"),
        # WordPress answers per_page above 100 with 400 Bad Request.
        ("DEFENSE_NEWS_REST_PER_PAGE", "500", "a whole number from 1 to 100"),
        # The profile's and -a categories='s slug rule (urls.slug_of): no query or spaces inside.
        ("DEFENSE_NEWS_DEFAULT_CATEGORIES", "navy,?cat=4", "a list of category slugs"),
        ("DEFENSE_NEWS_DEFAULT_CATEGORIES", "air force", "a list of category slugs"),
        # Every REST request starts there: "notaurl" was a traceback from the spider's start.
        ("DEFENSE_NEWS_REST_ROOT", "notaurl", "an http:// or https:// URL, the site's REST root"),
        ("DEFENSE_NEWS_REST_ROOT", "http://[::1/", "an http:// or https:// URL, the site's REST root"),
    ],
)
def test_bad_values_name_the_setting(name, value, accepted):
    with pytest.raises(SettingError) as raised:
        config(**{name: value})
    assert str(raised.value).startswith(f"Invalid setting {name}={value!r}: expected {accepted}")


def test_unknown_export_format_is_refused():
    with pytest.raises(SettingError, match="DEFENSE_NEWS_EXPORT_FORMAT='yaml': expected a feed format: csv, "):
        config(DEFENSE_NEWS_EXPORT_DIR="out", DEFENSE_NEWS_EXPORT_FORMAT="yaml")


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"DEFENSE_NEWS_SQLITE_PATH": ""}, "Nothing would be stored"),
        ({"DEFENSE_NEWS_SQLITE_PATH": "", "FEEDS": {"out.yaml": {"format": "yaml"}}}, "Unknown feed format 'yaml'"),
        ({"DEFENSE_NEWS_SQLITE_PATH": "x.db", "FEEDS": {"out.yaml": {"format": "yaml"}}}, "Unknown feed format"),
        ({"DEFENSE_NEWS_SQLITE_PATH": "", "FEEDS": {"out.jsonl": {"format": "jsonlines"}}}, None),
        ({"DEFENSE_NEWS_SQLITE_PATH": "", "DEFENSE_NEWS_EXPORT_DIR": "out"}, None),
        ({"DEFENSE_NEWS_SQLITE_PATH": "x.db"}, None),
        ({"DEFENSE_NEWS_SQLITE_PATH": "", "DEFENSE_NEWS_DATABASE_URL": "postgresql://crawler@db/news"}, None),
    ],
)
def test_storage_problem(overrides, problem):
    settings = Settings(project_settings_dict(**overrides))
    found = storage_problem(settings, Config.from_settings(settings))
    assert (found is None) if problem is None else (problem in (found or ""))


def test_a_misspelt_project_setting_is_named_with_the_closest_name():
    settings = Settings(project_settings_dict(DEFENSE_NEWS_SQLITEPATH="elsewhere.db"))
    assert unknown_setting_problem(settings) == (
        "Unknown setting DEFENSE_NEWS_SQLITEPATH: no DEFENSE_NEWS_ setting has that name."
        " Did you mean DEFENSE_NEWS_SQLITE_PATH? All of them: docs/settings.md."
    )
    assert unknown_setting_problem(Settings(project_settings_dict(DEFENSE_NEWS_XYZZY="1"))) == (
        "Unknown setting DEFENSE_NEWS_XYZZY: no DEFENSE_NEWS_ setting has that name. All of them: docs/settings.md."
    )


def test_every_project_setting_of_settings_py_is_known():
    """The names users edit in settings.py are the ones the check accepts."""
    import defense_news.settings as project_settings

    in_settings_py = {name for name in vars(project_settings) if name.startswith("DEFENSE_NEWS_")}
    assert in_settings_py
    assert in_settings_py <= known_settings()
    assert unknown_setting_problem(Settings(project_settings_dict())) is None


@pytest.mark.parametrize("value", ["csv", "yaml"])
def test_an_export_format_given_without_an_export_dir_is_refused(value):
    """-s DEFENSE_NEWS_EXPORT_FORMAT=csv alone exported nothing in CSV, silently."""
    settings = Settings(project_settings_dict(DEFENSE_NEWS_SQLITE_PATH="x.db"))
    settings.set("DEFENSE_NEWS_EXPORT_FORMAT", value, priority="cmdline")
    assert storage_problem(settings, Config.from_settings(settings)) == (
        f"Invalid setting DEFENSE_NEWS_EXPORT_FORMAT={value!r}: it is the format of DEFENSE_NEWS_EXPORT_DIR's files"
        " and no DEFENSE_NEWS_EXPORT_DIR is set (an -o FILE takes its format from its extension, or FILE:format)."
    )


def test_an_export_format_with_an_export_dir_or_from_settings_py_passes():
    settings = Settings(project_settings_dict(DEFENSE_NEWS_SQLITE_PATH="x.db", DEFENSE_NEWS_EXPORT_FORMAT="csv"))
    assert storage_problem(settings, Config.from_settings(settings)) is None
    settings.set("DEFENSE_NEWS_EXPORT_FORMAT", "csv", priority="cmdline")
    settings.set("DEFENSE_NEWS_EXPORT_DIR", "out", priority="cmdline")
    assert storage_problem(settings, Config.from_settings(settings)) is None
