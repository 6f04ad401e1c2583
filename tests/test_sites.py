"""Site profiles (defense_news/sites.py, defense_news/sites.toml): data, checked on reading."""

from __future__ import annotations

import pytest

from defense_news.sites import ProfileError, load_profiles, read_profiles, resolve_site


def test_packaged_profile_of_19fortyfive():
    profile = load_profiles()["19fortyfive"]
    assert profile.url == "https://www.19fortyfive.com/"
    assert profile.timezone == "America/New_York"
    assert profile.category_base == "category"
    assert "north-korea" in profile.categories
    assert profile.site_id == "19fortyfive"


def test_user_file_adds_and_overrides(tmp_path):
    own = tmp_path / "sites.toml"
    own.write_text(
        '[defensenews]\nurl = "https://www.defensenews.com"\ntimezone = "America/New_York"\n'
        '[19fortyfive]\nurl = "http://127.0.0.1:8045/"\n'
    )
    profiles = load_profiles(own)
    assert profiles["defensenews"].url == "https://www.defensenews.com/"
    assert profiles["defensenews"].categories == ()
    # The user's entry replaces the packaged one whole.
    assert profiles["19fortyfive"].url == "http://127.0.0.1:8045/"
    assert profiles["19fortyfive"].timezone is None


def test_site_given_by_address_is_a_profile_with_only_its_url():
    profile = resolve_site("HTTP://Example.COM:8080/news")
    assert (profile.name, profile.url, profile.timezone) == ("example.com:8080", "http://example.com:8080/news/", None)
    # The address of a known profile is that profile.
    assert resolve_site("https://www.19fortyfive.com").name == "19fortyfive"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[a]\nurl = 'https://a.example/'\ntimezone = 'Mars/Olympus'\n", "'Mars/Olympus' is not a time zone name"),
        ("[a]\ntimezone = 'UTC'\n", "[a] has no url"),
        ("[a]\nurl = 'ftp://a.example/'\n", "url 'ftp://a.example/' is not an http:// or https:// address"),
        ("[a]\nurl = 'http://[::1/'\n", "url 'http://[::1/' is not an http:// or https:// address"),
        ("[a]\nurl = 'https://a.example/'\ntimezone_string = 'UTC'\n", "unknown key 'timezone_string'"),
        ("[a]\nurl = 'https://a.example/'\npermalinks = 'ugly'\n", "permalinks must be one of pretty, plain"),
        ("[a]\nurl = 'https://a.example/'\ncategories = 'navy'\n", "categories must be a list of slugs"),
        ("[a]\nurl = 'https://a.example/'\ncategories = ['Navy & Army']\n", "'Navy & Army' is not a category slug"),
        ("[a\nurl = 1\n", "is not valid TOML"),
        ("a = 1\n", "[a] must be a table"),
    ],
)
def test_bad_profiles_are_named(text, message):
    with pytest.raises(ProfileError) as raised:
        read_profiles(text, "own.toml")
    assert message in str(raised.value)
    assert str(raised.value).startswith("own.toml") or "own.toml" in str(raised.value)


def test_unknown_profile_lists_the_known_ones():
    with pytest.raises(ProfileError, match=r"Unknown site profile 'defensenew': known profiles are 19fortyfive"):
        resolve_site("defensenew")


@pytest.mark.parametrize(
    ("value", "meant"),
    [("www.19fortyfive.com", "https://www.19fortyfive.com"), ("127.0.0.1:8045/", "http://127.0.0.1:8045/")],
)
def test_an_address_without_its_scheme_is_named_with_it(value, meant):
    with pytest.raises(ProfileError) as raised:
        resolve_site(value)
    assert str(raised.value).endswith(f"(an address needs its scheme: -a site={meant})")


def test_unreadable_user_file(tmp_path):
    with pytest.raises(ProfileError, match=r"DEFENSE_NEWS_SITES_FILE=.*cannot be read"):
        load_profiles(tmp_path / "missing.toml")


def test_an_address_that_cannot_be_parsed_is_a_profile_error():
    """-a site=http://[::1 (an unclosed IPv6 bracket): one line, not urllib's traceback."""
    with pytest.raises(ProfileError, match=r"'http://\[::1' is not an http:// or https:// address"):
        resolve_site("http://[::1")
