"""``coach import fit PATH...`` (files, folders, zip archives) and ``coach import hevy-csv |
strong-csv FILE`` (strength-app exports), with progress and a summary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from coach.cli.context import LOCAL, runtime
from coach.cli.options import AthleteOpt, JsonOpt, YesOpt, confirm
from coach.cli.output import (
    console,
    emit_json,
    error_console,
    marked,
    progress_bar,
    shown,
    success,
    table,
)
from coach.domain.manual import DistanceUnit, WeightUnit
from coach.services import intake
from coach.services.schemas import FitImport

app = typer.Typer(help="Import activities from files.", no_args_is_help=True)

REJECTED_EXIT = 65


@app.command("fit")
def fit(
    paths: Annotated[list[Path], typer.Argument(help="FIT files, folders or .zip archives.")],
    athlete: AthleteOpt = None,
    replace: ReplaceOpt = False,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Import FIT activity files. Re-importing the same files adds nothing; with --replace,
    what they stored before is erased and they are imported again."""
    rt = runtime()
    total = intake.count_fit_files(paths)
    if replace:
        confirm(f"erase what {total} files stored before and import them again", yes)
    with progress_bar("importing", hidden=as_json, total=total) as bar:
        done = intake.import_fit(rt, LOCAL, athlete, paths, replace=replace, step=bar.step)
    _report(done, as_json)
    if done.rejected:
        raise typer.Exit(REJECTED_EXIT)


def _report(done: FitImport, as_json: bool) -> None:
    if as_json:
        emit_json(done.model_dump(mode="json"))
        return
    summary, results = done.summary, done.files
    partial = [r for r in results if r.outcome == "partial"]
    if partial:
        console().print(marked("[bold]Imported in part[/bold] (what decoded before the defect):"))
        for r in partial:  # whole names, one a line: two files must be told apart
            console().print(f"  {r.file}: {r.message or ''}")
    activities = sum(r.activities for r in results if r.outcome != "already present")
    console().print(
        f"{len(results)} files: {summary['imported']} imported, {summary['partial']} partial, "
        f"{summary['already present']} already present, {summary['rejected']} rejected "
        f"({activities} new activities)."
    )
    for r in results:
        if r.outcome == "rejected":
            error_console().print(
                marked(f"[red]rejected[/red] {shown(r.file)}: {shown(r.message or '')}")
            )


CsvFile = Annotated[Path, typer.Argument(help="The exported CSV file.")]
ReplaceOpt = Annotated[
    bool,
    typer.Option(
        "--replace",
        help="Erase what an earlier import of the same file stored, then import it again "
        "(after a wrong unit or time zone).",
    ),
]


@app.command("hevy-csv")
def hevy_csv(
    path: CsvFile,
    athlete: AthleteOpt = None,
    replace: ReplaceOpt = False,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Import a Hevy CSV export (kg or lbs). The whole file or nothing; re-importing adds
    nothing, nor does a workout already synced from the Hevy API."""
    _import_csv(path, "hevy", athlete, as_json, replace=replace, yes=yes)


@app.command("strong-csv")
def strong_csv(
    path: CsvFile,
    athlete: AthleteOpt = None,
    weight_unit: Annotated[
        WeightUnit | None,
        typer.Option(
            help="Unit of the Weight column when the file does not say (the classic layout); "
            "default: the athlete's unit system."
        ),
    ] = None,
    distance_unit: Annotated[
        DistanceUnit | None,
        typer.Option(help="Unit of the Distance column when the file does not say."),
    ] = None,
    replace: ReplaceOpt = False,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Import a Strong CSV export (any of its three layouts, comma or semicolon). The whole
    file or nothing; re-importing adds nothing."""
    _import_csv(
        path,
        "strong",
        athlete,
        as_json,
        replace=replace,
        yes=yes,
        weight_unit=weight_unit.value if weight_unit else None,
        distance_unit=distance_unit.value if distance_unit else None,
    )


@contextmanager
def _reading(path: Path, as_json: bool) -> Iterator[None]:
    with progress_bar("reading", hidden=as_json) as bar:
        bar.show(0, None, path.name)
        yield


def _import_csv(
    path: Path,
    kind: str,
    athlete: str | None,
    as_json: bool,
    *,
    replace: bool,
    yes: bool,
    weight_unit: str | None = None,
    distance_unit: str | None = None,
) -> None:
    if replace:
        confirm(f"erase what an earlier import of {path.name} stored and import it again", yes)
    with _reading(path, as_json):
        result = intake.import_csv(
            runtime(),
            LOCAL,
            athlete,
            path,
            kind,
            weight_unit=weight_unit,
            distance_unit=distance_unit,
            replace=replace,
        )
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    console().print(
        table(
            f"{Path(result.file).name} ({result.layout})",
            ["rows", "workouts", "sets", "new", "already here"],
            [(result.rows, result.workouts, result.sets, result.added, result.already_present)],
        )
    )
    for note in result.notes:
        console().print(marked(f"[dim]{shown(note)}[/dim]"))
    if result.unknown_exercises:
        console().print(
            marked(
                f"[yellow]{len(result.unknown_exercises)} exercises are not in coach's library "
                f"and were kept by title:[/yellow] {shown(', '.join(result.unknown_exercises))}"
            )
        )
    replaced = f"; {result.replaced} stored before were replaced" if result.replaced else ""
    success(
        f"imported {result.added} workouts ({result.already_present} were already here{replaced})"
    )
