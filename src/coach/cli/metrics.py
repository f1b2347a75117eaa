"""``coach metrics list``: every measured value over time (body, wellness, tests, thresholds)."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli.context import database, runtime
from coach.cli.options import AthleteOpt, JsonOpt, parse_date
from coach.cli.output import console, emit_json, table
from coach.db.repo.athletes import resolve_athlete
from coach.db.repo.metrics import list_metrics
from coach.domain.metrics import METRIC_SPECS, MetricType
from coach.domain.units import UnitSystem, format_quantity

app = typer.Typer(help="List measured values over time.", no_args_is_help=True)


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
            m.metric_date,
            METRIC_SPECS[m.metric_type].label,
            format_quantity(m.value, METRIC_SPECS[m.metric_type].dimension, system),
            m.source.value,
            m.notes or "",
        )
        for m in found
    ]
    console().print(table("Metrics", ["date", "metric", "value", "source", "notes"], rows))
