"""Fitness, fatigue and form (the performance management chart) and the load flags beside it.

Exact exponential form (GoldenCheetah ``PMCData.cpp``; docs/methods.md §2):

    CTL_d = CTL_{d-1} * e^(-1/42) + Load_d * (1 - e^(-1/42))
    ATL_d = ATL_{d-1} * e^(-1/7)  + Load_d * (1 - e^(-1/7))

Days without training have load 0 (that is the model, not missing data); several sessions on a
day are summed. **Form** is reported as the *morning* value: form on day d = CTL_{d-1} - ATL_{d-1},
what the athlete brings into day d before training (GoldenCheetah's convention; intervals.icu's
is unverified). Ramp rate = CTL_d - CTL_{d-7} (docs/methods.md §3). Foster monotony = mean / SD of
the last 7 daily loads, strain = weekly load x monotony (Foster 1998; §5). ACWR by EWMA with
lambda = 2/(N+1), N = 7 and 28 (Williams et al. 2017; §4), a soft flag only.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from coach.analysis.facts import ActivityFact

CTL_DAYS = 42
ATL_DAYS = 7
CTL_DECAY = math.exp(-1 / CTL_DAYS)  # 0.976472
ATL_DECAY = math.exp(-1 / ATL_DAYS)  # 0.866878
RAMP_DAYS = 7
ACWR_ACUTE_N = 7
ACWR_CHRONIC_N = 28


@dataclass(frozen=True, slots=True)
class LoadThresholds:
    """Where the load flags trip. Defaults from docs/methods.md (each a heuristic, not a diagnosis):

    - ``form_low`` -25: form below it for ``form_low_days`` (3) days calls for recovery (§10);
    - ``ramp_high`` 8 CTL/week: Friel's and IntervalCoach's upper limit (§3);
    - ``monotony_high`` 2.0 (Foster, §5);
    - ``strain_high`` 600 load units a week: Foster's 6 000 AU illness-risk level, divided by 10
      because coach's session-RPE load is AU/10 (coach.analysis.load.SRPE_AU_PER_TSS);
    - ``acwr_high`` 1.5: Gabbett's "danger" ratio, a soft flag only (§4).
    """

    form_low: float = -25.0
    form_low_days: int = 3
    ramp_high: float = 8.0
    monotony_high: float = 2.0
    strain_high: float = 600.0
    acwr_high: float = 1.5


@dataclass(frozen=True, slots=True)
class PmcDay:
    day: date
    load: float
    ctl: float  # fitness at the end of the day
    atl: float  # fatigue at the end of the day
    form: float  # morning form: CTL - ATL of the day before


def daily_loads(loads: Mapping[date, float], start: date, end: date) -> list[float]:
    """One value per day from ``start`` to ``end`` inclusive, 0 for a day without training."""
    days = (end - start).days + 1
    return [loads.get(start + timedelta(days=i), 0.0) for i in range(max(days, 0))]


def pmc(
    loads: Mapping[date, float],
    start: date,
    end: date,
    *,
    ctl0: float = 0.0,
    atl0: float = 0.0,
) -> list[PmcDay]:
    """The chart from ``start`` to ``end``; ``ctl0``/``atl0`` are the values the day before."""
    out: list[PmcDay] = []
    ctl, atl = ctl0, atl0
    day = start
    for load in daily_loads(loads, start, end):
        form = ctl - atl
        ctl = ctl * CTL_DECAY + load * (1 - CTL_DECAY)
        atl = atl * ATL_DECAY + load * (1 - ATL_DECAY)
        out.append(PmcDay(day, load, ctl, atl, form))
        day += timedelta(days=1)
    return out


def ramp_rate(chart: Sequence[PmcDay]) -> float | None:
    """CTL gained over the last 7 days of the chart (None when it is shorter than 8 days)."""
    if len(chart) <= RAMP_DAYS:
        return None
    return chart[-1].ctl - chart[-1 - RAMP_DAYS].ctl


def monotony(last7: Sequence[float]) -> float | None:
    """Mean / SD of 7 daily loads; None when every day is the same (SD 0) or no training."""
    if len(last7) != ATL_DAYS or not any(last7):
        return None
    spread = statistics.pstdev(last7)
    if spread == 0:
        return None
    return statistics.fmean(last7) / spread


def strain(last7: Sequence[float]) -> float | None:
    """Weekly load x monotony."""
    value = monotony(last7)
    return None if value is None else sum(last7) * value


def acwr(loads: Sequence[float]) -> float | None:
    """Acute:chronic ratio of EWMAs (lambda 2/8 and 2/29) over a daily series, oldest first;
    None before 28 days of history or with no chronic load."""
    if len(loads) < ACWR_CHRONIC_N:
        return None
    acute_l, chronic_l = 2 / (ACWR_ACUTE_N + 1), 2 / (ACWR_CHRONIC_N + 1)
    acute = chronic = 0.0
    for load in loads:
        acute = acute_l * load + (1 - acute_l) * acute
        chronic = chronic_l * load + (1 - chronic_l) * chronic
    return acute / chronic if chronic > 0 else None


@dataclass(frozen=True, slots=True)
class LoadState:
    """Where the athlete stands on ``day`` and which flags are up (each with its number)."""

    day: date
    ctl: float
    atl: float
    form: float
    ramp: float | None
    monotony: float | None
    strain: float | None
    acwr: float | None
    low_form_days: int
    flags: tuple[str, ...]


def load_state(chart: Sequence[PmcDay], thresholds: LoadThresholds) -> LoadState:
    """Summary of the chart's last day (the chart must not be empty)."""
    last = chart[-1]
    week = [d.load for d in chart[-ATL_DAYS:]]
    low_days = 0
    for point in reversed(chart):
        if point.form >= thresholds.form_low:
            break
        low_days += 1
    state = LoadState(
        day=last.day,
        ctl=last.ctl,
        atl=last.atl,
        form=last.form,
        ramp=ramp_rate(chart),
        monotony=monotony(week),
        strain=strain(week),
        acwr=acwr([d.load for d in chart]),
        low_form_days=low_days,
        flags=(),
    )
    return _flagged(state, thresholds)


def _flagged(state: LoadState, t: LoadThresholds) -> LoadState:
    flags = []
    if state.low_form_days >= t.form_low_days:
        flags.append(f"form below {t.form_low:g} for {state.low_form_days} days")
    if state.ramp is not None and state.ramp > t.ramp_high:
        flags.append(f"fitness ramping {state.ramp:.1f}/week (> {t.ramp_high:g})")
    if state.monotony is not None and state.monotony > t.monotony_high:
        flags.append(f"monotony {state.monotony:.1f} (> {t.monotony_high:g})")
    if state.strain is not None and state.strain > t.strain_high:
        flags.append(f"strain {state.strain:.0f} (> {t.strain_high:g})")
    if state.acwr is not None and state.acwr > t.acwr_high:
        flags.append(f"acute:chronic {state.acwr:.2f} (> {t.acwr_high:g}, soft flag)")
    return replace(state, flags=tuple(flags))


def loads_by_day(activities: Iterable[ActivityFact]) -> dict[date, float]:
    """Combined load per local date. An activity whose load is unknown adds nothing (it is
    counted in ``unknown_load``, never as 0 load)."""
    days: defaultdict[date, float] = defaultdict(float)
    for activity in activities:
        if activity.load is not None:
            days[activity.day] += activity.load
    return dict(days)


def loads_by_day_and_sport(activities: Iterable[ActivityFact]) -> dict[date, dict[str, float]]:
    days: defaultdict[date, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
    for activity in activities:
        if activity.load is not None:
            days[activity.day][activity.sport] += activity.load
    return {day: dict(sports) for day, sports in days.items()}


def unknown_load(activities: Iterable[ActivityFact]) -> int:
    return sum(1 for activity in activities if activity.load is None)
