"""Which planned workouts an export touches, and how: created, updated (their content changed
since the last export), removed (no longer in the plan), or left alone.

A workout's content is the canonical JSON of its definition, date and start time; its SHA-256
is kept in the export record, so a plan change re-sends only the workouts it changed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coach.db.models import Athlete, ExportRecord, PlannedWorkout
from coach.db.repo.exports import records, save_record
from coach.db.repo.plans import current_planned
from coach.db.session import session_scope
from coach.domain.clock import Clock
from coach.domain.plan import ExportStatus, ExportTarget
from coach.domain.workout import WorkoutDefinition


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    REMOVE = "remove"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Item:
    """One planned workout (or a removed one's record) and what the export does with it."""

    action: Action
    workout_uid: str
    content_sha256: str | None
    planned_id: int | None = None
    day: date | None = None
    start: time | None = None
    definition: WorkoutDefinition | None = None
    external_id: str | None = None  # what the target knows it as, from the last export


def content_sha256(row: PlannedWorkout) -> str:
    document = {
        "definition": row.workout_definition.model_dump(mode="json"),
        "date": row.scheduled_date.isoformat(),
        "start": row.start_time_local.isoformat() if row.start_time_local else None,
    }
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def plan_export(
    session: Session,
    athlete: Athlete,
    target: ExportTarget,
    start: date,
    end: date,
    *,
    only: int | None = None,
) -> list[Item]:
    """The export's items for workouts scheduled from ``start`` to ``end`` (or just ``only``);
    records of workouts gone from the plan in that span become removals."""
    rows = current_planned(session, athlete.id, start, end)
    if only is not None:
        rows = [row for row in rows if row.id == only]
    known = records(session, athlete.id, target)
    items = [_item(row, known.get(row.workout_uid)) for row in rows]
    if only is None:
        current = {
            row.workout_uid for row in current_planned(session, athlete.id, date.min, date.max)
        }
        for uid, record in sorted(known.items()):
            if uid not in current and record.status is not ExportStatus.REMOVED:
                items.append(Item(Action.REMOVE, uid, None, external_id=record.external_id))
    return items


def _item(row: PlannedWorkout, record: ExportRecord | None) -> Item:
    digest = content_sha256(row)
    if record is None or record.status is ExportStatus.REMOVED:
        action = Action.CREATE
    elif record.status is not ExportStatus.EXPORTED or record.content_sha256 != digest:
        action = Action.UPDATE if record.external_id else Action.CREATE
    else:
        action = Action.UNCHANGED
    return Item(
        action,
        row.workout_uid,
        digest,
        planned_id=row.id,
        day=row.scheduled_date,
        start=row.start_time_local,
        definition=row.workout_definition,
        external_id=record.external_id if record else None,
    )


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one item at one target (status None: nothing to do)."""

    item: Item
    status: ExportStatus | None
    external_id: str | None = None
    error: str | None = None


def record_result(engine: Engine, target: ExportTarget, result: Result, clock: Clock) -> Result:
    """Keep the outcome in the item's export record (its own transaction); return it."""
    assert result.status is not None
    item = result.item
    with session_scope(engine) as session:
        save_record(
            session,
            workout_uid=item.workout_uid,
            target=target,
            status=result.status,
            planned_workout_id=item.planned_id,
            external_id=result.external_id,
            content_sha256=item.content_sha256,
            error=result.error,
            at=clock.now(),
        )
    return result
