"""Measured values over time (body, wellness, tests, thresholds): list, correct, delete."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coach.domain.metrics import METRIC_SPECS, MetricType
from coach.services.context import (
    AthleteKey,
    Scope,
    Services,
    athlete_in,
    athlete_ref,
    not_ahead,
)
from coach.services.schemas import MetricList, MetricOut

if TYPE_CHECKING:
    from coach.db.models import ProgressMetric


def metric_out(row: ProgressMetric) -> MetricOut:
    return MetricOut(
        id=row.id,
        date=row.metric_date,
        type=row.metric_type.value,
        value=row.value,
        unit=METRIC_SPECS[row.metric_type].dimension.canonical_unit,
        source=row.source.value,
        notes=row.notes,
    )


def list_metrics(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    metric_type: MetricType | None = None,
    since: date | None = None,
) -> MetricList:
    from coach.db.repo.metrics import list_metrics as stored

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        found = stored(session, row.id, metric_type, since)
        return MetricList(athlete=athlete_ref(row), metrics=[metric_out(m) for m in found])


def get_metric(svc: Services, scope: Scope, athlete: AthleteKey, metric_id: int) -> MetricOut:
    from coach.db.repo.metrics import get_metric as stored

    with svc.unit() as session:
        return metric_out(stored(session, athlete_in(session, scope, athlete).id, metric_id))


def edit_metric(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    metric_id: int,
    *,
    value: float | None = None,
    day: date | None = None,
    note: str | None = None,
) -> MetricOut:
    """Correct a value (canonical unit), its day or its note; audited."""
    from coach.intake.corrections import edit_metric as edit

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        if day is not None:
            not_ahead(svc, row, day, "--date")
        changed = edit(session, svc.clock, row, metric_id, value=value, day=day, note=note)
        return metric_out(changed)


def delete_metric(svc: Services, scope: Scope, athlete: AthleteKey, metric_id: int) -> MetricOut:
    from coach.intake.corrections import delete_metric as delete

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        return metric_out(delete(session, svc.clock, row, metric_id))
