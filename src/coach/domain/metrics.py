"""Metric types: what progress_metrics rows measure, in which unit, and which values are plausible.

The plausible ranges guard manual entry and imports against typos (a body fat of 152 %); they are
deliberately wide so that no real athlete is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coach.domain.errors import ValidationFailed
from coach.domain.units import Dimension


class MetricType(StrEnum):
    BODY_FAT_PCT = "body_fat_pct"
    WEIGHT_KG = "weight_kg"
    VO2_MAX = "vo2_max"
    RESTING_HR_BPM = "resting_hr_bpm"
    MAX_HR_BPM = "max_hr_bpm"
    LTHR_BPM = "lthr_bpm"
    FTP_W = "ftp_w"
    THRESHOLD_PACE_S_PER_KM = "threshold_pace_s_per_km"
    CSS_S_PER_100M = "css_s_per_100m"
    HRV_MS = "hrv_ms"
    SLEEP_HOURS = "sleep_hours"
    SLEEP_QUALITY = "sleep_quality"
    ENERGY = "energy"
    SORENESS = "soreness"
    BOX_JUMP_HEIGHT_M = "box_jump_height_m"
    BROAD_JUMP_M = "broad_jump_m"
    SQUAT_1RM_KG = "squat_1rm_kg"
    RDL_1RM_KG = "rdl_1rm_kg"
    SIT_AND_REACH_M = "sit_and_reach_m"
    SINGLE_LEG_BALANCE_S = "single_leg_balance_s"
    SWIM_100YD_FREE_S = "swim_100yd_free_s"
    RUN_5K_S = "run_5k_s"
    WEEKLY_HOURS = "weekly_hours"


@dataclass(frozen=True, slots=True)
class MetricSpec:
    dimension: Dimension
    low: float
    high: float
    label: str


METRIC_SPECS: dict[MetricType, MetricSpec] = {
    MetricType.BODY_FAT_PCT: MetricSpec(Dimension.PERCENT, 2.0, 70.0, "body fat"),
    MetricType.WEIGHT_KG: MetricSpec(Dimension.MASS, 20.0, 350.0, "body weight"),
    MetricType.VO2_MAX: MetricSpec(Dimension.VO2, 10.0, 95.0, "VO2 max"),
    MetricType.RESTING_HR_BPM: MetricSpec(Dimension.HEART_RATE, 25.0, 120.0, "resting HR"),
    MetricType.MAX_HR_BPM: MetricSpec(Dimension.HEART_RATE, 100.0, 240.0, "max HR"),
    MetricType.LTHR_BPM: MetricSpec(Dimension.HEART_RATE, 80.0, 230.0, "lactate threshold HR"),
    MetricType.FTP_W: MetricSpec(Dimension.POWER, 30.0, 600.0, "FTP"),
    MetricType.THRESHOLD_PACE_S_PER_KM: MetricSpec(
        Dimension.RUN_PACE, 150.0, 900.0, "threshold run pace"
    ),
    MetricType.CSS_S_PER_100M: MetricSpec(Dimension.SWIM_PACE, 50.0, 300.0, "critical swim speed"),
    MetricType.HRV_MS: MetricSpec(Dimension.COUNT, 5.0, 300.0, "HRV (ms)"),
    MetricType.SLEEP_HOURS: MetricSpec(Dimension.COUNT, 0.0, 24.0, "sleep (h)"),
    MetricType.SLEEP_QUALITY: MetricSpec(Dimension.SCORE, 1.0, 10.0, "sleep quality"),
    MetricType.ENERGY: MetricSpec(Dimension.SCORE, 1.0, 10.0, "energy"),
    MetricType.SORENESS: MetricSpec(Dimension.SCORE, 1.0, 10.0, "soreness"),
    MetricType.BOX_JUMP_HEIGHT_M: MetricSpec(Dimension.LENGTH, 0.05, 2.0, "box jump height"),
    MetricType.BROAD_JUMP_M: MetricSpec(Dimension.LENGTH, 0.2, 4.5, "broad jump"),
    MetricType.SQUAT_1RM_KG: MetricSpec(Dimension.MASS, 0.0, 600.0, "squat 1RM"),
    MetricType.RDL_1RM_KG: MetricSpec(Dimension.MASS, 0.0, 600.0, "Romanian deadlift 1RM"),
    MetricType.SIT_AND_REACH_M: MetricSpec(Dimension.LENGTH, -0.5, 0.6, "sit and reach"),
    MetricType.SINGLE_LEG_BALANCE_S: MetricSpec(
        Dimension.DURATION, 0.0, 600.0, "single-leg balance"
    ),
    MetricType.SWIM_100YD_FREE_S: MetricSpec(Dimension.DURATION, 40.0, 600.0, "100 yd freestyle"),
    MetricType.RUN_5K_S: MetricSpec(Dimension.DURATION, 720.0, 7200.0, "5 km run"),
    MetricType.WEEKLY_HOURS: MetricSpec(Dimension.WEEKLY_HOURS, 0.0, 60.0, "weekly training"),
}


def best_is_lowest(metric: MetricType) -> bool:
    """A timed result (a 100 yd swim, a 5 km run) is better the lower it is; a best of anything
    else session-derived (an estimated 1RM, a jump) is the highest."""
    return METRIC_SPECS[metric].dimension is Dimension.DURATION


def check_metric_value(metric: MetricType, value: float) -> float:
    """Refuse a value outside the plausible range of ``metric``, naming the range."""
    spec = METRIC_SPECS[metric]
    if not spec.low <= value <= spec.high:
        unit = spec.dimension.canonical_unit
        raise ValidationFailed(
            f"{spec.label} {value:g} {unit} is outside the plausible range "
            f"{spec.low:g}-{spec.high:g} {unit}"
        )
    return value
