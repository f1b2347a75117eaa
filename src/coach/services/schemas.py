"""The one shape of each resource: what ``--json`` prints and what the API returns.

Values are in SI / canonical units (seconds, metres, kilograms, percent as 0-100 where a goal
says so); the CLI's tables and sentences convert to the athlete's units, JSON never does.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, create_model

from coach.domain.goals import Direction, Goal, GoalKind, GoalStatus

Timestamp = Annotated[
    datetime, PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="json")
]
"""A moment in time, written as ISO 8601 with its offset (``2026-11-30T18:05:00+00:00``)."""


class Schema(BaseModel):
    """Base of every resource shape: unknown fields are refused on input. A shape's validator
    is built when it is first used, not when coach starts."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class AthleteRef(Schema):
    id: int
    name: str
    unit_system: str
    timezone: str
    pool_unit: str


class GoalOut(Schema):
    id: int
    kind: GoalKind
    title: str
    metric: str
    direction: Direction
    target_value: float | None
    target_max: float | None
    deadline: date | None
    priority: int
    status: GoalStatus
    notes: str | None
    unit: str
    category: str

    def goal(self) -> Goal:
        """The domain goal this shape shows."""
        return Goal.model_validate(self.model_dump(exclude={"id", "unit", "category"}))


class GoalList(Schema):
    athlete: AthleteRef
    goals: list[GoalOut]


class GoalRemoved(Schema):
    removed: int
    goal: GoalOut


class WindowOut(Schema):
    weekday: str
    start: str
    end: str
    duration_s: int
    sports: list[str]
    location: str | None
    equipment: list[str]


class WindowList(Schema):
    athlete: AthleteRef
    windows: list[WindowOut]


class WindowsChanged(Schema):
    """Windows after a change, and what the change means for the coming two weeks."""

    windows: list[WindowOut]
    changes_needed: list[str]


class MetricOut(Schema):
    id: int
    date: date
    type: str
    value: float
    unit: str
    source: str
    notes: str | None


class MetricList(Schema):
    athlete: AthleteRef
    metrics: list[MetricOut]


class MeasurementsLogged(Schema):
    """Values recorded by hand for one day."""

    date: date
    metrics: list[MetricOut]


class WorkoutStatusOut(Schema):
    """A planned workout's status after it was marked."""

    workout_id: int
    status: str
    reason: str | None
    note: str | None


class SessionLogged(Schema):
    activity_id: int
    external_id: str
    sport: str
    date: date
    start_time: str
    duration_s: float
    distance_m: float | None
    load: float | None


class ActivityOut(Schema):
    id: int
    date: date
    start_time: Timestamp
    sport: str
    sub_sport: str | None
    source: str
    external_id: str
    duration_s: float
    moving_time_s: float | None
    timer_s: float | None
    distance_m: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None
    avg_power_w: float | None
    normalized_power_w: float | None
    elevation_gain_m: float | None
    calories_kcal: float | None
    name: str | None
    rpe: float | None
    load_tss: float | None
    load_method: str | None
    planned_workout_id: int | None
    partial: bool
    parent_activity_id: int | None


class ActivityPage(Schema):
    athlete: AthleteRef
    total: int
    offset: int
    limit: int | None
    activities: list[ActivityOut]


class LapOut(Schema):
    index: int
    start_time: Timestamp
    duration_s: float | None
    distance_m: float | None
    avg_hr_bpm: float | None
    avg_power_w: float | None
    swim_stroke: str | None
    num_lengths: int | None


class LengthOut(Schema):
    index: int
    start_time: Timestamp
    duration_s: float
    active: bool
    stroke: str | None
    strokes: int | None
    swolf: float | None


class SetOut(Schema):
    index: int
    exercise: str
    exercise_id: str | None
    replaces: str | None
    kind: str
    reps: int | None
    weight_kg: float | None
    duration_s: float | None
    distance_m: float | None
    rpe: float | None


class ActivityDetail(ActivityOut):
    details: dict[str, Any]
    laps: list[LapOut]
    swim_lengths: list[LengthOut]
    strength_sets: list[SetOut]
    streams: dict[str, int]
    zones: dict[str, Any]


class ExportEntry(Schema):
    """One planned workout at one target: what was (or would be) done and how it went."""

    action: str
    workout_uid: str
    planned_id: int | None
    date: date | None
    workout: str | None
    external_id: str | None
    status: str | None = None
    error: str | None = None


class ExportRun(Schema):
    """Per target (fit, ics, garmin, hevy), every upcoming workout's entry."""

    dry_run: bool
    targets: dict[str, list[ExportEntry]]

    @property
    def failed(self) -> bool:
        return any(e.status == "failed" for entries in self.targets.values() for e in entries)


class ExportedAfterChange(Schema):
    """What a plan change sent at once: the changed entries per target, or why nothing was."""

    exported: dict[str, list[ExportEntry]]
    export_error: str | None


class FilesWritten(Schema):
    path: str
    sessions: int
    entries: list[ExportEntry] = []


class SyncResult(Schema):
    """One linked source's sync: its line for people and its report (or why it failed)."""

    source: str
    label: str
    ok: bool
    summary: str
    report: dict[str, Any]
    rejected: int = 0
    problems: list[str] = []


class LinkStatus(Schema):
    source: str
    label: str
    linked: bool
    credential: str | None
    last_synced_at: Timestamp | None
    synced_through: str | None


class EverythingWritten(Schema):
    athlete: str
    path: str
    rows: dict[str, int]
    json_name: str
    csv_files: int


class PlanWeekSummary(Schema):
    week: int
    monday: date
    sessions: int
    hours: float
    hard: int


class PlanGenerated(Schema):
    plan_id: int
    monday: date
    weeks: list[PlanWeekSummary]
    unserved: list[str]


class PlannedOut(Schema):
    id: int
    date: date
    start: str | None
    sport: str
    name: str
    template: str | None
    minutes: int
    priority: int
    status: str


class PlannedWeek(Schema):
    """The planned sessions of a week (or of the whole plan) with what became of past ones."""

    athlete: AthleteRef
    first: date
    last: date
    whole_plan: bool
    workouts: list[PlannedOut]


class WorkoutDetail(Schema):
    id: int
    date: date
    start: str | None
    sport: str
    minutes: int
    priority: int
    status: str
    definition: dict[str, Any]
    description: list[str]


class PlanVersionOut(Schema):
    version: int
    created_at: Timestamp
    reason: str | None
    added: int
    removed: int


class PlanHistory(Schema):
    plan: str
    plan_id: int
    versions: list[PlanVersionOut]


class HandChange(Schema):
    """A session moved or skipped by hand: the new plan version and what the exports did."""

    message: str
    version: int
    workout_id: int | None
    after: ExportedAfterChange


class ProposalOut(Schema):
    number: int
    id: int
    rule: str
    title: str
    rationale: str
    effect: str | None
    evidence: dict[str, Any]
    operations: list[dict[str, Any]]
    status: str
    decided_at: Timestamp | None
    decided_by: str | None = None
    reason: str | None


class FlagOut(Schema):
    name: str
    value: float
    text: str
    severe: bool = False


class ReadinessOut(Schema):
    light: str
    logged_today: bool
    flags: list[FlagOut]
    trend: list[FlagOut]


class SourceFreshness(Schema):
    source: str
    newest_activity: date | None
    last_sync: Timestamp | None
    last_error: str | None


class DataGap(Schema):
    since: date
    days: int
    sessions_due: int


class FreshnessOut(Schema):
    sources: list[SourceFreshness]
    gap: DataGap | None


class ReviewOut(Schema):
    """The evening review as it was run: the decision, the insights, numbered proposals."""

    review_id: int
    date: date
    sync: list[str]
    decision: str
    headline: str
    readiness: ReadinessOut
    data: FreshnessOut
    insights: list[str]
    proposals: list[ProposalOut]
    next_week_focus: str
    narrative: str | None = None
    narrative_error: str | None = None


class AthleteReview(ReviewOut):
    """One athlete's review in a run over every athlete."""

    athlete: str
    athlete_id: int


class ReviewFailure(Schema):
    athlete: str
    error: str
    exit_code: int


class EveryReview(Schema):
    """Every athlete's review of one run (the evening timer's): made, or failed and why."""

    reviews: list[AthleteReview]
    failures: list[ReviewFailure]


class NoticeOut(Schema):
    """A message sent to the athlete (kept so that it is sent once)."""

    kind: str
    key: str
    title: str
    sent_at: Timestamp
    delivered: int


class StoredReview(Schema):
    review_id: int
    date: date
    decision: str | None
    headline: str | None
    insights: list[str]
    planned_vs_actual: dict[str, Any] | None
    next_week_focus: str | None
    proposals: list[ProposalOut]


class ProposalBrief(Schema):
    number: int
    title: str
    status: str


class ReviewBrief(Schema):
    review_id: int
    date: date
    decision: str | None
    headline: str | None
    proposals: list[ProposalBrief]


class Approved(Schema):
    approved: int
    plan_versions: list[int]
    exported: dict[str, list[ExportEntry]]
    export_error: str | None


class Rejected(Schema):
    rejected: int


class Undone(Schema):
    undone: int
    plan_version: int
    exported: dict[str, list[ExportEntry]]
    export_error: str | None


class LoadStateOut(Schema):
    """Fitness, fatigue and form on a day, with the load flags (docs: methods)."""

    day: date
    fitness_ctl: float
    fatigue_atl: float
    form: float
    form_is: str
    ramp_per_week: float | None
    monotony: float | None
    strain: float | None
    acwr: float | None
    flags: list[str]


class LoadDay(Schema):
    date: date
    load: float
    by_sport: dict[str, float]
    ctl: float
    atl: float
    form: float


class LoadSeries(Schema):
    days: list[LoadDay]
    state: LoadStateOut | None
    activities_without_load: int
    ahead: list[LoadDay] = []
    """From tomorrow, 28 days: the plan done as planned, each session at the athlete's own
    recent load per hour in its sport (docs/methods.md §14)."""
    planned_without_rate: int = 0
    """Planned sessions of a sport with no recent load to go by: left out of ``ahead``."""


class GoalProgressOut(Schema):
    id: int
    kind: str
    metric: str
    title: str
    status: str
    behind: float
    current: float | None
    current_date: date | None
    trend: float | None
    per_week: float | None
    per_month: float | None
    needed_per_week: float | None
    target: float | None
    target_max: float | None
    deadline: date | None
    projected_date: date | None
    readings: int
    reason: str
    why: str
    extras: dict[str, Any]


class ProgressPoint(Schema):
    date: date
    value: float


class GoalProgressSeries(GoalProgressOut):
    series: list[ProgressPoint]


class MissOut(Schema):
    workout_id: int
    workout: str
    date: date
    sport: str
    reason: str | None
    note: str | None


class PeriodOut(Schema):
    model_config = ConfigDict(
        extra="forbid",
        defer_build=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

    from_: date = Field(alias="from")
    to: date
    adherence_pct: float | None
    planned_h: float
    actual_h: float
    matched_h: float
    unplanned_h: float
    planned_load: float | None
    actual_load: float | None
    hours_by_sport: dict[str, float]
    sessions_by_sport: dict[str, int]
    workouts_due: int
    completed: int
    missed: list[MissOut]
    excused: list[MissOut]
    without_data: int


class GoalCards(Schema):
    """Every active goal with its readings, furthest behind first, and this week's hours."""

    athlete: AthleteRef
    goals: list[GoalProgressSeries]
    this_week: PeriodOut


class ComparedWorkout(Schema):
    planned_id: int
    date: date
    sport: str
    name: str | None
    planned_s: float
    activity_id: int | None
    actual_s: float | None
    ratio: float | None
    band: str
    score: float | None
    manual_link: bool
    reason: str | None
    reason_kind: str | None


class UnplannedOut(Schema):
    activity_id: int
    date: date
    sport: str
    seconds: float


class RecoveryOut(Schema):
    hard_days: list[date]
    days_between_hard: list[int]
    back_to_back: int


class PatternOut(Schema):
    kind: str
    value: str
    missed: int
    planned: int


class StatusOut(Schema):
    """One screen: the week's plan against what was done, form, and every goal."""

    athlete: AthleteRef
    week: date
    today: date
    workouts: list[ComparedWorkout]
    unplanned: list[UnplannedOut]
    this_week: PeriodOut
    last_7_days: PeriodOut
    data_gap: DataGap | None
    recovery: RecoveryOut
    patterns: list[PatternOut]
    load: LoadStateOut | None
    goals: list[GoalProgressOut]


class EstimateOut(Schema):
    value: float
    measured: bool
    method: str


class AthleteBrief(Schema):
    id: int
    name: str
    timezone: str
    goals: int


def _profile_fields() -> dict[str, Any]:
    from coach.domain.athlete import AthleteProfile

    return {
        name: (info.annotation, info.default) for name, info in AthleteProfile.model_fields.items()
    }


AthleteOut: type[Schema] = create_model(
    "AthleteOut",
    __base__=Schema,
    __doc__="An athlete's profile and the thresholds in use (measured, or estimated and how).",
    id=(int, ...),
    **_profile_fields(),
    pool_length_m=(float, ...),
    physiology=(dict[str, EstimateOut], ...),
    created_at=(Timestamp, ...),
)


class AthleteChanged(Schema):
    changed: list[str]
    athlete: AthleteOut


class AthleteDeleted(Schema):
    """What went when an athlete was deleted with everything coach kept of them."""

    athlete: str
    rows: int
    files: int


class AthleteCreated(Schema):
    athlete: AthleteOut
    goals: int
    windows: int


class FileImported(Schema):
    file: str
    outcome: str
    activities: int
    message: str | None


class FitImport(Schema):
    """A batch of FIT files: per outcome how many, and each file's outcome."""

    summary: dict[str, int]
    files: list[FileImported]

    @property
    def rejected(self) -> int:
        return self.summary.get("rejected", 0)


class CsvImported(Schema):
    file: str
    layout: str
    rows: int
    workouts: int
    sets: int
    added: int
    already_present: int
    replaced: int
    unknown_exercises: list[str]
    notes: list[str]


class DemoReady(Schema):
    """The demo athlete: made now or before, and its simulated past when seeded now."""

    athlete_id: int
    created: bool
    seeded: str | None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    athletes: list[int] | None
    write: bool
    created_at: Timestamp
    last_used_at: Timestamp | None
    revoked_at: Timestamp | None


class TokenCreated(TokenOut):
    token: str


class JobOut(Schema):
    id: int
    athlete_id: int
    kind: str
    status: str
    requested_by: str
    created_at: Timestamp
    started_at: Timestamp | None
    finished_at: Timestamp | None
    result: dict[str, Any] | None
    error: str | None
    attempts: int = 0
    """A worker's job: how many times it has run (retries after a 429, a 5xx, a killed worker)."""
    queue_job_id: int | None = None
    """A worker's job: its id in the queue."""


class ExportFailure(Schema):
    workout_uid: str
    planned_id: int | None
    error: str | None
    at: Timestamp | None


class TargetStatus(Schema):
    """What one target has of the plan: how many workouts per export status, when coach last
    sent one, and the ones that failed (retried by the next export)."""

    target: str
    label: str
    linked: bool
    counts: dict[str, int]
    last_exported_at: Timestamp | None
    failures: list[ExportFailure]
