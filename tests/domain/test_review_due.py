"""When an athlete's evening review is due (coach.domain.clock.review_due): once the review time
has come on the clock where they live, for that local day — across time zones and the days the
clocks change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from coach.domain.clock import review_due

NINE_PM = time(21, 0)


@pytest.mark.parametrize(
    ("now_utc", "zone", "due"),
    [
        # 03:30 UTC Monday is 20:30 Sunday in Denver: not yet; 04:00 UTC is 21:00 there: due
        (datetime(2026, 11, 23, 3, 30, tzinfo=UTC), "America/Denver", None),
        (datetime(2026, 11, 23, 4, 0, tzinfo=UTC), "America/Denver", date(2026, 11, 22)),
        # the same instant is Monday morning in Oslo and Monday evening in Auckland
        (datetime(2026, 11, 23, 4, 0, tzinfo=UTC), "Europe/Oslo", None),
        (datetime(2026, 11, 23, 8, 0, tzinfo=UTC), "Pacific/Auckland", date(2026, 11, 23)),
        # after local midnight the new day is not due until its own evening
        (datetime(2026, 11, 23, 7, 30, tzinfo=UTC), "America/Denver", None),
        # the day the US clocks go back (1 Nov 2026): 21:00 MST is 04:00 UTC the next day
        (datetime(2026, 11, 2, 3, 59, tzinfo=UTC), "America/Denver", None),
        (datetime(2026, 11, 2, 4, 0, tzinfo=UTC), "America/Denver", date(2026, 11, 1)),
        # the day they go forward (8 Mar 2026): 21:00 MDT is 03:00 UTC the next day
        (datetime(2026, 3, 9, 2, 59, tzinfo=UTC), "America/Denver", None),
        (datetime(2026, 3, 9, 3, 0, tzinfo=UTC), "America/Denver", date(2026, 3, 8)),
    ],
)
def test_the_review_is_due_once_the_evening_has_come_where_the_athlete_lives(
    now_utc: datetime, zone: str, due: date | None
) -> None:
    assert review_due(now_utc, zone, NINE_PM) == due


def test_a_review_time_in_the_repeated_hour_is_due_from_its_first_pass() -> None:
    """Europe/Oslo goes back at 03:00 on 25 Oct 2026: 02:30 happens twice; the first 02:30 makes
    the day due (the caller then finds the review made and does not make a second)."""
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET
    assert review_due(first, "Europe/Oslo", time(2, 30)) == date(2026, 10, 25)
    assert review_due(second, "Europe/Oslo", time(2, 30)) == date(2026, 10, 25)
