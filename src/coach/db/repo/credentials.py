"""Credentials for outside services, encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256).

The key comes from COACH_SECRET_KEY (any string of 16+ characters, stretched with SHA-256) or, when
that is unset, from a random key generated once into COACH_HOME/secret.key with mode 0600. The
file may hold several keys, one a line, newest first (`coach secrets rotate` writes them so): the
first encrypts, each decrypts (MultiFernet); COACH_SECRET_KEY_PREVIOUS decrypts beside
COACH_SECRET_KEY the same way. Plaintext never reaches the database, a log or an error message.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.config import Settings
from coach.db.models import Credential
from coach.domain.errors import SecretError
from coach.privacy import private_dir


def _stretched(passphrase: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(passphrase.encode()).digest())


def secret_keys(settings: Settings) -> list[bytes]:
    """The machine's Fernet keys, the one that encrypts first (creating the key file on first
    use when COACH_SECRET_KEY is unset)."""
    if settings.secret_key is not None:
        keys = [_stretched(settings.secret_key.get_secret_value())]
        if settings.secret_key_previous is not None:
            keys.append(_stretched(settings.secret_key_previous.get_secret_value()))
        return keys
    return _key_file(settings.secret_key_file)


def secret_cipher(settings: Settings) -> MultiFernet:
    """The cipher for stored secrets: encrypts with the newest key, decrypts with any."""
    return MultiFernet([Fernet(key) for key in secret_keys(settings)])


class LiveCipher:
    """The secret cipher, read again when the key file changes (`coach secrets rotate` in
    another process): a long-running server never encrypts with a key that was retired."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._seen: tuple[int, int, int] | None = None
        self._cipher: MultiFernet | None = None

    def __call__(self) -> MultiFernet:
        path = self._settings.secret_key_file
        seen = None
        if self._settings.secret_key is None and path.exists():
            found = path.stat()
            seen = (found.st_ino, found.st_mtime_ns, found.st_size)
        if self._cipher is None or seen != self._seen:
            self._cipher, self._seen = secret_cipher(self._settings), seen
        return self._cipher


def existing_cipher(settings: Settings) -> MultiFernet:
    """The cipher of a key that exists already (COACH_SECRET_KEY or the key file): reading a
    backup never makes a new key."""
    if settings.secret_key is None and not settings.secret_key_file.exists():
        raise SecretError(
            f"no key here ({settings.secret_key_file}): copy the secret.key of the machine that "
            "made the backup there, or set COACH_SECRET_KEY as it had it"
        )
    return secret_cipher(settings)


def _key_file(path: Path) -> list[bytes]:
    if path.exists():
        keys = [line.strip() for line in path.read_bytes().splitlines() if line.strip()]
        try:
            if not keys:
                raise ValueError("empty")
            for key in keys:
                Fernet(key)
        except ValueError:
            raise SecretError(
                f"{path} is not a valid coach key file: restore it from a backup, or remove it "
                "and log in to Garmin/Hevy again"
            ) from None
        return keys
    private_dir(path.parent)
    key = Fernet.generate_key()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key + b"\n")
    return [key]


def write_key_file(path: Path, keys: list[bytes]) -> None:
    """Replace the key file at once (a new file, synced, renamed over the old one; mode 0600):
    a crash leaves the old file or the new one, never half of one."""
    private_dir(path.parent)
    spare = path.with_name(f".{path.name}.new")
    descriptor = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(b"".join(key + b"\n" for key in keys))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(spare, path)


def save_credential(
    session: Session, cipher: MultiFernet, athlete_id: int, source: str, secret: dict[str, Any]
) -> None:
    token = cipher.encrypt(json.dumps(secret, sort_keys=True).encode())
    row = session.scalar(
        select(Credential).where(Credential.athlete_id == athlete_id, Credential.source == source)
    )
    if row is None:
        session.add(Credential(athlete_id=athlete_id, source=source, ciphertext=token))
    else:
        row.ciphertext = token
    session.flush()


def load_credential(
    session: Session, cipher: MultiFernet, athlete_id: int, source: str
) -> dict[str, Any] | None:
    row = session.scalar(
        select(Credential).where(Credential.athlete_id == athlete_id, Credential.source == source)
    )
    if row is None:
        return None
    try:
        secret: dict[str, Any] = json.loads(cipher.decrypt(row.ciphertext))
    except InvalidToken:
        raise SecretError(
            f"the stored {source} credentials cannot be decrypted with the current secret key: "
            f"set the COACH_SECRET_KEY they were saved with, or run `coach {source} login` again"
        ) from None
    return secret


def delete_credential(session: Session, athlete_id: int, source: str) -> bool:
    row = session.scalar(
        select(Credential).where(Credential.athlete_id == athlete_id, Credential.source == source)
    )
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def has_credential(session: Session, athlete_id: int, source: str) -> bool:
    return (
        session.scalar(
            select(Credential.id).where(
                Credential.athlete_id == athlete_id, Credential.source == source
            )
        )
        is not None
    )
