"""Every athlete's data revision: a number the database raises in the same transaction as any
change to what is that athlete's (activities and their parts, metrics, goals, windows, plans,
reviews, episodes, the profile), so that an answer computed at revision N stays right for as
long as the athlete's revision is N (the API's read cache, :mod:`coach.services.cache`).

Changes are found where they are made: the ORM unit of work reports its new, changed and
deleted rows (:func:`_collect`); the few bulk statements outside it say so with :func:`touch`.
:func:`session_scope` raises the numbers just before it commits, one athlete at a time in id
order (two writers never wait on each other's rows in opposite orders).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from coach.db.models import (
    ActivityLap,
    ActivityStream,
    Athlete,
    CompletedActivity,
    PlanAdjustment,
    PlannedWorkout,
    PlanVersion,
    StrengthSetRow,
    SwimLength,
    TrainingPlan,
)

TOUCHED = "coach.touched_athletes"
"""The key in ``Session.info`` of the athletes whose data this transaction changed."""

_BY_ACTIVITY = (ActivityLap, SwimLength, StrengthSetRow, ActivityStream)
_BY_PLAN = (PlanVersion, PlannedWorkout, PlanAdjustment)


def touch(session: Session, athlete_id: int) -> None:
    """Say that this transaction changes the athlete's data (for writes outside the ORM)."""
    session.info.setdefault(TOUCHED, set()).add(athlete_id)


def _owner(session: Session, row: Any) -> int | None:
    """The athlete whose data ``row`` is, when it is anyone's."""
    if isinstance(row, Athlete):
        return row.id
    owner = getattr(row, "athlete_id", None)
    if owner is None and getattr(row, "athlete", None) is not None:
        owner = row.athlete.id
    if owner is not None:
        return int(owner)
    with session.no_autoflush:
        if isinstance(row, _BY_ACTIVITY) and row.activity_id is not None:
            activity = session.get(CompletedActivity, row.activity_id)
            return None if activity is None else activity.athlete_id
        if isinstance(row, _BY_PLAN) and row.plan_id is not None:
            plan = session.get(TrainingPlan, row.plan_id)
            return None if plan is None else plan.athlete_id
    return None


@event.listens_for(Session, "before_flush")
def _collect(session: Session, _context: Any, _instances: Any) -> None:
    for row in (*session.new, *session.dirty, *session.deleted):
        owner = _owner(session, row)
        if owner is not None:
            touch(session, owner)


def raise_revisions(session: Session) -> None:
    """Raise the revision of every athlete this transaction changed (call before commit)."""
    session.flush()
    touched = sorted(session.info.pop(TOUCHED, ()))
    for athlete_id in touched:
        session.execute(
            update(Athlete)
            .where(Athlete.id == athlete_id)
            .values(revision=Athlete.revision + 1, updated_at=Athlete.updated_at)
            .execution_options(synchronize_session=False)
        )
