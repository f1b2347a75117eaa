"""Who reaches what on the dashboard, page by page and form by form, taken from the app's own
routes (a new page is checked the day it is added): a user without access to an athlete gets 404
on every page and every form of that athlete, as if they did not exist; a coach with view access
reads every page and gets 403 on every change; a form without its CSRF token is refused (403)
whoever sends it; a revoked grant ends the coach's session's reach at the next request."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.config import load_settings
from coach.web import pages, people
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import NOW
from tests.conftest import Cli
from tests.web.test_accounts import add_user, sign_in
from tests.web.test_pages import Browser

athlete_with_a_plan = cli_fixtures.athlete_with_a_plan
FILLED = {"source": "hevy"}
"""A path parameter's value when it is not an id."""
OWN_TOKENS = {
    "/a/{athlete_id}/settings/tokens",
    "/a/{athlete_id}/settings/tokens/{token_id}/revoke",
}
"""A user's own API tokens, made and revoked from any athlete's Settings they reach."""
OPEN = {"/sign-in", "/sign-in/token", "/reset", "/sign-up", "/"}
"""Pages for everyone (signed in or not)."""


def _pages(client: TestClient) -> list[tuple[str, str]]:
    """Every page and form of the dashboard (its routers, as the app includes them)."""
    assert isinstance(client.app, FastAPI)
    found = []
    for route in [*pages.router.routes, *people.router.routes]:
        assert isinstance(route, APIRoute)
        found += [(method, route.path) for method in sorted(route.methods)]
    return found


def _filled(path: str, athlete: int) -> str:
    path = path.replace("{athlete_id}", str(athlete))
    return re.sub(r"\{([a-z_]+)\}", lambda m: FILLED.get(m.group(1), "1"), path)


@pytest.fixture
def coached(athlete_with_a_plan: Cli) -> Iterator[tuple[Cli, TestClient]]:
    """Sam (athlete 1) owned by sam@; Carla, a coach; Eve, who owns nobody."""
    cli = athlete_with_a_plan
    add_user(cli, "sam@example.org", "--name", "Sam", "--athlete", "Sam")
    add_user(cli, "carla@example.org", "--name", "Carla")
    add_user(cli, "eve@example.org", "--name", "Eve")
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        yield cli, client


def _as(client: TestClient, email: str) -> Browser:
    browser = Browser(TestClient(client.app, raise_server_exceptions=False))
    assert sign_in(browser, email).status_code == 303
    return browser


def test_a_user_without_access_gets_404_on_every_page_and_form(
    coached: tuple[Cli, TestClient],
) -> None:
    _, client = coached
    eve = _as(client, "eve@example.org")
    csrf = eve.csrf("/account/delete")
    pages = [(m, p) for m, p in _pages(client) if "{athlete_id}" in p]
    assert len(pages) >= 40
    answers = {}
    for method, path in pages:
        url = _filled(path, 1)
        sent = eve.get(url) if method == "GET" else eve.post(url, data={"csrf": csrf})
        answers[(method, path)] = sent.status_code
    assert {route: code for route, code in answers.items() if code != 404} == {}
    assert eve.post("/grants/1/accept", data={"csrf": csrf}).status_code == 404


def test_a_view_only_coach_reads_every_page_and_gets_403_on_every_change(
    coached: tuple[Cli, TestClient],
) -> None:
    cli, client = coached
    with time_machine.travel(NOW, tick=False):
        cli.ok("grant", "add", "carla@example.org", "--level", "view", "--athlete", "Sam")
    carla = _as(client, "carla@example.org")
    csrf = carla.csrf("/")
    accepted = carla.post("/grants/1/accept", data={"csrf": csrf})
    assert accepted.status_code == 303
    pages = [(m, p) for m, p in _pages(client) if "{athlete_id}" in p]
    changes = {}
    for method, path in pages:
        if method == "POST" and path not in OWN_TOKENS:
            changes[path] = carla.post(_filled(path, 1), data={"csrf": csrf}).status_code
    assert {route: code for route, code in changes.items() if code != 403} == {}
    for page in ("tonight", "week", "month", "fitness", "goals", "activities", "log", "settings"):
        shown = carla.get(f"/a/1/{page}")
        assert shown.status_code == 200, page
        assert "You coach Sam with <strong>view</strong> access" in shown.text
        controls = re.findall(r'method="post" action="(/a/1/[^"]+)"', shown.text)
        assert [c for c in controls if "/settings/tokens" not in c] == [], page  # none to press
    assert carla.get("/a/1/export.zip").status_code == 403  # the athlete's data: full only
    assert carla.get("/a/1/delete").status_code == 403
    # her own token (even one that "may change things") reaches Sam as she does: read-only
    made = carla.post("/a/1/settings/tokens", data={"csrf": csrf, "name": "phone", "write": "1"})
    assert made.status_code == 303
    token = carla.get("/a/1/settings").text.split("Token phone: ", 1)[1].split(" ", 1)[0]
    api = {"Authorization": f"Bearer {token}"}
    with time_machine.travel(NOW, tick=False):
        assert client.get("/api/v1/athletes/1", headers=api).status_code == 200
        body = {"values": {"weight_kg": 80}}
        wrote = client.post("/api/v1/athletes/1/metrics", headers=api, json=body)
        assert wrote.status_code == 403
        assert client.get("/api/v1/athletes/2", headers=api).status_code == 404

    with time_machine.travel(NOW, tick=False):
        cli.ok("grant", "revoke", "1")
    assert carla.get("/a/1/tonight").status_code == 404  # the same session: reach gone at once
    assert "Sam" not in carla.get("/").text
    with time_machine.travel(NOW, tick=False):  # and her token's
        assert client.get("/api/v1/athletes/1", headers=api).status_code == 404


def test_a_form_without_its_csrf_token_is_refused_on_every_change(
    coached: tuple[Cli, TestClient],
) -> None:
    _, client = coached
    sam = _as(client, "sam@example.org")
    posts = [p for m, p in _pages(client) if m == "POST" and p not in OPEN]
    assert len(posts) >= 30
    answers = {path: sam.post(_filled(path, 1), data={}).status_code for path in posts}
    assert {route: code for route, code in answers.items() if code != 403} == {}
    forged = {
        path: sam.post(_filled(path, 1), data={"csrf": "forged"}).status_code for path in posts
    }
    assert {route: code for route, code in forged.items() if code != 403} == {}
    assert sam.get("/a/1/tonight").status_code == 200  # still signed in: nothing changed


def test_a_session_expires(coached: tuple[Cli, TestClient]) -> None:
    _, client = coached
    sam = _as(client, "sam@example.org")
    assert sam.get("/a/1/week").status_code == 200
    hours = load_settings().web_session_h
    with time_machine.travel(NOW + timedelta(hours=hours, minutes=1), tick=False):
        late = sam.client.get("/a/1/week", follow_redirects=False)
    assert (late.status_code, late.headers["location"]) == (303, "/sign-in")
