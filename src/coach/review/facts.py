"""Facts for the analyses, read from storage: activities, planned workouts, and the evidence
every goal is judged on (measured metrics plus values derived from sessions: estimated 1RMs from
strength sets, the fastest 100 of each pool swim)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from coach.analysis.facts import ActivityFact, PlannedFact, one_per_session
from coach.analysis.freshness import Freshness, SourceState, data_gap
from coach.analysis.intensity import IntensityRules, Lift, SessionIntensity, hard_reasons
from coach.analysis.pmc import LoadState
from coach.analysis.progress import Evidence as GoalEvidence
from coach.analysis.progress import last_full_week
from coach.analysis.trend import BEST_EFFORT_DAYS, rolling_best
from coach.db.models import Athlete, CompletedActivity
from coach.db.repo.activities import list_activities, newest_by_source
from coach.db.repo.metrics import metric_points
from coach.db.repo.plans import current_planned, previous_dates
from coach.db.repo.sync_states import list_states
from coach.domain.exercises import exercise_library
from coach.domain.health import Episode, EpisodeKind, MissReason
from coach.domain.metrics import MetricType, best_is_lowest
from coach.domain.plan import DataSource
from coach.domain.sport import Equipment, Sport
from coach.planning.kit import Evidence

KCAL_WINDOW_DAYS = 28


def intensity_of(row: CompletedActivity) -> SessionIntensity:
    """What the activity's intensity can be judged on (coach.analysis.intensity)."""
    details = row.data or {}
    load = details.get("load") or {}
    lifts = tuple(
        Lift(
            exercise_id=e.get("exercise_id"),
            sets=int(e.get("sets") or 0),
            top_kg=e.get("top_kg"),
            max_rpe=e.get("max_rpe"),
            failure_sets=int(e.get("failure_sets") or 0),
        )
        for e in (details.get("strength") or {}).get("exercises", [])
    )
    return SessionIntensity(
        sport=row.activity_type,
        duration_s=row.duration,
        load=row.load_tss,
        load_method=row.load_method,
        threshold_s=load.get("threshold_s"),
        rpe=row.rpe,
        name=row.name or "",
        lifts=lifts,
    )


def activity_facts(
    rows: list[CompletedActivity], zone: ZoneInfo, rules: IntensityRules = IntensityRules()
) -> list[ActivityFact]:
    """Facts of the activities, oldest first; each judged hard or not against the best
    estimated 1RM of each lift known by its day."""
    best: dict[str, float] = {}
    facts = []
    for row in sorted(rows, key=lambda r: (r.activity_date, r.start_time, r.id)):
        for exercise in ((row.data or {}).get("strength") or {}).get("exercises", []):
            key, e1rm = exercise.get("exercise_id"), exercise.get("e1rm_kg")
            if key and e1rm:
                best[key] = max(best.get(key, 0.0), float(e1rm))
        facts.append(
            ActivityFact(
                id=row.id,
                day=row.activity_date,
                local_time=row.start_time.astimezone(zone).time(),
                sport=row.activity_type,
                duration_s=row.duration,
                load=row.load_tss,
                planned_id=row.planned_workout_id,
                locked=row.match_locked,
                distance_m=row.distance_m,
                calories_kcal=row.calories_kcal,
                start=row.start_time,
                source=row.source.value,
                hard=bool(hard_reasons(intensity_of(row), best, rules)),
            )
        )
    return facts


def kit_evidence(rows: list[CompletedActivity], zone: ZoneInfo) -> Evidence:
    """Kit the athlete's logs show (coach.planning.kit): the equipment of every library
    exercise they logged and a pool for every pool swim, by the session's weekday and start."""
    library = exercise_library()
    sessions = []
    anywhere: set[Equipment] = set()
    for row in rows:
        details = row.data or {}
        seen: set[Equipment] = set()
        for exercise in (details.get("strength") or {}).get("exercises", []):
            known = library.get(exercise.get("exercise_id") or "")
            if known is not None:
                seen |= set(known.equipment)
        if (details.get("swim") or {}).get("pool_length"):
            seen.add(Equipment.POOL)
        if seen:
            local = row.start_time.astimezone(zone)
            sessions.append((local.weekday(), local.time(), frozenset(seen)))
            anywhere |= seen
    return Evidence(tuple(sessions), frozenset(anywhere))


def load_activities(
    session: Session, athlete: Athlete, since: date | None = None
) -> tuple[list[CompletedActivity], list[ActivityFact]]:
    rows = list_activities(session, athlete.id, since=since)
    return rows, one_per_session(activity_facts(rows, ZoneInfo(athlete.timezone)))


EPISODE_REASONS = {
    EpisodeKind.ILLNESS: MissReason.ILLNESS,
    EpisodeKind.INJURY: MissReason.INJURY,
    EpisodeKind.TRAVEL: MissReason.TRAVEL,
}


def _episode_reason(episodes: Sequence[Episode], on: date) -> str | None:
    """Why a session of ``on`` could not happen when an episode covers the day."""
    for episode in episodes:
        if episode.covers(on):
            return EPISODE_REASONS[episode.kind].value
    return None


def load_planned(
    session: Session,
    athlete: Athlete,
    start: date,
    end: date,
    episodes: Sequence[Episode] = (),
) -> list[PlannedFact]:
    """Planned workouts of ``start``-``end``; one the athlete gave no reason for takes the
    reason of an illness, injury or trip covering its day."""
    rows = current_planned(session, athlete.id, start, end)
    moved = previous_dates(session, rows)
    return [
        PlannedFact(
            id=row.id,
            day=row.scheduled_date,
            sport=row.workout_type.value,
            duration_s=row.estimated_duration,
            status=row.status.value,
            reason=row.status_reason,
            reason_kind=row.reason_kind.value
            if row.reason_kind
            else _episode_reason(episodes, row.scheduled_date),
            local_time=row.start_time_local,
            priority=row.priority,
            name=row.workout_definition.name,
            moved_from=moved.get(row.id),
            template=row.workout_definition.template,
        )
        for row in rows
    ]


def freshness(
    session: Session,
    athlete: Athlete,
    activity_days: Sequence[date],
    unaccounted_due: Sequence[date],
    today: date,
    plan_start: date | None,
    marked_days: Sequence[date] = (),
) -> Freshness:
    """Each source's newest delivery, each linked account's last sync, and the data gap."""
    newest = newest_by_source(session, athlete.id)
    synced = {state.source: state for state in list_states(session, athlete.id)}
    sources = [
        SourceState(
            source,
            newest.get(source),
            synced[source].last_synced_at if source in synced else None,
            synced[source].last_error if source in synced else None,
        )
        for source in sorted(set(newest) | set(synced))
    ]
    gap = data_gap(activity_days, unaccounted_due, today, plan_start, marked_days=marked_days)
    return Freshness(tuple(sources), gap)


def metric_series(
    session: Session,
    athlete: Athlete,
    types: list[MetricType] | None = None,
    since: date | None = None,
) -> dict[MetricType, list[tuple[date, float]]]:
    """Each metric's readings, one per date: the mean of the day's measurements, or the profile's
    value when nothing measured it that day (a value typed into ``coach athlete set`` is not a
    second reading beside the watch's)."""
    measured: dict[MetricType, dict[date, list[float]]] = {}
    typed: dict[MetricType, dict[date, list[float]]] = {}  # from the profile
    for metric, day, value, source in metric_points(session, athlete.id, types, since):
        by_metric = typed if source is DataSource.PROFILE else measured
        days = by_metric.get(metric)
        if days is None:
            days = by_metric[metric] = {}
        values = days.get(day)
        if values is None:
            days[day] = [value]
        else:
            values.append(value)
    out: dict[MetricType, list[tuple[date, float]]] = {}
    for metric in measured.keys() | typed.keys():
        days = dict(measured.get(metric, {}))
        extra = {d: v for d, v in typed.get(metric, {}).items() if d not in days}
        if extra:
            days = dict(sorted({**days, **extra}.items()))
        # readings come oldest first: each day's list is in date order already
        out[metric] = [(day, sum(values) / len(values)) for day, values in days.items()]
    return out


def derived_series(rows: list[CompletedActivity]) -> dict[MetricType, dict[date, float]]:
    """Readings derived from sessions: the best estimated 1RM of each lift that feeds a metric
    (the exercise library says which), and the fastest continuous 100 yd of each pool swim."""
    library = exercise_library()
    found: defaultdict[MetricType, dict[date, float]] = defaultdict(dict)
    for row in rows:
        details = row.data or {}
        for exercise in (details.get("strength") or {}).get("exercises", []):
            known = library.get(exercise.get("exercise_id") or "")
            e1rm = exercise.get("e1rm_kg")
            if known is not None and known.metric is not None and e1rm:
                days = found[known.metric]
                days[row.activity_date] = max(days.get(row.activity_date, 0.0), float(e1rm))
        fastest = ((details.get("swim") or {}).get("fastest_100") or {}).get("as_100yd_s")
        if fastest:
            days = found[MetricType.SWIM_100YD_FREE_S]
            days[row.activity_date] = min(days.get(row.activity_date, float("inf")), fastest)
    return found


def evidence(
    session: Session,
    athlete: Athlete,
    rows: list[CompletedActivity],
    facts: list[ActivityFact],
    today: date,
    load: LoadState | None,
    unknown_weeks: frozenset[date] = frozenset(),
) -> GoalEvidence:
    metrics = metric_series(session, athlete)
    for metric, days in derived_series(rows).items():
        merged = dict(metrics.get(metric, []))
        keep_lower = best_is_lowest(metric)
        for day, value in rolling_best(
            sorted(days.items()), BEST_EFFORT_DAYS, lower_is_better=keep_lower
        ):
            if day not in merged:
                merged[day] = value
            elif keep_lower:
                merged[day] = min(merged[day], value)
            else:
                merged[day] = max(merged[day], value)
        metrics[metric] = sorted(merged.items())
    return replace(weekly(facts, today), metrics=metrics, load=load, unknown_weeks=unknown_weeks)


def weekly(facts: list[ActivityFact], today: date) -> GoalEvidence:
    """Per ISO week (keyed by Monday), from the first week with an activity to the last full
    week: the one ending tonight when ``today`` is its Sunday, else last week."""
    hours: defaultdict[date, float] = defaultdict(float)
    by_sport: defaultdict[date, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
    swim_m: defaultdict[date, float] = defaultdict(float)
    swims: defaultdict[date, int] = defaultdict(int)
    loads: defaultdict[date, float] = defaultdict(float)
    this_week = last_full_week(today) + timedelta(weeks=1)
    if facts:
        first = min(f.day for f in facts)
        week = first - timedelta(days=first.weekday())
        while week < this_week:  # weeks without training are real zeros once training began
            hours[week] += 0.0
            week += timedelta(weeks=1)
    for fact in facts:
        week = fact.day - timedelta(days=fact.day.weekday())
        hours[week] += fact.duration_s / 3600
        by_sport[week][fact.sport] += fact.duration_s / 3600
        if fact.load is not None:
            loads[week] += fact.load
        if fact.sport == Sport.SWIM.value:
            swim_m[week] += fact.distance_m or 0.0
            swims[week] += 1
    recent_kcal = [
        f.calories_kcal
        for f in facts
        if f.calories_kcal is not None and today - timedelta(days=KCAL_WINDOW_DAYS) < f.day <= today
    ]
    return GoalEvidence(
        metrics={},
        weekly_hours={w: h for w, h in hours.items() if w < this_week},
        weekly_hours_by_sport={w: dict(s) for w, s in by_sport.items() if w < this_week},
        weekly_swim_m=dict(swim_m),
        weekly_swim_sessions=dict(swims),
        weekly_load=dict(loads),
        activity_kcal_per_day=sum(recent_kcal) / KCAL_WINDOW_DAYS if recent_kcal else None,
    )
