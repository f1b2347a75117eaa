"""``coach import fit PATH...``: files, folders and zip archives, with progress and a summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from coach.cli.context import engine_for, load_athlete, runtime
from coach.cli.options import AthleteOpt, JsonOpt
from coach.cli.output import console, emit_json, error_console, table
from coach.intake.fit.importer import FileResult, Outcome, find_sources, import_sources

app = typer.Typer(help="Import activities from files.", no_args_is_help=True)

REJECTED_EXIT = 65


@app.command("fit")
def fit(
    paths: Annotated[list[Path], typer.Argument(help="FIT files, folders or .zip archives.")],
    athlete: AthleteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import FIT activity files. Re-importing the same files adds nothing."""
    rt = runtime()
    row = load_athlete(rt, athlete)
    sources = find_sources(paths)
    results: list[FileResult] = []
    with (
        engine_for(rt) as engine,
        Progress(
            TextColumn("[bold]importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.description}"),
            console=error_console(),
            transient=True,
            disable=as_json,
        ) as progress,
    ):
        task = progress.add_task("", total=len(sources))
        for result in import_sources(engine, rt.settings.home, row, sources):
            results.append(result)
            progress.update(task, advance=1, description=Path(result.name).name)
    _report(results, as_json)
    if any(result.outcome is Outcome.REJECTED for result in results):
        raise typer.Exit(REJECTED_EXIT)


def _report(results: list[FileResult], as_json: bool) -> None:
    counts = Counter(result.outcome for result in results)
    summary = {outcome.value: counts.get(outcome, 0) for outcome in Outcome}
    if as_json:
        emit_json(
            {
                "summary": summary,
                "files": [
                    {
                        "file": r.name,
                        "outcome": r.outcome.value,
                        "activities": r.activities,
                        "message": r.message,
                    }
                    for r in results
                ],
            }
        )
        return
    partial = [r for r in results if r.outcome is Outcome.PARTIAL]
    if partial:
        console().print(
            table(
                "Imported in part (what decoded before the defect)",
                ["file", "why"],
                [(r.name, r.message) for r in partial],
            )
        )
    activities = sum(r.activities for r in results if r.outcome is not Outcome.PRESENT)
    console().print(
        f"{len(results)} files: {summary['imported']} imported, {summary['partial']} partial, "
        f"{summary['already present']} already present, {summary['rejected']} rejected "
        f"({activities} new activities)."
    )
    for r in results:
        if r.outcome is Outcome.REJECTED:
            error_console().print(f"[red]rejected[/red] {r.name}: {r.message}")
