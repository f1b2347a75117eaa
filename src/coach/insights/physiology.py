"""How a person reads the physiology in use (measured or estimated): each value's label and
dimension, so every front end writes it in the athlete's units the same way."""

from __future__ import annotations

from coach.domain.units import Dimension, UnitSystem, format_quantity

PHYSIOLOGY_DISPLAY: dict[str, tuple[str, Dimension]] = {
    "age_years": ("Age", Dimension.COUNT),
    "weight_kg": ("Weight", Dimension.MASS),
    "resting_hr_bpm": ("Resting HR", Dimension.HEART_RATE),
    "max_hr_bpm": ("Max HR", Dimension.HEART_RATE),
    "lthr_bpm": ("Threshold HR", Dimension.HEART_RATE),
    "ftp_w": ("FTP", Dimension.POWER),
    "threshold_pace_s_per_km": ("Threshold pace", Dimension.RUN_PACE),
    "css_s_per_100m": ("CSS", Dimension.SWIM_PACE),
}
"""Each physiology field of the profile: its label and what it measures."""


def physiology_value(name: str, value: float | None, system: UnitSystem) -> str:
    """One physiology value in the athlete's units (``—`` when there is none)."""
    if value is None:
        return "—"
    return format_quantity(value, PHYSIOLOGY_DISPLAY[name][1], system)
