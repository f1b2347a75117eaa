"""The evening review's facts in sentences: what was done against the plan, tonight's readiness,
the data, the goals. Pure: the review gathers the inputs and adds the decision's own words.

Every sentence is built from the numbers beside it and says only what they hold: a count is
what was counted, parts add up to the total they are said with (rounded together, see
:func:`split_round`), a band named is the band the number is in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from coach.analysis.compare import Comparison, Miss, Period
from coach.analysis.freshness import Freshness
from coach.analysis.pmc import LoadState
from coach.analysis.progress import GoalProgress, Status
from coach.analysis.readiness import Readiness
from coach.analysis.trend import BEST_EFFORT_DAYS
from coach.domain.health import Episode, EpisodeKind
from coach.domain.metrics import METRIC_SPECS, MetricType, best_is_lowest
from coach.domain.units import Dimension, UnitSystem, format_quantity
from coach.domain.words import count, day, hours, listing, percent, split_round
from coach.insights.goals import describe

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
SOURCE_NAMES = {
    "garmin": "Garmin Connect",
    "hevy": "Hevy",
    "fit_file": "FIT files",
    "hevy_csv": "Hevy CSV",
    "strong_csv": "Strong CSV",
    "manual": "logged by hand",
}
REASON_WORDS = {
    "illness": "illness",
    "injury": "injury",
    "travel": "travel",
    "time": "no time",
    "fatigue": "fatigue",
    "facility": "facility closed",
    "other": "other",
}


def last7_lines(period: Period) -> list[str]:
    lines = []
    if period.workouts:
        adherence = (
            "" if period.adherence_pct is None else f" (adherence {percent(period.adherence_pct)})"
        )
        lines.append(
            f"You did {period.completed} of {count(period.workouts, 'planned session')} in the "
            f"last 7 days{adherence}."
        )
    excused: dict[str, int] = {}
    for miss in period.excused:
        key = REASON_WORDS.get(miss.kind or "", miss.kind or "")
        excused[key] = excused.get(key, 0) + 1
    if excused:
        parts = [f"{count(n, 'session')} for {why}" for why, n in excused.items()]
        total = sum(excused.values())
        lines.append(
            f"Missed and not counted against the plan: {listing(parts)}"
            f"{'' if total == 1 else ' in all'}."
        )
    if period.unknown:
        lines.append(
            f"{count(period.unknown, 'session')} without data yet "
            f"{'is' if period.unknown == 1 else 'are'} not judged."
        )
    if period.actual_h or period.due_h:
        lines.append(hours_sentence(period))
    return lines


def hours_sentence(period: Period) -> str:
    """``Training time: 3.2 h done (2.6 h in planned sessions, 0.6 h unplanned) against 4.0 h
    planned.`` — the parts add up to the total as printed."""
    text = f"Training time in the last 7 days: {hours(period.actual_h)} done"
    if period.unplanned_h >= 0.05 and period.matched_h >= 0.05:
        total, (matched, unplanned) = split_round(
            period.actual_h, [period.matched_h, period.unplanned_h]
        )
        text = (
            f"Training time in the last 7 days: {total:.1f} h done ({matched:.1f} h in planned "
            f"sessions, {unplanned:.1f} h unplanned)"
        )
    elif period.unplanned_h >= 0.05:
        text += ", all of it unplanned"
    return f"{text}, against {hours(period.due_h)} planned."


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


def sport_lines(
    comparison: Comparison,
    metrics: Mapping[MetricType, Sequence[tuple[date, float]]],
    today: date,
    system: UnitSystem,
    unknown_from: date | None = None,
) -> list[str]:
    """Per sport, the last 7 days' planned sessions done (excused misses and days without data
    aside), with the bests they show."""
    due = [
        c
        for c in comparison.due(today - timedelta(days=6), today, unknown_from=unknown_from)
        if not c.excused
    ]
    counts: dict[str, list[int]] = {}
    for c in due:
        tally = counts.setdefault(c.planned.sport, [0, 0])
        tally[0] += 1
        tally[1] += c.activity is not None
    lines = []
    for sport, (planned, done) in sorted(counts.items(), key=lambda kv: -kv[1][0]):
        bests = [
            best_change(metrics.get(m, []), m, today, system) for m in SESSION_BESTS.get(sport, ())
        ]
        said = "".join(f"; {b}" for b in bests if b)
        noun = "session" if planned == 1 else "sessions"
        lines.append(f"{sport.capitalize()}: {done} of {planned} planned {noun} done{said}.")
    return lines


def miss_lines(misses: Sequence[Miss]) -> list[str]:
    """The misses the athlete said something about, one line per reason:
    ``Missed for no time — work ran late: Easy run (Wed 25 Nov), Easy run (Wed 18 Nov).``"""
    grouped: dict[tuple[str, str], list[Miss]] = {}
    for miss in sorted(misses, key=lambda m: m.day):
        if miss.kind is None and not miss.note:
            continue
        why = REASON_WORDS.get(miss.kind or "", miss.kind or "")
        grouped.setdefault((why, miss.note or ""), []).append(miss)
    lines = []
    for (why, note), items in grouped.items():
        said = " — ".join(w for w in (f"for {why}" if why else "", note) if w)
        lines.append(
            f"Missed {said}: " + ", ".join(f"{m.name} ({day(m.day)})" for m in items) + "."
        )
    return lines


def load_line(load: LoadState | None) -> str | None:
    if load is None:
        return None
    return (
        f"Fitness {load.ctl:.0f}, fatigue {load.atl:.0f}, form {round(load.form):+d} this morning."
    )


def readiness_line(readiness: Readiness) -> str:
    if not readiness.logged and not readiness.flags:
        return (
            "No wellness entry today: `coach log wellness` (energy, soreness, sleep) lets the "
            "review check how ready you are."
        )
    if not readiness.flags:
        return "Tonight: no warning sign in your entries (green light)."
    return f"Tonight: {listing([f.text for f in readiness.flags])} ({readiness.light.value} light)."


def freshness_line(freshness: Freshness) -> str | None:
    parts = []
    for source in freshness.sources:
        name = SOURCE_NAMES.get(source.source, source.source)
        bits = []
        if source.last_sync is not None:
            bits.append(f"synced {day(source.last_sync.date())}")
        if source.last_activity is not None:
            bits.append(f"newest activity {day(source.last_activity)}")
        if source.last_error:
            bits.append("last sync failed")
        if bits:
            parts.append(f"{name} {', '.join(bits)}")
    return f"Data: {'; '.join(parts)}." if parts else None


def episode_lines(episodes: Sequence[Episode], today: date) -> list[str]:
    lines = []
    for episode in episodes:
        if episode.start > today + timedelta(days=14):
            continue
        what = episode.describe()
        what = what[0].upper() + what[1:]
        if episode.kind is EpisodeKind.TRAVEL and episode.end is not None:
            lines.append(f"Travel {day(episode.start)}-{day(episode.end)}.")
        elif episode.end is None:
            lines.append(f"{what} since {day(episode.start)}, not over yet.")
        elif episode.end >= today - timedelta(days=10):
            lines.append(f"{what} from {day(episode.start)} to {day(episode.end)}.")
    return lines


def goal_lines(
    goals: Sequence[GoalProgress], system: UnitSystem, paused: str | None = None
) -> list[str]:
    """Reached goals first (news), then those at risk or off track — said as paused while an
    illness, injury or trip explains them."""
    lines = [
        f"{p.goal.title} reached its target: {describe(p, system)}." for p in goals if p.reached
    ]
    for progress in goals:
        if progress.status not in (Status.OFF_TRACK, Status.AT_RISK):
            continue
        if paused:
            lines.append(
                f"{progress.goal.title}: paused ({paused}) — {describe(progress, system)}."
            )
        else:
            lines.append(
                f"{progress.goal.title}: {progress.status.value} — {describe(progress, system)}."
            )
    return lines
