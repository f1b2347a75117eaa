"""The exercise library (data in ``library/exercises.toml``) and matching other apps' names to it.

A title from Hevy, Strong or a FIT file is matched to a library id by, in order: a known Hevy
template id; the normalised title among the library's names and aliases; the normalised title
without its "(Equipment)" suffix. Normalising lower-cases, drops accents and punctuation and
collapses spaces, so "Squat (Barbell)" and "squat barbell" are the same title.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from coach.domain.health import BodyArea
from coach.domain.metrics import MetricType
from coach.domain.sport import Equipment

LIBRARY_FILE = "exercises.toml"
_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


class ExerciseKind(StrEnum):
    STRENGTH = "strength"
    POWER = "power"
    PLYOMETRIC = "plyometric"
    CORE = "core"
    BALANCE = "balance"
    MOBILITY = "mobility"


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    kind: ExerciseKind
    equipment: tuple[Equipment, ...]
    group: str
    fit_category: str
    fit_name: str
    aliases: tuple[str, ...] = ()
    hevy_ids: tuple[str, ...] = ()
    metric: MetricType | None = None
    loads: frozenset[BodyArea] = frozenset()  # body areas the movement loads


def normalise_title(title: str) -> str:
    """Lower case, accents and punctuation removed, single spaces: the key titles match on."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub(" ", plain.lower().replace("'", "")).strip()


def base_title(title: str) -> str:
    """The title without "(Equipment)" parts: "Romanian Deadlift (Dumbbell)" -> "romanian
    deadlift"."""
    return normalise_title(_PARENTHESIS.sub(" ", title))


@dataclass(frozen=True)
class ExerciseLibrary:
    exercises: tuple[Exercise, ...]

    def __post_init__(self) -> None:
        ids = [exercise.id for exercise in self.exercises]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"exercise library: duplicate ids {', '.join(duplicates)}")
        by_title: dict[str, str] = {}
        by_base: dict[str, str] = {}
        for exercise in self.exercises:
            fit_title = exercise.fit_name.replace("_", " ")
            for title in (
                exercise.name,
                exercise.id.replace("_", " "),
                fit_title,
                *exercise.aliases,
            ):
                by_title.setdefault(normalise_title(title), exercise.id)
                by_base.setdefault(base_title(title), exercise.id)
        object.__setattr__(self, "_by_id", {e.id: e for e in self.exercises})
        object.__setattr__(self, "_by_title", by_title)
        object.__setattr__(self, "_by_base", by_base)
        object.__setattr__(
            self, "_by_hevy", {ref: e.id for e in self.exercises for ref in e.hevy_ids}
        )

    def get(self, exercise_id: str) -> Exercise | None:
        found: Exercise | None = self.__dict__["_by_id"].get(exercise_id)
        return found

    def match(self, title: str, *, hevy_id: str | None = None) -> str | None:
        """The library id of an exercise named ``title`` (and known by ``hevy_id``), or None."""
        if hevy_id is not None and (found := self.__dict__["_by_hevy"].get(hevy_id)):
            return str(found)
        by_title: dict[str, str] = self.__dict__["_by_title"]
        by_base: dict[str, str] = self.__dict__["_by_base"]
        return by_title.get(normalise_title(title)) or by_base.get(base_title(title))

    def same_group(self, first: str, second: str) -> bool:
        a, b = self.get(first), self.get(second)
        return a is not None and b is not None and a.group == b.group

    def substitutes(self, exercise_id: str, available: Iterable[Equipment]) -> list[Exercise]:
        """Other exercises of the same group doable with ``available`` equipment."""
        have = set(available)
        origin = self.get(exercise_id)
        if origin is None:
            return []
        return [
            e
            for e in self.exercises
            if e.group == origin.group and e.id != exercise_id and set(e.equipment) <= have
        ]


def parse_library(document: dict[str, object]) -> ExerciseLibrary:
    """Build the library from the TOML document (``[[exercise]]`` tables)."""
    items = document.get("exercise")
    if not isinstance(items, list):
        raise ValueError("exercise library: no [[exercise]] tables")
    exercises = []
    for item in items:
        category, _, fit_name = str(item["fit"]).partition("/")
        metric = item.get("metric")
        exercises.append(
            Exercise(
                id=str(item["id"]),
                name=str(item["name"]),
                kind=ExerciseKind(item["kind"]),
                equipment=tuple(Equipment(value) for value in item.get("equipment", [])),
                group=str(item["group"]),
                fit_category=category,
                fit_name=fit_name,
                aliases=tuple(str(alias) for alias in item.get("aliases", [])),
                hevy_ids=tuple(str(ref) for ref in item.get("hevy_ids", [])),
                metric=MetricType(metric) if metric else None,
                loads=frozenset(BodyArea(area) for area in item.get("loads", [])),
            )
        )
    return ExerciseLibrary(tuple(exercises))


@cache
def exercise_library() -> ExerciseLibrary:
    """The library shipped with coach (read once per process)."""
    text = resources.files("coach.domain.library").joinpath(LIBRARY_FILE).read_text("utf-8")
    return parse_library(tomllib.loads(text))


def pair_substitutions(
    planned: Sequence[str], performed: Sequence[str | None], library: ExerciseLibrary
) -> dict[int, str]:
    """Which planned exercise each off-plan performed exercise replaced: performed index ->
    planned id. A planned exercise not performed is paired first with an off-plan exercise of
    its substitution group, then with one at the same position; each is used once. Exercises
    left unpaired were simply added (or dropped)."""
    done = {exercise for exercise in performed if exercise is not None}
    missing = [exercise for exercise in planned if exercise not in done]
    off_plan = [i for i, exercise in enumerate(performed) if exercise not in planned]
    pairs: dict[int, str] = {}
    for index in off_plan:
        performed_id = performed[index]
        same_group = next(
            (
                p
                for p in missing
                if performed_id is not None and library.same_group(p, performed_id)
            ),
            None,
        )
        if same_group is not None:
            pairs[index] = same_group
            missing.remove(same_group)
    for index in off_plan:
        if index in pairs or not missing:
            continue
        if index < len(planned) and planned[index] in missing:
            pairs[index] = planned[index]
            missing.remove(planned[index])
    return pairs
