"""Swim sets written as CSV, turned into a WorkoutDefinition (and from there a FIT file).

One row per set, with a header::

    repeat,distance,unit,stroke,intensity,rest,equipment,notes
    1,300,yd,freestyle,warmup,,,easy
    8,50,yd,drill,active,15s,fins,catch-up drill
    4,100,yd,freestyle,active,on 1:45,,CSS pace
    1,200,yd,any,cooldown,,,

- ``repeat``: 1-99 times the set;
- ``distance`` and ``unit`` (m or yd): each repetition; a whole number of pool lengths;
- ``stroke``: freestyle, backstroke, breaststroke, butterfly, drill, mixed, im or any;
- ``intensity``: warmup, active, recovery or cooldown;
- ``rest`` after each repetition: empty (none), a time (``15s``, ``0:20``), ``on M:SS`` (a
  send-off: the next repetition starts that long after the previous one started) or ``open``
  (until the lap button);
- ``equipment``: fins, kickboard, paddles, pull_buoy, snorkel (several joined by ``+``);
- ``notes``: free text shown on the watch.

Columns are found by name (any order, any case); ``notes`` and ``equipment`` may be left out.
A bad row stops the conversion with its line number and the reason.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from pydantic import ValidationError

from coach.domain.errors import ParseError, ValidationFailed
from coach.domain.sport import Equipment, Sport
from coach.domain.units import M_PER_YD, PoolUnit, parse_duration_s
from coach.domain.workout import (
    Duration,
    Repeat,
    Step,
    StepKind,
    SwimStroke,
    WorkoutDefinition,
)
from coach.inputs import read_limited

MAX_REPETITION_M = 10_000.0
"""One repetition's distance at most: a 10 km open-water swim (FIT holds distances as 32-bit
centimetres; anything near that limit is a typing mistake, not a swim)."""
MAX_REST_S = 3600.0
MAX_SWIM_CSV_BYTES = 1024 * 1024
SWIM_EQUIPMENT = ("fins", "kickboard", "paddles", "pull_buoy", "snorkel")
REQUIRED = ("repeat", "distance", "unit", "stroke", "intensity", "rest")
INTENSITIES = {
    "warmup": StepKind.WARMUP,
    "active": StepKind.ACTIVE,
    "recovery": StepKind.RECOVERY,
    "cooldown": StepKind.COOLDOWN,
}


def read_swim_csv(
    path: Path, *, name: str, pool_length: float, pool_unit: PoolUnit
) -> WorkoutDefinition:
    try:
        text = read_limited(path, MAX_SWIM_CSV_BYTES, "swim CSV").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(f"{path}: not a UTF-8 text file") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().lower() for c in reader.fieldnames or []}
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ParseError(
            f"{path}: no column {', '.join(missing)} (header: {','.join(REQUIRED)},equipment,notes)"
        )
    pool_m = pool_length * pool_unit.metres
    steps: list[Step | Repeat] = []
    for row in reader:
        cells = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not any(cells.values()):
            continue
        try:
            steps.extend(_set(cells, pool_m))
        except (ValueError, ValidationFailed, ValidationError) as exc:
            raise ParseError(f"{path} line {reader.line_num}: {_reason(exc)}") from None
    if not steps:
        raise ParseError(f"{path}: no sets")
    return WorkoutDefinition(
        sport=Sport.SWIM,
        name=name[:80],
        pool_length_m=pool_m,
        pool_unit=pool_unit,
        steps=tuple(steps),
    )


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
    return str(exc)


def _set(cells: dict[str, str], pool_m: float) -> list[Step | Repeat]:
    count = int(cells["repeat"] or "1")
    if not 1 <= count <= 99:
        raise ValueError(f"repeat {count} is outside 1-99")
    unit = cells["unit"].lower()
    if unit not in ("m", "yd"):
        raise ValueError(f"unit {cells['unit']!r} is not m or yd")
    distance = float(cells["distance"]) * (M_PER_YD if unit == "yd" else 1.0)
    if not math.isfinite(distance) or distance > MAX_REPETITION_M:
        raise ValueError(
            f"{cells['distance']} {unit} in one repetition: more than the "
            f"{MAX_REPETITION_M / 1000:g} km a watch step can hold sensibly"
        )
    lengths = distance / pool_m
    if distance <= 0 or abs(lengths - round(lengths)) * pool_m > 0.05:
        raise ValueError(
            f"{cells['distance']} {unit} is not a whole number of {pool_m:g} m pool lengths"
        )
    stroke = cells["stroke"].lower() or "any"
    intensity = INTENSITIES.get(cells["intensity"].lower() or "active")
    if intensity is None:
        raise ValueError(f"intensity {cells['intensity']!r} is not one of {', '.join(INTENSITIES)}")
    swim = Step(
        kind=intensity,
        duration=Duration.distance(round(distance, 2)),
        stroke=_stroke(stroke),
        equipment=_equipment(cells.get("equipment", "")),
        notes=cells.get("notes") or None,
    )
    rest = _rest(cells["rest"])
    if count == 1:
        return [swim] if rest is None else [swim, rest]
    return [Repeat(count=count, steps=(swim, rest) if rest else (swim,))]


def _stroke(text: str) -> SwimStroke:
    try:
        return SwimStroke(text)
    except ValueError:
        known = ", ".join(s.value for s in SwimStroke)
        raise ValueError(f"stroke {text!r} is not one of {known}") from None


def _equipment(text: str) -> tuple[Equipment, ...]:
    items = []
    for raw in text.replace(";", "+").split("+"):
        part = raw.strip().lower().replace(" ", "_")
        if not part:
            continue
        if part not in SWIM_EQUIPMENT:
            raise ValueError(f"equipment {part!r} is not one of {', '.join(SWIM_EQUIPMENT)}")
        items.append(Equipment(part))
    return tuple(items)


def _rest(text: str) -> Step | None:
    text = text.strip().lower()
    if not text:
        return None
    if text == "open":
        return Step(kind=StepKind.REST, duration=Duration.open())
    send_off = text.startswith("on ")
    seconds = parse_duration_s(text[3:].strip() if send_off else text)
    if seconds > MAX_REST_S:
        raise ValueError(f"rest {text!r} is longer than {MAX_REST_S / 60:g} minutes")
    if send_off:
        return Step(kind=StepKind.REST, duration=Duration(kind="send_off", value=seconds))
    return Step(kind=StepKind.REST, duration=Duration.time(seconds))
