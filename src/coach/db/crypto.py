"""Encryption at rest inside the application: the machine's keys, and free text encrypted in
the database.

The key file (COACH_HOME/secret.key, or COACH_SECRET_KEY) holds the Fernet key that encrypts
stored credentials, second-factor secrets and — on PostgreSQL, where the database server may be
another machine and its files another person's to read — the athlete's free text: notes, the
reasons given for a missed session or a rejected proposal, a user's name, an athlete's name and
e-mail, a goal's title, a training window's place, an activity's title and its details (its
note, description and exercise notes), the evening review's words and the audit log's details
(docs/data-model.md lists the columns). An encrypted value cannot be queried: coach compares
names and titles in the application (repo/athletes.py, repo/activities.py). Several keys may be
in the file, newest first: the first encrypts, every one decrypts (cryptography's MultiFernet),
which is how `coach secrets rotate` replaces a key without losing anything.

An encrypted text is stored as ``fernet:`` and the token, so a value written before encryption
was switched on still reads as it is (and `coach secrets rotate` encrypts it).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable
from typing import Any

from cryptography.fernet import InvalidToken, MultiFernet
from sqlalchemy import JSON, Dialect, String, Text
from sqlalchemy.types import TypeDecorator, TypeEngine

from coach.domain.errors import SecretError

PREFIX = "fernet:"
"""What an encrypted text begins with in the database."""

type CipherOf = Callable[[], MultiFernet]
"""The cipher as it is now (a running server sees a rotated key without a restart)."""

_CIPHERS: weakref.WeakKeyDictionary[Dialect, tuple[CipherOf, bool]] = weakref.WeakKeyDictionary()
"""Each engine's cipher, by its dialect (each engine has its own), and whether it encrypts new
text (it always reads what is encrypted)."""


def encrypt_text_with(dialect: Dialect, cipher: CipherOf, *, encrypts: bool) -> None:
    """The engine of ``dialect`` reads encrypted text with ``cipher`` and, when ``encrypts``,
    encrypts what it writes."""
    _CIPHERS[dialect] = (cipher, encrypts)


def _cipher(dialect: Dialect, *, writing: bool) -> MultiFernet | None:
    found = _CIPHERS.get(dialect)
    if found is None or (writing and not found[1]):
        return None
    return found[0]()


def encrypt(cipher: MultiFernet, value: str) -> str:
    return PREFIX + cipher.encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(cipher: MultiFernet | None, value: str) -> str:
    """The plain text of a stored value (a plain value as it is)."""
    if not value.startswith(PREFIX):
        return value
    if cipher is None:
        raise SecretError(
            "the database holds encrypted text but no key reads it here: set COACH_SECRET_KEY "
            "or copy the secret.key of the machine that wrote it into COACH_HOME"
        )
    try:
        return cipher.decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise SecretError(
            "stored text cannot be decrypted with this machine's key (COACH_SECRET_KEY or "
            "COACH_HOME/secret.key): use the key that wrote it"
        ) from None


class EncryptedText(TypeDecorator[str]):
    """Free text, encrypted when its engine encrypts text (PostgreSQL by default). The column
    keeps its declared length on SQLite (which does not enforce it) and is TEXT on PostgreSQL,
    where a token is longer than the text it hides."""

    impl = Text
    cache_ok = True

    def __init__(self, length: int | None = None) -> None:
        super().__init__()
        self.length = length

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql" or self.length is None:
            return Text()
        return String(self.length)

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        cipher = _cipher(dialect, writing=True)
        return value if cipher is None else encrypt(cipher, value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not value.startswith(PREFIX):
            return value
        return decrypt(_cipher(dialect, writing=False), value)


JSON_KEY = "fernet"
"""An encrypted JSON value is stored as an object with this one key, whose value is the token:
still JSON, so the column keeps its type on every database and a backup carries it as it is."""


def stored_json(token: bytes) -> dict[str, str]:
    """An encrypted JSON document as it is stored: an object holding its token."""
    return {JSON_KEY: token.decode("ascii")}


def sealed_json(value: Any) -> str | None:
    """The token of an encrypted JSON value as stored, or None for a plain value."""
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get(JSON_KEY), str):
        return str(value[JSON_KEY])
    return None


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON document that may hold free text (an activity's details with its note, the
    review's findings, an audit entry's details), encrypted as a whole when its engine encrypts
    text."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        cipher = _cipher(dialect, writing=True)
        if cipher is None:
            return value
        return stored_json(cipher.encrypt(json.dumps(value).encode("utf-8")))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        token = sealed_json(value)
        if token is None:
            return value
        return json.loads(decrypt(_cipher(dialect, writing=False), PREFIX + token))
