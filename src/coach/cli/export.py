"""``coach export``: planned workouts to FIT files and a calendar; swim CSV to FIT."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import Engine

from coach.cli.context import Runtime, database, engine_for, load_athlete, runtime
from coach.cli.options import AthleteOpt, JsonOpt, parse_date, parse_pool
from coach.cli.output import console, emit_json, error_console, marked, shown, success, table
from coach.connectors.garmin import connect_with_tokens, tokens_of
from coach.connectors.hevy.catalogue import catalogue_path, load_catalogue
from coach.db.models import Athlete
from coach.db.repo.athletes import profile_of, resolve_athlete
from coach.db.repo.credentials import has_credential, secret_cipher
from coach.domain.clock import local_today
from coach.domain.errors import AuthError, CoachError, ValidationFailed
from coach.domain.plan import ExportStatus, ExportTarget
from coach.export.calendar_file import default_path, export_ics
from coach.export.everything import CSV_TABLES, JSON_NAME, gather, write
from coach.export.fit_files import export_fit, fit_thresholds, outbox
from coach.export.fit_workout import Thresholds, encode_workout
from coach.export.garmin_workouts import GarminExport, export_garmin
from coach.export.garmin_workouts import relevant as garmin_relevant
from coach.export.hevy_routines import HevyExport, export_hevy, relevant
from coach.export.plan import Action, Item, Result, plan_export
from coach.export.swim_csv import read_swim_csv
from coach.intake.garmin.sync import SOURCE as GARMIN_CREDENTIAL
from coach.intake.garmin.sync import save_tokens, stored_tokens
from coach.intake.hevy.sync import make_client, resolve_api_key

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
    rt = runtime()
    row = load_athlete(rt, athlete)
    today = local_today(rt.clock, row.timezone)
    with engine_for(rt) as engine:
        targets = [target] if target else linked_targets(rt, engine, row)
        document = export_all(rt, engine, row, targets, today, dry_run=dry_run)
    if as_json:
        emit_json(document)
    else:
        _show(document, dry_run)
    if any(entry.get("status") == "failed" for entries in document.values() for entry in entries):
        raise typer.Exit(FAILED_EXIT)


def export_all(
    rt: Runtime,
    engine: Engine,
    athlete: Athlete,
    targets: list[Target],
    today: date,
    *,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Every upcoming planned workout to each target; per target, what was (or would be) done."""
    document: dict[str, Any] = {}
    for each in targets:
        with database(rt) as session:
            items = plan_export(session, athlete, ExportTarget(each.value), today, date.max)
        if each is Target.HEVY:
            items = [i for i in items if relevant(i)]
        if each is Target.GARMIN:
            items = [i for i in items if garmin_relevant(i)]
        if dry_run:
            document[each.value] = [_item_document(i) for i in items]
        elif each is Target.HEVY:
            results = _to_hevy(rt, engine, athlete, items)
            document[each.value] = [_result_document(r) for r in results]
        elif each is Target.GARMIN:
            results = _to_garmin(rt, engine, athlete, items)
            document[each.value] = [_result_document(r) for r in results]
        elif each is Target.FIT:
            results = export_fit(
                engine,
                athlete,
                items,
                outbox(rt.settings.home),
                rt.clock,
                count_repeat_steps=rt.settings.fit_count_repeat_steps,
            )
            document[each.value] = [_result_document(r) for r in results]
        else:
            export_ics(engine, athlete, default_path(rt.settings.home), rt.clock, today)
            document[each.value] = [
                {
                    **_item_document(i),
                    "status": "unchanged" if i.action is Action.UNCHANGED else "written",
                }
                for i in items
            ]
    return document


def linked_targets(rt: Runtime, engine: Engine, athlete: Athlete) -> list[Target]:
    """FIT files and the calendar always; Garmin Connect and Hevy when linked."""
    targets = [Target.FIT, Target.ICS]
    with database(rt) as session:
        if has_credential(session, athlete.id, GARMIN_CREDENTIAL):
            targets.append(Target.GARMIN)
    try:
        resolve_api_key(engine, rt.settings, secret_cipher(rt.settings), athlete)
    except AuthError:
        return targets
    return [*targets, Target.HEVY]


def _to_garmin(rt: Runtime, engine: Engine, athlete: Athlete, items: list[Item]) -> list[Result]:
    cipher = secret_cipher(rt.settings)
    garmin = connect_with_tokens(
        stored_tokens(engine, cipher, athlete), rt.settings.garmin_retry_wait_s
    )
    thresholds: dict[date, Thresholds] = {}

    def thresholds_on(day: date) -> Thresholds:
        if day not in thresholds:
            with database(rt) as session:
                thresholds[day] = fit_thresholds(session, athlete, day)
        return thresholds[day]

    try:
        return export_garmin(engine, items, GarminExport(garmin, thresholds_on), rt.clock)
    finally:
        save_tokens(engine, cipher, athlete, tokens_of(garmin))


def _to_hevy(rt: Runtime, engine: Engine, athlete: Athlete, items: list[Item]) -> list[Result]:
    key = resolve_api_key(engine, rt.settings, secret_cipher(rt.settings), athlete)
    with make_client(rt.settings, key) as client:
        catalogue = load_catalogue(
            client,
            catalogue_path(rt.settings.home, athlete.id),
            rt.clock.now(),
            rt.settings.hevy_catalogue_max_age_days,
        )
        return export_hevy(engine, items, HevyExport(client, catalogue), rt.clock)


def _item_document(item: Item) -> dict[str, Any]:
    return {
        "action": item.action.value,
        "workout_uid": item.workout_uid,
        "planned_id": item.planned_id,
        "date": item.day.isoformat() if item.day else None,
        "workout": item.definition.name if item.definition else None,
        "external_id": item.external_id,
    }


def _result_document(result: Result) -> dict[str, Any]:
    return {
        **_item_document(result.item),
        "status": result.status.value if result.status else "unchanged",
        "external_id": result.external_id,
        "error": result.error,
    }


def _changed(entry: dict[str, Any], dry_run: bool) -> bool:
    """Whether the export did (or would do) something for the entry: a planned change, or a
    file written again where it was missing (a new folder)."""
    if dry_run:
        return bool(entry["action"] != Action.UNCHANGED.value)
    return entry.get("status") not in (None, "unchanged")


def _show(document: dict[str, Any], dry_run: bool) -> None:
    out = console()
    for target, entries in document.items():
        changed = [e for e in entries if _changed(e, dry_run)]
        rows = [
            (
                "write again" if e["action"] == Action.UNCHANGED.value else e["action"],
                e["date"] or "",
                e["workout"] or e["workout_uid"],
                e.get("status", ""),
            )
            for e in changed
        ]
        unchanged = len(entries) - len(changed)
        title = f"{target}: {'would ' if dry_run else ''}change {len(rows)}, unchanged {unchanged}"
        out.print(table(title, ["action", "date", "workout", "status"], rows))
        for entry in entries:
            if entry.get("error"):
                error_console().print(
                    marked(f"[red]failed[/red] {shown(entry['workout'])}: {shown(entry['error'])}")
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
    rt = runtime()
    row = load_athlete(rt, athlete)
    today = local_today(rt.clock, row.timezone)
    if week is not None and workout is not None:
        raise ValidationFailed("give --week or --workout, not both")
    start, end = today, date.max
    if week is not None:
        start = parse_date(week, "--week")
        start -= timedelta(days=start.weekday())
        end = start + timedelta(days=6)
    if workout is not None:
        start, end = date.min, date.max
    folder = out or outbox(rt.settings.home)
    with engine_for(rt) as engine:
        with database(rt) as session:
            items = plan_export(session, row, ExportTarget.FIT, start, end, only=workout)
        if workout is not None and not items:
            raise ValidationFailed(f"no current planned workout {workout}: see `coach status`")
        results = export_fit(
            engine, row, items, folder, rt.clock,
            count_repeat_steps=rt.settings.fit_count_repeat_steps,
        )  # fmt: skip
    document = [_result_document(r) for r in results]
    if as_json:
        emit_json(document)
    else:
        _show({f"FIT files in {folder}": document}, dry_run=False)
    if any(r.status is ExportStatus.FAILED for r in results):
        raise typer.Exit(FAILED_EXIT)


@app.command("ics")
def ics(
    out: Annotated[
        Path | None, typer.Option(help="File (default: COACH_HOME/outbox/coach.ics).")
    ] = None,
    athlete: AthleteOpt = None,
) -> None:
    """Write planned sessions (the last 4 weeks and everything ahead) as a calendar file."""
    rt = runtime()
    row = load_athlete(rt, athlete)
    path = out or default_path(rt.settings.home)
    with engine_for(rt) as engine:
        items = export_ics(engine, row, path, rt.clock, local_today(rt.clock, row.timezone))
    kept = sum(1 for i in items if i.action is not Action.REMOVE)
    success(f"wrote {kept} sessions to {path} (subscribe to it from a calendar app)")


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
    rt = runtime()
    row = load_athlete(rt, athlete)
    if pool is not None:
        length, unit = parse_pool(pool)
    else:
        profile = profile_of(row)
        length, unit = profile.pool_length, profile.pool_unit
    definition = read_swim_csv(path, name=name or path.stem, pool_length=length, pool_unit=unit)
    today = local_today(rt.clock, row.timezone)
    with database(rt) as session:
        thresholds = fit_thresholds(session, row, today)
    data = encode_workout(
        definition, thresholds, workout_uid=f"csv:{path.name}", created=rt.clock.now()
    )
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{path.stem}.fit"
    target.write_bytes(data)
    success(f"wrote {target} ({definition.distance_m():.0f} m, {len(data)} bytes)")


TARGET_NAMES = {
    "fit": "FIT workout files",
    "ics": "calendar",
    "garmin": "Garmin Connect",
    "hevy": "Hevy",
}


def export_after(rt: Runtime, athlete: Athlete) -> dict[str, Any]:
    """Export the changed plan at once; a failure never undoes the decision (it is reported, and
    `coach export` sends it later)."""
    today = local_today(rt.clock, athlete.timezone)
    try:
        with engine_for(rt) as engine:
            exported = export_all(rt, engine, athlete, linked_targets(rt, engine, athlete), today)
    except CoachError as exc:
        return {"exported": {}, "export_error": str(exc)}
    return {
        "exported": {
            t: [e for e in entries if e.get("status") not in (None, "unchanged")]
            for t, entries in exported.items()
        },
        "export_error": None,
    }


def print_exported(document: dict[str, Any]) -> None:
    sent: dict[str, list[Any]] = document["exported"]
    for target, entries in sent.items():
        if entries:
            console().print(f"{TARGET_NAMES.get(target, target)}: {len(entries)} changed")
    if document["export_error"]:
        error_console().print(
            marked(
                f"[yellow]export failed:[/yellow] {shown(document['export_error'])} "
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
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        today = local_today(rt.clock, row.timezone)
        folder = out or Path(f"coach-export-{_slug(row.name)}-{today}")
        document = gather(session, row, rt.clock.now())
    counts = write(document, folder)
    if as_json:
        emit_json({"folder": str(folder), "rows": counts})
        return
    console().print(
        table(
            f"Everything of {row.name}, in {folder}",
            ["table", "rows"],
            [(name, count) for name, count in counts.items()],
        )
    )
    success(f"wrote {folder / JSON_NAME} and {len(CSV_TABLES)} CSV files")


def _slug(name: str) -> str:
    kept = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return kept or "athlete"
