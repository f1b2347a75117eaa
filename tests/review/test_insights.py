"""The review's sentences about bests: the best of the last four weeks, compared with the best
four weeks before, in the athlete's units and in plain words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coach.domain.metrics import MetricType
from coach.domain.units import UnitSystem
from coach.insights.review import best_change

TODAY = date(2026, 11, 27)
SWIM = MetricType.SWIM_100YD_FREE_S
SQUAT = MetricType.SQUAT_1RM_KG


def ago(days: int, value: float) -> tuple[date, float]:
    return TODAY - timedelta(days=days), value


@pytest.mark.parametrize(
    ("series", "metric", "system", "expected"),
    [
        (
            [ago(35, 80.0), ago(29, 79.6), ago(3, 78.4)],
            SWIM,
            UnitSystem.IMPERIAL,
            "best 100 yd freestyle 1:18.4, 1.2 s faster than 4 weeks ago",
        ),
        (
            [ago(30, 78.0), ago(10, 79.5), ago(2, 80.1)],
            SWIM,
            UnitSystem.METRIC,
            "best 100 yd freestyle 1:19.5, 1.5 s slower than 4 weeks ago",
        ),
        (
            [ago(30, 80.0), ago(1, 80.05)],
            SWIM,
            UnitSystem.METRIC,
            "best 100 yd freestyle 1:20.0, the same as 4 weeks ago",
        ),
        ([ago(2, 81.0)], SWIM, UnitSystem.METRIC, "best 100 yd freestyle 1:21.0"),  # nothing before
        ([ago(30, 81.0)], SWIM, UnitSystem.METRIC, None),  # nothing in the last four weeks
        ([], SWIM, UnitSystem.METRIC, None),
        (
            [ago(29, 100.0), ago(5, 104.0)],
            SQUAT,
            UnitSystem.METRIC,
            "best estimated squat 1RM 104 kg, 4 kg more than 4 weeks ago",
        ),
        (
            [ago(29, 100.0), ago(5, 104.0)],
            SQUAT,
            UnitSystem.IMPERIAL,
            "best estimated squat 1RM 229.3 lb, 8.8 lb more than 4 weeks ago",
        ),
    ],
)
def test_best_change(
    series: list[tuple[date, float]],
    metric: MetricType,
    system: UnitSystem,
    expected: str | None,
) -> None:
    assert best_change(series, metric, TODAY, system) == expected
