"""The API in-process (FastAPI's TestClient over the real app), on SQLite and PostgreSQL, with
tokens made as a person makes them: `coach token create`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.config import load_settings
from tests.cli.conftest import NOW
from tests.conftest import Cli

API = "/api/v1"


class Api:
    """A client with one token; every call runs on the Sunday evening NOW."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.token = token

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        with time_machine.travel(NOW, tick=False):
            return self.client.request(method, API + path, headers=headers, **kwargs)

    def ok(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        response = self.call(method, path, **kwargs)
        assert response.status_code == expect, (method, path, response.text)
        return response.json()

    def as_token(self, token: str) -> Api:
        return Api(self.client, token)


def make_token(cli: Cli, *args: str) -> str:
    with time_machine.travel(NOW, tick=False):
        made = json.loads(cli.ok("token", "create", *args, "--json").stdout)
    return str(made["token"])


@pytest.fixture
def api(cli: Cli) -> Iterator[Api]:
    """An owner's token (every athlete, read and write) on an empty database."""
    token = make_token(cli, "owner", "--write")
    with TestClient(create_app(load_settings()), raise_server_exceptions=False) as client:
        yield Api(client, token)
