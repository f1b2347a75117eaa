"""Everything coach keeps about one athlete, in open formats (``coach export-data``): one JSON
document with every table's rows (activities with their laps, lengths, sets and sample
streams; plans with every version; reviews with their proposals; the audit log) and a CSV per
table for spreadsheets. Stored secrets (the encrypted Garmin tokens and Hevy key) are never
written out. The folder appears whole or not at all: it is written beside its final name and
renamed into place.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path
from typing import Any

from coach.db.repo.everything import FORMAT, VERSION, gather
from coach.domain.errors import Conflict
from coach.privacy import private_dir

__all__ = ["CSV_TABLES", "FORMAT", "JSON_NAME", "VERSION", "gather", "write"]

JSON_NAME = "coach-export.json"


CSV_TABLES = (
    "goals",
    "availability",
    "metrics",
    "health_episodes",
    "activities",
    "laps",
    "swim_lengths",
    "strength_sets",
    "plans",
    "plan_versions",
    "planned_workouts",
    "plan_adjustments",
    "reviews",
    "audit_log",
)
"""The tables also written as CSV (streams stay in the JSON: one sample list per row)."""


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


def write(document: dict[str, Any], folder: Path) -> dict[str, int]:
    """Write the document and its CSVs into ``folder`` (which must not exist yet); returns
    the rows per table."""
    if folder.exists():
        raise Conflict(f"{folder} already exists: choose another --out (nothing was written)")
    private_dir(folder.parent)
    staging = folder.with_name(f".{folder.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    private_dir(staging)
    try:
        with (staging / JSON_NAME).open("w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=1)
        for table in CSV_TABLES:
            rows: list[dict[str, Any]] = document[table]
            columns = list(dict.fromkeys(key for row in rows for key in row)) or ["id"]
            with (staging / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: _cell(v) for k, v in row.items()})
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {key: len(value) for key, value in document.items() if isinstance(value, list)}
