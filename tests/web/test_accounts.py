"""Users sign in to the dashboard with a password (and a second factor when they turned it on):
sessions live in the database and end on sign-out, on a password change and when the user is
disabled; failed sign-ins are limited per account and per address; a forgotten password is
reset with a code the owner prints. A user reaches only the athletes they own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
import time_machine
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.config import load_settings
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import NOW
from tests.conftest import Cli
from tests.web.test_pages import Browser

athlete_with_a_plan = cli_fixtures.athlete_with_a_plan
PASSWORD = "correct horse battery"


def add_user(cli: Cli, email: str, *args: str, password: str = PASSWORD) -> dict[str, object]:
    with time_machine.travel(NOW, tick=False):
        made = cli.ok("user", "add", email, *args, "--password-stdin", "--json", input=password)
    document: dict[str, object] = json.loads(made.stdout)
    return document


@pytest.fixture
def two(athlete_with_a_plan: Cli) -> Cli:
    """Sam (athlete 1, owned by sam@example.org) and Kim (athlete 2, owned by the machine)."""
    cli = athlete_with_a_plan
    with time_machine.travel(NOW, tick=False):
        cli.ok("init", "--no-input", "--name", "Kim", "--timezone", "Europe/Oslo")
    add_user(cli, "Sam@Example.org", "--name", "Sam", "--athlete", "Sam")
    return cli


@pytest.fixture
def browser(two: Cli) -> Iterator[Browser]:
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        yield Browser(client)


def sign_in(browser: Browser, email: str, password: str = PASSWORD, code: str = "") -> Any:
    return browser.post("/sign-in", data={"email": email, "password": password, "code": code})


def test_a_user_signs_in_and_reaches_only_their_athletes(browser: Browser) -> None:
    answer = sign_in(browser, "sam@example.org")
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert browser.get("/").headers["location"] == "/a/1/tonight"
    tonight = browser.get("/a/1/tonight").text
    assert "signed in: Sam" not in tonight  # Sam's own page: the name is there already
    for page in ("tonight", "week", "goals", "settings"):
        assert browser.get(f"/a/2/{page}").status_code == 404, page  # Kim is not theirs
    csrf = browser.csrf("/a/1/log")
    kim = browser.post("/a/2/log/metric", data={"csrf": csrf, "kind": "body_fat", "value": "18"})
    assert kim.status_code == 404


def test_a_session_outlives_a_server_restart_and_ends_on_sign_out(browser: Browser) -> None:
    sign_in(browser, "sam@example.org")
    cookie = dict(browser.client.cookies)
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as again:
        other = Browser(again)
        other.client.cookies.update(cookie)
        assert other.get("/a/1/week").status_code == 200  # the new process knows the session
        csrf = other.csrf("/a/1/week")
        assert other.post("/sign-out", data={"csrf": csrf}).status_code == 303
    replayed = browser.get("/a/1/week")  # the same cookie in the first process: ended
    assert (replayed.status_code, replayed.headers["location"]) == (303, "/sign-in")


def test_a_password_change_and_disabling_end_every_session(browser: Browser, two: Cli) -> None:
    sign_in(browser, "sam@example.org")
    assert browser.get("/a/1/week").status_code == 200
    with time_machine.travel(NOW, tick=False):
        done = two.ok(
            "user", "passwd", "sam@example.org", "--password-stdin", input="a new one, long"
        )
    assert "1 session(s) ended" in done.stdout
    assert browser.get("/a/1/week").status_code == 303
    assert sign_in(browser, "sam@example.org").status_code == 401
    assert sign_in(browser, "sam@example.org", "a new one, long").status_code == 303
    with time_machine.travel(NOW, tick=False):
        two.ok("user", "disable", "sam@example.org")
    assert browser.get("/a/1/week").status_code == 303
    refused = sign_in(browser, "sam@example.org", "a new one, long")
    assert refused.status_code == 401
    with time_machine.travel(NOW, tick=False):
        two.ok("user", "enable", "sam@example.org")
    assert sign_in(browser, "sam@example.org", "a new one, long").status_code == 303


def test_failed_sign_ins_are_limited_per_account_then_allowed_again(browser: Browser) -> None:
    for _ in range(5):
        wrong = sign_in(browser, "sam@example.org", "not the password")
        assert wrong.status_code == 401
        assert "wrong e-mail, password or code" in wrong.text
    locked = sign_in(browser, "sam@example.org")  # the right password, too late
    assert locked.status_code == 429
    assert "too many failed sign-ins: try again in 15 min" in locked.text
    assert 'value="sam@example.org"' in locked.text
    with time_machine.travel(NOW + timedelta(minutes=16), tick=False):
        later = browser.client.post(
            "/sign-in",
            data={"email": "sam@example.org", "password": PASSWORD},
            follow_redirects=False,
        )
    assert later.status_code == 303


def test_failed_sign_ins_are_limited_per_address_across_accounts(browser: Browser) -> None:
    for number in range(20):
        assert sign_in(browser, f"nobody{number}@example.org").status_code == 401
    assert sign_in(browser, "sam@example.org").status_code == 429


def test_a_second_factor_is_asked_once_turned_on(browser: Browser, two: Cli) -> None:
    with time_machine.travel(NOW, tick=False):
        said = two.ok("user", "totp", "sam@example.org").stdout
    address = next(line for line in said.splitlines() if line.startswith("otpauth://"))
    secret = parse_qs(urlparse(address).query)["secret"][0]
    assert sign_in(browser, "sam@example.org").status_code == 401
    with time_machine.travel(NOW, tick=False):
        code = pyotp.TOTP(secret).now()
    assert (
        sign_in(
            browser, "sam@example.org", code="000000" if code != "000000" else "111111"
        ).status_code
        == 401
    )
    assert sign_in(browser, "sam@example.org", code=code).status_code == 303
    users = json.loads(two.ok("user", "list", "--json").stdout)
    assert [u["second_factor"] for u in users] == [True]


def test_a_forgotten_password_is_reset_with_the_owners_code_once(
    browser: Browser, two: Cli
) -> None:
    with time_machine.travel(NOW, tick=False):
        said = two.ok("user", "reset", "sam@example.org").stdout
    code = said.splitlines()[1].strip()
    page = browser.get("/reset").text
    assert "coach user reset EMAIL" in page
    form = {"email": "sam@example.org", "code": code, "password": "short", "again": "short"}
    short = browser.post("/reset", data=form)
    assert short.status_code == 422 and 'id="e-r-password"' in short.text
    form |= {"password": "brand new password", "again": "brand new passwrd"}
    differ = browser.post("/reset", data=form)
    assert differ.status_code == 422 and "the two passwords differ" in differ.text
    form |= {"again": "brand new password"}
    done = browser.post("/reset", data=form)
    assert done.status_code == 200 and "Your new password is set" in done.text
    assert sign_in(browser, "sam@example.org", "brand new password").status_code == 303
    again = browser.post(
        "/reset", data=form | {"password": "another one!", "again": "another one!"}
    )
    assert again.status_code == 422 and "wrong, used or expired" in again.text
    with time_machine.travel(NOW, tick=False):
        late_code = two.ok("user", "reset", "sam@example.org").stdout.splitlines()[1].strip()
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        late = browser.client.post(
            "/reset",
            data=form | {"code": late_code, "password": "too late now", "again": "too late now"},
        )
    assert late.status_code == 422 and "wrong, used or expired" in late.text


def test_user_commands_refuse_bad_input_in_one_line(two: Cli) -> None:
    taken = two("user", "add", "sam@example.org", "--password-stdin", input=PASSWORD)
    assert taken.exit_code == 4 and "exists already" in taken.stderr
    short = two("user", "add", "kim@example.org", "--password-stdin", input="short")
    assert short.exit_code == 2 and "at least 10 characters" in short.stderr
    bad = two("user", "add", "not-an-address", "--password-stdin", input=PASSWORD)
    assert bad.exit_code == 2 and "is not an e-mail address" in bad.stderr
    no_tty = two("user", "add", "kim@example.org")
    assert no_tty.exit_code == 2 and "--password-stdin" in no_tty.stderr
    unknown = two("user", "disable", "nobody@example.org")
    assert unknown.exit_code == 3 and "coach user list" in unknown.stderr
    listed = json.loads(two.ok("user", "list", "--json").stdout)
    assert [(u["email"], u["athletes"], u["owner"]) for u in listed] == [
        ("sam@example.org", [1], False)
    ]
