"""Approval applies a proposal: a new plan version whose changed workouts replace the old ones
(same stable uid, so exporters update instead of duplicating). A proposal names workouts by the
rows it saw; when another approval has changed one since, its change applies to the current row
of the same workout, and a workout removed since is skipped (kept in ``after.skipped``).
Rejection changes nothing but the proposal's status and reason. Both are audited. The caller
exports after approval."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from sqlalchemy.orm import Session

from coach.db.models import Athlete, PlanAdjustment, PlannedWorkout, PlanVersion, TrainingPlan
from coach.db.repo import audit
from coach.db.repo.athletes import athlete_by_id, profile_of
from coach.db.repo.availability import list_windows, replace_windows
from coach.db.repo.goals import get_goal, update_goal
from coach.db.repo.plans import (
    get_planned_workout,
    live_workout,
    lock_plan,
    made_in_version,
    plan_by_id,
    planned_by_id,
    removed_in_version,
    version_by_id,
)
from coach.domain.athlete import AvailabilityWindow
from coach.domain.clock import Clock
from coach.domain.errors import Conflict, ValidationFailed
from coach.domain.goals import Direction
from coach.domain.plan import AdjustmentStatus, PlanStatus
from coach.domain.sport import Sport
from coach.planning.library import workout_library
from coach.planning.transform import (
    add_exercise,
    drop_exercise,
    ease,
    shorten,
    steady,
    substitute,
)


def _copy(row: PlannedWorkout, version: int) -> PlannedWorkout:
    return PlannedWorkout(
        plan_id=row.plan_id,
        workout_uid=row.workout_uid,
        scheduled_date=row.scheduled_date,
        start_time_local=row.start_time_local,
        workout_type=row.workout_type,
        workout_definition=row.workout_definition,
        priority=row.priority,
        estimated_duration=row.estimated_duration,
        status=row.status,
        status_reason=row.status_reason,
        reason_kind=row.reason_kind,
        created_in_version=version,
    )


def _change(row: PlannedWorkout, kind: str, params: dict[str, Any], athlete: Athlete) -> None:
    if kind == "shorten":
        factor = float(params["factor"])
        row.workout_definition = shorten(row.workout_definition, factor)
        row.estimated_duration = round(row.estimated_duration * factor)
    elif kind == "ease":
        row.workout_definition = ease(row.workout_definition, float(params["factor"]))
    elif kind == "move":
        row.scheduled_date = date.fromisoformat(params["day"])
        row.start_time_local = time.fromisoformat(params["start"]) if params.get("start") else None
    elif kind == "substitute":
        row.workout_definition = substitute(
            row.workout_definition, params["exercise"], params["by"]
        )
    elif kind == "steady":
        row.workout_definition = steady(row.workout_definition, float(params["minutes"]))
    elif kind == "drop_exercise":
        row.workout_definition = drop_exercise(row.workout_definition, params["exercise"])
    elif kind == "add_exercise":
        row.workout_definition = add_exercise(
            row.workout_definition, params["exercise"], int(params["sets"]), int(params["reps"])
        )
    elif kind == "replace":
        template = next(t for t in workout_library() if t.id == params["template"])
        profile = profile_of(athlete)
        definition = template.definition(profile.pool_length, profile.pool_unit)
        for old, new in (params.get("swaps") or {}).items():  # fitted to the window's kit
            definition = substitute(definition, old, new)
        row.workout_definition = definition
        row.workout_type = template.sport
        row.estimated_duration = template.minutes * 60.0
    else:
        raise ValueError(f"unknown plan operation {kind!r}")


def approve(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    adjustment: PlanAdjustment,
    *,
    actor: str = "review",
    by: str | None = None,
) -> PlanVersion:
    plan = _locked_plan(session, adjustment)
    _check_open(adjustment)
    if not adjustment.operations:
        raise Conflict(f"proposal {adjustment.number} changes nothing: there is nothing to apply")
    version = plan.current_version + 1
    row_version = PlanVersion(
        plan_id=plan.id,
        version=version,
        created_at=clock.now(),
        reason=f"{adjustment.rule_id}: {adjustment.title}",
    )
    session.add(row_version)
    current: dict[str, PlannedWorkout] = {}  # workout uid -> this version's row
    dropped: set[str] = set()  # uids this proposal removes
    before, skipped = [], []
    beyond: list[dict[str, Any]] = []  # changes to goals and windows
    for op in adjustment.operations:
        if op.get("workout_id") is None:
            beyond.append(_beyond_plan(session, clock, athlete, op))
            continue
        named = planned_by_id(session, op["workout_id"])
        if named is None or named.plan_id != plan.id:
            skipped.append(op["workout_id"])
            continue
        uid = named.workout_uid
        row = current.get(uid)
        if row is None:
            # another approval may have changed the workout since: its live row carries on
            live = (
                named if named.removed_in_version is None else live_workout(session, plan.id, uid)
            )
            if live is None or uid in dropped:  # removed since the proposal was made
                skipped.append(op["workout_id"])
                continue
            before.append(_summary(live))
            live.removed_in_version = version
            if op["kind"] == "remove":
                dropped.add(uid)
                continue
            row = current[uid] = _copy(live, version)
            session.add(row)
        if op["kind"] != "remove":
            _change(row, op["kind"], op.get("params", {}), athlete)
        else:
            session.expunge(row)
            del current[uid]
            dropped.add(uid)
    session.flush()
    after = [_summary(row) for row in current.values()]
    plan.current_version = version
    adjustment.status = AdjustmentStatus.APPLIED
    adjustment.decided_at = clock.now()
    adjustment.decided_by = by
    adjustment.applied_version_id = row_version.id
    adjustment.before = {"workouts": before, "other": [b["before"] for b in beyond]}
    adjustment.after = {
        "workouts": after,
        "skipped": skipped,
        "other": [b["after"] for b in beyond],
    }
    session.flush()
    audit.record(
        session,
        clock,
        actor=actor,
        action="adjustment.approve",
        entity="plan_adjustment",
        entity_id=adjustment.id,
        athlete_id=athlete.id,
        details={
            "plan": plan.id,
            "version": version,
            "operations": len(adjustment.operations),
            "by": by,
        },
    )
    return row_version


def _locked_plan(session: Session, adjustment: PlanAdjustment) -> TrainingPlan:
    """The proposal's plan, locked for this transaction, and the proposal read again after the
    lock: what another process decided meanwhile counts. The lock is a write to the plan's row
    (a no-op update), which both databases serialise: PostgreSQL holds the row, SQLite takes
    its write lock, so a second approval waits here and then sees the first one's result."""
    plan = lock_plan(session, adjustment.plan_id)
    session.refresh(adjustment)
    if plan.status is not PlanStatus.ACTIVE:
        raise Conflict(
            f"proposal {adjustment.number} was made for plan {plan.id}, which a new plan has "
            "replaced since (`coach plan generate --replace`): run `coach review` again"
        )
    return plan


STATUS_WORDS = {
    AdjustmentStatus.APPLIED: "was already approved and applied",
    AdjustmentStatus.APPROVED: "was already approved",
    AdjustmentStatus.REJECTED: "was already turned down",
    AdjustmentStatus.WITHDRAWN: "was withdrawn: a later review of the evening does not propose it",
    AdjustmentStatus.UNDONE: "was applied and then undone",
}


def _check_open(adjustment: PlanAdjustment) -> None:
    if adjustment.status is not AdjustmentStatus.PROPOSED:
        raise Conflict(f"proposal {adjustment.number} {STATUS_WORDS[adjustment.status]}")


def reject(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    adjustment: PlanAdjustment,
    reason: str | None,
    *,
    actor: str = "review",
    by: str | None = None,
) -> None:
    session.refresh(adjustment)
    _check_open(adjustment)
    adjustment.status = AdjustmentStatus.REJECTED
    adjustment.decided_at = clock.now()
    adjustment.decided_by = by
    adjustment.decision_reason = reason
    session.flush()
    audit.record(
        session,
        clock,
        actor=actor,
        action="adjustment.reject",
        entity="plan_adjustment",
        entity_id=adjustment.id,
        athlete_id=athlete.id,
        details={"reason": reason, "by": by},
    )


def undo(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    adjustment: PlanAdjustment,
    *,
    actor: str = "review",
    by: str | None = None,
) -> PlanVersion:
    """Take an applied change back: a new plan version in which the workouts it changed are as
    they were before it (their done/missed marks kept), the workouts it removed are back, and a
    goal or window it changed is restored. Refused when a later change touched the same
    workouts (undo that one first) or the plan has been replaced."""
    plan = _locked_plan(session, adjustment)
    if adjustment.status is not AdjustmentStatus.APPLIED or adjustment.applied_version_id is None:
        state = STATUS_WORDS.get(adjustment.status, "is still open")
        raise Conflict(f"proposal {adjustment.number} {state}: there is nothing to undo")
    applied = version_by_id(session, adjustment.applied_version_id)
    made = made_in_version(session, plan.id, applied.version)
    replaced = removed_in_version(session, plan.id, applied.version)
    touched = [row for row in made if row.removed_in_version is not None]
    later = {row.workout_uid for row in replaced} - {row.workout_uid for row in made}
    later_rows = [
        row for uid in sorted(later) if (row := live_workout(session, plan.id, uid)) is not None
    ]
    if touched or later_rows:
        name = (touched or later_rows)[0].workout_definition.name
        raise Conflict(
            f"a later change touched {name!r} since proposal {adjustment.number} was applied: "
            "undo that change first"
        )
    version = plan.current_version + 1
    row_version = PlanVersion(
        plan_id=plan.id,
        version=version,
        created_at=clock.now(),
        reason=f"undo {adjustment.rule_id}: {adjustment.title}"[:200],
    )
    session.add(row_version)
    live = {row.workout_uid: row for row in made}
    for row in made:
        row.removed_in_version = version
    for old in replaced:
        restored = _copy(old, version)
        now = live.get(old.workout_uid)
        if now is not None:  # what happened to the session since stays true
            restored.status, restored.status_reason = now.status, now.status_reason
            restored.reason_kind = now.reason_kind
        session.add(restored)
    for other in reversed((adjustment.before or {}).get("other", [])):
        _restore(session, clock, athlete, other)
    plan.current_version = version
    adjustment.status = AdjustmentStatus.UNDONE
    adjustment.decided_at = clock.now()
    adjustment.decided_by = by
    session.flush()
    audit.record(
        session,
        clock,
        actor=actor,
        action="adjustment.undo",
        entity="plan_adjustment",
        entity_id=adjustment.id,
        athlete_id=athlete.id,
        details={
            "plan": plan.id,
            "version": version,
            "undid_version": applied.version,
            "by": by,
        },
    )
    return row_version


def _restore(session: Session, clock: Clock, athlete: Athlete, before: dict[str, Any]) -> None:
    """Put back a goal or a window as an applied change found it."""
    attached = athlete_by_id(session, athlete.id)
    if "goal" in before:
        fields = before.get("fields") or {
            "direction": before["direction"],
            "target_value": before["target"],
            "target_max": None,
        }
        update_goal(session, clock, attached, int(before["goal"]), fields, actor="review")
        return
    if "window" in before:
        old = AvailabilityWindow.model_validate(before["window"])
        windows = [w for w in list_windows(session, attached) if w.weekday == old.weekday]
        replace_windows(
            session,
            clock,
            attached,
            [old if w.start == old.start else w for w in windows],
            weekdays=[old.weekday],
            actor="review",
        )


def _beyond_plan(
    session: Session, clock: Clock, athlete: Athlete, op: dict[str, Any]
) -> dict[str, Any]:
    """Apply an operation on something other than a workout: a goal held in a band, or a window
    that takes another sport. Returns what it was and what it became."""
    params = op.get("params", {})
    attached = athlete_by_id(session, athlete.id)  # the caller's copy may be detached
    athlete = attached
    if op["kind"] == "goal_range":
        goal_id = int(params["goal"])
        old = get_goal(session, athlete, goal_id).goal
        new = update_goal(
            session,
            clock,
            athlete,
            goal_id,
            {
                "direction": Direction.RANGE,
                "target_value": float(params["low"]),
                "target_max": float(params["high"]),
            },
            actor="review",
        ).goal
        return {
            "before": {
                "goal": goal_id,
                "direction": old.direction.value,
                "target": old.target_value,
                "fields": old.model_dump(mode="json"),
            },
            "after": {"goal": goal_id, "low": new.target_value, "high": new.target_max},
        }
    if op["kind"] == "set_window":
        weekday, start = int(params["weekday"]), time.fromisoformat(params["start"])
        windows = [w for w in list_windows(session, athlete) if w.weekday == weekday]
        old_window = next((w for w in windows if w.start == start), None)
        if old_window is None:
            raise Conflict(
                "the window this proposal changes is gone: review again for a new proposal"
            )
        changed = old_window.model_copy(
            update={"sports": tuple(Sport(s) for s in params["sports"])}
        )
        replace_windows(
            session,
            clock,
            athlete,
            [changed if w.start == start else w for w in windows],
            weekdays=[weekday],
            actor="review",
        )
        return {
            "before": {"window": old_window.model_dump(mode="json")},
            "after": {"window": changed.model_dump(mode="json")},
        }
    raise ValueError(f"unknown operation {op['kind']!r}")


def _summary(row: PlannedWorkout) -> dict[str, Any]:
    return {
        "uid": row.workout_uid,
        "date": row.scheduled_date.isoformat(),
        "name": row.workout_definition.name,
        "minutes": round(row.estimated_duration / 60),
    }


def change_by_hand(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    workout_id: int,
    today: date,
    *,
    move_to: date | None = None,
    start: time | None = None,
) -> tuple[PlanVersion, PlannedWorkout | None]:
    """Move a planned session (``move_to``, optionally ``start``) or skip it (no ``move_to``)
    by hand: a new plan version, like an approved change, that the exports follow. Only what
    is still ahead (today included) can be moved or skipped, and only into the plan's span
    from today on; a session in the past is done or missed (`coach log missed`)."""
    named = get_planned_workout(session, athlete, workout_id)
    plan = plan_by_id(session, named.plan_id)
    if plan.status is not PlanStatus.ACTIVE:
        raise Conflict(f"planned workout {workout_id} belongs to a plan replaced since")
    plan = lock_plan(session, plan.id)
    row = live_workout(session, plan.id, named.workout_uid)
    if row is None or row.id != named.id:
        raise Conflict(f"planned workout {workout_id} changed meanwhile: see `coach plan show`")
    name = row.workout_definition.name
    if row.scheduled_date < today:
        raise ValidationFailed(
            f"{name!r} was due {row.scheduled_date}: a past session is done or missed "
            f"(`coach log missed {workout_id} --reason …`), not moved"
        )
    if move_to is not None and not (max(today, plan.start_date) <= move_to <= plan.end_date):
        raise ValidationFailed(
            f"{move_to} is outside the plan from today ({max(today, plan.start_date)} to "
            f"{plan.end_date})"
        )
    version = plan.current_version + 1
    what = (
        f"moved by hand: {name} from {row.scheduled_date} to {move_to}"
        if move_to is not None
        else f"skipped by hand: {name} on {row.scheduled_date}"
    )
    row_version = PlanVersion(
        plan_id=plan.id, version=version, created_at=clock.now(), reason=what[:200]
    )
    session.add(row_version)
    row.removed_in_version = version
    moved: PlannedWorkout | None = None
    if move_to is not None:
        moved = _copy(row, version)
        moved.scheduled_date = move_to
        if start is not None:
            moved.start_time_local = start
        session.add(moved)
    plan.current_version = version
    session.flush()
    audit.record(
        session,
        clock,
        actor="cli",
        action="workout.move" if move_to is not None else "workout.skip",
        entity="planned_workout",
        entity_id=row.id,
        athlete_id=athlete.id,
        details={
            "version": version,
            "before": _summary(row),
            "after": _summary(moved) if moved else None,
        },
    )
    return row_version, moved
