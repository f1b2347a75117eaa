"""Fitness, fatigue, form and the load flags, against hand-computed values (science.md §2-5)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.analysis.pmc import (
    LoadThresholds,
    acwr,
    load_state,
    monotony,
    pmc,
    ramp_rate,
    strain,
)

D0 = date(2026, 1, 5)


def test_one_session_then_rest_matches_the_exact_exponential_by_hand() -> None:
    # CTL_1 = 100 (1 - e^-1/42) = 2.3528; ATL_1 = 100 (1 - e^-1/7) = 13.3122
    chart = pmc({D0: 100.0}, D0, D0 + timedelta(days=1))
    assert chart[0].ctl == pytest.approx(2.3528, abs=1e-4)
    assert chart[0].atl == pytest.approx(13.3122, abs=1e-4)
    assert chart[0].form == 0.0  # the morning before the first session
    # day 2, no training: decay only; form is yesterday's CTL - ATL
    assert chart[1].ctl == pytest.approx(2.3528 * 0.976472, abs=1e-4)
    assert chart[1].atl == pytest.approx(13.3122 * 0.866878, abs=1e-4)
    assert chart[1].form == pytest.approx(2.3528 - 13.3122, abs=1e-4)


def test_sessions_of_one_day_are_summed_and_empty_days_are_zero() -> None:
    chart = pmc({D0: 30.0 + 70.0}, D0, D0 + timedelta(days=2), ctl0=50, atl0=60)
    assert chart[0].ctl == pytest.approx(50 * math.exp(-1 / 42) + 100 * (1 - math.exp(-1 / 42)))
    assert [d.load for d in chart] == [100.0, 0.0, 0.0]
    assert chart[0].form == -10  # 50 - 60, carried in


@pytest.mark.parametrize(
    ("loads", "expected"),
    [
        ([0, 0, 0, 0, 0, 0, 0], None),  # no training
        ([50] * 7, None),  # SD 0: monotony undefined, guarded
        ([100, 0, 100, 0, 100, 0, 100], 400 / 7 / math.sqrt(12 / 49 * 10000 / 1)),
    ],
)
def test_monotony(loads: list[float], expected: float | None) -> None:
    value = monotony(loads)
    if expected is None:
        assert value is None
    else:
        assert value == pytest.approx(expected)


def test_strain_is_weekly_load_times_monotony() -> None:
    week = [60.0, 0.0, 90.0, 30.0, 0.0, 120.0, 45.0]
    assert strain(week) == pytest.approx(sum(week) * monotony(week))  # type: ignore[operator]


def test_ramp_is_the_ctl_gain_over_seven_days() -> None:
    chart = pmc(
        dict.fromkeys((D0 + timedelta(days=i) for i in range(14)), 80.0),
        D0,
        D0 + timedelta(days=13),
    )
    assert ramp_rate(chart) == pytest.approx(chart[-1].ctl - chart[-8].ctl)
    assert ramp_rate(chart[:7]) is None


def test_acwr_needs_28_days_and_flags_a_spike() -> None:
    assert acwr([50.0] * 27) is None
    steady = [50.0] * 60
    assert acwr(steady) == pytest.approx(1.0, abs=0.02)
    assert acwr([20.0] * 53 + [150.0] * 7) > 1.5  # type: ignore[operator]


def test_flags_carry_their_numbers() -> None:
    loads = {D0 + timedelta(days=i): (20.0 if i < 50 else 160.0) for i in range(60)}
    state = load_state(pmc(loads, D0, D0 + timedelta(days=59)), LoadThresholds())
    assert state.low_form_days >= 3
    assert any(flag.startswith("form below -25") for flag in state.flags)
    assert any("acute:chronic" in flag for flag in state.flags)


@settings(max_examples=50)
@given(st.floats(min_value=1, max_value=300))
def test_ctl_of_a_constant_load_converges_to_that_load(load: float) -> None:
    start = date(2020, 1, 1)
    loads = {start + timedelta(days=i): load for i in range(400)}
    last = pmc(loads, start, start + timedelta(days=399))[-1]
    assert last.ctl == pytest.approx(load, rel=1e-3)
    assert last.atl == pytest.approx(load, rel=1e-9)


@given(st.lists(st.floats(min_value=0, max_value=500), min_size=1, max_size=60))
def test_fitness_and_fatigue_stay_within_the_loads_seen(loads: list[float]) -> None:
    days = {D0 + timedelta(days=i): v for i, v in enumerate(loads)}
    for point in pmc(days, D0, D0 + timedelta(days=len(loads) - 1)):
        assert 0 <= point.ctl <= max(loads) + 1e-9
        assert 0 <= point.atl <= max(loads) + 1e-9
