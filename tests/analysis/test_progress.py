"""Goal progress: trends, rates, status and ranking, on hand-made series."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.analysis.progress import Evidence, Reason, Status, goal_progress, goal_series, rank
from coach.analysis.trend import (
    BEST_EFFORT_DAYS,
    lagged_correlation,
    period_means,
    rolling_best,
    slope_per_day,
    smoothed,
)
from coach.domain.goals import Direction, GoalKind, make_goal
from coach.domain.metrics import MetricType

TODAY = date(2026, 11, 23)


def weekly(start_value: float, per_week: float, weeks: int) -> list[tuple[date, float]]:
    first = TODAY - timedelta(weeks=weeks - 1)
    return [(first + timedelta(weeks=i), start_value + per_week * i) for i in range(weeks)]


def test_the_hackers_diet_trend_by_hand() -> None:
    series = [(TODAY, 20.0), (TODAY + timedelta(1), 21.0), (TODAY + timedelta(3), 19.0)]
    # 20; 20 + 0.1 (21 - 20) = 20.1; two days later alpha = 1 - 0.9^2 = 0.19:
    # 20.1 + 0.19 (19 - 20.1) = 19.891
    assert [round(v, 4) for _, v in smoothed(series)] == [20.0, 20.1, 19.891]


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([(0, 1.0), (7, 2.0)], 1 / 7),
        ([(0, 5.0), (1, 5.0), (2, 5.0)], 0.0),
        ([(0, 1.0)], None),
        ([(0, 1.0), (0, 2.0)], None),  # one day only
    ],
)
def test_regression_slope(points: list[tuple[int, float]], expected: float | None) -> None:
    series = [(TODAY + timedelta(days=d), v) for d, v in points]
    assert slope_per_day(series) == (pytest.approx(expected) if expected is not None else None)


def test_period_means_leave_empty_weeks_out() -> None:
    series = [(date(2026, 11, 2), 20.0), (date(2026, 11, 4), 19.0), (date(2026, 11, 17), 18.0)]
    assert period_means(series, "week") == {"2026-W45": 19.5, "2026-W47": 18.0}
    assert period_means(series, "month") == {"2026-11": 19.0}


def test_correlations_need_eight_weeks() -> None:
    weeks = [TODAY - timedelta(weeks=i) for i in range(10)]
    cause = {w: float(i) for i, w in enumerate(weeks)}
    effect = {w: 100.0 - i for i, w in enumerate(weeks)}
    r, n = lagged_correlation(cause, effect, 0)  # type: ignore[misc]
    assert (round(r, 6), n) == (-1.0, 10)
    assert lagged_correlation(dict(list(cause.items())[:7]), effect, 0) is None


@pytest.mark.parametrize(
    ("per_week", "deadline_weeks", "status"),
    [
        # 20 -> 14 in 12 weeks needs ~-0.55/week from the trend (it lags the line by 9 days)
        (-0.6, 12, Status.ON_TRACK),
        (-0.35, 12, Status.AT_RISK),
        (-0.1, 12, Status.OFF_TRACK),
        (0.2, 12, Status.OFF_TRACK),  # the wrong way
    ],
)
def test_body_fat_against_a_deadline(per_week: float, deadline_weeks: int, status: Status) -> None:
    goal = make_goal(
        GoalKind.BODY_FAT, target_value=14.0, deadline=TODAY + timedelta(weeks=deadline_weeks)
    )
    # daily readings on a straight line ending at 20 %: the trend's slope is the line's
    days = [(TODAY - timedelta(days=n), 20.0 - per_week / 7 * n) for n in range(60, -1, -1)]
    evidence = Evidence(metrics={MetricType.BODY_FAT_PCT: days})
    result = goal_progress(goal, evidence, TODAY)
    assert result.status is status
    assert result.per_week == pytest.approx(per_week, rel=0.05)


def test_a_reached_target_is_on_track_and_no_data_is_said() -> None:
    goal = make_goal(GoalKind.BODY_FAT, target_value=14.0)
    reached = Evidence(metrics={MetricType.BODY_FAT_PCT: [(TODAY, 13.5)]})
    done = goal_progress(goal, reached, TODAY)
    assert (done.status, done.reason, done.reached) == (
        Status.ON_TRACK,
        Reason.TARGET_REACHED,
        True,
    )
    result = goal_progress(goal, Evidence(metrics={}), TODAY)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_MEASUREMENT)


def test_a_goal_without_deadline_is_judged_by_the_expected_rate() -> None:
    goal = make_goal(GoalKind.SWIM_100YD_FREE)  # faster: 0.25 s a week expected
    quick = Evidence(metrics={MetricType.SWIM_100YD_FREE_S: weekly(90.0, -0.5, 6)})
    slow = Evidence(metrics={MetricType.SWIM_100YD_FREE_S: weekly(90.0, -0.15, 6)})
    assert goal_progress(goal, quick, TODAY).status is Status.ON_TRACK
    assert goal_progress(goal, slow, TODAY).status is Status.AT_RISK
    assert goal_progress(goal, quick, TODAY).extras["best"] == pytest.approx(87.5)


def test_relative_lifts_use_the_weight_of_the_day() -> None:
    goal = make_goal(GoalKind.SQUAT_RELATIVE)
    evidence = Evidence(
        metrics={
            MetricType.SQUAT_1RM_KG: [(TODAY - timedelta(days=20), 100.0), (TODAY, 110.0)],
            MetricType.WEIGHT_KG: [
                (TODAY - timedelta(days=30), 80.0),
                (TODAY - timedelta(5), 88.0),
            ],
        }
    )
    assert goal_series(goal, evidence) == [
        (TODAY - timedelta(days=20), 1.25),
        (TODAY, 1.25),
    ]


@pytest.mark.parametrize(
    ("hours", "status"),
    [
        ([4.0, 3.5, 4.5, 3.0], Status.ON_TRACK),
        ([4.0, 6.0, 5.5, 3.0], Status.AT_RISK),  # mean 4.6 in band, 2 weeks outside
        ([1.0, 1.5, 1.0, 2.0], Status.OFF_TRACK),
    ],
)
def test_weekly_hours_against_the_band(hours: list[float], status: Status) -> None:
    goal = make_goal(GoalKind.WEEKLY_HOURS, target_value=3.0, target_max=5.0)
    monday = TODAY - timedelta(days=TODAY.weekday())
    weeks = {monday - timedelta(weeks=4 - i): h for i, h in enumerate(hours)}
    assert goal_progress(goal, Evidence(metrics={}, weekly_hours=weeks), TODAY).status is status


def test_maintain_goals_hold_their_reference() -> None:
    goal = make_goal(GoalKind.SINGLE_LEG_BALANCE, direction=Direction.MAINTAIN)
    steady = Evidence(metrics={MetricType.SINGLE_LEG_BALANCE_S: weekly(30.0, 0.1, 5)})
    dropped = Evidence(metrics={MetricType.SINGLE_LEG_BALANCE_S: weekly(30.0, -2.0, 5)})
    assert goal_progress(goal, steady, TODAY).status is Status.ON_TRACK
    assert goal_progress(goal, dropped, TODAY).status is Status.OFF_TRACK


def test_ranking_puts_the_goal_furthest_behind_first() -> None:
    fat = make_goal(GoalKind.BODY_FAT, target_value=14.0, priority=2)
    vo2 = make_goal(GoalKind.VO2_MAX, priority=2)
    swim = make_goal(GoalKind.SWIM_100YD_FREE, priority=2)
    evidence = Evidence(
        metrics={
            MetricType.BODY_FAT_PCT: weekly(20.0, -0.2, 6),
            MetricType.VO2_MAX: weekly(45.0, -0.3, 6),
        }
    )
    ranked = rank([goal_progress(g, evidence, TODAY) for g in (fat, vo2, swim)])
    assert [p.goal.kind for p in ranked] == [
        GoalKind.VO2_MAX,
        GoalKind.SWIM_100YD_FREE,
        GoalKind.BODY_FAT,
    ]


@given(st.lists(st.floats(min_value=5, max_value=50), min_size=1, max_size=30), st.integers(1, 10))
def test_a_gap_in_readings_is_never_read_as_zero(values: list[float], gap_days: int) -> None:
    series = [(TODAY + timedelta(days=i * gap_days), v) for i, v in enumerate(values)]
    trend = smoothed(series)
    assert all(min(values) - 1e-9 <= v <= max(values) + 1e-9 for _, v in trend)


D0 = date(2026, 10, 1)


@pytest.mark.parametrize(
    ("readings", "lower", "expected"),
    [
        # a fast swim, then easy ones: the best of the last 28 days holds until it ages out
        ([(0, 80.0), (3, 95.0), (20, 96.0), (29, 94.0)], True, [80.0, 80.0, 80.0, 94.0]),
        # lifts: the heaviest counts
        ([(0, 100.0), (7, 90.0), (27, 102.0), (40, 95.0)], False, [100.0, 100.0, 102.0, 102.0]),
        ([(5, 1.0)], True, [1.0]),
        ([], True, []),
    ],
)
def test_rolling_best_keeps_the_best_effort_of_the_last_four_weeks(
    readings: list[tuple[int, float]], lower: bool, expected: list[float]
) -> None:
    series = [(D0 + timedelta(days=d), v) for d, v in readings]
    best = rolling_best(series, BEST_EFFORT_DAYS, lower_is_better=lower)
    assert [v for _, v in best] == expected
    assert [d for d, _ in best] == [d for d, _ in series]


@given(
    st.lists(
        st.tuples(st.integers(0, 120), st.floats(50, 150, allow_nan=False)),
        min_size=1,
        max_size=40,
        unique_by=lambda t: t[0],
    ),
    st.integers(1, 30),
)
def test_rolling_best_matches_the_definition(points: list[tuple[int, float]], days: int) -> None:
    series = sorted((D0 + timedelta(days=d), v) for d, v in points)
    best = rolling_best(series, days, lower_is_better=True)
    for day, value in best:
        assert value == min(v for d, v in series if day - timedelta(days=days) < d <= day)
