"""Log lines for a person (Rich, at a terminal) or for a machine (one JSON object per line, for a
service's journal: ``COACH_LOG_FORMAT=json``). An event's own fields travel as
``logger.info("request", extra={"fields": {...}})`` and become keys of its JSON line."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

FIELDS = "fields"
"""The ``extra`` key whose dict becomes the JSON line's own keys."""


class JsonLines(logging.Formatter):
    """``{"time": …, "level": …, "logger": …, "message": …, <fields>}``; an exception as one
    string under ``error`` (its type and text, never a multi-line traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, FIELDS, None)
        if isinstance(fields, dict):
            line.update({key: value for key, value in fields.items() if key not in line})
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            line["error"] = f"{type(error).__name__}: {error}"
        return json.dumps(line, default=str)
