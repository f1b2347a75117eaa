"""``coach log``: the manual entries — body fat, weight, wellness, test results, missed workouts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from coach.cli.context import LOCAL, Runtime, runtime
from coach.cli.options import AthleteOpt, parse_date
from coach.cli.output import success
from coach.domain.assessments import ASSESSMENTS, assessment_value
from coach.domain.athlete import AvailabilityWindow, parse_time_range
from coach.domain.clock import local_today
from coach.domain.errors import ValidationFailed
from coach.domain.health import BodyArea, EpisodeKind, MissReason
from coach.domain.manual import LoggedSession, clock_time, session_duration_s
from coach.domain.metrics import METRIC_SPECS, MetricType
from coach.domain.sport import Equipment, Sport, parse_enum_list
from coach.domain.units import (
    Dimension,
    PoolUnit,
    UnitSystem,
    format_duration_s,
    format_quantity,
    parse_distance_m,
    parse_quantity,
)
from coach.services import log as service
from coach.services.athletes import find_athlete
from coach.services.schemas import AthleteRef

app = typer.Typer(
    help="Record what a device cannot: body fat, wellness, tests, sessions, missed sessions, "
    "illness, injury, travel.",
    no_args_is_help=True,
)

DateOpt = Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="A note kept with the entry.")]
Score = Annotated[int | None, typer.Option(min=1, max=10)]


def _entry_date(rt: Runtime, athlete: AthleteRef, text: str | None) -> date:
    today = local_today(rt.clock, athlete.timezone)
    if not text:
        return today
    return parse_date(
        text,
        "--date",
        today=today,
        why=f"entries are for days that have been, in {athlete.timezone}",
    )


def _day(rt: Runtime, athlete: str | None, text: str | None) -> tuple[AthleteRef, date]:
    row = find_athlete(rt, LOCAL, athlete)
    return row, _entry_date(rt, row, text)


@app.command("body-fat")
def body_fat(
    percent: Annotated[float, typer.Argument(help="Body fat, %.")],
    athlete: AthleteOpt = None,
    when: DateOpt = None,
    note: NoteOpt = None,
) -> None:
    """Record a body-fat measurement (2-70 %)."""
    rt = runtime()
    row, on = _day(rt, athlete, when)
    service.record(rt, LOCAL, row.id, {MetricType.BODY_FAT_PCT: percent}, on, note)
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
    row, on = _day(rt, athlete, when)
    system = UnitSystem(row.unit_system)
    kg = parse_quantity(value, Dimension.MASS, system)
    service.record(rt, LOCAL, row.id, {MetricType.WEIGHT_KG: kg}, on, note)
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
    row, on = _day(rt, athlete, when)
    service.record(rt, LOCAL, row.id, given, on, note)
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
    row, on = _day(rt, athlete, when)
    system = UnitSystem(row.unit_system)
    metric, canonical = assessment_value(name, value, system, pool or PoolUnit(row.pool_unit))
    service.record(rt, LOCAL, row.id, {metric: canonical}, on, note)
    shown = format_quantity(canonical, METRIC_SPECS[metric].dimension, system)
    success(f"{name}: {shown} on {on}")


@app.command("missed")
def missed(
    workout: Annotated[int, typer.Argument(help="Planned workout id, from `coach plan show`.")],
    reason: Annotated[
        MissReason,
        typer.Option(help="Why: illness, injury, travel, time, fatigue, facility or other."),
    ],
    note: NoteOpt = None,
    athlete: AthleteOpt = None,
) -> None:
    """Mark a planned workout as missed, with why (and your own words in --note)."""
    service.mark_missed(runtime(), LOCAL, athlete, workout, reason, note)
    success(f"workout {workout} marked missed: {reason.value}" + (f" ({note})" if note else ""))


@app.command("unmiss")
def unmiss_command(
    workout: Annotated[int, typer.Argument(help="Planned workout id, from `coach plan show`.")],
    athlete: AthleteOpt = None,
) -> None:
    """Take back a missed mark made by mistake: the session counts as planned again (or done,
    when an activity matches it)."""
    service.unmiss(runtime(), LOCAL, athlete, workout)
    success(f"workout {workout} is no longer marked missed")


SinceOpt = Annotated[
    str | None, typer.Option("--since", help="First day, YYYY-MM-DD (default: today).")
]


@app.command("illness")
def illness(
    athlete: AthleteOpt = None,
    since: SinceOpt = None,
    fever: Annotated[bool, typer.Option(help="You have (or had) a fever.")] = False,
    chest: Annotated[
        bool, typer.Option(help="Symptoms below the neck: chest, stomach, aching muscles.")
    ] = False,
    note: NoteOpt = None,
) -> None:
    """Log an illness: rest until symptom-free with fever or chest symptoms, easy only with a
    cold; end it with `coach log recovered` and the review plans a graded return."""
    rt = runtime()
    row, start = _day(rt, athlete, since)
    new = service.episode(EpisodeKind.ILLNESS, start, fever=fever, chest=chest, note=note)
    episode = service.add_episode(rt, LOCAL, row.id, new)
    success(f"{episode.describe()} since {episode.start}; `coach log recovered` when it is over")


@app.command("injury")
def injury(
    area: Annotated[
        BodyArea, typer.Argument(help="Where: " + ", ".join(a.value for a in BodyArea))
    ],
    athlete: AthleteOpt = None,
    since: SinceOpt = None,
    note: NoteOpt = None,
) -> None:
    """Log an injury: nothing loads that area until `coach log recovered`."""
    rt = runtime()
    row, start = _day(rt, athlete, since)
    new = service.episode(EpisodeKind.INJURY, start, area=area, note=note)
    episode = service.add_episode(rt, LOCAL, row.id, new)
    success(f"{episode.describe()} since {start}; `coach log recovered` when it is better")


@app.command("recovered")
def recovered(
    what: Annotated[
        str | None,
        typer.Argument(help="illness, injury, or the injured area (needed when both are open)."),
    ] = None,
    athlete: AthleteOpt = None,
    when: Annotated[
        str | None,
        typer.Option("--date", help="First day without symptoms, YYYY-MM-DD (default: today)."),
    ] = None,
) -> None:
    """End an open illness or injury: from this day on you are symptom-free."""
    rt = runtime()
    row, free = _day(rt, athlete, when)
    free, ended = service.recovered(rt, LOCAL, row.id, what, free)
    for episode in ended:
        success(f"{episode.describe()} ended: symptom-free from {free}")


@app.command("travel")
def travel(
    first: Annotated[str, typer.Argument(help="First day away, YYYY-MM-DD.")],
    last: Annotated[str, typer.Argument(help="Last day away, YYYY-MM-DD.")],
    window: Annotated[
        list[str] | None,
        typer.Option(help="A time to train on each day away, HH:MM-HH:MM (repeatable)."),
    ] = None,
    sports: Annotated[
        str | None, typer.Option(help="Sports possible there, comma-separated.")
    ] = None,
    location: Annotated[str | None, typer.Option(help="Where, e.g. hotel.")] = None,
    equipment: Annotated[
        str | None, typer.Option(help="Kit there, comma-separated (e.g. dumbbell,treadmill).")
    ] = None,
    athlete: AthleteOpt = None,
    note: NoteOpt = None,
) -> None:
    """Log a trip: on those days only these windows and this kit (none: no training)."""
    start, end = parse_date(first, "first day"), parse_date(last, "last day")
    kinds = parse_enum_list(Sport, sports, "sport") if sports else []
    kit = parse_enum_list(Equipment, equipment, "equipment") if equipment else []
    daily = []
    for text in window or []:
        begin, finish = parse_time_range(text)
        daily.append(
            AvailabilityWindow(
                weekday=0,
                start=begin,
                end=finish,
                sports=tuple(kinds),
                location=location,
                equipment=tuple(kit),
            )
        )
    trip = service.trip(start, end, daily, note)
    service.add_episode(runtime(), LOCAL, athlete, trip)
    said = ", ".join(window or []) or "no training windows"
    success(f"travel {start} to {end}: {said}; the next review fits the plan to it")


@app.command("session")
def logged_session(
    sport: Annotated[Sport, typer.Argument(help="What: swim, run, bike, row, strength, ...")],
    duration: Annotated[str, typer.Argument(help="How long, e.g. 45min, 1h10m or 0:45:00.")],
    athlete: AthleteOpt = None,
    when: DateOpt = None,
    at: Annotated[
        str, typer.Option("--time", help="Start, HH:MM local (default 12:00).")
    ] = "12:00",
    distance: Annotated[
        str | None, typer.Option(help="Distance, e.g. 5km, 3.1mi, 1500m, 1650yd.")
    ] = None,
    rpe: Annotated[
        float | None, typer.Option(min=1, max=10, help="How hard it felt, 1-10 (session RPE).")
    ] = None,
    name: Annotated[str | None, typer.Option(help="A title.")] = None,
    workout: Annotated[
        int | None, typer.Option(help="The planned workout it was (id from `coach plan show`).")
    ] = None,
    note: NoteOpt = None,
) -> None:
    """Log a session done without a file (a swim without the watch, a hotel-gym workout)."""
    seconds = session_duration_s(duration)
    start = clock_time(at)
    rt = runtime()
    row, on = _day(rt, athlete, when)
    metres = parse_distance_m(distance, UnitSystem(row.unit_system)) if distance else None
    logged = service.log_session(
        rt,
        LOCAL,
        row.id,
        LoggedSession(sport, on, start, seconds, metres, rpe, name, note, workout),
    )
    load = logged.load
    shown = f", load {load:.0f}" if load is not None else ""
    success(f"{sport.value} {format_duration_s(seconds)} on {on} at {start:%H:%M} logged{shown}")
