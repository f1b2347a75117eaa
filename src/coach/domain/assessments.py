"""Fitness tests a plan prescribes and ``coach log test`` records, as data.

Each test names the metric it measures and how its value is typed. The CSS test takes two times,
``T400/T200``: CSS pace per 100 = (T400 - T200) / 2 (Wakayoshi et al. 1992; docs/methods.md §6),
over the athlete's pool unit, converted to seconds per 100 m.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.domain.errors import ValidationFailed
from coach.domain.metrics import METRIC_SPECS, MetricType, check_metric_value
from coach.domain.units import M_PER_YD, PoolUnit, UnitSystem, parse_duration_s, parse_quantity


@dataclass(frozen=True, slots=True)
class Assessment:
    metric: MetricType
    description: str
    example: str


ASSESSMENTS: dict[str, Assessment] = {
    "box-jump": Assessment(MetricType.BOX_JUMP_HEIGHT_M, "highest box landed", "30in or 76cm"),
    "broad-jump": Assessment(MetricType.BROAD_JUMP_M, "standing broad jump", "2.3m"),
    "squat-1rm": Assessment(MetricType.SQUAT_1RM_KG, "back squat one-rep max", "120kg"),
    "rdl-1rm": Assessment(MetricType.RDL_1RM_KG, "Romanian deadlift one-rep max", "130kg"),
    "sit-and-reach": Assessment(
        MetricType.SIT_AND_REACH_M, "reach past the toes (negative: short)", "5cm"
    ),
    "single-leg-balance": Assessment(
        MetricType.SINGLE_LEG_BALANCE_S, "eyes-closed single-leg stance", "45s"
    ),
    "100yd-free": Assessment(MetricType.SWIM_100YD_FREE_S, "100 yd freestyle time trial", "1:12.4"),
    "css": Assessment(MetricType.CSS_S_PER_100M, "400 and 200 time trials, T400/T200", "6:20/2:55"),
    "5k-run": Assessment(MetricType.RUN_5K_S, "5 km run time trial", "24:30"),
    "vo2max": Assessment(MetricType.VO2_MAX, "lab or field VO2 max, ml/kg/min", "48.5"),
    "resting-hr": Assessment(MetricType.RESTING_HR_BPM, "morning resting heart rate", "52"),
}


def find_assessment(name: str) -> Assessment:
    key = name.strip().lower().replace("_", "-")
    if key not in ASSESSMENTS:
        known = ", ".join(ASSESSMENTS)
        raise ValidationFailed(f"unknown test {name!r} (known: {known})")
    return ASSESSMENTS[key]


def css_from_trials(t400_s: float, t200_s: float, pool_unit: PoolUnit) -> float:
    """CSS pace in s per 100 m from 400 and 200 time trials swum in ``pool_unit``."""
    if t400_s <= t200_s:
        raise ValidationFailed("the 400 must take longer than the 200 (give T400/T200)")
    per_100_units = (t400_s - t200_s) / 2
    return per_100_units / M_PER_YD if pool_unit is PoolUnit.YARDS else per_100_units


def assessment_value(
    name: str, text: str, system: UnitSystem, pool_unit: PoolUnit
) -> tuple[MetricType, float]:
    """The metric and canonical value of one test result, refused when implausible."""
    test = find_assessment(name)
    if test.metric is MetricType.CSS_S_PER_100M:
        t400_text, slash, t200_text = text.partition("/")
        if not slash:
            raise ValidationFailed(f"the css test takes T400/T200, e.g. {test.example}")
        value = css_from_trials(parse_duration_s(t400_text), parse_duration_s(t200_text), pool_unit)
    else:
        value = parse_quantity(text, METRIC_SPECS[test.metric].dimension, system)
    return test.metric, check_metric_value(test.metric, value)
