"""``coach plan generate | show | workout | history | move | skip``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import typer

from coach.cli.context import LOCAL, runtime
from coach.cli.options import AthleteOpt, JsonOpt, parse_clock, parse_date
from coach.cli.output import console, emit_json, error_console, marked, shown, success, table
from coach.domain.units import format_duration_s
from coach.services import plans
from coach.services.plans import MAX_WEEKS
from coach.services.schemas import HandChange, PlannedOut

app = typer.Typer(
    help="The training plan: generate it, see it, see how it changed.", no_args_is_help=True
)


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
    made = plans.generate(
        runtime(),
        LOCAL,
        athlete,
        weeks=weeks,
        start=parse_date(start, "--start") if start else None,
        replace=replace,
    )
    plan_id, monday, unserved = made.plan_id, made.monday, made.unserved
    summary = [w.model_dump(mode="json") for w in made.weeks]
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
    found = plans.week(
        runtime(), LOCAL, athlete, parse_date(week, "--week") if week else None, whole_plan=every
    )
    first, documents = found.first, found.workouts
    if as_json:
        key = {"from": first.isoformat()} if every else {"week": first.isoformat()}
        emit_json({**key, "workouts": [d.model_dump(mode="json") for d in documents]})
        return
    if every:
        weeks: dict[date, list[PlannedOut]] = {}
        for document in documents:
            weeks.setdefault(document.date - timedelta(days=document.date.weekday()), []).append(
                document
            )
        for monday, items in sorted(weeks.items()):
            print_week(monday, items)
        total = sum(d.minutes for d in documents)
        console().print(f"The whole plan: {len(documents)} sessions, {total / 60:.1f} h")
        return
    print_week(first, documents)


def print_week(monday: date, documents: list[PlannedOut]) -> None:
    console().print(
        table(
            f"Week of {monday:%d %b %Y}",
            ["id", "day", "time", "sport", "workout", "duration", "status"],
            [
                (
                    d.id,
                    d.date.strftime("%a %d"),
                    (d.start or "")[:5],
                    d.sport,
                    d.name,
                    format_duration_s(d.minutes * 60),
                    d.status,
                )
                for d in documents
            ],
        )
    )
    total = sum(d.minutes for d in documents)
    console().print(f"{len(documents)} sessions, {total / 60:.1f} h")


@app.command("history")
def history(athlete: AthleteOpt = None, as_json: JsonOpt = False) -> None:
    """The active plan's versions: when, why, and how many workouts each added and removed."""
    found = plans.history(runtime(), LOCAL, athlete)
    name = found.plan
    documents = [v.model_dump(mode="json") for v in found.versions]
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
    found = plans.workout(runtime(), LOCAL, athlete, workout)
    document = found.model_dump(mode="json", exclude={"description"})
    lines = found.description
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
    changed = plans.move(
        runtime(),
        LOCAL,
        athlete,
        workout,
        parse_date(to, "day"),
        parse_clock(at, "--time") if at else None,
    )
    _after_hand_change(changed)


@app.command("skip")
def skip_command(workout: WorkoutId, athlete: AthleteOpt = None) -> None:
    """Take a planned session out of the plan by hand (a new plan version; it never counts as
    missed), and the exports follow. `coach plan history` shows it."""
    _after_hand_change(plans.skip(runtime(), LOCAL, athlete, workout))


def _after_hand_change(changed: HandChange) -> None:
    from coach.cli.export import print_exported

    success(changed.message)
    print_exported(changed.after)
