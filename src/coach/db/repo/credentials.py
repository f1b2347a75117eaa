"""Credentials for outside services, encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256).

The key comes from COACH_SECRET_KEY (any string of 16+ characters, stretched with SHA-256) or, when
that is unset, from a random key generated once into COACH_HOME/secret.key with mode 0600.
Plaintext never reaches the database, a log or an error message.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.config import Settings
from coach.db.models import Credential
from coach.domain.errors import SecretError
from coach.privacy import private_dir


def secret_cipher(settings: Settings) -> Fernet:
    """The cipher for stored credentials (creating the key file on first use)."""
    if settings.secret_key is not None:
        digest = hashlib.sha256(settings.secret_key.get_secret_value().encode()).digest()
        return Fernet(base64.urlsafe_b64encode(digest))
    return Fernet(_key_file(settings.secret_key_file))


def existing_cipher(settings: Settings) -> Fernet:
    """The cipher of a key that exists already (COACH_SECRET_KEY or the key file): reading a
    backup never makes a new key."""
    if settings.secret_key is None and not settings.secret_key_file.exists():
        raise SecretError(
            f"no key here ({settings.secret_key_file}): copy the secret.key of the machine that "
            "made the backup there, or set COACH_SECRET_KEY as it had it"
        )
    return secret_cipher(settings)


def _key_file(path: Path) -> bytes:
    if path.exists():
        key = path.read_bytes().strip()
        try:
            Fernet(key)
        except ValueError:
            raise SecretError(
                f"{path} is not a valid coach key: restore it from a backup, or remove it and "
                "log in to Garmin/Hevy again"
            ) from None
        return key
    private_dir(path.parent)
    key = Fernet.generate_key()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key + b"\n")
    return key


def save_credential(
    session: Session, cipher: Fernet, athlete_id: int, source: str, secret: dict[str, Any]
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
    session: Session, cipher: Fernet, athlete_id: int, source: str
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
