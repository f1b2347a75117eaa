"""Reading what an athlete names, safely: only regular files, never more than a named limit,
ZIP members checked before they are inflated (a zip bomb stops at its header), so neither a
huge or endless input (``/dev/zero``, a FIFO nobody writes to) nor a crafted archive can exhaust
memory or hang an import.

Limits (each a named constant, documented in the README's plausibility table):

- ``MAX_FIT_BYTES`` 64 MiB for one FIT file (a 24-hour ride at 1 Hz with every sensor is
  about 6 MiB);
- ``MAX_CSV_BYTES`` 512 MiB for one CSV export (a decade of daily logging is about 50 MiB);
- ``MAX_ZIP_RATIO`` 200: a member that would inflate more than 200 times its packed size is
  refused (FIT data packs 3-10 times);
- ``MAX_ZIP_MEMBERS`` 20 000 members and ``MAX_ZIP_TOTAL_BYTES`` 4 GiB inflated per archive.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import IO

from coach.domain.errors import NotFound, ParseError

MIB = 1024 * 1024
MAX_FIT_BYTES = 64 * MIB
MAX_CSV_BYTES = 512 * MIB
MAX_ZIP_RATIO = 200
MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_TOTAL_BYTES = 4096 * MIB


def regular_file(path: Path) -> Path:
    """``path`` when it is a regular file; a clear refusal for anything else (a folder, a
    device, a FIFO, a socket) or a file that is not there."""
    if not path.exists():
        raise NotFound(f"{path}: no such file")
    if not path.is_file():
        raise ParseError(f"{path}: not a regular file (a device, a pipe or a folder)")
    return path


CHUNK_BYTES = MIB
"""Read this much at a time: ``read(limit)`` would reserve the whole limit up front."""


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes."""
    regular_file(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise _too_large(f"{path}", limit, what)
            return _bounded(handle, limit, f"{path}", what)
    except OSError as exc:
        raise ParseError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _too_large(name: str, limit: int, what: str) -> ParseError:
    return ParseError(
        f"{name}: larger than {limit // MIB} MiB, more than any real {what}: not imported"
    )


def _bounded(handle: IO[bytes], limit: int, name: str, what: str) -> bytes:
    """At most ``limit`` bytes, read a chunk at a time (a file can grow, a header can lie)."""
    parts: list[bytes] = []
    total = 0
    while chunk := handle.read(CHUNK_BYTES):
        total += len(chunk)
        if total > limit:
            raise _too_large(name, limit, what)
        parts.append(chunk)
    return b"".join(parts)


def open_zip(source: Path | IO[bytes], name: str) -> zipfile.ZipFile | None:
    """The archive, or None when it is not a ZIP; refused when it holds too many members or
    would inflate beyond the limits."""
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        return None
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise ParseError(f"{name}: {len(members)} members, more than {MAX_ZIP_MEMBERS}")
    total = sum(info.file_size for info in members)
    if total > MAX_ZIP_TOTAL_BYTES:
        raise ParseError(
            f"{name}: would inflate to {total // MIB} MiB, more than {MAX_ZIP_TOTAL_BYTES // MIB}"
        )
    return archive


def read_member(archive: zipfile.ZipFile, member: str, limit: int, name: str, what: str) -> bytes:
    """One member's bytes, checked against its header before inflating and while inflating
    (a header can lie)."""
    info = archive.getinfo(member)
    if info.file_size > limit:
        raise ParseError(f"{name}: {info.file_size // MIB} MiB, more than any real {what}")
    if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO:
        raise ParseError(
            f"{name}: would inflate {info.file_size // info.compress_size} times its packed "
            f"size (more than {MAX_ZIP_RATIO}): refused as a likely zip bomb"
        )
    try:
        with archive.open(member) as handle:
            return _bounded(handle, limit, name, what)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ParseError(f"{name}: damaged archive member ({exc})") from None
