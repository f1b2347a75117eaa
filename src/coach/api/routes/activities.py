"""Activities (list, one with its children, correct, delete, restore), file uploads, metrics
and the entries a person makes by hand."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, UploadFile, status

from coach.api.bodies import (
    ActivityPatch,
    IllnessIn,
    InjuryIn,
    MeasurementsIn,
    MetricPatch,
    MissedIn,
    RecoveredIn,
    SessionIn,
    TravelIn,
)
from coach.api.deps import MAX_ID, AthleteId, Caller, Id, Svc
from coach.domain.athlete import AvailabilityWindow
from coach.domain.health import Episode, EpisodeKind
from coach.domain.manual import ActivityChanges, LoggedSession
from coach.domain.metrics import MetricType
from coach.services import activities, intake, log, metrics
from coach.services.schemas import (
    ActivityDetail,
    ActivityOut,
    ActivityPage,
    CsvImported,
    FitImport,
    MeasurementsLogged,
    MetricList,
    MetricOut,
    SessionLogged,
    WorkoutStatusOut,
)
from coach.services.uploads import saved, saved_all

router = APIRouter(tags=["activities"])


@router.get("/athletes/{athlete_id}/activities", response_model=ActivityPage)
def list_activities(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    sport: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: Annotated[int, Query(ge=1, le=activities.MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> ActivityPage:
    """Activities oldest first, by sport and dates, a page at a time (``total`` counts all)."""
    return activities.list_activities(
        svc, caller, athlete_id, sport=sport, since=since, until=until, limit=limit, offset=offset
    )


@router.get("/athletes/{athlete_id}/activities/{activity_id}", response_model=ActivityDetail)
def get_activity(
    svc: Svc, caller: Caller, athlete_id: AthleteId, activity_id: Id
) -> ActivityDetail:
    """One activity with its laps, swim lengths, strength sets, HR-zone times and load."""
    return activities.get_activity(svc, caller, athlete_id, activity_id)


@router.patch("/athletes/{athlete_id}/activities/{activity_id}", response_model=ActivityOut)
def edit_activity(
    svc: Svc, caller: Caller, athlete_id: AthleteId, activity_id: Id, body: ActivityPatch
) -> ActivityOut:
    """Correct an activity; its load is computed again; the audit log keeps what it was."""
    changes = ActivityChanges(
        sport=body.sport.value if body.sport else None,
        name=body.name,
        day=body.date,
        start=body.start_time,
        duration_s=body.duration_s,
        distance_m=body.distance_m,
        rpe=body.rpe,
        note=body.note,
    )
    return activities.edit_activity(svc, caller, athlete_id, activity_id, changes)


@router.delete("/athletes/{athlete_id}/activities/{activity_id}", response_model=ActivityOut)
def delete_activity(
    svc: Svc, caller: Caller, athlete_id: AthleteId, activity_id: Id
) -> ActivityOut:
    """Delete an activity: gone from every analysis; a sync or re-import does not bring it back."""
    return activities.delete_activity(svc, caller, athlete_id, activity_id)


@router.post("/athletes/{athlete_id}/activities/{activity_id}/restore", response_model=ActivityOut)
def restore_activity(
    svc: Svc, caller: Caller, athlete_id: AthleteId, activity_id: Id
) -> ActivityOut:
    return activities.restore_activity(svc, caller, athlete_id, activity_id)


@router.post("/athletes/{athlete_id}/uploads/fit", response_model=FitImport)
def upload_fit(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    files: list[UploadFile],
    replace: bool = False,
) -> FitImport:
    """FIT files or ZIP archives of them, as `coach import fit` takes them: each file its own
    transaction; a file that cannot be read is rejected with its reason, the rest imported."""
    with saved_all(files) as paths:
        return intake.import_fit(svc, caller, athlete_id, paths, replace=replace)


@router.post("/athletes/{athlete_id}/uploads/csv", response_model=CsvImported)
def upload_csv(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    file: UploadFile,
    kind: Annotated[str, Query(description="hevy or strong")],
    weight_unit: Annotated[str | None, Query(description="Strong classic: kg or lb")] = None,
    distance_unit: Annotated[str | None, Query(description="Strong classic: km, mi or m")] = None,
    replace: bool = False,
) -> CsvImported:
    """A Hevy or Strong CSV export, the whole file or nothing, as `coach import` takes it."""
    with saved(file) as path:
        return intake.import_csv(
            svc,
            caller,
            athlete_id,
            path,
            kind,
            weight_unit=weight_unit,
            distance_unit=distance_unit,
            replace=replace,
        )


@router.get("/athletes/{athlete_id}/metrics", response_model=MetricList)
def list_metrics(
    svc: Svc,
    caller: Caller,
    athlete_id: AthleteId,
    metric_type: Annotated[MetricType | None, Query(alias="type")] = None,
    since: date | None = None,
) -> MetricList:
    return metrics.list_metrics(svc, caller, athlete_id, metric_type, since)


@router.post(
    "/athletes/{athlete_id}/metrics",
    response_model=MeasurementsLogged,
    status_code=status.HTTP_201_CREATED,
)
def record_metrics(
    svc: Svc, caller: Caller, athlete_id: AthleteId, body: MeasurementsIn
) -> MeasurementsLogged:
    """Values measured on one day; one value per metric, source and day (sending a day's
    value again replaces it)."""
    return log.record(svc, caller, athlete_id, dict(body.values), body.date, body.note)


@router.patch("/athletes/{athlete_id}/metrics/{metric_id}", response_model=MetricOut)
def edit_metric(
    svc: Svc, caller: Caller, athlete_id: AthleteId, metric_id: Id, body: MetricPatch
) -> MetricOut:
    return metrics.edit_metric(
        svc, caller, athlete_id, metric_id, value=body.value, day=body.date, note=body.note
    )


@router.delete("/athletes/{athlete_id}/metrics/{metric_id}", response_model=MetricOut)
def delete_metric(svc: Svc, caller: Caller, athlete_id: AthleteId, metric_id: Id) -> MetricOut:
    return metrics.delete_metric(svc, caller, athlete_id, metric_id)


@router.post(
    "/athletes/{athlete_id}/sessions",
    response_model=SessionLogged,
    status_code=status.HTTP_201_CREATED,
)
def log_session(svc: Svc, caller: Caller, athlete_id: AthleteId, body: SessionIn) -> SessionLogged:
    """A session done without a file (its load from the RPE when given)."""
    entry = LoggedSession(
        body.sport,
        body.date,
        body.start_time,
        body.duration_s,
        body.distance_m,
        body.rpe,
        body.name,
        body.note,
        body.workout_id,
        body.external_id,
    )
    return log.log_session(svc, caller, athlete_id, entry)


@router.post("/athletes/{athlete_id}/workouts/{workout_id}/missed", response_model=WorkoutStatusOut)
def mark_missed(
    svc: Svc, caller: Caller, athlete_id: AthleteId, workout_id: Id, body: MissedIn
) -> WorkoutStatusOut:
    """Mark a planned workout missed, with why."""
    return log.mark_missed(svc, caller, athlete_id, workout_id, body.reason, body.note)


@router.delete(
    "/athletes/{athlete_id}/workouts/{workout_id}/missed", response_model=WorkoutStatusOut
)
def unmiss(svc: Svc, caller: Caller, athlete_id: AthleteId, workout_id: Id) -> WorkoutStatusOut:
    """Take back a missed mark made by mistake."""
    return log.unmiss(svc, caller, athlete_id, workout_id)


@router.post(
    "/athletes/{athlete_id}/illnesses", response_model=Episode, status_code=status.HTTP_201_CREATED
)
def log_illness(svc: Svc, caller: Caller, athlete_id: AthleteId, body: IllnessIn) -> Episode:
    """An illness from ``start`` (one open illness at a time: sending another updates it)."""
    new = log.episode(
        EpisodeKind.ILLNESS, body.start, fever=body.fever, chest=body.chest, note=body.note
    )
    return log.add_episode(svc, caller, athlete_id, new)


@router.post(
    "/athletes/{athlete_id}/injuries", response_model=Episode, status_code=status.HTTP_201_CREATED
)
def log_injury(svc: Svc, caller: Caller, athlete_id: AthleteId, body: InjuryIn) -> Episode:
    new = log.episode(EpisodeKind.INJURY, body.start, area=body.area, note=body.note)
    return log.add_episode(svc, caller, athlete_id, new)


@router.post(
    "/athletes/{athlete_id}/trips", response_model=Episode, status_code=status.HTTP_201_CREATED
)
def log_trip(svc: Svc, caller: Caller, athlete_id: AthleteId, body: TravelIn) -> Episode:
    """A trip: on its days only these windows (the same each day; none: no training)."""
    daily = [AvailabilityWindow(weekday=0, **window.model_dump()) for window in body.windows]
    return log.add_episode(
        svc, caller, athlete_id, log.trip(body.start, body.end, daily, body.note)
    )


@router.post("/athletes/{athlete_id}/recovered", response_model=list[Episode])
def recovered(svc: Svc, caller: Caller, athlete_id: AthleteId, body: RecoveredIn) -> list[Episode]:
    """End the open illness or injury: symptom-free from the day given (default today)."""
    _, ended = log.recovered(svc, caller, athlete_id, body.what, body.symptom_free_from)
    return ended
