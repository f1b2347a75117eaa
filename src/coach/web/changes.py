"""A proposal's exact change, one line per operation, before → after: what the athlete approves.

The operations are the ones `review/approve.py` applies; a workout the plan no longer holds (a
change since the proposal) is said so, never guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.services.schemas import WorkoutDetail


@dataclass(frozen=True, slots=True)
class Change:
    what: str
    before: str
    after: str


def _when(day: date, start: str | None) -> str:
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {start[:5]}" if start else text


def _factor(value: Any) -> str:
    return f"{float(value) * 100:.0f} %"


def describe(
    operations: list[dict[str, Any]], workout: Callable[[int], WorkoutDetail | None]
) -> list[Change]:
    changes = []
    for op in operations:
        kind, params = op.get("kind", ""), op.get("params") or {}
        wid = op.get("workout_id")
        found = None if wid is None else workout(int(wid))
        if wid is not None and found is None:
            changes.append(Change(f"workout {wid}", "no longer in the plan", "nothing to change"))
            continue
        name = found.definition.get("name", "") if found else ""
        title = str(name or (found.sport if found else kind.replace("_", " ")))
        changes.append(_one(kind, params, title, found))
    return changes


def _one(kind: str, params: dict[str, Any], title: str, found: WorkoutDetail | None) -> Change:
    minutes = f"{found.minutes} min" if found else ""
    where = _when(found.date, found.start) if found else ""
    match kind:
        case "move":
            after = _when(date.fromisoformat(params["day"]), params.get("start"))
            return Change(title, where, after)
        case "shorten":
            shorter = round(found.minutes * float(params["factor"])) if found else None
            return Change(title, minutes, f"{shorter} min" if shorter is not None else "shorter")
        case "ease":
            return Change(
                title, "intensity as planned", f"intensity at {_factor(params['factor'])}"
            )
        case "steady":
            return Change(title, "intervals", f"{float(params['minutes']):g} min steady")
        case "substitute":
            return Change(title, str(params["exercise"]), str(params["by"]))
        case "drop_exercise":
            return Change(title, str(params["exercise"]), "left out")
        case "add_exercise":
            added = f"{params['exercise']} {params['sets']} x {params['reps']}"
            return Change(title, "—", added)
        case "replace":
            return Change(where or title, title, str(params["template"]).replace("_", " "))
        case "remove":
            return Change(title, where, "removed")
        case _:
            shown = ", ".join(f"{k} {v}" for k, v in params.items())
            return Change(kind.replace("_", " "), "as it is", shown or "changed")
