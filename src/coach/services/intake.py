"""Imports from files: FIT activities (files, folders, zip archives) and strength-app CSV
exports (Hevy, Strong). Each file is its own transaction; re-importing adds nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from coach.domain.errors import ValidationFailed
from coach.domain.units import UnitSystem
from coach.services.context import AthleteKey, Scope, Services, athlete_in
from coach.services.schemas import CsvImported, FileImported, FitImport

CSV_KINDS = ("hevy", "strong")
Step = Callable[[str], None]
"""Called with each file's name once it is done."""


def count_fit_files(paths: list[Path]) -> int:
    """How many FIT files the paths name (folders and archives opened)."""
    from coach.intake.fit.importer import find_sources

    return len(find_sources(paths))


def import_fit(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    paths: list[Path],
    *,
    replace: bool = False,
    step: Step | None = None,
) -> FitImport:
    """Import every FIT file the paths name; with ``replace``, what they stored before is
    erased first. A file that cannot be read is a rejected file of the batch, never its end."""
    from coach.intake.fit.importer import Outcome, find_sources, import_sources

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        session.expunge(row)
    sources = find_sources(paths)
    files: list[FileImported] = []
    home = svc.athlete_folder(row.id)
    for result in import_sources(svc.engine, home, row, sources, replace=replace):
        files.append(
            FileImported(
                file=result.name,
                outcome=result.outcome.value,
                activities=result.activities,
                message=result.message,
            )
        )
        if step is not None:
            step(Path(result.name).name)
    counts = Counter(f.outcome for f in files)
    return FitImport(summary={o.value: counts.get(o.value, 0) for o in Outcome}, files=files)


def import_csv(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    path: Path,
    kind: str,
    *,
    weight_unit: str | None = None,
    distance_unit: str | None = None,
    replace: bool = False,
) -> CsvImported:
    """A Hevy or Strong CSV export, the whole file or nothing. Strong's classic layout has no
    units in its header: ``weight_unit`` / ``distance_unit`` say them (default: the athlete's
    unit system); a file that names its own units keeps them and a note says so."""
    from coach.domain.manual import DistanceUnit, WeightUnit
    from coach.intake.csv.common import store
    from coach.intake.csv.hevy_csv import parse_hevy_csv
    from coach.intake.csv.strong_csv import parse_strong_csv

    if kind not in CSV_KINDS:
        raise ValidationFailed(f"no CSV kind {kind!r}: use {', '.join(CSV_KINDS)}")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        session.expunge(row)
    zone = ZoneInfo(row.timezone)
    if kind == "hevy":
        parsed = parse_hevy_csv(path, zone)
    else:
        imperial = UnitSystem(row.unit_system) is UnitSystem.IMPERIAL
        parsed = parse_strong_csv(
            path,
            zone,
            weight_unit=WeightUnit(weight_unit)
            if weight_unit
            else (WeightUnit.LB if imperial else WeightUnit.KG),
            distance_unit=DistanceUnit(distance_unit)
            if distance_unit
            else (DistanceUnit.MI if imperial else DistanceUnit.KM),
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
    result = store(
        svc.engine,
        svc.athlete_folder(row.id),
        row,
        parsed,
        svc.settings.strength_default_rpe,
        replace=replace,
    )
    return CsvImported(
        file=str(result.path),
        layout=result.layout,
        rows=result.rows,
        workouts=result.workouts,
        sets=result.sets,
        added=result.added,
        already_present=result.present,
        replaced=result.replaced,
        unknown_exercises=list(result.unknown_exercises),
        notes=list(result.notes),
    )
