"""Schemathesis against the app in-process, on every operation and on chains of them (links it
infers from the paths and the answers): no 5xx, every answer as the OpenAPI document says
(status, content type, body). It runs as two users, each with a token of their own that may
write: Sam, who owns the athlete, and Carla, a coach Sam granted edit access (what is beyond it
answers 403, as documented). The database holds Sam's athlete with a plan, activities and a
review to act on."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.specs.openapi.stateful import OpenAPIStateMachine

from coach.api.app import create_app
from coach.config import DATABASE_FILENAME, load_settings
from coach.services.cache import ReadCache
from tests import fitfiles
from tests.conftest import Cli

BUSINESS_RULES = [positive_data_acceptance]
"""Not checked: that every schema-valid request is accepted. coach refuses valid-looking data on
purpose (a day in the future, an unknown time zone, an implausible value) with a 422 problem;
the rest of the checks (no 5xx, documented status, content type and body) all run."""
EXAMPLES_PER_OPERATION = 3
STATEFUL_EXAMPLES = 24
PASSWORD = "correct horse battery"
USERS = ("sam@example.org", "carla@example.org")
SNAPSHOT = "snapshot.db"


def _token(cli: Cli, email: str) -> str:
    made = cli.ok("token", "create", email, "--user", email, "--write", "--json").stdout
    return str(json.loads(made)["token"])


@pytest.fixture
def served(cli_default_db: Cli, tmp_path: Path) -> Iterator[tuple[FastAPI, dict[str, str]]]:
    """Sam's athlete, Sam and Carla (who accepted an edit grant), a token of each."""
    cli = cli_default_db
    cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
    run = tmp_path / "run.fit"
    run.write_bytes(fitfiles.run_with_power())
    cli.ok("import", "fit", str(run))
    cli.ok("plan", "generate", "--weeks", "2")
    cli.ok("review")
    cli.ok("user", "add", USERS[0], "--athlete", "Sam", "--password-stdin", input=PASSWORD)
    cli.ok("user", "add", USERS[1], "--name", "Carla", "--password-stdin", input=PASSWORD)
    cli.ok("grant", "add", USERS[1], "--level", "edit", "--athlete", "Sam")
    tokens = {email: _token(cli, email) for email in USERS}
    settings = load_settings()
    app = create_app(settings)
    with TestClient(app) as client:  # runs the app's start-up and shut-down
        accepted = client.post(
            "/api/v1/grants/1/accept", headers={"Authorization": f"Bearer {tokens[USERS[1]]}"}
        )
        assert accepted.status_code == 200, accepted.text
        app.state.services.close()
        shutil.copyfile(settings.home / DATABASE_FILENAME, tmp_path / SNAPSHOT)
        app.state.snapshot = tmp_path / SNAPSHOT
        yield app, tokens


def _restore(app: FastAPI) -> None:
    """The database as the fixture left it, and nothing remembered of what came after: every
    chain of calls starts from the same state (Hypothesis replays a chain's first steps and
    needs them to answer as they did)."""
    services = app.state.services
    services.close()
    database = services.settings.home / DATABASE_FILENAME
    for extra in ("-wal", "-shm"):
        database.with_name(database.name + extra).unlink(missing_ok=True)
    shutil.copyfile(app.state.snapshot, database)
    services.cache = ReadCache(services.settings.read_cache_entries)


@pytest.fixture
def api_schema(served: tuple[FastAPI, dict[str, str]]) -> Any:
    app, _ = served
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("user", USERS, ids=["athlete", "coach"])
def test_every_operation_answers_as_documented(
    api_schema: Any, served: tuple[FastAPI, dict[str, str]], user: str
) -> None:
    token = served[1][user]
    failures: dict[str, str] = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 45

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],  # a failure is reported as found
        )
        def check(case: Any) -> None:
            if case.path_parameters and "athlete_id" in case.path_parameters:
                case.path_parameters["athlete_id"] = 1  # Sam: the calls reach real data
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"}, excluded_checks=BUSINESS_RULES
            )

        try:
            check()
        except Exception as exc:  # every operation is tried; the failures are listed
            failures[operation.label] = str(exc)[:2000]
    assert failures == {}


def test_chains_of_operations_answer_as_documented(
    api_schema: Any, served: tuple[FastAPI, dict[str, str]]
) -> None:
    app, tokens = served
    token = tokens[USERS[1]]  # the coach: a chain crosses what the grant allows and what not
    machine: type[OpenAPIStateMachine] = api_schema.as_state_machine()
    failures: list[str] = []

    class Authorised(machine):  # type: ignore[misc,valid-type]
        def setup(self) -> None:
            _restore(app)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:  # noqa: ARG002
            return {"headers": {"Authorization": f"Bearer {token}"}}

        def validate_response(
            self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            try:
                case.validate_response(
                    response,
                    additional_checks=additional_checks,
                    excluded_checks=BUSINESS_RULES,
                    transport_kwargs=kwargs or None,
                    recorder=self.recorder,
                )
            except Exception as exc:  # listed as found: the chain is not shrunk
                failures.append(f"{case.method} {case.formatted_path}: {str(exc)[:1500]}")

    Authorised.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
            stateful_step_count=6,
            phases=[Phase.explicit, Phase.generate],
        )
    )
    assert failures == []
