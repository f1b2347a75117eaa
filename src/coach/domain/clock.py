"""The clock seam: code asks a Clock for "now" and never calls ``datetime.now()`` itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

EARLIEST = date(1990, 1, 1)
"""The first day coach takes (no consumer tracker recorded earlier; coach.domain.plausibility)."""
LATEST = date(2100, 12, 31)
"""The last day any date a person types may name (a goal's deadline, a trip)."""


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class FixedClock:
    """A clock stopped at one instant, for tests and for reviewing a past date."""

    instant: datetime

    def now(self) -> datetime:
        if self.instant.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware instant")
        return self.instant.astimezone(UTC)


def local_today(clock: Clock, timezone: str) -> date:
    """Today's date in the athlete's IANA timezone."""
    return clock.now().astimezone(ZoneInfo(timezone)).date()


def review_due(now: datetime, timezone: str, at: time) -> date | None:
    """The athlete's local date whose evening review is due at ``now``: today, once the clock
    where the athlete lives has reached ``at``; None before. A day whose review exists is not
    due again (the caller checks): a repeated hour when the clocks go back reviews once, a hour
    skipped when they go forward still finds ``at`` passed."""
    local = now.astimezone(ZoneInfo(timezone))
    return local.date() if local.time().replace(tzinfo=None) >= at else None
