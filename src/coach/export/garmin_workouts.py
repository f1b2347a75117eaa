"""Planned workouts as Garmin Connect workouts, scheduled on their dates.

A workout is uploaded once and then updated in place (PUT keeps its id); its calendar entry is
moved by unscheduling and scheduling again. A removed workout is unscheduled and deleted. The
description ends with ``coach:<workout uid>``: before uploading, coach looks for a workout with
that marker, so an upload whose answer was lost (on writes, Garmin's 429s and 5xx arrive as
plain connection errors) is found, never duplicated. An export is recorded only once Garmin
confirmed it; a rate limit or a refused login stops the run, the rest stays pending.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from garminconnect import Garmin, GarminConnectNotFoundError
from sqlalchemy import Engine

from coach.connectors.garmin import garmin_errors
from coach.domain.clock import Clock
from coach.domain.errors import AuthError, ConnectorError, RateLimited
from coach.domain.plan import ExportStatus, ExportTarget
from coach.export.fit_workout import Thresholds
from coach.export.garmin_json import supported, workout_json
from coach.export.plan import Action, Item, Result, record_result

MARKER = re.compile(r"coach:([A-Za-z0-9_.:-]+)\s*$")
PAGE = 100


def relevant(item: Item) -> bool:
    if item.action is Action.REMOVE:
        return item.external_id is not None
    return item.definition is not None and supported(item.definition)


def split_id(external_id: str | None) -> tuple[int | None, int | None]:
    """``"<workout id>/<schedule id>"`` as stored in the export record."""
    if not external_id:
        return None, None
    workout, _, schedule = external_id.partition("/")
    return (
        int(workout) if workout.isdigit() else None,
        int(schedule) if schedule.isdigit() else None,
    )


@dataclass
class GarminExport:
    garmin: Garmin
    thresholds_on: Callable[[date], Thresholds]
    _by_marker: dict[str, int] | None = None

    def existing(self, uid: str) -> int | None:
        if self._by_marker is None:
            self._by_marker = {}
            start = 0
            while True:
                page = self.garmin.get_workouts(start, PAGE) or []
                for workout in page:
                    match = MARKER.search(workout.get("description") or "")
                    if match and workout.get("workoutId"):
                        self._by_marker[match.group(1)] = int(workout["workoutId"])
                if len(page) < PAGE:
                    break
                start += PAGE
        return self._by_marker.get(uid)


def export_garmin(
    engine: Engine, items: list[Item], export: GarminExport, clock: Clock
) -> list[Result]:
    results: list[Result] = []
    for item in [i for i in items if relevant(i)]:
        if item.action is Action.UNCHANGED:
            results.append(Result(item, None, item.external_id))
            continue
        name = item.definition.name if item.definition else item.workout_uid
        try:
            with garmin_errors(f"exporting {name!r}"):
                result = _send(item, export)
        except (RateLimited, AuthError) as exc:
            failed = Result(item, ExportStatus.FAILED, error=str(exc))
            results.append(record_result(engine, ExportTarget.GARMIN, failed, clock))
            break
        except ConnectorError as exc:
            result = Result(item, ExportStatus.FAILED, error=str(exc))
        results.append(record_result(engine, ExportTarget.GARMIN, result, clock))
    return results


def _ignore_missing(call: Callable[[], Any]) -> None:
    """Run a removal; already gone in Garmin Connect is what it wants."""
    with suppress(GarminConnectNotFoundError):
        call()


def _send(item: Item, export: GarminExport) -> Result:
    garmin = export.garmin
    workout_id, schedule_id = split_id(item.external_id)
    if item.action is Action.REMOVE:
        if schedule_id is not None:
            _ignore_missing(lambda: garmin.unschedule_workout(schedule_id))
        if workout_id is not None:
            gone = workout_id
            _ignore_missing(lambda: garmin.delete_workout(gone))
        return Result(item, ExportStatus.REMOVED, item.external_id)
    assert item.definition is not None
    assert item.day is not None
    body = workout_json(
        item.definition, export.thresholds_on(item.day), marker=f"coach:{item.workout_uid}"
    )
    workout_id = workout_id or export.existing(item.workout_uid)
    if workout_id is not None:
        try:
            garmin.update_workout(workout_id, body)
        except GarminConnectNotFoundError:
            workout_id = None  # deleted in Garmin Connect meanwhile: upload anew
    if workout_id is None:
        answer = garmin.upload_workout(body) or {}
        workout_id = int(answer["workoutId"]) if answer.get("workoutId") else None
        if workout_id is None:
            export._by_marker = None
            workout_id = export.existing(item.workout_uid)
        if workout_id is None:
            raise ConnectorError(f"Garmin accepted {item.definition.name!r} but returned no id")
    if schedule_id is not None:
        _ignore_missing(lambda: garmin.unschedule_workout(schedule_id))
    scheduled = garmin.schedule_workout(workout_id, item.day.isoformat()) or {}
    new_schedule = scheduled.get("workoutScheduleId") or scheduled.get("id")
    return Result(item, ExportStatus.EXPORTED, f"{workout_id}/{new_schedule or ''}")
