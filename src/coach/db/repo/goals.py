"""Goals as rows; the athletes.goals JSON snapshot is rewritten after every change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.db.models import Athlete, GoalRow
from coach.db.repo import audit
from coach.domain.clock import Clock
from coach.domain.errors import NotFound, invalid
from coach.domain.goals import Goal, GoalStatus

GOAL_FIELDS = tuple(Goal.model_fields)


@dataclass(frozen=True, slots=True)
class StoredGoal:
    id: int
    goal: Goal


def _to_goal(row: GoalRow) -> Goal:
    return Goal.model_validate({name: getattr(row, name) for name in GOAL_FIELDS})


def list_goals(
    session: Session, athlete: Athlete, status: GoalStatus | None = None
) -> list[StoredGoal]:
    """Goals by priority (1 first), then in the order they were added."""
    query = select(GoalRow).where(GoalRow.athlete_id == athlete.id)
    if status is not None:
        query = query.where(GoalRow.status == status)
    rows = session.scalars(query.order_by(GoalRow.priority, GoalRow.id))
    return [StoredGoal(row.id, _to_goal(row)) for row in rows]


def add_goal(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    goal: Goal,
    *,
    actor: str = "cli",
    audited: bool = True,
    external_id: str | None = None,
) -> StoredGoal:
    row = GoalRow(
        athlete_id=athlete.id,
        unit=goal.dimension.canonical_unit,
        external_id=external_id,
        **goal.model_dump(),
    )
    session.add(row)
    session.flush()
    _refresh_snapshot(session, athlete)
    if audited:
        _audit(session, clock, athlete, "goal.add", row.id, goal.model_dump(mode="json"), actor)
    return StoredGoal(row.id, goal)


def goal_by_external_id(session: Session, athlete: Athlete, external_id: str) -> int | None:
    """The id of the goal a client knows by ``external_id``, if there is one."""
    return session.scalar(
        select(GoalRow.id).where(
            GoalRow.athlete_id == athlete.id, GoalRow.external_id == external_id
        )
    )


def get_goal(session: Session, athlete: Athlete, goal_id: int) -> StoredGoal:
    return StoredGoal(goal_id, _to_goal(_get_row(session, athlete, goal_id)))


def _get_row(session: Session, athlete: Athlete, goal_id: int) -> GoalRow:
    row = session.get(GoalRow, goal_id)
    if row is None or row.athlete_id != athlete.id:
        raise NotFound(f"{athlete.name} has no goal {goal_id}: `coach goals list` shows the ids")
    return row


def update_goal(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    goal_id: int,
    changes: dict[str, Any],
    *,
    actor: str = "cli",
) -> StoredGoal:
    """Change fields of one goal; the result is validated as a whole goal before it is stored."""
    row = _get_row(session, athlete, goal_id)
    before = _to_goal(row)
    try:
        after = Goal.model_validate(before.model_dump() | changes)
    except ValidationError as exc:
        raise invalid(f"change to goal {goal_id}", exc) from None
    for name in GOAL_FIELDS:
        setattr(row, name, getattr(after, name))
    row.unit = after.dimension.canonical_unit
    session.flush()
    _refresh_snapshot(session, athlete)
    _audit(
        session,
        clock,
        athlete,
        "goal.update",
        goal_id,
        {"before": before.model_dump(mode="json"), "after": after.model_dump(mode="json")},
        actor,
    )
    return StoredGoal(goal_id, after)


def remove_goal(
    session: Session, clock: Clock, athlete: Athlete, goal_id: int, *, actor: str = "cli"
) -> Goal:
    """Delete one goal. The audit log keeps its last state, so nothing is lost."""
    row = _get_row(session, athlete, goal_id)
    goal = _to_goal(row)
    session.delete(row)
    session.flush()
    _refresh_snapshot(session, athlete)
    _audit(session, clock, athlete, "goal.remove", goal_id, goal.model_dump(mode="json"), actor)
    return goal


def _audit(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    action: str,
    goal_id: int,
    details: dict[str, Any],
    actor: str,
) -> None:
    audit.record(
        session,
        clock,
        actor=actor,
        action=action,
        entity="goal",
        entity_id=goal_id,
        athlete_id=athlete.id,
        details=details,
    )


def _refresh_snapshot(session: Session, athlete: Athlete) -> None:
    athlete.goals = [stored.goal for stored in list_goals(session, athlete)]
    session.flush()
