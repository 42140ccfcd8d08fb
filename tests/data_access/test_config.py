"""Settings come from the environment as it is at each call: DATABASE_URL (else the SQLite file under data/) and
INFO_TODAY (else today in Asia/Bangkok)."""

from datetime import date, datetime

import pytest

from data_access import config


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("DATABASE_URL", "INFO_TODAY", "database_url", "info_today"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults(clean_env):
    s = config.settings()
    assert s.database_url == f"sqlite:///{config.DEFAULT_DB_PATH}"
    assert s.info_today is None
    assert config.today() == datetime.now(config.BANGKOK).date()


def test_environment_is_read_at_each_call(clean_env):
    clean_env.setenv("DATABASE_URL", "postgresql://u@h/info")
    clean_env.setenv("INFO_TODAY", "2023-08-15")
    assert config.settings().database_url == "postgresql://u@h/info"
    assert config.today() == date(2023, 8, 15)
    clean_env.setenv("INFO_TODAY", "2026-11-26")
    assert config.today() == date(2026, 11, 26)


def test_names_match_case_insensitively(clean_env):
    clean_env.setenv("database_url", "sqlite:///x.sqlite")
    clean_env.setenv("Info_Today", "2024-01-02")
    s = config.settings()
    assert (s.database_url, s.info_today) == ("sqlite:///x.sqlite", date(2024, 1, 2))


def test_a_bad_info_today_says_what_is_wrong(clean_env):
    clean_env.setenv("INFO_TODAY", "15/08/2566")
    with pytest.raises(ValueError, match="INFO_TODAY"):
        config.today()


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_info_today_means_the_bangkok_clock(clean_env, blank):
    from datetime import datetime

    clean_env.setenv("INFO_TODAY", blank)
    assert config.today() == datetime.now(config.BANGKOK).date()


@pytest.mark.parametrize("value, expected", [("https://info.dla.go.th/app/", "https://info.dla.go.th/app"),
                                             ("", "http://localhost:8501"), ("http://127.0.0.1:8080", None)])
def test_the_public_address_for_links(clean_env, value, expected):
    clean_env.setenv("INFO_PUBLIC_URL", value)
    assert config.settings().info_public_url == (expected or value)


@pytest.mark.parametrize("value", ["javascript:alert(1)", "https://x.go.th/?q=1", "https://x.go.th/a b",
                                   "ftp://x.go.th", "https://x.go.th/\nx"])
def test_a_public_address_that_is_not_one_is_said_in_a_sentence(clean_env, value):
    clean_env.setenv("INFO_PUBLIC_URL", value)
    with pytest.raises(config.SettingsError, match="INFO_PUBLIC_URL must be the app's http"):
        config.settings()
