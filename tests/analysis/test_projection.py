"""The plan projected ahead (docs/methods.md §14): the athlete's own load per hour in each sport,
the planned hours, the same fitness model run on from tonight."""

from __future__ import annotations

import math
from datetime import date, time, timedelta

import pytest

from coach.analysis.facts import ActivityFact, PlannedFact
from coach.analysis.pmc import ATL_DECAY, CTL_DECAY, PmcDay
from coach.analysis.projection import (
    PROJECTION_DAYS,
    RATE_LOOKBACK_DAYS,
    load_per_hour,
    project,
)

TODAY = date(2026, 11, 22)
NIGHT = PmcDay(TODAY, 0.0, ctl=40.0, atl=50.0, form=-5.0)


def _done(days_ago: int, sport: str, hours: float, load: float | None) -> ActivityFact:
    day = TODAY - timedelta(days=days_ago)
    return ActivityFact(id=days_ago, day=day, local_time=time(7), sport=sport,
                        duration_s=hours * 3600, load=load)  # fmt: skip


def _planned(days_ahead: int, sport: str, hours: float, status: str = "planned") -> PlannedFact:
    day = TODAY + timedelta(days=days_ahead)
    return PlannedFact(id=days_ahead, day=day, sport=sport, duration_s=hours * 3600, status=status)


@pytest.mark.parametrize(
    ("history", "rates"),
    [
        ([_done(1, "run", 1.0, 60.0), _done(3, "run", 0.5, 40.0)], {"run": 100.0 / 1.5}),
        ([_done(1, "swim", 1.0, None)], {}),  # a load unknown says nothing
        ([_done(RATE_LOOKBACK_DAYS, "bike", 1.0, 80.0)], {}),  # older than six weeks
        ([_done(RATE_LOOKBACK_DAYS - 1, "bike", 2.0, 80.0)], {"bike": 40.0}),
        ([_done(-1, "run", 1.0, 90.0)], {}),  # tomorrow's (a clock skew) is not history
    ],
)
def test_the_rate_is_the_athletes_own_recent_load_per_hour(
    history: list[ActivityFact], rates: dict[str, float]
) -> None:
    assert load_per_hour(history, TODAY) == pytest.approx(rates)


def test_planned_sessions_at_their_sports_rate_run_the_model_on_from_tonight() -> None:
    plan = [_planned(1, "run", 1.0), _planned(3, "run", 0.5), _planned(2, "swim", 1.0)]
    ahead = project(NIGHT, plan, {"run": 60.0}, TODAY)
    assert len(ahead.days) == PROJECTION_DAYS
    assert ahead.days[0].day == TODAY + timedelta(days=1)
    assert [d.load for d in ahead.days[:4]] == [60.0, 0.0, 30.0, 0.0]
    assert ahead.by_sport[TODAY + timedelta(days=1)] == {"run": 60.0}
    assert ahead.without_rate == 1  # the swim: no recent swim with a known load
    first = ahead.days[0]
    assert first.ctl == pytest.approx(40 * CTL_DECAY + 60 * (1 - CTL_DECAY))
    assert first.atl == pytest.approx(50 * ATL_DECAY + 60 * (1 - ATL_DECAY))
    assert first.form == pytest.approx(-10.0)  # morning form: tonight's CTL - ATL


def test_only_sessions_still_planned_in_the_window_count() -> None:
    plan = [
        _planned(0, "run", 1.0),  # today's: tonight's numbers already hold today
        _planned(2, "run", 1.0, status="skipped"),
        _planned(PROJECTION_DAYS + 1, "run", 1.0),
    ]
    ahead = project(NIGHT, plan, {"run": 60.0}, TODAY)
    assert sum(d.load for d in ahead.days) == 0.0
    last = ahead.days[-1]
    assert last.ctl == pytest.approx(40 * math.exp(-PROJECTION_DAYS / 42))  # fitness fades


def test_a_new_athlete_starts_from_nothing() -> None:
    ahead = project(None, [_planned(1, "run", 1.0)], {"run": 50.0}, TODAY)
    assert ahead.days[0].ctl == pytest.approx(50 * (1 - CTL_DECAY))
