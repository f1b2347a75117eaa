"""Log lines for a service's journal (COACH_LOG_FORMAT=json): one JSON object per line, the
event's fields as keys; the server logs each request (path only: never a query's sign-in code)."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from fastapi.testclient import TestClient

from coach.api.app import create_app
from coach.config import load_settings
from coach.logs import FIELDS, JsonLines


def _line(record: logging.LogRecord) -> dict[str, object]:
    parsed: dict[str, object] = json.loads(JsonLines().format(record))
    return parsed


def test_a_line_is_one_json_object_with_the_events_fields() -> None:
    record = logging.LogRecord("coach.http", logging.INFO, __file__, 1, "GET %s", ("/",), None)
    record.__dict__[FIELDS] = {"status": 200, "ms": 3.2, "message": "not this"}
    line = _line(record)
    assert line["message"] == "GET /"  # a field never hides the line's own keys
    assert (line["level"], line["logger"], line["status"], line["ms"]) == (
        "INFO",
        "coach.http",
        200,
        3.2,
    )


def test_an_error_is_one_string_not_a_traceback() -> None:
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        record = logging.LogRecord(
            "coach", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    line = JsonLines().format(record)
    assert "\n" not in line and json.loads(line)["error"] == "ValueError: bad\nthing"


def test_the_server_logs_each_request_without_its_query(caplog: pytest.LogCaptureFixture) -> None:
    with (
        caplog.at_level(logging.INFO, logger="coach.http"),
        TestClient(create_app(load_settings())) as client,
    ):
        client.get("/sign-in?code=secret-code")
    record = next(r for r in caplog.records if r.name == "coach.http")
    assert record.__dict__[FIELDS] == {
        "method": "GET",
        "path": "/sign-in",
        "status": 401,  # a code nobody issued
        "ms": record.__dict__[FIELDS]["ms"],
    }
    assert "secret-code" not in _line(record).__str__()
