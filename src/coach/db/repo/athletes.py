"""Athletes: create with goals and availability, resolve by name or id, update the profile."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from coach.db.models import Athlete
from coach.db.repo import audit
from coach.db.repo.availability import replace_windows
from coach.db.repo.goals import add_goal
from coach.db.repo.metrics import latest_metric, upsert_metric
from coach.domain.athlete import (
    PROFILE_METRICS,
    AthleteProfile,
    AvailabilityWindow,
    validate_profile,
)
from coach.domain.clock import Clock
from coach.domain.errors import Ambiguous, Conflict, NotFound, ValidationFailed
from coach.domain.goals import Goal
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource

PROFILE_FIELDS = tuple(AthleteProfile.model_fields)


def profile_of(row: Athlete) -> AthleteProfile:
    return AthleteProfile.model_validate({name: getattr(row, name) for name in PROFILE_FIELDS})


def list_athletes(session: Session, ids: frozenset[int] | None = None) -> list[Athlete]:
    """Every athlete, or (``ids``) only those."""
    query = select(Athlete).order_by(Athlete.id)
    if ids is not None:
        query = query.where(Athlete.id.in_(sorted(ids)))
    return list(session.scalars(query))


def _same_name(name: str) -> str:
    return name.strip().casefold()


def athlete_named(session: Session, name: str, *, for_change: bool = False) -> Athlete | None:
    """The athlete called ``name`` (letter case aside), or None.

    Names may be stored encrypted (PostgreSQL: crypto.py), so no query can compare them: the
    names of every athlete are read and compared here — a machine has a few athletes, a coach
    dozens. ``for_change``, before a name is given or changed: on PostgreSQL the table is locked
    against another writer until the transaction ends, so two athletes never take one name at
    once (on SQLite one writer at a time is the file's own rule)."""
    if for_change and session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE athletes IN SHARE ROW EXCLUSIVE MODE"))
    wanted = _same_name(name)
    for athlete_id, stored in session.execute(select(Athlete.id, Athlete.name)).all():
        if _same_name(stored) == wanted:
            return session.get(Athlete, athlete_id)
    return None


def athlete_by_id(session: Session, athlete_id: int) -> Athlete:
    row = session.get(Athlete, athlete_id)
    if row is None:
        raise NotFound(f"no athlete {athlete_id}")
    return row


def resolve_athlete(session: Session, ref: str | None) -> Athlete:
    """The athlete named or numbered ``ref``; with no ref, the only athlete there is."""
    if ref is not None:
        found = athlete_named(session, ref)
        if found is None and ref.strip().isdigit():
            found = session.get(Athlete, int(ref.strip()))
        if found is None:
            raise NotFound(f"no athlete {ref!r}: `coach athlete list` shows who exists")
        return found
    athletes = list_athletes(session)
    if not athletes:
        raise NotFound("no athlete yet: run `coach init` first")
    if len(athletes) > 1:
        names = ", ".join(athlete.name for athlete in athletes)
        raise Ambiguous(f"{len(athletes)} athletes exist ({names}): choose one with --athlete NAME")
    return athletes[0]


def create_athlete(
    session: Session,
    clock: Clock,
    profile: AthleteProfile,
    goals: list[Goal],
    availability: list[AvailabilityWindow],
    *,
    on: date,
    actor: str = "cli",
) -> Athlete:
    """Create the athlete, its goals, its windows and its dated physiology metrics at once."""
    if athlete_named(session, profile.name, for_change=True) is not None:
        raise Conflict(f"an athlete named {profile.name!r} exists already: pick another --name")
    row = Athlete(**profile.model_dump(), goals=[])
    session.add(row)
    session.flush()
    for goal in goals:
        add_goal(session, clock, row, goal, actor=actor, audited=False)
    replace_windows(
        session, clock, row, availability, weekdays=range(7), actor=actor, audited=False
    )
    _record_profile_metrics(session, row, profile.model_dump(), on)
    audit.record(
        session,
        clock,
        actor=actor,
        action="athlete.create",
        entity="athlete",
        entity_id=row.id,
        athlete_id=row.id,
        details={"profile": profile.model_dump(mode="json"), "goals": len(goals)},
    )
    return row


def update_athlete(
    session: Session,
    clock: Clock,
    row: Athlete,
    changes: dict[str, Any],
    *,
    on: date,
    actor: str = "cli",
) -> dict[str, tuple[Any, Any]]:
    """Apply ``changes`` to the profile (validated as a whole); returns field -> (old, new).

    Physiology changes are also stored as progress metrics dated ``on``, so the athlete's
    thresholds can be looked up as of any date.
    """
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationFailed(f"unknown athlete field(s): {', '.join(sorted(unknown))}")
    before = profile_of(row)
    after = validate_profile(before.model_dump() | changes)
    if _same_name(after.name) != _same_name(before.name):
        clash = athlete_named(session, after.name, for_change=True)
        if clash is not None and clash.id != row.id:
            raise Conflict(f"an athlete named {after.name!r} exists already")
    diff = {
        name: (getattr(before, name), getattr(after, name))
        for name in PROFILE_FIELDS
        if getattr(before, name) != getattr(after, name)
    }
    for name, (_, new) in diff.items():
        setattr(row, name, new)
    session.flush()
    _record_profile_metrics(session, row, {name: new for name, (_, new) in diff.items()}, on)
    if diff:
        audit.record(
            session,
            clock,
            actor=actor,
            action="athlete.update",
            entity="athlete",
            entity_id=row.id,
            athlete_id=row.id,
            details=to_jsonable_python({name: [old, new] for name, (old, new) in diff.items()}),
        )
    return diff


def _record_profile_metrics(
    session: Session, row: Athlete, values: dict[str, Any], on: date
) -> None:
    for field, metric in PROFILE_METRICS.items():
        value = values.get(field)
        if value is not None:
            upsert_metric(
                session,
                athlete_id=row.id,
                metric_type=metric,
                metric_date=on,
                value=float(value),
                source=DataSource.PROFILE,
            )


def record_measurement(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    metric: MetricType,
    value: float,
    *,
    on: date,
    source: DataSource,
    notes: str | None = None,
    actor: str = "cli",
) -> None:
    """Store one measured value; when it is the newest of its kind, the profile follows it.

    (A body-fat entry updates athletes.current_body_fat, a weight entry the profile weight, a CSS
    test the profile CSS, and so on: thresholds are as of the latest measurement.)
    """
    upsert_metric(
        session,
        athlete_id=athlete.id,
        metric_type=metric,
        metric_date=on,
        value=value,
        source=source,
        notes=notes,
    )
    field = _PROFILE_FIELD_OF.get(metric)
    latest = latest_metric(session, athlete.id, metric)
    if field is not None and latest is not None and latest.metric_date <= on:
        setattr(athlete, field, value)
        session.flush()
    audit.record(
        session,
        clock,
        actor=actor,
        action="metric.record",
        entity="athlete",
        entity_id=athlete.id,
        athlete_id=athlete.id,
        details={
            "metric": metric.value,
            "value": value,
            "date": on.isoformat(),
            "source": source.value,
        },
    )


_PROFILE_FIELD_OF: dict[MetricType, str] = {
    metric: field for field, metric in PROFILE_METRICS.items()
}


def delete_everything(session: Session, row: Athlete) -> int:
    """Delete the athlete's rows: every table holding an athlete_id goes with the athlete
    (ON DELETE CASCADE), the audit log's entries explicitly (they would only lose the link).
    How many rows went, counted before."""
    from sqlalchemy import delete as delete_rows

    from coach.db.base import Base
    from coach.db.models import AuditEntry

    counted = 0
    for table in Base.metadata.sorted_tables:
        if "athlete_id" in table.columns:
            counted += session.execute(
                select(func.count()).select_from(table).where(table.c.athlete_id == row.id)
            ).scalar_one()
    session.execute(delete_rows(AuditEntry).where(AuditEntry.athlete_id == row.id))
    session.delete(row)
    session.flush()
    return counted + 1
