"""Manual entries: measurements, missed sessions, illness, injury, travel, a session without a
file. Entries are for days that have been, in the athlete's time zone; no day means today."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pydantic import ValidationError

from coach.domain.athlete import AvailabilityWindow
from coach.domain.clock import local_today
from coach.domain.errors import ValidationFailed, invalid
from coach.domain.health import Episode, EpisodeKind, MissReason
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource
from coach.services.context import AthleteKey, Scope, Services, athlete_in, not_ahead
from coach.services.metrics import metric_out
from coach.services.schemas import MeasurementsLogged, SessionLogged, WorkoutStatusOut

if TYPE_CHECKING:
    from coach.db.models import Athlete, PlannedWorkout
    from coach.domain.manual import LoggedSession


def entry_day(svc: Services, athlete: Athlete, day: date | None, what: str = "--date") -> date:
    """``day`` or the athlete's today; never after today."""
    if day is None:
        return local_today(svc.clock, athlete.timezone)
    why = f"entries are for days that have been, in {athlete.timezone}"
    return not_ahead(svc, athlete, day, what, why)


def record(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    values: dict[MetricType, float],
    day: date | None = None,
    note: str | None = None,
) -> MeasurementsLogged:
    """Store measured values of one day (canonical units); the profile follows the newest."""
    from coach.db.repo.athletes import record_measurement
    from coach.db.repo.metrics import list_metrics

    if not values:
        raise ValidationFailed("give at least one value")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        on = entry_day(svc, row, day)
        for metric, value in values.items():
            record_measurement(
                session, svc.clock, row, metric, value,
                on=on, source=DataSource.MANUAL, notes=note, actor=scope.actor,
            )  # fmt: skip
        stored = [
            metric_out(m)
            for m in list_metrics(session, row.id, None, on)
            if m.metric_date == on and m.metric_type in values and m.source is DataSource.MANUAL
        ]
        return MeasurementsLogged(date=on, metrics=stored)


def _status(row: PlannedWorkout) -> WorkoutStatusOut:
    return WorkoutStatusOut(
        workout_id=row.id,
        status=row.status.value,
        reason=row.reason_kind.value if row.reason_kind else None,
        note=row.status_reason,
    )


def mark_missed(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    workout_id: int,
    reason: MissReason,
    note: str | None = None,
) -> WorkoutStatusOut:
    from coach.db.repo.plans import mark_missed as mark

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        return _status(mark(session, svc.clock, row, workout_id, reason, note))


def unmiss(svc: Services, scope: Scope, athlete: AthleteKey, workout_id: int) -> WorkoutStatusOut:
    from coach.intake.corrections import unmiss as take_back

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        return _status(take_back(session, svc.clock, row, workout_id))


def episode(kind: EpisodeKind, start: date, **fields: object) -> Episode:
    try:
        return Episode(kind=kind, start=start, **fields)
    except ValidationError as exc:
        raise invalid(kind.value, exc) from None


def trip(
    start: date,
    end: date,
    daily: Sequence[AvailabilityWindow],
    note: str | None = None,
) -> Episode:
    """A trip whose every day has the same windows (``daily``; their weekday does not matter);
    none: no training while away."""
    windows = tuple(
        window.model_copy(update={"weekday": weekday}) for window in daily for weekday in range(7)
    )
    return episode(EpisodeKind.TRAVEL, start, end=end, windows=windows, note=note)


def add_episode(svc: Services, scope: Scope, athlete: AthleteKey, new: Episode) -> Episode:
    """Log an illness (one open illness at a time: a second entry updates it), an injury or a
    trip. Illness and injury start on a day that has been."""
    from coach.db.repo.health import add_episode as add
    from coach.db.repo.health import add_or_update_illness

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        if new.kind is not EpisodeKind.TRAVEL:
            entry_day(svc, row, new.start, "--since")
        if new.kind is EpisodeKind.ILLNESS:
            return add_or_update_illness(session, svc.clock, row, new)
        return add(session, svc.clock, row, new)


def recovered(
    svc: Services, scope: Scope, athlete: AthleteKey, what: str | None, free: date | None
) -> tuple[date, list[Episode]]:
    """End the open illness or injury: symptom-free from ``free`` (default today)."""
    from coach.db.repo.health import end_episodes

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        day = entry_day(svc, row, free)
        return day, end_episodes(session, svc.clock, row, what, day - timedelta(days=1))


def log_session(
    svc: Services, scope: Scope, athlete: AthleteKey, logged: LoggedSession
) -> SessionLogged:
    """A session done without a file; its load from sRPE when the RPE is given."""
    from coach.intake.manual import log_session as log

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        entry_day(svc, row, logged.day)
        activity = log(session, row, logged)
        return SessionLogged(
            activity_id=activity.id,
            external_id=activity.external_id,
            sport=logged.sport.value,
            date=logged.day,
            start_time=logged.start.strftime("%H:%M"),
            duration_s=logged.duration_s,
            distance_m=logged.distance_m,
            load=activity.load_tss,
        )
