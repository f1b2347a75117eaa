"""Health data and secrets are the owner's alone (issue 13, defect 11)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests import fitfiles
from tests.conftest import Cli

SECRET_URL = "postgresql+psycopg://coach:s3cret-pw@db.example/coach"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_the_home_and_raw_files_are_private_whatever_the_umask(
    cli_default_db: Cli, coach_home: Path, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        cli_default_db.ok("init", "--no-input", "--name", "Sam")
        run = tmp_path / "run.fit"
        run.write_bytes(fitfiles.run_with_power())
        cli_default_db.ok("import", "fit", str(run))
    finally:
        os.umask(old)
    assert _mode(coach_home) == 0o700
    assert _mode(coach_home / "coach.db") == 0o600
    assert _mode(coach_home / "athletes") == _mode(coach_home / "athletes" / "1") == 0o700
    stored = list((coach_home / "athletes" / "1" / "raw").rglob("*"))
    assert stored
    for path in stored:
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_a_password_in_the_database_url_stays_out_of_units_and_printouts(
    cli_default_db: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, coach_home: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PATH", str(tmp_path / "no-systemctl"))
    monkeypatch.setenv("COACH_DATABASE_URL", SECRET_URL)
    printed = cli_default_db.ok("schedule", "print")
    assert "s3cret-pw" not in printed.stdout + printed.stderr
    assert "holds a password" in printed.stdout
    installed = cli_default_db.ok("schedule", "install")
    assert "s3cret-pw" not in installed.stdout + installed.stderr
    units = tmp_path / "config" / "systemd" / "user"
    for unit in units.iterdir():
        assert "s3cret-pw" not in unit.read_text()
        assert _mode(unit) == 0o600
    home_env = coach_home / "coach.env"
    assert f"COACH_DATABASE_URL={SECRET_URL}" in home_env.read_text().splitlines()
    assert _mode(home_env) == 0o600


def test_a_settings_file_others_can_read_gets_a_warning(
    cli_default_db: Cli, coach_home: Path
) -> None:
    cli_default_db.ok("init", "--no-input", "--name", "Sam")
    home_env = coach_home / "coach.env"
    home_env.write_text("COACH_HEVY_API_KEY=abc\n")
    home_env.chmod(0o644)
    warned = cli_default_db.ok("status")
    assert f"warning: {home_env} can be read by other users" in warned.stderr
    assert f"chmod 600 {home_env}" in warned.stderr
    home_env.chmod(0o600)
    assert "warning" not in cli_default_db.ok("status").stderr
