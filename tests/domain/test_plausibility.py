"""Plausibility at the door: what is refused, with which line, and what is cleaned."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from coach.domain.activity import ActivityData, StrengthSetData
from coach.domain.errors import ParseError
from coach.domain.plausibility import check_activity, check_day

NOW = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
RUN = ActivityData(
    external_id="k",
    start_time=NOW - timedelta(hours=3),
    sport="run",
    elapsed_s=3600.0,
    distance_m=10_000.0,
    avg_hr_bpm=150.0,
    max_hr_bpm=175.0,
)
SQUAT = StrengthSetData("Squat (Barbell)", reps=5, weight_kg=100.0)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start_time": datetime(1, 1, 1, tzinfo=UTC)}, "dated 0001-01-01, before 1990"),
        ({"start_time": datetime(1989, 12, 31, tzinfo=UTC)}, "before 1990"),
        ({"start_time": NOW + timedelta(days=2)}, "in the future"),
        ({"elapsed_s": 555 * 3600.0}, "555 h long (limit 36 h)"),
        ({"elapsed_s": float("inf")}, "the duration is inf"),
        ({"elapsed_s": float("nan")}, "the duration is nan"),
        ({"timer_s": float("inf")}, "the timer time is inf"),
        ({"distance_m": float("inf")}, "the distance is inf"),
        ({"distance_m": -5.0}, "the distance is negative"),
        ({"distance_m": 10_000_000.0}, "10,000 km of run (limit 400 km)"),
        ({"distance_m": 100_000.0}, "an average speed of 27.8 m/s for run (limit 12.5 m/s)"),
        ({"calories_kcal": float("inf")}, "the energy is inf"),
        ({"sets": (SQUAT._replace(weight_kg=1e308),)}, "a set's weight of 1e+308 (limit 600)"),
        ({"sets": (SQUAT._replace(weight_kg=float("inf")),)}, "a set's weight is inf"),
        ({"sets": (SQUAT._replace(reps=-1),)}, "-1 reps in one set"),
        ({"sets": (SQUAT._replace(reps=10_000),)}, "10000 reps in one set"),
        ({"sets": (SQUAT._replace(rpe=11.0),)}, "a set's RPE of 11 (limit 10)"),
    ],
)
def test_an_activity_that_cannot_be_real_is_refused_with_the_value_and_the_limit(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ParseError) as caught:
        check_activity(replace(RUN, **changes), NOW)  # type: ignore[arg-type]
    assert str(caught.value).startswith("implausible: ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"start_time": datetime(1990, 1, 1, tzinfo=UTC)},
        {"start_time": NOW + timedelta(hours=20)},  # a watch a time zone ahead
        {"elapsed_s": 30 * 3600.0, "distance_m": 161_000.0},  # a 100-mile trail race
        {"sport": "bike", "elapsed_s": 24 * 3600.0, "distance_m": 900_000.0},
        {"sport": "swim", "distance_m": 4_000.0},
        {"sets": (SQUAT._replace(weight_kg=500.0), SQUAT._replace(reps=None, weight_kg=None))},
    ],
)
def test_real_activities_pass_unchanged(changes: dict[str, object]) -> None:
    activity = replace(RUN, **changes)  # type: ignore[arg-type]
    assert check_activity(activity, NOW) is activity


def test_glitched_samples_are_left_out_not_zeroed_and_counted() -> None:
    streams = {
        "heart_rate_bpm": np.array([140.0, 251.0, np.nan, 10.0, 150.0]),
        "power_w": np.array([250.0, 65_535.0, 260.0, np.inf, 255.0]),
        "speed_mps": np.array([3.0, 3.1, 40.0, 3.0, 3.0]),
    }
    cleaned = check_activity(replace(RUN, streams=streams, max_hr_bpm=255.0), NOW)
    hr = cleaned.streams["heart_rate_bpm"]
    assert np.isnan(hr[[1, 2, 3]]).all() and hr[[0, 4]].tolist() == [140.0, 150.0]
    assert np.isnan(cleaned.streams["power_w"][[1, 3]]).all()
    assert np.isnan(cleaned.streams["speed_mps"][2])
    assert cleaned.max_hr_bpm is None and cleaned.avg_hr_bpm == 150.0
    assert cleaned.details["implausible_left_out"] == {
        "heart_rate_bpm": 2,
        "power_w": 2,
        "speed_mps": 1,
        "max_hr_bpm": 1,
    }
    assert streams["heart_rate_bpm"][1] == 251.0  # the caller's arrays are not changed


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(1, 1, 1), "before 1990"),
        (date(2999, 1, 1), "in the future (today is 2026-11-30)"),
    ],
)
def test_a_day_outside_what_can_have_happened_is_refused(day: date, message: str) -> None:
    with pytest.raises(ParseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_day(day, NOW.date())
    assert check_day(NOW.date(), NOW.date()) == NOW.date()
