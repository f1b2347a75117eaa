"""The daily review: gather the day's facts, run the analyses and the rules, keep the review
(planned vs actual, insights, proposals, next week's focus) — one per athlete and date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from coach.analysis.compare import HARD_LOAD_PER_HOUR, week_start
from coach.analysis.pmc import LoadThresholds
from coach.analysis.progress import Status
from coach.analysis.trend import BEST_EFFORT_DAYS
from coach.db.models import Athlete, DailyReview, PlanAdjustment
from coach.db.repo.availability import list_windows
from coach.db.repo.goals import list_goals
from coach.db.repo.plans import active_plan, current_planned
from coach.db.repo.reviews import replace_proposals, upsert_review
from coach.domain.clock import Clock
from coach.domain.goals import GoalStatus
from coach.domain.metrics import METRIC_SPECS, MetricType, best_is_lowest
from coach.domain.units import Dimension, UnitSystem, format_quantity
from coach.planning.generate import band
from coach.planning.library import workout_library
from coach.planning.rules import Context, Decision, Proposal, Upcoming, evaluate
from coach.planning.transform import classify
from coach.review.facts import metric_series
from coach.review.reports import StatusReport, status_report

WELLNESS = (MetricType.SORENESS, MetricType.ENERGY, MetricType.SLEEP_QUALITY)
SESSION_BESTS: dict[str, tuple[MetricType, ...]] = {
    "swim": (MetricType.SWIM_100YD_FREE_S,),
    "strength": (MetricType.SQUAT_1RM_KG, MetricType.RDL_1RM_KG),
}
"""The bests a sport's sessions show, said beside that sport's sessions of the week."""
BEST_COMPARE_WEEKS = 4
"""A best is compared with the one of this many weeks before ("1.2 s faster than 4 weeks ago")."""
SMALLEST_CHANGE = {MetricType.SWIM_100YD_FREE_S: 0.1}
"""Changes below this (s for swims, else 0.5 kg) are said as "the same as"."""
SMALLEST_MASS_CHANGE_KG = 0.5
LOOKAHEAD_DAYS = 14
STRENGTH_WINDOW_DAYS = 28


@dataclass(frozen=True)
class ReviewResult:
    review: DailyReview
    report: StatusReport
    proposals: list[PlanAdjustment]
    decisions: list[Decision]
    insights: list[str]


def _upcoming(session: Session, athlete: Athlete, day: date) -> list[Upcoming]:
    """The planned sessions from tomorrow for ``LOOKAHEAD_DAYS`` days, to the end of that week:
    a rule moving a session within its week must see the whole week's sessions."""
    last = day + timedelta(days=LOOKAHEAD_DAYS)
    rows = current_planned(
        session, athlete.id, day + timedelta(days=1), last + timedelta(days=6 - last.weekday())
    )
    out = []
    for row in rows:
        hard, qualities = classify(row.workout_definition)
        out.append(
            Upcoming(
                id=row.id,
                day=row.scheduled_date,
                start=row.start_time_local,
                sport=row.workout_type,
                minutes=row.estimated_duration / 60,
                priority=row.priority,
                hard=hard,
                qualities=qualities,
                exercise_ids=tuple(e.exercise_id for e in row.workout_definition.exercises),
                name=row.workout_definition.name,
            )
        )
    return out


def build_context(session: Session, athlete: Athlete, day: date, report: StatusReport) -> Context:
    week_ago = day - timedelta(days=6)
    wellness = {
        metric: [(d, v) for d, v in series if d <= day]
        for metric, series in metric_series(session, athlete, list(WELLNESS), week_ago).items()
    }
    start = day - timedelta(days=STRENGTH_WINDOW_DAYS)
    strength_due = [
        c
        for c in report.comparison.due(start, day - timedelta(days=1))
        if c.planned.sport == "strength"
    ]
    goals = [g.goal for g in list_goals(session, athlete, GoalStatus.ACTIVE)]
    return Context(
        today=day,
        last7=report.last7,
        goals=[progress for _, progress in report.goals],
        load=report.load,
        wellness=wellness,
        patterns=report.patterns,
        upcoming=_upcoming(session, athlete, day),
        windows=list_windows(session, athlete),
        band_h=band(goals),
        strength_planned=len(strength_due),
        strength_missed=sum(1 for c in strength_due if c.activity is None),
        library=workout_library(),
    )


def best_change(
    series: Sequence[tuple[date, float]], metric: MetricType, today: date, system: UnitSystem
) -> str | None:
    """The best of the last ``BEST_EFFORT_DAYS`` days and how it compares with the best
    ``BEST_COMPARE_WEEKS`` weeks earlier, in words; None without a recent reading."""
    recent = [v for d, v in series if today - timedelta(days=BEST_EFFORT_DAYS) < d <= today]
    if not recent:
        return None
    spec = METRIC_SPECS[metric]
    lower_better = best_is_lowest(metric)
    best = min(recent) if lower_better else max(recent)
    estimated = "estimated " if spec.dimension is Dimension.MASS else ""
    text = f"best {estimated}{spec.label} {format_quantity(best, spec.dimension, system)}"
    cutoff = today - timedelta(weeks=BEST_COMPARE_WEEKS)
    before = [v for d, v in series if d <= cutoff]
    if not before:
        return text
    change = best - before[-1]
    ago = f"{BEST_COMPARE_WEEKS} weeks ago"
    if abs(change) < SMALLEST_CHANGE.get(metric, SMALLEST_MASS_CHANGE_KG):
        return f"{text}, the same as {ago}"
    if spec.dimension is Dimension.DURATION:
        word = "faster" if change < 0 else "slower"
        return f"{text}, {abs(change):.1f} s {word} than {ago}"
    word = "more" if change > 0 else "less"
    return f"{text}, {format_quantity(abs(change), spec.dimension, system)} {word} than {ago}"


def sport_lines(report: StatusReport, system: UnitSystem) -> list[str]:
    """Per sport, the last 7 days' planned sessions done, with the bests they show."""
    due = report.comparison.due(report.today - timedelta(days=6), report.today)
    counts: dict[str, list[int]] = {}
    for c in due:
        tally = counts.setdefault(c.planned.sport, [0, 0])
        tally[0] += 1
        tally[1] += c.activity is not None
    lines = []
    for sport, (planned, done) in sorted(counts.items(), key=lambda kv: -kv[1][0]):
        bests = [
            best_change(report.metrics.get(m, []), m, report.today, system)
            for m in SESSION_BESTS.get(sport, ())
        ]
        said = "".join(f"; {b}" for b in bests if b)
        noun = "session" if planned == 1 else "sessions"
        lines.append(f"{sport.capitalize()}: {done} of {planned} planned {noun} done{said}.")
    return lines


def insights(
    report: StatusReport, decisions: list[Decision], system: UnitSystem = UnitSystem.METRIC
) -> list[str]:
    """Plain, specific sentences from the findings (deterministic)."""
    last7 = report.last7
    lines = []
    if last7.workouts:
        adherence = "" if last7.adherence_pct is None else f" ({last7.adherence_pct:.0f} %)"
        lines.append(
            f"You did {last7.completed} of {last7.workouts} planned sessions in the last 7 days"
            f"{adherence}: {last7.actual_h:.1f} h of {last7.planned_h:.1f} h planned"
            + (f", plus {last7.unplanned_h:.1f} h unplanned." if last7.unplanned_h else ".")
        )
    elif last7.actual_h:
        lines.append(f"{last7.actual_h:.1f} h of training in the last 7 days, none of it planned.")
    lines += sport_lines(report, system)
    for _, missed_day, reason in last7.missed:
        if reason:
            lines.append(f"Missed on {missed_day:%A}: {reason}.")
    if report.load is not None:
        lines.append(
            f"Fitness {report.load.ctl:.0f}, fatigue {report.load.atl:.0f}, "
            f"form {round(report.load.form):+d} this morning."
        )
    for _, progress in report.goals:
        if progress.status in (Status.OFF_TRACK, Status.AT_RISK):
            lines.append(f"{progress.goal.title}: {progress.status.value} — {progress.why}.")
    lines += [d.text for d in decisions]
    return lines


def _proposal_document(proposal: Proposal) -> dict[str, Any]:
    return {
        "rule_id": proposal.rule_id,
        "rule_version": proposal.rule_version,
        "title": proposal.title,
        "rationale": proposal.rationale,
        "evidence": proposal.evidence,
        "operations": [asdict(op) for op in proposal.operations],
    }


def run_review(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    day: date,
    thresholds: LoadThresholds,
    hard_load_per_hour: float = HARD_LOAD_PER_HOUR,
) -> ReviewResult:
    report = status_report(session, athlete, week_start(day), day, thresholds, hard_load_per_hour)
    found = evaluate(build_context(session, athlete, day, report))
    proposals = [f for f in found if isinstance(f, Proposal)]
    decisions = [f for f in found if isinstance(f, Decision)]
    lines = insights(report, decisions, UnitSystem(athlete.unit_system))
    lagging = [p for _, p in report.goals if p.status is Status.OFF_TRACK]
    focus = (
        f"Next week: more {lagging[0].goal.title}."
        if lagging
        else "Next week: keep going as planned."
    )
    documents = [_proposal_document(p) for p in proposals]
    review = upsert_review(
        session,
        athlete.id,
        day,
        planned_vs_actual={
            "last_7_days": {
                "adherence_pct": report.last7.adherence_pct,
                "planned_h": round(report.last7.planned_h, 2),
                "actual_h": round(report.last7.actual_h, 2),
                "completed": report.last7.completed,
                "due": report.last7.workouts,
            },
            "this_week": {
                "adherence_pct": report.week.adherence_pct,
                "planned_h": round(report.week.planned_h, 2),
                "actual_h": round(report.week.actual_h, 2),
            },
        },
        insights="\n".join(lines),
        plan_adjustments=documents,
        next_week_focus=focus,
    )
    plan = active_plan(session, athlete.id)
    rows = replace_proposals(session, review, plan.id, documents, clock.now()) if plan else []
    return ReviewResult(review, report, rows, decisions, lines)
