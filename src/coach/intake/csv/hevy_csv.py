"""Hevy's CSV export (Settings > Export data), one row per set (docs/connectors.md (Hevy)).

Header (kg variant; imperial accounts get ``weight_lbs`` and ``distance_miles``)::

    title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,
    set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe

Dates look like ``8 Apr 2026, 16:50``, wall-clock time without a zone: read in the athlete's
timezone. Month names in English, Spanish, French, German, Italian and Portuguese are known.
A workout is identified by title + start time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from coach.domain.activity import StrengthSetData
from coach.domain.errors import ParseError
from coach.domain.plan import DataSource
from coach.domain.units import KG_PER_LB, M_PER_MI
from coach.domain.workout import SetKind
from coach.intake.csv.common import (
    CsvImport,
    CsvWorkout,
    Grid,
    RowError,
    grids,
    library_id,
    local_time,
    paused_gc,
    read_text,
    scaled,
    sniff_delimiter,
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


class _Columns(NamedTuple):
    """Where each column is (the header decides) and the file's units."""

    title: int
    start: int
    exercise: int
    notes: int
    set_index: int
    set_type: int
    reps: int
    duration: int
    rpe: int
    weight: int
    kg_per_unit: float
    distance: int
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
    columns = _Columns(
        at["title"],
        at["start_time"],
        at["exercise_title"],
        at["exercise_notes"],
        at["set_index"],
        at["set_type"],
        at["reps"],
        at["duration_seconds"],
        at["rpe"],
        at[weight_column],
        WEIGHT_COLUMNS[weight_column],
        at[distance_column],
        DISTANCE_COLUMNS[distance_column],
    )
    state = _Progress()
    with paused_gc():
        for grid in grids(path, text, delimiter, len(header)):
            parsed.rows += len(grid)
            _add_rows(grid, columns, at, zone, state)
    parsed.workouts = sorted(state.workouts.values(), key=lambda w: w.start)
    return parsed


@dataclass
class _Progress:
    """What reading the rows so far has found: the workouts, the dates read, the last set."""

    workouts: dict[str, CsvWorkout] = field(default_factory=dict)
    dates: dict[str, datetime] = field(default_factory=dict)
    last: tuple[str, str, int] | None = None  # workout key, exercise title, exercise number
    shared: dict[Any, Any] = field(default_factory=dict)
    """One object for each repeated value (an exercise title, its key, a weight): an export
    repeats a handful of them hundreds of thousands of times."""


def _add_rows(
    grid: Grid, columns: _Columns, at: dict[str, int], zone: ZoneInfo, state: _Progress
) -> None:
    titles = grid.texts(columns.title)
    starts = grid.texts(columns.start)
    one = state.shared.setdefault
    exercises = [one(text, text) for text in grid.texts(columns.exercise)]
    notes = grid.texts(columns.notes)
    set_indexes = grid.wholes(columns.set_index, "set_index")
    kinds = _kinds(grid, columns.set_type)
    reps = grid.wholes(columns.reps, "reps")
    kilograms = [scaled(v, columns.kg_per_unit) for v in grid.numbers(columns.weight, "weight")]
    weights = [one(w, w) for w in kilograms]
    distances = [scaled(v, columns.m_per_unit) for v in grid.numbers(columns.distance, "distance")]
    durations = grid.numbers(columns.duration, "duration_seconds")
    rpes = [one(v, v) for v in grid.numbers(columns.rpe, "rpe")]
    rated = [v for v in rpes if v is not None]
    if rated and (min(rated) < 1 or max(rated) > 10):
        index = next(i for i, v in enumerate(rpes) if v is not None and not 1 <= v <= 10)
        raise grid.error(index, f"rpe {rpes[index]:g} is outside 1-10")
    dates, workouts, last = state.dates, state.workouts, state.last
    keys = [f"{title}\x1f{start}" for title, start in zip(titles, starts, strict=True)]
    library = [library_id(exercise) for exercise in exercises]
    for index, key in enumerate(keys):
        workout = workouts.get(key)
        exercise = exercises[index]
        try:
            if workout is None:
                workout = workouts[key] = _new_workout(
                    key, titles[index], grid.rows[index], at, dates, zone, grid.lines[index]
                )
            if not exercise:
                raise RowError("no exercise_title")
        except RowError as exc:
            raise grid.error(index, str(exc)) from None
        if last is not None and last[0] == key:
            same = last[1] == exercise and set_indexes[index] != 0
            number_in_workout = last[2] if same else last[2] + 1
        else:
            number_in_workout = 0
        last = (key, exercise, number_in_workout)
        exercise_key = f"{number_in_workout}:{exercise}"
        exercise_key = one(exercise_key, exercise_key)
        if notes[index]:
            workout.notes.setdefault(exercise_key, notes[index])
        workout.sets.append(  # positional, in StrengthSetData's field order: the fastest build
            StrengthSetData(
                exercise,
                kinds[index],
                reps[index],
                weights[index],
                durations[index],
                distances[index],
                rpes[index],
                None,
                None,
                library[index],
                None,
                exercise_key,
            )
        )
    state.last = last


def _kinds(grid: Grid, column: int) -> list[SetKind]:
    found = [SET_KINDS.get(text.lower() or "normal") for text in grid.texts(column)]
    if not all(found):
        index = found.index(None)
        raise grid.error(
            index,
            f"set_type {grid.rows[index][column]!r} is not normal, warmup, dropset or failure",
        )
    return found  # type: ignore[return-value]


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
