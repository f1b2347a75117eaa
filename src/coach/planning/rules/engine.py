"""Run every rule over one context; collect what they propose and what they decided."""

from __future__ import annotations

from collections.abc import Sequence

from coach.planning.rules.adherence import AdherenceRule
from coach.planning.rules.base import Context, Decision, Proposal, Rule
from coach.planning.rules.equipment import EquipmentRule
from coach.planning.rules.fatigue import FatigueRule
from coach.planning.rules.goals import GoalBalanceRule
from coach.planning.rules.schedule import ScheduleRule
from coach.planning.rules.strength import StrengthRule

RULES: tuple[Rule, ...] = (
    FatigueRule(),
    AdherenceRule(),
    ScheduleRule(),
    StrengthRule(),
    GoalBalanceRule(),
    EquipmentRule(),
)
"""In order of precedence: recovery first, then what fits the week, then the goals."""


def evaluate(context: Context, rules: Sequence[Rule] = RULES) -> list[Proposal | Decision]:
    found: list[Proposal | Decision] = []
    for rule in rules:
        found.extend(rule(context))
    return found
