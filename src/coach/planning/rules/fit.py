"""Fit the plan to the life the athlete has (docs/coaching.md §3, §5, §6).

- **Travel**: on a trip's days the trip's own windows and kit apply: a session moves to a window
  of that day where it can be done, or becomes a library session of the same kind that can, or is
  cancelled. Goals pause meanwhile (the review says so instead of "at risk").
- **Missed slots** (coach.analysis.compare.patterns: a weekday or time of day missed at least
  twice and half the time in 4 weeks, excused misses aside): the upcoming sessions there move to
  a free window of their week the athlete does make, or swap places with a session sitting in
  such a window (the less important session takes the difficult slot).
- **A sport missed again and again**: fewer sessions of it (one a week, in the slot done most
  often) — or, with one a week already, a shorter one (``simplify_to_minutes``).
- **Adherence** below ``act_below`` (70 %) over the last 7 days: cut the next 7 days to what has
  proven doable — the mean weekly hours done over the last ``proven_weeks`` (3) full weeks plus
  ``headroom`` (10 %), never below what was done in the last 7 days. Only sessions in slots the
  athlete misses (made less than half the time) are dropped, the least important first; the
  ones the athlete does stay, every active goal keeps a session for the quality it needs first,
  and the only strength or mobility session of a week is never dropped. Between 70 and 80 % the
  plan stays; above 80 % it fits.
- **Above the band** for the last ``band_weeks`` (2) full weeks: name where the extra hours came
  from (unplanned sessions, sessions longer than planned) and drop planned sessions the extras
  already cover until the plan plus the usual extras fits the band's top.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from statistics import fmean

from coach.analysis.compare import WEEKDAYS, Pattern, window_of
from coach.domain.athlete import AvailabilityWindow
from coach.domain.exercises import exercise_library
from coach.domain.health import EpisodeKind
from coach.domain.sport import ENDURANCE_SPORTS, Sport
from coach.domain.words import count, day, hours, listing, percent, split_round
from coach.planning.rules.base import (
    Context,
    Finding,
    Note,
    Operation,
    Past,
    Proposal,
    Stage,
    Upcoming,
    Verdict,
    free_windows,
    hard_days,
    near_hard,
    pct,
    slot_rate,
    week_of,
)
from coach.planning.rules.place import (
    adapted,
    fits_window,
    minutes_of,
    move,
    named,
    scale_to,
    swapped_in_place,
    within,
)

ONLY_ONE = (Sport.STRENGTH.value, Sport.MOBILITY.value)
"""Sports whose only session of a week is never dropped to save time."""
RELIABLE = 0.5
"""A slot the athlete makes at least half the time (or has no history in) is one they make."""


@dataclass(frozen=True)
class TravelRule:
    id: str = "travel"
    version: int = 1
    stage: Stage = Stage.FIT
    explanation: str = __doc__ or ""
    lookahead_days: int = 14

    def __call__(self, context: Context) -> Sequence[Finding]:
        last = context.today + timedelta(days=self.lookahead_days)
        trips = [
            e
            for e in context.episodes
            if e.kind is EpisodeKind.TRAVEL
            and e.end is not None
            and e.end > context.today
            and e.start <= last
        ]
        if not trips:
            return []
        operations: list[Operation] = []
        lines: list[str] = []
        taken: set[tuple[date, time]] = set()
        for session in context.upcoming:
            if not any(t.covers(session.day) for t in trips):
                continue
            ops, line = self._on_trip(context, session, taken)
            operations += ops
            if line:
                lines.append(line)
        trip = trips[0]
        assert trip.end is not None
        dates = f"{day(trip.start)}-{day(trip.end)}"
        evidence = {"from": trip.start.isoformat(), "to": trip.end.isoformat()}
        if not operations:
            return [Note(self.id, f"Travel {dates}: the plan already fits the trip.", evidence)]
        return [
            Proposal(
                self.id,
                self.version,
                f"Fit the plan to your trip ({dates})",
                f"You are travelling {dates}, with "
                + (
                    listing(
                        sorted({f"{w.start:%H:%M}-{w.end:%H:%M}" for t in trips for w in t.windows})
                    )
                    + " to train"
                    if any(t.windows for t in trips)
                    else "no time set aside to train"
                )
                + f": {'; '.join(lines)}. Goals pause while you are away; nothing is made up "
                "afterwards.",
                evidence,
                tuple(operations),
                decision=Verdict.ADJUST,
                effect="Every session on the trip fits where you will be.",
                focus="Next week: travel — short sessions where the trip allows.",
            )
        ]

    def _on_trip(
        self, context: Context, session: Upcoming, taken: set[tuple[date, time]]
    ) -> tuple[list[Operation], str]:
        windows = [
            w for w in context.windows_on(session.day) if (session.day, w.start) not in taken
        ]
        here = context.window_of(session)
        if here is not None and fits_window(context, session, here, in_place=True):
            return [], ""
        for window in windows:  # the session itself, perhaps with the kit that is there
            swaps = swapped_in_place(context, session, window)
            if swaps is None:
                continue
            taken.add((session.day, window.start))
            ops = [
                Operation("substitute", session.id, {"exercise": old, "by": new})
                for old, new in swaps.items()
            ]
            if session.start != window.start:
                ops.append(move(session, session.day, window))
            kit = f", with {_swap_words(swaps)}" if swaps else ""
            if session.start != window.start:
                return ops, f"{named(session)} moves to {window.start:%H:%M}{kit}"
            return ops, f"{named(session)} stays{kit}"
        current = context.template(session.template)
        for window in windows:  # another session of the same kind that can be done there
            for template in context.library:
                if current is not None and template.serves[0] != current.serves[0]:
                    continue
                replaced = adapted(context, session, template, window)
                if replaced is None:
                    continue
                taken.add((session.day, window.start))
                ops = replaced + (
                    [move(session, session.day, window)] if session.start != window.start else []
                )
                return ops, f"{named(session)} becomes {template.name} at {window.start:%H:%M}"
        return [Operation("remove", session.id, {"reason": "travel"})], (
            f"{named(session)} is cancelled"
        )


def _swap_words(swaps: Mapping[str, str]) -> str:
    library = exercise_library()
    names = [
        f"{a.name if (a := library.get(old)) else old} -> "
        f"{b.name if (b := library.get(new)) else new}"
        for old, new in swaps.items()
    ]
    return listing(names)


def _in_slot(session: Upcoming, kind: str, value: str) -> bool:
    if kind == "weekday":
        return WEEKDAYS[session.day.weekday()] == value
    return session.start is not None and window_of(session.start) == value


def _in_past_slot(past: Past, kind: str, value: str) -> bool:
    if kind == "weekday":
        return WEEKDAYS[past.day.weekday()] == value
    return past.start is not None and window_of(past.start) == value


def _missed_counts(patterns: Sequence[Pattern]) -> str:
    """``Wednesday sessions were missed 3 of 3 times and early morning ones 4 of 6 in the last
    4 weeks``."""
    first, *rest = patterns
    text = (
        f"{first.value.capitalize()} sessions were missed {first.missed} of {first.planned} times"
    )
    for p in rest:
        text += f", {p.value} ones {p.missed} of {p.planned}"
    return text + " in the last 4 weeks"


def _pattern_doc(pattern: Pattern) -> dict[str, object]:
    return {
        "pattern": pattern.kind,
        "value": pattern.value,
        "missed": pattern.missed,
        "planned": pattern.planned,
    }


def _less_important(other: Upcoming, session: Upcoming) -> bool:
    """Whether ``other`` may take the difficult slot for ``session``: a lower priority, or the
    same priority and easy where the session is hard."""
    if other.priority != session.priority:
        return other.priority > session.priority
    return session.hard and not other.hard


def _makes(context: Context, day_: date, window: AvailabilityWindow) -> bool:
    rate = slot_rate(context, day_.weekday(), window.start)
    return rate is None or rate >= RELIABLE


@dataclass(frozen=True)
class SlotRule:
    id: str = "schedule_conflict"
    version: int = 2
    stage: Stage = Stage.FIT
    explanation: str = __doc__ or ""

    outside_max: float = 0.5
    """A slot is the problem only when the athlete misses at most half of the other sessions;
    when everything is missed, the week is too much (the adherence rule's business)."""

    def specific(self, context: Context, pattern: Pattern) -> bool:
        others = [
            p
            for p in context.history
            if not p.excused and not _in_past_slot(p, pattern.kind, pattern.value)
        ]
        if not others:
            return False
        return sum(1 for p in others if not p.done) / len(others) <= self.outside_max

    def __call__(self, context: Context) -> Sequence[Finding]:
        slots = [
            p
            for p in context.patterns
            if p.kind in ("weekday", "window") and self.specific(context, p)
        ]
        operations: list[Operation] = []
        lines: list[str] = []
        fixed: list[Pattern] = []
        stuck: list[Pattern] = []
        moved: set[int] = set()
        for pattern in slots:
            affected = [
                u
                for u in context.upcoming
                if _in_slot(u, pattern.kind, pattern.value) and u.id not in moved
            ]
            if not affected:
                continue
            ops, said = self._fix(context, affected, pattern.kind, pattern.value, moved)
            if ops:
                operations += ops
                lines += said
                fixed.append(pattern)
                moved |= {op.workout_id for op in ops if op.workout_id is not None}
            else:
                stuck.append(pattern)
        found: list[Finding] = []
        if operations:
            names = listing([p.value for p in fixed])
            slot = "that slot does" if len(fixed) == 1 else "those slots do"
            found.append(
                Proposal(
                    self.id,
                    self.version,
                    f"Move sessions away from {names}",
                    f"{_missed_counts(fixed)}: {slot} not work for you. {'; '.join(lines)}.",
                    {"patterns": [_pattern_doc(p) for p in fixed]},
                    tuple(operations),
                    decision=Verdict.ADJUST,
                    effect="The sessions land in slots you have been making.",
                    focus=f"Next week: the {names} sessions in their new slots.",
                )
            )
        if stuck:
            found.append(
                Note(
                    self.id,
                    f"{_missed_counts(stuck)}, and no window you make can take them: add one "
                    "with `coach availability set`.",
                    {"patterns": [_pattern_doc(p) for p in stuck]},
                    concern=True,
                )
            )
        return found

    def _fix(
        self, context: Context, affected: list[Upcoming], kind: str, value: str, used: set[int]
    ) -> tuple[list[Operation], list[str]]:
        operations: list[Operation] = []
        lines: list[str] = []
        taken: set[tuple[date, time]] = set()
        swapped: set[int] = set(used)
        for session in affected:
            target = self._free(context, session, kind, value, taken)
            if target is not None:
                to_day, window = target
                taken.add((to_day, window.start))
                operations.append(move(session, to_day, window))
                lines.append(f"{named(session)} moves to {day(to_day)} {window.start:%H:%M}")
                continue
            other = self._partner(context, session, kind, value, swapped)
            if other is not None and other.start is not None and session.start is not None:
                swapped |= {session.id, other.id}
                operations.append(
                    Operation("move", session.id,
                              {"day": other.day.isoformat(), "start": other.start.isoformat()})
                )  # fmt: skip
                operations.append(
                    Operation("move", other.id,
                              {"day": session.day.isoformat(), "start": session.start.isoformat()})
                )  # fmt: skip
                lines.append(f"{named(session)} swaps places with {named(other)}")
        return operations, lines

    def _free(
        self,
        context: Context,
        session: Upcoming,
        kind: str,
        value: str,
        taken: set[tuple[date, time]],
    ) -> tuple[date, AvailabilityWindow] | None:
        hard = hard_days(context, ignore={session.id})
        options = []
        for day_, window in free_windows(context, week_of(session.day), taken):
            if kind == "weekday" and WEEKDAYS[day_.weekday()] == value:
                continue
            if kind == "window" and window_of(window.start) == value:
                continue
            if not fits_window(context, session, window) or not _makes(context, day_, window):
                continue
            if session.hard and near_hard(day_, hard):
                continue
            options.append((abs((day_ - session.day).days), day_, window))
        if not options:
            return None
        _, day_, window = min(options, key=lambda o: (o[0], o[1], o[2].start))
        return day_, window

    def _partner(
        self, context: Context, session: Upcoming, kind: str, value: str, used: set[int]
    ) -> Upcoming | None:
        """A less important session of the same week, in a slot the athlete makes, that can
        take the difficult slot while this one takes its place."""
        here = context.window_of(session)
        if here is None:
            return None
        candidates = []
        for other in context.upcoming:
            if (
                other.id == session.id
                or other.id in used
                or week_of(other.day) != week_of(session.day)
            ):
                continue
            if _in_slot(other, kind, value) or not _less_important(other, session):
                continue
            there = context.window_of(other)
            if there is None or not _makes(context, other.day, there):
                continue
            if not fits_window(context, session, there) or not fits_window(context, other, here):
                continue
            hard = hard_days(context, ignore={session.id, other.id})
            if session.hard and near_hard(
                other.day, hard | ({session.day} if other.hard else set())
            ):
                continue
            if other.hard and near_hard(session.day, hard | {other.day}):
                continue
            candidates.append(other)
        if not candidates:
            return None
        return max(candidates, key=lambda o: (o.priority, not o.hard, -o.minutes))


@dataclass(frozen=True)
class SportRule:
    id: str = "sport_missed"
    version: int = 1
    stage: Stage = Stage.FIT
    explanation: str = __doc__ or ""
    simplify_to_minutes: float = 30.0

    def __call__(self, context: Context) -> Sequence[Finding]:
        found: list[Finding] = []
        slot_rule = SlotRule()
        slots = [
            (p.kind, p.value)
            for p in context.patterns
            if p.kind in ("weekday", "window") and slot_rule.specific(context, p)
        ]
        for pattern in context.patterns:
            if pattern.kind != "sport" or self._explained(context, pattern.value, slots):
                continue
            sessions = [u for u in context.upcoming if u.sport == pattern.value]
            if not sessions:
                continue
            operations: list[Operation] = []
            lines: list[str] = []
            by_week: dict[date, list[Upcoming]] = {}
            for s in sessions:
                by_week.setdefault(week_of(s.day), []).append(s)
            for week in by_week.values():
                if len(week) > 1:
                    keep = max(week, key=lambda s: self._rank(context, s))
                    for s in week:
                        if s.id != keep.id:
                            operations.append(Operation("remove", s.id, {"reason": "frequency"}))
                            lines.append(f"{named(s)} is dropped ({named(keep)} stays)")
                else:
                    (only,) = week
                    share = self.simplify_to_minutes / context.usual_minutes(only)
                    if share < 1 and (op := scale_to(context, only, share)) is not None:
                        operations.append(op)
                        lines.append(
                            f"{named(only)} is cut to about {self.simplify_to_minutes:.0f} min, "
                            "keeping each exercise"
                        )
            evidence = {
                "sport": pattern.value,
                "missed": pattern.missed,
                "planned": pattern.planned,
            }
            said = (
                f"{pattern.value.capitalize()} sessions were missed {pattern.missed} of "
                f"{pattern.planned} times in the last 4 weeks"
            )
            if not operations:
                found.append(Note(self.id, f"{said}; the plan already has few of them.", evidence))
                continue
            found.append(
                Proposal(
                    self.id,
                    self.version,
                    f"Fewer, simpler {pattern.value} sessions",
                    f"{said}. Fewer, simpler ones that happen beat more that do not: "
                    f"{'; '.join(lines)}.",
                    evidence,
                    tuple(operations),
                    decision=Verdict.ADJUST,
                    effect=f"One {pattern.value} session a week you do keeps the goals it serves "
                    "moving; more can come back once it sticks.",
                    focus=f"Next week: make the one {pattern.value} session happen.",
                )
            )
        return found

    def _explained(self, context: Context, sport: str, slots: list[tuple[str, str]]) -> bool:
        """Whether the slot, not the sport, is the problem: every miss of the sport fell in one
        missed slot (a weekday or a time of day) while the sport is done elsewhere (runs missed
        on Wednesdays, done on Saturdays). Then the missed-slot rule moves it."""
        sessions = [p for p in context.history if p.sport == sport and not p.excused]
        misses = [p for p in sessions if not p.done]
        return any(
            all(_in_past_slot(p, kind, value) for p in misses)
            and any(p.done and not _in_past_slot(p, kind, value) for p in sessions)
            for kind, value in slots
        )

    def _rank(self, context: Context, session: Upcoming) -> tuple[float, int, int]:
        rate = slot_rate(context, session.day.weekday(), session.start)
        return (1.0 if rate is None else rate, -session.priority, -session.day.toordinal())


def _protected(context: Context, session: Upcoming, left: list[Upcoming]) -> bool:
    """Dropping ``session`` from ``left`` would lose the week's only strength or mobility
    session, or the last session of a quality an active goal needs first."""
    rest = [s for s in left if s.id != session.id]
    if session.sport in ONLY_ONE and not any(s.sport == session.sport for s in rest):
        return True
    return context.stimulus_kept(rest) != context.stimulus_kept(left)


def _reliability(context: Context, session: Upcoming) -> float:
    rate = slot_rate(context, session.day.weekday(), session.start)
    return 1.0 if rate is None else rate


@dataclass(frozen=True)
class AdherenceRule:
    id: str = "adherence"
    version: int = 2
    stage: Stage = Stage.FIT
    explanation: str = __doc__ or ""
    keep_above: float = 80.0
    act_below: float = 70.0
    headroom: float = 1.10
    proven_weeks: int = 3

    def __call__(self, context: Context) -> Sequence[Finding]:
        last7 = context.last7
        adherence = last7.adherence_pct
        evidence = {
            "adherence_pct": None if adherence is None else round(adherence, 1),
            "done": last7.completed,
            "due": last7.workouts,
            "done_h": round(last7.actual_h, 2),
            "planned_h": round(last7.due_h, 2),
        }
        if adherence is None:
            return []
        if adherence > self.keep_above:
            return [
                Note(self.id, f"Adherence {pct(adherence)}: the plan fits your week.", evidence)
            ]
        if adherence >= self.act_below:
            return [
                Note(
                    self.id,
                    f"Adherence {pct(adherence)}, between {self.act_below:g} and "
                    f"{self.keep_above:g} %: close enough, the volume stays.",
                    evidence,
                )
            ]
        return [self._cut(context, adherence, evidence)]

    def proven_h(self, context: Context) -> float:
        recent = [w.done_h for w in context.weeks[-self.proven_weeks :]]
        return fmean(recent) if recent else context.last7.actual_h

    def _cut(self, context: Context, adherence: float, evidence: Mapping[str, object]) -> Finding:
        proven = self.proven_h(context)
        floor = max(proven, context.last7.actual_h)
        target = floor * self.headroom
        week = within(context, 7)
        total = minutes_of(week) / 60
        planned = count(context.last7.workouts, "planned session")
        said = (
            f"You did {context.last7.completed} of {planned} in the last 7 days "
            f"(adherence {percent(adherence)}). Over the last "
            f"{count(min(self.proven_weeks, len(context.weeks)) or 1, 'full week')} you trained "
            f"{hours(proven)} a week on average"
        )
        evidence = {**evidence, "proven_h": round(proven, 2), "next_7_days_h": round(total, 2)}
        if total <= target:
            return Note(
                self.id,
                f"{said}; the next 7 days hold {hours(total)}, already within what you manage "
                "plus a little. Nothing to cut: the sessions need to happen.",
                evidence,
            )
        removed: set[int] = set()
        failing = [s for s in week if _reliability(context, s) < RELIABLE]  # never what works
        order = sorted(
            failing, key=lambda s: (_reliability(context, s), -s.priority, -s.day.toordinal())
        )
        for session in order:
            left = [s for s in week if s.id not in removed]
            if total - session.minutes / 60 < floor or _protected(context, session, left):
                continue
            removed.add(session.id)
            total -= session.minutes / 60
            if total <= target:
                break
        if not removed:
            return Note(
                self.id,
                f"{said}. Every session of the next 7 days sits in a slot you make or is the only "
                "one for a goal: nothing can go without losing what works.",
                {**evidence, "cut": False},
            )
        dropped = [s for s in week if s.id in removed]
        kept = [s for s in week if s.id not in removed]
        why = " (slots you have been missing)"
        if total <= target:
            effect = (
                f"About {hours(total)} over the next 7 days: what you have been doing plus a "
                "little, with every goal keeping a session."
            )
        else:
            effect = (
                f"About {hours(total)} over the next 7 days, more than the {hours(proven)} a week "
                "you have been doing: what is left works for you or is a goal's only session."
            )
        return Proposal(
            self.id,
            self.version,
            "Cut the next week to what you manage",
            f"{said}. The next 7 days drop {listing([named(s) for s in dropped])}{why} and "
            f"keep {listing([named(s) for s in kept])}.",
            {**evidence, "dropped": sorted(removed), "next_week_h": round(total, 2)},
            tuple(Operation("remove", s.id, {"reason": "adherence"}) for s in dropped),
            decision=Verdict.ADJUST,
            effect=effect,
            focus="Next week: a shorter week you can finish.",
        )


@dataclass(frozen=True)
class BandRule:
    id: str = "volume_band"
    version: int = 1
    stage: Stage = Stage.FIT
    explanation: str = __doc__ or ""
    band_weeks: int = 2

    def __call__(self, context: Context) -> Sequence[Finding]:
        low, high = context.band_h
        weeks = list(context.weeks[-self.band_weeks :])
        if len(weeks) < self.band_weeks or not all(w.done_h > high for w in weeks):
            return []
        extra_h = fmean(w.unplanned_h for w in weeks)
        longer_h = fmean(w.longer_h for w in weeks)
        by_sport: dict[str, float] = {}
        for w in weeks:
            for sport, h in w.unplanned_by_sport.items():
                by_sport[sport] = by_sport.get(sport, 0.0) + h / len(weeks)
        done = " and ".join(hours(w.done_h) for w in weeks)
        sources = []
        if extra_h >= 0.05:
            ordered = sorted(by_sport.items(), key=lambda kv: -kv[1])
            total, shares = split_round(extra_h, [h for _, h in ordered])
            parts = ", ".join(
                f"{sport} {h:.1f} h" for (sport, _), h in zip(ordered, shares, strict=True)
            )
            sources.append(f"unplanned sessions ({total:.1f} h a week: {parts})")
        if longer_h >= 0.05:
            sources.append(f"sessions longer than planned ({hours(longer_h)} a week)")
        said = (
            f"You trained {done} in the last {count(len(weeks), 'full week')}, above your "
            f"{low:g}-{high:g} h band; the extra came from "
            + (listing(sources) if sources else "the planned sessions themselves")
        )
        week = within(context, 7)
        planned = minutes_of(week) / 60
        expected = planned + extra_h + longer_h
        evidence = {
            "weeks_h": [round(w.done_h, 2) for w in weeks],
            "unplanned_h": round(extra_h, 2),
            "longer_h": round(longer_h, 2),
            "next_7_days_h": round(planned, 2),
        }
        if expected <= high:
            return [
                Note(
                    self.id,
                    f"{said}. The next 7 days hold {hours(planned)}: with extras like these, "
                    f"about {hours(expected)}, inside the band.",
                    evidence,
                )
            ]
        endurance = {sport.value for sport in ENDURANCE_SPORTS}
        covered = {"aerobic"} if set(by_sport) & endurance else set()
        order = sorted(
            week,
            key=lambda s: (not (covered and set(s.qualities) <= covered), s.hard, -s.priority),
        )
        removed: set[int] = set()
        for session in order:
            left = [s for s in week if s.id not in removed]
            if _protected(context, session, left):
                continue
            removed.add(session.id)
            expected -= session.minutes / 60
            if expected <= high:
                break
        if not removed:
            return [
                Note(
                    self.id,
                    f"{said}. The plan cannot lose a session without losing a goal's only one: "
                    "keep the extras shorter or easier to stay inside the band.",
                    evidence,
                )
            ]
        dropped = [s for s in week if s.id in removed]
        return [
            Proposal(
                self.id,
                self.version,
                f"Back inside {low:g}-{high:g} h",
                f"{said}. To bring the week back under {high:g} h with extras like these, the "
                f"next 7 days drop {listing([named(s) for s in dropped])}: your extra "
                "sessions already train the same.",
                {**evidence, "dropped": sorted(removed)},
                tuple(Operation("remove", s.id, {"reason": "volume"}) for s in dropped),
                decision=Verdict.ADJUST,
                effect=f"About {hours(expected)} next week with extras like these, inside "
                f"{low:g}-{high:g} h.",
                focus=f"Next week: back inside {low:g}-{high:g} h.",
            )
        ]
