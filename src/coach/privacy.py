"""Files that hold an athlete's health data or secrets are the athlete's alone: folders 0700,
files 0600 (owner read/write), and a warning when a settings file others can read holds them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """``path`` as a folder, each missing part of it created 0700; an existing folder is left
    as the athlete set it."""
    missing = []
    here = path
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        folder.chmod(PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """``path`` created empty with mode 0600 when missing (so what is written next is never
    readable by others, whatever the umask); an existing file is left as it is."""
    private_dir(path.parent)
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    except FileExistsError:
        return path
    os.close(descriptor)
    return path


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with mode 0600 (a new file replaces the old one atomically)."""
    private_dir(path.parent)
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)  # a leftover could carry a looser mode
    descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


def readable_by_others(path: Path) -> bool:
    """Whether a file exists and its mode lets the group or others read it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRGRP | stat.S_IROTH))
