"""A goal's extra evidence in sentences (coach.insights.goals.extra_lines): every number in the
athlete's units and rounded as a person writes it, never a raw float or a metre for a yard."""

from __future__ import annotations

from typing import Any

import pytest

from coach.domain.units import Dimension, PoolUnit, UnitSystem
from coach.insights.goals import extra_lines

IMPERIAL, METRIC = UnitSystem.IMPERIAL, UnitSystem.METRIC


@pytest.mark.parametrize(
    ("dimension", "extras", "system", "pool", "lines"),
    [
        (
            Dimension.PERCENT,
            {"weekly_means": [("2026-11-16", 17.4)], "energy_balance_kcal_per_day": -312,
             "activity_kcal_per_day": 540},
            IMPERIAL,
            PoolUnit.YARDS,
            ["Energy balance from the weight trend: a deficit of 312 kcal a day",
             "Training burned about 540 kcal a day over the last 4 weeks"],
        ),
        (Dimension.PERCENT, {"energy_balance_kcal_per_day": 0}, METRIC, PoolUnit.METRES,
         ["Energy balance from the weight trend: even"]),
        (
            Dimension.DURATION,
            {"best": 83.46, "css_s_per_100m": 98.4, "swim_m_per_week": 2286,
             "swim_sessions_per_week": 1.75,
             "correlations": {"weekly swim metres": {"lag 1 weeks": {"r": -0.52, "n": 9}}}},
            IMPERIAL,
            PoolUnit.YARDS,
            ["Best so far: 1:23.5",
             "Critical swim speed: 1:30.0/100yd",
             "Swimming over the last 4 weeks: 2,500 yd and 1.8 swims a week",
             "Weekly swim metres against the goal a week later: r = -0.52 over 9 weeks"],
        ),
        (Dimension.DURATION, {"swim_m_per_week": 2300, "swim_sessions_per_week": 2.0}, METRIC,
         PoolUnit.METRES, ["Swimming over the last 4 weeks: 2,300 m and 2.0 swims a week"]),
        (Dimension.VO2, {"fitness_ctl": 41.2, "form": -6.0}, METRIC, PoolUnit.METRES,
         ["Fitness 41.2, form -6.0"]),
    ],
)  # fmt: skip
def test_extras_read_as_sentences_in_the_athletes_units(
    dimension: Dimension,
    extras: dict[str, Any],
    system: UnitSystem,
    pool: PoolUnit,
    lines: list[str],
) -> None:
    assert extra_lines(dimension, extras, system, pool) == lines
