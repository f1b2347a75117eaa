"""``coach status``, ``coach progress GOAL`` and ``coach load``: where the athlete stands."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

import typer

from coach.analysis.compare import Band, Miss, week_start
from coach.analysis.pmc import LoadState, LoadThresholds
from coach.analysis.progress import GoalProgress
from coach.cli.chart import chart
from coach.cli.context import database, runtime
from coach.cli.options import AthleteOpt, JsonOpt, parse_date
from coach.cli.output import console, emit_json, marked, shown, table
from coach.config import Settings
from coach.db.repo.athletes import resolve_athlete
from coach.domain.clock import local_today
from coach.domain.units import UnitSystem, format_duration_s, format_quantity
from coach.domain.words import rate, split_round
from coach.insights.goals import describe
from coach.insights.review import REASON_WORDS
from coach.review.reports import load_report, progress_report, status_report

BAND_COLOURS = {Band.GREEN: "green", Band.YELLOW: "yellow", Band.RED: "red", Band.PENDING: "dim"}
STATUS_COLOURS = {"on track": "green", "at risk": "yellow", "off track": "red", "no data": "dim"}


def thresholds(settings: Settings) -> LoadThresholds:
    return LoadThresholds(
        form_low=settings.form_low,
        form_low_days=settings.form_low_days,
        ramp_high=settings.ramp_high_per_week,
        monotony_high=settings.monotony_high,
        strain_high=settings.strain_high,
        acwr_high=settings.acwr_high,
    )


def _state_document(state: LoadState | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {
        "day": state.day.isoformat(),
        "fitness_ctl": round(state.ctl, 1),
        "fatigue_atl": round(state.atl, 1),
        "form": round(state.form, 1),
        "form_is": "morning form: CTL - ATL at the end of the day before",
        "ramp_per_week": None if state.ramp is None else round(state.ramp, 1),
        "monotony": None if state.monotony is None else round(state.monotony, 2),
        "strain": None if state.strain is None else round(state.strain),
        "acwr": None if state.acwr is None else round(state.acwr, 2),
        "flags": list(state.flags),
    }


def _state_line(state: LoadState | None) -> str:
    if state is None:
        return "No training load yet."
    line = (
        f"Fitness {state.ctl:.0f}, fatigue {state.atl:.0f}, "
        f"form {round(state.form):+d} (this morning)"
        + (f", ramp {state.ramp:+.1f}/week" if state.ramp is not None else "")
    )
    flags = "; ".join(state.flags)
    return line + (f"\n[yellow]Flags:[/yellow] {shown(flags)}" if flags else "")


def load(
    athlete: AthleteOpt = None,
    days: Annotated[int, typer.Option(min=1, max=3660, help="How many days to show.")] = 28,
    as_json: JsonOpt = False,
) -> None:
    """Daily training load by sport, with fitness (CTL), fatigue (ATL) and form (TSB)."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        today = local_today(rt.clock, row.timezone)
        report = load_report(session, row, today, days, thresholds(rt.settings))
    documents: list[dict[str, Any]] = [
        {
            "date": d.day.isoformat(),
            "load": round(d.load, 1),
            "by_sport": {k: round(v, 1) for k, v in report.by_sport.get(d.day, {}).items()},
            "ctl": round(d.ctl, 1),
            "atl": round(d.atl, 1),
            "form": round(d.form, 1),
        }
        for d in report.days
    ]
    if as_json:
        emit_json(
            {
                "days": documents,
                "state": _state_document(report.state),
                "activities_without_load": report.unknown_load,
            }
        )
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
    if report.unknown_load:
        out.print(
            marked(
                f"[dim]{report.unknown_load} activities have no load "
                "(no HR, power, pace or RPE)[/dim]"
            )
        )


def _goal_document(progress: GoalProgress, goal_id: int, system: UnitSystem) -> dict[str, Any]:
    return {
        "id": goal_id,
        "kind": progress.goal.kind.value,
        "title": progress.goal.title,
        "status": progress.status.value,
        "behind": round(progress.behind, 2),
        "current": progress.current,
        "current_date": progress.current_date.isoformat() if progress.current_date else None,
        "trend": progress.trend,
        "per_week": progress.per_week,
        "per_month": progress.per_month,
        "needed_per_week": progress.needed_per_week,
        "target": progress.goal.target_value,
        "target_max": progress.goal.target_max,
        "deadline": progress.goal.deadline.isoformat() if progress.goal.deadline else None,
        "projected_date": progress.projected_date.isoformat() if progress.projected_date else None,
        "readings": progress.readings,
        "reason": progress.reason.value,
        "why": describe(progress, system),
        "extras": progress.extras,
    }


def _value(progress: GoalProgress, value: float | None, system: UnitSystem) -> str:
    if value is None:
        return ""
    return format_quantity(value, progress.goal.dimension, system)


def _rate(
    progress: GoalProgress, value: float | None, system: UnitSystem, per: str = "week"
) -> str:
    return "" if value is None else rate(value, progress.goal.dimension, system, per)


def status(
    athlete: AthleteOpt = None,
    week: Annotated[
        str | None, typer.Option(help="Any date in the week to show, YYYY-MM-DD (default: today).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """This week's plan against what was done, form, and every goal's status on one screen."""
    rt = runtime()
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        system = UnitSystem(row.unit_system)
        today = local_today(rt.clock, row.timezone)
        monday = week_start(parse_date(week, "--week") if week else today)
        report = status_report(session, row, monday, today, thresholds(rt.settings))
    week_items = [
        c for c in report.comparison.workouts if monday <= c.planned.day <= monday + timedelta(6)
    ]
    extra = [a for a in report.comparison.unplanned if monday <= a.day <= monday + timedelta(6)]
    if as_json:
        emit_json(_status_document(report, week_items, extra, system))
        return
    _print_status(report, week_items, extra, system)


def _period_document(p: Any) -> dict[str, Any]:
    return {
        "from": p.start.isoformat(),
        "to": p.end.isoformat(),
        "adherence_pct": None if p.adherence_pct is None else round(p.adherence_pct, 1),
        "planned_h": round(p.planned_h, 2),
        "actual_h": round(p.actual_h, 2),
        "unplanned_h": round(p.unplanned_h, 2),
        "planned_load": p.planned_load,
        "actual_load": None if p.actual_load is None else round(p.actual_load, 1),
        "hours_by_sport": {k: round(v, 2) for k, v in p.hours_by_sport.items()},
        "sessions_by_sport": p.sessions_by_sport,
        "workouts_due": p.workouts,
        "completed": p.completed,
        "missed": [_miss_document(m) for m in p.missed],
        "excused": [_miss_document(m) for m in p.excused],
        "without_data": p.unknown,
    }


def _miss_document(miss: Miss) -> dict[str, Any]:
    return {
        "workout_id": miss.workout_id,
        "workout": miss.name,
        "date": miss.day.isoformat(),
        "sport": miss.sport,
        "reason": miss.kind,
        "note": miss.note,
    }


def _status_document(
    report: Any, week_items: list[Any], extra: list[Any], system: UnitSystem
) -> dict[str, Any]:
    return {
        "week": report.week_start.isoformat(),
        "today": report.today.isoformat(),
        "workouts": [
            {
                "planned_id": c.planned.id,
                "date": c.planned.day.isoformat(),
                "sport": c.planned.sport,
                "name": c.planned.name,
                "planned_s": c.planned.duration_s,
                "activity_id": c.activity.id if c.activity else None,
                "actual_s": c.activity.duration_s if c.activity else None,
                "ratio": None if c.ratio is None else round(c.ratio, 2),
                "band": c.band.value,
                "score": None if c.score is None else round(c.score, 3),
                "manual_link": c.manual,
                "reason": c.planned.reason,
            }
            for c in week_items
        ],
        "unplanned": [
            {
                "activity_id": a.id,
                "date": a.day.isoformat(),
                "sport": a.sport,
                "seconds": a.duration_s,
            }
            for a in extra
        ],
        "this_week": _period_document(report.week),
        "last_7_days": _period_document(report.last7),
        "recovery": {
            "hard_days": [d.isoformat() for d in report.recovery.hard_days],
            "days_between_hard": list(report.recovery.days_between_hard),
            "back_to_back": report.recovery.back_to_back,
        },
        "patterns": [
            {"kind": p.kind, "value": p.value, "missed": p.missed, "planned": p.planned}
            for p in report.patterns
        ],
        "load": _state_document(report.load),
        "goals": [_goal_document(progress, stored.id, system) for stored, progress in report.goals],
    }


def _note(c: Any) -> str:
    """Why a session was missed (the reason and the athlete's words), or a manual link."""
    why = REASON_WORDS.get(c.planned.reason_kind or "", "") if c.activity is None else ""
    text = " — ".join(part for part in (why, c.planned.reason or "") if part)
    return text or ("manual link" if c.manual else "")


def _print_status(report: Any, week_items: list[Any], extra: list[Any], system: UnitSystem) -> None:
    out = console()
    rows: list[tuple[object, ...]] = []
    for c in week_items:
        colour = BAND_COLOURS[c.band]
        done = format_duration_s(c.activity.duration_s) if c.activity else ""
        rows.append(
            (
                c.planned.day.strftime("%a %d"),
                c.planned.name or c.planned.sport,
                format_duration_s(c.planned.duration_s),
                done,
                marked(f"[{colour}]{c.band.value}[/{colour}]"),
                _note(c),
            )
        )
    for a in extra:
        rows.append(
            (
                a.day.strftime("%a %d"),
                f"{a.sport} (unplanned)",
                "",
                format_duration_s(a.duration_s),
                "",
                "",
            )
        )
    title = f"Week of {report.week_start:%d %b %Y}"
    out.print(table(title, ["day", "workout", "planned", "done", "", "note"], rows))
    for label, p, span in (
        ("This week", report.week, "for the week"),
        ("Last 7 days", report.last7, "for those days"),
    ):
        adherence = "no sessions due" if p.adherence_pct is None else f"{p.adherence_pct:.0f} %"
        total, (matched, unplanned) = split_round(p.actual_h, [p.matched_h, p.unplanned_h])
        out.print(
            f"{label}: adherence {adherence}; {total:.1f} h done ({matched:.1f} h in planned "
            f"sessions, {unplanned:.1f} h unplanned); {p.planned_h:.1f} h planned {span}"
        )
    if report.freshness.gap is not None:
        gap = report.freshness.gap
        out.print(
            marked(
                f"[yellow]No data since {gap.since:%a %d %b}:[/yellow] {gap.due} planned "
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
    for stored, progress in report.goals:
        colour = STATUS_COLOURS[progress.status.value]
        goal_rows.append(
            (
                stored.id,
                progress.goal.title,
                _value(progress, progress.current, system),
                _value(progress, progress.goal.target_value, system),
                _rate(progress, progress.per_week, system),
                marked(f"[{colour}]{progress.status.value}[/{colour}]"),
                describe(progress, system),
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
    with database(rt) as session:
        row = resolve_athlete(session, athlete)
        system = UnitSystem(row.unit_system)
        today = local_today(rt.clock, row.timezone)
        stored, result = progress_report(session, row, goal, today, thresholds(rt.settings))
    start = parse_date(since, "--since") if since else date.min
    readings = [(d, v) for d, v in result.series if d >= start]
    if as_json:
        document = _goal_document(result, stored.id, system)
        document["series"] = [{"date": d.isoformat(), "value": v} for d, v in readings]
        emit_json(document)
        return
    out = console()
    colour = STATUS_COLOURS[result.status.value]
    out.print(
        marked(
            f"[bold]{shown(result.goal.title)}[/bold]: [{colour}]{result.status.value}"
            f"[/{colour}] — {shown(describe(result, system))}"
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
        ("target", _value(result, result.goal.target_value, system)),
        ("deadline", str(result.goal.deadline or "")),
        ("projected", str(result.projected_date or "")),
        ("readings", str(result.readings)),
    ]
    out.print(table(None, ["", ""], [f for f in facts if f[1]]))
    for line in chart(
        readings, lambda v: _value(result, v, system), target=result.goal.target_value
    ):
        out.print(line)
    for key, value in result.extras.items():
        out.print(marked(f"[dim]{shown(key)}:[/dim] {shown(value)}"))
