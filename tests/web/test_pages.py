"""The dashboard without a browser (FastAPI's TestClient over the real app): who may sign in and
how, that a change needs its form's CSRF token and the right access, that every page reads
without JavaScript, and that errors are pages here and problem documents under /api."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.config import load_settings
from coach.fakes.hevy.state import DEFAULT_API_KEY
from tests import fitfiles
from tests.api import test_sync_jobs
from tests.api.conftest import make_token
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import HEVY, NOW, call
from tests.conftest import Cli

athlete_with_a_plan = cli_fixtures.athlete_with_a_plan
PAGES = ["tonight", "week", "month", "fitness", "goals", "activities", "log", "settings"]


class Browser:
    """A client keeping its cookies, every request on the Sunday evening NOW."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def get(self, path: str, **kwargs: Any) -> Any:
        with time_machine.travel(NOW, tick=False):
            return self.client.get(path, follow_redirects=False, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        with time_machine.travel(NOW, tick=False):
            return self.client.post(path, follow_redirects=False, **kwargs)

    def csrf(self, page: str) -> str:
        html = self.get(page).text
        return html.split('name="csrf" value="', 1)[1].split('"', 1)[0]

    def sign_in_as_owner(self) -> None:
        with time_machine.travel(NOW, tick=False):
            code = self.client.app.state.web_sessions.issue_code()  # type: ignore[attr-defined]
        assert self.get(f"/sign-in?code={code}").status_code == 303


@pytest.fixture
def browser(athlete_with_a_plan: Cli) -> Iterator[Browser]:
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        yield Browser(client)


def test_a_page_without_a_session_sends_to_sign_in(browser: Browser) -> None:
    answer = browser.get("/a/1/tonight")
    assert (answer.status_code, answer.headers["location"]) == (303, "/sign-in")
    assert "coach serve" in browser.get("/sign-in").text


def test_the_one_time_link_signs_in_once(browser: Browser) -> None:
    with time_machine.travel(NOW, tick=False):
        code = browser.client.app.state.web_sessions.issue_code()  # type: ignore[attr-defined]
    first = browser.get(f"/sign-in?code={code}")
    assert first.status_code == 303
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert browser.get("/").headers["location"] == "/a/1/tonight"
    assert "signed in: the owner" in browser.get("/a/1/week").text
    browser.client.cookies.clear()
    again = browser.get(f"/sign-in?code={code}")
    assert again.status_code == 401
    assert "this sign-in link was used or has expired" in again.text


def test_a_link_older_than_its_minutes_is_refused(browser: Browser) -> None:
    with time_machine.travel(NOW, tick=False):
        code = browser.client.app.state.web_sessions.issue_code()  # type: ignore[attr-defined]
    with time_machine.travel(NOW + timedelta(minutes=16), tick=False):
        late = browser.client.get(f"/sign-in?code={code}", follow_redirects=False)
    assert late.status_code == 401


def test_sign_in_with_a_token_reaches_only_its_athletes(browser: Browser, cli: Cli) -> None:
    with time_machine.travel(NOW, tick=False):
        cli.ok("init", "--no-input", "--name", "Kim", "--timezone", "Europe/Oslo")
    token = make_token(cli, "sam-only", "--athlete", "Sam")
    wrong = browser.post("/sign-in/token", data={"token": "coach_nope"})
    assert wrong.status_code == 401 and 'role="alert"' in wrong.text
    assert browser.post("/sign-in/token", data={"token": token}).status_code == 303
    assert browser.get("/a/1/week").status_code == 200
    for page in PAGES:
        answer = browser.get(f"/a/2/{page}")
        assert answer.status_code == 404, page  # Kim does not exist for this token
        assert "Not found" in answer.text


def test_a_read_only_token_may_look_but_not_approve(browser: Browser, cli: Cli) -> None:
    token = make_token(cli, "viewer", "--athlete", "Sam")  # read-only: no --write
    browser.post("/sign-in/token", data={"token": token})
    review = call(cli, "review", "--json")
    assert review.exit_code == 0
    page = browser.get("/a/1/tonight")
    assert page.status_code == 200
    csrf = browser.csrf("/a/1/tonight")
    refused = browser.post("/a/1/reviews/1/approve", data={"csrf": csrf, "number": "1"})
    assert refused.status_code == 403
    assert "read-only" in refused.text


def test_a_change_without_its_csrf_token_is_refused_and_changes_nothing(
    browser: Browser, cli: Cli
) -> None:
    browser.sign_in_as_owner()
    assert call(cli, "review", "--json").exit_code == 0
    for data in ({"number": "1"}, {"number": "1", "csrf": "forged"}):
        refused = browser.post("/a/1/reviews/1/approve", data=data)
        assert refused.status_code == 403
        assert "this form has expired or came from elsewhere" in refused.text
    assert "waiting for you" in browser.get("/a/1/reviews/1").text
    csrf = browser.csrf("/a/1/reviews/1")
    done = browser.post("/a/1/reviews/1/approve", data={"csrf": csrf, "number": "1"})
    assert done.status_code == 303
    shown = browser.get("/a/1/reviews/1").text
    assert "Approved 1: plan version 2 made." in shown
    assert "approved and applied" in shown


def test_every_page_reads_without_javascript(browser: Browser, cli: Cli) -> None:
    browser.sign_in_as_owner()
    assert call(cli, "review", "--json").exit_code == 0
    for page in PAGES:
        answer = browser.get(f"/a/1/{page}")
        assert answer.status_code == 200, page
        assert "<h1" in answer.text
    tonight = browser.get("/a/1/tonight").text
    assert tonight.count("Next week:") == 1  # the review's own line, said once
    week = browser.get("/a/1/week?week=2026-11-16").text
    assert "Missed: time" in week  # the sessions are in the HTML, not drawn by a script
    fitness = browser.get("/a/1/fitness").text
    assert "<table" in fitness and "Daily load, fitness, fatigue and form" in fitness


def test_errors_are_pages_here_and_problems_under_the_api(browser: Browser) -> None:
    browser.sign_in_as_owner()
    page = browser.get("/a/1/workouts/9999")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    api = browser.get("/api/v1/athletes/1/plan/workouts/9999")
    assert api.status_code == 401 and api.headers["content-type"] == "application/problem+json"
    bad = browser.get("/a/1/fitness?days=1")
    assert bad.status_code == 422 and "Cannot do that" in bad.text


def test_signing_out_ends_the_session(browser: Browser) -> None:
    browser.sign_in_as_owner()
    csrf = browser.csrf("/a/1/week")
    assert browser.post("/sign-out", data={"csrf": csrf}).status_code == 303
    assert browser.get("/a/1/week").status_code == 303


def _form(browser: Browser, path: str, **fields: str) -> Any:
    return browser.post(path, data={"csrf": browser.csrf("/a/1/log"), **fields})


def test_a_session_without_a_file_is_logged_and_its_errors_shown(browser: Browser) -> None:
    browser.sign_in_as_owner()
    wrong = _form(browser, "/a/1/log/session", sport="swim", duration="forever", rpe="12")
    assert wrong.status_code == 422
    assert "cannot read duration &#39;forever&#39;" in wrong.text
    assert "&#39;12&#39;: give how hard it felt, 1-10" in wrong.text
    assert 'value="forever"' in wrong.text  # what was typed is kept
    done = _form(
        browser, "/a/1/log/session", sport="swim", duration="40min", distance="1650yd", rpe="6"
    )
    assert done.status_code == 303
    shown = browser.get("/a/1/log").text
    assert "Logged swim, 40 min on Sun 22 Nov, load" in shown
    listed = browser.get("/a/1/activities?sport=swim").text
    assert "40 min · 1.51 km" in listed  # 1650 yd, in Sam's kilometres


def test_a_fitness_test_is_logged_in_the_athletes_units(browser: Browser) -> None:
    browser.sign_in_as_owner()
    wrong = _form(browser, "/a/1/log/test", test="box-jump", value="tall")
    assert wrong.status_code == 422 and "cannot read &#39;tall&#39;" in wrong.text
    assert _form(browser, "/a/1/log/test", test="box-jump", value="30in").status_code == 303
    assert "Highest box landed: 76.2 cm on Sun 22 Nov." in browser.get("/a/1/log").text
    goals = browser.get("/a/1/goals").text
    assert "76.2 cm" in goals  # Sam is metric


def test_an_illness_and_an_injury_are_logged_and_ended(browser: Browser) -> None:
    browser.sign_in_as_owner()
    no_area = _form(browser, "/a/1/log/illness", kind="injury")
    assert no_area.status_code == 422 and "choose where it hurts" in no_area.text
    assert _form(browser, "/a/1/log/illness", kind="illness", fever="1").status_code == 303
    logged = browser.get("/a/1/log").text
    assert "Logged: " in logged and "fever" in logged
    assert _form(browser, "/a/1/log/illness", kind="injury", area="knee").status_code == 303
    assert "knee" in browser.get("/a/1/log").text
    both = _form(browser, "/a/1/log/recovered")
    assert both.status_code == 422  # two are open: which one is over?
    assert _form(browser, "/a/1/log/recovered", what="illness").status_code == 303
    assert "Over: " in browser.get("/a/1/log").text


def test_a_window_is_added_and_removed_in_settings(browser: Browser) -> None:
    browser.sign_in_as_owner()
    csrf = browser.csrf("/a/1/settings")
    backwards = browser.post(
        "/a/1/settings/windows/add",
        data={"csrf": csrf, "weekday": "sunday", "start": "10:00", "end": "09:00"},
    )
    assert backwards.status_code == 422
    assert "a window must end after it starts" in backwards.text
    added = browser.post(
        "/a/1/settings/windows/add",
        data={
            "csrf": csrf,
            "weekday": "sunday",
            "start": "09:00",
            "end": "10:30",
            "sports": ["run", "bike"],
            "location": "park",
        },
    )
    assert added.status_code == 303
    page = browser.get("/a/1/settings").text
    assert "Added sunday 09:00-10:30." in page
    assert "<td>Sunday</td><td>09:00</td><td>10:30</td><td>run, bike</td><td>park</td>" in page
    clash = browser.post(
        "/a/1/settings/windows/add",
        data={"csrf": csrf, "weekday": "sunday", "start": "10:00", "end": "11:00"},
    )
    assert clash.status_code == 422 and "overlap" in clash.text
    gone = browser.post(
        "/a/1/settings/windows/remove", data={"csrf": csrf, "weekday": "sunday", "start": "09:00"}
    )
    assert gone.status_code == 303
    assert "<td>Sunday</td>" not in browser.get("/a/1/settings").text


def test_a_goal_is_changed_in_the_athletes_units(browser: Browser, cli: Cli) -> None:
    browser.sign_in_as_owner()
    with time_machine.travel(NOW, tick=False):
        listed = cli.ok("goals", "list", "--json").stdout
    body_fat = next(g for g in json.loads(listed) if g["kind"] == "body_fat")
    settings = browser.get("/a/1/settings").text
    assert f'id="g{body_fat["id"]}-target" name="target" value="14.0 %"' in settings
    csrf = browser.csrf("/a/1/settings")
    path = f"/a/1/settings/goals/{body_fat['id']}"
    wrong = browser.post(path, data={"csrf": csrf, "target": "lots", "priority": "2"})
    assert wrong.status_code == 422 and "cannot read &#39;lots&#39;" in wrong.text
    past = browser.post(path, data={"csrf": csrf, "target": "13", "deadline": "2026-01-01"})
    assert past.status_code == 422  # a deadline already behind
    done = browser.post(
        path, data={"csrf": csrf, "target": "13", "deadline": "2027-06-30", "priority": "1"}
    )
    assert done.status_code == 303
    with time_machine.travel(NOW, tick=False):
        after = json.loads(cli.ok("goals", "list", "--json").stdout)
    changed = next(g for g in after if g["id"] == body_fat["id"])
    assert (changed["target_value"], changed["deadline"], changed["priority"]) == (
        13.0,
        "2027-06-30",
        1,
    )


def test_an_activity_is_corrected_and_its_errors_shown(browser: Browser) -> None:
    browser.sign_in_as_owner()
    csrf = browser.csrf("/a/1/activities/1")
    wrong = browser.post(
        "/a/1/activities/1/edit", data={"csrf": csrf, "sport": "strength", "rpe": "11"}
    )
    assert wrong.status_code == 422 and "&#39;11&#39;: give how hard it felt" in wrong.text
    done = browser.post(
        "/a/1/activities/1/edit",
        data={
            "csrf": csrf,
            "sport": "strength",
            "rpe": "8",
            "name": "Leg day",
            "note": "<b>knees</b> fine",
        },
    )
    assert done.status_code == 303
    page = browser.get("/a/1/activities/1").text
    assert "Corrected; its load was worked out again." in page
    assert "<h1>Leg day</h1>" in page and "<dt>RPE</dt><dd>8.0</dd>" in page
    assert "<dt>Note</dt><dd>&lt;b&gt;knees&lt;/b&gt; fine</dd>" in page  # shown, as text


def test_a_strength_app_export_is_uploaded_with_its_report(browser: Browser) -> None:
    browser.sign_in_as_owner()
    csrf = browser.csrf("/a/1/log")
    again = browser.post(
        "/a/1/log/csv",
        data={"csrf": csrf, "kind": "hevy"},
        files={"file": ("hevy.csv", HEVY.encode(), "text/csv")},
    )
    assert again.status_code == 200
    assert "1 workout with 2 sets: 0 new, 1 already here." in again.text  # Sam sent it before
    broken = browser.post(
        "/a/1/log/csv",
        data={"csrf": csrf, "kind": "hevy"},
        files={"file": ("notes.csv", b"just,some\nwords,here\n", "text/csv")},
    )
    assert broken.status_code == 422
    assert 'role="alert"' in broken.text and "notes.csv" in broken.text


def test_a_measured_threshold_replaces_the_estimate(browser: Browser) -> None:
    browser.sign_in_as_owner()
    settings = browser.get("/a/1/settings").text
    assert 'placeholder="estimated' in settings  # Sam's LTHR is estimated until measured
    csrf = browser.csrf("/a/1/settings")
    wrong = browser.post("/a/1/settings/profile", data={"csrf": csrf, "lthr_bpm": "fast"})
    assert wrong.status_code == 422 and 'id="e-p-lthr_bpm"' in wrong.text
    done = browser.post(
        "/a/1/settings/profile",
        data={"csrf": csrf, "lthr_bpm": "168", "css_s_per_100m": "1:40/100m"},
    )
    assert done.status_code == 303
    after = browser.get("/a/1/settings").text
    assert "Measured from today: " in after and "Threshold HR" in after
    assert "<td>Threshold HR</td><td>168 bpm</td><td>measured" in after
    assert "<td>CSS</td><td>1:40.0/100m</td><td>measured" in after


def test_reminders_lead_time_and_quiet_hours_are_set_on_settings(browser: Browser) -> None:
    browser.sign_in_as_owner()
    settings = browser.get("/a/1/settings").text
    assert 'name="remind_before_min" inputmode="numeric" value="60"' in settings  # defaults
    assert 'name="quiet_from" type="time" value="22:00"' in settings
    csrf = browser.csrf("/a/1/settings")
    wrong = browser.post(
        "/a/1/settings/reminders",
        data={"csrf": csrf, "remind_before_min": "soon", "quiet_from": "21:30", "quiet_until": ""},
    )
    assert wrong.status_code == 422
    assert 'id="e-r-before"' in wrong.text and "whole minutes from 0" in wrong.text
    assert 'value="soon"' in wrong.text  # what was typed stays
    half = browser.post(
        "/a/1/settings/reminders",
        data={"csrf": csrf, "remind_before_min": "45", "quiet_from": "21:30", "quiet_until": ""},
    )
    assert half.status_code == 422 and 'id="e-r-until"' in half.text
    done = browser.post(
        "/a/1/settings/reminders",
        data={
            "csrf": csrf,
            "remind_before_min": "45",
            "quiet_from": "21:30",
            "quiet_until": "6:15",
        },
    )
    assert done.status_code == 303
    after = browser.get("/a/1/settings").text
    assert "Reminders 45 min before each session, quiet 21:30-06:15." in after
    assert 'name="quiet_until" type="time" value="06:15"' in after
    off = browser.post(
        "/a/1/settings/reminders",
        data={"csrf": csrf, "remind_before_min": "0", "quiet_from": "", "quiet_until": ""},
    )
    assert off.status_code == 303
    assert "No session reminders, no quiet hours." in browser.get("/a/1/settings").text


hevy_url = test_sync_jobs.hevy_url  # the fake Hevy on a real port


@pytest.fixture
def hevy_browser(hevy_url: str, athlete_with_a_plan: Cli) -> Iterator[Browser]:
    """The dashboard with a fake Hevy answering on 127.0.0.1 (tests/api/test_sync_jobs.py)."""
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        yield Browser(client)


def test_hevy_is_linked_synced_and_unlinked_from_settings(hevy_browser: Browser) -> None:
    browser = hevy_browser
    browser.sign_in_as_owner()
    csrf = browser.csrf("/a/1/settings")
    refused = browser.post("/a/1/settings/hevy", data={"csrf": csrf, "key": "not-the-key"})
    assert refused.status_code == 502 and 'id="e-hevy"' in refused.text  # Hevy said no
    linked = browser.post("/a/1/settings/hevy", data={"csrf": csrf, "key": DEFAULT_API_KEY})
    assert linked.status_code == 303
    assert "Hevy linked: " in browser.get("/a/1/settings").text
    before = browser.get("/a/1/activities?sport=strength").text
    started = browser.post("/a/1/settings/hevy/sync", data={"csrf": csrf})
    assert started.status_code == 303  # the sync ran as the answer's background task
    assert "hevy sync started (job 1)" in browser.get("/a/1/settings").text
    after = browser.get("/a/1/activities?sport=strength").text
    assert after.count("<li><a href") > before.count("<li><a href")  # the fake's workouts
    assert browser.post("/a/1/settings/hevy/unlink", data={"csrf": csrf}).status_code == 303
    assert "Hevy API key" in browser.get("/a/1/settings").text  # the form to link it again


def test_a_token_is_made_shown_once_and_revoked(browser: Browser) -> None:
    browser.sign_in_as_owner()
    csrf = browser.csrf("/a/1/settings")
    empty = browser.post("/a/1/settings/tokens", data={"csrf": csrf, "name": " "})
    assert empty.status_code == 422 and "a token&#39;s name has 1 to 80 characters" in empty.text
    assert (
        browser.post("/a/1/settings/tokens", data={"csrf": csrf, "name": "phone"}).status_code
        == 303
    )
    shown = browser.get("/a/1/settings").text
    token = shown.split("Token phone: ", 1)[1].split(" ", 1)[0]
    assert token.startswith("coach_") and "phone (coach_" in shown
    assert token not in browser.get("/a/1/settings").text  # shown once
    reader = Browser(browser.client)
    browser.client.cookies.clear()
    assert reader.post("/sign-in/token", data={"token": token}).status_code == 303
    assert "Make a token" not in reader.get("/a/1/settings").text  # tokens are the owner's
    browser.client.cookies.clear()
    browser.sign_in_as_owner()
    token_id = browser.get("/a/1/settings").text.split("/settings/tokens/", 1)[1].split("/", 1)[0]
    revoke = f"/a/1/settings/tokens/{token_id}/revoke"
    assert browser.post(revoke, data={"csrf": browser.csrf("/a/1/settings")}).status_code == 303
    browser.client.cookies.clear()
    assert reader.post("/sign-in/token", data={"token": token}).status_code == 401


def test_a_swim_shows_its_fastest_100_and_settings_say_notifications_are_off(
    browser: Browser, tmp_path: Any
) -> None:
    browser.sign_in_as_owner()
    swim = tmp_path / "swim.fit"
    swim.write_bytes(fitfiles.pool_swim([20.0, 21.0, 21.5, 22.0, 25.0]))  # 25 yd lengths
    csrf = browser.csrf("/a/1/log")
    with swim.open("rb") as sent:
        report = browser.post(
            "/a/1/log/upload", data={"csrf": csrf}, files={"files": ("swim.fit", sent)}
        )
    assert "swim.fit: imported (1 activity)" in report.text
    listed = browser.get("/a/1/activities?sport=swim").text
    swim_id = listed.split('<li><a href="/a/1/activities/', 1)[1].split('"', 1)[0]
    page = browser.get(f"/a/1/activities/{swim_id}").text
    assert "5 active lengths" in page
    assert "fastest 100 yd: <strong>1:24.5</strong>" in page  # the first four lengths
    settings = browser.get("/a/1/settings").text
    assert "Off: set <code>COACH_NOTIFY_URL</code>" in settings


def test_one_value_logged_is_said_as_one_and_a_weight_may_name_its_unit(
    browser: Browser,
) -> None:
    browser.sign_in_as_owner()
    csrf = browser.csrf("/a/1/log")
    done = browser.post("/a/1/log/entry", data={"csrf": csrf, "weight_kg": "176 lb"})
    assert done.status_code == 303
    assert "Logged 1 value for Sun 22 Nov." in browser.get("/a/1/log").text
    settings = browser.get("/a/1/settings").text
    assert "<td>Weight</td><td>79.83 kg</td>" in settings  # 176 lb, in Sam's kilograms
