"""``coach status``, ``coach progress GOAL`` and ``coach load``: where the athlete stands."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli.chart import chart
from coach.cli.context import LOCAL, runtime
from coach.cli.options import AthleteOpt, JsonOpt, parse_date
from coach.cli.output import console, emit_json, marked, shown, table
from coach.domain.metrics import METRIC_SPECS, MetricType
from coach.domain.units import Dimension, UnitSystem, format_duration_s, format_quantity
from coach.domain.words import rate, split_round
from coach.services import status as service
from coach.services.athletes import find_athlete
from coach.services.schemas import ComparedWorkout, GoalProgressOut, LoadStateOut, StatusOut

BAND_COLOURS = {"green": "green", "yellow": "yellow", "red": "red", "pending": "dim"}
STATUS_COLOURS = {"on track": "green", "at risk": "yellow", "off track": "red", "no data": "dim"}


def _state_line(state: LoadStateOut | None) -> str:
    if state is None:
        return "No training load yet."
    line = (
        f"Fitness {state.fitness_ctl:.0f}, fatigue {state.fatigue_atl:.0f}, "
        f"form {round(state.form):+d} (this morning)"
        + (f", ramp {state.ramp_per_week:+.1f}/week" if state.ramp_per_week is not None else "")
    )
    flags = "; ".join(state.flags)
    return line + (f"\n[yellow]Flags:[/yellow] {shown(flags)}" if flags else "")


def load(
    athlete: AthleteOpt = None,
    days: Annotated[int, typer.Option(min=1, max=3660, help="How many days to show.")] = 28,
    as_json: JsonOpt = False,
) -> None:
    """Daily training load by sport, with fitness (CTL), fatigue (ATL) and form (TSB)."""
    report = service.load_series(runtime(), LOCAL, athlete, days)
    documents = [d.model_dump(mode="json") for d in report.days]
    if as_json:
        emit_json(report.model_dump(mode="json"))
        return
    rows = [
        (
            d["date"],
            f"{d['load']:.0f}" if d["load"] else "",
            ", ".join(f"{k} {v:.0f}" for k, v in d["by_sport"].items()),
            f"{d['ctl']:.1f}",
            f"{d['atl']:.1f}",
            f"{d['form']:+.1f}",
        )
        for d in documents
    ]
    out = console()
    out.print(table("Training load", ["date", "load", "by sport", "CTL", "ATL", "form"], rows))
    out.print(marked(_state_line(report.state)))
    if report.activities_without_load:
        out.print(
            marked(
                f"[dim]{report.activities_without_load} activities have no load "
                "(no HR, power, pace or RPE)[/dim]"
            )
        )


def _dimension(progress: GoalProgressOut) -> Dimension:
    return METRIC_SPECS[MetricType(progress.metric)].dimension


def _value(progress: GoalProgressOut, value: float | None, system: UnitSystem) -> str:
    if value is None:
        return ""
    return format_quantity(value, _dimension(progress), system)


def _rate(
    progress: GoalProgressOut, value: float | None, system: UnitSystem, per: str = "week"
) -> str:
    return "" if value is None else rate(value, _dimension(progress), system, per)


def status(
    athlete: AthleteOpt = None,
    week: Annotated[
        str | None, typer.Option(help="Any date in the week to show, YYYY-MM-DD (default: today).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """This week's plan against what was done, form, and every goal's status on one screen."""
    report = service.status(runtime(), LOCAL, athlete, parse_date(week, "--week") if week else None)
    if as_json:
        emit_json(report.model_dump(mode="json", exclude={"athlete"}))
        return
    _print_status(report, UnitSystem(report.athlete.unit_system))


def _note(c: ComparedWorkout) -> str:
    """Why a session was missed (the reason and the athlete's words), or a manual link."""
    from coach.insights.review import REASON_WORDS

    why = REASON_WORDS.get(c.reason_kind or "", "") if c.activity_id is None else ""
    text = " — ".join(part for part in (why, c.reason or "") if part)
    return text or ("manual link" if c.manual_link else "")


def _print_status(report: StatusOut, system: UnitSystem) -> None:
    out = console()
    rows: list[tuple[object, ...]] = []
    for c in report.workouts:
        colour = BAND_COLOURS[c.band]
        done = format_duration_s(c.actual_s) if c.actual_s is not None else ""
        rows.append(
            (
                c.date.strftime("%a %d"),
                c.name or c.sport,
                format_duration_s(c.planned_s),
                done,
                marked(f"[{colour}]{c.band}[/{colour}]"),
                _note(c),
            )
        )
    for a in report.unplanned:
        rows.append(
            (
                a.date.strftime("%a %d"),
                f"{a.sport} (unplanned)",
                "",
                format_duration_s(a.seconds),
                "",
                "",
            )
        )
    title = f"Week of {report.week:%d %b %Y}"
    out.print(table(title, ["day", "workout", "planned", "done", "", "note"], rows))
    for label, p, span in (
        ("This week", report.this_week, "for the week"),
        ("Last 7 days", report.last_7_days, "for those days"),
    ):
        adherence = "no sessions due" if p.adherence_pct is None else f"{p.adherence_pct:.0f} %"
        total, (matched, unplanned) = split_round(p.actual_h, [p.matched_h, p.unplanned_h])
        out.print(
            f"{label}: adherence {adherence}; {total:.1f} h done ({matched:.1f} h in planned "
            f"sessions, {unplanned:.1f} h unplanned); {p.planned_h:.1f} h planned {span}"
        )
    if report.data_gap is not None:
        gap = report.data_gap
        out.print(
            marked(
                f"[yellow]No data since {gap.since:%a %d %b}:[/yellow] {gap.sessions_due} planned "
                "sessions are not judged until you sync or log them"
            )
        )
    if report.recovery.back_to_back:
        out.print(
            marked(
                f"[yellow]{report.recovery.back_to_back} times hard sessions on consecutive "
                "days[/yellow] in the last 4 weeks"
            )
        )
    for pattern in report.patterns:
        out.print(
            marked(
                f"[yellow]Pattern:[/yellow] {shown(pattern.value)} workouts missed "
                f"{pattern.missed} of {pattern.planned} times in the last 4 weeks"
            )
        )
    out.print(marked(_state_line(report.load)))
    goal_rows: list[tuple[object, ...]] = []
    for progress in report.goals:
        colour = STATUS_COLOURS[progress.status]
        goal_rows.append(
            (
                progress.id,
                progress.title,
                _value(progress, progress.current, system),
                _value(progress, progress.target, system),
                _rate(progress, progress.per_week, system),
                marked(f"[{colour}]{progress.status}[/{colour}]"),
                progress.why,
            )
        )
    out.print(
        table(
            "Goals, furthest behind first",
            ["id", "goal", "now", "target", "per week", "status", "why"],
            goal_rows,
        )
    )


def progress(
    goal: Annotated[str, typer.Argument(help="Goal id or kind (e.g. body_fat, swim_100yd_free).")],
    athlete: AthleteOpt = None,
    since: Annotated[str | None, typer.Option(help="Show readings from this date.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """One goal's trend: current value, rate per week and month, status, and a chart."""
    rt = runtime()
    result = service.progress(
        rt, LOCAL, athlete, goal, parse_date(since, "--since") if since else None
    )
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    system = UnitSystem(find_athlete(rt, LOCAL, athlete).unit_system)
    readings = [(point.date, point.value) for point in result.series]
    out = console()
    colour = STATUS_COLOURS[result.status]
    out.print(
        marked(
            f"[bold]{shown(result.title)}[/bold]: [{colour}]{result.status}"
            f"[/{colour}] — {shown(result.why)}"
        )
    )
    facts = [
        (
            "now",
            _value(result, result.current, system)
            + (f" ({result.current_date})" if result.current_date else ""),
        ),
        ("trend", _value(result, result.trend, system)),
        ("per week", _rate(result, result.per_week, system)),
        ("per month", _rate(result, result.per_month, system, "month")),
        ("needed per week", _rate(result, result.needed_per_week, system)),
        ("target", _value(result, result.target, system)),
        ("deadline", str(result.deadline or "")),
        ("projected", str(result.projected_date or "")),
        ("readings", str(result.readings)),
    ]
    out.print(table(None, ["", ""], [f for f in facts if f[1]]))
    for line in chart(readings, lambda v: _value(result, v, system), target=result.target):
        out.print(line)
    for key, value in result.extras.items():
        out.print(marked(f"[dim]{shown(key)}:[/dim] {shown(value)}"))
