"""``coach garmin sync``: activities (original FIT files) and daily metrics from Garmin Connect.

The window starts ``overlap`` days before the last completed sync (first sync: ``first_sync_days``
back) and ends today. Each activity is stored in its own transaction under source ``garmin`` and
the activity id, so a re-run adds nothing and an interrupted sync keeps what it finished. A rate
limit stops the sync (never retried: Garmin re-arms the limit) and the cursor stays where it was,
so the next run fetches the rest. The rotated tokens are saved whatever happens.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from garminconnect import Garmin
from sqlalchemy import Engine

from coach.accounts import garmin_tokens, save_garmin_tokens
from coach.config import Settings
from coach.connectors.garmin import connect_with_tokens, garmin_errors, tokens_of
from coach.connectors.pacing import Pacer
from coach.db.models import Athlete
from coach.db.repo.activities import any_activity_near, external_ids
from coach.db.repo.athletes import athlete_by_id, record_measurement
from coach.db.repo.sync_states import advance_cursor, get_sync_state
from coach.db.session import session_scope
from coach.domain.clock import Clock
from coach.domain.errors import ParseError, ValidationFailed
from coach.domain.metrics import MetricType
from coach.domain.plan import DataSource
from coach.intake.fit.decode import looks_like_fit
from coach.intake.fit.importer import FileResult, Outcome, store_fit
from coach.intake.raw_store import archive
from coach.intake.thresholds import ThresholdBook

logger = logging.getLogger(__name__)

SOURCE = "garmin"
GRAMS_PER_KG = 1000.0


@dataclass
class SyncReport:
    start: date
    end: date
    activities: list[FileResult] = field(default_factory=list)
    metrics: int = 0

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.activities if result.outcome is outcome)


def sync_window(
    engine: Engine, settings: Settings, athlete: Athlete, today: date, since: date | None
) -> tuple[date, date]:
    if since is not None:
        return since, today
    with session_scope(engine) as session:
        state = get_sync_state(session, athlete.id, SOURCE)
        cursor = state.cursor if state is not None else None
    if cursor:
        start = date.fromisoformat(cursor) - timedelta(days=settings.garmin_overlap_days)
    else:
        start = today - timedelta(days=settings.garmin_first_sync_days)
    return min(start, today), today


def sync(
    engine: Engine,
    settings: Settings,
    clock: Clock,
    athlete: Athlete,
    *,
    today: date,
    since: date | None = None,
    on_activity: Callable[[int, int], None] | None = None,
) -> SyncReport:
    """Pull the window's activities and metrics; raise RateLimited/AuthError/ConnectorError."""
    start, end = sync_window(engine, settings, athlete, today, since)
    garmin = connect_with_tokens(
        garmin_tokens(engine, settings, athlete), settings.garmin_retry_wait_s
    )
    report = SyncReport(start, end)
    try:
        pacer = Pacer(settings.garmin_request_interval_s)
        _sync_activities(
            engine, settings.athlete_home(athlete.id), garmin, pacer, athlete, report, on_activity
        )
        report.metrics = _sync_metrics(engine, clock, garmin, pacer, athlete, start, end)
        _advance_cursor(engine, clock, athlete, end)
    finally:
        save_garmin_tokens(engine, settings, athlete, tokens_of(garmin))
    return report


def _sync_activities(
    engine: Engine,
    home: Path,
    garmin: Garmin,
    pacer: Pacer,
    athlete: Athlete,
    report: SyncReport,
    on_activity: Callable[[int, int], None] | None,
) -> None:
    pacer.wait()
    with garmin_errors("listing activities"):
        summaries = (
            garmin.get_activities_by_date(
                report.start.isoformat(), report.end.isoformat(), sortorder="asc"
            )
            or []
        )
    zone = ZoneInfo(athlete.timezone)
    with session_scope(engine) as session:
        book = ThresholdBook.load(session, athlete)
        known = {
            key.split("/", 1)[0] for key in external_ids(session, athlete.id, DataSource.GARMIN)
        }
    for index, summary in enumerate(summaries):
        activity_id = str(summary.get("activityId", ""))
        if on_activity is not None:
            on_activity(index, len(summaries))
        if not activity_id.isdigit():
            continue
        if activity_id in known or _already_imported(engine, athlete, summary):
            report.activities.append(FileResult(_label(summary), Outcome.PRESENT, activities=1))
            continue
        pacer.wait()
        with garmin_errors(f"downloading activity {activity_id}"):
            payload = garmin.download_activity(
                activity_id, dl_fmt=Garmin.ActivityDownloadFormat.ORIGINAL
            )
        report.activities.append(_store(engine, home, zone, book, athlete, summary, payload))


def _already_imported(engine: Engine, athlete: Athlete, summary: dict[str, Any]) -> bool:
    """Whether this Garmin activity is already here from another source (e.g. a FIT file
    imported by hand), judged by its start time so the download can be skipped."""
    text = str(summary.get("startTimeGMT") or "")
    try:
        start = datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        return False
    with session_scope(engine) as session:
        return any_activity_near(session, athlete.id, start)


def _label(summary: dict[str, Any]) -> str:
    name = summary.get("activityName") or "activity"
    return f"garmin {summary.get('activityId')} ({name}, {summary.get('startTimeLocal', '?')})"


def _store(
    engine: Engine,
    home: Path,
    zone: ZoneInfo,
    book: ThresholdBook,
    athlete: Athlete,
    summary: dict[str, Any],
    payload: bytes,
) -> FileResult:
    label = _label(summary)
    try:
        data = fit_from_download(payload)
    except ParseError as exc:
        return FileResult(label, Outcome.REJECTED, message=str(exc))
    digest, _ = archive(home, SOURCE, data, "fit")
    return store_fit(
        engine,
        athlete.id,
        zone,
        book,
        data,
        name=label,
        key=str(summary["activityId"]),
        source=DataSource.GARMIN,
        raw_sha256=digest,
    )


def fit_from_download(payload: bytes) -> bytes:
    """The FIT file inside Garmin's "original" download (a zip), or the payload if it is FIT."""
    if looks_like_fit(payload):
        return payload
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive_file:
            names = [n for n in archive_file.namelist() if n.lower().endswith(".fit")]
            if not names:
                raise ParseError("the download holds no .fit file (a manual entry without a file?)")
            return archive_file.read(names[0])
    except zipfile.BadZipFile:
        raise ParseError("the download is neither a zip nor a FIT file") from None


def _sync_metrics(
    engine: Engine,
    clock: Clock,
    garmin: Garmin,
    pacer: Pacer,
    athlete: Athlete,
    start: date,
    end: date,
) -> int:
    readings: list[tuple[MetricType, date, float]] = []
    first, last = start.isoformat(), end.isoformat()
    for what, read, parse in _METRIC_READS:
        pacer.wait()
        with garmin_errors(f"reading {what}"):
            readings += parse(read(garmin, first, last))
    stored = 0
    with session_scope(engine) as session:
        row = athlete_by_id(session, athlete.id)
        for metric, day, value in sorted(readings, key=lambda r: (r[1], r[0].value)):
            try:  # the plausibility check comes first, before anything is written
                record_measurement(
                    session,
                    clock,
                    row,
                    metric,
                    value,
                    on=day,
                    source=DataSource.GARMIN,
                    actor="sync",
                )
            except ValidationFailed:
                logger.warning("skipping implausible Garmin %s %s on %s", metric.value, value, day)
                continue
            stored += 1
    return stored


def _day(value: Any) -> date | None:
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def vo2max_readings(data: Any) -> Iterator[tuple[MetricType, date, float]]:
    """``[{"generic": {"calendarDate", "vo2MaxPreciseValue" | "vo2MaxValue"}, "cycling": ...}]``;
    running ("generic") wins over cycling on the same day (docs/connectors.md, Garmin; the shape
    from a third-party client)."""
    for item in data if isinstance(data, list) else []:
        for kind in ("generic", "cycling"):
            entry = item.get(kind) if isinstance(item, dict) else None
            if not isinstance(entry, dict):
                continue
            day = _day(entry.get("calendarDate"))
            value = _number(entry.get("vo2MaxPreciseValue")) or _number(entry.get("vo2MaxValue"))
            if day and value:
                yield MetricType.VO2_MAX, day, value
                break


def body_readings(data: Any) -> Iterator[tuple[MetricType, date, float]]:
    """``{"dateWeightList": [{"calendarDate", "weight" (grams), "bodyFat" (%)}]}``."""
    entries = data.get("dateWeightList") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        day = _day(entry.get("calendarDate"))
        if day is None:
            continue
        if (grams := _number(entry.get("weight"))) is not None:
            yield MetricType.WEIGHT_KG, day, grams / GRAMS_PER_KG
        if (fat := _number(entry.get("bodyFat"))) is not None:
            yield MetricType.BODY_FAT_PCT, day, fat


def rhr_readings(data: Any) -> Iterator[tuple[MetricType, date, float]]:
    """``[{"calendarDate", "value"}]`` (garminconnect already flattens the wellness response)."""
    for entry in data if isinstance(data, list) else []:
        day, value = _day(entry.get("calendarDate")), _number(entry.get("value"))
        if day and value:
            yield MetricType.RESTING_HR_BPM, day, value


def hrv_readings(data: Any) -> Iterator[tuple[MetricType, date, float]]:
    """``{"hrvSummaries": [{"calendarDate", "lastNightAvg"}]}`` [shape unverified: tolerant]."""
    entries = data.get("hrvSummaries") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        day, value = _day(entry.get("calendarDate")), _number(entry.get("lastNightAvg"))
        if day and value:
            yield MetricType.HRV_MS, day, value


def sleep_readings(data: Any) -> Iterator[tuple[MetricType, date, float]]:
    """Per night: total sleep seconds and the overall sleep score (0-100 -> 1-10).

    Accepts ``[{"calendarDate", "values": {"totalSleepTimeInSeconds", "sleepScore"}}]`` and
    ``[{"calendarDate", "sleepTimeSeconds", "sleepScores": {"overall": {"value"}}}]``
    [shapes unverified against a live account; anything else is skipped].
    """
    for entry in data if isinstance(data, list) else []:
        if not isinstance(entry, dict):
            continue
        day = _day(entry.get("calendarDate"))
        nested = entry.get("values")
        values: dict[str, Any] = nested if isinstance(nested, dict) else entry
        seconds = _number(values.get("totalSleepTimeInSeconds")) or _number(
            values.get("sleepTimeSeconds")
        )
        score = _number(values.get("sleepScore"))
        scores = values.get("sleepScores")
        overall = scores.get("overall") if isinstance(scores, dict) else None
        if score is None and isinstance(overall, dict):
            score = _number(overall.get("value"))
        if day and seconds:
            yield MetricType.SLEEP_HOURS, day, seconds / 3600
        if day and score:
            yield MetricType.SLEEP_QUALITY, day, max(1.0, min(10.0, score / 10))


Reading = Iterator[tuple[MetricType, date, float]]
_METRIC_READS: tuple[
    tuple[str, Callable[[Garmin, str, str], Any], Callable[[Any], Reading]], ...
] = (
    ("VO2 max", lambda g, a, b: g.get_max_metrics_range(a, b), vo2max_readings),
    ("body composition", lambda g, a, b: g.get_body_composition(a, b), body_readings),
    ("resting heart rate", lambda g, a, b: g.get_rhr_daily(a, b), rhr_readings),
    ("HRV", lambda g, a, b: g.get_hrv_data_range(a, b), hrv_readings),
    ("sleep", lambda g, a, b: g.get_sleep_daily(a, b), sleep_readings),
)
"""What the sync reads per day range: Garmin's range endpoints (docs/connectors.md, Garmin)."""


def _advance_cursor(engine: Engine, clock: Clock, athlete: Athlete, end: date) -> None:
    with session_scope(engine) as session:
        advance_cursor(session, athlete.id, SOURCE, end.isoformat(), clock.now())
