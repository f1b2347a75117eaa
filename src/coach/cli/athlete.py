"""``coach init`` and ``coach athlete show | list | set``."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import Annotated, Any

import typer
import tzlocal
from rich.panel import Panel

from coach.cli.context import LOCAL, runtime
from coach.cli.options import (
    AthleteOpt,
    BirthYearOpt,
    BodyFatOpt,
    CssOpt,
    EmailOpt,
    FtpOpt,
    HeightOpt,
    JsonOpt,
    LthrOpt,
    MaxHrOpt,
    NameOpt,
    PoolOpt,
    QuietHoursOpt,
    RemindBeforeOpt,
    RestingHrOpt,
    SexOpt,
    ThresholdPaceOpt,
    TimezoneOpt,
    UnitsOpt,
    Vo2MaxOpt,
    WeightOpt,
    parse_date,
    parse_pool,
    profile_changes,
)
from coach.cli.output import console, emit_json, error_console, marked, shown, success, table
from coach.domain.athlete import (
    check_timezone,
    default_availability,
    validate_profile,
)
from coach.domain.clock import local_today
from coach.domain.errors import ValidationFailed
from coach.domain.goals import default_goals
from coach.domain.units import (
    Dimension,
    UnitSystem,
    parse_quantity,
    parse_unit_system,
)
from coach.insights.physiology import PHYSIOLOGY_DISPLAY, physiology_value
from coach.services import athletes as service

app = typer.Typer(help="Show and change the athlete profile.", no_args_is_help=True)


def system_timezone() -> str:
    """The machine's IANA timezone, or UTC when it cannot be told."""
    try:
        return check_timezone(str(tzlocal.get_localzone_name() or "UTC"))
    except Exception:
        return "UTC"


def init(
    name: NameOpt = None,
    email: EmailOpt = None,
    timezone: TimezoneOpt = None,
    birth_year: BirthYearOpt = None,
    sex: SexOpt = None,
    weight: WeightOpt = None,
    height: HeightOpt = None,
    resting_hr: RestingHrOpt = None,
    max_hr: MaxHrOpt = None,
    lthr: LthrOpt = None,
    ftp: FtpOpt = None,
    threshold_pace: ThresholdPaceOpt = None,
    css: CssOpt = None,
    body_fat: BodyFatOpt = None,
    vo2_max: Vo2MaxOpt = None,
    units: UnitsOpt = None,
    pool: PoolOpt = None,
    default_goal_set: Annotated[
        bool,
        typer.Option("--default-goals/--no-default-goals", help="Start with the default goals."),
    ] = True,
    default_windows: Annotated[
        bool,
        typer.Option(
            "--default-availability/--no-default-availability",
            help="Start with the default availability windows.",
        ),
    ] = True,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ask nothing; use the flags and the defaults.")
    ] = False,
) -> None:
    """Create an athlete: the profile, the default goal set and convenient training times."""
    rt = runtime()
    if not no_input:
        name = name or _ask("Name", _default_name(), _named)
        timezone = timezone or _ask("Timezone (IANA)", system_timezone(), check_timezone)
        units = units or _ask("Units (metric/imperial)", "metric", parse_unit_system)
        pool = pool or _ask("Usual pool (25yd, 25m, 50m)", "25yd", _pool_text)
        this_year = rt.clock.now().year
        birth_year = birth_year or _ask(
            "Birth year (blank: unknown)", "", lambda text: _birth_year(text, this_year)
        )
        weight = weight or _ask("Weight, e.g. 80kg (blank: unknown)", "", _weight_text)
        default_goal_set = typer.confirm(
            "Start with the default goals (14 % body fat, VO2 max up, explosive and flexible, "
            "faster 100 yd freestyle, 3-5 h a week)?",
            default=default_goal_set,
        )
        default_windows = typer.confirm(
            "Start with the default training times (early weekday mornings, Saturday 9-11)?",
            default=default_windows,
        )
    fields = profile_changes(
        units or UnitSystem.METRIC,
        name=name or _default_name(),
        email=email,
        timezone=timezone or system_timezone(),
        birth_year=birth_year,
        sex=sex,
        weight=weight,
        height=height,
        resting_hr=resting_hr,
        max_hr=max_hr,
        lthr=lthr,
        ftp=ftp,
        threshold_pace=threshold_pace,
        css=css,
        body_fat=body_fat,
        vo2_max=vo2_max,
        units=units,
        pool=pool,
    )
    profile = validate_profile(fields)
    created = service.create_athlete(
        rt,
        LOCAL,
        profile,
        goals=default_goals() if default_goal_set else [],
        windows=default_availability() if default_windows else [],
    )
    goals, windows = created.goals, created.windows
    success(f"created athlete {profile.name!r} with {goals} goals and {windows} training windows")
    console().print("Next: `coach athlete show`, `coach goals list`, `coach availability list`.")


def _default_name() -> str:
    try:
        return getpass.getuser() or "athlete"
    except Exception:
        return "athlete"


def _ask[T](question: str, default: str, read: Callable[[str], T]) -> T:
    """Ask until the answer reads: a wrong time zone or year is said at once, one line, and
    asked again — never found out after every other question."""
    while True:
        answer = typer.prompt(question, default=default, show_default=bool(default))
        try:
            return read(answer.strip())
        except (ValidationFailed, ValueError) as exc:
            error_console().print(marked(f"[yellow]{shown(exc)}[/yellow]"))


def _named(text: str) -> str:
    if not text:
        raise ValidationFailed("a name cannot be blank")
    return text


def _pool_text(text: str) -> str:
    parse_pool(text)
    return text


def _birth_year(text: str, this_year: int) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise ValidationFailed(f"{text!r} is not a year, e.g. 1985")
    year = int(text)
    if not this_year - 110 <= year <= this_year - 5:
        raise ValidationFailed(
            f"{year}: a birth year between {this_year - 110} and {this_year - 5}"
        )
    return year


def _weight_text(text: str) -> str | None:
    if not text:
        return None
    parse_quantity(text, Dimension.MASS, UnitSystem.METRIC)
    return text


@app.command("list")
def list_command(as_json: JsonOpt = False) -> None:
    """List every athlete."""
    found = service.list_athletes(runtime(), LOCAL)
    if as_json:
        emit_json([a.model_dump(mode="json") for a in found])
        return
    rows = [(a.id, a.name, a.timezone, a.goals) for a in found]
    console().print(table("Athletes", ["id", "name", "timezone", "goals"], rows))


@app.command("show")
def show(athlete: AthleteOpt = None, as_json: JsonOpt = False) -> None:
    """Show the profile and the thresholds in use (measured or estimated, and how)."""
    document = service.get_athlete(runtime(), LOCAL, athlete).model_dump(mode="json")
    if as_json:
        emit_json(document)
        return
    render_profile(document)


def render_profile(document: dict[str, Any]) -> None:
    system = UnitSystem(document["unit_system"])
    out = console()
    lines = [
        f"[bold]{shown(document['name'])}[/bold]  (id {document['id']})",
        f"timezone {document['timezone']} · units {system.value} · pool "
        f"{document['pool_length']:g} {document['pool_unit']}",
    ]
    if document["email"]:
        lines.append(f"e-mail {shown(document['email'])}")
    if document["current_body_fat"] is not None:
        lines.append(f"body fat {document['current_body_fat']:.1f} %")
    if document["vo2_max"] is not None:
        lines.append(f"VO2 max {document['vo2_max']:.1f} ml/kg/min")
    lines.append(reminder_line(document))
    out.print(Panel(marked("\n".join(lines)), title="Athlete", expand=False))
    rows = []
    for key, (label, _) in PHYSIOLOGY_DISPLAY.items():
        estimate = document["physiology"][key]
        value = physiology_value(key, estimate["value"], system)
        source = (
            "measured"
            if estimate["measured"]
            else marked(f"[yellow]estimated[/yellow] ({shown(estimate['method'])})")
        )
        rows.append((label, value, source))
    out.print(table("Physiology", ["", "value", "source"], rows))


def reminder_line(document: dict[str, Any]) -> str:
    """How reminders reach the athlete, in a sentence."""
    before = document["remind_before_min"]
    said = f"reminders {before} min before a session" if before else "no session reminders"
    if document["quiet_from"] is None:
        return f"{said} · no quiet hours"
    return f"{said} · quiet {document['quiet_from']}-{document['quiet_until']}"


@app.command("set")
def set_command(
    athlete: AthleteOpt = None,
    name: NameOpt = None,
    email: EmailOpt = None,
    timezone: TimezoneOpt = None,
    birth_year: BirthYearOpt = None,
    sex: SexOpt = None,
    weight: WeightOpt = None,
    height: HeightOpt = None,
    resting_hr: RestingHrOpt = None,
    max_hr: MaxHrOpt = None,
    lthr: LthrOpt = None,
    ftp: FtpOpt = None,
    threshold_pace: ThresholdPaceOpt = None,
    css: CssOpt = None,
    body_fat: BodyFatOpt = None,
    vo2_max: Vo2MaxOpt = None,
    units: UnitsOpt = None,
    pool: PoolOpt = None,
    remind_before: RemindBeforeOpt = None,
    quiet_hours: QuietHoursOpt = None,
    effective: Annotated[
        str | None,
        typer.Option(help="Date the new values took effect, YYYY-MM-DD (default: today)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Change profile fields; physiology changes are kept as dated history."""
    rt = runtime()
    row = service.find_athlete(rt, LOCAL, athlete)
    changes = profile_changes(
        UnitSystem(row.unit_system),
        name=name,
        email=email,
        timezone=timezone,
        birth_year=birth_year,
        sex=sex,
        weight=weight,
        height=height,
        resting_hr=resting_hr,
        max_hr=max_hr,
        lthr=lthr,
        ftp=ftp,
        threshold_pace=threshold_pace,
        css=css,
        body_fat=body_fat,
        vo2_max=vo2_max,
        units=units,
        pool=pool,
        remind_before=remind_before,
        quiet=quiet_hours,
    )
    if not changes:
        raise ValidationFailed("nothing to change: give at least one option (see --help)")
    today = local_today(rt.clock, row.timezone)
    on = (
        parse_date(
            effective,
            "--effective",
            today=today,
            why="a value counts from the day it was measured: set it on that day",
        )
        if effective
        else today
    )
    changed = service.update_athlete(rt, LOCAL, row.id, changes, on)
    diff, document = changed.changed, changed.athlete.model_dump(mode="json")
    if as_json:
        emit_json(changed.model_dump(mode="json"))
        return
    if diff:
        success(f"updated {', '.join(sorted(diff))}")
    else:
        console().print("nothing changed: the profile already had those values")
    render_profile(document)


@app.command("delete")
def delete_command(
    athlete: Annotated[str, typer.Argument(help="The athlete's name or id.")],
    yes: Annotated[
        bool,
        typer.Option("--yes", help="Without asking (scripts): the name must still be given."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Delete an athlete and everything coach keeps of them: every row (their audit entries
    too) and their folder of files. Irreversible: `coach export-data` first keeps a copy."""
    import sys

    rt = runtime()
    row = service.find_athlete(rt, LOCAL, athlete)
    if not yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise ValidationFailed(
                f"deleting {row.name} and all their data: add --yes (there is no terminal to ask)"
            )
        typed = typer.prompt(f"Type {row.name!r} to delete them and all their data")
    else:
        typed = row.name
    done = service.delete_athlete(rt, LOCAL, row.id, confirm=typed)
    if as_json:
        emit_json(done.model_dump(mode="json"))
        return
    success(f"deleted {done.athlete}: {done.rows:,} rows and {done.files:,} files")
