"""``coach schedule`` writes the evening timer where systemd looks for user units."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli


def test_install_print_and_remove_the_evening_timer(
    cli_default_db: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, coach_home: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("COACH_REVIEW_TIME", "20:45")
    monkeypatch.setenv("PATH", str(tmp_path / "no-systemctl"))  # no systemd user session here
    printed = cli_default_db.ok("schedule", "print").stdout
    assert "OnCalendar=*:0/15" in printed  # every 15 min: each athlete when their 20:45 comes
    assert "*/15 * * * *" in printed
    assert "No COACH_NOTIFY_URL: the timer will keep each review but send nothing" in printed
    assert str(coach_home / "coach.env") in printed
    installed = cli_default_db.ok("schedule", "install")
    assert "systemctl --user enable --now coach-review.timer" in installed.stderr  # how to enable
    units = tmp_path / "config" / "systemd" / "user"
    service = (units / "coach-review.service").read_text()
    assert "review --auto --sync --due\n" in service
    assert service.index("review --auto --sync --due") < service.index(" remind\n")
    assert "once 20:45 has come where they live" in installed.stdout
    assert f'Environment="COACH_HOME={coach_home}"' in service
    assert (units / "coach-review.timer").read_text().count("Persistent=true") == 1
    assert "removed" in cli_default_db.ok("schedule", "remove").stdout
    assert not list(units.iterdir())
    assert "no coach review timer" in cli_default_db.ok("schedule", "remove").stdout


def test_a_bad_review_time_is_one_clear_line(
    cli_default_db: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_REVIEW_TIME", "9pm")
    result = cli_default_db("schedule", "print")
    assert result.exit_code == 78
    assert "COACH_REVIEW_TIME" in result.stderr


def test_the_server_runs_as_a_service_with_json_logs(
    cli_default_db: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PATH", str(tmp_path / "no-systemctl"))
    printed = cli_default_db.ok("schedule", "print", "--server", "--port", "8800").stdout
    assert "coach-serve.service" in printed
    installed = cli_default_db.ok("schedule", "install", "--server", "--port", "8800")
    assert "journalctl --user -u coach-serve" in installed.stdout
    unit = (tmp_path / "config" / "systemd" / "user" / "coach-serve.service").read_text()
    assert "serve --host 127.0.0.1 --port 8800" in unit
    assert "Restart=on-failure" in unit
    assert 'Environment="COACH_LOG_FORMAT=json"' in unit
    assert "removed" in cli_default_db.ok("schedule", "remove").stdout
    assert not (tmp_path / "config" / "systemd" / "user" / "coach-serve.service").exists()


def test_on_postgresql_a_worker_runs_as_a_service_instead_of_the_timer(
    cli_default_db: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PATH", str(tmp_path / "no-systemctl"))
    refused = cli_default_db("schedule", "install", "--worker")
    assert refused.exit_code == 78
    assert "workers need PostgreSQL" in refused.stderr
    monkeypatch.setenv("COACH_DATABASE_URL", "postgresql+psycopg://coach@db.example.org/coach")
    installed = cli_default_db.ok("schedule", "install", "--worker", "--server")
    assert "systemctl --user enable --now coach-worker.service" in installed.stderr
    units = tmp_path / "config" / "systemd" / "user"
    assert sorted(p.name for p in units.iterdir()) == [
        "coach-serve.service",
        "coach-worker.service",
    ]
    unit = (units / "coach-worker.service").read_text()
    assert " worker\n" in unit
    assert "Restart=always" in unit
    assert 'Environment="COACH_LOG_FORMAT=json"' in unit
    cli_default_db.ok("schedule", "remove")
    assert not list(units.iterdir())
