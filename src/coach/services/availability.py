"""Availability: the convenient times to train, per weekday."""

from __future__ import annotations

from collections.abc import Iterable

from coach.domain.athlete import WEEKDAYS, AvailabilityWindow
from coach.domain.clock import local_today
from coach.services.context import AthleteKey, Scope, Services, athlete_in, athlete_ref
from coach.services.schemas import WindowList, WindowOut, WindowsChanged


def window_out(window: AvailabilityWindow) -> WindowOut:
    return WindowOut(
        weekday=WEEKDAYS[window.weekday],
        start=window.start.strftime("%H:%M"),
        end=window.end.strftime("%H:%M"),
        duration_s=window.duration_s,
        sports=[sport.value for sport in window.sports],
        location=window.location,
        equipment=[item.value for item in window.equipment],
    )


def list_windows(svc: Services, scope: Scope, athlete: AthleteKey) -> WindowList:
    from coach.db.repo.availability import list_windows as stored

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        return WindowList(
            athlete=athlete_ref(row), windows=[window_out(w) for w in stored(session, row)]
        )


def replace_days(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    weekdays: Iterable[int],
    windows: list[AvailabilityWindow],
) -> WindowsChanged:
    """Make ``windows`` the windows of ``weekdays`` (an empty list clears them); every
    upcoming session is checked against the new windows (docs/coaching.md §8)."""
    from coach.db.repo.availability import list_windows as stored
    from coach.db.repo.availability import replace_windows
    from coach.review.daily import window_check

    days = sorted(set(weekdays))
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        replace_windows(session, svc.clock, row, windows, weekdays=days, actor=scope.actor)
        needed = window_check(session, row, local_today(svc.clock, row.timezone))
        return WindowsChanged(
            windows=[window_out(w) for w in stored(session, row)], changes_needed=needed
        )
