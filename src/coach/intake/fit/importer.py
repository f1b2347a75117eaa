"""Import FIT files, folders and zip archives: archive raw, decode, extract, store once.

Each file is one transaction: it lands whole or not at all, and a failure moves on to the next
file. Files are identified by the SHA-256 of their bytes, each session by ``<sha256>/<index>``, so
importing the same file again (from anywhere, under any name) adds nothing.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from coach.db.models import Athlete
from coach.db.repo.activities import (
    activity_exists,
    add_activity,
    find_same_activity,
    replaceable,
)
from coach.db.session import session_scope
from coach.domain.errors import CoachError, ParseError
from coach.domain.plan import DataSource
from coach.intake.fit.decode import decode, looks_like_fit
from coach.intake.fit.extract import extract
from coach.intake.load import activity_load
from coach.intake.raw_store import archive
from coach.intake.thresholds import ThresholdBook

logger = logging.getLogger(__name__)

FIT_SUFFIX = ".fit"
ZIP_SUFFIX = ".zip"


class Outcome(StrEnum):
    IMPORTED = "imported"
    PARTIAL = "partial"
    PRESENT = "already present"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # what a person recognises: a path, or archive.zip:member
    read: Callable[[], bytes]


@dataclass(frozen=True, slots=True)
class FileResult:
    name: str
    outcome: Outcome
    activities: int = 0
    message: str | None = None


def find_sources(paths: list[Path]) -> list[Source]:
    """Every FIT file named: files, folders (recursively) and zip archives (nested once)."""
    sources: list[Source] = []
    for path in paths:
        if not path.exists():
            raise ParseError(f"{path}: no such file or folder")
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                sources.extend(_file_sources(child, explicit=False))
        else:
            sources.extend(_file_sources(path, explicit=True))
    return sources


def _file_sources(path: Path, *, explicit: bool) -> list[Source]:
    suffix = path.suffix.lower()
    if suffix == ZIP_SUFFIX:
        return _zip_sources(str(path), path.read_bytes())
    if suffix == FIT_SUFFIX or explicit:
        return [Source(str(path), path.read_bytes)]
    return []


def _zip_sources(name: str, data: bytes, depth: int = 0) -> list[Source]:
    try:
        archive_file = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [Source(name, lambda: data)]  # reported as "not a FIT file" on import
    sources: list[Source] = []
    for member in sorted(archive_file.namelist()):
        lowered = member.lower()
        label = f"{name}:{member}"
        if lowered.endswith(FIT_SUFFIX):
            sources.append(Source(label, _member_reader(archive_file, member)))
        elif lowered.endswith(ZIP_SUFFIX) and depth == 0:
            sources.extend(_zip_sources(label, archive_file.read(member), depth + 1))
    return sources


def _member_reader(archive_file: zipfile.ZipFile, member: str) -> Callable[[], bytes]:
    return lambda: archive_file.read(member)


def import_sources(
    engine: Engine, home: Path, athlete: Athlete, sources: list[Source]
) -> Iterator[FileResult]:
    """Import each source in its own transaction, yielding one result per file."""
    zone = ZoneInfo(athlete.timezone)
    with session_scope(engine) as session:
        book = ThresholdBook.load(session, athlete)
    for source in sources:
        try:
            yield _import_one(engine, home, athlete.id, zone, book, source)
        except CoachError as exc:
            yield FileResult(source.name, Outcome.REJECTED, message=str(exc))
        except (OSError, zipfile.BadZipFile) as exc:
            yield FileResult(source.name, Outcome.REJECTED, message=f"cannot read: {exc}")
        except (
            Exception
        ) as exc:  # one file's bug must not stop the batch; its transaction is undone
            logger.exception("importing %s failed", source.name)
            yield FileResult(
                source.name,
                Outcome.REJECTED,
                message=f"internal error {type(exc).__name__}: {exc} (please report this file)",
            )


def _import_one(
    engine: Engine,
    home: Path,
    athlete_id: int,
    zone: ZoneInfo,
    book: ThresholdBook,
    source: Source,
) -> FileResult:
    data = source.read()
    if not looks_like_fit(data):
        return FileResult(source.name, Outcome.REJECTED, message="not a FIT file")
    digest, _ = archive(home, "fit", data, "fit")
    return store_fit(
        engine,
        athlete_id,
        zone,
        book,
        data,
        name=source.name,
        key=digest,
        source=DataSource.FIT_FILE,
        raw_sha256=digest,
    )


def store_fit(
    engine: Engine,
    athlete_id: int,
    zone: ZoneInfo,
    book: ThresholdBook,
    data: bytes,
    *,
    name: str,
    key: str,
    source: DataSource,
    raw_sha256: str,
) -> FileResult:
    """Decode, extract and store one FIT payload in one transaction.

    Its sessions get the external ids ``<key>/<index>``: the file's SHA-256 for files, the
    service's activity id for synced activities, so storing the same payload again adds nothing.
    """
    decoded = decode(data)
    partial_reason = "; ".join(decoded.errors) or None
    try:
        activities = extract(decoded, key, partial_reason)
    except ParseError as exc:
        reason = f"{exc}" if not decoded.errors else f"{decoded.errors[0]} ({exc})"
        return FileResult(name, Outcome.REJECTED, message=reason)
    added = 0
    notes: list[str] = []
    with session_scope(engine) as session:
        parent_id: int | None = None
        for activity in activities:
            if activity_exists(session, athlete_id, source, activity.external_id):
                continue
            same = find_same_activity(session, athlete_id, activity.sport, activity.start_time)
            if same is not None and (activity.is_partial or not replaceable(session, same)):
                notes.append(f"same activity as {same.source.value} {same.external_id}")
                parent_id = parent_id or same.id
                continue
            if same is not None:  # a complete copy replaces a partial one
                notes.append(f"replaces the partial copy from {same.source.value}")
                session.delete(same)
                session.flush()
            day = activity.start_time.astimezone(zone).date()
            load, extra = activity_load(activity, book, day)
            row = add_activity(
                session,
                athlete_id,
                activity,
                source=source,
                activity_date=day,
                raw_sha256=raw_sha256,
                parent_activity_id=parent_id,
                load_tss=load.value,
                load_method=load.method.value if load.method else None,
                extra_details=extra,
            )
            if len(activities) > 1 and parent_id is None:
                parent_id = row.id
            added += 1
    message = "; ".join([*([partial_reason] if partial_reason else []), *notes]) or None
    if added == 0:
        return FileResult(name, Outcome.PRESENT, activities=len(activities), message=message)
    outcome = Outcome.PARTIAL if partial_reason else Outcome.IMPORTED
    return FileResult(name, outcome, activities=added, message=message)
