"""Adaptive rules: one per module, each pure, versioned and explaining itself.

A rule reads a :class:`~coach.planning.rules.base.Context` (facts and analysis results) and
returns proposals (changes as data, with a coach's explanation and the numbers behind it) or a
statement of what it decided and why. Rules never write; approval applies a proposal.
"""

from coach.planning.rules.base import Context, Decision, Operation, Proposal, Rule, Upcoming
from coach.planning.rules.engine import RULES, evaluate

__all__ = ["RULES", "Context", "Decision", "Operation", "Proposal", "Rule", "Upcoming", "evaluate"]
