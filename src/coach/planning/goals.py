"""How each goal kind is trained (data in ``data/goals.toml``): the qualities it needs, the
library sessions and exercise groups that train it directly, and the band a reached goal is held
in."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from coach.domain.goals import GoalKind
from coach.planning.library import Quality, Template


@dataclass(frozen=True, slots=True)
class GoalTraining:
    qualities: tuple[Quality, ...]
    key_groups: tuple[str, ...]
    key_exercises: tuple[str, ...] = ()
    maintenance: float = 0.0

    def trains(self, template: Template) -> bool:
        """Whether a library session trains the goal directly: one of its key groups, holding
        one of its key exercises when it names some."""
        if template.group not in self.key_groups:
            return False
        return not self.key_exercises or bool(
            set(template.exercise_groups) & set(self.key_exercises)
        )


def parse_goal_training(document: Mapping[str, Any]) -> dict[GoalKind, GoalTraining]:
    table: dict[GoalKind, GoalTraining] = {}
    for name, entry in document.items():
        table[GoalKind(name)] = GoalTraining(
            qualities=tuple(Quality(q) for q in entry["qualities"]),
            key_groups=tuple(entry.get("key_groups", ())),
            key_exercises=tuple(entry.get("key_exercises", ())),
            maintenance=float(entry.get("maintenance", 0.0)),
        )
    return table


@cache
def goal_training() -> dict[GoalKind, GoalTraining]:
    text = resources.files("coach.planning.data").joinpath("goals.toml").read_text("utf-8")
    return parse_goal_training(tomllib.loads(text))


def qualities_of(kind: GoalKind) -> tuple[Quality, ...]:
    found = goal_training().get(kind)
    return found.qualities if found else ()
