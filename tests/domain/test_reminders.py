"""When a planned session's reminder goes: the lead time on the athlete's clock, out of their
quiet hours, across clock changes; and how quiet hours and times of day are read."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.domain.errors import ValidationFailed
from coach.domain.manual import clock_time, quiet_hours
from coach.domain.reminders import LATE_BY, Quiet, local_moment, reminder_at, send_now

NIGHT = Quiet(time(22, 0), time(7, 0))
DENVER = "America/Denver"


def local(day: date, at: time, zone: str = DENVER) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


@pytest.mark.parametrize(
    ("day", "start", "lead", "quiet", "expected"),
    [
        # an evening session: an hour before it
        (date(2026, 12, 2), time(18, 0), 60, NIGHT, local(date(2026, 12, 2), time(17, 0))),
        # 06:30 with quiet hours to 07:00: 21:45 the evening before
        (date(2026, 12, 2), time(6, 30), 60, NIGHT, local(date(2026, 12, 1), time(21, 45))),
        # 07:40, 45 minutes ahead is 06:55, still quiet: the evening before too
        (date(2026, 12, 2), time(7, 40), 45, NIGHT, local(date(2026, 12, 1), time(21, 45))),
        # 07:50, 45 minutes ahead is 07:05: quiet hours over
        (date(2026, 12, 2), time(7, 50), 45, NIGHT, local(date(2026, 12, 2), time(7, 5))),
        # 23:00 session, 30 minutes before is 22:30 inside today's quiet hours: 21:45 today
        (date(2026, 12, 2), time(23, 0), 30, NIGHT, local(date(2026, 12, 2), time(21, 45))),
        # no quiet hours: the lead time whatever the hour
        (date(2026, 12, 2), time(6, 30), 60, None, local(date(2026, 12, 2), time(5, 30))),
        # quiet hours within one day (13:00-15:00)
        (
            date(2026, 12, 2),
            time(15, 30),
            60,
            Quiet(time(13, 0), time(15, 0)),
            local(date(2026, 12, 2), time(12, 45)),
        ),
        # no start time: 08:00 that day
        (date(2026, 12, 2), None, 60, None, local(date(2026, 12, 2), time(8, 0))),
        # no start time, quiet until 09:00: when they end
        (
            date(2026, 12, 2),
            None,
            60,
            Quiet(time(22, 0), time(9, 0)),
            local(date(2026, 12, 2), time(9, 0)),
        ),
        # reminders off
        (date(2026, 12, 2), time(18, 0), 0, NIGHT, None),
        # the day clocks go back (1 Nov 2026 in Denver): 08:00 is MST, the reminder 07:00 MST
        (date(2026, 11, 1), time(8, 0), 60, NIGHT, local(date(2026, 11, 1), time(7, 0))),
        # the evening before clocks go forward (8 Mar 2026): 06:30 on the 8th -> 21:45 on the 7th
        (date(2026, 3, 8), time(6, 30), 60, NIGHT, local(date(2026, 3, 7), time(21, 45))),
    ],
)
def test_the_reminder_comes_its_lead_time_before_out_of_quiet_hours(
    day: date, start: time | None, lead: int, quiet: Quiet | None, expected: datetime | None
) -> None:
    assert reminder_at(day, start, DENVER, lead, quiet) == expected


def test_a_skipped_time_falls_after_the_gap_and_a_repeated_one_is_the_first() -> None:
    # 02:30 does not exist in Denver on 8 Mar 2026 (02:00 -> 03:00): read as 02:30 MST, which
    # is 03:30 MDT = 09:30 UTC
    assert local_moment(date(2026, 3, 8), time(2, 30), DENVER) == datetime(
        2026, 3, 8, 9, 30, tzinfo=UTC
    )
    # 01:30 happens twice on 1 Nov 2026: the first (MDT, 07:30 UTC)
    assert local_moment(date(2026, 11, 1), time(1, 30), DENVER) == datetime(
        2026, 11, 1, 7, 30, tzinfo=UTC
    )


@given(
    st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    st.times(),
    st.integers(1, 24 * 60),
    st.sampled_from(["America/Denver", "Europe/Oslo", "Pacific/Auckland", "Asia/Kolkata"]),
)
def test_a_reminder_is_never_in_the_quiet_hours_and_never_after_the_session(
    day: date, start: time, lead: int, zone: str
) -> None:
    start = start.replace(second=0, microsecond=0)
    at = reminder_at(day, start, zone, lead, NIGHT)
    assert at is not None
    assert not NIGHT.covers(at.astimezone(ZoneInfo(zone)).time().replace(tzinfo=None))
    assert at <= local_moment(day, start, zone) - timedelta(minutes=lead)


@pytest.mark.parametrize(
    ("at_minus_now_min", "session_in_min", "early_min", "sent"),
    [
        (0, 60, 0, True),  # on time
        (5, 60, 0, False),  # not yet
        (5, 60, 15, True),  # the timer: up to 15 minutes early
        (-14, 46, 0, True),  # a busy worker, 14 minutes late
        (-16, 44, 0, False),  # too late: dropped
        (-10, -1, 0, False),  # the session has begun
    ],
)
def test_when_a_reminder_is_sent(
    at_minus_now_min: int, session_in_min: int, early_min: int, sent: bool
) -> None:
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    at = now + timedelta(minutes=at_minus_now_min)
    begins = now + timedelta(minutes=session_in_min)
    assert send_now(at, now, begins, timedelta(minutes=early_min)) is sent
    assert timedelta(minutes=15) == LATE_BY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22:00-07:00", (time(22, 0), time(7, 0))),
        ("13:00-15:30", (time(13, 0), time(15, 30))),
        ("off", (None, None)),
        ("OFF", (None, None)),
    ],
)
def test_quiet_hours_are_read(text: str, expected: tuple[time | None, time | None]) -> None:
    assert quiet_hours(text) == expected


@pytest.mark.parametrize("text", ["22", "late-early", "22:00-", "25:00-07:00"])
def test_unreadable_quiet_hours_are_refused_in_one_line(text: str) -> None:
    with pytest.raises(ValidationFailed, match="cannot read"):
        quiet_hours(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("6:15", time(6, 15)), ("06:15", time(6, 15)), (" 21:30 ", time(21, 30))]
)
def test_a_time_of_day_is_read(text: str, expected: time) -> None:
    assert clock_time(text) == expected
