"""One decision per evening, in order of urgency (docs/coaching.md §1).

The rules run stage by stage — health, data, recovery, fit to life, direction, details. The
first proposal found is the evening's decision: a coach stops adding changes once the top
concern is handled. Notes of the stages up to it are kept (what was checked, and why nothing
else changes), and from lower stages only the concerns (a slot that keeps failing, a goal whose
sessions are missed); a lower stage's proposal waits for another evening and is named as such.
A note can hold a lower stage back (a data gap holds adherence and goals: silence is not a
verdict).

The headline (keep / adjust / recover / pause) and the next-week line follow from the decision
made, never contradicting it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.planning.rules.base import Context, Finding, Note, Proposal, Rule, Stage, Verdict
from coach.planning.rules.data import FreshnessRule
from coach.planning.rules.details import KitRule
from coach.planning.rules.direction import BalanceRule, ReachedRule
from coach.planning.rules.fit import AdherenceRule, BandRule, SlotRule, SportRule, TravelRule
from coach.planning.rules.health import IllnessRule, InjuryRule, RedFlagRule
from coach.planning.rules.recovery import DeloadRule, EasingRule

RULES: tuple[Rule, ...] = (
    IllnessRule(),
    InjuryRule(),
    RedFlagRule(),
    FreshnessRule(),
    DeloadRule(),
    EasingRule(),
    TravelRule(),
    SlotRule(),
    SportRule(),
    AdherenceRule(),
    BandRule(),
    ReachedRule(),
    BalanceRule(),
    KitRule(),
)
"""In order of urgency; within a stage, in the order a coach would look."""


@dataclass(frozen=True)
class Decision:
    """The evening's decision: at most one proposal, the notes that explain it, and what
    waits."""

    verdict: Verdict
    proposal: Proposal | None
    notes: tuple[Note, ...]
    waiting: tuple[Proposal, ...]  # lower-stage proposals left for another evening
    held: frozenset[Stage]  # stages a note held back

    @property
    def proposals(self) -> list[Proposal]:
        return [self.proposal] if self.proposal else []


def decide(context: Context, rules: Sequence[Rule] = RULES) -> Decision:
    chosen: Proposal | None = None
    chosen_stage: Stage | None = None
    notes: list[Note] = []
    waiting: list[Proposal] = []
    held: set[Stage] = set()
    for rule in sorted(rules, key=lambda r: r.stage):  # stable: keeps the order within a stage
        if rule.stage in held:
            continue
        for found in rule(context):
            if isinstance(found, Proposal):
                if not found.operations or context.key(found) in context.settled:
                    continue  # no change at all, or one already applied or turned down
                if chosen is None:
                    chosen, chosen_stage = found, rule.stage
                elif chosen_stage is not None and rule.stage > chosen_stage:
                    waiting.append(found)  # a lower concern, for another evening
                continue
            if (
                chosen_stage is None
                or rule.stage <= chosen_stage
                or rule.stage is Stage.DATA
                or found.concern
            ):
                notes.append(found)
            held |= found.holds
    verdict = chosen.decision if chosen is not None else Verdict.KEEP
    return Decision(verdict, chosen, tuple(notes), tuple(waiting), frozenset(held))


def evaluate(context: Context, rules: Sequence[Rule] = RULES) -> list[Finding]:
    """Everything every rule finds, without choosing (for inspection and tests)."""
    found: list[Finding] = []
    for rule in rules:
        found.extend(rule(context))
    return found
