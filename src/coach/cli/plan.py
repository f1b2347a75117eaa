"""``coach plan generate | show | history``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from coach.cli.context import database, runtime
from coach.cli.options import AthleteOpt, JsonOpt, parse_date
from coach.cli.output import console, emit_json, error_console, marked, shown, success, table
from coach.db.models import Athlete
from coach.db.repo.athletes import resolve_athlete
from coach.db.repo.plans import active_plan, current_planned, plan_versions
from coach.domain.clock import local_today
from coach.domain.errors import NotFound
from coach.domain.units import format_duration_s
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
    as_json: JsonOpt = False,
) -> None:
    """The week's planned sessions, day by day."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        today = local_today(rt.clock, row.timezone)
        day = parse_date(week, "--week") if week else today
        monday = day - timedelta(days=day.weekday())
        documents = week_documents(session, row, monday, today)
    if as_json:
        emit_json({"week": monday.isoformat(), "workouts": documents})
        return
    print_week(monday, documents)


def week_documents(
    session: Session, athlete: Athlete, monday: date, today: date
) -> list[dict[str, Any]]:
    """The week's planned workouts; past ones say whether they were done or missed."""
    end = monday + timedelta(days=6)
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
