"""Load of an imported activity with the thresholds that applied on its day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from coach.analysis.load import CSS_PER_FASTEST_100, Load, SessionInput, session_load
from coach.domain.activity import ActivityData
from coach.intake.thresholds import ThresholdBook


def activity_load(
    activity: ActivityData, book: ThresholdBook, day: date
) -> tuple[Load, dict[str, Any]]:
    """The chosen load and the details kept beside it (every method's value, HR zones, which
    thresholds were estimates), so a reader can see how the number came about."""
    thresholds, estimated = book.on(day)
    own_css = _css_from_fastest_100(activity) if "css_s_per_100m" in estimated else None
    if own_css is not None:
        thresholds = replace(thresholds, css_s_per_100m=own_css)
        estimated = [CSS_FROM_SWIM if name == "css_s_per_100m" else name for name in estimated]
    load = session_load(
        SessionInput(
            sport=activity.sport,
            duration_s=activity.elapsed_s,
            moving_time_s=activity.moving_time_s,
            timer_s=activity.timer_s,
            distance_m=activity.distance_m,
            normalized_power_w=activity.normalized_power_w,
            rpe=activity.rpe,
            time_s=activity.streams.get("time_s", ()),
            heart_rate_bpm=activity.streams.get("heart_rate_bpm", ()),
            power_w=activity.streams.get("power_w", ()),
            speed_mps=activity.streams.get("speed_mps", ()),
            swim_lengths_s=tuple(n.duration_s for n in activity.lengths if n.is_active),
            pool_length_m=activity.pool_length_m,
        ),
        thresholds,
    )
    details: dict[str, Any] = {
        "load": {
            "method": load.method.value if load.method else None,
            "value": load.value,
            "by_method": load.by_method,
            "srpe_au": load.srpe_au,
            "estimated_thresholds": estimated,
            "threshold_s": None if load.threshold_s is None else round(load.threshold_s),
        }
    }
    if own_css is not None:
        details["load"]["css_s_per_100m"] = round(own_css, 1)
    if load.hr_zone_s is not None:
        details["hr_zone_s"] = [round(seconds, 1) for seconds in load.hr_zone_s]
    return load, details


CSS_FROM_SWIM = "css_s_per_100m from this swim's fastest 100"
"""How the load details name a CSS estimated from the swim itself."""


def _css_from_fastest_100(activity: ActivityData) -> float | None:
    """CSS pace per 100 m estimated from the swim's own fastest 100 (analysis.load
    CSS_PER_FASTEST_100), when the athlete has no CSS test: their own pace says more than a
    population default."""
    swim = activity.details.get("swim") or {}
    fastest = (swim.get("fastest_100") or {}).get("as_100m_s")
    if not isinstance(fastest, int | float) or fastest <= 0:
        return None
    return float(fastest) * CSS_PER_FASTEST_100
