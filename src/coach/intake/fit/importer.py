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
from datetime import datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from coach.db.models import Athlete
from coach.db.repo.activities import (
    activity_exists,
    add_activity,
    erase_activity,
    find_same_activity,
    remove_imported,
    replaceable,
)
from coach.db.session import session_scope
from coach.domain.clock import SystemClock
from coach.domain.errors import CoachError, Conflict, NotFound, ParseError
from coach.domain.plan import DataSource
from coach.domain.plausibility import check_activity
from coach.inputs import MAX_FIT_BYTES, open_zip, read_limited, read_member
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
    """Every FIT file named: files, folders (recursively) and zip archives (nested once). A
    named path that is missing is refused at once (exit 3); one that is not a regular file, or
    an archive over the limits (coach.inputs), is a rejected source of the batch."""
    sources: list[Source] = []
    for path in paths:
        if not path.exists():
            raise NotFound(f"{path}: no such file or folder")
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                sources.extend(_file_sources(child, explicit=False))
        else:
            sources.extend(_file_sources(path, explicit=True))
    return sources


def _file_sources(path: Path, *, explicit: bool) -> list[Source]:
    suffix = path.suffix.lower()
    if suffix == ZIP_SUFFIX and path.is_file():
        try:
            with path.open("rb") as handle:
                head = handle.read(4)
            if head[:2] == b"PK":
                return _zip_sources(str(path), path)
        except OSError:
            pass
    if suffix in (FIT_SUFFIX, ZIP_SUFFIX) or explicit:
        return [Source(str(path), lambda: read_limited(path, MAX_FIT_BYTES, "FIT file"))]
    return []


def _zip_sources(name: str, source: Path | bytes, depth: int = 0) -> list[Source]:
    try:
        archive_file = open_zip(source if isinstance(source, Path) else io.BytesIO(source), name)
    except ParseError as exc:
        return [_refused(name, str(exc))]
    if archive_file is None:
        data = source.read_bytes() if isinstance(source, Path) else source
        return [Source(name, lambda: data)]  # reported as "not a FIT file" on import
    sources: list[Source] = []
    for member in sorted(archive_file.namelist()):
        lowered = member.lower()
        label = f"{name}:{member}"
        if lowered.endswith(FIT_SUFFIX):
            sources.append(Source(label, _member_reader(archive_file, member, label)))
        elif lowered.endswith(ZIP_SUFFIX) and depth == 0:
            try:
                inner = read_member(archive_file, member, MAX_FIT_BYTES, label, "archive")
            except ParseError as exc:
                sources.append(_refused(label, str(exc)))
                continue
            sources.extend(_zip_sources(label, inner, depth + 1))
    return sources


def _refused(name: str, reason: str) -> Source:
    def read() -> bytes:
        raise ParseError(reason.removeprefix(f"{name}: "))

    return Source(name, read)


def _member_reader(archive_file: zipfile.ZipFile, member: str, label: str) -> Callable[[], bytes]:
    return lambda: read_member(archive_file, member, MAX_FIT_BYTES, label, "FIT file")


def import_sources(
    engine: Engine, home: Path, athlete: Athlete, sources: list[Source], *, replace: bool = False
) -> Iterator[FileResult]:
    """Import each source in its own transaction, yielding one result per file; with
    ``replace``, what an earlier import of the same file stored is erased first (thresholds or
    the time zone changed since)."""
    zone = ZoneInfo(athlete.timezone)
    with session_scope(engine) as session:
        book = ThresholdBook.load(session, athlete)
    for source in sources:
        yield _verdict(
            partial(_import_one, engine, home, athlete.id, zone, book, source, replace), source
        )


def _verdict(run: Callable[[], FileResult], source: Source) -> FileResult:
    """One file's verdict, whatever happens to it: a transaction another coach process wins
    is tried once more (the file is then usually already present); one file's failure never
    stops the batch and its transaction is undone."""
    for attempt in (1, 2):
        try:
            return run()
        except Conflict:
            if attempt == 2:
                return FileResult(
                    source.name,
                    Outcome.REJECTED,
                    message="another coach process kept writing the same data: import it again",
                )
        except CoachError as exc:
            return FileResult(
                source.name, Outcome.REJECTED, message=str(exc).removeprefix(f"{source.name}: ")
            )
        except (OSError, zipfile.BadZipFile) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return FileResult(source.name, Outcome.REJECTED, message=f"cannot read: {reason}")
        except Exception:  # a bug of coach's on this file: the batch goes on
            logger.debug("importing %s failed", source.name, exc_info=True)
            return FileResult(
                source.name,
                Outcome.REJECTED,
                message="coach could not read this file (a bug: please report the file; "
                "COACH_LOG_LEVEL=DEBUG shows the details)",
            )
    raise AssertionError("unreachable")


def _import_one(
    engine: Engine,
    home: Path,
    athlete_id: int,
    zone: ZoneInfo,
    book: ThresholdBook,
    source: Source,
    replace: bool = False,
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
        replace=replace,
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
    now: datetime | None = None,
    replace: bool = False,
) -> FileResult:
    """Decode, extract and store one FIT payload in one transaction.

    Its sessions get the external ids ``<key>/<index>``: the file's SHA-256 for files, the
    service's activity id for synced activities, so storing the same payload again adds nothing.
    """
    decoded = decode(data)
    partial_reason = "; ".join(decoded.errors) or None
    try:
        moment = now or SystemClock().now()
        activities = [
            check_activity(activity, moment)
            for activity in extract(decoded, key, partial_reason, zone)
        ]
    except ParseError as exc:
        reason = f"{exc}" if not decoded.errors else f"{decoded.errors[0]} ({exc})"
        return FileResult(name, Outcome.REJECTED, message=reason)
    added = 0
    notes: list[str] = []
    with session_scope(engine) as session:
        if replace and remove_imported(session, athlete_id, source, prefix=f"{key}/"):
            notes.append("replaces what an earlier import of this file stored")
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
                erase_activity(session, same)
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
