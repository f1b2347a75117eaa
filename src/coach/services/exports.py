"""Exports: every upcoming planned workout to each target — FIT workout files, the calendar
file, Garmin Connect and Hevy when linked — only what changed since the last export. A plan
change exports at once (:func:`export_after_change`); a failure there never undoes the change."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from coach.domain.clock import local_today
from coach.domain.errors import CoachError, ValidationFailed
from coach.domain.plan import ExportTarget
from coach.domain.units import PoolUnit
from coach.services.context import AthleteKey, Scope, Services, athlete_in
from coach.services.schemas import (
    EverythingWritten,
    ExportedAfterChange,
    ExportEntry,
    ExportFailure,
    ExportRun,
    FilesWritten,
    TargetStatus,
)

if TYPE_CHECKING:
    from coach.db.models import Athlete
    from coach.export.fit_workout import Thresholds
    from coach.export.plan import Item, Result

TARGETS = ("fit", "ics", "garmin", "hevy")
TARGET_NAMES = {
    "fit": "FIT workout files",
    "ics": "calendar",
    "garmin": "Garmin Connect",
    "hevy": "Hevy",
}


def outbox(svc: Services, athlete_id: int) -> Path:
    from coach.export.fit_files import outbox as fit_outbox

    return fit_outbox(svc.athlete_folder(athlete_id))


def calendar_path(svc: Services, athlete_id: int) -> Path:
    from coach.export.calendar_file import default_path

    return default_path(svc.athlete_folder(athlete_id))


def _item_entry(item: Item, status: str | None = None) -> ExportEntry:
    return ExportEntry(
        action=item.action.value,
        workout_uid=item.workout_uid,
        planned_id=item.planned_id,
        date=item.day,
        workout=item.definition.name if item.definition else None,
        external_id=item.external_id,
        status=status,
    )


def _result_entry(result: Result) -> ExportEntry:
    entry = _item_entry(result.item, result.status.value if result.status else "unchanged")
    return entry.model_copy(update={"external_id": result.external_id, "error": result.error})


def linked_targets(svc: Services, athlete: Athlete) -> list[str]:
    """FIT files and the calendar always; Garmin Connect and Hevy when linked."""
    from coach.services import connections

    return ["fit", "ics", *connections.linked(svc, athlete)]


def _export(
    svc: Services, athlete: Athlete, targets: list[str], today: date, *, dry_run: bool
) -> dict[str, list[ExportEntry]]:
    from coach.export.calendar_file import export_ics
    from coach.export.fit_files import export_fit
    from coach.export.garmin_workouts import relevant as garmin_relevant
    from coach.export.hevy_routines import relevant as hevy_relevant
    from coach.export.plan import Action, plan_export

    done: dict[str, list[ExportEntry]] = {}
    for target in targets:
        with svc.unit() as session:
            items = plan_export(session, athlete, ExportTarget(target), today, date.max)
        if target == "hevy":
            items = [i for i in items if hevy_relevant(i)]
        if target == "garmin":
            items = [i for i in items if garmin_relevant(i)]
        if dry_run:
            done[target] = [_item_entry(i) for i in items]
        elif target == "hevy":
            done[target] = [_result_entry(r) for r in _to_hevy(svc, athlete, items)]
        elif target == "garmin":
            done[target] = [_result_entry(r) for r in _to_garmin(svc, athlete, items)]
        elif target == "fit":
            results = export_fit(
                svc.engine, athlete, items, outbox(svc, athlete.id), svc.clock,
                count_repeat_steps=svc.settings.fit_count_repeat_steps,
            )  # fmt: skip
            done[target] = [_result_entry(r) for r in results]
        else:
            path = calendar_path(svc, athlete.id)
            export_ics(svc.engine, athlete, path, svc.clock, today)
            done[target] = [
                _item_entry(i, "unchanged" if i.action is Action.UNCHANGED else "written")
                for i in items
            ]
    return done


def _to_garmin(svc: Services, athlete: Athlete, items: list[Item]) -> list[Result]:
    from coach.accounts import garmin_tokens, save_garmin_tokens
    from coach.connectors.garmin import connect_with_tokens, tokens_of
    from coach.export.fit_files import fit_thresholds
    from coach.export.garmin_workouts import GarminExport, export_garmin

    garmin = connect_with_tokens(
        garmin_tokens(svc.engine, svc.settings, athlete), svc.settings.garmin_retry_wait_s
    )
    thresholds: dict[date, Thresholds] = {}

    def thresholds_on(day: date) -> Thresholds:
        if day not in thresholds:
            with svc.unit() as session:
                thresholds[day] = fit_thresholds(session, athlete, day)
        return thresholds[day]

    try:
        return export_garmin(svc.engine, items, GarminExport(garmin, thresholds_on), svc.clock)
    finally:
        save_garmin_tokens(svc.engine, svc.settings, athlete, tokens_of(garmin))


def _to_hevy(svc: Services, athlete: Athlete, items: list[Item]) -> list[Result]:
    from coach.connectors.hevy.catalogue import catalogue_path, load_catalogue
    from coach.export.hevy_routines import HevyExport, export_hevy
    from coach.services.connections import hevy_client

    with hevy_client(svc, athlete) as client:
        catalogue = load_catalogue(
            client,
            catalogue_path(svc.settings.home, athlete.id),
            svc.clock.now(),
            svc.settings.hevy_catalogue_max_age_days,
        )
        return export_hevy(svc.engine, items, HevyExport(client, catalogue), svc.clock)


def run_exports(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    targets: list[str] | None = None,
    *,
    dry_run: bool = False,
) -> ExportRun:
    """Export every upcoming workout to ``targets`` (default: every linked one)."""
    unknown = [t for t in targets or [] if t not in TARGETS]
    if unknown:
        raise ValidationFailed(f"no export target {unknown[0]!r}: use {', '.join(TARGETS)}")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=not dry_run)
        session.expunge(row)
    today = local_today(svc.clock, row.timezone)
    chosen = targets or linked_targets(svc, row)
    return ExportRun(dry_run=dry_run, targets=_export(svc, row, chosen, today, dry_run=dry_run))


def export_after_change(svc: Services, athlete: Athlete) -> ExportedAfterChange:
    """Export the changed plan at once; a failure is reported, never undoes the change
    (``coach export`` sends it later)."""
    today = local_today(svc.clock, athlete.timezone)
    try:
        done = _export(svc, athlete, linked_targets(svc, athlete), today, dry_run=False)
    except CoachError as exc:
        return ExportedAfterChange(exported={}, export_error=str(exc))
    return ExportedAfterChange(
        exported={
            t: [e for e in entries if e.status not in (None, "unchanged")]
            for t, entries in done.items()
        },
        export_error=None,
    )


def export_fit_files(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    *,
    folder: Path | None = None,
    week_of: date | None = None,
    workout: int | None = None,
) -> FilesWritten:
    """Planned workouts as FIT workout files: upcoming ones, one week's, or one workout."""
    from coach.export.fit_files import export_fit
    from coach.export.plan import plan_export

    if week_of is not None and workout is not None:
        raise ValidationFailed("give --week or --workout, not both")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        session.expunge(row)
    start, end = local_today(svc.clock, row.timezone), date.max
    if week_of is not None:
        start = week_of - timedelta(days=week_of.weekday())
        end = start + timedelta(days=6)
    if workout is not None:
        start, end = date.min, date.max
    target = folder or outbox(svc, row.id)
    with svc.unit() as session:
        items = plan_export(session, row, ExportTarget.FIT, start, end, only=workout)
    if workout is not None and not items:
        raise ValidationFailed(f"no current planned workout {workout}: see `coach status`")
    results = export_fit(
        svc.engine, row, items, target, svc.clock,
        count_repeat_steps=svc.settings.fit_count_repeat_steps,
    )  # fmt: skip
    entries = [_result_entry(r) for r in results]
    return FilesWritten(path=str(target), sessions=len(entries), entries=entries)


def export_calendar(
    svc: Services, scope: Scope, athlete: AthleteKey, path: Path | None = None
) -> FilesWritten:
    """The planned sessions (the last 4 weeks and everything ahead) as a calendar file."""
    from coach.export.calendar_file import export_ics
    from coach.export.plan import Action

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        session.expunge(row)
    target = path or calendar_path(svc, row.id)
    items = export_ics(svc.engine, row, target, svc.clock, local_today(svc.clock, row.timezone))
    kept = sum(1 for i in items if i.action is not Action.REMOVE)
    return FilesWritten(path=str(target), sessions=kept)


def swim_csv_to_fit(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    source: Path,
    folder: Path,
    *,
    pool: tuple[float, PoolUnit] | None = None,
    name: str | None = None,
) -> tuple[Path, float, int]:
    """A CSV of swim sets as a FIT swim workout: (file, distance in m, bytes)."""
    from coach.db.repo.athletes import profile_of
    from coach.export.fit_files import fit_thresholds
    from coach.export.fit_workout import encode_workout
    from coach.export.swim_csv import read_swim_csv

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        profile = profile_of(row)
        length, unit = pool or (profile.pool_length, profile.pool_unit)
        definition = read_swim_csv(
            source, name=name or source.stem, pool_length=length, pool_unit=unit
        )
        thresholds = fit_thresholds(session, row, local_today(svc.clock, row.timezone))
    data = encode_workout(
        definition, thresholds, workout_uid=f"csv:{source.name}", created=svc.clock.now()
    )
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source.stem}.fit"
    target.write_bytes(data)
    return target, definition.distance_m(), len(data)


def export_everything(
    svc: Services, scope: Scope, athlete: AthleteKey, folder: Path | None = None
) -> EverythingWritten:
    """Everything coach keeps about the athlete as JSON and CSV files (secrets excepted), in a
    new folder (default: coach-export-NAME-DATE in the working folder)."""
    from coach.export.everything import CSV_TABLES, JSON_NAME, gather, write

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, need="full")
        today = local_today(svc.clock, row.timezone)
        target = folder or Path(f"coach-export-{_slug(row.name)}-{today}")
        document = gather(session, row, svc.clock.now())
        name = row.name
    counts = write(document, target)
    return EverythingWritten(
        athlete=name,
        path=str(target),
        rows=counts,
        json_name=JSON_NAME,
        csv_files=len(CSV_TABLES),
    )


def everything_archive(svc: Services, scope: Scope, athlete: AthleteKey, into: Path) -> Path:
    """Everything that is the athlete's in one zip inside the folder ``into``: the JSON and CSV
    files of `coach export-data` and the files as they came (``raw/``: every imported file and
    synced payload). The dashboard's "Download everything"."""
    import zipfile

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, need="full")
        name, athlete_id = row.name, row.id
        today = local_today(svc.clock, row.timezone)
    stem = f"coach-{_slug(name)}-{today}"
    written = export_everything(svc, scope, athlete_id, into / stem)
    archive = into / f"{stem}.zip"
    raw = svc.settings.athlete_home(athlete_id) / "raw"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(Path(written.path).iterdir()):
            out.write(path, f"{stem}/{path.name}")
        if raw.is_dir():
            for path in sorted(p for p in raw.rglob("*") if p.is_file()):
                out.write(path, f"{stem}/raw/{path.relative_to(raw)}")
    return archive


def _slug(name: str) -> str:
    kept = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return kept or "athlete"


def status(svc: Services, scope: Scope, athlete: AthleteKey) -> list[TargetStatus]:
    """Per target, what was sent and what failed (``coach export`` retries failures)."""
    from coach.db.repo.exports import records

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        session.expunge(row)
    linked = set(linked_targets(svc, row))
    found = []
    for target in TARGETS:
        with svc.unit() as session:
            stored = list(records(session, row.id, ExportTarget(target)).values())
        counts: dict[str, int] = {}
        for record in stored:
            counts[record.status.value] = counts.get(record.status.value, 0) + 1
        moments = [r.exported_at for r in stored if r.exported_at is not None]
        found.append(
            TargetStatus(
                target=target,
                label=TARGET_NAMES[target],
                linked=target in linked,
                counts=counts,
                last_exported_at=max(moments) if moments else None,
                failures=[
                    ExportFailure(
                        workout_uid=r.workout_uid,
                        planned_id=r.planned_workout_id,
                        error=r.error,
                        at=r.updated_at,
                    )
                    for r in stored
                    if r.status.value == "failed"
                ],
            )
        )
    return found
