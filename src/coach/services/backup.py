"""``coach backup`` and ``coach restore``: one file holding a consistent snapshot of the database
and the files under COACH_HOME (the raw archive, each athlete's outbox and calendar), encrypted
with the machine's key (COACH_SECRET_KEY, or COACH_HOME/secret.key: keep a copy of it apart from
the backups; without it a backup cannot be read, and neither can the credentials inside it).

The file: ``COACH-BACKUP-1`` and a newline, then chunks, each a 4-byte big-endian length and a
Fernet token (AES-128-CBC + HMAC-SHA256) of up to CHUNK_BYTES of a gzip'd tar stream, then a
zero length that marks the end (a cut file is refused, not half-restored). The tar holds
``manifest.json`` first (format, coach's schema revision, when, rows per table, files), then
``files/…``, then ``db/<table>.jsonl`` in dependency order.

Restore goes into an empty database (or, with ``replace``, empties the one there first): the
schema at the backup's revision, every row in one transaction, counts checked against the
manifest, then the schema upgraded to this coach's; files are unpacked beside COACH_HOME first
and moved into place only once the rows are in. A failure leaves no row and no file.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import tarfile
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from coach.domain.errors import (
    Conflict,
    ParseError,
    SecretError,
    StorageError,
    ValidationFailed,
)
from coach.services.context import Services
from coach.services.schemas import Schema

MAGIC = b"COACH-BACKUP-1\n"
FORMAT = 1
CHUNK_BYTES = 1 << 20
"""Plaintext per encrypted chunk: memory stays small whatever the archive's size."""
FOLDERS = ("raw", "athletes")
"""What of COACH_HOME is backed up: the raw archive and each athlete's own files (never the key,
coach.env or the SQLite file itself, whose rows travel as rows)."""
SPOOL_BYTES = 16 << 20
"""A table's rows are gathered in memory up to this size, on disk beyond."""


class BackupOut(Schema):
    path: str
    bytes: int
    created_at: datetime
    revision: str
    rows: dict[str, int]
    files: int


class RestoreOut(Schema):
    path: str
    created_at: datetime
    revision_in_backup: str
    revision_now: str
    rows: dict[str, int]
    files: int
    replaced: bool


# -- the encrypted stream -------------------------------------------------------------------------


class _Sealed(io.RawIOBase):
    """A write-only stream that encrypts what it is given, chunk by chunk."""

    def __init__(self, out: IO[bytes], cipher: Any) -> None:
        self._out, self._cipher, self._buffer = out, cipher, bytearray()
        out.write(MAGIC)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += bytes(data)
        while len(self._buffer) >= CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]))
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def _seal(self, plain: bytes) -> None:
        token = self._cipher.encrypt(plain)
        self._out.write(struct.pack(">I", len(token)) + token)

    def finish(self) -> None:
        if self._buffer:
            self._seal(bytes(self._buffer))
            self._buffer.clear()
        self._out.write(struct.pack(">I", 0))


class _Opened(io.RawIOBase):
    """A read-only stream of what a backup file holds, decrypted chunk by chunk."""

    def __init__(self, source: IO[bytes], cipher: Any, name: str) -> None:
        self._source, self._cipher, self._name = source, cipher, name
        self._plain, self._ended, self._chunks = b"", False, 0
        if source.read(len(MAGIC)) != MAGIC:
            raise ParseError(f"{name} is not a coach backup (made by `coach backup`)")

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._plain and not self._ended:
            self._next()
        count = min(len(target), len(self._plain))
        target[:count] = self._plain[:count]
        self._plain = self._plain[count:]
        return count

    def _next(self) -> None:
        from cryptography.fernet import InvalidToken

        header = self._source.read(4)
        if len(header) < 4:
            raise ParseError(f"{self._name} is cut short: the backup is incomplete")
        (length,) = struct.unpack(">I", header)
        if length == 0:
            self._ended = True
            return
        token = self._source.read(length)
        if len(token) < length:
            raise ParseError(f"{self._name} is cut short: the backup is incomplete")
        try:
            self._plain = self._cipher.decrypt(token)
        except InvalidToken:
            if self._chunks:
                raise ParseError(
                    f"{self._name} is damaged (part {self._chunks + 1} does not decrypt); "
                    "nothing was restored"
                ) from None
            raise SecretError(
                f"cannot decrypt {self._name}: it was made with another key (use the "
                "COACH_SECRET_KEY or secret.key of the machine that made it), or it is damaged"
            ) from None
        self._chunks += 1


# -- backup ---------------------------------------------------------------------------------------


def _files(home: Path) -> list[Path]:
    found = []
    for folder in FOLDERS:
        root = home / folder
        if root.is_dir():
            found += [
                p
                for p in sorted(root.rglob("*"))
                if p.is_file() and not p.name.startswith((".incoming-", "."))
            ]
    return found


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    archive.addfile(info, io.BytesIO(data))


def backup(svc: Services, output: Path | None = None) -> BackupOut:
    """Write the backup (default: COACH_HOME/backups/coach-<when>.backup, mode 0600): the file
    appears whole or not at all."""
    from coach.db.migrate import current_revision
    from coach.db.repo.credentials import secret_cipher
    from coach.db.snapshot import read_all
    from coach.privacy import private_dir

    now = svc.clock.now()
    home = svc.settings.home
    target = output or home / "backups" / f"coach-{now:%Y%m%d-%H%M%S}.backup"
    if target.exists():
        raise Conflict(f"{target} exists already: choose another --output")
    private_dir(target.parent)
    cipher = secret_cipher(svc.settings)
    revision = current_revision(svc.engine) or ""
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".backup-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            sealed = _Sealed(handle, cipher)
            with tarfile.open(fileobj=sealed, mode="w|gz") as archive:
                tables: list[tuple[str, Any]] = []

                def gather(name: str, rows: Iterator[dict[str, Any]]) -> int:
                    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
                    count = 0
                    for row in rows:
                        spool.write(json.dumps(row, separators=(",", ":")).encode() + b"\n")
                        count += 1
                    tables.append((name, spool))
                    return count

                rows = read_all(svc.engine, gather)
                files = _files(home)
                manifest = {
                    "format": FORMAT,
                    "created_at": now.isoformat(),
                    "revision": revision,
                    "rows": rows,
                    "files": len(files),
                    "database": svc.engine.dialect.name,
                }
                _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
                for path in files:
                    archive.add(path, arcname=f"files/{path.relative_to(home)}", recursive=False)
                for name, spool in tables:
                    info = tarfile.TarInfo(f"db/{name}.jsonl")
                    info.size, info.mode = spool.tell(), 0o600
                    spool.seek(0)
                    archive.addfile(info, spool)
                    spool.close()
            sealed.finish()
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise StorageError(
            f"cannot write the backup to {target.parent}: {exc.strerror or exc} (free some "
            "space or choose another --output); nothing was written"
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return BackupOut(
        path=str(target),
        bytes=target.stat().st_size,
        created_at=now,
        revision=revision,
        rows=rows,
        files=len(files),
    )


# -- restore --------------------------------------------------------------------------------------


def _member_text(archive: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    handle = archive.extractfile(member)
    if handle is None:
        raise ParseError(f"the backup's {member.name} is not a file")
    return handle


def _lines(handle: IO[bytes]) -> Iterator[dict[str, Any]]:
    for line in handle:
        row: dict[str, Any] = json.loads(line)
        yield row


def restore(svc: Services, source: Path, *, replace: bool = False) -> RestoreOut:
    """Restore ``source`` into this machine's database and COACH_HOME (see the module's
    docstring); ``replace`` first empties a database that holds data."""
    from coach.db import migrate
    from coach.db.repo.credentials import existing_cipher
    from coach.db.session import make_engine

    if not source.is_file():
        raise ValidationFailed(f"no backup file {source}")
    home = svc.settings.home
    cipher = existing_cipher(svc.settings)
    verify(source, cipher)  # the whole file reads and adds up before anything is touched
    engine = make_engine(svc.settings)
    staging = Path(tempfile.mkdtemp(dir=_private(home), prefix=".restore-"))
    replaced = False
    try:
        with source.open("rb") as handle:
            stream = io.BufferedReader(_Opened(handle, cipher, source.name), CHUNK_BYTES)
            with tarfile.open(fileobj=stream, mode="r|gz") as archive:
                members = iter(archive)
                first = next(members, None)
                if first is None or first.name != "manifest.json":
                    raise ParseError(f"{source.name} has no manifest: not a coach backup")
                manifest = json.loads(_member_text(archive, first).read())
                if manifest.get("format") != FORMAT:
                    raise ParseError(
                        f"{source.name} is backup format {manifest.get('format')}: this coach "
                        f"reads format {FORMAT}"
                    )
                revision = str(manifest["revision"])
                if revision not in migrate.known_revisions():
                    raise ValidationFailed(
                        f"{source.name} was made by a newer coach (schema {revision}): "
                        "restore it with that version"
                    )
                replaced = _make_room(engine, replace)
                migrate.upgrade(engine, revision)
                files = _load(archive, members, engine, staging, manifest, source.name)
        migrate.upgrade(engine)
        _move_into_place(staging, home)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise StorageError(
            f"cannot unpack the backup's files into {home}: {exc.strerror or exc} (free some "
            "space and restore again with --replace)"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        engine.dispose()
    shutil.rmtree(staging, ignore_errors=True)
    return RestoreOut(
        path=str(source),
        created_at=datetime.fromisoformat(manifest["created_at"]),
        revision_in_backup=revision,
        revision_now=migrate.head_revision(),
        rows=manifest["rows"],
        files=files,
        replaced=replaced,
    )


def verify(source: Path, cipher: Any) -> dict[str, Any]:
    """Read the whole backup: it decrypts, it ends where it should, its rows and files add up to
    its manifest. The manifest, or one clear error."""
    with source.open("rb") as handle:
        stream = io.BufferedReader(_Opened(handle, cipher, source.name), CHUNK_BYTES)
        try:
            with tarfile.open(fileobj=stream, mode="r|gz") as archive:
                members = iter(archive)
                first = next(members, None)
                if first is None or first.name != "manifest.json":
                    raise ParseError(f"{source.name} has no manifest: not a coach backup")
                manifest: dict[str, Any] = json.loads(_member_text(archive, first).read())
                rows: dict[str, int] = {}
                files = 0
                for member in members:
                    if member.name.startswith("files/") and member.isfile():
                        files += 1
                    elif member.name.startswith("db/"):
                        table = member.name.removeprefix("db/").removesuffix(".jsonl")
                        rows[table] = sum(1 for _ in _member_text(archive, member))
        except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError) as exc:
            raise ParseError(f"{source.name} is damaged ({exc}); nothing was restored") from None
    wanted = {k: v for k, v in manifest.get("rows", {}).items() if v}
    if {k: v for k, v in rows.items() if v} != wanted or files != manifest.get("files"):
        raise ParseError(
            f"{source.name} is damaged: its rows or files do not add up to its manifest; "
            "nothing was restored"
        )
    return manifest


def _load(
    archive: tarfile.TarFile,
    members: Iterator[tarfile.TarInfo],
    engine: Any,
    staging: Path,
    manifest: dict[str, Any],
    name: str,
) -> int:
    """Every row in one transaction (checked against the manifest), the files into
    ``staging``; how many files."""
    from coach.db.snapshot import count_rows, reset_sequences, table_names, write_table

    files = 0
    with engine.begin() as connection:
        for member in members:
            if member.name.startswith("files/") and member.isfile():
                _stage(archive, member, staging)
                files += 1
            elif member.name.startswith("db/") and member.name.endswith(".jsonl"):
                table = member.name.removeprefix("db/").removesuffix(".jsonl")
                if table not in table_names():
                    raise ParseError(f"{name} holds an unknown table {table!r}")
                write_table(connection, table, _lines(_member_text(archive, member)))
        reset_sequences(connection)
        wanted = {k: v for k, v in manifest["rows"].items() if v}
        counted = {k: v for k, v in count_rows(connection, list(wanted)).items() if v}
        if counted != wanted or files != manifest["files"]:
            raise ParseError(
                f"{name} is damaged: its rows or files do not add up to its manifest; nothing "
                "was restored"
            )
    return files


def _private(home: Path) -> Path:
    from coach.privacy import private_dir

    return private_dir(home)


def _make_room(engine: Any, replace: bool) -> bool:
    """An empty database as it is; one holding coach's schema refused, or emptied with
    ``replace``; whether something was there."""
    from coach.db import migrate
    from coach.db.snapshot import count_rows

    current = migrate.current_revision(engine)
    if current is None:
        return False
    held = None
    if current == migrate.head_revision():
        with engine.connect() as connection:
            held = sum(count_rows(connection).values())
    if held != 0 and not replace:
        what = f"{held:,} rows" if held is not None else f"coach's schema {current}"
        raise Conflict(
            f"the database holds {what}: restore goes into an empty database; give --replace "
            "to empty it first (everything in it is lost), or point COACH_DATABASE_URL at a "
            "new one"
        )
    if held != 0:
        from coach.db.snapshot import empty_every_table

        empty_every_table(engine)
    migrate.downgrade(engine, "base")
    return held != 0


def _stage(archive: tarfile.TarFile, member: tarfile.TarInfo, staging: Path) -> None:
    relative = Path(member.name.removeprefix("files/"))
    if relative.is_absolute() or ".." in relative.parts or relative.parts[0] not in FOLDERS:
        raise ParseError(f"the backup names a file outside coach's folders: {member.name}")
    target = staging / relative
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _member_text(archive, member) as data, target.open("wb") as out:
        shutil.copyfileobj(data, out)
    os.chmod(target, 0o600)


def _move_into_place(staging: Path, home: Path) -> None:
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            target = home / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.replace(path, target)
