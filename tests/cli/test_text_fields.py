"""Any text a person types or a file carries — Rich markup, control characters, emoji, SQL,
right-to-left marks — is stored as given and printed as text by every command that shows it
(issue 13, defect 2: a name holding ``[/]`` crashed every command for good)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli

NOW = datetime(2026, 11, 22, 20, 0, tzinfo=ZoneInfo("America/Denver"))
NASTY = [
    "[/]",
    "[bold]not bold[/bold",
    "[link=file:///etc/passwd]click[/link]",
    "\x1b[31mred\x1b[0m and a bell\x07",
    "line one\nline two\ttab",
    "'; DROP TABLE athletes; --",
    "emoji 🏊\u200d♂️ and \u202eright to left",
    "%s %d {0} {{}} \\ $HOME",
    "[[ double ]]",
]
HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
)
PRINTING = [
    ("status",),
    ("review", "--auto"),
    ("progress", "body_fat"),
    ("goals", "list"),
    ("activities", "list"),
    ("plan", "show", "--week", "2026-11-16"),
    ("plan", "history"),
    ("athlete", "show"),
    ("availability", "list"),
    ("metrics", "list", "--type", "weight_kg"),
    ("review", "list"),
]


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv(text: str) -> str:
    row = [
        _quoted(text),
        '"10 Nov 2026, 18:05"',
        '"10 Nov 2026, 18:55"',
        _quoted(text),
        _quoted(text),
        "",
        _quoted(text),
        "0",
        '"normal"',
        "80",
        "5",
        "",
        "",
        "8",
    ]
    return HEADER + ",".join(row) + "\n"


def _json(cli: Cli, *args: str) -> Any:
    return json.loads(cli.ok(*args, "--json").stdout)


def _clean(result_err: str) -> None:
    assert "Traceback" not in result_err and "unexpected" not in result_err, result_err


def exercise(cli: Cli, text: str, folder: Path) -> None:
    """Put ``text`` into every text field, then run every command that prints one."""
    with time_machine.travel(NOW, tick=False):
        named = cli("init", "--no-input", "--name", text, "--timezone", "America/Denver")
        _clean(named.stderr)
        if named.exit_code != 0:  # a name coach refuses (blank) is refused in one line
            assert named.exit_code == 2, named.stderr
            cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
        else:
            assert _json(cli, "athlete", "show")["name"] == text
        goal = _json(cli, "goals", "add", "body_fat", "--target", "15", "--title", text,
                     "--notes", text)  # fmt: skip
        assert (goal["title"], goal["notes"]) == (text, text)
        cli.ok("availability", "set", "sat", "09:00-11:00", "--location", text)
        export = folder / f"{uuid.uuid4().hex}.csv"
        export.write_text(_csv(text), encoding="utf-8")
        cli.ok("import", "hevy-csv", str(export))
        logged = cli.ok("log", "session", "run", "30min", "--date", "2026-11-21", "--name",
                        text, "--note", text)  # fmt: skip
        _clean(logged.stderr)
        cli.ok("log", "weight", "80kg", "--note", text)
        cli.ok("plan", "generate", "--weeks", "2", "--start", "2026-11-16")
        week = _json(cli, "plan", "show", "--week", "2026-11-16")
        cli.ok("log", "missed", str(week["workouts"][0]["id"]), "--reason", "time", "--note", text)
        cli.ok("log", "travel", "2026-11-28", "2026-11-29", "--location", text, "--note", text)
        names = {a["name"] for a in _json(cli, "activities", "list")}
        assert text in names
        for command in PRINTING:
            shown = cli(*command)
            assert shown.exit_code == 0, (command, shown.stderr)
            _clean(shown.stderr)
            as_json = cli(*command, "--json") if command != ("review", "--auto") else None
            if as_json is not None and as_json.exit_code == 0:
                json.loads(as_json.stdout)
        for activity in _json(cli, "activities", "list"):
            cli.ok("activities", "show", str(activity["id"]))
        review = _json(cli, "review")
        cli.ok("review", "show", str(review["review_id"]))


@pytest.mark.parametrize("text", NASTY)
def test_hostile_text_is_stored_as_given_and_printed_as_text(
    cli: Cli, tmp_path: Path, text: str
) -> None:
    exercise(cli, text, tmp_path)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        min_size=1,
        max_size=30,
    ).filter(lambda t: t.strip() == t and bool(t))  # coach trims surrounding blanks
)
def test_any_unicode_text_round_trips_through_every_command_that_prints_it(
    cli_default_db: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    home = tmp_path / uuid.uuid4().hex
    monkeypatch.setenv("COACH_HOME", str(home))
    exercise(cli_default_db, text, tmp_path)
