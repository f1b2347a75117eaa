"""``coach plan generate | show | workout | history | move | skip``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from coach.cli.context import Runtime, database, runtime
from coach.cli.export import export_after, print_exported
from coach.cli.options import AthleteOpt, JsonOpt, parse_clock, parse_date
from coach.cli.output import console, emit_json, error_console, marked, shown, success, table
from coach.db.models import Athlete
from coach.db.repo.athletes import resolve_athlete
from coach.db.repo.plans import active_plan, current_planned, get_planned_workout, plan_versions
from coach.domain.clock import local_today
from coach.domain.errors import NotFound, ValidationFailed
from coach.domain.units import format_duration_s
from coach.export.text import describe as describe_workout
from coach.review.approve import change_by_hand
from coach.review.plans import generate_plan
from coach.review.reports import planned_states

app = typer.Typer(
    help="The training plan: generate it, see it, see how it changed.", no_args_is_help=True
)

MAX_WEEKS = 52


@app.command("generate")
def generate_command(
    athlete: AthleteOpt = None,
    weeks: Annotated[int, typer.Option(min=1, max=MAX_WEEKS, help="How many weeks.")] = 12,
    start: Annotated[
        str | None, typer.Option(help="First week: the week holding this date (default: today).")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Archive the active plan and start this one.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build a plan from the goals, the availability windows and the weekly hours band."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        today = local_today(rt.clock, row.timezone)
        made = generate_plan(
            session,
            rt.clock,
            row,
            today=today,
            weeks=weeks,
            start=parse_date(start, "--start") if start else None,
            replace=replace,
        )
        plan_id, monday, sessions = made.plan.id, made.monday, made.sessions
        unserved = [q.value for q in made.unserved]
    per_week: dict[int, list[Any]] = {}
    for s in sessions:
        per_week.setdefault(s.week, []).append(s)
    summary = [
        {
            "week": week + 1,
            "monday": (monday + timedelta(weeks=week)).isoformat(),
            "sessions": len(items),
            "hours": round(sum(s.minutes for s in items) / 60, 2),
            "hard": sum(1 for s in items if s.hard),
        }
        for week, items in sorted(per_week.items())
    ]
    if as_json:
        emit_json({"plan_id": plan_id, "weeks": summary, "unserved": unserved})
        return
    console().print(
        table(
            f"Plan {plan_id}: {weeks} weeks from {monday}",
            ["week", "from", "sessions", "hours", "hard"],
            [(w["week"], w["monday"], w["sessions"], w["hours"], w["hard"]) for w in summary],
        )
    )
    success(f"plan {plan_id} is active; `coach plan show` shows this week, `coach export` sends it")
    if unserved:
        error_console().print(
            marked(
                f"[yellow]note:[/yellow] no window can take a session that trains "
                f"{shown(', '.join(unserved))} (its sport, length or kit rule each one out): "
                "widen or add a window with "
                "`coach availability set DAY HH:MM-HH:MM --sports … --equipment …`"
            )
        )


@app.command("show")
def show(
    athlete: AthleteOpt = None,
    week: Annotated[str | None, typer.Option(help="Any date in the week (default: today).")] = None,
    every: Annotated[
        bool, typer.Option("--all", help="The whole plan, first week to last.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """The week's planned sessions, day by day (or the whole plan with --all)."""
    rt = runtime()
    if every and week:
        raise ValidationFailed("give --week or --all, not both")
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        today = local_today(rt.clock, row.timezone)
        if every:
            plan = active_plan(session, row.id)
            if plan is None:
                raise NotFound(f"{row.name} has no active plan: `coach plan generate` makes one")
            first, last = plan.start_date, plan.end_date
            documents = week_documents(session, row, first, today, last)
        else:
            day = parse_date(week, "--week") if week else today
            first = day - timedelta(days=day.weekday())
            documents = week_documents(session, row, first, today)
    if as_json:
        key = {"from": first.isoformat()} if every else {"week": first.isoformat()}
        emit_json({**key, "workouts": documents})
        return
    if every:
        weeks: dict[date, list[dict[str, Any]]] = {}
        for document in documents:
            day = date.fromisoformat(document["date"])
            weeks.setdefault(day - timedelta(days=day.weekday()), []).append(document)
        for monday, items in sorted(weeks.items()):
            print_week(monday, items)
        total = sum(d["minutes"] for d in documents)
        console().print(f"The whole plan: {len(documents)} sessions, {total / 60:.1f} h")
        return
    print_week(first, documents)


def week_documents(
    session: Session, athlete: Athlete, monday: date, today: date, last: date | None = None
) -> list[dict[str, Any]]:
    """The planned workouts of the week from ``monday`` (or up to ``last``); past ones say
    whether they were done or missed."""
    end = last or monday + timedelta(days=6)
    states = planned_states(session, athlete, monday, end, today)
    return [
        {
            "id": r.id,
            "date": r.scheduled_date.isoformat(),
            "start": r.start_time_local.isoformat() if r.start_time_local else None,
            "sport": r.workout_type.value,
            "name": r.workout_definition.name,
            "template": r.workout_definition.template,
            "minutes": round(r.estimated_duration / 60),
            "priority": r.priority,
            "status": states.get(r.id, r.status.value),
        }
        for r in current_planned(session, athlete.id, monday, end)
    ]


def print_week(monday: date, documents: list[dict[str, Any]]) -> None:
    console().print(
        table(
            f"Week of {monday:%d %b %Y}",
            ["id", "day", "time", "sport", "workout", "duration", "status"],
            [
                (
                    d["id"],
                    date.fromisoformat(d["date"]).strftime("%a %d"),
                    (d["start"] or "")[:5],
                    d["sport"],
                    d["name"],
                    format_duration_s(d["minutes"] * 60),
                    d["status"],
                )
                for d in documents
            ],
        )
    )
    total = sum(d["minutes"] for d in documents)
    console().print(f"{len(documents)} sessions, {total / 60:.1f} h")


@app.command("history")
def history(athlete: AthleteOpt = None, as_json: JsonOpt = False) -> None:
    """The active plan's versions: when, why, and how many workouts each added and removed."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        plan = active_plan(session, row.id)
        if plan is None:
            raise NotFound(f"{row.name} has no active plan: `coach plan generate` makes one")
        documents: list[dict[str, Any]] = [
            {
                "version": v.version,
                "created_at": v.created_at.isoformat(),
                "reason": v.reason,
                "added": added,
                "removed": removed,
            }
            for v, added, removed in plan_versions(session, plan)
        ]
        name = plan.name
    if as_json:
        emit_json({"plan": name, "versions": documents})
        return
    console().print(
        table(
            name,
            ["version", "when", "why", "added", "removed"],
            [
                (d["version"], d["created_at"][:16], d["reason"], d["added"], d["removed"])
                for d in documents
            ],
        )
    )


WorkoutId = Annotated[int, typer.Argument(help="Planned workout id, from `coach plan show`.")]


@app.command("workout")
def workout_command(
    workout: WorkoutId, athlete: AthleteOpt = None, as_json: JsonOpt = False
) -> None:
    """One planned workout: when, how long, and its steps or exercises as the watch and the
    strength app get them."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        planned = get_planned_workout(session, row, workout)
        document: dict[str, Any] = {
            "id": planned.id,
            "date": planned.scheduled_date.isoformat(),
            "start": planned.start_time_local.isoformat() if planned.start_time_local else None,
            "sport": planned.workout_type.value,
            "minutes": round(planned.estimated_duration / 60),
            "priority": planned.priority,
            "status": planned.status.value,
            "definition": planned.workout_definition.model_dump(mode="json"),
        }
        lines = describe_workout(planned.workout_definition)
    if as_json:
        emit_json(document)
        return
    when = date.fromisoformat(document["date"]).strftime("%A %d %B %Y")
    at = f" at {document['start'][:5]}" if document["start"] else ""
    console().print(marked(f"[bold]{shown(lines[0])}[/bold]"))
    console().print(
        f"{when}{at}, {format_duration_s(document['minutes'] * 60)}, {document['sport']}, "
        f"priority {document['priority']}, {document['status']}"
    )
    for line in lines[1:]:
        console().print(f"  {line}")


@app.command("move")
def move_command(
    workout: WorkoutId,
    to: Annotated[str, typer.Argument(help="The new day, YYYY-MM-DD.")],
    at: Annotated[str | None, typer.Option("--time", help="A new start, HH:MM local.")] = None,
    athlete: AthleteOpt = None,
) -> None:
    """Move a planned session to another day (and time) by hand: a new plan version, and the
    exports follow."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        today = local_today(rt.clock, row.timezone)
        version, moved = change_by_hand(
            session,
            rt.clock,
            row,
            workout,
            today,
            move_to=parse_date(to, "day"),
            start=parse_clock(at, "--time") if at else None,
        )
        assert moved is not None
        what = f"{moved.workout_definition.name} is now on {moved.scheduled_date:%a %d %b}"
        new_id = moved.id
    _after_hand_change(rt, row, f"{what} (id {new_id}); plan version {version.version}")


@app.command("skip")
def skip_command(workout: WorkoutId, athlete: AthleteOpt = None) -> None:
    """Take a planned session out of the plan by hand (a new plan version; it never counts as
    missed), and the exports follow. `coach plan history` shows it."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        today = local_today(rt.clock, row.timezone)
        named = get_planned_workout(session, row, workout)
        what = f"{named.workout_definition.name} of {named.scheduled_date:%a %d %b}"
        version, _ = change_by_hand(session, rt.clock, row, workout, today)
    _after_hand_change(rt, row, f"skipped {what}; plan version {version.version}")


def _after_hand_change(rt: Runtime, athlete: Athlete, message: str) -> None:
    success(message)
    print_exported(export_after(rt, athlete))
