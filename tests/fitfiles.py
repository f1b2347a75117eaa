"""FIT activity files the tests write themselves, with garmin-fit-sdk's Encoder.

Each builder returns bytes whose true values are known by construction, so tests can assert
exact numbers without any outside file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from garmin_fit_sdk import Encoder, Profile

MESG = Profile["mesg_num"]
T0 = datetime(2026, 11, 2, 13, 0, tzinfo=UTC)  # 06:00 in America/Denver
YD25_M = 22.86


def file_id(encoder: Encoder, serial: int, created: datetime = T0) -> None:
    """The activity file's first message, as a development device writes it."""
    encoder.on_mesg(
        MESG["FILE_ID"],
        {
            "type": "activity",
            "manufacturer": "development",
            "product": 0,
            "serial_number": serial,
            "time_created": created,
        },
    )


def _file(messages: Sequence[tuple[str, dict[str, Any]]], serial: int = 1) -> bytes:
    encoder = Encoder()
    file_id(encoder, serial)
    for kind, fields in messages:
        encoder.on_mesg(MESG[kind], fields)
    return bytes(encoder.close())


def pool_swim(
    length_times_s: Sequence[float],
    *,
    strokes: Sequence[str] | None = None,
    idle_after: int | None = None,
    start: datetime = T0,
    serial: int = 1,
) -> bytes:
    """A 25 yd pool swim: one length per time given; an idle (rest) length after ``idle_after``."""
    messages: list[tuple[str, dict[str, Any]]] = []
    clock = start
    index = 0
    for i, seconds in enumerate(length_times_s):
        stroke = strokes[i] if strokes else "freestyle"
        messages.append(
            (
                "LENGTH",
                {
                    "message_index": index,
                    "start_time": clock,
                    "timestamp": clock + timedelta(seconds=seconds),
                    "total_elapsed_time": seconds,
                    "total_timer_time": seconds,
                    "length_type": "active",
                    "swim_stroke": stroke,
                    "total_strokes": 16,
                },
            )
        )
        clock += timedelta(seconds=seconds)
        index += 1
        if idle_after is not None and i == idle_after:
            messages.append(
                (
                    "LENGTH",
                    {
                        "message_index": index,
                        "start_time": clock,
                        "timestamp": clock + timedelta(seconds=30),
                        "total_elapsed_time": 30.0,
                        "total_timer_time": 30.0,
                        "length_type": "idle",
                    },
                )
            )
            clock += timedelta(seconds=30)
            index += 1
    elapsed = (clock - start).total_seconds()
    messages.append(
        (
            "LAP",
            {
                "message_index": 0,
                "start_time": start,
                "timestamp": clock,
                "total_elapsed_time": elapsed,
                "total_timer_time": elapsed,
                "total_distance": YD25_M * len(length_times_s),
            },
        )
    )
    messages.append(
        (
            "SESSION",
            {
                "start_time": start,
                "timestamp": clock,
                "total_elapsed_time": elapsed,
                "total_timer_time": elapsed,
                "total_distance": YD25_M * len(length_times_s),
                "sport": "swimming",
                "sub_sport": "lap_swimming",
                "pool_length": YD25_M,
                "pool_length_unit": "statute",
            },
        )
    )
    return _file(messages, serial)


def run_with_power(
    seconds: int = 600,
    *,
    watts: float = 250.0,
    hr: int = 150,
    start: datetime = T0,
    serial: int = 2,
    sport: str = "running",
    paused_s: int = 0,
) -> bytes:
    """A steady effort: 1 Hz records at constant power, HR and 3 m/s; ``paused_s`` of the
    elapsed time with the timer stopped (a café stop)."""
    messages: list[tuple[str, dict[str, Any]]] = [
        (
            "RECORD",
            {
                "timestamp": start + timedelta(seconds=i),
                "heart_rate": hr,
                "power": watts,
                "speed": 3.0,
                "distance": 3.0 * i,
                "cadence": 85,
            },
        )
        for i in range(seconds + 1)
    ]
    messages.append(
        (
            "SESSION",
            {
                "start_time": start,
                "timestamp": start + timedelta(seconds=seconds),
                "total_elapsed_time": float(seconds),
                "total_timer_time": float(seconds - paused_s),
                "total_distance": 3.0 * seconds,
                "sport": sport,
                "total_ascent": 42,
                "total_calories": 500,
            },
        )
    )
    return _file(messages, serial)


def summary_only(
    *,
    elapsed_s: float,
    distance_m: float,
    start: datetime = T0,
    serial: int = 7,
    sport: str = "running",
    avg_hr: int | None = None,
) -> bytes:
    """A session with no samples: what a device that lies about its summary writes."""
    session: dict[str, Any] = {
        "start_time": start,
        "timestamp": start + timedelta(seconds=min(elapsed_s, 10 * 365 * 86400)),
        "total_elapsed_time": elapsed_s,
        "total_timer_time": elapsed_s,
        "total_distance": distance_m,
        "sport": sport,
    }
    if avg_hr is not None:
        session["avg_heart_rate"] = avg_hr
    return _file([("SESSION", session)], serial)


def strength(
    sets: Sequence[tuple[int, int, float]],
    *,
    start: datetime = T0,
    serial: int = 3,
    subtypes: Sequence[int | None] | None = None,
) -> bytes:
    """Strength sets as (exercise category number, reps, kg); a 60 s rest after each set.
    ``subtypes`` names the exercise within each set's category (FIT category_subtype)."""
    messages: list[tuple[str, dict[str, Any]]] = []
    clock = start
    for index, (category, reps, kg) in enumerate(sets):
        fields: dict[str, Any] = {
            "timestamp": start,
            "start_time": clock,
            "duration": 40.0,
            "repetitions": reps,
            "weight": kg,
            "set_type": "active",
            "category": [category],
        }
        if subtypes and subtypes[index] is not None:
            fields["category_subtype"] = [subtypes[index]]
        messages.append(("SET", fields))
        clock += timedelta(seconds=40)
        messages.append(
            ("SET", {"timestamp": start, "start_time": clock, "duration": 60.0, "set_type": "rest"})
        )
        clock += timedelta(seconds=60)
    elapsed = (clock - start).total_seconds()
    messages.append(
        (
            "SESSION",
            {
                "start_time": start,
                "timestamp": clock,
                "total_elapsed_time": elapsed,
                "total_timer_time": elapsed,
                "sport": "training",
                "sub_sport": "strength_training",
            },
        )
    )
    return _file(messages, serial)


def multisport(serial: int = 4, start: datetime = T0) -> bytes:
    """A bike of 600 s then a run of 300 s, in one file with two sessions."""
    messages: list[tuple[str, dict[str, Any]]] = []
    for offset, seconds, sport in ((0, 600, "cycling"), (600, 300, "running")):
        leg_start = start + timedelta(seconds=offset)
        messages += [
            ("RECORD", {"timestamp": leg_start + timedelta(seconds=i), "heart_rate": 140})
            for i in range(0, seconds, 10)
        ]
        messages.append(
            (
                "SESSION",
                {
                    "start_time": leg_start,
                    "timestamp": leg_start + timedelta(seconds=seconds),
                    "total_elapsed_time": float(seconds),
                    "total_timer_time": float(seconds),
                    "sport": sport,
                },
            )
        )
    return _file(messages, serial)


def workout_file() -> bytes:
    """A workout (plan) file: not an activity."""
    encoder = Encoder()
    encoder.on_mesg(
        MESG["FILE_ID"],
        {
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": 9,
            "time_created": T0,
        },
    )
    encoder.on_mesg(MESG["WORKOUT"], {"wkt_name": "plan", "sport": "running", "num_valid_steps": 1})
    return bytes(encoder.close())


def with_bad_crc(data: bytes) -> bytes:
    return data[:-2] + bytes([data[-2] ^ 0xFF, data[-1]])


def truncated(data: bytes, keep: float = 0.6) -> bytes:
    return data[: int(len(data) * keep)]
