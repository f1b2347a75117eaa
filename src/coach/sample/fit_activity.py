"""Simulated activities as FIT activity files (file type 4), written with garmin-fit-sdk's Encoder.

The layout follows what Garmin watches write (docs/connectors.md (FIT)): ``file_id``, 1 Hz
``record`` messages (heart rate, speed, distance), one ``lap`` per steady segment (pool swims: one
``length`` per length, idle lengths for rests, one lap), one ``session`` with the totals and the
closing ``activity`` message.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from typing import Any

from garmin_fit_sdk import Encoder, Profile

from coach.export.fit_workout import SPORTS
from coach.sample.history import HR_LAG_S, Activity

MESG = Profile["mesg_num"]
HR_NOISE_BPM = 2
RECORD_INTERVAL_S = 1


def _hr(athlete_rest: int, athlete_max: int, fraction: float) -> float:
    """Karvonen: resting HR plus a fraction of the heart-rate reserve."""
    return athlete_rest + fraction * (athlete_max - athlete_rest)


def _file_id(encoder: Encoder, start: datetime, serial: int) -> None:
    encoder.on_mesg(
        MESG["FILE_ID"],
        {
            "type": "activity",
            "manufacturer": "development",
            "product": 1,
            "serial_number": serial,
            "time_created": start,
        },
    )


def _session(encoder: Encoder, activity: Activity, end: datetime, fields: dict[str, Any]) -> None:
    sport, sub_sport = SPORTS[activity.sport]
    elapsed = (end - activity.start).total_seconds()
    encoder.on_mesg(
        MESG["SESSION"],
        {
            "message_index": 0,
            "start_time": activity.start,
            "timestamp": end,
            "total_elapsed_time": elapsed,
            "total_timer_time": elapsed,
            "sport": sport,
            "sub_sport": sub_sport,
            "event": "session",
            "event_type": "stop",
            **fields,
        },
    )
    encoder.on_mesg(
        MESG["ACTIVITY"],
        {
            "timestamp": end,
            "total_timer_time": elapsed,
            "num_sessions": 1,
            "type": "manual",
            "event": "activity",
            "event_type": "stop",
        },
    )


def activity_file(activity: Activity, serial: int) -> bytes:
    """The activity as the bytes of a FIT file."""
    encoder = Encoder()
    _file_id(encoder, activity.start, serial)
    if activity.lengths:
        _swim(encoder, activity)
    else:
        _steady(encoder, activity)
    return bytes(encoder.close())


def _steady(encoder: Encoder, activity: Activity) -> datetime:
    rng = random.Random(int(activity.start.timestamp()))
    rest, top = activity.resting_hr_bpm, activity.max_hr_bpm
    hr = float(rest + 15)
    distance_m = 0.0
    clock = activity.start
    beats: list[int] = []
    for index, segment in enumerate(activity.segments):
        lap_start, lap_distance = clock, distance_m
        lap_beats: list[int] = []
        target = _hr(rest, top, segment.fraction)
        for _ in range(int(segment.duration_s)):
            hr += (target - hr) * (1 - math.exp(-RECORD_INTERVAL_S / HR_LAG_S))
            beat = round(hr + rng.uniform(-HR_NOISE_BPM, HR_NOISE_BPM))
            distance_m += segment.speed_m_s * RECORD_INTERVAL_S
            clock += timedelta(seconds=RECORD_INTERVAL_S)
            record: dict[str, Any] = {"timestamp": clock, "heart_rate": beat}
            if segment.speed_m_s or distance_m:
                record["speed"] = segment.speed_m_s
                record["distance"] = distance_m
            encoder.on_mesg(MESG["RECORD"], record)
            lap_beats.append(beat)
        beats += lap_beats
        seconds = (clock - lap_start).total_seconds()
        encoder.on_mesg(
            MESG["LAP"],
            {
                "message_index": index,
                "start_time": lap_start,
                "timestamp": clock,
                "total_elapsed_time": seconds,
                "total_timer_time": seconds,
                "total_distance": distance_m - lap_distance,
                "avg_heart_rate": round(sum(lap_beats) / len(lap_beats)) if lap_beats else None,
                "max_heart_rate": max(lap_beats) if lap_beats else None,
                "event": "lap",
                "event_type": "stop",
            },
        )
    totals: dict[str, Any] = {}
    if beats:
        totals = {"avg_heart_rate": round(sum(beats) / len(beats)), "max_heart_rate": max(beats)}
    if distance_m:
        totals["total_distance"] = distance_m
    _session(encoder, activity, clock, totals)
    return clock


def _swim(encoder: Encoder, activity: Activity) -> datetime:
    clock = activity.start
    active = 0
    for index, length in enumerate(activity.lengths):
        end = clock + timedelta(seconds=length.duration_s)
        fields: dict[str, Any] = {
            "message_index": index,
            "start_time": clock,
            "timestamp": end,
            "total_elapsed_time": length.duration_s,
            "total_timer_time": length.duration_s,
            "length_type": "active" if length.active else "idle",
        }
        if length.active:
            active += 1
            fields |= {"swim_stroke": length.stroke, "total_strokes": 17}
        encoder.on_mesg(MESG["LENGTH"], fields)
        clock = end
    distance_m = active * activity.pool_length_m
    elapsed = (clock - activity.start).total_seconds()
    encoder.on_mesg(
        MESG["LAP"],
        {
            "message_index": 0,
            "start_time": activity.start,
            "timestamp": clock,
            "total_elapsed_time": elapsed,
            "total_timer_time": elapsed,
            "total_distance": distance_m,
            "event": "lap",
            "event_type": "stop",
        },
    )
    _session(
        encoder,
        activity,
        clock,
        {
            "total_distance": distance_m,
            "pool_length": activity.pool_length_m,
            "pool_length_unit": "statute",
            "num_active_lengths": active,
        },
    )
    return clock
