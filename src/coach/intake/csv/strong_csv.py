"""Strong's CSV export (Settings > Export data), one row per set, in three layouts
(docs/connectors.md, Hevy): columns are found by name, so any order works.

* classic (iOS to 2023): ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,
  Distance,Seconds,Notes,Workout Notes,RPE``; weights and distances in the app's display unit,
  which the file does not name (``--weight-unit``/``--distance-unit``; default: the athlete's
  unit system); ``0`` means none.
* unit columns (2023+, Android often ``;``-separated): ``Weight Unit`` and ``Distance Unit``
  beside the values, ``Workout Duration`` last.
* newer: ``Workout #``, ``Duration (sec)``, the units in the headers (``Weight (kg)``,
  ``Distance (meters)``) and ``Rest Timer`` rows, which are skipped.

``Set Order`` is 1..n, or W / D / F for warm-up, drop and failure sets. ``Date`` is the workout's
start, ``YYYY-MM-DD HH:MM:SS`` wall-clock time, read in the athlete's timezone. A workout is
identified by date + name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from coach.domain.activity import StrengthSetData
from coach.domain.errors import ParseError
from coach.domain.manual import DistanceUnit, WeightUnit
from coach.domain.plan import DataSource
from coach.domain.units import KG_PER_LB, M_PER_MI
from coach.domain.workout import SetKind
from coach.intake.csv.common import (
    CsvImport,
    CsvWorkout,
    RowError,
    Rows,
    library_id,
    local_time,
    number,
    paused_gc,
    read_text,
    scaled,
    sniff_delimiter,
    whole,
)

KG_PER = {"kg": 1.0, "kgs": 1.0, "lb": KG_PER_LB, "lbs": KG_PER_LB}
M_PER = {"km": 1000.0, "m": 1.0, "meters": 1.0, "metres": 1.0, "mi": M_PER_MI, "miles": M_PER_MI}
SET_MARKS = {"w": SetKind.WARMUP, "d": SetKind.DROPSET, "f": SetKind.FAILURE}
REST_TIMER = "rest timer"
_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$")
_UNIT_IN_HEADER = re.compile(r"^(weight|distance)\s*\((\w+)\)$")


@dataclass(frozen=True, slots=True)
class _Columns:
    date: int
    workout: int
    exercise: int
    set_order: int
    weight: int | None
    weight_unit: int | None
    reps: int | None
    distance: int | None
    distance_unit: int | None
    seconds: int | None
    rpe: int | None
    notes: int | None
    workout_notes: int | None
    duration: int | None
    duration_in_seconds: bool
    kg_per_unit: float
    m_per_unit: float


def is_strong_header(header: list[str]) -> bool:
    names = {name.strip().strip('"').lower() for name in header}
    return "exercise name" in names and "set order" in names


def _columns(
    path: Path, header: list[str], weight_unit: WeightUnit, distance_unit: DistanceUnit
) -> tuple[_Columns, str]:
    names = [name.strip().strip('"').lower() for name in header]
    missing = [n for n in ("date", "workout name", "exercise name", "set order") if n not in names]
    if missing:
        raise ParseError(
            f"{path}: not a Strong export (no column {', '.join(missing)}); export it again "
            "from Strong > Settings > Export data"
        )

    def find(*candidates: str) -> int | None:
        return next((names.index(c) for c in candidates if c in names), None)

    kg_per_unit, m_per_unit = KG_PER[weight_unit.value], M_PER[distance_unit.value]
    weight = find("weight")
    distance = find("distance")
    layout = "classic"
    for index, name in enumerate(names):
        match = _UNIT_IN_HEADER.match(name)
        if match is None:
            continue
        kind, unit = match.groups()
        table = KG_PER if kind == "weight" else M_PER
        if unit not in table:
            raise ParseError(f"{path}: unknown unit {unit!r} in column {header[index]!r}")
        layout = "newer"
        if kind == "weight":
            weight, kg_per_unit = index, table[unit]
        else:
            distance, m_per_unit = index, table[unit]
    if "weight unit" in names:
        layout = "unit columns"
    return (
        _Columns(
            date=names.index("date"),
            workout=names.index("workout name"),
            exercise=names.index("exercise name"),
            set_order=names.index("set order"),
            weight=weight,
            weight_unit=find("weight unit"),
            reps=find("reps"),
            distance=distance,
            distance_unit=find("distance unit"),
            seconds=find("seconds"),
            rpe=find("rpe"),
            notes=find("notes"),
            workout_notes=find("workout notes"),
            duration=find("duration", "workout duration", "duration (sec)"),
            duration_in_seconds="duration (sec)" in names,
            kg_per_unit=kg_per_unit,
            m_per_unit=m_per_unit,
        ),
        layout,
    )


def parse_duration(text: str, *, seconds: bool) -> float | None:
    """``2h 38m`` / ``45m`` / ``38s`` (or plain seconds in the newer layout); None if empty."""
    text = text.strip()
    if not text:
        return None
    if seconds or text.replace(".", "", 1).isdigit():
        return number(text, "duration")
    match = _DURATION.match(text)
    if match is None or not any(match.groups()):
        raise RowError(f"duration {text!r} is not like '1h 5m'")
    hours, minutes, secs = (int(value or 0) for value in match.groups())
    return float(hours * 3600 + minutes * 60 + secs)


def parse_strong_csv(
    path: Path,
    zone: ZoneInfo,
    *,
    weight_unit: WeightUnit = WeightUnit.KG,
    distance_unit: DistanceUnit = DistanceUnit.KM,
) -> CsvImport:
    """Read a whole export; the first bad row raises ParseError naming its line."""
    text = read_text(path)
    delimiter = sniff_delimiter(text)
    first_line = text.split("\n", 1)[0].strip()
    header = next(iter(_split(first_line, delimiter)), [])
    columns, layout = _columns(path, header, weight_unit, distance_unit)
    parsed = CsvImport(path, DataSource.STRONG_CSV, f"strong ({layout})")
    if layout == "classic":
        parsed.notes.append(
            f"weights read as {weight_unit.value} and distances as {distance_unit.value} "
            "(this layout does not say; see --weight-unit / --distance-unit)"
        )
    with paused_gc():
        _read_rows(path, Rows(path, text, delimiter), len(header), columns, parsed, zone)
    return parsed


def _read_rows(
    path: Path,
    rows: Rows,
    width: int,
    columns: _Columns,
    parsed: CsvImport,
    zone: ZoneInfo,
) -> None:
    workouts: dict[str, CsvWorkout] = {}
    starts: dict[str, datetime] = {}
    for fields in rows:
        if len(fields) < width:
            raise ParseError(
                f"{path} line {rows.line}: {len(fields)} fields, the header has {width}"
            )
        parsed.rows += 1
        try:
            order = fields[columns.set_order].strip()
            if order.lower() == REST_TIMER:
                parsed.skipped_rows += 1
                continue
            _add_row(fields, columns, order, workouts, starts, zone, rows.line)
        except RowError as exc:
            raise ParseError(f"{path} line {rows.line}: {exc}") from None
    parsed.workouts = sorted(workouts.values(), key=lambda w: w.start)


def _split(line: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader([line], delimiter=delimiter))


def _add_row(
    fields: list[str],
    columns: _Columns,
    order: str,
    workouts: dict[str, CsvWorkout],
    starts: dict[str, datetime],
    zone: ZoneInfo,
    line: int,
) -> None:
    date_text = fields[columns.date].strip()
    title = fields[columns.workout].strip() or "Strong workout"
    key = f"{date_text}\x1f{title}"
    workout = workouts.get(key)
    if workout is None:
        start = starts.get(date_text)
        if start is None:
            try:
                naive = datetime.strptime(date_text, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007
            except ValueError:
                raise RowError(f"date {date_text!r} is not like 2024-05-01 18:30:00") from None
            start = starts[date_text] = local_time(naive, zone)
        duration = (
            parse_duration(fields[columns.duration], seconds=columns.duration_in_seconds)
            if columns.duration is not None
            else None
        )
        notes = fields[columns.workout_notes].strip() if columns.workout_notes is not None else ""
        workout = workouts[key] = CsvWorkout(
            key=key,
            title=title,
            start=start,
            end=None,
            duration_s=duration,
            description=notes or None,
            first_line=line,
        )
    exercise = fields[columns.exercise].strip()
    if not exercise:
        raise RowError("no exercise name")
    kind = _set_kind(order)
    exercise_key = f"{exercise}"
    note = fields[columns.notes].strip() if columns.notes is not None else ""
    if note:
        workout.notes.setdefault(exercise_key, note)
    workout.sets.append(
        StrengthSetData(
            exercise_title=exercise,
            kind=kind,
            reps=_whole(fields, columns.reps, "reps"),
            weight_kg=scaled(
                _number(fields, columns.weight, "weight"),
                _unit(fields, columns.weight_unit, KG_PER, columns.kg_per_unit),
            ),
            duration_s=_number(fields, columns.seconds, "seconds"),
            distance_m=scaled(
                _number(fields, columns.distance, "distance"),
                _unit(fields, columns.distance_unit, M_PER, columns.m_per_unit),
            ),
            rpe=_rpe(fields, columns.rpe),
            exercise_id=library_id(exercise),
            exercise_key=exercise_key,
        )
    )


def _set_kind(order: str) -> SetKind:
    if order.isdigit():
        return SetKind.NORMAL
    kind = SET_MARKS.get(order[:1].lower()) if order[1:].isdigit() or len(order) == 1 else None
    if kind is None:
        raise RowError(f"Set Order {order!r} is not a number, W, D, F or Rest Timer")
    return kind


def _number(fields: list[str], at: int | None, what: str) -> float | None:
    return None if at is None else number(fields[at], what, zero_is_none=True)


def _whole(fields: list[str], at: int | None, what: str) -> int | None:
    return None if at is None else whole(fields[at], what, zero_is_none=True)


def _unit(fields: list[str], at: int | None, table: dict[str, float], default: float) -> float:
    if at is None or not fields[at].strip():
        return default
    unit = fields[at].strip().lower()
    if unit not in table:
        raise RowError(f"unknown unit {unit!r}")
    return table[unit]


def _rpe(fields: list[str], at: int | None) -> float | None:
    value = _number(fields, at, "RPE")
    if value is not None and not 1 <= value <= 10:
        raise RowError(f"RPE {value:g} is outside 1-10")
    return value
