"""The sign-up page: closed unless COACH_SIGN_UP is on; open, it makes an account and its own
athlete and signs in; a taken e-mail, a short password or an unknown time zone is said beside
its field with everything typed kept; sign-ups from one address are limited like sign-ins."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.config import load_settings
from tests.conftest import Cli
from tests.web.test_pages import Browser

PASSWORD = "correct horse battery"


def _form(address: str, **changes: str) -> dict[str, str]:
    form = {
        "email": address,
        "name": address.split("@", maxsplit=1)[0].capitalize(),
        "password": PASSWORD,
        "again": PASSWORD,
        "timezone": "Europe/Oslo",
        "unit_system": "metric",
        "pool_unit": "m",
    }
    return form | changes


@pytest.fixture
def open_sign_up(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    monkeypatch.setenv("COACH_SIGN_UP", "true")
    monkeypatch.setenv("COACH_SIGN_IN_FAILURES_PER_ADDRESS", "3")
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        yield Browser(client)


def test_sign_up_is_closed_unless_turned_on(cli: Cli) -> None:
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        browser = Browser(client)
        assert browser.get("/sign-up").status_code == 404
        assert browser.post("/sign-up", data=_form("kim@example.org")).status_code == 404
        assert "Sign up" not in browser.get("/sign-in").text


def test_a_sign_up_makes_an_account_and_its_athlete(open_sign_up: Browser, cli: Cli) -> None:
    browser = open_sign_up
    assert 'href="/sign-up"' in browser.get("/sign-in").text
    made = browser.post("/sign-up", data=_form("kim@example.org"))
    assert made.status_code == 303
    home = browser.get("/")
    assert home.headers["location"] == "/a/1/tonight"  # her own athlete, signed in
    settings = browser.get("/a/1/settings").text
    assert "Europe/Oslo" in settings and "Coaches" in settings  # hers: she may grant
    listed = json.loads(cli.ok("user", "list", "--json").stdout)
    assert [(u["email"], u["name"], u["athletes"]) for u in listed] == [
        ("kim@example.org", "Kim", [1])
    ]


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"password": "short", "again": "short"}, "at least 10 characters"),
        ({"again": "another one entirely"}, "the two passwords differ"),
        ({"timezone": "Mars/Olympus"}, "Mars/Olympus"),
        ({"email": "not an address"}, "e-mail"),
    ],
    ids=["short", "differ", "timezone", "email"],
)
def test_a_bad_sign_up_says_why_and_keeps_what_was_typed(
    open_sign_up: Browser, changes: dict[str, str], said: str
) -> None:
    refused = open_sign_up.post("/sign-up", data=_form("kim@example.org", **changes))
    assert refused.status_code == 422
    assert said in refused.text
    assert 'value="Kim"' in refused.text  # the name typed is still there
    assert PASSWORD not in refused.text


def test_a_taken_email_and_too_many_sign_ups_from_one_address(open_sign_up: Browser) -> None:
    browser = open_sign_up
    assert browser.post("/sign-up", data=_form("kim@example.org")).status_code == 303
    taken = browser.post("/sign-up", data=_form("kim@example.org", name="Kim Two"))
    assert taken.status_code == 422
    assert "a user kim@example.org exists already" in taken.text
    browser.post("/sign-up", data=_form("lee@example.org"))
    limited = browser.post("/sign-up", data=_form("max@example.org"))
    assert limited.status_code == 429
    assert "too many attempts from this address: try again in 15 min" in limited.text
    assert 'value="max@example.org"' in limited.text  # what was typed is kept
