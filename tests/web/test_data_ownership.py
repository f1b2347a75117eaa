"""An athlete's data is theirs: everything downloads as one zip (tables as JSON and CSV, the files
as they came), and the athlete can be deleted with every row and file coach kept of them —
from the dashboard, the CLI or the API — while every other athlete stays as they were."""

from __future__ import annotations

import html
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from coach.api.app import create_app
from coach.config import load_settings
from coach.db.session import make_engine
from tests.api.conftest import API, make_token
from tests.cli import conftest as cli_fixtures
from tests.cli.conftest import NOW
from tests.conftest import Cli
from tests.web.test_accounts import add_user, sign_in
from tests.web.test_pages import Browser

athlete_with_a_plan = cli_fixtures.athlete_with_a_plan


@pytest.fixture
def two(athlete_with_a_plan: Cli) -> Cli:
    """Sam (athlete 1: a plan, a Hevy CSV, misses) and Kim (athlete 2, a body-fat reading)."""
    cli = athlete_with_a_plan
    with time_machine.travel(NOW, tick=False):
        cli.ok("init", "--no-input", "--name", "Kim", "--timezone", "Europe/Oslo")
        cli.ok("log", "body-fat", "19.5", "--athlete", "Kim")
    return cli


@pytest.fixture
def browser(two: Cli) -> Iterator[Browser]:
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        yield Browser(client)


def rows_of(athlete_id: int) -> dict[str, int]:
    """Rows holding ``athlete_id``, per table (read straight from the database)."""
    engine = make_engine(load_settings())
    counts = {}
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            columns = {c["name"] for c in inspect(connection).get_columns(table)}
            if "athlete_id" in columns:
                found = connection.execute(
                    text(f"SELECT count(*) FROM {table} WHERE athlete_id = :a"), {"a": athlete_id}
                ).scalar_one()
                if found:
                    counts[table] = found
    engine.dispose()
    return counts


def test_everything_downloads_as_one_zip(browser: Browser, coach_home: Path) -> None:
    browser.sign_in_as_owner()
    assert 'href="/a/1/export.zip"' in browser.get("/a/1/settings").text
    answer = browser.get("/a/1/export.zip")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/zip"
    assert 'filename="coach-sam-2026-11-22.zip"' in answer.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    names = archive.namelist()
    document = json.loads(archive.read("coach-sam-2026-11-22/coach-export.json"))
    assert document["athlete"]["name"] == "Sam"
    assert "coach-sam-2026-11-22/activities.csv" in names
    raw = [n for n in names if "/raw/" in n]
    on_disk = [p for p in (coach_home / "athletes" / "1" / "raw").rglob("*") if p.is_file()]
    assert len(raw) == len(on_disk) > 0  # the Hevy CSV as it came
    assert browser.get("/a/2/export.zip").status_code == 200
    assert (
        json.loads(
            zipfile.ZipFile(io.BytesIO(browser.get("/a/2/export.zip").content)).read(
                "coach-kim-2026-11-23/coach-export.json"
            )
        )["athlete"]["name"]
        == "Kim"
    )


def test_an_athlete_is_deleted_with_all_their_data_once_their_name_is_typed(
    browser: Browser, coach_home: Path
) -> None:
    browser.sign_in_as_owner()
    kim_before = rows_of(2)
    assert rows_of(1)["completed_activities"] >= 1
    page = browser.get("/a/1/delete").text
    assert "It cannot be undone" in page and 'href="/a/1/export.zip"' in page
    csrf = browser.csrf("/a/1/delete")
    slip = browser.post("/a/1/delete", data={"csrf": csrf, "confirm": "sam"})
    assert slip.status_code == 422
    said = html.unescape(slip.text)
    assert "type the athlete's name, 'Sam', to delete them" in said and 'value="sam"' in said
    assert rows_of(1)  # nothing went
    done = browser.post("/a/1/delete", data={"csrf": csrf, "confirm": "Sam"})
    assert (done.status_code, done.headers["location"]) == (303, "/")
    assert browser.get("/").headers["location"] == "/a/2/tonight"
    assert "Deleted Sam: " in browser.get("/a/2/tonight").text
    assert rows_of(1) == {}  # not a row left, the audit log's included
    assert not (coach_home / "athletes" / "1").exists()
    assert rows_of(2) == kim_before  # Kim as she was
    assert browser.get("/a/1/tonight").status_code == 404


def test_a_user_deletes_their_own_athlete_and_no_one_else(browser: Browser, two: Cli) -> None:
    add_user(two, "sam@example.org", "--athlete", "Sam")
    assert sign_in(browser, "sam@example.org").status_code == 303
    csrf = browser.csrf("/a/1/settings")
    kim = browser.post("/a/2/delete", data={"csrf": csrf, "confirm": "Kim"})
    assert kim.status_code == 404
    assert rows_of(2)
    assert browser.post("/a/1/delete", data={"csrf": csrf, "confirm": "Sam"}).status_code == 303


def test_the_cli_and_the_api_delete_too(two: Cli, coach_home: Path) -> None:
    no_terminal = two("athlete", "delete", "Sam")
    assert no_terminal.exit_code == 2 and "--yes" in no_terminal.stderr
    done = json.loads(two.ok("athlete", "delete", "Sam", "--yes", "--json").stdout)
    assert done["athlete"] == "Sam" and done["rows"] > 10 and done["files"] >= 1
    assert rows_of(1) == {}
    assert [a["name"] for a in json.loads(two.ok("athlete", "list", "--json").stdout)] == ["Kim"]
    reader = make_token(two, "reader")
    writer = make_token(two, "writer", "--write")
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:

        def delete(token: str, confirm: str) -> Any:
            with time_machine.travel(NOW, tick=False):
                return client.delete(
                    f"{API}/athletes/2",
                    params={"confirm": confirm},
                    headers={"Authorization": f"Bearer {token}"},
                )

        assert delete(reader, "Kim").status_code == 403
        assert delete(writer, "Kimberly").status_code == 422
        answer = delete(writer, "Kim")
        assert answer.status_code == 200, answer.text
        assert answer.json()["athlete"] == "Kim"
        assert delete(writer, "Kim").status_code == 404
    assert rows_of(2) == {}


def test_a_user_deletes_their_account_with_or_without_their_athletes(
    browser: Browser, two: Cli, coach_home: Path
) -> None:
    add_user(two, "sam@example.org", "--athlete", "Sam")
    add_user(two, "kim@example.org", "--athlete", "Kim")
    assert sign_in(browser, "sam@example.org").status_code == 303
    assert 'href="/account/delete"' in browser.get("/a/1/settings").text
    page = browser.get("/account/delete").text
    assert "Delete Sam too, with all their data" in page
    csrf = browser.csrf("/account/delete")
    slip = browser.post("/account/delete", data={"csrf": csrf, "confirm": "sam@example.com"})
    assert slip.status_code == 422 and "type the account&#39;s e-mail" in slip.text
    done = browser.post(
        "/account/delete",
        data={"csrf": csrf, "confirm": "sam@example.org", "with_athletes": "1"},
    )
    assert done.status_code == 200
    assert "Your account sam@example.org and Sam with all their data is deleted." in done.text
    assert browser.get("/a/1/week").status_code == 303  # signed out
    assert sign_in(browser, "sam@example.org").status_code == 401  # no such account
    assert rows_of(1) == {} and not (coach_home / "athletes" / "1").exists()
    # Kim's account goes from the CLI; Kim stays, the machine owner's again.
    refused = two("user", "delete", "kim@example.org")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    gone = json.loads(two.ok("user", "delete", "kim@example.org", "--yes", "--json").stdout)
    assert gone == {"email": "kim@example.org", "athletes_deleted": [], "athletes_kept": ["Kim"]}
    assert rows_of(2)
    assert json.loads(two.ok("user", "list", "--json").stdout) == []
