"""``coach metrics list | edit | delete``: every measured value over time (body, wellness, tests,
thresholds), and fixing one entered by mistake."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli.context import database, runtime
from coach.cli.options import AthleteOpt, JsonOpt, YesOpt, confirm, parse_date
from coach.cli.output import console, emit_json, success, table
from coach.db.repo.athletes import resolve_athlete
from coach.db.repo.metrics import get_metric, list_metrics
from coach.domain.clock import local_today
from coach.domain.metrics import METRIC_SPECS, MetricType
from coach.domain.units import UnitSystem, format_quantity, parse_quantity
from coach.intake.corrections import delete_metric, edit_metric

app = typer.Typer(
    help="List measured values over time; correct or delete one.", no_args_is_help=True
)


@app.command("list")
def list_command(
    athlete: AthleteOpt = None,
    metric_type: Annotated[
        MetricType | None, typer.Option("--type", help="Only this metric.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date, YYYY-MM-DD.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List metric values, oldest first."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        system = UnitSystem(row.unit_system)
        found = list_metrics(
            session, row.id, metric_type, parse_date(since, "--since") if since else None
        )
    if as_json:
        emit_json(
            [
                {
                    "id": m.id,
                    "date": m.metric_date.isoformat(),
                    "type": m.metric_type.value,
                    "value": m.value,
                    "unit": METRIC_SPECS[m.metric_type].dimension.canonical_unit,
                    "source": m.source.value,
                    "notes": m.notes,
                }
                for m in found
            ]
        )
        return
    rows = [
        (
            m.id,
            m.metric_date,
            METRIC_SPECS[m.metric_type].label,
            format_quantity(m.value, METRIC_SPECS[m.metric_type].dimension, system),
            m.source.value,
            m.notes or "",
        )
        for m in found
    ]
    console().print(table("Metrics", ["id", "date", "metric", "value", "source", "notes"], rows))


MetricId = Annotated[int, typer.Argument(help="The value's id, from `coach metrics list`.")]


@app.command("edit")
def edit_command(
    metric_id: MetricId,
    athlete: AthleteOpt = None,
    value: Annotated[
        str | None, typer.Option(help="The right value, e.g. 80.2kg, 17.5 or 1:45/100yd.")
    ] = None,
    when: Annotated[str | None, typer.Option("--date", help="The right day, YYYY-MM-DD.")] = None,
    note: Annotated[str | None, typer.Option(help="A note (empty: none).")] = None,
) -> None:
    """Correct a measured value (a weight, a wellness score, a test result), its day or its
    note; the change is kept in the audit log."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        system = UnitSystem(row.unit_system)
        today = local_today(rt.clock, row.timezone)
        found = next(
            (m for m in list_metrics(session, row.id, None, None) if m.id == metric_id), None
        )
        dimension = METRIC_SPECS[found.metric_type].dimension if found else None
        changed = edit_metric(
            session,
            rt.clock,
            row,
            metric_id,
            value=parse_quantity(value, dimension, system) if value and dimension else None,
            day=parse_date(when, "--date", today=today) if when else None,
            note=note,
        )
        shown_value = format_quantity(
            changed.value, METRIC_SPECS[changed.metric_type].dimension, system
        )
        label = METRIC_SPECS[changed.metric_type].label
        day = changed.metric_date
    success(f"{label} of {day} is now {shown_value}")


@app.command("delete")
def delete_command(metric_id: MetricId, athlete: AthleteOpt = None, yes: YesOpt = False) -> None:
    """Delete a measured value entered by mistake (kept in the audit log)."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        found = get_metric(session, row.id, metric_id)
        spec = METRIC_SPECS[found.metric_type]
        amount = format_quantity(found.value, spec.dimension, UnitSystem(row.unit_system))
        what = f"{spec.label} {amount} of {found.metric_date}"
    confirm(f"delete {what}", yes)
    with database(rt) as session:
        delete_metric(session, rt.clock, resolve_athlete(session, athlete), metric_id)
    success(f"deleted {what}")
