"""Hevy's CSV export (Settings > Export data), one row per set (docs/hevy.md §5).

Header (kg variant; imperial accounts get ``weight_lbs`` and ``distance_miles``)::

    title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,
    set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe

Dates look like ``8 Apr 2026, 16:50``, wall-clock time without a zone: read in the athlete's
timezone. Month names in English, Spanish, French, German, Italian and Portuguese are known.
A workout is identified by title + start time.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from coach.domain.activity import StrengthSetData
from coach.domain.errors import ParseError
from coach.domain.plan import DataSource
from coach.domain.units import KG_PER_LB, M_PER_MI
from coach.domain.workout import SetKind
from coach.intake.csv.common import (
    CsvImport,
    CsvWorkout,
    RowError,
    library_id,
    local_time,
    number,
    read_text,
    rows_of,
    scaled,
    sniff_delimiter,
    whole,
)

COMMON = (
    "title", "start_time", "end_time", "description", "exercise_title", "superset_id",
    "exercise_notes", "set_index", "set_type", "reps", "duration_seconds", "rpe",
)  # fmt: skip
WEIGHT_COLUMNS = {"weight_kg": 1.0, "weight_lbs": KG_PER_LB}
DISTANCE_COLUMNS = {"distance_km": 1000.0, "distance_miles": M_PER_MI}
SET_KINDS = {kind.value: kind for kind in SetKind}

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "jan january ene enero janv janvier janeiro gen gennaio jän januar",
        "feb february febrero fév févr février fevereiro fev febbraio februar",
        "mar march marzo mars março mär märz",
        "apr april abr abril avr avril aprile",
        "may mayo mai maio mag maggio",
        "jun june junio juin giu giugno juni junho",
        "jul july julio juil juillet lug luglio juli julho",
        "aug august ago agosto août aoû",
        "sep sept september septiembre septembre set setembro settembre",
        "oct october octubre octobre out outubro ott ottobre okt oktober",
        "nov november noviembre novembre novembro",
        "dec december dic diciembre déc décembre dez dezembro dicembre dezember",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
_DATE = re.compile(r"^\s*(\d{1,2})\s+([^\s\d,]+?)\.?\s+(\d{4}),?\s+(\d{1,2}):(\d{2})\s*$")


class _Units(NamedTuple):
    weight_at: int
    kg_per_unit: float
    distance_at: int
    m_per_unit: float


def is_hevy_header(header: list[str]) -> bool:
    names = {name.strip().lower() for name in header}
    return "exercise_title" in names and "set_index" in names


def parse_hevy_date(text: str) -> datetime:
    match = _DATE.match(text)
    if not match:
        raise RowError(f"date {text!r} is not like '8 Apr 2026, 16:50'")
    day, month_name, year, hour, minute = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        raise RowError(f"unknown month {month_name!r} in {text!r}")
    try:
        return datetime(int(year), month, int(day), int(hour), int(minute))  # noqa: DTZ001
    except ValueError as exc:
        raise RowError(f"date {text!r}: {exc}") from None


def parse_hevy_csv(path: Path, zone: ZoneInfo) -> CsvImport:
    """Read a whole export; the first bad row raises ParseError naming its line."""
    text = read_text(path)
    delimiter = sniff_delimiter(text)
    header = [name.strip().lower() for name in text.split("\n", 1)[0].strip().split(delimiter)]
    header = [name.strip('"') for name in header]
    missing = [name for name in COMMON if name not in header]
    weight_column = next((c for c in WEIGHT_COLUMNS if c in header), None)
    distance_column = next((c for c in DISTANCE_COLUMNS if c in header), None)
    if weight_column is None:
        missing.append("weight_kg or weight_lbs")
    if distance_column is None:
        missing.append("distance_km or distance_miles")
    if missing:
        raise ParseError(
            f"{path}: not a Hevy export (no column {', '.join(missing)}); export it again from "
            "Hevy > Settings > Export data"
        )
    assert weight_column is not None
    assert distance_column is not None
    at = {name: header.index(name) for name in header}
    parsed = CsvImport(path, DataSource.HEVY_CSV, f"hevy ({weight_column.split('_')[1]})")
    units = _Units(
        at[weight_column],
        WEIGHT_COLUMNS[weight_column],
        at[distance_column],
        DISTANCE_COLUMNS[distance_column],
    )
    dates: dict[str, datetime] = {}
    workouts: dict[str, CsvWorkout] = {}
    last: tuple[str, str, int] | None = None  # workout key, exercise title, exercise number
    for line, fields in rows_of(path, text, delimiter):
        if len(fields) < len(header):
            raise ParseError(
                f"{path} line {line}: {len(fields)} fields, the header has {len(header)}"
            )
        parsed.rows += 1
        try:
            title = fields[at["title"]].strip()
            start_text = fields[at["start_time"]]
            key = f"{title}\x1f{start_text.strip()}"
            workout = workouts.get(key)
            if workout is None:
                workout = workouts[key] = _new_workout(key, title, fields, at, dates, zone, line)
            exercise = fields[at["exercise_title"]].strip()
            if not exercise:
                raise RowError("no exercise_title")
            set_index = whole(fields[at["set_index"]], "set_index")
            same = last is not None and last[0] == key and last[1] == exercise
            number_in_workout = (
                last[2] if same and last is not None and set_index != 0 else _next(last, key)
            )
            last = (key, exercise, number_in_workout)
            exercise_key = f"{number_in_workout}:{exercise}"
            notes = fields[at["exercise_notes"]].strip()
            if notes:
                workout.notes.setdefault(exercise_key, notes)
            workout.sets.append(_set(fields, at, exercise, exercise_key, units))
        except RowError as exc:
            raise ParseError(f"{path} line {line}: {exc}") from None
    parsed.workouts = sorted(workouts.values(), key=lambda w: w.start)
    return parsed


def _next(last: tuple[str, str, int] | None, key: str) -> int:
    return last[2] + 1 if last is not None and last[0] == key else 0


def _time(text: str, dates: dict[str, datetime], zone: ZoneInfo) -> datetime:
    found = dates.get(text)
    if found is None:
        found = dates[text] = local_time(parse_hevy_date(text), zone)
    return found


def _new_workout(
    key: str,
    title: str,
    fields: list[str],
    at: dict[str, int],
    dates: dict[str, datetime],
    zone: ZoneInfo,
    line: int,
) -> CsvWorkout:
    if not title:
        raise RowError("no workout title")
    start = _time(fields[at["start_time"]], dates, zone)
    end_text = fields[at["end_time"]].strip()
    end = _time(end_text, dates, zone) if end_text else None
    if end is not None and end < start:
        raise RowError(f"end_time {end_text!r} is before start_time")
    return CsvWorkout(
        key=key,
        title=title,
        start=start,
        end=end,
        duration_s=None,
        description=fields[at["description"]].strip() or None,
        first_line=line,
    )


def _set(
    fields: list[str],
    at: dict[str, int],
    exercise: str,
    exercise_key: str,
    units: _Units,
) -> StrengthSetData:
    kind_text = fields[at["set_type"]].strip().lower() or "normal"
    kind = SET_KINDS.get(kind_text)
    if kind is None:
        raise RowError(f"set_type {kind_text!r} is not normal, warmup, dropset or failure")
    weight_value = number(fields[units.weight_at], "weight")
    distance_value = number(fields[units.distance_at], "distance")
    rpe = number(fields[at["rpe"]], "rpe")
    if rpe is not None and not 1 <= rpe <= 10:
        raise RowError(f"rpe {rpe:g} is outside 1-10")
    return StrengthSetData(
        exercise_title=exercise,
        kind=kind,
        reps=whole(fields[at["reps"]], "reps"),
        weight_kg=scaled(weight_value, units.kg_per_unit),
        duration_s=number(fields[at["duration_seconds"]], "duration_seconds"),
        distance_m=round(distance_value * units.m_per_unit, 2)
        if distance_value is not None
        else None,
        rpe=rpe,
        exercise_id=library_id(exercise),
        exercise_key=exercise_key,
    )
