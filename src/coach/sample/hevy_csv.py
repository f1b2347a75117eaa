"""Simulated strength sessions as a Hevy CSV export (docs/connectors.md (Hevy)): one row per set, kg
columns, dates as ``8 Apr 2026, 16:50`` in the athlete's wall-clock time."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from coach.sample.history import StrengthSession

HEADER = (
    "title", "start_time", "end_time", "description", "exercise_title", "superset_id",
    "exercise_notes", "set_index", "set_type", "weight_kg", "reps", "distance_km",
    "duration_seconds", "rpe",
)  # fmt: skip


def hevy_date(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y, %H:%M}"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def hevy_csv(sessions: list[StrengthSession]) -> str:
    """The sessions as the text of a Hevy export, oldest first (Hevy writes newest first; the
    importer does not care)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(HEADER)
    for workout in sessions:
        index: dict[str, int] = {}
        for lifted in workout.sets:
            number = index.get(lifted.exercise, 0)
            index[lifted.exercise] = number + 1
            writer.writerow(
                (
                    workout.title,
                    hevy_date(workout.start),
                    hevy_date(workout.end),
                    "",
                    lifted.exercise,
                    "",
                    "",
                    number,
                    "normal",
                    _number(lifted.weight_kg),
                    "" if lifted.reps is None else lifted.reps,
                    "",
                    _number(lifted.duration_s),
                    "",
                )
            )
    return buffer.getvalue()
