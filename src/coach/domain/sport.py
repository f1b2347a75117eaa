"""Sports (what a workout or activity is) and equipment."""

from __future__ import annotations

from enum import StrEnum

from coach.domain.errors import ValidationFailed


class Sport(StrEnum):
    """A training modality. Availability windows, plans and activities all speak in these."""

    SWIM = "swim"
    RUN = "run"
    BIKE = "bike"
    ROW = "row"
    STRENGTH = "strength"
    MOBILITY = "mobility"
    WALK = "walk"
    HIKE = "hike"
    OTHER = "other"


ENDURANCE_SPORTS = frozenset({Sport.SWIM, Sport.RUN, Sport.BIKE, Sport.ROW, Sport.WALK, Sport.HIKE})


class Equipment(StrEnum):
    """Equipment a workout needs or a location offers."""

    POOL = "pool"
    FINS = "fins"
    KICKBOARD = "kickboard"
    PADDLES = "paddles"
    PULL_BUOY = "pull_buoy"
    SNORKEL = "snorkel"
    BARBELL = "barbell"
    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"
    MEDICINE_BALL = "medicine_ball"
    PLYO_BOX = "plyo_box"
    BENCH = "bench"
    PULL_UP_BAR = "pull_up_bar"
    RESISTANCE_BAND = "resistance_band"
    CABLE = "cable"
    MACHINE = "machine"
    BIKE_TRAINER = "bike_trainer"
    BIKE = "bike"
    TREADMILL = "treadmill"
    ROWER = "rower"
    MAT = "mat"
    FOAM_ROLLER = "foam_roller"


def parse_enum_list[E: StrEnum](enum: type[E], text: str, what: str) -> list[E]:
    """Read a comma-separated list of enum values, refusing unknown ones with the known list."""
    values: list[E] = []
    for raw in text.split(","):
        item = raw.strip().lower().replace("-", "_").replace(" ", "_")
        if not item:
            continue
        try:
            value = enum(item)
        except ValueError:
            known = ", ".join(member.value for member in enum)
            raise ValidationFailed(f"unknown {what} {raw.strip()!r} (known: {known})") from None
        if value not in values:
            values.append(value)
    return values
