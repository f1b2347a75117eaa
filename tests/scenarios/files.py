"""What a watch and a phone app would write for a scenario: FIT activity files encoded with
garmin-fit-sdk's Encoder, and Hevy CSV exports. Nothing here comes from coach itself: scenarios
go in through the same importers as real data.

Effort is described the way a coach reads it: a block is seconds at a heart rate (and a speed or
power); a swim is lengths at a pace.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from garmin_fit_sdk import Encoder, Profile

from tests.fitfiles import file_id

MESG = Profile["mesg_num"]
RECORD_EVERY_S = 5
YD25_M = 22.86
FIT_SPORTS = {
    "run": ("running", "generic"),
    "bike": ("cycling", "road"),
    "row": ("rowing", "indoor_rowing"),
    "mobility": ("training", "flexibility_training"),
    "walk": ("walking", "generic"),
}


@dataclass(frozen=True)
class Block:
    """A stretch of steady effort."""

    seconds: float
    hr: int
    speed_mps: float = 0.0
    power_w: float | None = None


def endurance(sport: str, start: datetime, blocks: Sequence[Block], serial: int) -> bytes:
    """A run, ride, row or mobility session: records every 5 s, one lap per block."""
    encoder = Encoder()
    file_id(encoder, serial, start)
    clock, distance = start, 0.0
    beats: list[int] = []
    for index, block in enumerate(blocks):
        lap_start, lap_distance = clock, distance
        for _ in range(int(block.seconds // RECORD_EVERY_S)):
            clock += timedelta(seconds=RECORD_EVERY_S)
            distance += block.speed_mps * RECORD_EVERY_S
            record: dict[str, Any] = {"timestamp": clock, "heart_rate": block.hr}
            if block.speed_mps:
                record["speed"] = block.speed_mps
                record["distance"] = distance
            if block.power_w is not None:
                record["power"] = round(block.power_w)
            encoder.on_mesg(MESG["RECORD"], record)
            beats.append(block.hr)
        lap_s = (clock - lap_start).total_seconds()
        encoder.on_mesg(
            MESG["LAP"],
            {
                "message_index": index,
                "start_time": lap_start,
                "timestamp": clock,
                "total_elapsed_time": lap_s,
                "total_timer_time": lap_s,
                "total_distance": distance - lap_distance,
                "avg_heart_rate": block.hr,
            },
        )
    elapsed = (clock - start).total_seconds()
    fit_sport, sub_sport = FIT_SPORTS[sport]
    session: dict[str, Any] = {
        "start_time": start,
        "timestamp": clock,
        "total_elapsed_time": elapsed,
        "total_timer_time": elapsed,
        "sport": fit_sport,
        "sub_sport": sub_sport,
        "avg_heart_rate": round(sum(beats) / len(beats)) if beats else None,
        "max_heart_rate": max(beats) if beats else None,
    }
    if distance:
        session["total_distance"] = distance
    encoder.on_mesg(MESG["SESSION"], {k: v for k, v in session.items() if v is not None})
    return bytes(encoder.close())


def pool_swim(
    start: datetime, lengths: Sequence[tuple[float, bool]], serial: int, pool_m: float = YD25_M
) -> bytes:
    """A 25 yd pool swim: (seconds, active) per length; inactive lengths are rests."""
    encoder = Encoder()
    file_id(encoder, serial, start)
    clock = start
    active = 0
    for index, (seconds, swimming) in enumerate(lengths):
        fields: dict[str, Any] = {
            "message_index": index,
            "start_time": clock,
            "timestamp": clock + timedelta(seconds=seconds),
            "total_elapsed_time": seconds,
            "total_timer_time": seconds,
            "length_type": "active" if swimming else "idle",
        }
        if swimming:
            fields |= {"swim_stroke": "freestyle", "total_strokes": 16}
            active += 1
        encoder.on_mesg(MESG["LENGTH"], fields)
        clock += timedelta(seconds=seconds)
    elapsed = (clock - start).total_seconds()
    for kind, fields in (
        ("LAP", {"message_index": 0}),
        ("SESSION", {"sport": "swimming", "sub_sport": "lap_swimming", "pool_length": pool_m,
                     "pool_length_unit": "statute"}),
    ):  # fmt: skip
        encoder.on_mesg(
            MESG[kind],
            {
                "start_time": start,
                "timestamp": clock,
                "total_elapsed_time": elapsed,
                "total_timer_time": elapsed,
                "total_distance": active * pool_m,
                **fields,
            },
        )
    return bytes(encoder.close())


@dataclass(frozen=True)
class Lift:
    """One exercise of a strength workout, as Hevy exports it."""

    title: str  # Hevy's exercise title, e.g. "Squat (Barbell)"
    sets: int
    reps: int
    kg: float | None = None
    rpe: float | None = None


HEVY_HEADER = [
    "title", "start_time", "end_time", "description", "exercise_title", "superset_id",
    "exercise_notes", "set_index", "set_type", "weight_kg", "reps", "distance_km",
    "duration_seconds", "rpe",
]  # fmt: skip


def hevy_rows(
    title: str, start: datetime, minutes: float, lifts: Sequence[Lift]
) -> list[list[str]]:
    """The rows of one workout in a Hevy CSV export (local wall-clock times, kg)."""
    end = start + timedelta(minutes=minutes)
    rows = []
    for lift in lifts:
        for index in range(lift.sets):
            rows.append(
                [
                    title,
                    f"{start:%d %b %Y, %H:%M}",
                    f"{end:%d %b %Y, %H:%M}",
                    "",
                    lift.title,
                    "",
                    "",
                    str(index),
                    "normal",
                    "" if lift.kg is None else f"{lift.kg:g}",
                    str(lift.reps),
                    "",
                    "",
                    "" if lift.rpe is None else f"{lift.rpe:g}",
                ]
            )
    return rows


def hevy_csv(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(HEVY_HEADER)
    writer.writerows(rows)
    return out.getvalue()
