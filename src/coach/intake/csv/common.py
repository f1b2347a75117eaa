"""What the Hevy and Strong CSV importers share: a file read into workouts, and their storage.

A file is imported whole or not at all: every row is read and checked first (a bad row stops
the import with its line number and reason), then the workouts not already here are stored in
one transaction, in bulk. A workout's identity is its title and start time as the file writes
them, so importing the same file again adds nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from coach.analysis.strength import session_rpe_from_sets
from coach.db.models import Athlete
from coach.db.repo.activities import NewActivity, add_activities, external_ids, find_named_near
from coach.db.session import session_scope
from coach.domain.activity import ActivityData, StrengthSetData
from coach.domain.errors import ParseError
from coach.domain.exercises import exercise_library
from coach.domain.plan import DataSource
from coach.domain.sport import Sport
from coach.domain.workout import SetKind
from coach.intake.load import activity_load
from coach.intake.raw_store import archive
from coach.intake.strength import strength_details
from coach.intake.thresholds import ThresholdBook

SAME_WORKOUT_TOLERANCE_S = 60.0
"""A CSV keeps start times to the minute: the same workout synced from the Hevy API starts
within a minute of it."""


class RowError(ValueError):
    """A problem with one row (its line number is added by the reader)."""


@dataclass
class CsvWorkout:
    """One workout gathered from its rows."""

    key: str  # title + start as written, the identity across imports
    title: str
    start: datetime
    end: datetime | None
    duration_s: float | None
    description: str | None = None
    first_line: int = 0
    sets: list[StrengthSetData] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # exercise key -> notes

    @property
    def external_id(self) -> str:
        return hashlib.sha256(self.key.encode()).hexdigest()[:40]


@dataclass
class CsvImport:
    path: Path
    source: DataSource
    layout: str
    rows: int = 0
    skipped_rows: int = 0  # e.g. Strong's "Rest Timer" rows
    workouts: list[CsvWorkout] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CsvResult:
    path: Path
    layout: str
    rows: int
    workouts: int
    added: int
    present: int
    sets: int
    unknown_exercises: tuple[str, ...]
    notes: tuple[str, ...]


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(f"{path}: not a UTF-8 text file; is it really a CSV export?") from None


def sniff_delimiter(text: str) -> str:
    """``;`` (Strong on Android in some locales) or ``,``, judged on the header line."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def rows_of(path: Path, text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of every row after the header; quoted newlines are allowed."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        next(reader, None)
        for fields in reader:
            if fields and any(value.strip() for value in fields):
                yield reader.line_num, fields
    except csv.Error as exc:
        raise ParseError(f"{path} line {reader.line_num}: malformed CSV ({exc})") from None


def number(text: str, what: str, *, zero_is_none: bool = False) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
    except ValueError:
        raise RowError(f"{what} {text!r} is not a number") from None
    if math.isnan(value) or value < 0:
        raise RowError(f"{what} {text!r} must be a non-negative number")
    if zero_is_none and value == 0:
        return None
    return value


def scaled(value: float | None, factor: float) -> float | None:
    """A value in SI units (kg, m) from the file's unit, rounded to what the file can say."""
    return None if value is None else round(value * factor, 3)


def whole(text: str, what: str, *, zero_is_none: bool = False) -> int | None:
    value = number(text, what, zero_is_none=zero_is_none)
    if value is None:
        return None
    if value != int(value):
        raise RowError(f"{what} {text!r} is not a whole number")
    return int(value)


def to_activity(workout: CsvWorkout, default_rpe: float) -> ActivityData:
    sets = tuple(workout.sets)
    rpe = session_rpe_from_sets([s.rpe for s in sets if s.kind is not SetKind.WARMUP])
    elapsed = workout.duration_s
    if elapsed is None and workout.end is not None:
        elapsed = max((workout.end - workout.start).total_seconds(), 0.0)
    details: dict[str, Any] = {
        "strength": strength_details(sets),
        "rpe_source": "sets" if rpe is not None else "default",
    }
    if workout.description:
        details["description"] = workout.description
    if workout.notes:
        details["exercise_notes"] = workout.notes
    if elapsed is None:
        details["duration_unknown"] = True
    return ActivityData(
        external_id=workout.external_id,
        start_time=workout.start,
        sport=Sport.STRENGTH.value,
        elapsed_s=elapsed or 0.0,
        name=workout.title,
        rpe=round(rpe if rpe is not None else default_rpe, 2),
        sets=sets,
        details=details,
    )


@lru_cache(maxsize=4096)
def library_id(title: str) -> str | None:
    return exercise_library().match(title)


def store(
    engine: Engine, home: Path, athlete: Athlete, parsed: CsvImport, default_rpe: float
) -> CsvResult:
    """Store the file's new workouts in one transaction (all or nothing)."""
    digest, _ = archive(home, parsed.source.value, parsed.path.read_bytes(), "csv")
    zone = ZoneInfo(athlete.timezone)
    new: list[NewActivity] = []
    present = 0
    with session_scope(engine) as session:
        book = ThresholdBook.load(session, athlete)
        known = external_ids(session, athlete.id, parsed.source)
        for workout in parsed.workouts:
            if workout.external_id in known or _synced_copy(session, athlete, parsed, workout):
                present += 1
                continue
            known.add(workout.external_id)
            activity = to_activity(workout, default_rpe)
            day = workout.start.astimezone(zone).date()
            load, extra = activity_load(activity, book, day)
            unknown_duration = activity.details.get("duration_unknown", False)
            new.append(
                NewActivity(
                    activity,
                    parsed.source,
                    day,
                    raw_sha256=digest,
                    load_tss=None if unknown_duration else load.value,
                    load_method=None if unknown_duration or not load.method else load.method.value,
                    extra_details=extra,
                )
            )
        add_activities(session, athlete.id, new)
    unknown = sorted(
        {s.exercise_title for w in parsed.workouts for s in w.sets if s.exercise_id is None}
    )
    return CsvResult(
        path=parsed.path,
        layout=parsed.layout,
        rows=parsed.rows,
        workouts=len(parsed.workouts),
        added=len(new),
        present=present,
        sets=sum(len(w.sets) for w in parsed.workouts),
        unknown_exercises=tuple(unknown),
        notes=tuple(parsed.notes),
    )


def _synced_copy(session: Any, athlete: Athlete, parsed: CsvImport, workout: CsvWorkout) -> bool:
    """A Hevy CSV workout already here from the Hevy API (the richer copy wins)."""
    if parsed.source is not DataSource.HEVY_CSV:
        return False
    found = find_named_near(
        session, athlete.id, DataSource.HEVY, workout.title, workout.start, SAME_WORKOUT_TOLERANCE_S
    )
    return found is not None


def local_time(naive: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time of the export (no zone in the file) read in the athlete's zone."""
    return naive.replace(tzinfo=zone)
