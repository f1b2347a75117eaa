"""``coach plan generate | show | history`` through the real CLI, then exported."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine

from tests.conftest import Cli

NOW = datetime(2026, 11, 23, 5, 0, tzinfo=ZoneInfo("America/Denver"))  # Monday, before the swim


def test_generate_show_history_and_replace(cli: Cli, tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
        made = json.loads(cli.ok("plan", "generate", "--weeks", "4", "--json").stdout)
        hours = [w["hours"] for w in made["weeks"]]
        assert len(hours) == 4
        assert all(3.0 <= h <= 5.0 for h in hours[:3])
        assert hours[3] < hours[2]
        week = json.loads(cli.ok("plan", "show", "--json").stdout)
        assert week["week"] == "2026-11-23"
        assert week["workouts"][0]["start"] == "06:30:00"
        assert {w["status"] for w in week["workouts"]} == {"planned"}
        again = cli("plan", "generate")
        assert again.exit_code == 4
        assert "--replace" in again.stderr
        cli.ok("plan", "generate", "--weeks", "2", "--replace")
        history = json.loads(cli.ok("plan", "history", "--json").stdout)
        assert history["plan"].startswith("2-week plan")
        assert history["versions"][0]["reason"] == "generated"
        exported = json.loads(cli.ok("export", "fit", "--out", str(tmp_path), "--json").stdout)
    assert len(exported) == history["versions"][0]["added"]
    assert len(list(tmp_path.glob("*.fit"))) == len(exported)


def test_no_windows_no_plan(cli: Cli) -> None:
    with time_machine.travel(NOW, tick=False):
        cli.ok("init", "--no-input", "--name", "Sam", "--no-default-availability")
        result = cli("plan", "generate")
    assert result.exit_code == 2
    assert "coach availability set" in result.stderr
    missing = cli("plan", "history")
    assert missing.exit_code == 3
