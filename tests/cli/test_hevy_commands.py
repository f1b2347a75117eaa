"""The Hevy commands and the CSV imports through the real ``coach`` entry point; the fake Hevy
is served on a real 127.0.0.1 port, as ``coach dev fake-hevy`` serves it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from coach.fakes.hevy import FakeHevy, FakeHevyApp
from coach.fakes.hevy.state import DEFAULT_API_KEY
from tests.conftest import Cli
from tests.fakes.hevy import SPEC, serving
from tests.intake.test_csv_import import HEVY_KG, STRONG_UNITS

LAST = datetime(2026, 11, 20, 18, tzinfo=UTC)


@pytest.fixture
def hevy(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Cli, FakeHevy]]:
    fake = FakeHevy()
    fake.seed_workouts(12, last_start=LAST)
    fake.seed_measurements(LAST.date(), 1)
    with serving(FakeHevyApp(fake, SPEC)) as url:
        monkeypatch.setenv("COACH_HEVY_BASE_URL", url)
        monkeypatch.setenv("COACH_HEVY_REQUEST_INTERVAL_S", "0")
        monkeypatch.setenv("COACH_HEVY_MAX_WAIT_S", "0")
        cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
        yield cli, fake


def test_login_checks_the_key_and_a_wrong_one_is_one_clear_line(
    hevy: tuple[Cli, FakeHevy], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli, _ = hevy
    wrong = cli("hevy", "login", input="not-my-key\n")
    assert wrong.exit_code == 77
    assert "Hevy rejected the API key (401)" in wrong.stderr
    assert "not-my-key" not in wrong.stderr
    status = json.loads(cli.ok("hevy", "status", "--json").stdout)
    assert status["key"] is None
    assert "linked Sam to Hevy as fake" in cli.ok("hevy", "login", input=DEFAULT_API_KEY).stdout
    assert json.loads(cli.ok("hevy", "status", "--json").stdout)["key"] == "stored"


def test_sync_without_a_key_says_how_to_link(hevy: tuple[Cli, FakeHevy]) -> None:
    cli, _ = hevy
    result = cli("hevy", "sync")
    assert result.exit_code == 77
    assert "coach hevy login" in result.stderr


def test_sync_backfills_then_reads_changes(
    hevy: tuple[Cli, FakeHevy], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli, fake = hevy
    monkeypatch.setenv("COACH_HEVY_API_KEY", DEFAULT_API_KEY)
    first = cli.ok("hevy", "sync")
    assert "first sync (every workout): 12 new" in first.stdout
    assert "2 body measurements" in first.stdout
    fake.delete_workout(next(iter(fake.workouts)))
    second = json.loads(cli.ok("hevy", "sync", "--json").stdout)
    assert (second["mode"], second["deleted"], second["added"]) == ("events", 1, 0)
    listed = json.loads(cli.ok("activities", "list", "--json").stdout)
    assert len(listed) == 11
    assert {a["source"] for a in listed} == {"hevy"}
    assert all(a["load_method"] == "srpe" for a in listed)
    shown = json.loads(cli.ok("activities", "show", str(listed[0]["id"]), "--json").stdout)
    assert shown["strength_sets"]
    assert json.loads(cli.ok("hevy", "status", "--json").stdout)["events_since"]


def test_a_rate_limit_that_persists_ends_with_exit_75_and_keeps_the_rest(
    hevy: tuple[Cli, FakeHevy], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli, fake = hevy
    monkeypatch.setenv("COACH_HEVY_API_KEY", DEFAULT_API_KEY)
    monkeypatch.setenv("COACH_HEVY_MAX_ATTEMPTS", "2")
    fake.inject(429, times=10, path="/v1/workouts")
    result = cli("hevy", "sync")
    assert result.exit_code == 75
    assert "rate-limiting" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_logout_forgets_the_key(hevy: tuple[Cli, FakeHevy]) -> None:
    cli, _ = hevy
    cli.ok("hevy", "login", input=DEFAULT_API_KEY)
    assert "forgot the Hevy API key" in cli.ok("hevy", "logout").stdout
    assert "no Hevy API key was stored" in cli.ok("hevy", "logout").stdout


def test_csv_imports_report_and_are_idempotent(cli: Cli, tmp_path: Path) -> None:
    cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
    hevy_file = tmp_path / "hevy.csv"
    hevy_file.write_text(HEVY_KG)
    first = cli.ok("import", "hevy-csv", str(hevy_file))
    assert "imported 2 workouts" in first.stdout
    assert "Treadmill" in first.stdout  # reported: not in the library, kept by title
    again = json.loads(cli.ok("import", "hevy-csv", str(hevy_file), "--json").stdout)
    assert (again["added"], again["already_present"], again["sets"]) == (0, 2, 6)
    strong_file = tmp_path / "strong.csv"
    strong_file.write_text(STRONG_UNITS)
    strong = json.loads(cli.ok("import", "strong-csv", str(strong_file), "--json").stdout)
    assert (strong["layout"], strong["added"]) == ("strong (unit columns)", 1)


def test_a_malformed_csv_exits_65_naming_the_line_and_stores_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    cli.ok("init", "--no-input", "--name", "Sam")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEVY_KG.replace('"normal",100,5', '"normal",heavy,5'))
    result = cli("import", "hevy-csv", str(bad))
    assert result.exit_code == 65
    assert "bad.csv line 3: weight 'heavy' is not a number" in result.stderr
    assert json.loads(cli.ok("activities", "list", "--json").stdout) == []
    missing = cli("import", "strong-csv", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 3
    assert "nope.csv: no such file" in missing.stderr


def test_dev_fake_hevy_serves_what_the_cli_syncs(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    port = _free_port()
    env = {**os.environ, "COACH_HOME": str(tmp_path / "fake-home")}
    server = subprocess.Popen(
        [sys.executable, "-m", "coach", "dev", "fake-hevy", "--port", str(port), "--workouts", "5"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for(url)
        monkeypatch.setenv("COACH_HEVY_BASE_URL", url)
        monkeypatch.setenv("COACH_HEVY_API_KEY", DEFAULT_API_KEY)
        monkeypatch.setenv("COACH_HEVY_REQUEST_INTERVAL_S", "0")
        cli.ok("init", "--no-input", "--name", "Sam")
        report = json.loads(cli.ok("hevy", "sync", "--json").stdout)
        assert report["added"] == 5
        assert report["measurements"] == 16
    finally:
        server.terminate()
        server.wait(timeout=10)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/v1/workouts/count", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"coach dev fake-hevy did not start on {url}")


def test_a_key_from_the_environment_belongs_to_one_athlete(
    hevy: tuple[Cli, FakeHevy], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli, _ = hevy  # Sam exists
    monkeypatch.setenv("COACH_HEVY_API_KEY", DEFAULT_API_KEY)
    assert json.loads(cli.ok("hevy", "status", "--json").stdout)["key"] == "COACH_HEVY_API_KEY"
    cli.ok("init", "--no-input", "--name", "Alex")
    # two athletes now: whose key it is must be said, and until then it is nobody's
    for name in ("Sam", "Alex"):
        status = json.loads(cli.ok("hevy", "status", "--athlete", name, "--json").stdout)
        assert status["key"] is None
    refused = cli("hevy", "sync", "--athlete", "Alex")
    assert refused.exit_code == 77
    monkeypatch.setenv("COACH_HEVY_ATHLETE", "Sam")
    sam = json.loads(cli.ok("hevy", "status", "--athlete", "Sam", "--json").stdout)
    alex = json.loads(cli.ok("hevy", "status", "--athlete", "Alex", "--json").stdout)
    assert (sam["key"], alex["key"]) == ("COACH_HEVY_API_KEY", None)
    cli.ok("hevy", "sync", "--athlete", "Sam")
    assert cli("hevy", "sync", "--athlete", "Alex").exit_code == 77
