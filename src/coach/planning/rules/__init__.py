"""Adaptive rules: one decision per evening, in order of urgency (docs/coaching.md).

A rule reads a :class:`~coach.planning.rules.base.Context` (facts and analysis results) and
returns proposals (changes as data, with a coach's explanation, the numbers behind it and the
expected effect) or notes (what it checked and why nothing changes). The engine keeps the first
proposal in the order of urgency. Rules never write; approval applies a proposal.
"""

from coach.planning.rules.base import (
    Context,
    Finding,
    Note,
    Operation,
    Past,
    Proposal,
    Rule,
    Stage,
    TrackedGoal,
    Upcoming,
    Verdict,
    Week,
)
from coach.planning.rules.engine import RULES, Decision, decide, evaluate

__all__ = [
    "RULES",
    "Context",
    "Decision",
    "Finding",
    "Note",
    "Operation",
    "Past",
    "Proposal",
    "Rule",
    "Stage",
    "TrackedGoal",
    "Upcoming",
    "Verdict",
    "Week",
    "decide",
    "evaluate",
]
