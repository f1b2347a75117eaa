"""Goals: list, add, change, remove — one transaction each, audited with the caller's name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.domain.clock import local_today
from coach.domain.errors import ValidationFailed
from coach.domain.goals import Goal, GoalStatus
from coach.services.context import AthleteKey, Scope, Services, athlete_in, athlete_ref
from coach.services.schemas import GoalList, GoalOut, GoalRemoved

if TYPE_CHECKING:
    from coach.db.models import Athlete
    from coach.db.repo.goals import StoredGoal

GOAL_CHANGES = frozenset(
    {"target_value", "target_max", "direction", "title", "deadline", "priority", "status", "notes"}
)
"""What a goal change may name (None values clear a field)."""


def goal_out(goal_id: int, goal: Goal) -> GoalOut:
    return GoalOut.model_validate(
        {
            "id": goal_id,
            **goal.model_dump(mode="json"),
            "metric": goal.measured_by.value,
            "unit": goal.dimension.canonical_unit,
            "category": goal.spec.category.value,
        }
    )


def _out(stored: StoredGoal) -> GoalOut:
    return goal_out(stored.id, stored.goal)


def list_goals(
    svc: Services, scope: Scope, athlete: AthleteKey, status: GoalStatus | None = None
) -> GoalList:
    from coach.db.repo import goals

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        stored = goals.list_goals(session, row, status)
        return GoalList(athlete=athlete_ref(row), goals=[_out(item) for item in stored])


def get_goal(svc: Services, scope: Scope, athlete: AthleteKey, goal_id: int) -> GoalOut:
    from coach.db.repo import goals

    with svc.unit() as session:
        return _out(goals.get_goal(session, athlete_in(session, scope, athlete), goal_id))


def _check_deadline(svc: Services, row: Athlete, goal: Goal) -> None:
    if goal.deadline is not None and goal.deadline < local_today(svc.clock, row.timezone):
        raise ValidationFailed(f"deadline {goal.deadline}: a deadline must be ahead")


def add_goal(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    goal: Goal,
    external_id: str | None = None,
) -> GoalOut:
    """Add a goal; with the client's ``external_id`` of a goal it sent before, that goal is
    updated to this one instead (an upsert)."""
    from coach.db.repo import goals

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        _check_deadline(svc, row, goal)
        known = goals.goal_by_external_id(session, row, external_id) if external_id else None
        if known is not None:
            kind = goals.get_goal(session, row, known).goal.kind
            if kind is not goal.kind:
                raise ValidationFailed(
                    f"goal {external_id!r} is a {kind.value} goal: its kind stays"
                )
            changes = goal.model_dump(include=set(GOAL_CHANGES))
            stored = goals.update_goal(session, svc.clock, row, known, changes, actor=scope.actor)
            return _out(stored)
        added = goals.add_goal(
            session, svc.clock, row, goal, actor=scope.actor, external_id=external_id
        )
        return _out(added)


def update_goal(
    svc: Services, scope: Scope, athlete: AthleteKey, goal_id: int, changes: dict[str, Any]
) -> GoalOut:
    """Change the named fields of a goal (validated as a whole goal)."""
    from coach.db.repo import goals

    unknown = set(changes) - GOAL_CHANGES
    if unknown:
        raise ValidationFailed(f"a goal change cannot name {', '.join(sorted(unknown))}")
    if not changes:
        raise ValidationFailed("nothing to change: give at least one field")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        stored = goals.update_goal(session, svc.clock, row, goal_id, changes, actor=scope.actor)
        if changes.get("deadline") is not None:
            _check_deadline(svc, row, stored.goal)
        return _out(stored)


def remove_goal(svc: Services, scope: Scope, athlete: AthleteKey, goal_id: int) -> GoalRemoved:
    from coach.db.repo import goals

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        goal = goals.remove_goal(session, svc.clock, row, goal_id, actor=scope.actor)
        return GoalRemoved(removed=goal_id, goal=goal_out(goal_id, goal))
