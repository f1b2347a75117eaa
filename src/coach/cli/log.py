"""``coach log``: the manual entries — body fat, weight, wellness, test results, missed workouts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from coach.cli.context import Runtime, database, runtime
from coach.cli.options import AthleteOpt, parse_date
from coach.cli.output import success
from coach.db.models import Athlete
from coach.db.repo.athletes import record_measurement, resolve_athlete
from coach.db.repo.plans import mark_missed
from coach.domain.assessments import ASSESSMENTS, assessment_value
from coach.domain.clock import local_today
from coach.domain.errors import ValidationFailed
from coach.domain.metrics import METRIC_SPECS, MetricType
from coach.domain.plan import DataSource
from coach.domain.units import Dimension, PoolUnit, UnitSystem, format_quantity, parse_quantity

app = typer.Typer(
    help="Record what a device cannot: body fat, wellness, tests, missed sessions.",
    no_args_is_help=True,
)

DateOpt = Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="A note kept with the entry.")]
Score = Annotated[int | None, typer.Option(min=1, max=10)]


def _entry_date(rt: Runtime, athlete: Athlete, text: str | None) -> date:
    today = local_today(rt.clock, athlete.timezone)
    on = parse_date(text, "--date") if text else today
    if on > today:
        raise ValidationFailed(f"{on} is in the future (today is {today} in {athlete.timezone})")
    return on


def _record(
    session: Session,
    rt: Runtime,
    athlete: Athlete,
    metric: MetricType,
    value: float,
    on: date,
    note: str | None,
) -> None:
    record_measurement(
        session,
        rt.clock,
        athlete,
        metric,
        value,
        on=on,
        source=DataSource.MANUAL,
        notes=note,
    )


@app.command("body-fat")
def body_fat(
    percent: Annotated[float, typer.Argument(help="Body fat, %.")],
    athlete: AthleteOpt = None,
    when: DateOpt = None,
    note: NoteOpt = None,
) -> None:
    """Record a body-fat measurement (2-70 %)."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        on = _entry_date(rt, row, when)
        _record(session, rt, row, MetricType.BODY_FAT_PCT, percent, on, note)
    success(f"body fat {percent:.1f} % on {on}")


@app.command("weight")
def weight(
    value: Annotated[str, typer.Argument(help="Weight, e.g. 80.4kg or 177lb.")],
    athlete: AthleteOpt = None,
    when: DateOpt = None,
    note: NoteOpt = None,
) -> None:
    """Record body weight."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        system = UnitSystem(row.unit_system)
        kg = parse_quantity(value, Dimension.MASS, system)
        on = _entry_date(rt, row, when)
        _record(session, rt, row, MetricType.WEIGHT_KG, kg, on, note)
    success(f"weight {format_quantity(kg, Dimension.MASS, system)} on {on}")


@app.command("wellness")
def wellness(
    athlete: AthleteOpt = None,
    energy: Score = None,
    soreness: Score = None,
    sleep_quality: Score = None,
    sleep_hours: Annotated[float | None, typer.Option(min=0, max=24)] = None,
    when: DateOpt = None,
    note: NoteOpt = None,
) -> None:
    """Record how you feel: energy, soreness and sleep quality (1-10), hours slept."""
    values = {
        MetricType.ENERGY: energy,
        MetricType.SORENESS: soreness,
        MetricType.SLEEP_QUALITY: sleep_quality,
        MetricType.SLEEP_HOURS: sleep_hours,
    }
    given = {metric: float(v) for metric, v in values.items() if v is not None}
    if not given:
        raise ValidationFailed(
            "give at least one of --energy, --soreness, --sleep-quality, --sleep-hours"
        )
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        on = _entry_date(rt, row, when)
        for metric, value in given.items():
            _record(session, rt, row, metric, value, on, note)
    success(
        "wellness on "
        + f"{on}: "
        + ", ".join(f"{METRIC_SPECS[m].label} {v:g}" for m, v in given.items())
    )


@app.command("test")
def log_test(
    name: Annotated[str, typer.Argument(help=f"One of: {', '.join(ASSESSMENTS)}.")],
    value: Annotated[str, typer.Argument(help="The result, e.g. 30in, 1:12.4, 6:20/2:55.")],
    athlete: AthleteOpt = None,
    pool: Annotated[PoolUnit | None, typer.Option(help="Pool unit of a swim test.")] = None,
    when: DateOpt = None,
    note: NoteOpt = None,
) -> None:
    """Record a fitness test result (box jump, 100 yd time trial, CSS 400/200, ...)."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        system = UnitSystem(row.unit_system)
        metric, canonical = assessment_value(name, value, system, pool or PoolUnit(row.pool_unit))
        on = _entry_date(rt, row, when)
        _record(session, rt, row, metric, canonical, on, note)
    shown = format_quantity(canonical, METRIC_SPECS[metric].dimension, system)
    success(f"{name}: {shown} on {on}")


@app.command("missed")
def missed(
    workout: Annotated[int, typer.Argument(help="Planned workout id, from `coach plan show`.")],
    reason: Annotated[str, typer.Option(help="Why it was missed (kept for the review).")],
    athlete: AthleteOpt = None,
) -> None:
    """Mark a planned workout as missed, with the reason."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        mark_missed(session, rt.clock, row, workout, reason)
    success(f"workout {workout} marked missed: {reason}")
