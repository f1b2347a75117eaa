"""``coach availability list | set | clear``: the convenient times to train, per weekday."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli.context import LOCAL, runtime
from coach.cli.options import AthleteOpt, JsonOpt, YesOpt, confirm
from coach.cli.output import console, emit_json, marked, success, table
from coach.domain.athlete import (
    WEEKDAYS,
    AvailabilityWindow,
    parse_time_range,
    parse_weekday,
)
from coach.domain.errors import ValidationFailed
from coach.domain.sport import Equipment, Sport, parse_enum_list
from coach.services import availability as service

app = typer.Typer(help="List and change the convenient times to train.", no_args_is_help=True)


@app.command("list")
def list_command(athlete: AthleteOpt = None, as_json: JsonOpt = False) -> None:
    """List the training windows, Monday first, with the weekly total."""
    listed = service.list_windows(runtime(), LOCAL, athlete)
    windows, name = listed.windows, listed.athlete.name
    if as_json:
        emit_json([window.model_dump(mode="json") for window in windows])
        return
    rows = [
        (
            w.weekday[:3],
            f"{w.start}-{w.end}",
            ", ".join(w.sports) or "any",
            w.location or "",
            ", ".join(w.equipment),
        )
        for w in windows
    ]
    console().print(
        table(f"Training windows of {name}", ["day", "time", "sports", "where", "equipment"], rows)
    )
    total_h = sum(window.duration_s for window in windows) / 3600
    console().print(f"{len(windows)} windows, {total_h:g} h a week available.")


@app.command("set")
def set_command(
    day: Annotated[str, typer.Argument(help="Weekday: mon, tue, wed, thu, fri, sat or sun.")],
    windows: Annotated[list[str], typer.Argument(help="One or more HH:MM-HH:MM ranges.")],
    athlete: AthleteOpt = None,
    sports: Annotated[
        str | None,
        typer.Option(help=f"Comma-separated sports allowed (default any): {', '.join(Sport)}."),
    ] = None,
    location: Annotated[str | None, typer.Option(help="Where, e.g. pool, gym, home.")] = None,
    equipment: Annotated[
        str | None, typer.Option(help="Comma-separated equipment available there.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Make these the windows of DAY (replacing that day's windows)."""
    weekday = parse_weekday(day)
    allowed = tuple(parse_enum_list(Sport, sports, "sport")) if sports else ()
    kit = tuple(parse_enum_list(Equipment, equipment, "equipment")) if equipment else ()
    new = []
    for text in windows:
        start, end = parse_time_range(text)
        new.append(
            AvailabilityWindow(
                weekday=weekday,
                start=start,
                end=end,
                sports=allowed,
                location=location,
                equipment=kit,
            )
        )
    changed = service.replace_days(runtime(), LOCAL, athlete, [weekday], new)
    if as_json:
        day_windows = [w for w in changed.windows if w.weekday == WEEKDAYS[weekday]]
        emit_json([window.model_dump(mode="json") for window in day_windows])
        return
    success(f"{WEEKDAYS[weekday]}: {', '.join(windows)}")
    _say_out_of_place(changed.changes_needed)


def _say_out_of_place(lines: list[str]) -> None:
    """A change of windows re-checks every upcoming session (docs/coaching.md §8)."""
    if not lines:
        return
    console().print(
        marked(
            f"[yellow]{len(lines)} change{'s' if len(lines) != 1 else ''} needed for the next "
            "two weeks:[/yellow]"
        )
    )
    for line in lines:
        console().print(f"  {line}")
    console().print("`coach review` proposes them for your approval.")


@app.command("clear")
def clear(
    day: Annotated[str | None, typer.Argument(help="Weekday to clear.")] = None,
    athlete: AthleteOpt = None,
    all_days: Annotated[bool, typer.Option("--all", help="Clear every weekday.")] = False,
    yes: YesOpt = False,
) -> None:
    """Remove the windows of one weekday, or of every weekday with --all (asks first)."""
    if (day is None) == (not all_days):
        raise ValidationFailed("name one weekday to clear, or pass --all (not both)")
    days = range(7) if all_days else [parse_weekday(day or "")]
    if all_days:
        confirm("remove every training window (no session can be planned until you add some)", yes)
    changed = service.replace_days(runtime(), LOCAL, athlete, days, [])
    success("cleared " + ("every weekday" if all_days else WEEKDAYS[days[0]]))
    _say_out_of_place(changed.changes_needed)
