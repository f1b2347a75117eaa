"""What ``coach load``, ``coach status`` and ``coach progress`` show: facts gathered once, the pure
analyses run over them, the results as plain data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from coach.analysis.compare import (
    Band,
    Comparison,
    Pattern,
    Period,
    Recovery,
    compare,
    patterns,
    period,
    recovery,
)
from coach.analysis.facts import ActivityFact
from coach.analysis.freshness import Freshness, Gap
from coach.analysis.pmc import (
    LoadState,
    LoadThresholds,
    PmcDay,
    load_state,
    loads_by_day,
    loads_by_day_and_sport,
    pmc,
    unknown_load,
)
from coach.analysis.progress import GoalProgress, goal_progress, rank
from coach.analysis.projection import PROJECTION_DAYS, Projection, load_per_hour, project
from coach.db.models import Athlete
from coach.db.repo.goals import StoredGoal, list_goals
from coach.db.repo.health import episodes_since
from coach.db.repo.plans import active_plan
from coach.domain.errors import NotFound
from coach.domain.goals import GoalStatus, parse_goal_kind
from coach.domain.health import Episode
from coach.domain.metrics import MetricType
from coach.planning.kit import Evidence
from coach.review.facts import (
    evidence,
    freshness,
    kit_evidence,
    load_activities,
    load_planned,
)

PATTERN_LOOKBACK = timedelta(weeks=4)


@dataclass(frozen=True)
class LoadReport:
    days: list[PmcDay]
    by_sport: dict[date, dict[str, float]]
    state: LoadState | None
    unknown_load: int
    ahead: Projection | None = None


def _chart(facts: list[ActivityFact], today: date) -> list[PmcDay]:
    if not facts:
        return []
    start = min(f.day for f in facts)
    return pmc(loads_by_day(facts), start, today)


def load_report(
    session: Session, athlete: Athlete, today: date, days: int, thresholds: LoadThresholds
) -> LoadReport:
    _, facts = load_activities(session, athlete)
    chart = _chart(facts, today)
    shown = chart[-days:]
    first = shown[0].day if shown else today
    planned = load_planned(session, athlete, today, today + timedelta(days=PROJECTION_DAYS))
    ahead = project(chart[-1] if chart else None, planned, load_per_hour(facts, today), today)
    return LoadReport(
        days=shown,
        by_sport={d: s for d, s in loads_by_day_and_sport(facts).items() if first <= d <= today},
        state=load_state(chart, thresholds) if chart else None,
        unknown_load=unknown_load(f for f in facts if first <= f.day <= today),
        ahead=ahead,
    )


@dataclass(frozen=True)
class StatusReport:
    week_start: date
    today: date
    comparison: Comparison
    week: Period
    last7: Period
    recovery: Recovery
    patterns: list[Pattern]
    load: LoadState | None
    goals: list[tuple[StoredGoal, GoalProgress]]
    metrics: Mapping[MetricType, Sequence[tuple[date, float]]]  # readings and session bests
    freshness: Freshness = field(default_factory=lambda: Freshness((), None))
    episodes: tuple[Episode, ...] = ()
    facts: tuple[ActivityFact, ...] = ()  # every activity, one per session
    kit: Evidence = field(default_factory=Evidence)

    @property
    def unknown_from(self) -> date | None:
        """The first day of a data gap, if there is one (coach.analysis.freshness)."""
        gap = self.freshness.gap
        return gap.since if gap is not None else None


def _gap_weeks(gap: Gap | None) -> frozenset[date]:
    if gap is None:
        return frozenset()
    first = gap.since - timedelta(days=gap.since.weekday())
    return frozenset(first + timedelta(weeks=n) for n in range((gap.until - first).days // 7 + 1))


def status_report(
    session: Session,
    athlete: Athlete,
    week_start: date,
    today: date,
    thresholds: LoadThresholds,
) -> StatusReport:
    rows, facts = load_activities(session, athlete)
    chart = _chart(facts, today)
    state = load_state(chart, thresholds) if chart else None
    window_start = min(week_start, today - PATTERN_LOOKBACK)
    window_end = max(week_start + timedelta(days=6), today)
    episodes = tuple(episodes_since(session, athlete.id, window_start))
    planned = load_planned(session, athlete, window_start, window_end, episodes)
    comparison = compare(planned, [f for f in facts if f.day >= window_start], today)
    unaccounted = [
        c.planned.day
        for c in comparison.due(window_start, today)
        if c.activity is None and not c.marked and not c.excused
    ]
    plan = active_plan(session, athlete.id)
    fresh = freshness(
        session,
        athlete,
        [f.day for f in facts],
        unaccounted,
        today,
        plan.start_date if plan else None,
        marked_days=[c.planned.day for c in comparison.workouts if c.marked],
    )
    unknown_from = fresh.gap.since if fresh.gap is not None else None
    week_end = week_start + timedelta(days=6)
    proof = evidence(session, athlete, rows, facts, today, state, _gap_weeks(fresh.gap))
    goals = [
        (stored, goal_progress(stored.goal, proof, today))
        for stored in list_goals(session, athlete, GoalStatus.ACTIVE)
    ]
    order = {id(p): i for i, p in enumerate(rank([p for _, p in goals]))}
    goals.sort(key=lambda pair: order[id(pair[1])])
    recent_facts = [f for f in facts if today - timedelta(days=27) <= f.day <= today]
    return StatusReport(
        week_start=week_start,
        today=today,
        comparison=comparison,
        week=period(comparison, facts, week_start, min(week_end, today), unknown_from=unknown_from),
        last7=period(
            comparison, facts, today - timedelta(days=6), today, unknown_from=unknown_from
        ),
        recovery=recovery(recent_facts),
        patterns=patterns(comparison, today, unknown_from=unknown_from),
        load=state,
        goals=goals,
        metrics=proof.metrics,
        freshness=fresh,
        episodes=episodes,
        facts=tuple(facts),
        kit=kit_evidence(rows, ZoneInfo(athlete.timezone)),
    )


def find_goal(session: Session, athlete: Athlete, ref: str) -> StoredGoal:
    """A goal by id or by kind (the first active goal of that kind)."""
    goals = list_goals(session, athlete)
    if ref.isdigit():
        found = next((g for g in goals if g.id == int(ref)), None)
    else:
        kind = parse_goal_kind(ref)
        found = next((g for g in goals if g.goal.kind is kind), None)
    if found is None:
        raise NotFound(f"{athlete.name} has no goal {ref!r}: `coach goals list` shows them")
    return found


def progress_report(
    session: Session, athlete: Athlete, ref: str, today: date, thresholds: LoadThresholds
) -> tuple[StoredGoal, GoalProgress]:
    stored = find_goal(session, athlete, ref)
    rows, facts = load_activities(session, athlete)
    chart = _chart(facts, today)
    state = load_state(chart, thresholds) if chart else None
    proof = evidence(session, athlete, rows, facts, today, state)
    return stored, goal_progress(stored.goal, proof, today)


def planned_states(
    session: Session, athlete: Athlete, start: date, end: date, today: date
) -> dict[int, str]:
    """Each planned workout's state as the athlete sees it: ``done`` when an activity matched it,
    ``missed`` when it is past and nothing matched, else its stored status (planned, skipped)."""
    _, facts = load_activities(session, athlete, since=start)
    comparison = compare(load_planned(session, athlete, start, end), facts, today)
    states = {}
    for c in comparison.workouts:
        if c.activity is not None:
            states[c.planned.id] = "done"
        elif c.band is Band.RED and c.planned.status == "planned":
            states[c.planned.id] = "missed"
        else:
            states[c.planned.id] = c.planned.status
    return states
