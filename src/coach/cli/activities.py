"""``coach activities list | show``: what was done, with laps, swim lengths and strength sets."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.text import Text

from coach.cli.context import LOCAL, runtime
from coach.cli.options import (
    AthleteOpt,
    JsonOpt,
    YesOpt,
    confirm,
    parse_clock,
    parse_date,
)
from coach.cli.output import console, emit_json, marked, shown, success, table
from coach.domain.errors import ValidationFailed
from coach.domain.manual import ActivityChanges
from coach.domain.plausibility import MAX_DURATION_S
from coach.domain.sport import Sport
from coach.domain.units import (
    M_PER_YD,
    Dimension,
    UnitSystem,
    format_distance_m,
    format_duration_s,
    format_quantity,
    parse_distance_m,
    parse_duration_s,
)
from coach.services import activities as service
from coach.services.athletes import find_athlete

app = typer.Typer(help="Inspect imported activities.", no_args_is_help=True)


@app.command("list")
def list_command(
    athlete: AthleteOpt = None,
    since: Annotated[str | None, typer.Option(help="From this date, YYYY-MM-DD.")] = None,
    sport: Annotated[str | None, typer.Option(help="Only this sport, e.g. swim, run.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List activities, oldest first."""
    page = service.list_activities(
        runtime(),
        LOCAL,
        athlete,
        sport=sport,
        since=parse_date(since, "--since") if since else None,
    )
    system = UnitSystem(page.athlete.unit_system)
    documents = [activity.model_dump(mode="json") for activity in page.activities]
    if as_json:
        emit_json(documents)
        return
    console().print(
        table(
            "Activities",
            ["id", "date", "sport", "source", "duration", "distance", "avg HR", "load", ""],
            [
                (
                    d["id"],
                    d["date"],
                    d["sport"],
                    d["source"],
                    format_duration_s(d["duration_s"]),
                    format_distance(d["distance_m"], system),
                    _rounded(d["avg_hr_bpm"]),
                    f"{d['load_tss']:.0f} {d['load_method']}" if d["load_tss"] is not None else "",
                    "partial" if d["partial"] else "",
                )
                for d in documents
            ],
        )
    )


def format_distance(distance_m: float | None, system: UnitSystem) -> str:
    return format_distance_m(distance_m, system) if distance_m else ""


def _rounded(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


@app.command("show")
def show(
    activity_id: Annotated[int, typer.Argument(help="Activity id, from `coach activities list`.")],
    athlete: AthleteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one activity with its laps, swim lengths and strength sets."""
    rt = runtime()
    system = UnitSystem(find_athlete(rt, LOCAL, athlete).unit_system)
    document = service.get_activity(rt, LOCAL, athlete, activity_id).model_dump(mode="json")
    if as_json:
        emit_json(document)
        return
    out = console()
    out.print(
        marked(
            f"[bold]{shown(document['sport'])}[/bold] on {document['date']} "
            f"({document['start_time']}), {format_duration_s(document['duration_s'])}, "
            f"{format_distance(document['distance_m'], system)}"
            + (" [yellow]partial[/yellow]" if document["partial"] else "")
        )
    )
    if document["name"]:
        out.print(document["name"])
    for label in ("note", "description"):  # what the athlete wrote, as written
        if document["details"].get(label):
            out.print(f"{label}: {document['details'][label]}")
    if document["load_tss"] is not None:
        out.print(
            f"load {document['load_tss']:.0f} ({document['load_method']}), source "
            f"{document['source']}"
            + (
                f", planned workout {document['planned_workout_id']}"
                if document["planned_workout_id"]
                else ""
            )
        )
        basis = load_basis(document)
        if basis:
            out.print(basis)
    swim = document["details"].get("swim")
    if swim:
        best = swim.get("fastest_100")
        fastest = (
            f", fastest 100 {swim['pool_unit']} "
            f"{format_quantity(best['seconds'], Dimension.DURATION)}"
            if best
            else ""
        )
        out.print(
            f"pool {swim['pool_length']:g} {swim['pool_unit']}, "
            f"{swim['active_lengths']} active lengths, SWOLF {swim['avg_swolf']}{fastest}"
        )
    if document["laps"]:
        out.print(
            table(
                "Laps",
                ["#", "time", "distance", "avg HR", "stroke"],
                [
                    (
                        lap["index"] + 1,
                        format_duration_s(lap["duration_s"]),
                        format_distance(lap["distance_m"], system),
                        _rounded(lap["avg_hr_bpm"]),
                        lap["swim_stroke"] or "",
                    )
                    for lap in document["laps"]
                ],
            )
        )
    if document["swim_lengths"]:
        out.print(
            table(
                "Lengths",
                ["#", "time", "stroke", "strokes", "SWOLF", ""],
                [
                    (
                        length["index"] + 1,
                        format_quantity(length["duration_s"], Dimension.DURATION),
                        length["stroke"] or "",
                        length["strokes"],
                        length["swolf"],
                        "" if length["active"] else "rest",
                    )
                    for length in document["swim_lengths"]
                ],
            )
        )
    if document["strength_sets"]:
        out.print(
            table(
                "Sets",
                ["#", "exercise", "kind", "reps", "weight", "time", "RPE", ""],
                [
                    (
                        s["index"] + 1,
                        s["exercise"],
                        "" if s["kind"] == "normal" else s["kind"],
                        s["reps"],
                        format_quantity(s["weight_kg"], Dimension.MASS, system)
                        if s["weight_kg"]
                        else "",
                        format_duration_s(s["duration_s"]) if s["duration_s"] else "",
                        s["rpe"] if s["rpe"] is not None else "",
                        _set_note(s),
                    )
                    for s in document["strength_sets"]
                ],
            )
        )


THRESHOLDS_OF_METHOD = {
    "power_tss": ("ftp_w",),
    "pace_rtss": ("threshold_pace_s_per_km",),
    "swim_stss": ("css_s_per_100m",),
    "hr_tss": ("lthr_bpm", "max_hr_bpm", "resting_hr_bpm"),
}
THRESHOLD_WORDS = {
    "ftp_w": "FTP",
    "threshold_pace_s_per_km": "threshold pace",
    "css_s_per_100m": "CSS",
    "lthr_bpm": "threshold heart rate",
    "max_hr_bpm": "maximum heart rate",
    "resting_hr_bpm": "resting heart rate",
}


def load_basis(document: dict[str, Any]) -> str:
    """Which thresholds behind the load are estimates, said so (empty when all are measured):
    a swim's CSS taken from its own fastest 100, or a population estimate to replace with a
    test (`coach log test`)."""
    load = (document["details"] or {}).get("load") or {}
    used = THRESHOLDS_OF_METHOD.get(document["load_method"] or "", ())
    estimated = [name for name in load.get("estimated_thresholds") or [] if name in used]
    parts = []
    if document["load_method"] == "swim_stss" and load.get("css_s_per_100m"):
        yards = ((document["details"] or {}).get("swim") or {}).get("pool_unit") == "yd"
        per_100 = load["css_s_per_100m"] * (M_PER_YD if yards else 1.0)
        pace = format_quantity(per_100, Dimension.DURATION)
        unit = "yd" if yards else "m"
        parts.append(
            f"CSS estimated from this swim's fastest 100 ({pace} per 100 {unit}, the 100's "
            "pace x 1.10)"
        )
    words = [THRESHOLD_WORDS[name] for name in estimated]
    if words:
        parts.append(f"{', '.join(words)} estimated, not measured (`coach log test` measures it)")
    return "; ".join(parts)


def _set_note(item: dict[str, Any]) -> str | Text:
    if item["replaces"]:
        return f"instead of {item['replaces']}"
    if item["exercise_id"] is None:
        return marked("[dim]not in library[/dim]")
    return ""


ActivityId = Annotated[int, typer.Argument(help="Activity id, from `coach activities list`.")]


@app.command("edit")
def edit_command(
    activity_id: ActivityId,
    athlete: AthleteOpt = None,
    sport: Annotated[Sport | None, typer.Option(help="The right sport.")] = None,
    name: Annotated[str | None, typer.Option(help="A title.")] = None,
    when: Annotated[str | None, typer.Option("--date", help="The right day, YYYY-MM-DD.")] = None,
    at: Annotated[str | None, typer.Option("--time", help="The right start, HH:MM local.")] = None,
    duration: Annotated[str | None, typer.Option(help="The right duration, e.g. 45min.")] = None,
    distance: Annotated[str | None, typer.Option(help="The right distance, e.g. 5km.")] = None,
    rpe: Annotated[
        float | None, typer.Option(min=1, max=10, help="How hard it felt, 1-10.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note (empty: none).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Correct an activity (its load is computed again); the change is kept in the audit log."""
    rt = runtime()
    row = find_athlete(rt, LOCAL, athlete)
    system = UnitSystem(row.unit_system)
    changes = ActivityChanges(
        sport=sport.value if sport else None,
        name=name,
        day=parse_date(when, "--date") if when else None,
        start=parse_clock(at, "--time") if at else None,
        duration_s=_duration(duration) if duration else None,
        distance_m=parse_distance_m(distance, system) if distance else None,
        rpe=rpe,
        note=note,
    )
    corrected = service.edit_activity(rt, LOCAL, row.id, activity_id, changes)
    document = corrected.model_dump(mode="json")
    if as_json:
        emit_json(document)
        return
    load = f"; load {document['load_tss']:.0f}" if document["load_tss"] is not None else ""
    success(f"activity {activity_id} corrected{load}")


@app.command("delete")
def delete_command(
    activity_id: ActivityId, athlete: AthleteOpt = None, yes: YesOpt = False
) -> None:
    """Delete an activity: gone from every analysis, and a sync or re-import does not bring it
    back (`coach activities restore` does)."""
    rt = runtime()
    found = service.get_activity(rt, LOCAL, athlete, activity_id)
    what = f"{found.sport} of {found.date}"
    confirm(f"delete activity {activity_id} ({what})", yes)
    service.delete_activity(rt, LOCAL, athlete, activity_id)
    success(f"deleted activity {activity_id} ({what}); `coach activities restore` undoes it")


@app.command("restore")
def restore_command(activity_id: ActivityId, athlete: AthleteOpt = None) -> None:
    """Bring back a deleted activity."""
    restored = service.restore_activity(runtime(), LOCAL, athlete, activity_id)
    what = f"{restored.sport} of {restored.date}"
    success(f"restored activity {activity_id} ({what})")


def _duration(text: str) -> float:
    seconds = parse_duration_s(text)
    if not 60 <= seconds <= MAX_DURATION_S:
        raise ValidationFailed(f"duration {text!r} must be between 1 min and 36 h")
    return seconds
