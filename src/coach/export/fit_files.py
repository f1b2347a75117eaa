"""Planned workouts as FIT workout files in a folder (the athlete's outbox by default), kept in
step with the plan: a changed workout's file is rewritten, a removed workout's file deleted.
Each file is written whole (temporary file, then rename) before its record says "exported"."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coach.db.models import Athlete
from coach.db.repo.athletes import profile_of
from coach.db.repo.metrics import metric_history
from coach.db.session import session_scope
from coach.domain.athlete import PROFILE_METRICS, physiology, profile_as_of
from coach.domain.clock import Clock
from coach.domain.plan import ExportStatus, ExportTarget
from coach.export.fit_workout import Thresholds, encode_workout
from coach.export.plan import Action, Item, Result, record_result

_SLUG = re.compile(r"[^a-z0-9]+")


def outbox(home: Path) -> Path:
    return home / "outbox" / "fit"


def fit_thresholds(session: Session, athlete: Athlete, day: date) -> Thresholds:
    history = metric_history(session, athlete.id, list(PROFILE_METRICS.values()))
    body = physiology(profile_as_of(profile_of(athlete), history, day), day)
    return Thresholds(
        max_hr_bpm=body.max_hr_bpm.value,
        lthr_bpm=body.lthr_bpm.value,
        ftp_w=body.ftp_w.value,
        threshold_speed_mps=1000 / body.threshold_pace_s_per_km.value,
        css_s_per_100m=body.css_s_per_100m.value,
    )


def file_name(item: Item) -> str:
    assert item.definition is not None
    assert item.day is not None
    slug = _SLUG.sub("-", item.definition.name.lower()).strip("-")[:40] or "workout"
    return f"{item.day.isoformat()}-{slug}-{item.workout_uid[:8]}.fit"


def export_fit(
    engine: Engine,
    athlete: Athlete,
    items: list[Item],
    folder: Path,
    clock: Clock,
    *,
    count_repeat_steps: bool = True,
) -> list[Result]:
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for item in items:
        if (
            item.action is Action.UNCHANGED
            and item.external_id
            and (folder / item.external_id).exists()
        ):
            results.append(Result(item, None, item.external_id))
            continue
        try:
            result = _export_one(engine, athlete, item, folder, clock, count_repeat_steps)
        except OSError as exc:
            result = Result(item, ExportStatus.FAILED, error=f"cannot write in {folder}: {exc}")
        results.append(record_result(engine, ExportTarget.FIT, result, clock))
    return results


def _export_one(
    engine: Engine,
    athlete: Athlete,
    item: Item,
    folder: Path,
    clock: Clock,
    count_repeat_steps: bool,
) -> Result:
    if item.action is Action.REMOVE:
        if item.external_id:
            (folder / item.external_id).unlink(missing_ok=True)
        return Result(item, ExportStatus.REMOVED)
    assert item.definition is not None
    assert item.day is not None
    with session_scope(engine) as session:
        thresholds = fit_thresholds(session, athlete, item.day)
    data = encode_workout(
        item.definition,
        thresholds,
        workout_uid=item.workout_uid,
        created=clock.now(),
        count_repeat_steps=count_repeat_steps,
    )
    name = file_name(item)
    temporary = folder / f".{name}.tmp"
    temporary.write_bytes(data)
    os.replace(temporary, folder / name)
    if item.external_id and item.external_id != name:
        (folder / item.external_id).unlink(missing_ok=True)  # renamed: date or name changed
    return Result(item, ExportStatus.EXPORTED, name)
