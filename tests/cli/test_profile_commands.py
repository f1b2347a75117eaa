"""The CLI as a person uses it: init, athlete, goals, availability — on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli


def test_init_without_input_then_show_and_list_as_json(cli: Cli) -> None:
    created = cli.ok(
        "init",
        "--no-input",
        "--name",
        "Sam",
        "--timezone",
        "America/Denver",
        "--weight",
        "176lb",
        "--units",
        "imperial",
        "--pool",
        "25yd",
    )
    assert "created athlete 'Sam' with 9 goals and 6 training windows" in created.stdout
    athlete = json.loads(cli.ok("athlete", "show", "--json").stdout)
    assert athlete["name"] == "Sam"
    assert athlete["timezone"] == "America/Denver"
    assert athlete["weight_kg"] == pytest.approx(79.832, abs=1e-3)
    assert athlete["pool_length_m"] == pytest.approx(22.86)
    assert athlete["physiology"]["max_hr_bpm"] == {
        "value": 180.0,
        "measured": False,
        "method": "Tanaka 208 - 0.7 x age",
    }
    goals = json.loads(cli.ok("goals", "list", "--json").stdout)
    by_kind = {goal["kind"]: goal for goal in goals}
    assert by_kind["body_fat"]["target_value"] == 14.0
    assert by_kind["body_fat"]["unit"] == "%"
    assert (by_kind["weekly_hours"]["target_value"], by_kind["weekly_hours"]["target_max"]) == (
        3,
        5,
    )
    assert {
        "vo2_max",
        "swim_100yd_free",
        "box_jump",
        "squat_relative",
        "rdl_relative",
        "sit_and_reach",
        "single_leg_balance",
    } <= set(by_kind)
    windows = json.loads(cli.ok("availability", "list", "--json").stdout)
    assert windows[0] == {
        "weekday": "monday",
        "start": "06:30",
        "end": "07:30",
        "duration_s": 3600.0,
        "sports": ["swim"],
        "location": "pool",
        "equipment": ["pool", "kickboard", "pull_buoy", "fins"],
    }


def test_the_human_views_are_tables_in_the_athletes_units(cli: Cli) -> None:
    cli.ok("init", "--no-input", "--name", "Sam", "--units", "imperial", "--weight", "80kg")
    shown = cli.ok("athlete", "show").stdout
    assert "176.4 lb" in shown
    assert "estimated" in shown
    goals = cli.ok("goals", "list").stdout
    assert "≤ 14.0 %" in goals
    assert "3-5 h/week" in goals
    assert "7 h a week available" in cli.ok("availability", "list").stdout


def test_interactive_init_asks_and_uses_the_answers(cli: Cli) -> None:
    answers = "Kim\nEurope/Oslo\nmetric\n50m\n1990\n72kg\nn\ny\n"
    cli.ok("init", input=answers)
    athlete = json.loads(cli.ok("athlete", "show", "--json").stdout)
    assert (
        athlete["name"],
        athlete["timezone"],
        athlete["pool_length"],
        athlete["pool_unit"],
        athlete["birth_year"],
        athlete["weight_kg"],
    ) == ("Kim", "Europe/Oslo", 50, "m", 1990, 72)
    assert json.loads(cli.ok("goals", "list", "--json").stdout) == []
    assert len(json.loads(cli.ok("availability", "list", "--json").stdout)) == 6


def test_goals_are_added_changed_and_removed(cli: Cli) -> None:
    cli.ok("init", "--no-input", "--name", "Sam", "--units", "imperial")
    added = json.loads(
        cli.ok(
            "goals",
            "add",
            "swim_100yd_free",
            "--target",
            "1:10.5",
            "--deadline",
            "2027-06-01",
            "--priority",
            "1",
            "--json",
        ).stdout
    )
    assert (added["target_value"], added["deadline"], added["direction"]) == (
        70.5,
        "2027-06-01",
        "decrease",
    )
    jump = json.loads(cli.ok("goals", "add", "box_jump", "--target", "30", "--json").stdout)
    assert jump["target_value"] == pytest.approx(0.762)  # a bare 30 is inches for imperial
    custom = json.loads(
        cli.ok(
            "goals",
            "add",
            "custom",
            "--metric",
            "broad_jump_m",
            "--target",
            "2.4m",
            "--title",
            "Broad jump",
            "--json",
        ).stdout
    )
    assert (custom["metric"], custom["unit"]) == ("broad_jump_m", "m")
    changed = json.loads(
        cli.ok(
            "goals", "set", str(added["id"]), "--target", "1:08", "--status", "paused", "--json"
        ).stdout
    )
    assert (changed["target_value"], changed["status"]) == (68.0, "paused")
    assert (
        json.loads(cli.ok("goals", "list", "--status", "paused", "--json").stdout)[0]["id"]
        == added["id"]
    )
    cli.ok("goals", "remove", str(jump["id"]), "--yes")
    ids = {goal["id"] for goal in json.loads(cli.ok("goals", "list", "--json").stdout)}
    assert jump["id"] not in ids
    assert added["id"] in ids


def test_availability_is_set_per_day_and_cleared(cli: Cli) -> None:
    cli.ok("init", "--no-input", "--name", "Sam", "--no-default-availability")
    cli.ok(
        "availability",
        "set",
        "tue",
        "06:00-07:00",
        "17:30-18:15",
        "--sports",
        "swim,strength",
        "--location",
        "club",
        "--equipment",
        "pool,barbell",
    )
    cli.ok("availability", "set", "sat", "09:00-11:00")
    windows = json.loads(cli.ok("availability", "list", "--json").stdout)
    assert [(w["weekday"], w["start"], w["end"]) for w in windows] == [
        ("tuesday", "06:00", "07:00"),
        ("tuesday", "17:30", "18:15"),
        ("saturday", "09:00", "11:00"),
    ]
    assert windows[0]["sports"] == ["swim", "strength"]
    assert windows[2]["sports"] == []
    cli.ok("availability", "clear", "tue")
    assert len(json.loads(cli.ok("availability", "list", "--json").stdout)) == 1
    cli.ok("availability", "clear", "--all", "--yes")
    assert json.loads(cli.ok("availability", "list", "--json").stdout) == []


def test_athlete_set_changes_the_profile_and_keeps_history(cli: Cli) -> None:
    cli.ok("init", "--no-input", "--name", "Sam")
    result = json.loads(
        cli.ok(
            "athlete",
            "set",
            "--ftp",
            "240",
            "--max-hr",
            "186",
            "--threshold-pace",
            "4:40/km",
            "--css",
            "1:40/100yd",
            "--effective",
            "2026-11-01",
            "--json",
        ).stdout
    )
    assert result["changed"] == ["css_s_per_100m", "ftp_w", "max_hr_bpm", "threshold_pace_s_per_km"]
    body = result["athlete"]["physiology"]
    assert body["ftp_w"]["measured"]
    assert body["ftp_w"]["value"] == 240
    assert body["threshold_pace_s_per_km"]["value"] == 280
    assert body["css_s_per_100m"]["value"] == pytest.approx(109.36, abs=0.01)


def test_several_athletes_are_told_apart_with_athlete(cli: Cli) -> None:
    cli.ok("init", "--no-input", "--name", "Sam")
    cli.ok("init", "--no-input", "--name", "Alex", "--no-default-goals")
    ambiguous = cli("goals", "list")
    assert ambiguous.exit_code == 2
    assert "choose one with --athlete" in ambiguous.stderr
    assert json.loads(cli.ok("goals", "list", "--athlete", "Alex", "--json").stdout) == []
    names = [a["name"] for a in json.loads(cli.ok("athlete", "list", "--json").stdout)]
    assert names == ["Sam", "Alex"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["goals", "add", "six_pack"], 2, "unknown goal kind 'six_pack'"),
        (["goals", "add", "body_fat", "--target", "1"], 2, "outside the plausible range 2-70 %"),
        (["goals", "add", "weekly_hours", "--target", "5", "--max", "3"], 2, "below the upper"),
        (["goals", "set", "999", "--priority", "1"], 3, "no goal 999"),
        (["goals", "set", "1"], 2, "nothing to change"),
        (["goals", "add", "box_jump", "--target", "3 furlongs"], 2, "unknown unit 'furlongs'"),
        (["goals", "add", "vo2_max", "--deadline", "next year"], 2, "use YYYY-MM-DD"),
        (["availability", "set", "mon", "08:00-07:00"], 2, "ends before it starts"),
        (["availability", "set", "funday", "08:00-09:00"], 2, "unknown weekday"),
        (["availability", "set", "mon", "08:00-09:00", "--sports", "curling"], 2, "unknown sport"),
        (["availability", "clear"], 2, "or pass --all"),
        (["athlete", "set", "--timezone", "Mars/Olympus"], 2, "IANA"),
        (["athlete", "set", "--effective", "2026-02-30", "--ftp", "200"], 2, "YYYY-MM-DD"),
        (["athlete", "show", "--athlete", "Nobody"], 3, "no athlete 'Nobody'"),
        (["init", "--no-input", "--name", "Sam"], 4, "exists already"),
        (["init", "--no-input", "--name", "X", "--pool", "25 furlongs"], 2, "cannot read pool"),
    ],
)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    cli: Cli, args: list[str], code: int, message: str
) -> None:
    cli.ok("init", "--no-input", "--name", "Sam")
    before = [
        cli.ok(*view, "--json").stdout
        for view in (("athlete", "list"), ("goals", "list"), ("availability", "list"))
    ]
    result = cli(*args)
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    after = [
        cli.ok(*view, "--json").stdout
        for view in (("athlete", "list"), ("goals", "list"), ("availability", "list"))
    ]
    assert after == before
