"""Approvals that cannot go wrong (issue 13, defects 4-7): stable proposal numbers, nothing
decided proposed again, no approval on a replaced plan, no empty change, no review of a day to
come; undo and the list of reviews."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import call, run
from tests.conftest import Cli


def _plan(cli: Cli) -> list[dict[str, Any]]:
    week = run(cli, "plan", "show", "--week", "2026-11-23", "--json")
    return sorted(
        ({k: w[k] for k in ("date", "name", "minutes")} for w in week["workouts"]),
        key=lambda w: (w["date"], w["name"]),
    )


def test_a_second_review_keeps_numbers_and_never_proposes_what_was_applied(
    athlete_with_a_plan: Cli,
) -> None:
    cli = athlete_with_a_plan
    first = run(cli, "review", "--json")
    (proposal,) = first["proposals"]
    assert proposal["number"] == 1
    run(cli, "review", "approve", str(first["review_id"]), "1", "--json")
    again = run(cli, "review", "--json")
    assert again["review_id"] == first["review_id"]
    applied = {json.dumps(p["operations"], sort_keys=True) for p in [proposal]}
    for p in again["proposals"]:
        assert p["number"] > 1  # a new proposal takes a new number
        assert p["title"] != proposal["title"] or json.dumps(p["operations"]) not in applied
    stored = run(cli, "review", "show", str(first["review_id"]), "--json")
    assert stored["proposals"][0]["number"] == 1
    assert stored["proposals"][0]["status"] == "applied"
    twice = call(cli, "review", "approve", str(first["review_id"]), "1")
    assert twice.exit_code == 4
    assert twice.stderr.strip() == "error: proposal 1 was already approved and applied"


def test_a_proposal_no_longer_made_is_withdrawn_and_cannot_be_approved(
    athlete_with_a_plan: Cli,
) -> None:
    cli = athlete_with_a_plan
    first = run(cli, "review", "--json")
    # the misses were for want of time; say they were illness: the reason for the change goes
    week = run(cli, "plan", "show", "--week", "2026-11-16", "--json")
    for workout in week["workouts"]:
        if workout["date"] < "2026-11-22":
            call(cli, "log", "missed", str(workout["id"]), "--reason", "illness")
    again = run(cli, "review", "--json")
    assert all(p["title"] != first["proposals"][0]["title"] for p in again["proposals"])
    stored = run(cli, "review", "show", str(first["review_id"]), "--json")
    withdrawn = stored["proposals"][0]
    assert (withdrawn["number"], withdrawn["status"]) == (1, "withdrawn")
    late = call(cli, "review", "approve", str(first["review_id"]), "1")
    assert late.exit_code == 4
    assert "was withdrawn: a later review of the evening does not propose it" in late.stderr
    assert len(run(cli, "plan", "history", "--json")["versions"]) == 1


def test_a_proposal_for_a_replaced_plan_is_refused_with_exit_4(
    athlete_with_a_plan: Cli,
) -> None:
    cli = athlete_with_a_plan
    review = run(cli, "review", "--json")
    run(cli, "plan", "generate", "--weeks", "4", "--start", "2026-11-23", "--replace", "--json")
    before = _plan(cli)
    late = call(cli, "review", "approve", str(review["review_id"]), "--all")
    assert late.exit_code == 4
    assert "which a new plan has replaced since" in late.stderr
    assert "run `coach review` again" in late.stderr
    assert _plan(cli) == before


def test_undo_returns_the_plan_to_the_version_before_and_the_exports_follow(
    athlete_with_a_plan: Cli, coach_home: Path
) -> None:
    cli = athlete_with_a_plan
    before = _plan(cli)
    review = run(cli, "review", "--json")
    run(cli, "review", "approve", str(review["review_id"]), "1", "--json")
    changed = _plan(cli)
    assert changed != before
    undone = run(cli, "review", "undo", str(review["review_id"]), "1", "--json")
    assert undone["plan_version"] == 3
    assert undone["export_error"] is None
    assert _plan(cli) == before
    calendar = (coach_home / "athletes" / "1" / "outbox" / "coach.ics").read_text()
    calendar = calendar.replace("\r\n ", "").replace("\n ", "").replace("\\,", ",")
    for workout in before:
        assert f"SUMMARY:{workout['name']}" in calendar
    stored = run(cli, "review", "show", str(review["review_id"]), "--json")
    assert stored["proposals"][0]["status"] == "undone"
    again = call(cli, "review", "undo", str(review["review_id"]), "1")
    assert again.exit_code == 4
    assert "was applied and then undone: there is nothing to undo" in again.stderr
    history = run(cli, "plan", "history", "--json")
    assert [v["version"] for v in history["versions"]] == [1, 2, 3]


def test_the_list_of_reviews_says_what_became_of_each_proposal(
    athlete_with_a_plan: Cli,
) -> None:
    cli = athlete_with_a_plan
    assert run(cli, "review", "list", "--json") == []
    review = run(cli, "review", "--json")
    call(cli, "review", "reject", str(review["review_id"]), "1", "--reason", "not now")
    listed = run(cli, "review", "list", "--json")
    assert [(r["review_id"], r["date"]) for r in listed] == [(review["review_id"], "2026-11-22")]
    assert listed[0]["proposals"] == [
        {"number": 1, "title": review["proposals"][0]["title"], "status": "rejected"}
    ]
    text = call(cli, "review", "list").stdout
    assert "(rejected)" in text and review["headline"].split(":")[0] in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("review", "--date", "2999-01-01"),
            "--date 2999-01-01 is in the future (today is 2026-11-22)",
        ),
        (("review", "--date", "0001-01-01"), "--date 0001-01-01 is before 1990-01-01"),
        (
            ("athlete", "set", "--ftp", "300", "--effective", "2030-01-01"),
            "--effective 2030-01-01 is in the future",
        ),
        (
            ("goals", "add", "body_fat", "--target", "14", "--deadline", "1900-01-01"),
            "--deadline 1900-01-01 is before 2026-11-22: a deadline must be ahead",
        ),
        (("log", "weight", "80", "--date", "0001-01-01"), "--date 0001-01-01 is before 1990-01-01"),
    ],
)
def test_days_that_cannot_be_meant_are_refused_and_nothing_changes(
    athlete_with_a_plan: Cli, args: tuple[str, ...], message: str
) -> None:
    cli = athlete_with_a_plan
    result = call(cli, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert run(cli, "review", "list", "--json") == []
    assert len(run(cli, "plan", "history", "--json")["versions"]) == 1


def test_a_goal_priority_outside_1_to_5_is_refused(athlete_with_a_plan: Cli) -> None:
    result = call(
        athlete_with_a_plan, "goals", "add", "body_fat", "--target", "14", "--priority", "0"
    )
    assert result.exit_code == 2
    assert "Invalid value for '--priority': Input should be greater than or equal to 1" in (
        " ".join(result.stderr.split())
    )


def test_two_approvals_at_once_apply_the_change_once_and_tell_the_second(
    athlete_with_a_plan: Cli, tmp_path: Path
) -> None:
    cli = athlete_with_a_plan
    review = run(cli, "review", "--json")
    env = dict(os.environ)
    command = [sys.executable, "-m", "coach", "review", "approve", str(review["review_id"]), "1"]
    racers = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(r.wait(timeout=120), *r.communicate()) for r in racers]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 4], results
    for code, out, err in results:
        assert "Traceback" not in err
        if code:
            lines = [line for line in err.splitlines() if line.strip()]
            assert len(lines) == 1, err
            assert lines == ["error: proposal 1 was already approved and applied"]
        else:
            assert "approved 1 proposal; plan version 2" in out
    history = run(cli, "plan", "history", "--json")
    assert [v["version"] for v in history["versions"]] == [1, 2]
