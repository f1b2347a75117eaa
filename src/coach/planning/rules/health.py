"""Health first (docs/coaching.md §1-3): illness, injury, and a red flag tonight.

**Illness** (docs/methods.md §10, the IntervalCoach return): fever or symptoms below the neck: rest
until symptom-free — the sessions of the next ``rest_days`` (3) days are cancelled, and the
review looks again each evening. A cold above the neck: easy only — hard sessions of the next
``easy_days`` (7) days become steady aerobic work. Once symptom-free (the episode's last day),
a graded return: about 30 % of the usual length for days 1-3, 50 % for days 4-6, 75 % up to
day ``return_days`` (10), and no intensity until it is done. Missed sessions are gone, never
crammed into the days after; illness never counts as "the plan does not fit". A session marked
missed for illness with no illness logged is read as a cold of unknown kind (easy only) and the
athlete is asked to log it.

**Injury**: nothing loads the injured area (the exercise library's ``loads``, sports'
``SPORT_LOADS``) until the injury is logged as over: an exercise that loads it is swapped for one
of its group that does not (or left out); an endurance session whose sport loads it becomes a
session of another sport its window allows that trains the same thing (or is cancelled). The
rest of the training goes on.

**Red flag tonight** (coach.analysis.readiness: two flags, or one severe): tomorrow is rest or
easy. Tomorrow's hard session moves to a later free window of its week, away from other hard
days; where there is none it becomes steady aerobic work. An easy session tomorrow stays easy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from coach.analysis.readiness import Light
from coach.domain.exercises import exercise_library
from coach.domain.health import BodyArea, Episode, EpisodeKind, MissReason, sport_loads
from coach.domain.words import count, day, listing
from coach.planning.rules.base import (
    Context,
    Finding,
    Note,
    Operation,
    Proposal,
    Stage,
    Upcoming,
    Verdict,
)
from coach.planning.rules.place import adapted, later_slot, move, named, scale_to, steady, within

RETURN_STEPS = ((2, 0.30), (5, 0.50), (10, 0.75))
"""Graded return after illness (docs/methods.md §10, IntervalCoach): (last day, share of the usual
length), days counted from 0, the first day without symptoms."""


def _latest(episodes: Sequence[Episode], kind: EpisodeKind, today: date) -> Episode | None:
    found = [e for e in episodes if e.kind is kind and e.start <= today]
    return max(found, key=lambda e: (e.end is None, e.end or date.min, e.start), default=None)


@dataclass(frozen=True)
class IllnessRule:
    id: str = "illness"
    version: int = 1
    stage: Stage = Stage.HEALTH
    explanation: str = __doc__ or ""
    rest_days: int = 3
    easy_days: int = 7
    return_days: int = 10
    infer_days: int = 7

    def illness(self, context: Context) -> tuple[Episode | None, bool]:
        """The illness that matters tonight (logged, or read from misses) and whether it was
        only read from a miss marked "illness"."""
        logged = _latest(context.episodes, EpisodeKind.ILLNESS, context.today)
        if logged is not None and (
            logged.end is None or (context.today - logged.end).days <= self.return_days
        ):
            return logged, False
        since = context.today - timedelta(days=self.infer_days)
        misses = [
            p.day for p in context.history if p.kind == MissReason.ILLNESS.value and p.day >= since
        ]
        if not misses or (logged is not None and logged.covers(max(misses))):
            return None, False
        first = min(misses)
        after = [p.day for p in context.history if p.done and p.day > max(misses)]
        end = min(after) - timedelta(days=1) if after else None
        return Episode(kind=EpisodeKind.ILLNESS, start=first, end=end), True

    def __call__(self, context: Context) -> Sequence[Finding]:
        episode, inferred = self.illness(context)
        if episode is None:
            return []
        if episode.end is None and episode.systemic:
            return [self._rest(context, episode)]
        if episode.end is None:
            return [self._easy(context, episode, inferred)]
        return [self._return(context, episode)]

    def _rest(self, context: Context, episode: Episode) -> Finding:
        sessions = within(context, self.rest_days)
        said = f"You logged {episode.describe()} since {day(episode.start)}"
        evidence = {"since": episode.start.isoformat(), "fever": episode.fever}
        if not sessions:
            return Note(
                self.id,
                f"{said}: rest until it is gone; nothing is planned in the next "
                f"{self.rest_days} days.",
                evidence,
            )
        return Proposal(
            self.id,
            self.version,
            "Rest until you are symptom-free",
            f"{said}. Rest until you are symptom-free: the "
            f"{count(len(sessions), 'session')} of the next {self.rest_days} days "
            f"({listing([named(s) for s in sessions])}) "
            f"{'is' if len(sessions) == 1 else 'are'} cancelled, and missed sessions are not made "
            "up. When the symptoms are gone, log `coach log recovered` and the review plans a "
            "graded return.",
            {**evidence, "cancelled": [s.id for s in sessions]},
            tuple(Operation("remove", s.id, {"reason": "illness"}) for s in sessions),
            decision=Verdict.PAUSE,
            effect="Rest now; intensity comes back only after a graded return of about 10 days.",
            focus="Next week: rest until symptom-free, then a graded return.",
        )

    def _easy(self, context: Context, episode: Episode, inferred: bool) -> Finding:
        hard = [s for s in within(context, self.easy_days) if s.hard]
        if inferred:
            said = (
                f"A session was missed for illness on {day(episode.start)}; log it with "
                "`coach log illness` (add --fever if you have one) so the review can judge"
            )
        else:
            said = f"You logged {episode.describe()} since {day(episode.start)}"
        evidence = {"since": episode.start.isoformat(), "inferred": inferred}
        if not hard:
            return Note(
                self.id, f"{said}. Easy only until it clears: nothing hard is planned.", evidence
            )
        operations = tuple(op for s in hard if (op := steady(s)) is not None)
        return Proposal(
            self.id,
            self.version,
            "Easy only while you are ill",
            f"{said}. With a cold above the neck, easy training is fine but intensity is not: "
            f"{listing([named(s) for s in hard])} "
            f"{'becomes' if len(hard) == 1 else 'become'} steady aerobic work of the same length.",
            {**evidence, "eased": [s.id for s in hard]},
            operations,
            decision=Verdict.RECOVER,
            effect="No intensity while symptoms last; the easy sessions keep you moving.",
            focus="Next week: easy only until the symptoms are gone.",
        )

    def _return(self, context: Context, episode: Episode) -> Finding:
        assert episode.end is not None
        first = episode.end + timedelta(days=1)
        last = first + timedelta(days=self.return_days)
        operations: list[Operation] = []
        changed: list[str] = []
        for session in context.upcoming:
            if session.day > last:
                continue
            n = (session.day - first).days
            share = next(f for limit, f in RETURN_STEPS if n <= limit)
            ops = [op for op in (steady(session), scale_to(context, session, share)) if op]
            if ops:
                operations += ops
                changed.append(f"{named(session)} at {share * 100:.0f} %")
        steps = listing(
            [
                f"{share * 100:.0f} % of the usual length until "
                f"{day(first + timedelta(days=limit))}"
                for limit, share in RETURN_STEPS
            ]
        )
        evidence = {
            "symptom_free_from": first.isoformat(),
            "return_until": last.isoformat(),
        }
        if not operations:
            return Note(
                self.id,
                f"Symptom-free since {day(first)}: the graded return runs to {day(last)}, and "
                "the plan already fits it.",
                evidence,
            )
        return Proposal(
            self.id,
            self.version,
            "A graded return after illness",
            f"Symptom-free since {day(first)}. Come back gradually, with no intensity until "
            f"{day(last)}: {steps}. {listing(changed)}; hard sessions become steady aerobic "
            "work. Missed sessions are not made up.",
            evidence,
            tuple(operations),
            decision=Verdict.RECOVER,
            effect=f"Full training again from {day(last + timedelta(days=1))}.",
            focus="Next week: a graded return, easy and shorter.",
        )


@dataclass(frozen=True)
class InjuryRule:
    id: str = "injury"
    version: int = 1
    stage: Stage = Stage.HEALTH
    explanation: str = __doc__ or ""
    lookahead_days: int = 14

    def __call__(self, context: Context) -> Sequence[Finding]:
        injuries = [
            e
            for e in context.episodes
            if e.kind is EpisodeKind.INJURY and e.end is None and e.start <= context.today
        ]
        if not injuries:
            return []
        areas = {e.area for e in injuries if e.area is not None}
        operations: list[Operation] = []
        lines: list[str] = []
        for session in within(context, self.lookahead_days):
            ops, line = self._around(context, session, areas)
            operations += ops
            if line:
                lines.append(line)
        where = listing(sorted(a.value for a in areas))
        since = min(e.start for e in injuries)
        evidence = {"areas": sorted(a.value for a in areas), "since": since.isoformat()}
        if not operations:
            return [
                Note(
                    self.id,
                    f"You logged a {where} injury since {day(since)}: nothing planned in the "
                    "next two weeks loads it.",
                    evidence,
                )
            ]
        return [
            Proposal(
                self.id,
                self.version,
                f"Train around the {where}",
                f"You logged a {where} injury since {day(since)}. Nothing loads the {where} "
                f"until it is better; the rest of the training goes on: {'; '.join(lines)}.",
                evidence,
                tuple(operations),
                decision=Verdict.ADJUST,
                effect=f"The {where} rests while the other goals keep their sessions.",
                focus=f"Next week: train around the {where}; log `coach log recovered` when "
                "it is better.",
            )
        ]

    def _around(
        self, context: Context, session: Upcoming, areas: set[BodyArea]
    ) -> tuple[list[Operation], str]:
        if sport_loads(session.sport) & areas:
            return self._other_sport(context, session, areas)
        library = exercise_library()
        ops: list[Operation] = []
        said: list[str] = []
        kit = context.kit(w) if (w := context.window_of(session)) else frozenset()
        for exercise_id in session.exercise_ids:
            known = library.get(exercise_id)
            if known is None or not known.loads & areas:
                continue
            options = [
                e
                for e in library.substitutes(exercise_id, kit)
                if not e.loads & areas and e.id not in session.exercise_ids
            ]
            if options:
                ops.append(
                    Operation(
                        "substitute", session.id, {"exercise": exercise_id, "by": options[0].id}
                    )
                )
                said.append(f"{known.name} -> {options[0].name}")
            else:
                ops.append(Operation("drop_exercise", session.id, {"exercise": exercise_id}))
                said.append(f"{known.name} left out")
        drops = sum(1 for op in ops if op.kind == "drop_exercise")
        if ops and drops == len(session.exercise_ids):
            return [Operation("remove", session.id, {"reason": "injury"})], (
                f"{named(session)} is cancelled (every exercise loads it)"
            )
        return ops, (f"{named(session)}: {', '.join(said)}" if ops else "")

    def _other_sport(
        self, context: Context, session: Upcoming, areas: set[BodyArea]
    ) -> tuple[list[Operation], str]:
        window = context.window_of(session)
        current = context.template(session.template)
        if window is not None and current is not None:
            for template in context.library:
                if template.sport == session.sport or sport_loads(template.sport) & areas:
                    continue
                if template.serves[0] != current.serves[0] or template.exercise_ids:
                    continue
                ops = adapted(context, session, template, window)
                if ops is not None:
                    return ops, f"{named(session)} becomes {template.name}"
        return [Operation("remove", session.id, {"reason": "injury"})], (
            f"{named(session)} is cancelled"
        )


@dataclass(frozen=True)
class RedFlagRule:
    id: str = "readiness"
    version: int = 1
    stage: Stage = Stage.HEALTH
    explanation: str = __doc__ or ""

    def __call__(self, context: Context) -> Sequence[Finding]:
        readiness = context.readiness
        if readiness.light is not Light.RED:
            return []
        flags = listing([f.text for f in readiness.flags])
        tomorrow = context.today + timedelta(days=1)
        sessions = [s for s in context.upcoming if s.day == tomorrow]
        hard = [s for s in sessions if s.hard]
        evidence = {"flags": [f.text for f in readiness.flags], "light": "red"}
        said = f"Tonight: {flags}. That is a red light for hard training tomorrow"
        if not hard:
            easy = (
                f"; {listing([named(s) for s in sessions])} is easy and can stay, kept easy"
                if sessions
                else "; nothing is planned tomorrow: rest"
            )
            return [Note(self.id, f"{said}{easy}.", evidence)]
        operations: list[Operation] = []
        lines: list[str] = []
        taken: set[tuple[date, time]] = set()
        for session in hard:
            slot = later_slot(context, session, earliest=tomorrow + timedelta(days=1), taken=taken)
            if slot is not None:
                to_day, window = slot
                taken.add((to_day, window.start))
                operations.append(move(session, to_day, window))
                lines.append(f"{named(session)} moves to {day(to_day)} {window.start:%H:%M}")
            elif (op := steady(session)) is not None:
                operations.append(op)
                lines.append(
                    f"{named(session)} becomes steady aerobic work (no free day later in the "
                    "week takes it)"
                )
        moved = any(op.kind == "move" for op in operations)
        return [
            Proposal(
                self.id,
                self.version,
                "Rest or easy tomorrow",
                f"{said}: {listing(lines)}.",
                evidence,
                tuple(operations),
                decision=Verdict.RECOVER,
                effect=(
                    "Tomorrow recovers; the hard work lands on a fresher day."
                    if moved
                    else "Tomorrow recovers; the session still counts, without the intensity."
                ),
                focus="Next week: as planned once you feel better; log how you feel each day.",
            )
        ]
