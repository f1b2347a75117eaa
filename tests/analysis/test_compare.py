"""Planned against done: matching, compliance bands, adherence, recovery and patterns
(science.md §11)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.analysis.compare import (
    Band,
    Miss,
    adherence,
    band_of,
    compare,
    patterns,
    period,
    recovery,
    score,
)
from coach.analysis.facts import ActivityFact, PlannedFact

MON = date(2026, 11, 2)
TODAY = date(2026, 11, 9)


def planned(
    pid: int, day: date, sport: str = "run", minutes: float = 60, **kw: object
) -> PlannedFact:
    return PlannedFact(id=pid, day=day, sport=sport, duration_s=minutes * 60, **kw)  # type: ignore[arg-type]


def done(
    aid: int, day: date, sport: str = "run", minutes: float = 60, **kw: object
) -> ActivityFact:
    return ActivityFact(
        id=aid,
        day=day,
        local_time=time(7),
        sport=sport,
        duration_s=minutes * 60,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("ratio", "band"),
    [
        (1.0, Band.GREEN), (0.80, Band.GREEN), (1.20, Band.GREEN), (0.79, Band.YELLOW),
        (0.50, Band.YELLOW), (1.21, Band.YELLOW), (1.50, Band.YELLOW), (0.49, Band.RED),
        (1.51, Band.RED), (0.0, Band.RED),
    ],
)  # fmt: skip
def test_trainingpeaks_colour_bands(ratio: float, band: Band) -> None:
    assert band_of(ratio) is band


@pytest.mark.parametrize(
    ("planned_min", "done_min", "planned_load", "done_load", "expected"),
    [
        (60, 60, 60.0, 60.0, 1.0),  # exact
        (60, 30, None, None, 0.40 + 0.25 * 0.5 + 0.25 * 0.5 + 0.10 * 0.5),  # half, loads unknown
        (60, 90, None, None, 0.40 + 0.6 * (60 / 90)),  # too much costs like too little
        # half the time at the planned intensity: duration 0.5, intensity 1, load 0.5
        (60, 30, 60.0, 30.0, 0.40 + 0.25 * 0.5 + 0.25 * 1.0 + 0.10 * 0.5),
    ],
)
def test_a_workouts_score(
    planned_min: float,
    done_min: float,
    planned_load: float | None,
    done_load: float | None,
    expected: float,
) -> None:
    p = planned(1, MON, minutes=planned_min, load=planned_load)
    a = done(1, MON, minutes=done_min, load=done_load)
    assert score(p, a) == pytest.approx(expected)
    assert score(p, None) == 0.0


def test_two_sessions_a_day_pair_by_closest_duration_never_across_dates() -> None:
    plan = [
        planned(1, MON, minutes=30),
        planned(2, MON, minutes=90),
        planned(3, MON + timedelta(1)),
    ]
    acts = [done(10, MON, minutes=85), done(11, MON, minutes=35), done(12, MON + timedelta(2))]
    result = compare(plan, acts, TODAY)
    pairs = {c.planned.id: (c.activity.id if c.activity else None) for c in result.workouts}
    assert pairs == {1: 11, 2: 10, 3: None}
    assert [a.id for a in result.unplanned] == [12]  # a day late: not matched, stays unplanned


def test_a_moved_workout_matches_on_its_old_date_and_manual_links_win() -> None:
    plan = [planned(1, MON + timedelta(1), moved_from=MON), planned(2, MON)]
    acts = [done(10, MON, planned_id=2, locked=True), done(11, MON)]
    result = compare(plan, acts, TODAY)
    pairs = {
        c.planned.id: (c.activity.id if c.activity else None, c.manual) for c in result.workouts
    }
    assert pairs == {1: (11, False), 2: (10, True)}


def test_another_sport_on_the_day_is_unplanned_and_todays_workout_is_pending() -> None:
    plan = [planned(1, MON, sport="swim"), planned(2, TODAY)]
    result = compare(plan, [done(10, MON, sport="run")], TODAY)
    assert [c.band for c in result.workouts] == [Band.RED, Band.PENDING]
    assert [a.id for a in result.unplanned] == [10]
    assert adherence(result.workouts) == 0.0


def test_a_week_period_separates_planned_and_unplanned_hours_and_keeps_reasons() -> None:
    plan = [planned(1, MON), planned(2, MON + timedelta(2), reason="work trip", name="Intervals")]
    acts = [done(10, MON, load=50.0), done(11, MON + timedelta(3), sport="strength", minutes=45)]
    result = compare(plan, acts, TODAY)
    week = period(result, acts, MON, MON + timedelta(6))
    assert (week.planned_h, week.actual_h, week.unplanned_h) == (2.0, 1.75, 0.75)
    assert week.actual_load == 50.0  # the strength session's unknown load is not a zero
    assert week.missed == (Miss(2, "Intervals", MON + timedelta(2), "run", None, "work trip"),)
    assert week.adherence_pct == pytest.approx(50.0)
    assert week.sessions_by_sport == {"run": 1, "strength": 1}


def test_recovery_counts_hard_days_back_to_back() -> None:
    acts = [
        done(1, MON, hard=True),
        done(2, MON + timedelta(1), hard=True),
        done(3, MON + timedelta(4), load=90.0),  # hard is decided by intensity, not load
        done(4, MON + timedelta(5), hard=True),
    ]
    result = recovery(acts)
    assert result.hard_days == (MON, MON + timedelta(1), MON + timedelta(5))
    assert result.days_between_hard == (1, 4)
    assert result.back_to_back == 1


@pytest.mark.parametrize(
    ("kind", "excused"),
    [("illness", True), ("injury", True), ("travel", True), ("time", False), (None, False)],
)
def test_misses_for_illness_injury_or_travel_are_not_held_against_the_plan(
    kind: str | None, excused: bool
) -> None:
    plan = [planned(1, MON), planned(2, MON + timedelta(2), reason_kind=kind, status="missed")]
    acts = [done(10, MON)]
    week = period(compare(plan, acts, TODAY), acts, MON, MON + timedelta(6))
    assert (week.workouts, len(week.excused)) == ((1, 1) if excused else (2, 0))
    assert week.adherence_pct == pytest.approx(100.0 if excused else 50.0)
    plan = [
        planned(i, MON + timedelta(weeks=i), reason_kind=kind, status="missed") for i in range(4)
    ]
    found = patterns(compare(plan, [], MON + timedelta(weeks=4)), MON + timedelta(weeks=4))
    assert bool(found) is not excused


def test_days_without_data_are_not_judged() -> None:
    plan = [planned(1, MON), planned(2, MON + timedelta(2)), planned(3, MON + timedelta(4))]
    acts = [done(10, MON)]
    week = period(
        compare(plan, acts, TODAY), acts, MON, MON + timedelta(6), unknown_from=MON + timedelta(1)
    )
    assert (week.workouts, week.completed, week.unknown) == (1, 1, 2)
    assert week.adherence_pct == pytest.approx(100.0)


def test_repeated_misses_on_one_weekday_and_window_are_a_pattern() -> None:
    plan = [planned(i, MON + timedelta(weeks=i), local_time=time(6, 30)) for i in range(4)] + [
        planned(10 + i, MON + timedelta(weeks=i, days=2), sport="swim") for i in range(4)
    ]
    acts = [done(100, MON + timedelta(weeks=3))] + [
        done(200 + i, MON + timedelta(weeks=i, days=2), sport="swim") for i in range(4)
    ]
    found = patterns(compare(plan, acts, MON + timedelta(weeks=4)), MON + timedelta(weeks=4))
    kinds = {(p.kind, p.value): (p.missed, p.planned) for p in found}
    assert kinds[("weekday", "Monday")] == (3, 4)
    assert kinds[("window", "early morning")] == (3, 4)
    assert ("weekday", "Wednesday") not in kinds


durations = st.floats(min_value=10, max_value=180)


@given(st.lists(durations, min_size=1, max_size=8))
def test_an_exact_match_is_full_compliance(minutes: list[float]) -> None:
    plan = [planned(i, MON + timedelta(i), minutes=m, load=m) for i, m in enumerate(minutes)]
    acts = [done(100 + i, MON + timedelta(i), minutes=m, load=m) for i, m in enumerate(minutes)]
    result = compare(plan, acts, TODAY + timedelta(days=30))
    assert all(c.band is Band.GREEN for c in result.workouts)
    assert adherence(result.workouts) == pytest.approx(100.0)


@given(
    st.lists(st.tuples(st.integers(0, 6), durations), max_size=6),
    st.lists(st.tuples(st.integers(0, 6), durations), max_size=6),
    st.integers(0, 6),
    durations,
)
def test_an_unplanned_activity_never_raises_adherence(
    plan_days: list[tuple[int, float]],
    done_days: list[tuple[int, float]],
    extra_day: int,
    extra_minutes: float,
) -> None:
    plan = [planned(i, MON + timedelta(d), minutes=m) for i, (d, m) in enumerate(plan_days)]
    acts = [done(100 + i, MON + timedelta(d), minutes=m) for i, (d, m) in enumerate(done_days)]
    before = adherence(compare(plan, acts, TODAY).workouts)
    extra = done(999, MON + timedelta(extra_day), sport="hike", minutes=extra_minutes)
    after_result = compare(plan, [*acts, extra], TODAY)
    assert extra in after_result.unplanned
    assert adherence(after_result.workouts) == before


@given(st.lists(st.tuples(st.integers(0, 6), durations), min_size=1, max_size=6))
def test_nothing_due_is_no_adherence_not_zero(plan_days: list[tuple[int, float]]) -> None:
    plan = [planned(i, TODAY + timedelta(d), minutes=m) for i, (d, m) in enumerate(plan_days)]
    assert adherence(compare(plan, [], TODAY).workouts) is None


def test_one_session_recorded_twice_counts_once() -> None:
    from datetime import UTC, datetime

    from coach.analysis.facts import one_per_session

    at = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
    watch = done(1, MON, sport="strength", minutes=62, start=at, source="garmin")
    hevy = done(
        2, MON, sport="strength", minutes=55, load=37.0, start=at + timedelta(minutes=4),
        source="hevy",
    )  # fmt: skip
    later = done(3, MON, sport="strength", minutes=30, start=at + timedelta(hours=3), source="hevy")
    run = done(4, MON, sport="run", minutes=60, start=at, source="garmin")
    kept = one_per_session([watch, hevy, later, run])
    assert sorted(a.id for a in kept) == [2, 3, 4]  # Hevy's copy has the load
    same_source = done(5, MON, sport="run", minutes=60, start=at, source="garmin")
    assert len(one_per_session([run, same_source])) == 2  # one source: two sessions
