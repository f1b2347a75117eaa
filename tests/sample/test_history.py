"""The simulated past the demo imports: every planned session is done or missed exactly once,
the schedule conflict and the tired days are there, and the same seed gives the same past."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.metrics import MetricType
from coach.domain.sport import Sport
from coach.domain.units import PoolUnit
from coach.planning.library import workout_library
from coach.sample.history import (
    CONFLICT_REASON,
    CONFLICT_WEEKDAY,
    TIRED_DAYS,
    Athlete,
    PlannedItem,
    simulate,
)

TODAY = date(2026, 11, 27)  # a Friday
ATHLETE = Athlete("America/Denver", 54, 188, 82.0, 17.5, 46.0)
WEEKLY = {  # weekday -> library workout
    0: "swim_css",
    1: "strength_power_lower",
    2: "run_4x4",
    3: "mobility_hips",
    4: "swim_technique",
    5: "bike_easy",
}


def plan(weeks: int = 6) -> list[PlannedItem]:
    library = {w.id: w for w in workout_library()}
    monday = TODAY - timedelta(weeks=weeks, days=TODAY.weekday())
    items = []
    for offset in range(weeks * 7 + 7):
        day = monday + timedelta(days=offset)
        if day.weekday() in WEEKLY:
            entry = library[WEEKLY[day.weekday()]]
            items.append(
                PlannedItem(
                    len(items) + 1,
                    day,
                    time(6, 30),
                    entry.definition(25, PoolUnit.YARDS),
                    entry.minutes,
                )
            )
    return items


def test_every_past_session_is_done_or_missed_once_and_nothing_is_in_the_future() -> None:
    items = plan()
    past = simulate(items, ATHLETE, TODAY)
    done = [a.planned_id for a in past.activities] + [s.planned_id for s in past.strength]
    missed = [m.planned_id for m in past.missed]
    due = {p.id for p in items if p.day < TODAY}
    assert sorted(done + missed) == sorted(due)
    zone = ZoneInfo(ATHLETE.timezone)
    assert all(a.start.astimezone(zone).date() < TODAY for a in past.activities)
    assert all(s.start.date() < TODAY for s in past.strength)


def test_the_conflict_weekday_is_missed_for_three_weeks_and_the_first_misses_say_why() -> None:
    items = plan()
    past = simulate(items, ATHLETE, TODAY)
    by_id = {p.id: p for p in items}
    recent = [
        m
        for m in past.missed
        if by_id[m.planned_id].day.weekday() == CONFLICT_WEEKDAY
        and by_id[m.planned_id].day >= TODAY - timedelta(weeks=3)
    ]
    assert len(recent) == 3
    assert [m.reason for m in recent] == [CONFLICT_REASON, CONFLICT_REASON, None]


def test_sessions_come_out_as_the_sport_needs() -> None:
    past = simulate(plan(), ATHLETE, TODAY)
    sports = {a.sport for a in past.activities}
    assert Sport.STRENGTH not in sports  # strength goes through the phone app
    assert {Sport.SWIM, Sport.MOBILITY, Sport.BIKE} <= sports
    swim = next(a for a in past.activities if a.sport is Sport.SWIM)
    assert swim.lengths and not swim.segments
    assert any(not length.active for length in swim.lengths)  # rests between repeats
    lifted = past.strength[0].sets
    assert {s.exercise for s in lifted} >= {"Back squat", "Box jump"}
    assert all(s.weight_kg is None for s in lifted if s.exercise == "Box jump")


def test_swims_get_faster_and_loads_heavier_over_the_weeks() -> None:
    past = simulate(plan(), ATHLETE, TODAY, seed=3)
    swims = [a for a in past.activities if a.name.startswith("Swim CSS")]
    fastest = [min(x.duration_s for x in s.lengths if x.active) for s in swims]
    assert fastest[-1] < fastest[0]
    squats = [
        max(x.weight_kg or 0 for x in s.sets if x.exercise == "Back squat") for s in past.strength
    ]
    assert squats[-1] > squats[0]


def test_the_last_days_read_tired_and_body_values_end_at_the_athletes_current_ones() -> None:
    past = simulate(plan(), ATHLETE, TODAY)
    quality = {d: v for d, m, v in past.readings if m is MetricType.SLEEP_QUALITY}
    assert all(quality[TODAY - timedelta(days=n)] <= 4 for n in range(TIRED_DAYS))
    assert quality[TODAY - timedelta(days=TIRED_DAYS + 1)] >= 6
    latest = {m: v for d, m, v in past.readings if d == TODAY}
    assert latest[MetricType.BODY_FAT_PCT] == pytest.approx(ATHLETE.body_fat_pct)
    assert latest[MetricType.VO2_MAX] == pytest.approx(ATHLETE.vo2_max)
    first = min(d for d, m, _ in past.readings if m is MetricType.BODY_FAT_PCT)
    start = {m: v for d, m, v in past.readings if d == first}
    assert start[MetricType.BODY_FAT_PCT] > ATHLETE.body_fat_pct


def test_nothing_planned_in_the_past_gives_an_empty_past() -> None:
    future = [p for p in plan() if p.day >= TODAY]
    past = simulate(future, ATHLETE, TODAY)
    assert not (past.activities or past.strength or past.missed or past.readings)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6), weeks=st.integers(min_value=1, max_value=8))
def test_any_seed_gives_a_complete_and_repeatable_past(seed: int, weeks: int) -> None:
    items = plan(weeks)
    first = simulate(items, ATHLETE, TODAY, seed)
    assert first == simulate(items, ATHLETE, TODAY, seed)
    accounted = len(first.activities) + len(first.strength) + len(first.missed)
    assert accounted == sum(1 for p in items if p.day < TODAY)
    assert all(a.duration_s > 0 for a in first.activities)
