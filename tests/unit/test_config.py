import pytest

from facilitator.config import SettingsError, load_settings


def test_defaults_need_no_environment():
    settings = load_settings({})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("data/groepssessie.sqlite3")
    assert (settings.poll_seconds, settings.default_min_group_size) == (2.0, 5)
    assert settings.public_base_url is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("POLL_SECONDS", "snel", "POLL_SECONDS must be a number"),
        ("POLL_SECONDS", "0", "POLL_SECONDS must be between"),
        ("MIN_GROUP_SIZE", "2", "MIN_GROUP_SIZE must be between 3"),
        ("PUBLIC_BASE_URL", "groep.local", "PUBLIC_BASE_URL must start with http"),
    ],
)
def test_a_bad_setting_fails_at_start_naming_the_variable(name, value, message):
    with pytest.raises(SettingsError, match=message):
        load_settings({name: value})


def test_a_public_base_url_loses_its_trailing_slash():
    assert load_settings({"PUBLIC_BASE_URL": "https://groep.example/"}).public_base_url == (
        "https://groep.example"
    )
