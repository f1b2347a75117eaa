"""``coach import fit PATH...`` (files, folders, zip archives) and ``coach import hevy-csv |
strong-csv FILE`` (strength-app exports), with progress and a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo

import typer

from coach.cli.context import Runtime, engine_for, load_athlete, runtime
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
from coach.db.models import Athlete
from coach.domain.units import UnitSystem
from coach.intake.csv.common import CsvImport, CsvResult, store
from coach.intake.csv.hevy_csv import parse_hevy_csv
from coach.intake.csv.strong_csv import DistanceUnit, WeightUnit, parse_strong_csv

if TYPE_CHECKING:
    from coach.intake.fit.importer import FileResult

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
    from coach.intake.fit.importer import Outcome, find_sources, import_sources

    rt = runtime()
    row = load_athlete(rt, athlete)
    sources = find_sources(paths)
    if replace:
        confirm(f"erase what {len(sources)} files stored before and import them again", yes)
    results: list[FileResult] = []
    with (
        engine_for(rt) as engine,
        progress_bar("importing", hidden=as_json, total=len(sources)) as bar,
    ):
        for result in import_sources(engine, rt.settings.home, row, sources, replace=replace):
            results.append(result)
            bar.step(Path(result.name).name)
    _report(results, as_json)
    if any(result.outcome is Outcome.REJECTED for result in results):
        raise typer.Exit(REJECTED_EXIT)


def _report(results: list[FileResult], as_json: bool) -> None:
    from coach.intake.fit.importer import Outcome

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
        console().print(marked("[bold]Imported in part[/bold] (what decoded before the defect):"))
        for r in partial:  # whole names, one a line: two files must be told apart
            console().print(f"  {r.name}: {r.message or ''}")
    activities = sum(r.activities for r in results if r.outcome is not Outcome.PRESENT)
    console().print(
        f"{len(results)} files: {summary['imported']} imported, {summary['partial']} partial, "
        f"{summary['already present']} already present, {summary['rejected']} rejected "
        f"({activities} new activities)."
    )
    for r in results:
        if r.outcome is Outcome.REJECTED:
            error_console().print(
                marked(f"[red]rejected[/red] {shown(r.name)}: {shown(r.message or '')}")
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
    rt = runtime()
    row = load_athlete(rt, athlete)
    with _reading(path, as_json):
        parsed = parse_hevy_csv(path, ZoneInfo(row.timezone))
    _store_csv(rt, row, parsed, as_json, replace=replace, yes=yes)


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
    rt = runtime()
    row = load_athlete(rt, athlete)
    imperial = UnitSystem(row.unit_system) is UnitSystem.IMPERIAL
    with _reading(path, as_json):
        parsed = parse_strong_csv(
            path,
            ZoneInfo(row.timezone),
            weight_unit=weight_unit or (WeightUnit.LB if imperial else WeightUnit.KG),
            distance_unit=distance_unit or (DistanceUnit.MI if imperial else DistanceUnit.KM),
        )
    given = [
        flag
        for flag, value in (("--weight-unit", weight_unit), ("--distance-unit", distance_unit))
        if value is not None
    ]
    if given and not parsed.layout.endswith("(classic)"):
        parsed.notes.append(
            f"{' and '.join(given)} ignored: this file names its own units in its header"
        )
    _store_csv(rt, row, parsed, as_json, replace=replace, yes=yes)


@contextmanager
def _reading(path: Path, as_json: bool) -> Iterator[None]:
    with progress_bar("reading", hidden=as_json) as bar:
        bar.show(0, None, path.name)
        yield


def _store_csv(
    rt: Runtime, athlete: Athlete, parsed: CsvImport, as_json: bool, *, replace: bool, yes: bool
) -> None:
    if replace:
        confirm(
            f"erase what an earlier import of the {len(parsed.workouts)} workouts of "
            f"{parsed.path.name} stored and import them again",
            yes,
        )
    with engine_for(rt) as engine:
        result = store(
            engine,
            rt.settings.home,
            athlete,
            parsed,
            rt.settings.strength_default_rpe,
            replace=replace,
        )
    if as_json:
        emit_json(_csv_document(result))
        return
    console().print(
        table(
            f"{result.path.name} ({result.layout})",
            ["rows", "workouts", "sets", "new", "already here"],
            [(result.rows, result.workouts, result.sets, result.added, result.present)],
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
    success(f"imported {result.added} workouts ({result.present} were already here{replaced})")


def _csv_document(result: CsvResult) -> dict[str, object]:
    return {
        "file": str(result.path),
        "layout": result.layout,
        "rows": result.rows,
        "workouts": result.workouts,
        "sets": result.sets,
        "added": result.added,
        "already_present": result.present,
        "replaced": result.replaced,
        "unknown_exercises": list(result.unknown_exercises),
        "notes": list(result.notes),
    }
