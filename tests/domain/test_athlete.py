"""Athlete profile: validation, physiology estimates (hand-computed), availability windows."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.domain.athlete import (
    AvailabilityWindow,
    check_no_overlap,
    default_availability,
    parse_time_range,
    parse_weekday,
    physiology,
    validate_profile,
    vvdot_m_per_min,
)
from coach.domain.errors import ValidationFailed
from coach.domain.units import PoolUnit


def test_unknown_physiology_is_estimated_and_says_how() -> None:
    profile = validate_profile({"name": "x", "birth_year": 1986, "weight_kg": 80})
    body = physiology(profile, date(2026, 11, 23))
    assert body.age_years.value == 40
    assert body.age_years.measured
    # Tanaka: 208 - 0.7 * 40 = 180
    assert body.max_hr_bpm.value == pytest.approx(180.0)
    assert not body.max_hr_bpm.measured
    # LTHR: 60 + 0.83 * (180 - 60) = 159.6
    assert body.lthr_bpm.value == pytest.approx(159.6)
    # FTP: 2.5 W/kg * 80 kg = 200 W
    assert body.ftp_w.value == pytest.approx(200.0)
    # Daniels: vVDOT(40) = 29.54 + 200.02652 - 12.0736 = 217.49292 m/min; T = 0.9 of it
    assert vvdot_m_per_min(40) == pytest.approx(217.49292)
    assert body.threshold_pace_s_per_km.value == pytest.approx(60_000 / (0.9 * 217.49292))
    assert body.css_s_per_100m.value == 120.0


def test_measured_values_win_over_estimates() -> None:
    profile = validate_profile({"name": "x", "max_hr_bpm": 192, "lthr_bpm": 171, "ftp_w": 250})
    body = physiology(profile, date(2026, 1, 1))
    assert (body.max_hr_bpm.value, body.max_hr_bpm.measured) == (192, True)
    assert (body.lthr_bpm.value, body.ftp_w.value) == (171, 250)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "IANA"),
        ({"email": "not-an-address"}, "e-mail"),
        ({"resting_hr_bpm": 70, "max_hr_bpm": 65}, "greater than or equal to 100"),
        ({"resting_hr_bpm": 70, "lthr_bpm": 160, "max_hr_bpm": 150}, "LTHR must not exceed"),
        ({"current_body_fat": 1.0}, "current_body_fat"),
    ],
)
def test_bad_profiles_are_refused_in_one_line(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationFailed, match=message) as caught:
        validate_profile({"name": "x", **fields})
    assert "\n" not in str(caught.value)


def test_a_yard_pool_is_known_in_metres() -> None:
    profile = validate_profile({"name": "x", "pool_unit": PoolUnit.YARDS, "pool_length": 25})
    assert profile.pool_length_m == pytest.approx(22.86)


@pytest.mark.parametrize(("text", "day"), [("mon", 0), ("Tuesday", 1), ("SUN", 6)])
def test_weekdays_are_read_by_name(text: str, day: int) -> None:
    assert parse_weekday(text) == day


@pytest.mark.parametrize("text", ["07:00-06:00", "25:00-26:00", "7-8", "06:00-06:00"])
def test_impossible_time_windows_are_refused(text: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_time_range(text)


def test_time_windows_are_read() -> None:
    assert parse_time_range("6:30 - 07:45") == (time(6, 30), time(7, 45))


def test_overlapping_windows_on_one_day_are_refused_but_other_days_are_fine() -> None:
    a = AvailabilityWindow(weekday=0, start=time(6), end=time(7))
    b = AvailabilityWindow(weekday=0, start=time(6, 30), end=time(8))
    c = AvailabilityWindow(weekday=1, start=time(6, 30), end=time(8))
    check_no_overlap([a, c])
    with pytest.raises(ValidationFailed, match="overlap"):
        check_no_overlap([a, b])


def test_default_availability_leaves_room_for_the_weekly_budget() -> None:
    windows = default_availability()
    check_no_overlap(windows)
    assert sum(w.duration_s for w in windows) / 3600 >= 5


@given(
    st.integers(0, 6),
    st.integers(0, 22),
    st.integers(1, 60),
    st.integers(0, 6),
    st.integers(0, 22),
    st.integers(1, 60),
)
def test_overlap_is_symmetric(d1: int, h1: int, m1: int, d2: int, h2: int, m2: int) -> None:
    def window(day: int, hour: int, minutes: int) -> AvailabilityWindow:
        end = hour * 60 + minutes
        return AvailabilityWindow(
            weekday=day,
            start=time(hour),
            end=time(min(end // 60, 23), end % 60 if end < 1440 else 59),
        )

    a, b = window(d1, h1, m1), window(d2, h2, m2)
    assert a.overlaps(b) == b.overlaps(a)
    assert a.overlaps(a)
