"""Planned sessions as an iCalendar file calendar apps can subscribe to.

Each planned workout becomes one VEVENT with a stable UID (``<workout uid>@coach``), so a
re-export updates events instead of duplicating them. It starts at the workout's planned time,
else at the start of the athlete's first availability window that day allowing its sport, and
lasts its estimated duration; with neither, it is an all-day event. The description lists the
steps or exercises.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from coach.domain.athlete import AvailabilityWindow
from coach.domain.workout import WorkoutDefinition
from coach.export.text import describe

PRODUCT_ID = "-//coach//planned workouts//EN"


def session_start(
    day: date,
    planned: time | None,
    definition: WorkoutDefinition,
    windows: Sequence[AvailabilityWindow],
) -> time | None:
    if planned is not None:
        return planned
    fitting = [
        w
        for w in windows
        if w.weekday == day.weekday() and (not w.sports or definition.sport in w.sports)
    ]
    return min((w.start for w in fitting), default=None)


def calendar(
    workouts: Sequence[tuple[str, date, time | None, float, WorkoutDefinition]],
    windows: Sequence[AvailabilityWindow],
    zone: ZoneInfo,
    *,
    name: str,
    stamp: datetime,
) -> bytes:
    """``workouts``: (uid, date, planned start, estimated seconds, definition)."""
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", zone.key)
    for uid, day, planned, seconds, definition in workouts:
        event = Event()
        event.add("uid", f"{uid}@coach")
        event.add("dtstamp", stamp)
        event.add("summary", definition.name)
        event.add("description", "\n".join(describe(definition)))
        event.add("categories", [definition.sport.value])
        start = session_start(day, planned, definition, windows)
        if start is None:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        else:
            begin = datetime.combine(day, start, zone)
            event.add("dtstart", begin)
            event.add("dtend", begin + timedelta(seconds=max(seconds, 15 * 60)))
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
