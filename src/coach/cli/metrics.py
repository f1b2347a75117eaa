"""``coach metrics list | edit | delete``: every measured value over time (body, wellness, tests,
thresholds), and fixing one entered by mistake."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli.context import LOCAL, runtime
from coach.cli.options import AthleteOpt, JsonOpt, YesOpt, confirm, parse_date
from coach.cli.output import console, emit_json, success, table
from coach.domain.clock import local_today
from coach.domain.metrics import METRIC_SPECS, MetricType
from coach.domain.units import UnitSystem, format_quantity, parse_quantity
from coach.services import metrics as service
from coach.services.athletes import find_athlete

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
    listed = service.list_metrics(
        runtime(), LOCAL, athlete, metric_type, parse_date(since, "--since") if since else None
    )
    found, system = listed.metrics, UnitSystem(listed.athlete.unit_system)
    if as_json:
        emit_json([m.model_dump(mode="json") for m in found])
        return
    rows = [
        (
            m.id,
            m.date,
            METRIC_SPECS[MetricType(m.type)].label,
            format_quantity(m.value, METRIC_SPECS[MetricType(m.type)].dimension, system),
            m.source,
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
    row = find_athlete(rt, LOCAL, athlete)
    system = UnitSystem(row.unit_system)
    today = local_today(rt.clock, row.timezone)
    dimension = METRIC_SPECS[MetricType(service.get_metric(rt, LOCAL, row.id, metric_id).type)]
    changed = service.edit_metric(
        rt,
        LOCAL,
        row.id,
        metric_id,
        value=parse_quantity(value, dimension.dimension, system) if value else None,
        day=parse_date(when, "--date", today=today) if when else None,
        note=note,
    )
    spec = METRIC_SPECS[MetricType(changed.type)]
    shown_value = format_quantity(changed.value, spec.dimension, system)
    success(f"{spec.label} of {changed.date} is now {shown_value}")


@app.command("delete")
def delete_command(metric_id: MetricId, athlete: AthleteOpt = None, yes: YesOpt = False) -> None:
    """Delete a measured value entered by mistake (kept in the audit log)."""
    rt = runtime()
    row = find_athlete(rt, LOCAL, athlete)
    found = service.get_metric(rt, LOCAL, row.id, metric_id)
    spec = METRIC_SPECS[MetricType(found.type)]
    amount = format_quantity(found.value, spec.dimension, UnitSystem(row.unit_system))
    what = f"{spec.label} {amount} of {found.date}"
    confirm(f"delete {what}", yes)
    service.delete_metric(rt, LOCAL, row.id, metric_id)
    success(f"deleted {what}")
