"""Helpers rules share to change sessions: where one can go, how to say it, the operations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from coach.domain.athlete import AvailabilityWindow
from coach.domain.exercises import exercise_library
from coach.domain.words import day as day_name
from coach.planning.kit import exercise_swaps, window_minutes
from coach.planning.kit import fits as template_fits
from coach.planning.library import Template
from coach.planning.rules.base import (
    Context,
    Operation,
    Upcoming,
    free_windows,
    hard_days,
    near_hard,
    week_of,
)

SAME_LENGTH_SLACK = 0.9
"""A session already at or under its target length (with 10 % slack) is not shortened again."""


def named(session: Upcoming) -> str:
    """``Run VO2 max 4 x 4 min on Tue 1 Dec``."""
    return f"{session.name or session.sport} on {day_name(session.day)}"


def fits_window(
    context: Context, session: Upcoming, window: AvailabilityWindow, *, in_place: bool = False
) -> bool:
    """Whether the session can be done in the window as it is: its sport allowed, its time
    there (``in_place``: from its own start, else from the window's), and the kit for it and
    every exercise."""
    if window.sports and session.sport not in window.sports:
        return False
    room = window_minutes(window)
    if in_place and session.start is not None:
        start = datetime.combine(session.day, session.start)
        room = (datetime.combine(session.day, window.end) - start).total_seconds() / 60
    if session.minutes > room + 1e-6:
        return False
    kit = context.kit(window)
    template = context.template(session.template)
    if template is not None and not set(template.equipment) <= kit:
        return False
    library = exercise_library()
    return all(
        known is None or set(known.equipment) <= kit
        for known in (library.get(e) for e in session.exercise_ids)
    )


def later_slot(
    context: Context,
    session: Upcoming,
    *,
    earliest: date,
    taken: set[tuple[date, time]] | None = None,
    avoid: Iterable[date] = (),
) -> tuple[date, AvailabilityWindow] | None:
    """The first free window of the session's week from ``earliest`` on where it can be done
    as it is, away from other hard days when it is hard, and not on an ``avoid`` day."""
    hard = hard_days(context, ignore={session.id})
    skip = set(avoid)
    slots = sorted(
        free_windows(context, week_of(session.day), taken), key=lambda s: (s[0], s[1].start)
    )
    for day, window in slots:
        if day < earliest or day in skip or not fits_window(context, session, window):
            continue
        if session.hard and near_hard(day, hard):
            continue
        return day, window
    return None


def move(session: Upcoming, day: date, window: AvailabilityWindow) -> Operation:
    return Operation(
        "move", session.id, {"day": day.isoformat(), "start": window.start.isoformat()}
    )


def steady(session: Upcoming) -> Operation | None:
    """The session as steady aerobic work of the same length; None when it is not hard."""
    if not session.hard:
        return None
    return Operation("steady", session.id, {"minutes": round(session.minutes)})


def scale_to(context: Context, session: Upcoming, fraction: float) -> Operation | None:
    """Shorten to ``fraction`` of the session's usual length; None when it is already there
    (a change approved before is never proposed again)."""
    target = context.usual_minutes(session) * fraction
    if session.minutes <= target / SAME_LENGTH_SLACK or session.minutes <= 0:
        return None
    return Operation("shorten", session.id, {"factor": round(target / session.minutes, 3)})


def within(context: Context, days: int) -> list[Upcoming]:
    """Upcoming sessions from tomorrow up to ``days`` days ahead."""
    last = context.today + timedelta(days=days)
    return [u for u in context.upcoming if u.day <= last]


def minutes_of(sessions: Sequence[Upcoming]) -> float:
    return sum(s.minutes for s in sessions)


def adapted(
    context: Context, session: Upcoming, template: Template, window: AvailabilityWindow
) -> list[Operation] | None:
    """``session`` made the library session ``template`` as the window's kit allows: the replace
    operation with the exercise swaps that kit needs, or None when the template cannot be done
    there (sport, time or kit)."""
    kit = context.kit(window)
    if not template_fits(template, window, kit):
        return None
    swaps = exercise_swaps(template.exercise_ids, kit) or {}
    return [Operation("replace", session.id, {"template": template.id, "swaps": swaps})]


def swapped_in_place(
    context: Context, session: Upcoming, window: AvailabilityWindow
) -> dict[str, str] | None:
    """The exercise swaps that let the session itself be done in the window (sport and time
    allowing); None when it cannot be."""
    if window.sports and session.sport not in window.sports:
        return None
    if session.minutes > window_minutes(window) + 1e-6:
        return None
    kit = context.kit(window)
    template = context.template(session.template)
    if template is not None and not set(template.equipment) <= kit:
        return None
    return exercise_swaps(session.exercise_ids, kit)
