"""Manual entries: what a device cannot measure, refused when implausible, kept as dated metrics."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
import time_machine

from coach.db.models import PlannedWorkout
from coach.db.session import make_engine, session_scope
from coach.domain.health import MissReason
from coach.domain.plan import WorkoutStatus
from tests.conftest import Cli
from tests.plans import add_plan, easy_run


@pytest.fixture
def sam(cli: Cli) -> Cli:
    cli.ok(
        "init",
        "--no-input",
        "--name",
        "Sam",
        "--units",
        "imperial",
        "--pool",
        "25yd",
        "--timezone",
        "UTC",
    )
    return cli


def metrics(cli: Cli, *args: str) -> list[dict[str, object]]:
    return json.loads(cli.ok("metrics", "list", "--json", *args).stdout)  # type: ignore[no-any-return]


@time_machine.travel(datetime(2026, 11, 23, 19, 0, tzinfo=UTC), tick=False)
def test_body_fat_and_weight_are_kept_and_the_profile_follows_the_newest(sam: Cli) -> None:
    sam.ok("log", "body-fat", "16.0", "--date", "2026-11-01")
    sam.ok("log", "body-fat", "15.2")
    sam.ok("log", "body-fat", "17.0", "--date", "2026-10-01")  # older: history only
    sam.ok("log", "weight", "180", "--note", "after breakfast")  # imperial: pounds
    values = [(m["date"], m["value"]) for m in metrics(sam, "--type", "body_fat_pct")]
    assert values == [("2026-10-01", 17.0), ("2026-11-01", 16.0), ("2026-11-23", 15.2)]
    profile = json.loads(sam.ok("athlete", "show", "--json").stdout)
    assert profile["current_body_fat"] == 15.2
    assert profile["weight_kg"] == pytest.approx(81.65, abs=0.01)
    (weight,) = metrics(sam, "--type", "weight_kg")
    assert weight["notes"] == "after breakfast" and weight["source"] == "manual"


def test_the_same_day_again_replaces_the_entry(sam: Cli) -> None:
    sam.ok("log", "body-fat", "15.2")
    sam.ok("log", "body-fat", "15.4")
    assert [m["value"] for m in metrics(sam, "--type", "body_fat_pct")] == [15.4]


def test_wellness_records_each_score_given(sam: Cli) -> None:
    sam.ok(
        "log",
        "wellness",
        "--energy",
        "6",
        "--soreness",
        "3",
        "--sleep-quality",
        "8",
        "--sleep-hours",
        "7.5",
        "--note",
        "travel day",
    )
    found = {m["type"]: m["value"] for m in metrics(sam)}
    assert found == {"energy": 6, "soreness": 3, "sleep_quality": 8, "sleep_hours": 7.5}


@pytest.mark.parametrize(
    ("name", "value", "metric", "expected"),
    [
        ("box-jump", "30", "box_jump_height_m", 0.762),  # a bare number is inches (imperial)
        ("box-jump", "76cm", "box_jump_height_m", 0.76),
        ("100yd-free", "1:12.4", "swim_100yd_free_s", 72.4),
        # (380 - 175) / 2 = 102.5 s per 100 yd = 112.09 s per 100 m
        ("css", "6:20/2:55", "css_s_per_100m", 102.5 / 0.9144),
        ("sit-and-reach", "-2in", "sit_and_reach_m", -0.0508),
        ("single-leg-balance", "45s", "single_leg_balance_s", 45.0),
        ("squat-1rm", "100kg", "squat_1rm_kg", 100.0),
    ],
)
def test_fitness_tests_become_canonical_metrics(
    sam: Cli, name: str, value: str, metric: str, expected: float
) -> None:
    sam.ok("log", "test", name, "--", value)  # "--" lets a value start with a minus
    (found,) = metrics(sam, "--type", metric)
    assert found["value"] == pytest.approx(expected, abs=1e-3)


def test_a_css_test_updates_the_threshold_in_use(sam: Cli) -> None:
    sam.ok("log", "test", "css", "6:00/2:50", "--pool", "m")  # (360 - 170) / 2 = 95 s/100 m
    body = json.loads(sam.ok("athlete", "show", "--json").stdout)["physiology"]
    assert body["css_s_per_100m"] == {"value": 95.0, "measured": True, "method": "profile"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "body-fat", "1.5"], "outside the plausible range 2-70 %"),
        (["log", "body-fat", "75"], "outside the plausible range"),
        (["log", "body-fat", "15", "--date", "2999-01-01"], "is in the future"),
        (["log", "weight", "80 stone"], "unknown unit 'stone'"),
        (["log", "wellness"], "give at least one of"),
        (["log", "test", "juggling", "3"], "unknown test 'juggling'"),
        (["log", "test", "css", "2:50/6:00"], "the 400 must take longer"),
        (["log", "test", "css", "6:00"], "takes T400/T200"),
        (["log", "test", "100yd-free", "0:20"], "outside the plausible range"),
        (["log", "missed", "99", "--reason", "illness"], "no planned workout 99"),
    ],
)
def test_implausible_entries_are_refused_and_nothing_is_stored(
    sam: Cli, args: list[str], message: str
) -> None:
    result = sam(*args)
    assert result.exit_code != 0 and message in result.stderr, result.stderr
    assert metrics(sam) == []


def test_a_missed_workout_keeps_its_reason(sam: Cli, database_url: str) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        (workout,) = add_plan(
            session, 1, date(2026, 11, 23), [("w1", date(2026, 11, 23), easy_run())]
        )
        workout_id = workout.id
    sam.ok("log", "missed", str(workout_id), "--reason", "travel", "--note", "work trip")
    with session_scope(engine) as session:
        stored = session.get(PlannedWorkout, workout_id)
        assert stored is not None
        assert (stored.status, stored.reason_kind, stored.status_reason) == (
            WorkoutStatus.MISSED,
            MissReason.TRAVEL,
            "work trip",
        )
    free_text = sam("log", "missed", str(workout_id), "--reason", "work trip")
    assert free_text.exit_code == 2
    assert "illness" in free_text.stderr and "fatigue" in free_text.stderr  # the known reasons
    engine.dispose()


@time_machine.travel(datetime(2026, 11, 23, 19, 0, tzinfo=UTC), tick=False)
def test_a_session_without_a_file_is_an_activity_with_its_load(sam: Cli) -> None:
    done = sam.ok(
        "log", "session", "run", "45min", "--distance", "5mi", "--rpe", "6", "--time", "07:00"
    )
    assert "run 45:00 on 2026-11-23 at 07:00 logged, load" in done.stdout
    (activity,) = json.loads(sam.ok("activities", "list", "--json").stdout)
    assert (activity["source"], activity["sport"]) == ("manual", "run")
    assert activity["distance_m"] == pytest.approx(8046.72)
    again = sam("log", "session", "run", "30min", "--time", "07:00")
    assert again.exit_code == 4
    assert "already logged" in again.stderr
    short = sam("log", "session", "run", "30s")
    assert short.exit_code == 2
    assert "between 1 min and 24 h" in short.stderr


@time_machine.travel(datetime(2026, 11, 23, 19, 0, tzinfo=UTC), tick=False)
def test_illness_injury_and_travel_are_kept_with_their_dates(sam: Cli, database_url: str) -> None:
    from coach.db.repo.health import episodes_since

    sam.ok("log", "illness", "--since", "2026-11-20")
    sam.ok("log", "illness", "--fever")  # the same illness, now with a fever
    sam.ok("log", "injury", "knee", "--since", "2026-11-21", "--note", "twisted")
    sam.ok(
        "log", "travel", "2026-11-26", "2026-11-28", "--window", "06:00-07:00", "--sports", "run"
    )
    both = sam("log", "recovered")
    assert both.exit_code == 2
    assert "an illness and an injury (knee) are open: say which is over" in both.stderr
    ended = sam.ok("log", "recovered", "illness", "--date", "2026-11-23")
    assert "illness with fever ended: symptom-free from 2026-11-23" in ended.stdout
    assert "knee" not in ended.stdout  # the knee still hurts
    sam.ok("log", "recovered", "knee", "--date", "2026-11-23")
    assert sam("log", "recovered").exit_code == 3  # nothing open any more
    bad = sam("log", "injury", "toe")
    assert bad.exit_code == 2
    backwards = sam("log", "travel", "2026-11-28", "2026-11-26")
    assert backwards.exit_code == 2
    assert "cannot end before it starts" in backwards.stderr
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        illness, injury, trip = episodes_since(session, 1, date(2026, 11, 1))
    engine.dispose()
    assert (illness.start, illness.end, illness.fever) == (
        date(2026, 11, 20),
        date(2026, 11, 22),
        True,
    )
    assert (injury.area, injury.end, injury.note) == ("knee", date(2026, 11, 22), "twisted")
    assert len(trip.windows) == 7 and trip.windows[0].sports == ("run",)


def test_a_logged_sessions_note_is_shown_with_it(sam: Cli) -> None:
    sam.ok(
        "log", "session", "swim", "40min", "--name", "Lunch swim", "--note", "[b]left[/b] shoulder"
    )
    shown = sam.ok("activities", "show", "1").stdout
    assert "Lunch swim" in shown and "note: [b]left[/b] shoulder" in shown  # as typed
