"""Files sent over HTTP (the API's uploads, the dashboard's), each saved under its own name in
a private temporary folder for the import services, read in chunks up to the import limits."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

from coach.domain.errors import ValidationFailed
from coach.inputs import MAX_CSV_BYTES, MAX_FIT_BYTES

UPLOAD_CHUNK = 1 << 20
MAX_UPLOAD_BYTES = max(MAX_FIT_BYTES, MAX_CSV_BYTES)


class Upload(Protocol):
    """What a web framework hands over for one uploaded file."""

    @property
    def filename(self) -> str | None: ...

    @property
    def file(self) -> BinaryIO: ...


@contextmanager
def saved(upload: Upload) -> Iterator[Path]:
    """The upload as a file of its own name in a private temporary folder (removed when the
    block ends); larger than the import limits: refused before it fills the disk."""
    name = Path(upload.filename or "upload").name or "upload"
    folder = Path(tempfile.mkdtemp(prefix="coach-upload-"))
    try:
        target, size = folder / name, 0
        with target.open("wb") as out:
            while chunk := upload.file.read(UPLOAD_CHUNK):
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise ValidationFailed(
                        f"{name}: larger than {MAX_UPLOAD_BYTES >> 20} MiB, the most coach reads"
                    )
                out.write(chunk)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def saved_all(uploads: Sequence[Upload]) -> Iterator[list[Path]]:
    if not uploads:
        raise ValidationFailed("no file was sent")
    with ExitStack() as stack:
        yield [stack.enter_context(saved(upload)) for upload in uploads]
