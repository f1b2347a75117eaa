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
