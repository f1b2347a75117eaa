"""The raw archive: every imported payload kept as it came, content-addressed, under COACH_HOME.

``raw/<source>/<first two hex digits>/<sha256>.<ext>``: the same bytes always land in the same
place, so archiving twice changes nothing, and metrics can be recomputed later without the source.
Files are written to a temporary name and renamed, so a crash never leaves half a file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from coach.privacy import private_dir


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def raw_path(home: Path, source: str, digest: str, extension: str) -> Path:
    return home / "raw" / source / digest[:2] / f"{digest}.{extension}"


def archive(home: Path, source: str, data: bytes, extension: str) -> tuple[str, Path]:
    """Store ``data`` (once) and return its SHA-256 and its path."""
    digest = sha256_hex(data)
    path = raw_path(home, source, digest, extension)
    if path.exists():
        return digest, path
    private_dir(path.parent)  # the athlete's raw health data: 0700 folders, 0600 files
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest, path
