"""Settings: defaults, environment, masking, and a README that documents every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.config import Settings, load_settings, masked_settings
from coach.domain.errors import ConfigError

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_database_defaults_to_a_sqlite_file_in_coach_home(coach_home: Path) -> None:
    settings = load_settings()
    assert settings.home == coach_home
    assert settings.effective_database_url == f"sqlite:///{coach_home / 'coach.db'}"
    assert settings.log_level == "WARNING"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_DATABASE_URL", "postgresql+psycopg://me:pw@db:5432/coach")
    monkeypatch.setenv("COACH_LOG_LEVEL", "debug")
    settings = load_settings()
    assert settings.effective_database_url.endswith("@db:5432/coach")
    assert settings.log_level == "DEBUG"


def test_coach_home_holds_settings_for_a_timer_and_the_environment_wins(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    coach_home.mkdir(parents=True, exist_ok=True)
    (coach_home / "coach.env").write_text(
        "COACH_NOTIFY_URL=ntfy://from-home\nCOACH_REVIEW_TIME=20:15\nCOACH_LOG_LEVEL=info\n"
    )
    (tmp_path / ".env").write_text("COACH_REVIEW_TIME=19:30\n")  # the working folder's wins
    monkeypatch.setenv("COACH_LOG_LEVEL", "error")  # and the environment over both
    settings = load_settings()
    assert settings.notify_url is not None
    assert settings.notify_url.get_secret_value() == "ntfy://from-home"
    assert settings.review_time == "19:30"
    assert settings.log_level == "ERROR"


def test_secrets_and_passwords_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_DATABASE_URL", "postgresql+psycopg://me:hunter22@db/coach")
    monkeypatch.setenv("COACH_SECRET_KEY", "correct horse battery staple")
    shown = masked_settings(load_settings())
    assert "hunter22" not in str(shown)
    assert "staple" not in str(shown)
    assert shown["COACH_DATABASE_URL"] == "postgresql+psycopg://me:********@db/coach"
    assert shown["COACH_SECRET_KEY"] == "********"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("COACH_LOG_LEVEL", "loud", "COACH_LOG_LEVEL is invalid: must be one of"),
        ("COACH_SECRET_KEY", "short", "COACH_SECRET_KEY is invalid: must be at least 16"),
    ],
)
def test_bad_settings_name_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        load_settings()


def test_the_readme_documents_every_setting() -> None:
    text = README.read_text()
    for field in Settings.model_fields:
        assert f"COACH_{field.upper()}" in text, (
            f"README.md does not document COACH_{field.upper()}"
        )


def test_config_show_covers_every_setting() -> None:
    shown = masked_settings(load_settings())
    assert set(shown) == {f"COACH_{name.upper()}" for name in Settings.model_fields}
    assert shown["COACH_GARMIN_REQUEST_INTERVAL_S"] == "1"


def test_a_setting_comes_from_the_file_its_file_variable_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "notify"
    secret.write_text("json://127.0.0.1:9/hook\n")
    monkeypatch.setenv("COACH_NOTIFY_URL_FILE", str(secret))
    loaded = load_settings()
    assert loaded.notify_url is not None
    assert loaded.notify_url.get_secret_value() == "json://127.0.0.1:9/hook"  # newline dropped
    monkeypatch.setenv("COACH_NOTIFY_URL", "json://elsewhere/hook")
    assert load_settings().notify_url.get_secret_value() == "json://elsewhere/hook"  # type: ignore[union-attr]
