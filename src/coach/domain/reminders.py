"""When a planned session's reminder is sent: its lead time before the session on the athlete's
own clock, kept out of their quiet hours. Pure: the caller brings the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BEFORE_QUIET = timedelta(minutes=15)
"""A reminder that would fall in the quiet hours goes this long before they begin (the evening
before an early session) [heuristic: the last moment the athlete still reads messages]."""

UNTIMED_AT = time(8, 0)
"""A session with no start time is reminded at this local time on its day (or when the quiet
hours end, if later)."""

LATE_BY = timedelta(minutes=15)
"""A reminder found up to this late is still sent (a timer or worker that was busy); later than
this, or once the session has begun, it is dropped."""


@dataclass(frozen=True, slots=True)
class Quiet:
    """Quiet hours on the local clock; ``start`` after ``end`` passes midnight (22:00-07:00)."""

    start: time
    end: time

    def covers(self, at: time) -> bool:
        if self.start < self.end:
            return self.start <= at < self.end
        return at >= self.start or at < self.end


def local_moment(day: date, at: time, timezone: str) -> datetime:
    """``day`` at ``at`` where the athlete lives, in UTC. A time the clocks skip going forward
    is read with the offset before the change (02:30 becomes 03:30); a time they repeat going
    back is its first occurrence (PEP 495, fold 0)."""
    return datetime.combine(day, at.replace(fold=0), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def reminder_at(
    day: date,
    start: time | None,
    timezone: str,
    lead_min: int,
    quiet: Quiet | None,
) -> datetime | None:
    """The moment (UTC) to remind the athlete of a session on ``day`` at ``start`` (local): the
    lead time before it, moved to BEFORE_QUIET ahead of the quiet hours when it falls inside
    them. None when reminders are off (``lead_min`` 0)."""
    if lead_min <= 0:
        return None
    zone = ZoneInfo(timezone)
    if start is None:
        when = local_moment(day, UNTIMED_AT, timezone)
        if quiet is not None and quiet.covers(UNTIMED_AT):
            when = local_moment(day, quiet.end, timezone)
        return when
    when = local_moment(day, start, timezone) - timedelta(minutes=lead_min)
    local = when.astimezone(zone)
    if quiet is None or not quiet.covers(local.time().replace(tzinfo=None)):
        return when
    # Back to the start of these quiet hours: today's, or yesterday's when they passed midnight.
    begin_day = local.date()
    if quiet.start > quiet.end and local.time().replace(tzinfo=None) < quiet.end:
        begin_day -= timedelta(days=1)
    return local_moment(begin_day, quiet.start, timezone) - BEFORE_QUIET


def send_now(
    at: datetime,
    now: datetime,
    session_start: datetime | None,
    early: timedelta = timedelta(0),
) -> bool:
    """Whether a reminder due ``at`` is sent at ``now``: it has come (or comes within
    ``early``), it is at most LATE_BY late, and the session has not begun."""
    if at - early > now or now - at > LATE_BY:
        return False
    return session_start is None or now < session_start
