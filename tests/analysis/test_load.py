"""Load formulas, each against a value computed by hand from its cited source."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.analysis.load import (
    LoadMethod,
    SessionInput,
    Thresholds,
    banister_trimp,
    hr_tss,
    hr_zone_seconds,
    pace_rtss,
    power_tss,
    session_load,
    session_rpe_au,
    swim_stss,
)
from coach.analysis.power import normalized_power_w
from coach.analysis.strength import estimated_1rm_kg

T = Thresholds(
    ftp_w=250,
    threshold_pace_s_per_km=240,
    css_s_per_100m=100,
    max_hr_bpm=190,
    resting_hr_bpm=50,
    lthr_bpm=170,
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((3600, 250, 250), 100.0),  # an hour at FTP is 100 TSS by definition
        ((3600, 200, 250), 64.0),  # IF 0.8: 1 h x 0.64 x 100
        ((1800, 275, 250), 60.5),  # IF 1.1: 0.5 h x 1.21 x 100
    ],
)
def test_power_tss_coggan(args: tuple[float, float, float], expected: float) -> None:
    assert power_tss(*args) == pytest.approx(expected)


def test_rtss_is_100_for_an_hour_at_threshold_pace_and_scales_with_if_squared() -> None:
    assert pace_rtss(3600, 15_000, 240) == pytest.approx(100.0)  # 4:00/km for an hour
    assert pace_rtss(3600, 12_000, 240) == pytest.approx(64.0)  # 80 % of threshold speed


def test_swim_stss_cubes_the_intensity_factor() -> None:
    assert swim_stss(3600, 3600, 100) == pytest.approx(100.0)  # CSS pace for an hour
    # 10 % faster than CSS for 30 min: 1.1^3 x 0.5 x 100 = 66.55 (IF^2 would give 60.5)
    assert swim_stss(1800, 1980, 100) == pytest.approx(66.55)


def test_session_rpe_is_rpe_times_minutes() -> None:
    assert session_rpe_au(3600, 7) == 420  # Foster 2001's own example


def test_hr_tss_is_100_for_an_hour_at_lthr_per_sample() -> None:
    times = [float(i) for i in range(3601)]
    assert hr_tss(times, [170.0] * 3601, T) == pytest.approx(100.0)
    # half the hour at LTHR, half at rest: 50, whatever the average HR suggests
    half = [170.0] * 1800 + [50.0] * 1801
    assert hr_tss(times, half, T) == pytest.approx(50.0)


def test_missing_heart_rate_counts_as_nothing_not_as_zero() -> None:
    times = [0.0, 1.0, 2.0, 3.0]
    # a strap dropout (None) is no time anywhere; a reading of 0 would be a second below zone 1
    assert hr_zone_seconds(times, [170.0, None, 170.0, 170.0], 190) == [0, 0, 0, 0, 2, 0]
    assert hr_zone_seconds(times, [170.0, 0.0, 170.0, 170.0], 190) == [1, 0, 0, 0, 2, 0]
    assert hr_tss(times, [170.0, None, 170.0, 170.0], T) == pytest.approx(2 / 3600 * 100)
    assert hr_tss(times, [None, None, None, None], T) is None
    assert hr_tss(times, [], T) is None


def test_banister_trimp_by_hand() -> None:
    # 60 min at HRR 0.5 (120 bpm), men: 60 x 0.5 x 0.64 x e^(1.92 x 0.5) = 50.16
    times = [float(i) for i in range(3601)]
    expected = 60 * 0.5 * 0.64 * math.exp(0.96)
    assert banister_trimp(times, [120.0] * 3601, T) == pytest.approx(expected)


def test_time_in_hr_zones_uses_edwards_bounds() -> None:
    times = [0.0, 60.0, 120.0, 180.0]
    # 90 bpm < 50 % of 190 (95): below zone 1; 150 bpm = 79 %: zone 3; 185 bpm = 97 %: zone 5
    assert hr_zone_seconds(times, [90.0, 150.0, 185.0, 185.0], 190) == [60, 0, 0, 60, 0, 60]


def test_normalized_power_of_steady_and_alternating_efforts() -> None:
    times = list(range(600))
    assert normalized_power_w(times, [200.0] * 600) == pytest.approx(200.0)
    # 30 s at 400 W / 30 s at 0 W is 200 W average but a much harder ride
    blocks = ([400.0] * 30 + [0.0] * 30) * 10
    np_w = normalized_power_w(times, blocks)
    assert np_w is not None and 230 < np_w < 300
    assert normalized_power_w(times[:20], [200.0] * 20) is None  # under one 30 s window


@pytest.mark.parametrize(
    ("weight", "reps", "expected"),
    [
        (100, 1, 100),
        (100, 5, 116.67),
        (60, 10, 80.0),
        (100, 15, None),
        (0, 5, None),
        (None, 5, None),
    ],
)
def test_epley_estimated_1rm(weight: float | None, reps: int, expected: float | None) -> None:
    result = estimated_1rm_kg(weight, reps)
    assert result == (pytest.approx(expected, abs=0.01) if expected is not None else None)


@pytest.mark.parametrize(
    ("session", "method"),
    [
        (
            SessionInput(
                "bike",
                3600,
                normalized_power_w=200,
                time_s=[0.0, 1.0],
                heart_rate_bpm=[150.0, 150.0],
            ),
            LoadMethod.POWER_TSS,
        ),
        (
            SessionInput("bike", 3600, time_s=[0.0, 1.0], heart_rate_bpm=[150.0, 150.0]),
            LoadMethod.HR_TSS,
        ),
        (SessionInput("run", 3600, distance_m=12_000), LoadMethod.PACE_RTSS),
        (SessionInput("swim", 1800, distance_m=1500), LoadMethod.SWIM_STSS),
        (
            SessionInput("strength", 3000, rpe=7, time_s=[0.0, 1.0], heart_rate_bpm=[120.0, 130.0]),
            LoadMethod.SRPE,
        ),
        (SessionInput("strength", 3000, time_s=[0.0, 1.0], heart_rate_bpm=[120.0, 130.0]), None),
        (SessionInput("stand_up_paddleboarding", 3000, rpe=4), LoadMethod.SRPE),
    ],
)
def test_the_method_follows_the_sports_priority(session: SessionInput, method: LoadMethod) -> None:
    assert session_load(session, T).method == method


def test_strength_srpe_is_scaled_and_kept_in_arbitrary_units() -> None:
    load = session_load(SessionInput("strength", 3000, rpe=7), T)
    assert (load.srpe_au, load.value) == (350.0, 35.0)


@given(st.floats(min_value=60, max_value=20_000), st.floats(min_value=50, max_value=400))
def test_power_tss_grows_with_time_and_power(duration: float, watts: float) -> None:
    assert power_tss(duration * 2, watts, 250) == pytest.approx(2 * power_tss(duration, watts, 250))
    assert power_tss(duration, watts * 1.1, 250) > power_tss(duration, watts, 250)


@pytest.mark.parametrize(
    ("rpes", "expected"),
    [([8, 9, None], 8.5), ([None, None], None), ([], None), ([7], 7.0)],
)
def test_session_rpe_from_sets_is_the_mean_of_rated_sets(
    rpes: list[float | None], expected: float | None
) -> None:
    from coach.analysis.strength import session_rpe_from_sets

    assert session_rpe_from_sets(rpes) == expected
