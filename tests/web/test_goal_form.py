"""Adding a goal from the dashboard: an athlete who signed up on their phone has no CLI, so
Settings offers every goal kind with a target typed in their own units. Every example the form
shows is a target coach accepts; a bad field is said beside it with what was typed kept, and
nothing is stored until the whole goal is good."""

from __future__ import annotations

import json
from html import unescape

import pytest

from coach.domain.goals import GOAL_KINDS, Direction, GoalKind, make_goal
from coach.domain.units import M_PER_IN, UnitSystem, parse_quantity
from coach.web.render import GOAL_TARGET_EXAMPLES, RANGE_UPPER_EXAMPLES, goal_choices
from tests.conftest import Cli
from tests.web.test_pages import Browser
from tests.web.test_sign_up import _form, open_sign_up

__all__ = ["open_sign_up"]  # the fixture, shared with the sign-up tests

KINDS = [kind for kind in GoalKind if kind is not GoalKind.CUSTOM]


@pytest.mark.parametrize("system", list(UnitSystem))
@pytest.mark.parametrize("kind", KINDS, ids=[kind.value for kind in KINDS])
def test_every_example_the_form_shows_is_a_goal_coach_accepts(
    kind: GoalKind, system: UnitSystem
) -> None:
    spec = GOAL_KINDS[kind]
    imperial = system is UnitSystem.IMPERIAL
    example = GOAL_TARGET_EXAMPLES[kind][imperial]
    target = parse_quantity(example, spec.dimension, system)
    upper = None
    if spec.direction is Direction.RANGE:
        upper_text = RANGE_UPPER_EXAMPLES[kind][imperial]
        upper = parse_quantity(upper_text, spec.dimension, system)
        shown = f"{spec.title} — a range, e.g. {example} to {upper_text}"
    else:
        shown = f"{spec.title} — e.g. {example}"
    make_goal(kind, target_value=target, target_max=upper)  # plausible: no error
    assert (kind.value, shown) in goal_choices(system.value)


def _goals(cli: Cli) -> list[dict[str, object]]:
    return list(json.loads(cli.ok("goals", "list", "--json").stdout))


def test_an_athlete_who_signed_up_adds_goals_in_their_units(
    open_sign_up: Browser, cli: Cli
) -> None:
    browser = open_sign_up
    made = browser.post("/sign-up", data=_form("kim@example.org", unit_system="imperial"))
    assert made.status_code == 303
    goals_page = browser.get("/a/1/goals").text
    assert "No active goals yet." in goals_page and 'href="/a/1/settings#new-goal"' in goals_page
    settings = browser.get("/a/1/settings").text
    assert '<details id="new-goal" open>' in settings  # no goals yet: the form is open
    assert "Box jump height — e.g. 24 in" in unescape(settings)  # her units
    csrf = browser.csrf("/a/1/settings")

    def add(**fields: str) -> object:
        return browser.post("/a/1/settings/goals", data={"csrf": csrf, **fields})

    jump = add(kind="box_jump", target="24", deadline="2027-06-30", priority="2")
    assert jump.status_code == 303 and jump.headers["location"].startswith("/a/1/settings#goal-")
    hours = add(kind="weekly_hours", target="3", target_max="5", priority="1")
    assert hours.status_code == 303
    own = add(kind="custom", metric="hrv_ms", target="70", title="Calmer nerves", direction="")
    assert own.status_code == 303
    assert "Goal Calmer nerves: added." in browser.get("/a/1/settings").text  # said once
    assert "Goal Calmer nerves: added." not in browser.get("/a/1/settings").text
    stored = {goal["kind"]: goal for goal in _goals(cli)}
    assert set(stored) == {"box_jump", "weekly_hours", "custom"}
    box = stored["box_jump"]
    assert box["target_value"] == pytest.approx(24 * M_PER_IN)  # a bare number: inches
    assert (box["deadline"], box["priority"], box["direction"]) == ("2027-06-30", 2, "increase")
    week = stored["weekly_hours"]
    assert (week["target_value"], week["target_max"], week["direction"]) == (3.0, 5.0, "range")
    mine = stored["custom"]
    assert (mine["title"], mine["metric"], mine["target_value"]) == ("Calmer nerves", "hrv_ms", 70)
    shown = browser.get("/a/1/goals").text
    assert "Box jump height" in shown and "24.0 in" in shown and "No active goals" not in shown


@pytest.mark.parametrize(
    ("fields", "field", "said"),
    [
        ({"target": "20"}, "kind", "choose what the goal is"),
        ({"kind": "custom", "target": "20"}, "metric", "choose what measures a goal of your own"),
        ({"kind": "box_jump", "target": "lots"}, "target", "cannot read 'lots'"),
        ({"kind": "weekly_hours", "target": "3"}, "form", "a lower and an upper bound"),
        ({"kind": "body_fat", "target": "1"}, "form", "outside the plausible range"),
        ({"kind": "body_fat", "target": "14", "deadline": "2026-01-05"}, "form", "must be ahead"),
        ({"kind": "body_fat", "target": "14", "deadline": "soon"}, "deadline", "'soon'"),
        ({"kind": "body_fat", "priority": "9"}, "priority", "choose a priority of 1-5"),
    ],
    ids=["no-kind", "no-metric", "target", "range", "implausible", "past", "deadline", "priority"],
)
def test_a_bad_goal_is_refused_beside_its_field_and_nothing_is_stored(
    open_sign_up: Browser, cli: Cli, fields: dict[str, str], field: str, said: str
) -> None:
    browser = open_sign_up
    assert browser.post("/sign-up", data=_form("kim@example.org")).status_code == 303
    csrf = browser.csrf("/a/1/settings")
    refused = browser.post("/a/1/settings/goals", data={"csrf": csrf, **fields})
    assert refused.status_code == 422
    page = unescape(refused.text)
    assert said in page
    if field == "form":
        assert 'class="error" role="alert"' in refused.text
    else:
        assert f'id="e-ng-{field}"' in refused.text  # beside its field
    if fields.get("target"):
        assert f'name="target" value="{fields["target"]}"' in refused.text  # kept as typed
    assert '<details id="new-goal" open>' in refused.text
    assert _goals(cli) == []
