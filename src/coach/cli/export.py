"""``coach export``: planned workouts to FIT files and a calendar; swim CSV to FIT."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coach.cli.context import LOCAL, runtime
from coach.cli.options import AthleteOpt, JsonOpt, parse_date, parse_pool
from coach.cli.output import console, emit_json, error_console, marked, shown, success, table
from coach.services import exports
from coach.services.schemas import ExportedAfterChange, ExportEntry

app = typer.Typer(
    help="Send planned workouts out: FIT workout files, a calendar file, Hevy routines; swim "
    "CSV to FIT.",
    invoke_without_command=True,
)

FAILED_EXIT = 69


class Target(StrEnum):
    FIT = "fit"
    ICS = "ics"
    GARMIN = "garmin"
    HEVY = "hevy"


WeekOpt = Annotated[str | None, typer.Option(help="Only the week holding this date, YYYY-MM-DD.")]


@app.callback()
def overview(
    ctx: typer.Context,
    athlete: AthleteOpt = None,
    target: Annotated[Target | None, typer.Option(help="Only this target.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be created, updated or removed.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Export every upcoming planned workout to each target (FIT files in the outbox, the
    calendar file, Garmin Connect and Hevy when linked), only what changed since the last
    export."""
    if ctx.invoked_subcommand is not None:
        return
    run = exports.run_exports(
        runtime(), LOCAL, athlete, [target.value] if target else None, dry_run=dry_run
    )
    if as_json:
        emit_json(
            {
                name: [e.model_dump(mode="json") for e in entries]
                for name, entries in run.targets.items()
            }
        )
    else:
        _show(run.targets, dry_run)
    if run.failed:
        raise typer.Exit(FAILED_EXIT)


def _changed(entry: ExportEntry, dry_run: bool) -> bool:
    """Whether the export did (or would do) something for the entry: a planned change, or a
    file written again where it was missing (a new folder)."""
    if dry_run:
        return entry.action != "unchanged"
    return entry.status not in (None, "unchanged")


def _show(document: dict[str, list[ExportEntry]], dry_run: bool) -> None:
    out = console()
    for target, entries in document.items():
        changed = [e for e in entries if _changed(e, dry_run)]
        rows = [
            (
                "write again" if e.action == "unchanged" else e.action,
                e.date or "",
                e.workout or e.workout_uid,
                e.status or "",
            )
            for e in changed
        ]
        unchanged = len(entries) - len(changed)
        title = f"{target}: {'would ' if dry_run else ''}change {len(rows)}, unchanged {unchanged}"
        out.print(table(title, ["action", "date", "workout", "status"], rows))
        for entry in entries:
            if entry.error:
                error_console().print(
                    marked(f"[red]failed[/red] {shown(entry.workout)}: {shown(entry.error)}")
                )


@app.command("fit")
def fit(
    out: Annotated[
        Path | None, typer.Option(help="Folder (default: COACH_HOME/outbox/fit).")
    ] = None,
    week: WeekOpt = None,
    workout: Annotated[int | None, typer.Option(help="Only this planned workout id.")] = None,
    athlete: AthleteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write planned workouts as FIT workout files (copy them to the watch's NewFiles folder)."""
    written = exports.export_fit_files(
        runtime(),
        LOCAL,
        athlete,
        folder=out,
        week_of=parse_date(week, "--week") if week is not None else None,
        workout=workout,
    )
    if as_json:
        emit_json([e.model_dump(mode="json") for e in written.entries])
    else:
        _show({f"FIT files in {written.path}": written.entries}, dry_run=False)
    if any(e.status == "failed" for e in written.entries):
        raise typer.Exit(FAILED_EXIT)


@app.command("ics")
def ics(
    out: Annotated[
        Path | None, typer.Option(help="File (default: COACH_HOME/outbox/coach.ics).")
    ] = None,
    athlete: AthleteOpt = None,
) -> None:
    """Write planned sessions (the last 4 weeks and everything ahead) as a calendar file."""
    written = exports.export_calendar(runtime(), LOCAL, athlete, out)
    success(
        f"wrote {written.sessions} sessions to {written.path} (subscribe to it from a calendar app)"
    )


@app.command("swim-csv")
def swim_csv(
    path: Annotated[Path, typer.Argument(help="Swim sets as CSV (format in the README).")],
    out: Annotated[Path, typer.Option(help="Folder for the FIT file.")] = Path("."),
    pool: Annotated[
        str | None, typer.Option(help="Pool, e.g. 25yd or 25m (default: the athlete's pool).")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Workout name (default: the file name).")] = None,
    athlete: AthleteOpt = None,
) -> None:
    """Turn a CSV of swim sets into a FIT swim workout."""
    target, distance_m, size = exports.swim_csv_to_fit(
        runtime(), LOCAL, athlete, path, out, pool=parse_pool(pool) if pool else None, name=name
    )
    success(f"wrote {target} ({distance_m:.0f} m, {size} bytes)")


def print_exported(document: ExportedAfterChange) -> None:
    for target, entries in document.exported.items():
        if entries:
            console().print(f"{exports.TARGET_NAMES.get(target, target)}: {len(entries)} changed")
    if document.export_error:
        error_console().print(
            marked(
                f"[yellow]export failed:[/yellow] {shown(document.export_error)} "
                "(run `coach export` later)"
            )
        )


def export_data(
    athlete: AthleteOpt = None,
    out: Annotated[
        Path | None,
        typer.Option(help="A new folder (default: coach-export-NAME-DATE here)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Write everything coach keeps about the athlete as JSON and CSV files (secrets excepted):
    your data, readable without coach."""
    written = exports.export_everything(runtime(), LOCAL, athlete, out)
    folder, counts, name = Path(written.path), written.rows, written.athlete
    if as_json:
        emit_json({"folder": str(folder), "rows": counts})
        return
    console().print(
        table(
            f"Everything of {name}, in {folder}",
            ["table", "rows"],
            [(name, count) for name, count in counts.items()],
        )
    )
    success(f"wrote {folder / written.json_name} and {written.csv_files} CSV files")
