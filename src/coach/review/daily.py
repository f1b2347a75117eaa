"""The daily review: gather the day's facts, run the analyses and the rules, keep the review
(planned vs actual, insights, the evening's decision and its proposal, next week's focus) — one
per athlete and date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from coach.analysis.compare import Comparison, Period, week_start
from coach.analysis.facts import ActivityFact
from coach.analysis.pmc import LoadThresholds
from coach.analysis.progress import last_full_week
from coach.analysis.readiness import WELLNESS_METRICS, Readiness, readiness
from coach.db.models import Athlete, DailyReview, PlanAdjustment
from coach.db.repo.activities import list_activities
from coach.db.repo.availability import list_windows
from coach.db.repo.health import episodes_since
from coach.db.repo.plans import active_plan, current_planned
from coach.db.repo.reviews import keep_proposals, settled_changes, upsert_review
from coach.domain.clock import Clock
from coach.domain.health import Episode, EpisodeKind
from coach.domain.units import UnitSystem
from coach.domain.words import day as day_name
from coach.insights import review as words
from coach.planning.generate import band
from coach.planning.library import workout_library
from coach.planning.rules import (
    Context,
    Decision,
    Past,
    Proposal,
    TrackedGoal,
    Upcoming,
    Week,
    decide,
)
from coach.planning.rules.details import KitRule
from coach.planning.transform import classify
from coach.review.facts import kit_evidence, metric_series
from coach.review.reports import StatusReport, status_report

LOOKAHEAD_DAYS = 14
HISTORY_DAYS = 28
WELLNESS_DAYS = 35  # tonight's entries, and a 28-day baseline before them
LOAD_PER_HOUR_DAYS = 28
PAUSE_AFTER_DAYS = 14
"""Goals are said to be paused (not "at risk") while an illness, injury or trip overlaps the
last 14 days or the next 7."""
FULL_WEEKS = 4


@dataclass(frozen=True)
class ReviewResult:
    review: DailyReview
    report: StatusReport
    context: Context
    decision: Decision
    proposals: list[PlanAdjustment]
    insights: list[str]
    headline: str
    focus: str


def _upcoming(session: Session, athlete: Athlete, day: date) -> list[Upcoming]:
    """The planned sessions from tomorrow for ``LOOKAHEAD_DAYS`` days, to the end of that week:
    a rule moving a session within its week must see the whole week's sessions. Hard or not is
    read from the session as it is now; what it trains, from the library session it came from."""
    last = day + timedelta(days=LOOKAHEAD_DAYS)
    rows = current_planned(
        session, athlete.id, day + timedelta(days=1), last + timedelta(days=6 - last.weekday())
    )
    library = {t.id: t for t in workout_library()}
    out = []
    for row in rows:
        hard, qualities = classify(row.workout_definition)
        template = library.get(row.workout_definition.template or "")
        if template is not None:  # what it was planned to train
            qualities = tuple(q.value for q in template.serves)
        out.append(
            Upcoming(
                id=row.id,
                day=row.scheduled_date,
                start=row.start_time_local,
                sport=row.workout_type.value,
                minutes=row.estimated_duration / 60,
                priority=row.priority,
                hard=hard,
                qualities=qualities,
                exercise_ids=tuple(e.exercise_id for e in row.workout_definition.exercises),
                name=row.workout_definition.name,
                template=row.workout_definition.template,
                uid=row.workout_uid,
            )
        )
    return out


def full_weeks(report: StatusReport, today: date) -> list[Week]:
    """The last ``FULL_WEEKS`` full weeks (the one ending tonight on a Sunday), oldest first;
    weeks before anything was planned or done, and weeks a data gap touches, are left out."""
    last = last_full_week(today)
    gap = report.freshness.gap
    known = [f.day for f in report.facts] + [c.planned.day for c in report.comparison.workouts]
    first = min(known) if known else today
    out = []
    for n in range(FULL_WEEKS - 1, -1, -1):
        monday = last - timedelta(weeks=n)
        sunday = monday + timedelta(days=6)
        if (gap is not None and gap.since <= sunday) or sunday < first:
            continue
        out.append(_week(report.comparison, report.facts, monday, sunday))
    return out


def _week(
    comparison: Comparison, facts: Sequence[ActivityFact], monday: date, sunday: date
) -> Week:
    done = [f for f in facts if monday <= f.day <= sunday]
    unplanned_ids = {a.id for a in comparison.unplanned}
    unplanned = [f for f in done if f.id in unplanned_ids]
    planned = [c for c in comparison.workouts if monday <= c.planned.day <= sunday]
    by_sport: dict[str, float] = {}
    for f in unplanned:
        by_sport[f.sport] = by_sport.get(f.sport, 0.0) + f.duration_s / 3600
    longer = sum(
        max(0.0, c.activity.duration_s - c.planned.duration_s)
        for c in planned
        if c.activity is not None
    )
    return Week(
        monday=monday,
        done_h=sum(f.duration_s for f in done) / 3600,
        planned_h=sum(c.planned.duration_s for c in planned) / 3600,
        unplanned_h=sum(f.duration_s for f in unplanned) / 3600,
        longer_h=longer / 3600,
        unplanned_by_sport=by_sport,
    )


def _history(report: StatusReport, today: date) -> list[Past]:
    due = report.comparison.due(
        today - timedelta(days=HISTORY_DAYS - 1), today, unknown_from=report.unknown_from
    )
    return [
        Past(
            id=c.planned.id,
            day=c.planned.day,
            start=c.planned.local_time,
            sport=c.planned.sport,
            name=c.planned.name or c.planned.sport,
            done=c.activity is not None,
            kind=c.planned.reason_kind,
            excused=c.excused,
            template=c.planned.template,
            minutes=c.planned.duration_s / 60,
        )
        for c in sorted(due, key=lambda c: (c.planned.day, c.planned.id))
    ]


def paused_by(episodes: Sequence[Episode], today: date) -> str | None:
    """Why goals are paused tonight: the illness, injury or trip overlapping the last
    ``PAUSE_AFTER_DAYS`` days or the next 7."""
    start, end = today - timedelta(days=PAUSE_AFTER_DAYS), today + timedelta(days=7)
    for episode in episodes:
        if episode.start <= end and (episode.end is None or episode.end >= start):
            if episode.end is not None:
                what = "travel" if episode.kind is EpisodeKind.TRAVEL else episode.describe()
                return f"{what} {day_name(episode.start)}-{day_name(episode.end)}"
            return f"{episode.describe()} since {day_name(episode.start)}"
    return None


def build_context(session: Session, athlete: Athlete, day: date, report: StatusReport) -> Context:
    wellness = {
        metric: [(d, v) for d, v in series if d <= day]
        for metric, series in metric_series(
            session, athlete, list(WELLNESS_METRICS), day - timedelta(days=WELLNESS_DAYS)
        ).items()
    }
    done_hard = frozenset(f.day for f in report.facts if f.hard and f.day <= day)
    recent = [
        f
        for f in report.facts
        if day - timedelta(days=LOAD_PER_HOUR_DAYS) < f.day <= day and f.load is not None
    ]
    training_h = sum(f.duration_s for f in recent) / 3600
    paused = paused_by(report.episodes, day)
    goals = [TrackedGoal(stored.id, progress) for stored, progress in report.goals]
    return Context(
        today=day,
        last7=report.last7,
        goals=goals,
        load=report.load,
        readiness=readiness(wellness, sorted(done_hard), day),
        upcoming=_upcoming(session, athlete, day),
        windows=list_windows(session, athlete),
        band_h=band([stored.goal for stored, _ in report.goals]),
        library=workout_library(),
        weeks=full_weeks(report, day),
        history=_history(report, day),
        patterns=report.patterns,
        evidence=report.kit,
        episodes=report.episodes,
        freshness=report.freshness,
        system=UnitSystem(athlete.unit_system),
        load_per_hour=(sum(f.load or 0.0 for f in recent) / training_h) if training_h else None,
        done_hard_days=done_hard,
        paused=paused,
        settled=settled_changes(session, athlete, day),
    )


def review_lines(report: StatusReport, context: Context, decision: Decision) -> list[str]:
    """The insights, in the order a coach reads the evening: tonight, health and data, what was
    done, the goals, then what the rules found."""
    system = context.system
    lines = [words.readiness_line(context.readiness)]
    lines += words.episode_lines(report.episodes, report.today)
    if (fresh := words.freshness_line(report.freshness)) is not None:
        lines.append(fresh)
    lines += words.last7_lines(report.last7)
    lines += words.sport_lines(
        report.comparison, report.metrics, report.today, system, report.unknown_from
    )
    lines += words.miss_lines(report.last7.missed + report.last7.excused)
    if (load := words.load_line(report.load)) is not None:
        lines.append(load)
    lines += words.goal_lines([p for _, p in report.goals], system, context.paused)
    lines += [note.text for note in decision.notes]
    if decision.waiting:
        lines.append(
            "Also on the list, for another evening: "
            + "; ".join(p.title for p in decision.waiting[:3])
            + "."
        )
    return lines


def headline(decision: Decision, report: StatusReport) -> str:
    """One line that says the evening's decision, never contradicting the proposal."""
    if decision.proposal is not None:
        return f"{decision.verdict.value.capitalize()}: {decision.proposal.title}."
    gap = report.freshness.gap
    if gap is not None:
        return f"Keep the plan: waiting for data since {day_name(gap.since)}."
    if any(n.rule_id == "goal_balance" and "missed" in n.text for n in decision.notes):
        return "Keep the plan: the planned sessions need to happen first."
    last7 = report.last7
    if last7.workouts:
        return (
            f"Keep the plan: {last7.completed} of {last7.workouts} planned sessions done in the "
            "last 7 days."
        )
    return "Keep the plan."


def focus(decision: Decision, report: StatusReport) -> str:
    if decision.proposal is not None and decision.proposal.focus:
        return decision.proposal.focus
    if report.freshness.gap is not None:
        return "Next week: sync or log the last days first."
    held = next(
        (n for n in decision.notes if n.rule_id == "goal_balance" and "missed" in n.text), None
    )
    if held is not None:
        goal = held.text.split(" is off track")[0]
        return f"Next week: get the {goal} sessions done."
    if any(n.rule_id == "adherence" and n.evidence.get("cut") is False for n in decision.notes):
        return "Next week: the same plan; the sessions need to happen."
    return "Next week: keep going as planned."


def _proposal_document(proposal: Proposal) -> dict[str, Any]:
    return {
        "rule_id": proposal.rule_id,
        "rule_version": proposal.rule_version,
        "title": proposal.title,
        "rationale": proposal.rationale,
        "effect": proposal.effect,
        "evidence": proposal.evidence,
        "operations": [asdict(op) for op in proposal.operations],
    }


def _planned_vs_actual(report: StatusReport) -> dict[str, Any]:
    return {
        "last_7_days": {
            "adherence_pct": report.last7.adherence_pct,
            "planned_h": round(report.last7.due_h, 2),
            "actual_h": round(report.last7.actual_h, 2),
            "completed": report.last7.completed,
            "due": report.last7.workouts,
            "excused": len(report.last7.excused),
            "without_data": report.last7.unknown,
        },
        "this_week": {
            "adherence_pct": report.week.adherence_pct,
            "planned_h": round(report.week.planned_h, 2),
            "actual_h": round(report.week.actual_h, 2),
        },
    }


def run_review(
    session: Session,
    clock: Clock,
    athlete: Athlete,
    day: date,
    thresholds: LoadThresholds,
) -> ReviewResult:
    report = status_report(session, athlete, week_start(day), day, thresholds)
    context = build_context(session, athlete, day, report)
    decision = decide(context)
    lines = review_lines(report, context, decision)
    title, next_week = headline(decision, report), focus(decision, report)
    documents = [_proposal_document(p) for p in decision.proposals]
    review = upsert_review(
        session,
        athlete.id,
        day,
        planned_vs_actual=_planned_vs_actual(report),
        insights="\n".join(lines),
        plan_adjustments=documents,
        next_week_focus=next_week,
        decision=decision.verdict.value,
        headline=title,
    )
    plan = active_plan(session, athlete.id)
    rows = keep_proposals(session, review, plan.id, documents, clock.now()) if plan else []
    return ReviewResult(review, report, context, decision, rows, lines, title, next_week)


def window_check(session: Session, athlete: Athlete, day: date) -> list[str]:
    """What a change of windows does to the coming two weeks: the sessions that no longer fit
    and where they would go, in words (coach.planning.rules.details, the review's own check)."""
    quiet = Period(day, day, None, 0.0, 0.0, 0.0, 0.0, None, None)
    context = Context(
        today=day,
        last7=quiet,
        goals=[],
        load=None,
        readiness=Readiness(day, (), (), False),
        upcoming=_upcoming(session, athlete, day),
        windows=list_windows(session, athlete),
        band_h=(0.0, 0.0),
        library=workout_library(),
        evidence=kit_evidence(list_activities(session, athlete.id), ZoneInfo(athlete.timezone)),
        episodes=episodes_since(session, athlete.id, day),
    )
    lines: list[str] = []
    for found in KitRule()(context):
        lines += found.evidence.get("changes", []) if isinstance(found, Proposal) else [found.text]
    return lines
