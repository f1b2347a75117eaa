"""``coach goals list | add | set | remove``: goals are data, one row each."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from coach.cli.context import LOCAL, Runtime, runtime
from coach.cli.options import AthleteOpt, JsonOpt, YesOpt, confirm, parse_date
from coach.cli.output import console, emit_json, success, table
from coach.domain.clock import local_today
from coach.domain.errors import ValidationFailed
from coach.domain.goals import (
    Direction,
    Goal,
    GoalKind,
    GoalStatus,
    goal_dimension,
    make_goal,
    parse_goal_kind,
)
from coach.domain.metrics import MetricType
from coach.domain.units import Dimension, UnitSystem, format_quantity, parse_quantity
from coach.services import goals as goal_service
from coach.services.athletes import find_athlete
from coach.services.schemas import AthleteRef

app = typer.Typer(help="List and change the athlete's goals.", no_args_is_help=True)

TargetOpt = Annotated[
    str | None,
    typer.Option(help="Target (lower bound of a range), e.g. 14, 1:10.0, 30in, 1.5."),
]
MaxOpt = Annotated[str | None, typer.Option("--max", help="Upper bound of a range goal.")]
DirectionOpt = Annotated[Direction | None, typer.Option(help="Which way is better.")]
TitleOpt = Annotated[str | None, typer.Option(help="A title of your own.")]
DeadlineOpt = Annotated[str | None, typer.Option(help="Deadline, YYYY-MM-DD.")]
PriorityOpt = Annotated[int | None, typer.Option(min=1, max=5, help="1 (highest) to 5 (lowest).")]
NotesOpt = Annotated[str | None, typer.Option(help="Free-text notes.")]


def describe_target(goal: Goal, system: UnitSystem) -> str:
    def shown(value: float) -> str:
        return format_quantity(value, goal.dimension, system)

    match goal.direction:
        case Direction.RANGE if goal.target_value is not None and goal.target_max is not None:
            low, high = shown(goal.target_value), shown(goal.target_max)
            low_number, _, low_unit = low.partition(" ")
            high_unit = high.partition(" ")[2]
            return f"{low_number}-{high}" if low_unit == high_unit else f"{low} to {high}"
        case Direction.INCREASE:
            return f"≥ {shown(goal.target_value)}" if goal.target_value is not None else "increase"
        case Direction.DECREASE:
            return f"≤ {shown(goal.target_value)}" if goal.target_value is not None else "decrease"
        case _:
            return f"hold {shown(goal.target_value)}" if goal.target_value is not None else "hold"


def _parse_bound(text: str | None, goal_dimension: Dimension, system: UnitSystem) -> float | None:
    return None if text is None else parse_quantity(text, goal_dimension, system)


def _deadline(rt: Runtime, athlete: AthleteRef, text: str | None) -> date | None:
    """A deadline that is still ahead (today counts)."""
    if not text:
        return None
    today = local_today(rt.clock, athlete.timezone)
    return parse_date(text, "--deadline", earliest=today, why="a deadline must be ahead")


@app.command("list")
def list_command(
    athlete: AthleteOpt = None,
    status: Annotated[GoalStatus | None, typer.Option(help="Only goals with this status.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List the goals, highest priority first."""
    listed = goal_service.list_goals(runtime(), LOCAL, athlete, status)
    goals, name = listed.goals, listed.athlete.name
    system = UnitSystem(listed.athlete.unit_system)
    if as_json:
        emit_json([goal.model_dump(mode="json") for goal in goals])
        return
    rows = [
        (
            goal.id,
            goal.priority,
            goal.title,
            describe_target(goal.goal(), system),
            goal.deadline or "",
            goal.status.value,
        )
        for goal in goals
    ]
    console().print(
        table(f"Goals of {name}", ["id", "prio", "goal", "target", "deadline", "status"], rows)
    )
    if not goals:
        console().print("No goals. Add one: coach goals add KIND --target VALUE")


@app.command("add")
def add(
    kind: Annotated[str, typer.Argument(help=f"One of: {', '.join(k.value for k in GoalKind)}.")],
    athlete: AthleteOpt = None,
    target: TargetOpt = None,
    target_max: MaxOpt = None,
    direction: DirectionOpt = None,
    title: TitleOpt = None,
    metric: Annotated[
        MetricType | None, typer.Option(help="For a custom goal: the metric that measures it.")
    ] = None,
    deadline: DeadlineOpt = None,
    priority: PriorityOpt = None,
    notes: NotesOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a goal. Values use the athlete's units unless a unit is typed (30in, 76cm, 1:10)."""
    goal_kind = parse_goal_kind(kind)
    rt = runtime()
    row = find_athlete(rt, LOCAL, athlete)
    system = UnitSystem(row.unit_system)
    dimension = goal_dimension(goal_kind, metric)
    goal = make_goal(
        goal_kind,
        target_value=_parse_bound(target, dimension, system),
        target_max=_parse_bound(target_max, dimension, system),
        direction=direction,
        title=title,
        metric=metric,
        deadline=_deadline(rt, row, deadline),
        priority=3 if priority is None else priority,
        notes=notes,
    )
    stored = goal_service.add_goal(rt, LOCAL, row.id, goal)
    if as_json:
        emit_json(stored.model_dump(mode="json"))
        return
    success(f"added goal {stored.id}: {goal.title} ({describe_target(goal, system)})")


@app.command("set")
def set_command(
    goal_id: Annotated[int, typer.Argument(help="Goal id, from `coach goals list`.")],
    athlete: AthleteOpt = None,
    target: TargetOpt = None,
    target_max: MaxOpt = None,
    direction: DirectionOpt = None,
    title: TitleOpt = None,
    deadline: DeadlineOpt = None,
    clear_deadline: Annotated[bool, typer.Option(help="Remove the deadline.")] = False,
    clear_target: Annotated[bool, typer.Option(help="Remove the target value.")] = False,
    priority: PriorityOpt = None,
    status: Annotated[GoalStatus | None, typer.Option(help="New status.")] = None,
    notes: NotesOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Change a goal's target, direction, deadline, priority, status, title or notes."""
    rt = runtime()
    row = find_athlete(rt, LOCAL, athlete)
    system = UnitSystem(row.unit_system)
    dimension = goal_service.get_goal(rt, LOCAL, row.id, goal_id).goal().dimension
    changes: dict[str, Any] = {
        key: value
        for key, value in {
            "target_value": _parse_bound(target, dimension, system),
            "target_max": _parse_bound(target_max, dimension, system),
            "direction": direction,
            "title": title,
            "deadline": _deadline(rt, row, deadline),
            "priority": priority,
            "status": status,
            "notes": notes,
        }.items()
        if value is not None
    }
    if clear_deadline:
        changes["deadline"] = None
    if clear_target:
        changes["target_value"] = changes["target_max"] = None
    if not changes:
        raise ValidationFailed("nothing to change: give at least one option (see --help)")
    stored = goal_service.update_goal(rt, LOCAL, row.id, goal_id, changes)
    if as_json:
        emit_json(stored.model_dump(mode="json"))
        return
    success(f"goal {goal_id}: {stored.title} ({describe_target(stored.goal(), system)})")


@app.command("remove")
def remove(
    goal_id: Annotated[int, typer.Argument(help="Goal id, from `coach goals list`.")],
    athlete: AthleteOpt = None,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Remove a goal (the audit log keeps what it was). To pause it instead: set --status paused."""
    rt = runtime()
    title = goal_service.get_goal(rt, LOCAL, athlete, goal_id).title
    confirm(f"remove goal {goal_id} ({title}); `--status paused` keeps it instead", yes)
    removed = goal_service.remove_goal(rt, LOCAL, athlete, goal_id)
    if as_json:
        emit_json(removed.model_dump(mode="json"))
        return
    success(f"removed goal {goal_id}: {removed.goal.title}")
