"""The evening loop through the real CLI: init -> import -> plan -> review -> approve -> a new
plan version -> exported files -> the stored review with its decisions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.cli.conftest import NOW
from tests.conftest import Cli


def run(cli: Cli, *args: str) -> dict[str, object]:
    with time_machine.travel(NOW, tick=False):
        return json.loads(cli.ok(*args).stdout)  # type: ignore[no-any-return]


def test_review_then_approve_makes_a_new_version_and_exports_it(
    athlete_with_a_plan: Cli, coach_home: Path
) -> None:
    cli = athlete_with_a_plan
    review = run(cli, "review", "--json")
    proposals = review["proposals"]
    assert proposals, review["insights"]
    assert any("planned sessions in the last 7 days" in line for line in review["insights"])  # type: ignore[union-attr]
    assert review["decision"] == "adjust"  # a week of misses "for want of time": fit the plan
    assert len(proposals) == 1  # type: ignore[arg-type]  # one decision per evening
    again = run(cli, "review", "--json")
    assert again["review_id"] == review["review_id"]
    assert len(again["proposals"]) == len(proposals)  # type: ignore[arg-type]
    approved = run(cli, "review", "approve", str(review["review_id"]), "--all", "--json")
    assert approved["approved"] == len(proposals)  # type: ignore[arg-type]
    assert approved["plan_versions"][-1] == 1 + len(proposals)  # type: ignore[index]
    assert approved["export_error"] is None
    assert list((coach_home / "athletes" / "1" / "outbox" / "fit").glob("*.fit"))
    history = run(cli, "plan", "history", "--json")
    assert len(history["versions"]) == 1 + len(proposals)  # type: ignore[arg-type]
    stored = run(cli, "review", "show", str(review["review_id"]), "--json")
    assert {p["status"] for p in stored["proposals"]} == {"applied"}  # type: ignore[union-attr,index]
    with time_machine.travel(NOW, tick=False):
        twice = cli("review", "approve", str(review["review_id"]), "1")
    assert twice.exit_code == 4
    assert "already approved and applied" in twice.stderr


def test_rejecting_leaves_the_plan_as_it_was(athlete_with_a_plan: Cli) -> None:
    cli = athlete_with_a_plan
    review = run(cli, "review", "--json")
    with time_machine.travel(NOW, tick=False):
        cli.ok("review", "reject", str(review["review_id"]), "--all", "--reason", "busy week")
    history = run(cli, "plan", "history", "--json")
    assert [v["version"] for v in history["versions"]] == [1]  # type: ignore[index,union-attr]
    stored = run(cli, "review", "show", str(review["review_id"]), "--json")
    assert {(p["status"], p["reason"]) for p in stored["proposals"]} == {("rejected", "busy week")}  # type: ignore[union-attr,index]
    # reviewing again keeps the decisions and proposes nothing already decided twice
    again = run(cli, "review", "--json")
    assert again["review_id"] == review["review_id"]


def test_review_auto_never_asks_and_a_bad_number_is_one_line(athlete_with_a_plan: Cli) -> None:
    cli = athlete_with_a_plan
    with time_machine.travel(NOW, tick=False):
        text = cli.ok("review", "--auto").stdout
        review = json.loads(cli.ok("review", "--json").stdout)
        bad = cli("review", "approve", str(review["review_id"]), "99")
    assert "Review" in text and "Approve with" in text
    assert bad.exit_code == 2
    assert "no proposal 99" in bad.stderr


def test_review_sync_reports_each_source_and_goes_on(
    athlete_with_a_plan: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = athlete_with_a_plan
    review = run(cli, "review", "--sync", "--json")
    assert review["sync"] == ["No source is linked (coach garmin login, coach hevy login)."]
    monkeypatch.setenv("COACH_HEVY_API_KEY", "k")
    monkeypatch.setenv("COACH_HEVY_BASE_URL", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("COACH_HEVY_MAX_ATTEMPTS", "1")
    broken = run(cli, "review", "--sync", "--json")
    assert broken["sync"][0].startswith("Hevy failed: cannot reach Hevy")  # type: ignore[index]
    assert broken["review_id"] == review["review_id"]  # the review went on


def _on_a_terminal(args: list[str], answer: bytes) -> tuple[int, str]:
    """Run coach with a pseudo-terminal as stdin and stdout, answering ``answer``."""
    main, replica = os.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(main, 4096)
            except OSError:  # the replica closed: EIO
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        os.write(main, answer)
        done = subprocess.run(
            [sys.executable, "-m", "coach", *args],
            stdin=replica,
            stdout=replica,
            stderr=subprocess.PIPE,
            timeout=120,
            env={**os.environ, "COLUMNS": "200"},
            check=False,
        )
    finally:
        os.close(replica)
        reader.join(timeout=10)
        os.close(main)
    return done.returncode, b"".join(chunks).decode(errors="replace")


def test_a_review_piped_into_another_program_never_waits_for_an_answer(
    athlete_with_a_plan: Cli,
) -> None:
    """`coach review | tail`: stdin is a terminal, stdout is not: no prompt into the pipe."""
    main, replica = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "coach", "review", "--date", "2026-11-22"],
            stdin=replica,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(main)
        os.close(replica)
    assert done.returncode == 0, done.stderr
    assert "Approve which?" not in done.stdout
    assert "Approve with `coach review approve" in done.stdout
    stored = run(athlete_with_a_plan, "review", "list", "--json")
    assert [p["status"] for p in stored[0]["proposals"]] == ["proposed"]  # type: ignore[index]


def test_in_a_terminal_the_review_asks_and_approves_what_is_chosen(
    athlete_with_a_plan: Cli,
) -> None:
    """The real prompt, on a real terminal (a pseudo-terminal as stdin and stdout)."""
    expected = run(athlete_with_a_plan, "review", "--json")
    count = len(expected["proposals"])  # type: ignore[arg-type]
    number = expected["proposals"][0]["number"]  # type: ignore[index]
    code, output = _on_a_terminal(["review", "--date", "2026-11-22"], f"{number}\n".encode())
    assert code == 0, output
    assert "Approve which?" in output
    assert "approved 1 proposal; plan version 2" in output
    stored = run(athlete_with_a_plan, "review", "show", str(expected["review_id"]), "--json")
    statuses = [p["status"] for p in stored["proposals"]]  # type: ignore[union-attr,index]
    assert statuses == ["applied"] + ["proposed"] * (count - 1)


def test_the_timer_reviews_every_athlete_and_one_failure_stops_no_one(
    athlete_with_a_plan: Cli,
) -> None:
    cli = athlete_with_a_plan  # Sam, with a plan and a week of misses
    with time_machine.travel(NOW, tick=False):
        cli.ok("init", "--no-input", "--name", "Alex", "--timezone", "Europe/Berlin")
    everyone = run(cli, "review", "--auto", "--every-athlete", "--json")
    assert [r["athlete"] for r in everyone["reviews"]] == ["Sam", "Alex"]  # type: ignore[index]
    assert everyone["failures"] == []
    sam, alex = everyone["reviews"]  # type: ignore[misc]
    assert sam["decision"] == "adjust" and sam["proposals"]
    assert alex["date"] == "2026-11-23"  # already Monday in Berlin when it is Sunday in Denver
    with time_machine.travel(NOW, tick=False):
        # Monday 23 Nov is still ahead in Denver (Sam) but already today in Berlin (Alex)
        monday = cli("review", "--every-athlete", "--date", "2026-11-23", "--json")
        both = cli("review", "--every-athlete", "--athlete", "Sam")
    assert monday.exit_code == 2  # the first failure's exit code, after everyone was tried
    answer = json.loads(monday.stdout)
    assert [r["athlete"] for r in answer["reviews"]] == ["Alex"]
    assert [f["athlete"] for f in answer["failures"]] == ["Sam"]
    assert "is in the future" in answer["failures"][0]["error"]
    assert monday.stderr.startswith("error: Sam: ")
    assert both.exit_code == 2
    assert "not both" in both.stderr


def test_the_timer_reviews_each_athlete_once_when_their_evening_comes(
    athlete_with_a_plan: Cli,
) -> None:
    """Sam lives in Denver, Kai in Auckland; COACH_REVIEW_TIME is 21:00 on each one's clock. The
    timer runs every 15 minutes: each is reviewed once, when their own evening has come."""
    cli = athlete_with_a_plan
    with time_machine.travel(NOW, tick=False):
        cli.ok("init", "--no-input", "--name", "Kai", "--timezone", "Pacific/Auckland")

    def due_at(instant: datetime) -> Any:
        with time_machine.travel(instant, tick=False):
            return cli("review", "--auto", "--due", "--json")

    denver_evening = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # Sun 21:00 Denver, Mon 17:00 NZ
    first = json.loads(due_at(denver_evening).stdout)
    assert [(r["athlete"], r["date"]) for r in first["reviews"]] == [("Sam", "2026-11-22")]
    again = json.loads(due_at(denver_evening + timedelta(minutes=15)).stdout)
    assert again["reviews"] == []  # Sam's Sunday is reviewed; Kai's evening is still ahead
    auckland_evening = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Mon 21:00 in Auckland
    kai = json.loads(due_at(auckland_evening).stdout)
    assert [(r["athlete"], r["date"]) for r in kai["reviews"]] == [("Kai", "2026-11-23")]
    with time_machine.travel(auckland_evening, tick=False):
        quiet = cli("review", "--due")
        alone = cli("review", "--due", "--athlete", "Sam")
    assert "No review is due" in quiet.stdout
    assert alone.exit_code == 2 and "give it alone" in alone.stderr
    listed = run(cli, "review", "list", "--athlete", "Sam", "--json")
    assert [r["date"] for r in listed] == ["2026-11-22"]  # type: ignore[index]
