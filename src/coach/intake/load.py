"""Load of an imported activity with the thresholds that applied on its day."""

from __future__ import annotations

from datetime import date
from typing import Any

from coach.analysis.load import Load, SessionInput, session_load
from coach.domain.activity import ActivityData
from coach.intake.thresholds import ThresholdBook


def activity_load(
    activity: ActivityData, book: ThresholdBook, day: date
) -> tuple[Load, dict[str, Any]]:
    """The chosen load and the details kept beside it (every method's value, HR zones, which
    thresholds were estimates), so a reader can see how the number came about."""
    thresholds, estimated = book.on(day)
    load = session_load(
        SessionInput(
            sport=activity.sport,
            duration_s=activity.elapsed_s,
            moving_time_s=activity.moving_time_s,
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
    if load.hr_zone_s is not None:
        details["hr_zone_s"] = [round(seconds, 1) for seconds in load.hr_zone_s]
    return load, details
