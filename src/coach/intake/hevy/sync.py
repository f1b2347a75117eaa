"""``coach hevy sync``: workouts and body measurements from Hevy into coach.

The first sync backfills every workout, page by page (10 per page, Hevy's limit); later syncs
read ``/v1/workouts/events`` since the newest ``updated_at``/``deleted_at`` seen (the cursor).
Each workout is stored in its own transaction under source ``hevy`` and its Hevy id; an updated
workout replaces the stored one (keeping a manual link to the plan); a workout deleted in Hevy is
deleted here too, with an audit row. The cursor moves only when a sync completes, so an
interrupted sync (rate limit, network) is simply run again: what it stored is recognised by
``updated_at`` and skipped. Hevy sends no timezone: local dates are the athlete's.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coach.config import Settings
from coach.connectors.hevy.catalogue import (
    TemplateCatalogue,
    catalogue_path,
    ensure_templates,
    load_catalogue,
)
from coach.connectors.hevy.client import HevyClient, RetryPolicy
from coach.connectors.hevy.schemas import DeletedEvent, HevyWorkout, UpdatedEvent
from coach.db.models import Athlete
from coach.db.repo import audit
from coach.db.repo.activities import (
    NewActivity,
    add_activities,
    delete_activity,
    erase_activity,
    find_activity,
    find_named_near,
)
from coach.db.repo.athletes import athlete_by_id, record_measurement
from coach.db.repo.metrics import metric_value
from coach.db.repo.plans import planned_for_export
from coach.db.repo.sync_states import advance_cursor, get_sync_state
from coach.db.session import session_scope
from coach.domain.clock import Clock
from coach.domain.errors import ParseError, ValidationFailed
from coach.domain.exercises import ExerciseLibrary, exercise_library
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource, ExportTarget
from coach.domain.plausibility import check_activity
from coach.intake.hevy.convert import workout_activity
from coach.intake.load import activity_load
from coach.intake.raw_store import archive
from coach.intake.thresholds import ThresholdBook

logger = logging.getLogger(__name__)

CREDENTIAL = "hevy"
SOURCE = DataSource.HEVY
CSV_MATCH_TOLERANCE_S = 60.0
"""A Hevy CSV row's start has minute resolution: the same workout from the API starts within
a minute of it (and has the same title)."""

Progress = Callable[[str, int, int | None], None]


@dataclass
class HevySyncReport:
    mode: str = "backfill"
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    measurements: int = 0
    substitutions: int = 0
    unknown_exercises: dict[str, int] = field(default_factory=dict)  # title -> sets
    problems: list[str] = field(default_factory=list)
    cursor: str | None = None


def make_client(
    settings: Settings, api_key: str, transport: httpx.BaseTransport | None = None
) -> HevyClient:
    return HevyClient(
        api_key,
        base_url=settings.hevy_base_url,
        request_interval_s=settings.hevy_request_interval_s,
        retry=RetryPolicy(attempts=settings.hevy_max_attempts, max_wait_s=settings.hevy_max_wait_s),
        transport=transport,
    )


@dataclass
class _Context:
    engine: Engine
    settings: Settings
    clock: Clock
    athlete: Athlete
    zone: ZoneInfo
    book: ThresholdBook
    library: ExerciseLibrary
    exercise_ids: dict[str, str | None]
    report: HevySyncReport


def sync(
    engine: Engine,
    settings: Settings,
    clock: Clock,
    athlete: Athlete,
    client: HevyClient,
    *,
    on_progress: Progress | None = None,
) -> HevySyncReport:
    """Bring coach up to date with the Hevy account; raise AuthError / RateLimited /
    ConnectorError when Hevy cannot be read (what was stored before stays, whole)."""
    progress = on_progress or (lambda _stage, _done, _total: None)
    catalogue = load_catalogue(
        client,
        catalogue_path(settings.home, athlete.id),
        clock.now(),
        settings.hevy_catalogue_max_age_days,
        lambda done, total: progress("exercise catalogue", done, total),
    )
    library = exercise_library()
    with session_scope(engine) as session:
        book = ThresholdBook.load(session, athlete)
        state = get_sync_state(session, athlete.id, CREDENTIAL)
        cursor = state.cursor if state is not None else None
    report = HevySyncReport(mode="events" if cursor else "backfill")
    context = _Context(
        engine,
        settings,
        clock,
        athlete,
        ZoneInfo(athlete.timezone),
        book,
        library,
        catalogue.library_ids(library),
        report,
    )
    stamps: list[datetime] = []
    if cursor is None:
        total = client.workout_count()
        done = 0
        for workouts, _ in client.workout_pages():
            ensure_templates(client, catalogue, _template_ids(workouts))
            context.exercise_ids = catalogue.library_ids(library)
            digest = _archive(settings.athlete_home(athlete.id), workouts)
            for workout in workouts:
                _store(context, workout, digest)
                stamps.append(workout.updated_at or workout.start_time)
                done += 1
                progress("workouts", done, max(total, done))
    else:
        stamps += _apply_events(context, client, catalogue, cursor, progress)
    report.measurements = _sync_measurements(context, client)
    _report_unknown(context)
    newest = max(stamps, default=None)
    report.cursor = _iso(newest) if newest is not None else cursor
    with session_scope(engine) as session:
        if report.cursor is not None:
            advance_cursor(session, athlete.id, CREDENTIAL, report.cursor, clock.now())
    return report


def _apply_events(
    context: _Context,
    client: HevyClient,
    catalogue: TemplateCatalogue,
    cursor: str,
    progress: Progress,
) -> list[datetime]:
    """Read every event since the cursor, then apply each workout's latest event, oldest
    first (events come newest first, possibly several per workout)."""
    events: list[UpdatedEvent | DeletedEvent] = []
    for page, _ in client.event_pages(cursor):
        events += page
        progress("events", len(events), None)
    latest: dict[str, UpdatedEvent | DeletedEvent] = {}
    for event in events:
        key = event.workout.id if isinstance(event, UpdatedEvent) else event.id
        latest.setdefault(key, event)
    ordered = list(reversed(list(latest.values())))
    updated = [e.workout for e in ordered if isinstance(e, UpdatedEvent)]
    ensure_templates(client, catalogue, _template_ids(updated))
    context.exercise_ids = catalogue.library_ids(context.library)
    digest = (
        _archive(context.settings.athlete_home(context.athlete.id), updated) if updated else None
    )
    stamps: list[datetime] = []
    for done, event in enumerate(ordered, start=1):
        if isinstance(event, UpdatedEvent):
            _store(context, event.workout, digest)
            stamps.append(event.workout.updated_at or event.workout.start_time)
        else:
            _delete(context, event)
            if event.deleted_at is not None:
                stamps.append(event.deleted_at)
        progress("events", done, len(ordered))
    return stamps


def _store(context: _Context, workout: HevyWorkout, digest: str | None) -> None:
    """One workout, one transaction: new, replaced when Hevy changed it, or left alone."""
    report = context.report
    stamp = workout.updated_at.isoformat() if workout.updated_at else None
    with session_scope(context.engine) as session:
        existing = find_activity(session, context.athlete.id, SOURCE, workout.id)
        if existing is not None and (existing.data.get("hevy") or {}).get("updated_at") == stamp:
            report.unchanged += 1
            return
        planned = (
            planned_for_export(session, context.athlete.id, ExportTarget.HEVY, workout.routine_id)
            if workout.routine_id
            else None
        )
        planned_ids = (
            [e.exercise_id for e in planned.workout_definition.exercises] if planned else []
        )
        try:
            activity = check_activity(
                workout_activity(
                    workout,
                    context.exercise_ids,
                    context.library,
                    default_rpe=context.settings.strength_default_rpe,
                    planned=planned_ids,
                ),
                context.clock.now(),
            )
        except ParseError as exc:  # one implausible workout is left out, the sync goes on
            report.problems.append(
                f"workout {workout.title!r} of {workout.start_time:%Y-%m-%d}: {exc}"
            )
            return
        planned_id = planned.id if planned is not None else None
        locked = planned is not None
        if existing is not None:
            if existing.match_locked and planned is None:
                planned_id, locked = existing.planned_workout_id, True
            erase_activity(session, existing)
            report.updated += 1
        else:
            _drop_csv_copy(session, context, activity.name, workout.start_time)
            report.added += 1
        day = workout.start_time.astimezone(context.zone).date()
        load, extra = activity_load(activity, context.book, day)
        add_activities(
            session,
            context.athlete.id,
            [
                NewActivity(
                    activity,
                    SOURCE,
                    day,
                    raw_sha256=digest,
                    load_tss=load.value,
                    load_method=load.method.value if load.method else None,
                    extra_details=extra,
                    planned_workout_id=planned_id,
                    match_locked=locked,
                )
            ],
        )
    report.substitutions += len(activity.details.get("substitutions", []))
    for item in activity.sets:
        if item.exercise_id is None:
            title = item.exercise_title
            report.unknown_exercises[title] = report.unknown_exercises.get(title, 0) + 1


def _drop_csv_copy(session: Session, context: _Context, name: str | None, start: datetime) -> None:
    """The API copy of a workout imported earlier from a Hevy CSV export replaces it (it has
    template ids, RPE and seconds)."""
    if not name:
        return
    copy = find_named_near(
        session, context.athlete.id, DataSource.HEVY_CSV, name, start, CSV_MATCH_TOLERANCE_S
    )
    if copy is not None:
        erase_activity(session, copy)


def _delete(context: _Context, event: DeletedEvent) -> None:
    with session_scope(context.engine) as session:
        if delete_activity(session, context.athlete.id, SOURCE, event.id):
            audit.record(
                session,
                context.clock,
                actor="hevy sync",
                action="activity.delete",
                entity="activity",
                entity_id=event.id,
                athlete_id=context.athlete.id,
                details={
                    "source": SOURCE.value,
                    "reason": "deleted in Hevy",
                    "deleted_at": _iso(event.deleted_at) if event.deleted_at else None,
                },
            )
            context.report.deleted += 1


_MEASURED = (("fat_percent", MetricType.BODY_FAT_PCT), ("weight_kg", MetricType.WEIGHT_KG))


def _sync_measurements(context: _Context, client: HevyClient) -> int:
    """Body fat and weight entries, each stored once per date (changed values replaced)."""
    stored = 0
    measurements = client.body_measurements()
    with session_scope(context.engine) as session:
        athlete = athlete_by_id(session, context.athlete.id)
        for measurement in sorted(measurements, key=lambda m: m.date):
            try:
                day = date.fromisoformat(measurement.date)
            except ValueError:
                context.report.problems.append(f"body measurement with date {measurement.date!r}")
                continue
            for name, metric in _MEASURED:
                value = getattr(measurement, name)
                if value is None:
                    continue
                if metric_value(session, athlete.id, metric, day, SOURCE) == value:
                    continue
                try:
                    record_measurement(
                        session,
                        context.clock,
                        athlete,
                        metric,
                        float(value),
                        on=day,
                        source=SOURCE,
                        actor="hevy sync",
                    )
                except ValidationFailed as exc:
                    context.report.problems.append(f"body measurement {day}: {exc}")
                    continue
                stored += 1
    return stored


def _report_unknown(context: _Context) -> None:
    if context.report.unknown_exercises:
        logger.info(
            "exercises not in coach's library, kept by title: %s",
            ", ".join(sorted(context.report.unknown_exercises)),
        )


def _template_ids(workouts: Iterable[HevyWorkout]) -> set[str]:
    return {e.exercise_template_id for w in workouts for e in w.exercises}


def _archive(home: Path, workouts: list[HevyWorkout]) -> str:
    """The page as received (parsed), kept in the raw store so loads can be recomputed."""
    payload = json.dumps([w.model_dump(mode="json") for w in workouts], sort_keys=True)
    digest, _ = archive(home, "hevy", payload.encode(), "json")
    return digest


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")
