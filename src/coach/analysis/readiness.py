"""Readiness: tonight's signals on their own, and the trend of the last days
(docs/coaching.md §2; docs/methods.md §10).

**Tonight** reads only the entries of the review's day — one very bad evening is enough to act
on for tomorrow, averages are for trends. A flag is raised by (each a setting of
:class:`ReadinessRules`):

- energy at or below ``energy_low`` (3/10; ``energy_severe`` 2 is severe);
- soreness at or above ``soreness_high`` (8/10; ``soreness_severe`` 9);
- sleep under ``sleep_short_h`` (5.5 h), or ``sleep_below_usual_h`` (1.5 h) under the athlete's
  own usual (the median of the previous ``baseline_days`` days, once ``baseline_min`` nights are
  known); ``sleep_severe_h`` (4.5 h) or less is severe;
- resting heart rate ``rhr_above_bpm`` (7 bpm) or more above its usual (``rhr_severe_bpm`` 12);
- HRV ``hrv_below`` (20 %) or more under its usual (``hrv_severe`` 35 %);
- hard days back to back more than once in the last 7 days, or three in a row.

The **traffic light** for the next hard session: green without a flag; yellow with one; red with
two or more, or one severe (IntervalCoach's wellness light, docs/methods.md §12).

**Trend** flags (for a deload, not for tomorrow): the mean of the last ``trend_days`` days'
entries (at least ``trend_min`` of them) at or below ``trend_energy_low`` (4) energy or sleep
quality, or at or above ``trend_soreness_high`` (7) soreness. Sleep quality is a trend signal
only: tonight, short sleep already says what a poor night says.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise

from coach.domain.metrics import MetricType

Series = Sequence[tuple[date, float]]


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


@dataclass(frozen=True, slots=True)
class ReadinessRules:
    energy_low: float = 3.0
    energy_severe: float = 2.0
    soreness_high: float = 8.0
    soreness_severe: float = 9.0
    sleep_short_h: float = 5.5
    sleep_below_usual_h: float = 1.5
    sleep_severe_h: float = 4.5
    rhr_above_bpm: float = 7.0
    rhr_severe_bpm: float = 12.0
    hrv_below: float = 0.20
    hrv_severe: float = 0.35
    baseline_days: int = 28
    baseline_min: int = 7
    back_to_back_max: int = 1
    trend_days: int = 5
    trend_min: int = 3
    trend_energy_low: float = 4.0
    trend_soreness_high: float = 7.0


@dataclass(frozen=True, slots=True)
class Flag:
    """One signal: what (``name``), the reading, and the sentence that says it."""

    name: str
    value: float
    text: str
    severe: bool = False


@dataclass(frozen=True, slots=True)
class Readiness:
    day: date
    flags: tuple[Flag, ...]  # tonight's
    trend: tuple[Flag, ...]  # the last days'
    logged: bool  # whether anything was entered for the day

    @property
    def light(self) -> Light:
        if not self.flags:
            return Light.GREEN
        if len(self.flags) >= 2 or any(f.severe for f in self.flags):
            return Light.RED
        return Light.YELLOW


def _on(series: Series, day: date) -> float | None:
    values = [v for d, v in series if d == day]
    return values[-1] if values else None


def _usual(series: Series, day: date, rules: ReadinessRules) -> float | None:
    """The median of the readings in the ``baseline_days`` days before ``day``."""
    start = day - timedelta(days=rules.baseline_days)
    before = [v for d, v in series if start <= d < day]
    return statistics.median(before) if len(before) >= rules.baseline_min else None


def _sleep(hours: float, usual: float | None, rules: ReadinessRules) -> Flag | None:
    if usual is not None and usual - hours >= rules.sleep_below_usual_h:
        text = f"{hours:.1f} h of sleep, {usual - hours:.1f} h under your usual {usual:.1f} h"
    elif hours < rules.sleep_short_h:
        text = f"{hours:.1f} h of sleep"
    else:
        return None
    return Flag("sleep", hours, text, severe=hours <= rules.sleep_severe_h)


def tonight(
    wellness: Mapping[MetricType, Series],
    hard_days: Sequence[date],
    day: date,
    rules: ReadinessRules = ReadinessRules(),
) -> tuple[Flag, ...]:
    """Flags raised by the entries of ``day`` and by the last week's hard days."""
    flags: list[Flag] = []
    energy = _on(wellness.get(MetricType.ENERGY, ()), day)
    if energy is not None and energy <= rules.energy_low:
        flags.append(Flag("energy", energy, f"energy {energy:g}/10", energy <= rules.energy_severe))
    soreness = _on(wellness.get(MetricType.SORENESS, ()), day)
    if soreness is not None and soreness >= rules.soreness_high:
        flags.append(
            Flag("soreness", soreness, f"soreness {soreness:g}/10",
                 soreness >= rules.soreness_severe)
        )  # fmt: skip
    sleep_series = wellness.get(MetricType.SLEEP_HOURS, ())
    hours = _on(sleep_series, day)
    if hours is not None and (flag := _sleep(hours, _usual(sleep_series, day, rules), rules)):
        flags.append(flag)
    flags += _heart(wellness, day, rules)
    if (hard := hard_day_flag(hard_days, day, rules)) is not None:
        flags.append(hard)
    return tuple(flags)


def _heart(wellness: Mapping[MetricType, Series], day: date, rules: ReadinessRules) -> list[Flag]:
    flags = []
    rhr_series = wellness.get(MetricType.RESTING_HR_BPM, ())
    rhr, usual_rhr = _on(rhr_series, day), _usual(rhr_series, day, rules)
    if rhr is not None and usual_rhr is not None and rhr - usual_rhr >= rules.rhr_above_bpm:
        flags.append(
            Flag(
                "resting HR",
                rhr,
                f"resting HR {rhr:.0f} bpm, {rhr - usual_rhr:.0f} above your usual {usual_rhr:.0f}",
                rhr - usual_rhr >= rules.rhr_severe_bpm,
            )
        )
    hrv_series = wellness.get(MetricType.HRV_MS, ())
    hrv, usual_hrv = _on(hrv_series, day), _usual(hrv_series, day, rules)
    if hrv is not None and usual_hrv and (drop := 1 - hrv / usual_hrv) >= rules.hrv_below:
        flags.append(
            Flag(
                "HRV",
                hrv,
                f"HRV {hrv:.0f} ms, {drop * 100:.0f} % under your usual {usual_hrv:.0f} ms",
                drop >= rules.hrv_severe,
            )
        )
    return flags


def hard_day_flag(
    hard_days: Sequence[date], day: date, rules: ReadinessRules = ReadinessRules()
) -> Flag | None:
    """Hard days back to back more than ``back_to_back_max`` times in the 7 days to ``day``, or
    three in a row ending on ``day`` or the day before."""
    week = sorted({d for d in hard_days if day - timedelta(days=6) <= d <= day})
    pairs = sum(1 for a, b in pairwise(week) if (b - a).days == 1)
    streak = 0
    for end in (day, day - timedelta(days=1)):
        run = 0
        while end - timedelta(days=run) in week:
            run += 1
        streak = max(streak, run)
    if streak >= 3:
        return Flag("hard days", streak, f"{streak} hard days in a row")
    if pairs > rules.back_to_back_max:
        return Flag("hard days", pairs, f"hard days back to back {pairs} times this week")
    return None


def trend(
    wellness: Mapping[MetricType, Series], day: date, rules: ReadinessRules = ReadinessRules()
) -> tuple[Flag, ...]:
    """Flags from the means of the last ``trend_days`` days' entries."""
    start = day - timedelta(days=rules.trend_days - 1)
    flags = []
    for metric, label, limit, high_is_bad in (
        (MetricType.SORENESS, "soreness", rules.trend_soreness_high, True),
        (MetricType.ENERGY, "energy", rules.trend_energy_low, False),
        (MetricType.SLEEP_QUALITY, "sleep quality", rules.trend_energy_low, False),
    ):
        values = [v for d, v in wellness.get(metric, ()) if start <= d <= day]
        if len(values) < rules.trend_min:
            continue
        mean = statistics.fmean(values)
        if (mean >= limit) if high_is_bad else (mean <= limit):
            flags.append(
                Flag(label, mean, f"{label} {mean:.1f}/10 on average over your last "
                                  f"{len(values)} entries")
            )  # fmt: skip
    return tuple(flags)


WELLNESS_METRICS = (
    MetricType.ENERGY,
    MetricType.SORENESS,
    MetricType.SLEEP_HOURS,
    MetricType.SLEEP_QUALITY,
    MetricType.RESTING_HR_BPM,
    MetricType.HRV_MS,
)


def readiness(
    wellness: Mapping[MetricType, Series],
    hard_days: Sequence[date],
    day: date,
    rules: ReadinessRules = ReadinessRules(),
) -> Readiness:
    logged = any(_on(wellness.get(metric, ()), day) is not None for metric in WELLNESS_METRICS)
    return Readiness(
        day=day,
        flags=tonight(wellness, hard_days, day, rules),
        trend=trend(wellness, day, rules),
        logged=logged,
    )
