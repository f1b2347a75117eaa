"""A coach with three athletes (docs/coaching.md: every change approved by a person, and the
athlete knows who). Each athlete signs up on their own, grants the coach edit access, the coach
accepts; each logs a fever, as a person does (`coach log illness`), and the evening review
proposes rest for each. The coach approves Bea's proposal only: Bea's plan changes, Ann's and
Cy's are untouched and their proposals still wait, and Bea's own Tonight page says who approved
it. Built through the public ways in (the sign-up page, `coach plan generate`, `coach log`,
`coach review`), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.config import load_settings
from tests.cli.conftest import NOW
from tests.conftest import Cli
from tests.web.test_pages import Browser

PASSWORD = "correct horse battery"
ATHLETES = ("Ann", "Bea", "Cy")


def run(cli: Cli, *args: str) -> Any:
    with time_machine.travel(NOW, tick=False):
        return json.loads(cli.ok(*args, "--json").stdout)


def sign_up(client: TestClient, email: str, name: str) -> Browser:
    browser = Browser(client)
    answer = browser.post(
        "/sign-up",
        data={
            "email": email,
            "name": name,
            "password": PASSWORD,
            "again": PASSWORD,
            "timezone": "America/Denver",
            "unit_system": "imperial",
            "pool_unit": "yd",
        },
    )
    assert answer.status_code == 303, answer.text
    return browser


def fresh(client: TestClient) -> TestClient:
    """Another browser on the same server (its own cookies)."""
    return TestClient(client.app, raise_server_exceptions=False)


@pytest.fixture
def coached(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Cli, TestClient]]:
    monkeypatch.setenv("COACH_SIGN_UP", "true")
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        sign_up(fresh(client), "carla@example.org", "Carla")
        for name in ATHLETES:
            athlete = sign_up(fresh(client), f"{name.lower()}@example.org", name)
            page = athlete.get("/")
            assert page.status_code == 303
            home = page.headers["location"]
            settings = home.replace("/tonight", "/settings")
            offered = athlete.post(
                f"{settings}/grants",
                data={
                    "csrf": athlete.csrf(settings),
                    "email": "carla@example.org",
                    "level": "edit",
                },
            )
            assert offered.status_code == 303, offered.text
            with time_machine.travel(NOW, tick=False):
                plan = ("--weeks", "4", "--start", "2026-11-09")
                cli.ok("plan", "generate", "--athlete", name, *plan)
                cli.ok("log", "illness", "--athlete", name, "--since", "2026-11-20", "--fever")
        yield cli, client


def test_a_coach_approves_one_athletes_proposal_and_the_others_are_untouched(
    coached: tuple[Cli, TestClient],
) -> None:
    cli, client = coached
    carla = Browser(fresh(client))
    assert (
        carla.post(
            "/sign-in", data={"email": "carla@example.org", "password": PASSWORD}
        ).status_code
        == 303
    )
    # Carla's own page: three offers to accept, nothing reached yet
    roster = carla.get("/").text
    assert roster.count("offers you <strong>edit</strong> access") == 3
    for grant in re.findall(r'action="/grants/(\d+)/accept"', roster):
        accepted = carla.post(f"/grants/{grant}/accept", data={"csrf": carla.csrf("/")})
        assert accepted.status_code == 303
    reviews = {name: run(cli, "review", "--athlete", name) for name in ATHLETES}
    for name, review in reviews.items():
        assert review["decision"] == "pause", (name, review["headline"])
        assert [p["status"] for p in review["proposals"]] == ["proposed"]
    before = {name: run(cli, "plan", "history", "--athlete", name) for name in ATHLETES}

    roster = carla.get("/").text  # every athlete on one card: tonight, and what waits
    for name in ATHLETES:
        card = roster.split(f">{name}</a></h2>", 1)[1].split("</article>", 1)[0]
        assert "edit access" in card and "Tonight</a>:" in card
        assert "1 proposal</a>" in card, card
    bea = next(a for a in run(cli, "athlete", "list") if a["name"] == "Bea")
    tonight = f"/a/{bea['id']}/tonight"
    review_id = reviews["Bea"]["review_id"]
    approved = carla.post(
        f"/a/{bea['id']}/reviews/{review_id}/approve",
        data={"csrf": carla.csrf(tonight), "number": "1"},
    )
    assert approved.status_code == 303, approved.text

    after = {name: run(cli, "plan", "history", "--athlete", name) for name in ATHLETES}
    assert len(after["Bea"]["versions"]) == len(before["Bea"]["versions"]) + 1
    for name in ("Ann", "Cy"):
        assert after[name] == before[name]  # untouched
        shown = run(cli, "review", "show", str(reviews[name]["review_id"]), "--athlete", name)
        assert [p["status"] for p in shown["proposals"]] == ["proposed"]
    shown = run(cli, "review", "show", str(review_id), "--athlete", "Bea")
    assert [(p["status"], p["decided_by"]) for p in shown["proposals"]] == [
        ("applied", "Carla <carla@example.org>")
    ]

    # Bea sees who approved it, on her own page
    bea_browser = Browser(fresh(client))
    bea_browser.post("/sign-in", data={"email": "bea@example.org", "password": PASSWORD})
    page = bea_browser.get(tonight).text
    assert "approved and applied by Carla &lt;carla@example.org&gt;" in page
    # and the audit log names the user
    export = run(cli, "export-data", "--athlete", "Bea", "--out", "bea-data")
    document = json.loads((Path(export["folder"]) / "coach-export.json").read_text())
    approvals = [e for e in document["audit_log"] if e["action"] == "adjustment.approve"]
    assert [e["actor"] for e in approvals] == ["user:carla@example.org"]
