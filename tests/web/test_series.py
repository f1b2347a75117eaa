"""The fitness chart's points: daily up to a year, weekly beyond — the weekly loads add up to the
days they stand for, the last point is today, and a point's fitness is that day's own."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.services.schemas import LoadDay
from coach.web.series import DAILY_UP_TO_DAYS, chart_points

FIRST = date(2016, 1, 1)


def _days(loads: list[float]) -> list[LoadDay]:
    return [
        LoadDay(
            date=FIRST + timedelta(days=i),
            load=load,
            by_sport={"run": load} if load else {},
            ctl=float(i),
            atl=float(2 * i),
            form=float(-i),
        )
        for i, load in enumerate(loads)
    ]


@pytest.mark.parametrize(
    ("days", "points", "step"),
    [
        (7, 7, 1),
        (DAILY_UP_TO_DAYS, DAILY_UP_TO_DAYS, 1),
        (DAILY_UP_TO_DAYS + 1, 58, 7),
        (3660, 523, 7),
    ],
)
def test_long_ranges_are_drawn_a_point_a_week(days: int, points: int, step: int) -> None:
    drawn, every = chart_points(_days([10.0] * days))
    assert (len(drawn), every) == (points, step)
    assert drawn[-1].day == FIRST + timedelta(days=days - 1)  # today is the last point
    assert drawn[-1].ctl == days - 1  # that day's own fitness, not an average


@given(st.lists(st.floats(min_value=0, max_value=300, allow_nan=False), min_size=1, max_size=900))
def test_the_points_loads_add_up_to_the_days(loads: list[float]) -> None:
    days = _days([round(x, 1) for x in loads])
    drawn, _ = chart_points(days)
    assert sum(p.load for p in drawn) == pytest.approx(
        sum(d.load for d in days), abs=0.1 * len(days)
    )
    assert sum(sum(p.by_sport.values()) for p in drawn) == pytest.approx(
        sum(d.load for d in days), abs=0.1 * len(days)
    )
