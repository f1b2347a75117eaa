"""Fixtures of the CLI tests: an athlete with a plan and some history, a local HTTP sink."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import Cli
from tests.fakes.http_sink import sink

__all__ = ["NOW", "athlete_with_a_plan", "call", "run", "sink"]

NOW = datetime(2026, 11, 22, 20, 0, tzinfo=ZoneInfo("America/Denver"))  # a Sunday evening


def run(cli: Cli, *args: str) -> Any:
    """A command's --json answer, run on the Sunday evening NOW."""
    with time_machine.travel(NOW, tick=False):
        return json.loads(cli.ok(*args).stdout)


def call(cli: Cli, *args: str) -> Any:
    """A command's result (exit code, stdout, stderr), run on the Sunday evening NOW."""
    with time_machine.travel(NOW, tick=False):
        return cli(*args)


HEVY = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
    '"Legs","10 Nov 2026, 18:05","10 Nov 2026, 18:55","","Box Jump",,"",0,"normal",,4,,,\n'
    '"Legs","10 Nov 2026, 18:05","10 Nov 2026, 18:55","","Squat (Barbell)",,"",0,"normal",'
    "80,5,,,8\n"
)


@pytest.fixture
def athlete_with_a_plan(cli: Cli, tmp_path: Path) -> Cli:
    """Sam: a plan from 9 Nov, one strength session on 10 Nov, and the week before Sunday 22 Nov
    marked missed for want of time — a plan that does not fit, so the review proposes."""
    with time_machine.travel(NOW, tick=False):
        cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
        export = tmp_path / "hevy.csv"
        export.write_text(HEVY)
        cli.ok("import", "hevy-csv", str(export))
        cli.ok("plan", "generate", "--weeks", "4", "--start", "2026-11-09")
        week = json.loads(cli.ok("plan", "show", "--week", "2026-11-16", "--json").stdout)
        for workout in week["workouts"]:
            if workout["date"] < "2026-11-22":
                cli.ok("log", "missed", str(workout["id"]), "--reason", "time")
    return cli
