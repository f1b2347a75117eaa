"""Mistakes an athlete can fix without SQL (issue 13): activities and measured values
corrected or deleted, a missed mark taken back, a file imported again with the right units,
planned sessions moved or skipped by hand, the whole plan and one workout shown, every change
in the audit log, and everything exported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests import fitfiles
from tests.cli.conftest import NOW, call, run
from tests.conftest import Cli
from tests.intake.test_csv_import import STRONG_CLASSIC


@pytest.fixture
def sam(cli: Cli) -> Cli:
    with time_machine.travel(NOW, tick=False):
        cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
    return cli


def _audit(cli: Cli, tmp_path: Path) -> list[dict[str, Any]]:
    folder = tmp_path / f"export-{len(list(tmp_path.iterdir()))}"
    run(cli, "export-data", "--out", str(folder), "--json")
    return json.loads((folder / "coach-export.json").read_text())["audit_log"]  # type: ignore[no-any-return]


def test_an_activity_is_corrected_its_load_recomputed_and_the_change_audited(
    sam: Cli, tmp_path: Path
) -> None:
    call(sam, "log", "session", "run", "30min", "--date", "2026-11-20", "--rpe", "5")
    (logged,) = run(sam, "activities", "list", "--json")
    edited = run(
        sam, "activities", "edit", str(logged["id"]), "--duration", "1h", "--rpe", "7",
        "--name", "Tempo run", "--json",
    )  # fmt: skip
    assert (edited["duration_s"], edited["rpe"], edited["name"]) == (3600, 7, "Tempo run")
    assert edited["load_tss"] == pytest.approx(7 * 60 / 10)  # session RPE x minutes / 10
    assert edited["load_tss"] > logged["load_tss"]
    (entry,) = [e for e in _audit(sam, tmp_path) if e["action"] == "activity.edit"]
    assert entry["details"]["before"]["duration_s"] == 1800
    assert entry["details"]["after"]["duration_s"] == 3600
    wrong = call(sam, "activities", "edit", str(logged["id"]), "--distance", "900km")
    assert wrong.exit_code == 65
    assert "implausible: 900 km of run (limit 400 km)" in wrong.stderr
    assert run(sam, "activities", "list", "--json")[0]["duration_s"] == 3600


def test_a_deleted_activity_is_gone_stays_gone_on_reimport_and_can_be_restored(
    sam: Cli, tmp_path: Path
) -> None:
    ride = tmp_path / "ride.fit"
    ride.write_bytes(fitfiles.run_with_power(1800, sport="cycling"))
    run(sam, "import", "fit", str(ride), "--json")
    (activity,) = run(sam, "activities", "list", "--json")
    refused = call(sam, "activities", "delete", str(activity["id"]))
    assert refused.exit_code == 2
    assert "add --yes to confirm" in refused.stderr
    assert len(run(sam, "activities", "list", "--json")) == 1
    call(sam, "activities", "delete", str(activity["id"]), "--yes")
    assert run(sam, "activities", "list", "--json") == []
    again = run(sam, "import", "fit", str(ride), "--json")
    assert again["files"][0]["outcome"] == "already present"
    assert run(sam, "activities", "list", "--json") == []
    call(sam, "activities", "restore", str(activity["id"]))
    assert [a["id"] for a in run(sam, "activities", "list", "--json")] == [activity["id"]]
    actions = [e["action"] for e in _audit(sam, tmp_path)]
    assert "activity.delete" in actions and "activity.restore" in actions


def test_a_measured_value_is_corrected_or_deleted(sam: Cli, tmp_path: Path) -> None:
    call(sam, "log", "weight", "800kg")  # refused at the door
    call(sam, "log", "weight", "80kg", "--date", "2026-11-20")
    call(sam, "log", "weight", "81kg", "--date", "2026-11-21")
    first, second = run(sam, "metrics", "list", "--type", "weight_kg", "--json")
    assert call(sam, "metrics", "edit", str(first["id"]), "--value", "79.5kg").exit_code == 0
    clash = call(sam, "metrics", "edit", str(first["id"]), "--date", "2026-11-21")
    assert clash.exit_code == 4
    assert f"(id {second['id']})" in clash.stderr
    assert call(sam, "metrics", "delete", str(second["id"]), "--yes").exit_code == 0
    (left,) = run(sam, "metrics", "list", "--type", "weight_kg", "--json")
    assert (left["id"], left["value"]) == (first["id"], 79.5)
    actions = [e["action"] for e in _audit(sam, tmp_path)]
    assert actions.count("metric.edit") == 1 and actions.count("metric.delete") == 1


def test_a_missed_mark_made_by_mistake_is_taken_back(athlete_with_a_plan: Cli) -> None:
    cli = athlete_with_a_plan
    ahead = run(cli, "plan", "show", "--week", "2026-11-23", "--json")["workouts"][0]
    call(cli, "log", "missed", str(ahead["id"]), "--reason", "travel", "--note", "wrong one")
    marked = run(cli, "plan", "show", "--week", "2026-11-23", "--json")["workouts"][0]
    assert marked["status"] == "missed"
    call(cli, "log", "unmiss", str(ahead["id"]))
    again = run(cli, "plan", "show", "--week", "2026-11-23", "--json")["workouts"][0]
    assert again["status"] == "planned"
    twice = call(cli, "log", "unmiss", str(ahead["id"]))
    assert twice.exit_code == 4
    assert "is not marked missed" in twice.stderr


def test_a_file_imported_with_the_wrong_unit_is_imported_again_with_the_right_one(
    sam: Cli, tmp_path: Path
) -> None:
    export = tmp_path / "strong.csv"
    export.write_text(STRONG_CLASSIC)
    call(sam, "import", "strong-csv", str(export), "--weight-unit", "lb")
    squat = next(
        a for a in run(sam, "activities", "list", "--json") if a["name"] == "Evening Workout"
    )
    sets = run(sam, "activities", "show", str(squat["id"]), "--json")["strength_sets"]
    assert sets[1]["weight_kg"] == pytest.approx(45.36, abs=0.01)  # 100 read as lb: wrong
    refused = call(sam, "import", "strong-csv", str(export), "--weight-unit", "kg", "--replace")
    assert refused.exit_code == 2
    replaced = run(
        sam, "import", "strong-csv", str(export), "--weight-unit", "kg", "--replace", "--yes",
        "--json",
    )  # fmt: skip
    assert (replaced["added"], replaced["replaced"]) == (2, 2)
    squat = next(
        a for a in run(sam, "activities", "list", "--json") if a["name"] == "Evening Workout"
    )
    sets = run(sam, "activities", "show", str(squat["id"]), "--json")["strength_sets"]
    assert sets[1]["weight_kg"] == 100.0
    assert len(run(sam, "activities", "list", "--json")) == 2


def test_a_planned_session_is_moved_or_skipped_by_hand_and_the_calendar_follows(
    athlete_with_a_plan: Cli, coach_home: Path
) -> None:
    cli = athlete_with_a_plan
    week = run(cli, "plan", "show", "--week", "2026-11-23", "--json")
    first, second = week["workouts"][0], week["workouts"][1]
    moved = call(cli, "plan", "move", str(first["id"]), "2026-11-28", "--time", "10:00")
    assert moved.exit_code == 0, moved.stderr
    assert "is now on Sat 28 Nov" in moved.stdout
    skipped = call(cli, "plan", "skip", str(second["id"]))
    assert skipped.exit_code == 0, skipped.stderr
    after = run(cli, "plan", "show", "--week", "2026-11-23", "--json")
    by_name = {w["name"]: w for w in after["workouts"]}
    assert by_name[first["name"]]["date"] == "2026-11-28"
    assert by_name[first["name"]]["start"] == "10:00:00"
    assert second["id"] not in {w["id"] for w in after["workouts"]}
    history = run(cli, "plan", "history", "--json")["versions"]
    assert [v["version"] for v in history] == [1, 2, 3]
    assert history[1]["reason"].startswith("moved by hand: ")
    assert history[2]["reason"].startswith("skipped by hand: ")
    calendar = (
        (coach_home / "athletes" / "1" / "outbox" / "coach.ics").read_text().replace("\r\n ", "")
    )
    assert "DTSTART;TZID=America/Denver:20261128T100000" in calendar
    past = run(cli, "plan", "show", "--week", "2026-11-16", "--json")["workouts"][0]
    late = call(cli, "plan", "move", str(past["id"]), "2026-11-29")
    assert late.exit_code == 2
    assert "a past session is done or missed" in late.stderr


def test_the_whole_plan_and_one_workout_are_shown(athlete_with_a_plan: Cli) -> None:
    cli = athlete_with_a_plan
    whole = run(cli, "plan", "show", "--all", "--json")
    weeks = {w["date"][:10] for w in whole["workouts"]}
    assert min(weeks) >= "2026-11-09" and max(weeks) <= "2026-12-06"
    text = call(cli, "plan", "show", "--all").stdout
    assert "Week of 09 Nov 2026" in text and "Week of 30 Nov 2026" in text
    assert f"The whole plan: {len(whole['workouts'])} sessions" in text
    swim = next(w for w in whole["workouts"] if w["sport"] == "swim")
    one = run(cli, "plan", "workout", str(swim["id"]), "--json")
    assert one["definition"]["steps"]
    shown = call(cli, "plan", "workout", str(swim["id"])).stdout
    assert swim["name"] in shown and "Pool: 25 yd" in shown


def test_a_downgrade_asks_first(cli_default_db: Cli) -> None:
    cli_default_db.ok("init", "--no-input", "--name", "Sam")
    refused = cli_default_db("db", "downgrade", "-1")
    assert refused.exit_code == 2
    assert "add --yes to confirm" in refused.stderr
    assert "head" in cli_default_db.ok("db", "current").stdout
    done = cli_default_db("db", "downgrade", "-1", "--yes")
    assert done.exit_code == 0, done.stderr
    cli_default_db.ok("db", "upgrade")


def test_everything_is_exported_without_secrets(
    sam: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    call(sam, "log", "session", "swim", "40min", "--date", "2026-11-20", "--note", "open water")
    folder = tmp_path / "mine"
    result = run(sam, "export-data", "--out", str(folder), "--json")
    assert result["rows"]["activities"] == 1 and result["rows"]["goals"] >= 1
    document = json.loads((folder / "coach-export.json").read_text())
    assert document["format"] == "coach-export" and document["athlete"]["name"] == "Sam"
    assert document["activities"][0]["data"]["note"] == "open water"
    assert (folder / "activities.csv").read_text().count("\n") == 2
    assert "ciphertext" not in (folder / "coach-export.json").read_text()
    again = call(sam, "export-data", "--out", str(folder))
    assert again.exit_code == 4
    assert "already exists" in again.stderr
