"""A plausible past for the demo athlete: which planned sessions were done, how, and how they felt.

Pure and deterministic (a seeded ``random.Random``): planned sessions in, simulated activities,
strength sessions, missed sessions and daily readings out. The files the demo imports are written
from these (``coach.sample.fit_activity``, ``coach.sample.hevy_csv``), so the evening review sees
what a real athlete's watch and phone would have sent.

The model is deliberately simple and documented here rather than realistic in every detail:

* Heart rate follows the Karvonen relation ``hr = rest + f * (max - rest)`` (Karvonen, Kentala &
  Mustala 1957) with a first-order lag of ``HR_LAG_S`` towards each step's intensity fraction
  ``f`` (warm-up/cool-down 0.55, easy 0.65, hard intervals 0.88).
* Speeds per sport and intensity are the ``SPEEDS_M_S`` table; swim paces follow each step's
  target against the swimmer's CSS, which improves by ``SWIM_GAIN_S_PER_WEEK`` a week (the trend
  the swim goal should pick up).
* Strength loads are the library's prescription or ``DEFAULT_LOADS_KG`` and rise by
  ``STRENGTH_GAIN_PER_WEEK`` a week; strength and mobility sessions last their planned time.
* One weekday's sessions (``CONFLICT_WEEKDAY``) are missed for the last ``CONFLICT_WEEKS`` weeks
  (a schedule conflict the rules should notice; the first two misses say why); otherwise a
  session is skipped with probability ``SKIP_PROBABILITY``.
* The last ``TIRED_DAYS`` days bring poorer sleep and more soreness (a signal of fatigue);
  weight, body fat and VO2 max trend towards the athlete's current values (``HISTORY_TRENDS``).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.domain.exercises import exercise_library
from coach.domain.metrics import MetricType
from coach.domain.sport import Sport
from coach.domain.units import M_PER_YD
from coach.domain.workout import (
    DurationKind,
    Repeat,
    Step,
    StepKind,
    StrengthExercise,
    SwimStroke,
    TargetKind,
    WorkoutDefinition,
)
from coach.planning.transform import classify

HR_LAG_S = 30.0
WARM_FRACTION = 0.55
EASY_FRACTION = 0.65
HARD_FRACTION = 0.88
SPEEDS_M_S: dict[Sport, tuple[float, float]] = {  # (easy, hard)
    Sport.RUN: (2.9, 3.7),
    Sport.BIKE: (7.5, 9.5),
    Sport.ROW: (3.7, 4.3),
    Sport.WALK: (1.4, 1.7),
    Sport.HIKE: (1.2, 1.5),
}
SWIM_GAIN_S_PER_WEEK = 0.4
"""How much faster (s per 100 yd) the swimmer's CSS gets each week, ending at today's CSS."""
SWIM_RPE_OFFSET_S = ((9, -10.0), (7, 2.0), (6, 4.0), (1, 14.0))
"""Pace of RPE-targeted swim steps against CSS (s per 100): sprints at 9+, steady at 6-8, easy."""
SWIM_TRIAL_OFFSET_S = -8.0
SWIM_EASY_OFFSET_S = 14.0
SWIM_OPEN_REST_S = 60.0
OPEN_STEP_S = 300.0
REPS_STEP_S = 45.0
STRENGTH_GAIN_PER_WEEK = 0.015
DEFAULT_LOADS_KG = {  # working loads where the prescription gives none or a % of 1RM
    "back_squat": 75.0,
    "romanian_deadlift": 65.0,
    "goblet_squat": 24.0,
    "dumbbell_romanian_deadlift": 22.0,
    "dumbbell_row": 26.0,
    "bulgarian_split_squat": 12.0,
    "single_leg_rdl": 14.0,
    "pallof_press": 15.0,
    "russian_twist": 8.0,
    "med_ball_rotational_throw": 4.0,
}
MOBILITY_SET_S = 45.0
CONFLICT_WEEKS = 3
CONFLICT_WEEKDAY = 2  # Wednesday: early mornings stop working when a project heats up
SKIP_PROBABILITY = 0.06
DURATION_SPREAD = (0.92, 1.04)
START_JITTER_MIN = 12
TIRED_DAYS = 3
WELLNESS_RANGES: dict[MetricType, tuple[tuple[int, int], tuple[int, int]]] = {
    # (usual range, range on the tired days), 1-10 scores; sleep in hours
    MetricType.SLEEP_HOURS: ((7, 8), (5, 6)),
    MetricType.SLEEP_QUALITY: ((6, 8), (3, 4)),
    MetricType.ENERGY: ((6, 8), (4, 5)),
    MetricType.SORENESS: ((2, 4), (6, 7)),
}
TIRED_RESTING_HR_BPM = 3
HISTORY_TRENDS = {  # change over the whole history, ending at the athlete's current value
    MetricType.WEIGHT_KG: -0.9,
    MetricType.BODY_FAT_PCT: -0.8,
    MetricType.VO2_MAX: 0.6,
}
WEIGHT_NOISE_KG = 0.3
CONFLICT_REASON = "work ran late"


@dataclass(frozen=True)
class PlannedItem:
    """A planned session as the simulation needs it."""

    id: int
    day: date
    start: time | None
    definition: WorkoutDefinition
    minutes: float


@dataclass(frozen=True)
class Segment:
    """A stretch of steady effort: seconds, Karvonen fraction, speed (m/s, 0 when still)."""

    duration_s: float
    fraction: float
    speed_m_s: float


@dataclass(frozen=True)
class SwimLength:
    duration_s: float
    active: bool
    stroke: str = "freestyle"


@dataclass(frozen=True)
class Activity:
    """An endurance or mobility session as the watch recorded it."""

    planned_id: int
    sport: Sport
    start: datetime  # UTC
    segments: tuple[Segment, ...] = ()
    lengths: tuple[SwimLength, ...] = ()  # pool swims
    pool_length_m: float = 25 * M_PER_YD
    resting_hr_bpm: int = 55
    max_hr_bpm: int = 185
    name: str = ""

    @property
    def duration_s(self) -> float:
        if self.lengths:
            return sum(length.duration_s for length in self.lengths)
        return sum(s.duration_s for s in self.segments)


@dataclass(frozen=True)
class LiftedSet:
    exercise: str  # the exercise's title, as the phone app shows it
    reps: int | None
    weight_kg: float | None
    duration_s: float | None


@dataclass(frozen=True)
class StrengthSession:
    planned_id: int
    title: str
    start: datetime  # local wall-clock time, as the app exports it
    end: datetime
    sets: tuple[LiftedSet, ...]


@dataclass(frozen=True)
class Missed:
    planned_id: int
    day: date
    reason: str | None  # None: just not done, nothing said


@dataclass
class History:
    activities: list[Activity] = field(default_factory=list)
    strength: list[StrengthSession] = field(default_factory=list)
    missed: list[Missed] = field(default_factory=list)
    readings: list[tuple[date, MetricType, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Athlete:
    timezone: str
    resting_hr_bpm: int
    max_hr_bpm: int
    weight_kg: float
    body_fat_pct: float
    vo2_max: float
    css_s_per_100yd: float = 90.0


def _steps(steps: tuple[Step | Repeat, ...]) -> list[Step]:
    out: list[Step] = []
    for step in steps:
        if isinstance(step, Repeat):
            for _ in range(step.count):
                out.extend(_steps(step.steps))
        else:
            out.append(step)
    return out


def _fraction(step: Step, hard: bool) -> float:
    if step.kind in (StepKind.WARMUP, StepKind.COOLDOWN):
        return WARM_FRACTION
    if step.kind in (StepKind.RECOVERY, StepKind.REST):
        return WARM_FRACTION if step.kind is StepKind.REST else EASY_FRACTION
    return HARD_FRACTION if hard else EASY_FRACTION


def _seconds(step: Step, speed_m_s: float) -> float:
    value = step.duration.value or 0.0
    match step.duration.kind:
        case DurationKind.TIME | DurationKind.SEND_OFF:
            return value
        case DurationKind.DISTANCE:
            return value / speed_m_s if speed_m_s else OPEN_STEP_S
        case DurationKind.REPS:
            return REPS_STEP_S
        case _:
            return OPEN_STEP_S


def segments(definition: WorkoutDefinition, scale: float) -> tuple[Segment, ...]:
    """The steps of a run, ride, row or mobility session as steady segments."""
    hard, _ = classify(definition)
    easy_speed, hard_speed = SPEEDS_M_S.get(definition.sport, (0.0, 0.0))
    out = []
    for step in _steps(definition.steps):
        fraction = _fraction(step, hard)
        speed = hard_speed if fraction == HARD_FRACTION else easy_speed
        if step.kind is StepKind.REST:
            speed = 0.0
        seconds = _seconds(step, speed or easy_speed)
        if step.duration.kind is DurationKind.TIME:
            seconds *= scale
        out.append(Segment(round(seconds), fraction, speed))
    return tuple(s for s in out if s.duration_s > 0)


def swim_pace(step: Step, hard: bool, css_s: float) -> float:
    """Seconds per 100 yd for an active swim step: a CSS offset target as written, RPE targets
    by ``SWIM_RPE_OFFSET_S``, an untargeted all-out step in a hard session at time-trial pace."""
    target = step.target
    if target.kind is TargetKind.CSS_OFFSET and target.low is not None and target.high is not None:
        return css_s + (target.low + target.high) / 2
    if target.kind is TargetKind.RPE and target.low is not None:
        for rpe, offset in SWIM_RPE_OFFSET_S:
            if target.low >= rpe:
                return css_s + offset
    if step.kind is StepKind.ACTIVE and hard:
        return css_s + SWIM_TRIAL_OFFSET_S
    return css_s + SWIM_EASY_OFFSET_S


def swim_lengths(
    definition: WorkoutDefinition, css_s: float, rng: random.Random
) -> tuple[SwimLength, ...]:
    """Pool lengths for a swim: active lengths at the step's pace, rests as idle lengths."""
    hard, _ = classify(definition)
    pool_m = definition.pool_length_m or 25 * M_PER_YD
    out = []
    for step in _steps(definition.steps):
        if step.kind is StepKind.REST or step.duration.kind is DurationKind.SEND_OFF:
            out.append(SwimLength(step.duration.value or SWIM_OPEN_REST_S, active=False))
            continue
        per_length_s = swim_pace(step, hard, css_s) / (100 * M_PER_YD) * pool_m
        if step.duration.kind is DurationKind.DISTANCE:
            count = max(1, round((step.duration.value or pool_m) / pool_m))
        else:
            count = max(1, round(_seconds(step, pool_m / per_length_s) / per_length_s))
        stroke = "drill" if step.stroke is SwimStroke.DRILL else "freestyle"
        for _ in range(count):
            out.append(SwimLength(round(per_length_s * rng.uniform(0.98, 1.03), 1), True, stroke))
    return tuple(out)


def mobility_segments(definition: WorkoutDefinition, total_s: float) -> tuple[Segment, ...]:
    """A mobility session on the watch: each set held or repeated, then its rest, at low effort,
    stretched to the session's planned length (the prescription lists the exercises, the plan
    the time the athlete gives them)."""
    out = []
    for exercise in definition.exercises:
        for prescribed in exercise.sets:
            out.append(Segment(prescribed.duration_s or MOBILITY_SET_S, WARM_FRACTION, 0.0))
            out.append(Segment(exercise.rest_s, WARM_FRACTION, 0.0))
    listed_s = sum(s.duration_s for s in out) or 1.0
    return tuple(
        Segment(round(s.duration_s * total_s / listed_s), s.fraction, s.speed_m_s)
        for s in out
        if s.duration_s > 0
    )


def lifted_sets(
    exercises: tuple[StrengthExercise, ...], week: int, rng: random.Random
) -> tuple[LiftedSet, ...]:
    """The sets as logged: the prescription's reps, loads progressing week by week."""
    library = exercise_library()
    out = []
    for exercise in exercises:
        known = library.get(exercise.exercise_id)
        title = known.name if known else exercise.name
        base = DEFAULT_LOADS_KG.get(exercise.exercise_id)
        for prescribed in exercise.sets:
            weight = prescribed.load_kg if prescribed.load_kg is not None else base
            if weight is not None:
                weight = round(weight * (1 + STRENGTH_GAIN_PER_WEEK * week) * 2) / 2
            reps = prescribed.reps
            if reps is not None and prescribed.reps_max is not None:
                reps = rng.randint(reps, prescribed.reps_max)
            out.append(LiftedSet(title, reps, weight, prescribed.duration_s))
    return tuple(out)


def conflict_weekday(planned: list[PlannedItem]) -> int | None:
    """The weekday the athlete keeps missing lately: ``CONFLICT_WEEKDAY`` when the plan uses it,
    else the weekday with the most sessions."""
    counts = Counter(p.day.weekday() for p in planned)
    if counts[CONFLICT_WEEKDAY]:
        return CONFLICT_WEEKDAY
    return counts.most_common(1)[0][0] if counts else None


def simulate(planned: list[PlannedItem], athlete: Athlete, today: date, seed: int = 7) -> History:
    """What happened before ``today``: sessions done, missed and the daily readings."""
    rng = random.Random(seed)
    zone = ZoneInfo(athlete.timezone)
    history = History()
    past = sorted((p for p in planned if p.day < today), key=lambda p: (p.day, p.start or time()))
    if not past:
        return history
    first = past[0].day
    conflict = conflict_weekday(past)
    conflict_from = today - timedelta(weeks=CONFLICT_WEEKS)
    for item in past:
        week = (item.day - first).days // 7
        if item.day >= conflict_from and item.day.weekday() == conflict:
            said = sum(1 for m in history.missed if m.reason) < 2
            history.missed.append(Missed(item.id, item.day, CONFLICT_REASON if said else None))
            continue
        if rng.random() < SKIP_PROBABILITY:
            history.missed.append(Missed(item.id, item.day, None))
            continue
        local = datetime.combine(item.day, item.start or time(18, 0), zone) + timedelta(
            minutes=rng.randint(0, START_JITTER_MIN)
        )
        start = local.astimezone(UTC)
        definition = item.definition
        spread = rng.uniform(*DURATION_SPREAD)
        if definition.exercises and definition.sport is Sport.STRENGTH:
            wall = local.replace(tzinfo=None)
            history.strength.append(
                StrengthSession(
                    item.id,
                    definition.name,
                    wall,
                    wall + timedelta(minutes=round(item.minutes * spread)),
                    lifted_sets(definition.exercises, week, rng),
                )
            )
            continue
        if definition.sport is Sport.SWIM:
            weeks_ago = (today - item.day).days / 7
            css_s = athlete.css_s_per_100yd + SWIM_GAIN_S_PER_WEEK * weeks_ago
            lengths = swim_lengths(definition, css_s, rng)
            segs: tuple[Segment, ...] = ()
        elif definition.sport is Sport.MOBILITY:
            lengths, segs = (), mobility_segments(definition, item.minutes * 60 * spread)
        else:
            lengths, segs = (), segments(definition, spread)
        history.activities.append(
            Activity(
                planned_id=item.id,
                sport=definition.sport,
                start=start,
                segments=segs,
                lengths=lengths,
                pool_length_m=definition.pool_length_m or 25 * M_PER_YD,
                resting_hr_bpm=athlete.resting_hr_bpm,
                max_hr_bpm=athlete.max_hr_bpm,
                name=definition.name,
            )
        )
    history.readings = readings(athlete, first, today, rng)
    return history


def readings(
    athlete: Athlete, first: date, today: date, rng: random.Random
) -> list[tuple[date, MetricType, float]]:
    """Daily wellness and resting HR; weekly weight, body fat and VO2 max estimates that trend
    to the athlete's current values (``HISTORY_TRENDS`` over the whole history)."""
    out: list[tuple[date, MetricType, float]] = []
    span_days = max((today - first).days, 1)
    day = first
    while day <= today:
        tired = (today - day).days < TIRED_DAYS
        for metric, (usual, low) in WELLNESS_RANGES.items():
            lo, hi = low if tired else usual
            value = rng.uniform(lo, hi) if metric is MetricType.SLEEP_HOURS else rng.randint(lo, hi)
            out.append((day, metric, round(float(value), 1)))
        resting = (
            athlete.resting_hr_bpm + rng.randint(-2, 2) + (TIRED_RESTING_HR_BPM if tired else 0)
        )
        out.append((day, MetricType.RESTING_HR_BPM, float(resting)))
        if day.weekday() == 0 or day == today:
            left = 1 - (day - first).days / span_days
            current = {
                MetricType.WEIGHT_KG: athlete.weight_kg,
                MetricType.BODY_FAT_PCT: athlete.body_fat_pct,
                MetricType.VO2_MAX: athlete.vo2_max,
            }
            for metric, change in HISTORY_TRENDS.items():
                value = current[metric] - change * left
                if metric is MetricType.WEIGHT_KG:
                    value += rng.uniform(-WEIGHT_NOISE_KG, WEIGHT_NOISE_KG)
                out.append((day, metric, round(value, 1)))
        day += timedelta(days=1)
    return out
