"""Training load of one session, by the methods of docs/methods.md §1, each labelled.

Every function is pure and takes SI inputs. Per-sample methods (hrTSS, TRIMP, HR zones) weight each
sample by the time to the next one (the last sample gets none), so gaps and smart recording are
counted as recorded, and missing samples (None) count as nothing rather than as zero heart rate.

Priority per sport (the first method whose inputs exist wins; the others are kept alongside):

- bike: power TSS, then hrTSS, then session-RPE;
- run: pace rTSS, then hrTSS, then session-RPE;
- swim: swim sTSS (CSS), then hrTSS, then session-RPE (a session logged by hand with only
  how hard it felt still has a load);
- strength and mobility: session-RPE (only when an RPE is known: heart rate says little about
  lifting);
- anything else: hrTSS, then session-RPE.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from coach.analysis.samples import Samples, as_samples
from coach.domain.sport import Sport

SRPE_AU_PER_TSS = 10.0
"""Session-RPE arbitrary units per TSS-like point (docs/methods.md §1: shown as AU/10,
a design choice that puts 60 min at RPE 7 (420 AU) near an hour of tempo work, 42)."""
TRIMP_A_MALE, TRIMP_B_MALE = 0.64, 1.92
TRIMP_A_FEMALE, TRIMP_B_FEMALE = 0.86, 1.67
"""Banister TRIMP constants (Morton, Fitz-Clarke & Banister 1990); docs/methods.md notes that some
tools use a = 0.64 for both sexes: the female a is from the literature, not re-verified."""
CSS_PER_FASTEST_100 = 1.10
"""CSS pace per 100 from a fastest 100, when no CSS test is stored: the two-parameter model
T100 = (100 - D') / CSS (Wakayoshi et al. 1992; docs/methods.md §6) with D' of about 9 m gives a CSS
pace 1.10 times the 100's pace. An estimate, and labelled so wherever the load is shown."""
HR_ZONE_BOUNDS = (0.5, 0.6, 0.7, 0.8, 0.9)
"""Lower bounds of HR zones 1-5 as fractions of max HR (Edwards 1993; docs/methods.md §1)."""


class LoadMethod(StrEnum):
    POWER_TSS = "power_tss"
    PACE_RTSS = "pace_rtss"
    SWIM_STSS = "swim_stss"
    HR_TSS = "hr_tss"
    TRIMP = "trimp"
    SRPE = "srpe"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The athlete's thresholds as of the session's date."""

    ftp_w: float
    threshold_pace_s_per_km: float
    css_s_per_100m: float
    max_hr_bpm: float
    resting_hr_bpm: float
    lthr_bpm: float
    female: bool = False


@dataclass(frozen=True, slots=True)
class SessionInput:
    sport: str
    duration_s: float
    moving_time_s: float | None = None
    timer_s: float | None = None  # the timer running: what power TSS counts
    distance_m: float | None = None
    normalized_power_w: float | None = None
    rpe: float | None = None
    time_s: Samples = ()
    heart_rate_bpm: Samples = ()
    power_w: Samples = ()
    speed_mps: Samples = ()
    swim_lengths_s: tuple[float, ...] = ()  # active pool lengths' times
    pool_length_m: float | None = None


@dataclass(frozen=True, slots=True)
class Load:
    value: float | None  # TSS-like points of the chosen method
    method: LoadMethod | None
    by_method: dict[str, float] = field(default_factory=dict)
    srpe_au: float | None = None
    hr_zone_s: list[float] | None = None
    threshold_s: float | None = None  # time at or above threshold (see threshold_seconds)


def power_tss(duration_s: float, np_w: float, ftp_w: float) -> float:
    """TSS = (t x NP x IF) / (FTP x 3600) x 100, IF = NP / FTP (Coggan); t is the timer time
    (the ride without its stops), as TrainingPeaks counts it."""
    intensity = np_w / ftp_w
    return duration_s * np_w * intensity / (ftp_w * 3600) * 100


def pace_rtss(moving_time_s: float, distance_m: float, threshold_pace_s_per_km: float) -> float:
    """rTSS = h x IF^2 x 100, IF = speed / threshold speed (TrainingPeaks).

    Speed is the average moving speed: a flat-ground stand-in for normalized graded speed, which
    needs a grade model coach does not apply yet.
    """
    speed = distance_m / moving_time_s
    threshold_speed = 1000.0 / threshold_pace_s_per_km
    return moving_time_s / 3600 * (speed / threshold_speed) ** 2 * 100


def swim_stss(moving_time_s: float, distance_m: float, css_s_per_100m: float) -> float:
    """sTSS = IF^3 x h x 100, IF = swim speed / CSS speed (McGregor & Fitzgerald; drag: cubed)."""
    speed = distance_m / moving_time_s
    css_speed = 100.0 / css_s_per_100m
    return (speed / css_speed) ** 3 * moving_time_s / 3600 * 100


def session_rpe_au(duration_s: float, rpe: float) -> float:
    """sRPE load = CR-10 RPE x minutes, in arbitrary units (Foster 2001)."""
    return rpe * duration_s / 60


def _weights(
    time_s: Samples, hr: Samples
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(heart rate, seconds each sample stands for), samples without a value dropped."""
    if len(hr) != len(time_s) or len(time_s) < 2:
        return np.empty(0), np.empty(0)
    times, rates = as_samples(time_s), as_samples(hr)
    dt = np.append(np.diff(times), 0.0)
    keep = ~np.isnan(rates) & ~np.isnan(dt) & (dt > 0)
    return rates[keep], dt[keep]


def hr_tss(time_s: Samples, hr: Samples, t: Thresholds) -> float | None:
    """hrTSS = sum over samples of dt_h x (HRR / HRR_LT)^2 x 100, HRR = (HR - rest)/(max - rest),
    HRR_LT the reserve fraction at LTHR (docs/methods.md §1; per sample, not from
    averages).
    """
    rates, dt = _weights(time_s, hr)
    if rates.size == 0:
        return None
    reserve = t.max_hr_bpm - t.resting_hr_bpm
    hrr = np.clip((rates - t.resting_hr_bpm) / reserve, 0.0, None)
    hrr_lt = (t.lthr_bpm - t.resting_hr_bpm) / reserve
    return float(np.sum(dt / 3600 * (hrr / hrr_lt) ** 2) * 100)


def banister_trimp(time_s: Samples, hr: Samples, t: Thresholds) -> float | None:
    """TRIMP = sum of D_min x dHR x a x e^(b x dHR), dHR = HR reserve fraction (Banister)."""
    rates, dt = _weights(time_s, hr)
    if rates.size == 0:
        return None
    a, b = (TRIMP_A_FEMALE, TRIMP_B_FEMALE) if t.female else (TRIMP_A_MALE, TRIMP_B_MALE)
    delta = np.clip((rates - t.resting_hr_bpm) / (t.max_hr_bpm - t.resting_hr_bpm), 0.0, 1.0)
    return float(np.sum(dt / 60 * delta * a * np.exp(b * delta)))


def hr_zone_seconds(time_s: Samples, hr: Samples, max_hr: float) -> list[float] | None:
    """Seconds below zone 1 and in zones 1-5 (Edwards bounds of max HR): six numbers."""
    rates, dt = _weights(time_s, hr)
    if rates.size == 0:
        return None
    zone = np.searchsorted(np.array(HR_ZONE_BOUNDS) * max_hr, rates, side="right")
    return [float(dt[zone == z].sum()) for z in range(len(HR_ZONE_BOUNDS) + 1)]


def threshold_seconds(session: SessionInput, t: Thresholds) -> float | None:
    """Seconds at or above threshold intensity: a sample counts when its heart rate is at or
    above LTHR, its power at or above FTP (bike), or its speed at or above threshold speed (run);
    a pool length counts when swum at or faster than CSS pace. None when the session has none of
    these data. What makes a session *hard* reads this (coach.analysis.intensity)."""
    swim: float | None = None
    if session.swim_lengths_s and session.pool_length_m:
        at_css = session.pool_length_m / 100.0 * t.css_s_per_100m
        swim = float(sum(s for s in session.swim_lengths_s if 0 < s <= at_css))
    n = len(session.time_s)
    if n < 2:
        return swim
    times = as_samples(session.time_s)
    dt = np.append(np.diff(times), 0.0)
    hit = np.zeros(n, dtype=bool)
    seen = False
    for samples, limit in (
        (session.heart_rate_bpm, t.lthr_bpm),
        (session.power_w if session.sport == Sport.BIKE.value else (), t.ftp_w),
        (
            session.speed_mps if session.sport == Sport.RUN.value else (),
            1000.0 / t.threshold_pace_s_per_km,
        ),
    ):
        if len(samples) != n:
            continue
        values = as_samples(samples)
        if np.all(np.isnan(values)):
            continue
        seen = True
        hit |= np.nan_to_num(values, nan=-1.0) >= limit
    if not seen:
        return swim
    keep = (dt > 0) & ~np.isnan(dt)
    return float(dt[hit & keep].sum()) + (swim or 0.0)


_PRIORITY: dict[str, tuple[LoadMethod, ...]] = {
    Sport.BIKE.value: (LoadMethod.POWER_TSS, LoadMethod.HR_TSS, LoadMethod.SRPE),
    Sport.RUN.value: (LoadMethod.PACE_RTSS, LoadMethod.HR_TSS, LoadMethod.SRPE),
    Sport.SWIM.value: (LoadMethod.SWIM_STSS, LoadMethod.HR_TSS, LoadMethod.SRPE),
    Sport.STRENGTH.value: (LoadMethod.SRPE,),
    Sport.MOBILITY.value: (LoadMethod.SRPE,),
}
_DEFAULT_PRIORITY = (LoadMethod.HR_TSS, LoadMethod.SRPE)


def session_load(session: SessionInput, t: Thresholds) -> Load:
    """Every load method the session's data allows, and the one chosen by the sport's priority."""
    moving = session.moving_time_s or session.duration_s
    values: dict[LoadMethod, float] = {}
    ridden = session.timer_s or session.duration_s  # a café stop is not training
    if session.normalized_power_w and session.sport == Sport.BIKE.value and ridden > 0:
        values[LoadMethod.POWER_TSS] = power_tss(ridden, session.normalized_power_w, t.ftp_w)
    if session.distance_m and moving > 0 and session.sport == Sport.RUN.value:
        values[LoadMethod.PACE_RTSS] = pace_rtss(
            moving, session.distance_m, t.threshold_pace_s_per_km
        )
    if session.distance_m and moving > 0 and session.sport == Sport.SWIM.value:
        values[LoadMethod.SWIM_STSS] = swim_stss(moving, session.distance_m, t.css_s_per_100m)
    has_hr = len(session.heart_rate_bpm) > 1
    if has_hr and (hr_value := hr_tss(session.time_s, session.heart_rate_bpm, t)) is not None:
        values[LoadMethod.HR_TSS] = hr_value
    if has_hr and (trimp := banister_trimp(session.time_s, session.heart_rate_bpm, t)) is not None:
        values[LoadMethod.TRIMP] = trimp
    srpe = session_rpe_au(session.duration_s, session.rpe) if session.rpe is not None else None
    if srpe is not None:
        values[LoadMethod.SRPE] = srpe / SRPE_AU_PER_TSS
    chosen = next((m for m in _PRIORITY.get(session.sport, _DEFAULT_PRIORITY) if m in values), None)
    return Load(
        value=round(values[chosen], 1) if chosen else None,
        method=chosen,
        by_method={m.value: round(v, 1) for m, v in values.items()},
        srpe_au=round(srpe, 1) if srpe is not None else None,
        hr_zone_s=hr_zone_seconds(session.time_s, session.heart_rate_bpm, t.max_hr_bpm)
        if has_hr
        else None,
        threshold_s=threshold_seconds(session, t),
    )
