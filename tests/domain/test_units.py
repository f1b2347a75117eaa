"""Units: what a person types becomes SI, and SI is written back in their unit system."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.domain.errors import ValidationFailed
from coach.domain.units import (
    KG_PER_LB,
    M_PER_IN,
    M_PER_YD,
    Dimension,
    UnitSystem,
    editable_quantity,
    format_distance_m,
    format_duration_s,
    format_quantity,
    parse_duration_s,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("78.4", 78.4),
        ("78.4s", 78.4),
        ("1:18.4", 78.4),
        ("1:02:03", 3723.0),
        ("1h30m", 5400.0),
        ("45min", 2700.0),
        ("2h", 7200.0),
        ("0:59.9", 59.9),
    ],
)
def test_durations_are_read_in_every_common_form(text: str, seconds: float) -> None:
    assert parse_duration_s(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "abc", "1:75", "-5", "1:2:3:4", "1:60.0"])
def test_unreadable_durations_are_refused_with_the_forms_that_work(text: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_duration_s(text)


@pytest.mark.parametrize(
    ("text", "dimension", "system", "expected"),
    [
        ("80", Dimension.MASS, UnitSystem.METRIC, 80.0),
        ("176lb", Dimension.MASS, UnitSystem.METRIC, 176 * KG_PER_LB),
        ("176", Dimension.MASS, UnitSystem.IMPERIAL, 176 * KG_PER_LB),
        ("80 kg", Dimension.MASS, UnitSystem.IMPERIAL, 80.0),
        ("30in", Dimension.LENGTH, UnitSystem.METRIC, 0.762),
        ("76cm", Dimension.LENGTH, UnitSystem.IMPERIAL, 0.76),
        ("30", Dimension.LENGTH, UnitSystem.IMPERIAL, 0.762),
        ("14", Dimension.PERCENT, UnitSystem.METRIC, 14.0),
        ("1.5x", Dimension.RATIO, UnitSystem.METRIC, 1.5),
        ("4:30/km", Dimension.RUN_PACE, UnitSystem.METRIC, 270.0),
        ("8:00/mi", Dimension.RUN_PACE, UnitSystem.METRIC, 480 * 1000 / 1609.344),
        ("1:45/100m", Dimension.SWIM_PACE, UnitSystem.METRIC, 105.0),
        # 1:30 per 100 yd is 90 s per 91.44 m, i.e. 98.43 s per 100 m
        ("1:30/100yd", Dimension.SWIM_PACE, UnitSystem.METRIC, 90 / M_PER_YD),
        ("1:10.5", Dimension.DURATION, UnitSystem.METRIC, 70.5),
    ],
)
def test_quantities_become_canonical_units(
    text: str, dimension: Dimension, system: UnitSystem, expected: float
) -> None:
    assert parse_quantity(text, dimension, system) == pytest.approx(expected)


def test_an_unknown_unit_names_the_units_that_work() -> None:
    with pytest.raises(ValidationFailed, match=r"unknown unit 'stone'.*kg.*lb"):
        parse_quantity("12 stone", Dimension.MASS)


@pytest.mark.parametrize(
    ("value", "dimension", "system", "shown"),
    [
        (79.832257, Dimension.MASS, UnitSystem.IMPERIAL, "176.0 lb"),
        (0.762, Dimension.LENGTH, UnitSystem.IMPERIAL, "30.0 in"),
        (0.762, Dimension.LENGTH, UnitSystem.METRIC, "76.2 cm"),
        (70.5, Dimension.DURATION, UnitSystem.METRIC, "1:10.5"),
        (3723.0, Dimension.DURATION, UnitSystem.METRIC, "1:02:03"),
        (270.0, Dimension.RUN_PACE, UnitSystem.METRIC, "4:30/km"),
        (105.0, Dimension.SWIM_PACE, UnitSystem.METRIC, "1:45.0/100m"),
        (90 / M_PER_YD, Dimension.SWIM_PACE, UnitSystem.IMPERIAL, "1:30.0/100yd"),
        (159.6, Dimension.HEART_RATE, UnitSystem.METRIC, "160 bpm"),
        (14.0, Dimension.PERCENT, UnitSystem.METRIC, "14.0 %"),
    ],
)
def test_values_are_shown_in_the_athletes_units(
    value: float, dimension: Dimension, system: UnitSystem, shown: str
) -> None:
    assert format_quantity(value, dimension, system) == shown


@given(st.floats(min_value=0, max_value=86_000, allow_nan=False))
def test_a_formatted_race_time_reads_back_to_the_tenth(seconds: float) -> None:
    assert parse_duration_s(format_duration_s(seconds, tenths=True)) == pytest.approx(
        round(seconds * 10) / 10, abs=1e-6
    )


@given(
    st.floats(min_value=20, max_value=350),
    st.sampled_from([UnitSystem.METRIC, UnitSystem.IMPERIAL]),
)
def test_a_shown_weight_reads_back_within_display_precision(kg: float, system: UnitSystem) -> None:
    shown = format_quantity(kg, Dimension.MASS, system)
    back = parse_quantity(shown.replace(" ", ""), Dimension.MASS, system)
    assert math.isclose(back, kg, abs_tol=0.05 * KG_PER_LB + 1e-9)


_HALF = 0.5 + 1e-9
"""Half of the last digit shown, and a hair for binary floats (0.75 shows as 0.8)."""
_TYPED_BACK_TOLERANCE = {
    Dimension.MASS: 0.1 * _HALF,  # 0.1 kg rounding (0.1 lb is finer)
    Dimension.LENGTH: 0.1 * M_PER_IN * _HALF,  # 0.1 in rounding (0.1 cm is finer)
    Dimension.RATIO: 0.001 * _HALF,
    Dimension.DURATION: 0.1 * _HALF,  # tenths of a second under 10 min
    Dimension.PERCENT: 0.1 * _HALF,
    Dimension.VO2: 0.01 * _HALF,
    Dimension.WEEKLY_HOURS: 0.1 * _HALF,
    Dimension.HEART_RATE: 1 * _HALF,
    Dimension.POWER: 1 * _HALF,
}


@pytest.mark.parametrize("dimension", list(_TYPED_BACK_TOLERANCE))
@pytest.mark.parametrize("system", list(UnitSystem))
@given(value=st.floats(min_value=0.5, max_value=500, allow_nan=False))
def test_a_value_written_to_edit_reads_back_as_itself(
    dimension: Dimension, system: UnitSystem, value: float
) -> None:
    """What a form shows to edit (a goal's target) is read back as the same value."""
    shown = editable_quantity(value, dimension, system)
    assert parse_quantity(shown, dimension, system) == pytest.approx(
        value, abs=_TYPED_BACK_TOLERANCE[dimension]
    )


@pytest.mark.parametrize(
    ("metres", "system", "shown"),
    [
        (5000.0, UnitSystem.METRIC, "5.00 km"),
        (1508.76, UnitSystem.METRIC, "1.51 km"),  # 1650 yd
        (5000.0, UnitSystem.IMPERIAL, "3.11 mi"),
        (1609.344, UnitSystem.IMPERIAL, "1.00 mi"),
    ],
)
def test_a_distance_is_written_in_the_athletes_units(
    metres: float, system: UnitSystem, shown: str
) -> None:
    assert format_distance_m(metres, system) == shown
