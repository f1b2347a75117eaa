"""What the Hevy and Strong CSV importers share: a file read into workouts, and their storage.

A file is imported whole or not at all: every row is read and checked first (a bad row stops
the import with its line number and reason), then the workouts not already here are stored in
one transaction, in bulk. A workout's identity is its title and start time as the file writes
them, so importing the same file again adds nothing.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import itertools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from coach.analysis.strength import session_rpe_from_sets
from coach.db.models import Athlete
from coach.db.repo.activities import (
    NewActivity,
    add_activities,
    external_ids,
    named_starts,
    remove_imported,
)
from coach.db.session import session_scope
from coach.domain.activity import ActivityData, StrengthSetData
from coach.domain.clock import SystemClock
from coach.domain.errors import ParseError
from coach.domain.exercises import exercise_library
from coach.domain.plan import DataSource
from coach.domain.plausibility import check_activity
from coach.domain.sport import Sport
from coach.domain.workout import SetKind
from coach.inputs import MAX_CSV_BYTES, read_limited
from coach.intake.load import activity_load
from coach.intake.raw_store import archive
from coach.intake.strength import strength_details
from coach.intake.thresholds import ThresholdBook

SAME_WORKOUT_TOLERANCE_S = 60.0
"""A CSV keeps start times to the minute: the same workout synced from the Hevy API starts
within a minute of it."""


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a file's rows become objects.

    Reading an export allocates 100 000s of lists and tuples and no reference cycles; each
    allocation burst triggers collections that scan everything alive (a third of the reading
    time for 100 000 rows). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    replaced: int = 0  # activities of an earlier import of this file erased first


def read_text(path: Path) -> str:
    data = read_limited(path, MAX_CSV_BYTES, "CSV export")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(f"{path}: not a UTF-8 text file; is it really a CSV export?") from None
    nul = text.find("\x00")
    if nul >= 0:  # no export writes one; a damaged copy does, and no database can store it
        line = text.count("\n", 0, nul) + 1
        raise ParseError(
            f"{path} line {line}: a NUL character; the file is damaged, export it again"
        )
    if not text.strip():
        raise ParseError(f"{path}: the file is empty; export it again from the app")
    return text


GRID_ROWS = 10_000
"""Rows converted at a time: the speed of converting a column at once, without holding a
whole export's cells (a 200 000-row file as one grid is about 200 MB of strings)."""


def grids(
    path: Path, text: str, delimiter: str, width: int, size: int = GRID_ROWS
) -> Iterator[Grid]:
    """The rows after the header as grids of at most ``size`` rows, each row checked for
    width."""
    rows = Rows(path, text, delimiter)
    chunk: list[list[str]] = []
    lines: list[int] = []
    for fields in rows:
        if len(fields) < width:
            raise ParseError(
                f"{path} line {rows.line}: {len(fields)} fields, the header has {width}"
            )
        chunk.append(fields)
        lines.append(rows.line)
        if len(chunk) == size:
            yield Grid(path, chunk, lines)
            chunk, lines = [], []
    if chunk:
        yield Grid(path, chunk, lines)


def sniff_delimiter(text: str) -> str:
    """``;`` (Strong on Android in some locales) or ``,``, judged on the header line."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


LINE_BLOCK_CHARS = 1 << 20
"""Text handed to the CSV reader at a time, cut after a newline."""


def _lines(text: str) -> Iterator[str]:
    """The text's lines, endings kept, as ``io.StringIO(newline="")`` gives them (so a quoted
    field may span lines), a block of about a million characters at a time: one StringIO of a
    whole export would hold a copy of it at four bytes a character."""
    return itertools.chain.from_iterable(io.StringIO(block, newline="") for block in _blocks(text))


def _blocks(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        cut = text.find("\n", start + LINE_BLOCK_CHARS)
        end = len(text) if cut < 0 else cut + 1
        yield text[start:end]
        start = end


class Rows:
    """Every row after the header (blank rows skipped; quoted newlines allowed); ``line`` is the
    file line the current row ends on, for error messages."""

    def __init__(self, path: Path, text: str, delimiter: str) -> None:
        self._path = path
        self._reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)

    @property
    def line(self) -> int:
        return self._reader.line_num

    def __iter__(self) -> Iterator[list[str]]:
        try:
            next(self._reader, None)
            for fields in self._reader:
                if fields and (fields[0] or any(value.strip() for value in fields)):
                    yield fields
        except csv.Error as exc:
            raise ParseError(f"{self._path} line {self.line}: malformed CSV ({exc})") from None


class Grid:
    """Rows of a CSV, with the line each row ends on, converted a column at a time (one list
    comprehension per column instead of a function call per cell: a 100 000-row export reads
    in a fraction of a second). The first bad cell is reported by its line. :func:`grids`
    cuts a file into grids of ``GRID_ROWS`` rows."""

    def __init__(self, path: Path, rows: list[list[str]], lines: list[int]) -> None:
        self.path = path
        self.rows = rows
        self.lines = lines

    def __len__(self) -> int:
        return len(self.rows)

    def error(self, index: int, message: str) -> ParseError:
        return ParseError(f"{self.path} line {self.lines[index]}: {message}")

    def texts(self, column: int, *, strip: bool = True) -> list[str]:
        if strip:
            return [row[column].strip() for row in self.rows]
        return [row[column] for row in self.rows]

    def numbers(self, column: int, what: str, *, zero_is_none: bool = False) -> list[float | None]:
        """Non-negative numbers (None when empty); a decimal comma is read too."""
        cells = [row[column] for row in self.rows]
        try:
            values: list[float | None] = [float(cell) if cell else None for cell in cells]
        except ValueError:
            values = [self._cell(i, cell, what) for i, cell in enumerate(cells)]
        present = [v for v in values if v is not None]
        # C-level checks first (fsum is not finite with any inf or NaN); scan only on a problem
        if present and (min(present) < 0 or not math.isfinite(math.fsum(present))):
            index = next(i for i, v in enumerate(values) if v is not None and not 0 <= v < math.inf)
            raise self.error(
                index, f"{what} {cells[index].strip()!r} must be a non-negative number"
            )
        if zero_is_none:
            values = [None if v == 0 else v for v in values]
        return values

    def wholes(self, column: int, what: str) -> list[int | None]:
        values = self.numbers(column, what)
        if not all(map(float.is_integer, (v for v in values if v is not None))):
            index = next(i for i, v in enumerate(values) if v is not None and v != int(v))
            raise self.error(index, f"{what} {self.rows[index][column]!r} is not a whole number")
        return [None if v is None else int(v) for v in values]

    def _cell(self, index: int, cell: str, what: str) -> float | None:
        try:
            return number(cell, what)
        except RowError as exc:
            raise self.error(index, str(exc)) from None


def number(text: str, what: str, *, zero_is_none: bool = False) -> float | None:
    """A non-negative number, None when empty; a decimal comma ("61,5") is read too."""
    if not text:
        return None
    try:
        value = float(text)  # the common case first: this runs once per cell
    except ValueError:
        slow = _slow_number(text, what)
        if slow is None:
            return None
        value = slow
    if not value >= 0:  # negative, or NaN (no comparison holds)
        raise RowError(f"{what} {text!r} must be a non-negative number")
    if zero_is_none and value == 0:
        return None
    return value


def _slow_number(text: str, what: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
    except ValueError:
        raise RowError(f"{what} {text!r} is not a number") from None


def scaled(value: float | None, factor: float) -> float | None:
    """A value in SI units (kg, m) from the file's unit, rounded to what the file can say."""
    if value is None or factor == 1.0:
        return value
    return round(value * factor, 3)


def whole(text: str, what: str, *, zero_is_none: bool = False) -> int | None:
    if text.isdigit():  # the common case
        count = int(text)
        return None if zero_is_none and count == 0 else count
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


STORE_BATCH = 500
"""Workouts inserted per statement batch (one transaction for the whole file all the same):
the rows of a 200 000-set export are never all in memory at once."""


def store(
    engine: Engine,
    home: Path,
    athlete: Athlete,
    parsed: CsvImport,
    default_rpe: float,
    now: datetime | None = None,
    *,
    replace: bool = False,
) -> CsvResult:
    """Store the file's new workouts in one transaction (all or nothing); an implausible one
    (coach.domain.plausibility) refuses the file, naming its line. With ``replace``, what an
    earlier import of the same workouts stored is erased first (another unit, another time
    zone), in the same transaction."""
    if not parsed.workouts:
        rows = "only its header" if parsed.rows == 0 else f"{parsed.rows} rows but no set"
        raise ParseError(f"{parsed.path}: no workouts in the file ({rows}); nothing imported")
    now = now or SystemClock().now()
    digest, _ = archive(
        home, parsed.source.value, read_limited(parsed.path, MAX_CSV_BYTES, "CSV export"), "csv"
    )
    zone = ZoneInfo(athlete.timezone)
    new: list[NewActivity] = []
    added = present = 0
    with session_scope(engine) as session, paused_gc():
        book = ThresholdBook.load(session, athlete)
        replaced = (
            remove_imported(
                session,
                athlete.id,
                parsed.source,
                external_ids={w.external_id for w in parsed.workouts},
            )
            if replace
            else 0
        )
        known = external_ids(session, athlete.id, parsed.source)
        synced = _SyncedCopies(
            named_starts(session, athlete.id, DataSource.HEVY)
            if parsed.source is DataSource.HEVY_CSV
            else []
        )
        for workout in parsed.workouts:
            if workout.external_id in known or synced.has(workout.title, workout.start):
                present += 1
                continue
            known.add(workout.external_id)
            try:
                activity = check_activity(to_activity(workout, default_rpe), now)
            except ParseError as exc:  # the whole file or nothing
                raise ParseError(
                    f"{parsed.path}, the workout from line {workout.first_line}: {exc}"
                ) from None
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
            if len(new) == STORE_BATCH:  # same transaction; rows built a batch at a time
                added += len(add_activities(session, athlete.id, new))
                new = []
        added += len(add_activities(session, athlete.id, new))
    unknown = sorted(
        {s.exercise_title for w in parsed.workouts for s in w.sets if s.exercise_id is None}
    )
    return CsvResult(
        path=parsed.path,
        layout=parsed.layout,
        rows=parsed.rows,
        workouts=len(parsed.workouts),
        added=added,
        present=present,
        replaced=replaced,
        sets=sum(len(w.sets) for w in parsed.workouts),
        unknown_exercises=tuple(unknown),
        notes=tuple(parsed.notes),
    )


class _SyncedCopies:
    """Workouts already here from the Hevy API, by name: a CSV row of the same name starting
    within SAME_WORKOUT_TOLERANCE_S is that workout (the API copy is the richer one)."""

    def __init__(self, rows: list[tuple[str | None, datetime]]) -> None:
        self._starts: dict[str, list[datetime]] = {}
        for name, start in rows:
            if name:
                self._starts.setdefault(name, []).append(start)

    def has(self, name: str, start: datetime) -> bool:
        return any(
            abs((start - other).total_seconds()) <= SAME_WORKOUT_TOLERANCE_S
            for other in self._starts.get(name, ())
        )


def local_time(naive: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time of the export (no zone in the file) read in the athlete's zone."""
    return naive.replace(tzinfo=zone)
