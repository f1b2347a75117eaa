"""The workout library and plan generation (pure): every template builds for every pool; plans
respect windows, the hours band, rest between hard days, the lighter 4th week and goal weights."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.domain.athlete import AvailabilityWindow, default_availability
from coach.domain.goals import GoalKind, default_goals, make_goal
from coach.domain.sport import Sport
from coach.domain.units import PoolUnit
from coach.planning.generate import (
    PlanRequest,
    band,
    generate,
    quality_weights,
    weekly_minutes,
)
from coach.planning.library import Intensity, Quality, workout_library

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("length", "unit"), [(25, PoolUnit.YARDS), (25, PoolUnit.METRES), (50, PoolUnit.METRES)]
)
def test_every_library_workout_builds_for_every_pool(length: float, unit: PoolUnit) -> None:
    for template in workout_library():
        definition = template.definition(length, unit)
        assert definition.sport is template.sport
        if template.sport is Sport.SWIM:
            assert definition.pool_length_m == pytest.approx(length * unit.metres)


def test_the_library_covers_every_goal_quality_and_substitutes_the_box() -> None:
    served = {q for t in workout_library() for q in t.serves}
    assert served == set(Quality)
    lower = next(t for t in workout_library() if t.id == "strength_power_lower")
    assert "box_jump" in lower.exercise_ids
    from coach.domain.exercises import exercise_library

    assert "broad_jump" in [e.id for e in exercise_library().substitutes("box_jump", [])]


def test_weekly_time_builds_three_weeks_then_lightens() -> None:
    minutes = weekly_minutes(default_goals(), 8)
    assert [round(m) for m in minutes] == [240, 257, 274, 180, 240, 257, 274, 180]
    assert band(default_goals()) == (3.0, 5.0)
    narrow = [make_goal(GoalKind.WEEKLY_HOURS, target_value=3.0, target_max=3.5)]
    assert max(weekly_minutes(narrow, 4)) == pytest.approx(3.5 * 60)  # never above the band


def test_goal_priorities_weight_the_mix() -> None:
    shares, priorities = quality_weights(
        [make_goal(GoalKind.SWIM_100YD_FREE, priority=1), make_goal(GoalKind.VO2_MAX, priority=5)]
    )
    assert shares[Quality.SWIM] == pytest.approx(5 / 6)
    assert priorities[Quality.SWIM] == 1


def request(**changes: object) -> PlanRequest:
    base: dict[str, object] = {
        "start": MONDAY,
        "weeks": 12,
        "goals": default_goals(),
        "windows": default_availability(),
        "library": workout_library(),
    }
    return PlanRequest(**{**base, **changes})  # type: ignore[arg-type]


def test_a_plan_for_the_first_athlete() -> None:
    sessions = generate(request())
    windows = {(w.weekday, w.start): w for w in default_availability()}
    for s in sessions:
        window = windows[(s.day.weekday(), s.start)]  # only in the athlete's windows
        assert not window.sports or s.template.sport in window.sports
    hard_days = sorted({s.day for s in sessions if s.hard})
    assert all((b - a).days > 1 for a, b in itertools.pairwise(hard_days))
    weekly = [sum(s.minutes for s in sessions if s.week == w) / 60 for w in range(12)]
    for week, hours in enumerate(weekly):
        if week % 4 == 3:
            assert hours < weekly[week - 1]  # the lighter week
        assert 3.0 <= hours <= 5.0 + 0.25  # every week inside the band, the light one too
    sports = {s.template.sport for s in sessions}
    assert {Sport.SWIM, Sport.STRENGTH, Sport.MOBILITY} <= sports
    assert len({(s.day, s.start) for s in sessions}) == len(sessions)  # one per window


def test_every_build_week_of_the_first_athlete_has_the_sessions_each_goal_needs() -> None:
    """The one cardio weekday sits between two strength days; filling greedily once left the VO2
    max goal weeks without an interval session."""
    sessions = generate(request())
    for week in range(12):
        if week % 4 == 3:
            continue  # the lighter week may drop some
        names = [s.template.id for s in sessions if s.week == week]
        kinds = {s.template.id.split("_")[0] for s in sessions if s.week == week}
        assert {"run_4x4", "bike_30_30", "row_4x4"} & set(names), (week, names)  # VO2 max
        assert {"swim_css", "swim_speed", "swim_time_trial"} & set(names), (week, names)
        assert "strength_power_lower" in names, (week, names)  # box jumps, squat, RDL
        assert "mobility" in kinds, (week, names)  # flexibility


def test_nothing_is_planned_before_the_first_day_or_outside_the_windows() -> None:
    wednesday = MONDAY + timedelta(days=2)
    sessions = generate(request(weeks=1, first_day=wednesday))
    assert min(s.day for s in sessions) >= wednesday
    swim_only = [
        AvailabilityWindow(weekday=0, start=time(7), end=time(7, 20), sports=(Sport.SWIM,))
    ]
    assert generate(request(weeks=1, windows=swim_only)) == []  # every swim is longer than 20 min


windows = st.lists(
    st.builds(
        AvailabilityWindow,
        weekday=st.integers(0, 6),
        start=st.sampled_from([time(6), time(12), time(18)]),
        end=st.sampled_from([time(20, 30)]),
        sports=st.sampled_from(
            [(), (Sport.SWIM,), (Sport.RUN, Sport.BIKE), (Sport.STRENGTH, Sport.MOBILITY)]
        ),
    ),
    min_size=1,
    max_size=10,
    unique_by=lambda w: (w.weekday, w.start),
)


@settings(max_examples=40, deadline=None)
@given(windows, st.booleans())
def test_any_availability_gives_a_plan_within_its_rules(
    given_windows: list[AvailabilityWindow], back_to_back: bool
) -> None:
    sessions = generate(
        request(weeks=4, windows=given_windows, allow_hard_back_to_back=back_to_back)
    )
    allowed = {(w.weekday, w.start): w for w in given_windows}
    for s in sessions:
        window = allowed[(s.day.weekday(), s.start)]
        assert not window.sports or s.template.sport in window.sports
    for week in range(4):
        assert sum(s.minutes for s in sessions if s.week == week) <= 5 * 60 + 15
    if not back_to_back:
        hard = sorted({s.day for s in sessions if s.template.intensity is Intensity.HARD})
        assert all((b - a).days > 1 for a, b in itertools.pairwise(hard))
