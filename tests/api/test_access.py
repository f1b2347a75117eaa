"""Who reaches what, route by route: every route that names an athlete answers 404 to a token
that does not reach that athlete (as if it did not exist), 403 to a read-only token that
tries a change, 401 without a valid token. Taken from the app's own OpenAPI document, so a new
route is checked the day it is added."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import Api, make_token
from tests.conftest import Cli

WRITES = {"post", "put", "patch", "delete"}


def _routes(api: Api) -> list[tuple[str, str]]:
    document = api.client.get("/api/v1/openapi.json").json()
    return [
        (method.upper(), path.removeprefix("/api/v1"))
        for path, item in document["paths"].items()
        for method in item
        if "{athlete_id}" in path
    ]


def _filled(path: str, athlete: int) -> str:
    path = path.replace("{athlete_id}", str(athlete))
    return re.sub(r"\{[a-z_]+\}", "1", path)


def _two_athletes(api: Api) -> tuple[int, int]:
    ids = []
    for name in ("Sam", "Alex"):
        made = api.ok("POST", "/athletes", 201, json={"profile": {"name": name, "timezone": "UTC"}})
        ids.append(made["athlete"]["id"])
    return ids[0], ids[1]


def _send(api: Api, method: str, path: str) -> Any:
    body = {} if method in ("POST", "PUT", "PATCH") else None
    return api.call(method, path, json=body)


def test_a_token_without_the_athlete_gets_404_on_every_route(api: Api, cli: Cli) -> None:
    sam, alex = _two_athletes(api)
    alex_only = api.as_token(make_token(cli, "alex", "--athlete", str(alex), "--write"))
    routes = _routes(api)
    assert len(routes) >= 40
    answers = {(m, p): _send(alex_only, m, _filled(p, sam)).status_code for m, p in routes}
    assert {route: code for route, code in answers.items() if code != 404} == {}
    listed = alex_only.ok("GET", "/athletes")
    assert [a["name"] for a in listed] == ["Alex"]  # Sam is not even listed


def test_a_read_only_token_gets_403_on_every_change(api: Api, cli: Cli) -> None:
    sam, _ = _two_athletes(api)
    reader = api.as_token(make_token(cli, "reader", "--athlete", str(sam)))
    changes = [(m, p) for m, p in _routes(api) if m.lower() in WRITES]
    assert len(changes) >= 20
    answers = {(m, p): _send(reader, m, _filled(p, sam)).status_code for m, p in changes}
    assert {route: code for route, code in answers.items() if code != 403} == {}
    assert reader.call("GET", f"/athletes/{sam}").status_code == 200  # reading is fine
    created = reader.call("POST", "/athletes", json={"profile": {"name": "Kim", "timezone": "UTC"}})
    assert created.status_code == 403


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        (None, "an API token is needed"),
        ("Bearer nonsense", "not a coach API token"),
        ("Bearer coach_unknownunknownunknownunknownunknown", "unknown API token"),
    ],
    ids=["none", "not-a-token", "unknown"],
)
def test_no_valid_token_is_401(api: Api, header: str | None, detail: str) -> None:
    headers = {"Authorization": header} if header else {}
    response = api.client.get("/api/v1/athletes", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"
    assert detail in response.json()["detail"]


def test_a_revoked_token_stops_at_once(api: Api, cli: Cli) -> None:
    token = make_token(cli, "phone")
    phone = api.as_token(token)
    assert phone.call("GET", "/athletes").status_code == 200
    listed = json.loads(cli.ok("token", "list", "--json").stdout)
    phone_id = next(t["id"] for t in listed if t["name"] == "phone")
    cli.ok("token", "revoke", str(phone_id))
    refused = phone.call("GET", "/athletes")
    assert refused.status_code == 401
    assert f"API token {phone_id} (phone) was revoked" in refused.json()["detail"]


def test_tokens_are_kept_only_as_a_hash(api: Api, cli: Cli) -> None:
    _two_athletes(api)
    token = make_token(cli, "phone")
    listed = cli.ok("token", "list", "--json").stdout
    assert token not in listed and token[:10] in listed  # the prefix identifies it
    cli.ok("export-data", "--athlete", "Sam", "--out", "everything")
    assert token not in "".join(p.read_text() for p in Path("everything").iterdir())


# -- users and grants: a coach reaches an athlete only through an accepted grant -----------------

PASSWORD = "correct horse battery"


def _user(cli: Cli, email: str, *args: str) -> None:
    cli.ok("user", "add", email, *args, "--password-stdin", input=PASSWORD)


def _coach_and_sam(api: Api, cli: Cli) -> tuple[int, Api]:
    """Sam (owned by sam@example.org) and a coach's read-and-write token (coach@example.org)."""
    sam, _ = _two_athletes(api)
    _user(cli, "sam@example.org", "--athlete", str(sam))
    _user(cli, "coach@example.org", "--name", "Carla")
    coach = api.as_token(make_token(cli, "carla", "--user", "coach@example.org", "--write"))
    return sam, coach


def _grant(cli: Cli, athlete: int, level: str) -> int:
    args = ["coach@example.org", "--level", level, "--athlete", str(athlete), "--json"]
    made = json.loads(cli.ok("grant", "add", *args).stdout)
    return int(made["id"])


def test_a_coach_without_an_accepted_grant_gets_404_on_every_route(api: Api, cli: Cli) -> None:
    sam, coach = _coach_and_sam(api, cli)
    routes = _routes(api)
    never = {(m, p): _send(coach, m, _filled(p, sam)).status_code for m, p in routes}
    assert {route: code for route, code in never.items() if code != 404} == {}
    grant = _grant(cli, sam, "full")  # offered, not yet accepted: still nothing
    offered = {(m, p): _send(coach, m, _filled(p, sam)).status_code for m, p in routes}
    assert {route: code for route, code in offered.items() if code != 404} == {}
    assert coach.ok("GET", "/athletes") == []
    assert [g["state"] for g in coach.ok("GET", "/grants")] == ["pending"]
    stranger = api.as_token(make_token(cli, "sam's", "--user", "sam@example.org", "--write"))
    assert stranger.call("POST", f"/grants/{grant}/accept").status_code == 403  # not theirs
    assert coach.call("DELETE", "/grants/999").status_code == 404


def test_a_view_only_coach_gets_403_on_every_change(api: Api, cli: Cli) -> None:
    sam, coach = _coach_and_sam(api, cli)
    grant = _grant(cli, sam, "view")
    assert coach.ok("POST", f"/grants/{grant}/accept")["state"] == "active"
    changes = [(m, p) for m, p in _routes(api) if m.lower() in WRITES]
    answers = {(m, p): _send(coach, m, _filled(p, sam)).status_code for m, p in changes}
    assert {route: code for route, code in answers.items() if code != 403} == {}
    assert coach.ok("GET", f"/athletes/{sam}")["name"] == "Sam"  # reading is what view is
    assert [a["name"] for a in coach.ok("GET", "/athletes")] == ["Sam"]
    refused = coach.call("POST", f"/athletes/{sam}/metrics", json={"values": {"weight_kg": 80}})
    assert "your access to this athlete is 'view'" in refused.json()["detail"]


def test_an_edit_coach_changes_the_training_but_not_what_is_the_athletes(
    api: Api, cli: Cli
) -> None:
    sam, coach = _coach_and_sam(api, cli)
    grant = _grant(cli, sam, "edit")
    coach.ok("POST", f"/grants/{grant}/accept")
    logged = coach.call("POST", f"/athletes/{sam}/metrics", json={"values": {"weight_kg": 80}})
    assert logged.status_code == 201, logged.text
    for method, path, body in [
        ("PATCH", f"/athletes/{sam}", {"changes": {"timezone": "Europe/Oslo"}}),
        ("DELETE", f"/athletes/{sam}?confirm=Sam", None),
        ("POST", f"/athletes/{sam}/grants", {"coach_email": "coach@example.org"}),
    ]:
        answer = coach.call(method, path, json=body)
        assert answer.status_code == 403, (method, path, answer.text)


def test_a_revoked_grant_ends_the_coachs_reach_at_once(api: Api, cli: Cli) -> None:
    sam, coach = _coach_and_sam(api, cli)
    grant = _grant(cli, sam, "full")
    coach.ok("POST", f"/grants/{grant}/accept")
    assert coach.call("GET", f"/athletes/{sam}/goals").status_code == 200
    cli.ok("grant", "revoke", str(grant))
    assert coach.call("GET", f"/athletes/{sam}/goals").status_code == 404
    assert coach.ok("GET", "/athletes") == []
    assert coach.call("POST", f"/grants/{grant}/accept").status_code == 409  # not again
    listed = json.loads(cli.ok("grant", "list", "--athlete", str(sam), "--json").stdout)
    assert [(g["state"], g["revoked_by"]) for g in listed] == [
        ("revoked", "the owner (command line)")
    ]
