"""Is what we see complete? Missing data is not missed training (docs/coaching.md §4).

Each source's last delivery is the date of the newest activity it brought (and, for a linked
account, when it last synced). A **data gap** is a quiet stretch ending today: no activity from
any source, and no session marked missed, for at least ``gap_min_days`` (3) days while at least
``gap_min_sessions`` (2) planned sessions were due and the athlete said nothing about them (a
session marked missed is information, not silence). Over a gap the review judges no
adherence, finds no pattern and calls no goal at risk: it asks for a sync or a log instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True, slots=True)
class GapRules:
    gap_min_days: int = 3
    gap_min_sessions: int = 2


@dataclass(frozen=True, slots=True)
class SourceState:
    """One source: the newest activity day it delivered, and when a linked account last synced
    (None when the source is not a linked account, or never synced)."""

    source: str
    last_activity: date | None
    last_sync: datetime | None = None
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class Gap:
    since: date  # the first quiet day
    until: date  # today
    due: int  # sessions due in the gap that nobody accounted for

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1


@dataclass(frozen=True, slots=True)
class Freshness:
    sources: tuple[SourceState, ...]
    gap: Gap | None

    @property
    def last_activity(self) -> date | None:
        days = [s.last_activity for s in self.sources if s.last_activity is not None]
        return max(days) if days else None


def data_gap(
    activity_days: Sequence[date],
    unaccounted_due: Sequence[date],
    today: date,
    plan_start: date | None,
    rules: GapRules = GapRules(),
    marked_days: Sequence[date] = (),
) -> Gap | None:
    """The quiet stretch ending ``today``, when it is long enough and sessions fell into it.

    ``unaccounted_due``: days of sessions that were due, not matched to an activity and not
    marked by the athlete. The stretch starts the day after the last activity or the last
    session the athlete marked missed (either is word from them); before any, at
    ``plan_start``."""
    past = [d for d in (*activity_days, *marked_days) if d <= today]
    if past:
        since = max(past) + timedelta(days=1)
    elif plan_start is not None:
        since = plan_start
    else:
        return None
    if (today - since).days + 1 < rules.gap_min_days:
        return None
    due = sum(1 for d in unaccounted_due if since <= d <= today)
    if due < rules.gap_min_sessions:
        return None
    return Gap(since, today, due)
