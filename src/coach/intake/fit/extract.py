"""Turn decoded FIT messages into activities: one per session, with laps, lengths, sets, streams.

Messages are matched to a session by time (a chained or multisport file restarts message
indexes, but never time). A file with records or laps but no session (a recording cut short)
becomes one activity marked partial.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from garmin_fit_sdk import Profile

from coach.analysis.power import normalized_power_w
from coach.analysis.swim import fastest_continuous_100
from coach.domain.activity import (
    ActivityData,
    LapData,
    StrengthSetData,
    SwimLengthData,
)
from coach.domain.errors import ParseError
from coach.domain.exercises import exercise_library
from coach.domain.sport import Sport
from coach.domain.units import M_PER_YD, PoolUnit
from coach.domain.workout import SetKind
from coach.intake.fit.decode import Columns, Decoded, Messages
from coach.intake.strength import strength_details

Message = dict[Any, Any]
UTC_ZONE = ZoneInfo("UTC")
FIT_EPOCH_S = 631065600  # 1989-12-31T00:00:00Z, where FIT date_time values count from

EXERCISE_CATEGORIES: dict[int, str] = dict(Profile["types"]["exercise_category"])
UNIDENTIFIED_EXERCISE = "unidentified exercise"
SESSION_SLACK_S = 1.0
"""Messages stamped up to a second past a session's end still belong to it."""

_SPORTS = {
    "running": Sport.RUN,
    "cycling": Sport.BIKE,
    "e_biking": Sport.BIKE,
    "swimming": Sport.SWIM,
    "walking": Sport.WALK,
    "hiking": Sport.HIKE,
    "rowing": Sport.ROW,
}
_SUB_SPORTS = {
    "strength_training": Sport.STRENGTH,
    "indoor_rowing": Sport.ROW,
    "indoor_cycling": Sport.BIKE,
    "treadmill": Sport.RUN,
    "yoga": Sport.MOBILITY,
    "flexibility_training": Sport.MOBILITY,
    "pilates": Sport.MOBILITY,
}
STREAM_FIELDS: dict[str, tuple[str, ...]] = {
    "heart_rate_bpm": ("heart_rate",),
    "power_w": ("power",),
    "speed_mps": ("enhanced_speed", "speed"),
    "cadence": ("cadence",),
    "altitude_m": ("enhanced_altitude", "altitude"),
    "distance_m": ("distance",),
}


def sport_of(sport: object, sub_sport: object) -> str:
    """Coach's sport for a FIT sport/sub-sport; an unknown sport keeps its FIT name."""
    sub = str(sub_sport) if sub_sport is not None else ""
    if sub in _SUB_SPORTS and (sub != "treadmill" or sport == "running"):
        return _SUB_SPORTS[sub].value
    name = str(sport) if sport is not None else "generic"
    return _SPORTS[name].value if name in _SPORTS else name


def extract(
    decoded: Decoded, file_key: str, partial_reason: str | None, zone: ZoneInfo = UTC_ZONE
) -> list[ActivityData]:
    """Every activity in the file; ParseError when the file holds no activity at all, or no
    date (``zone``: where a file that only knows local wall-clock time was recorded)."""
    decoded = absolute_time(decoded, zone)
    messages = decoded.messages
    sessions = sorted(
        _with_time(messages.get("session", []), "start_time"), key=lambda m: m["start_time"]
    )
    if not sessions:
        synthetic = _session_from_records(messages, decoded.records)
        if synthetic is None:
            kinds = _file_types(messages)
            raise ParseError(f"no timed activity data ({kinds}): nothing to import")
        sessions = [synthetic]
        partial_reason = partial_reason or "no session summary in the file"
    activities = [
        _activity(decoded, session, f"{file_key}/{index}", partial_reason, index, len(sessions))
        for index, session in enumerate(sessions)
    ]
    return activities


SYSTEM_TIME_LIMIT = datetime.fromtimestamp(FIT_EPOCH_S + 0x10000000, UTC)
"""FIT ``date_time`` values below 0x10000000 are not dates but seconds since the device was
switched on ("system time", FIT protocol §4.3): before about July 1998 on the calendar."""


def absolute_time(decoded: Decoded, zone: ZoneInfo) -> Decoded:
    """The file with device-relative ("system") times turned into dates, when it says how: an
    ``activity`` message carrying both ``timestamp`` (system time) and ``local_timestamp`` (the
    local wall clock) fixes the offset, read in the athlete's ``zone``. A file with system
    times and no such anchor has no date: ParseError, it cannot be placed on a calendar."""
    sessions = _with_time(decoded.messages.get("session", []), "start_time")
    times = decoded.records.get("timestamp")
    first = [s["start_time"] for s in sessions]
    if times is not None and times.size and not np.all(np.isnan(times)):
        first.append(datetime.fromtimestamp(float(np.nanmin(times)), UTC))
    if not first or min(first) >= SYSTEM_TIME_LIMIT:
        return decoded
    anchor = next(
        (
            m
            for m in _with_time(decoded.messages.get("activity", []), "timestamp")
            if isinstance(m.get("local_timestamp"), datetime)
            and m["local_timestamp"] >= SYSTEM_TIME_LIMIT
        ),
        None,
    )
    if anchor is None:
        raise ParseError(
            "no date: the device recorded time since it was switched on, and nothing in the "
            "file says when that was"
        )
    local = anchor["local_timestamp"].replace(tzinfo=None)
    true_end = local.replace(tzinfo=zone).astimezone(UTC)
    shift = true_end - anchor["timestamp"]
    messages = {
        kind: [_shifted(message, shift) for message in items]
        for kind, items in decoded.messages.items()
    }
    records = dict(decoded.records)
    if times is not None:
        records["timestamp"] = times + shift.total_seconds()
    return replace(decoded, messages=messages, records=records)


def _shifted(message: Message, shift: timedelta) -> Message:
    moved = dict(message)
    for key in ("timestamp", "start_time", "time_created"):
        value = moved.get(key)
        if isinstance(value, datetime) and value < SYSTEM_TIME_LIMIT:
            moved[key] = value + shift
    return moved


def session_elapsed_s(session: Message) -> float:
    """Elapsed time, else timer time, else the span from start to the session's timestamp."""
    elapsed = _number(session, "total_elapsed_time", "total_timer_time")
    if elapsed is not None:
        return elapsed
    start: datetime = session["start_time"]
    end = session.get("timestamp")
    if isinstance(end, datetime) and end >= start:
        return (end - start).total_seconds()
    return 0.0


def _file_types(messages: Messages) -> str:
    types = {str(m.get("type", "unknown")) for m in messages.get("file_id", [])}
    return "file type " + ", ".join(sorted(types)) if types else "no file_id"


def _with_time(items: Iterable[Message], key: str) -> list[Message]:
    return [item for item in items if isinstance(item.get(key), datetime)]


def _session_from_records(messages: Messages, records: Columns) -> Message | None:
    stamps = [m["start_time"] for m in _with_time(messages.get("lap", []), "start_time")]
    times = records.get("timestamp")
    if times is not None and times.size:
        stamps += [
            datetime.fromtimestamp(float(np.nanmin(times)), UTC),
            datetime.fromtimestamp(float(np.nanmax(times)), UTC),
        ]
    if not stamps:
        return None
    start, end = min(stamps), max(stamps)
    sport = next(iter(messages.get("sport", [])), {}) or next(iter(messages.get("lap", [])), {})
    return {
        "start_time": start,
        "total_elapsed_time": (end - start).total_seconds(),
        "sport": sport.get("sport", "generic"),
        "sub_sport": sport.get("sub_sport"),
    }


def _in(items: list[Message], key: str, start: datetime, end: datetime) -> list[Message]:
    return [item for item in _with_time(items, key) if start <= item[key] <= end]


def _activity(
    decoded: Decoded,
    session: Message,
    external_id: str,
    partial_reason: str | None,
    index: int,
    count: int,
) -> ActivityData:
    start: datetime = session["start_time"]
    elapsed = session_elapsed_s(session)
    end = start + timedelta(seconds=elapsed + SESSION_SLACK_S)
    messages = decoded.messages
    streams = _streams(decoded.records, start, end)
    sport = sport_of(session.get("sport"), session.get("sub_sport"))
    pool_length_m, pool_unit = _pool(session)
    lengths = tuple(_length(m) for m in _in(messages.get("length", []), "start_time", start, end))
    sets = tuple(
        _set(m)
        for m in _in(messages.get("set", []), "start_time", start, end)
        if m.get("set_type") != "rest"
    )
    details: dict[str, Any] = {
        "fit_sport": str(session.get("sport")),
        "fit_sub_sport": str(session.get("sub_sport")),
    }
    if count > 1:
        details["multisport"] = {"index": index, "sessions": count}
    if partial_reason:
        details["partial_reason"] = partial_reason
    if lengths and pool_length_m and pool_unit:
        details["swim"] = _swim_details(lengths, pool_length_m, pool_unit)
    if sets:
        details["strength"] = strength_details(sets)
    power = streams.get("power_w")
    return ActivityData(
        external_id=external_id,
        start_time=start,
        sport=sport,
        sub_sport=_optional_str(session.get("sub_sport")),
        elapsed_s=elapsed,
        timer_s=_number(session, "total_timer_time"),
        moving_time_s=_number(session, "total_moving_time", "total_timer_time"),
        distance_m=_first(_number(session, "total_distance"), _stream_distance(streams)),
        avg_hr_bpm=_number(session, "avg_heart_rate") or _mean(streams.get("heart_rate_bpm")),
        max_hr_bpm=_number(session, "max_heart_rate") or _max(streams.get("heart_rate_bpm")),
        avg_power_w=_number(session, "avg_power") or _mean(power),
        normalized_power_w=_number(session, "normalized_power")
        or (normalized_power_w(streams["time_s"], power) if power is not None else None),
        elevation_gain_m=_number(session, "total_ascent"),
        calories_kcal=_number(session, "total_calories"),
        pool_length_m=pool_length_m,
        pool_unit=pool_unit,
        rpe=_rpe(session),
        is_partial=partial_reason is not None,
        laps=tuple(_lap(m) for m in _in(messages.get("lap", []), "start_time", start, end)),
        lengths=lengths,
        sets=sets,
        streams=streams,
        details=details,
    )


def _first(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


def _stream_distance(streams: dict[str, npt.NDArray[np.float64]]) -> float | None:
    """The distance the record stream covers, when the session summary has none (a file cut
    short before its summary was written)."""
    distance = streams.get("distance_m")
    if distance is None or np.all(np.isnan(distance)):
        return None
    covered = float(np.nanmax(distance) - np.nanmin(distance))
    return covered if covered > 0 else None


def _rpe(session: Message) -> float | None:
    """Session RPE on the CR-10 scale. Garmin writes workout_rpe as RPE x 10 (10-100) in the files
    seen so far [unverified beyond them]; a value of 10 or less is taken as already CR-10."""
    raw = _number(session, "workout_rpe")
    if raw is None or raw <= 0:
        return None
    return raw / 10 if raw > 10 else raw


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def _number(message: Message, *keys: str) -> float | None:
    for key in keys:
        value = message.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


def _mean(values: npt.NDArray[np.float64] | None) -> float | None:
    if values is None or not np.any(~np.isnan(values)):
        return None
    return float(np.nanmean(values))


def _max(values: npt.NDArray[np.float64] | None) -> float | None:
    if values is None or not np.any(~np.isnan(values)):
        return None
    return float(np.nanmax(values))


def _streams(
    columns: Columns, start: datetime, end: datetime
) -> dict[str, npt.NDArray[np.float64]]:
    """The session's slice of every stream coach keeps; a stream with no sample is left out."""
    times = columns.get("timestamp")
    if times is None or times.size == 0:
        return {}
    inside = (times >= start.timestamp()) & (times <= end.timestamp())
    if not inside.any():
        return {}
    streams = {"time_s": times[inside] - start.timestamp()}
    for name, keys in STREAM_FIELDS.items():
        for key in keys:
            column = columns.get(key)
            if column is not None and not np.all(np.isnan(column[inside])):
                streams[name] = column[inside]
                break
    return streams


def _pool(session: Message) -> tuple[float | None, PoolUnit | None]:
    length_m = _number(session, "pool_length")
    if not length_m:
        return None, None
    unit = PoolUnit.YARDS if session.get("pool_length_unit") == "statute" else PoolUnit.METRES
    return length_m, unit


def _lap(message: Message) -> LapData:
    return LapData(
        start_time=message["start_time"],
        duration_s=_number(message, "total_elapsed_time", "total_timer_time") or 0.0,
        moving_time_s=_number(message, "total_moving_time", "total_timer_time"),
        distance_m=_number(message, "total_distance"),
        avg_hr_bpm=_number(message, "avg_heart_rate"),
        max_hr_bpm=_number(message, "max_heart_rate"),
        avg_power_w=_number(message, "avg_power"),
        avg_speed_mps=_number(message, "enhanced_avg_speed", "avg_speed"),
        avg_cadence=_number(message, "avg_cadence"),
        swim_stroke=_optional_str(message.get("swim_stroke")),
        num_lengths=int(n) if (n := _number(message, "num_lengths")) is not None else None,
    )


def _length(message: Message) -> SwimLengthData:
    strokes = _number(message, "total_strokes", "total_cycles")
    return SwimLengthData(
        start_time=message["start_time"],
        duration_s=_number(message, "total_timer_time", "total_elapsed_time") or 0.0,
        is_active=message.get("length_type") == "active",
        stroke=_optional_str(message.get("swim_stroke")),
        strokes=int(strokes) if strokes is not None else None,
    )


def _exercise(message: Message) -> tuple[str | None, str | None]:
    """(category, exercise name) of a set: the first identified category candidate (the watch
    lists several; 65534 = unknown) and, when the file names it, the exercise within it
    (``category_subtype`` indexes the FIT profile's ``<category>_exercise_name`` table)."""
    categories = message.get("category")
    subtypes = message.get("category_subtype")
    candidates = categories if isinstance(categories, list | tuple) else [categories]
    subs = subtypes if isinstance(subtypes, list | tuple) else [subtypes] * len(candidates)
    for candidate, subtype in zip(candidates, subs, strict=False):
        name = EXERCISE_CATEGORIES.get(candidate) if isinstance(candidate, int) else candidate
        if not isinstance(name, str) or name == "unknown":
            continue
        names = Profile["types"].get(f"{name}_exercise_name", {})
        exercise = names.get(subtype) if isinstance(subtype, int) else subtype
        return name, exercise if isinstance(exercise, str) else None
    return None, None


def _set(message: Message) -> StrengthSetData:
    category, exercise = _exercise(message)
    title = (exercise or category or UNIDENTIFIED_EXERCISE).replace("_", " ")
    reps = _number(message, "repetitions")
    weight = _number(message, "weight")
    return StrengthSetData(
        exercise_title=title,
        kind=SetKind.NORMAL,
        reps=int(reps) if reps is not None else None,
        weight_kg=weight if weight else None,
        duration_s=_number(message, "duration"),
        start_time=message.get("start_time"),
        source_exercise_ref=category,
        exercise_id=exercise_library().match(title) if exercise else None,
    )


def _swim_details(
    lengths: tuple[SwimLengthData, ...], pool_m: float, unit: PoolUnit
) -> dict[str, Any]:
    pool_in_unit = pool_m / M_PER_YD if unit is PoolUnit.YARDS else pool_m
    active = [length for length in lengths if length.is_active]
    swolfs = [s for length in active if (s := length.swolf) is not None]
    details: dict[str, Any] = {
        "pool_length": round(pool_in_unit, 2),
        "pool_unit": unit.value,
        "active_lengths": len(active),
        "idle_lengths": len(lengths) - len(active),
        "swim_distance_m": round(len(active) * pool_m, 2),
        "avg_swolf": round(sum(swolfs) / len(swolfs), 1) if swolfs else None,
    }
    best = fastest_continuous_100(lengths, pool_in_unit, unit)
    if best is not None:
        details["fastest_100"] = {
            "seconds": round(best.seconds, 2),
            "unit": best.unit.value,
            "first_length": best.first_length,
            "as_100yd_s": best.as_100yd_s,
            "as_100m_s": best.as_100m_s,
        }
    return details
