"""Re-encrypting what the database holds encrypted, with the newest key: stored credentials,
second-factor secrets and encrypted free text (read and written raw, beside the ORM, in the
caller's one transaction)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from cryptography.fernet import InvalidToken, MultiFernet
from sqlalchemy import JSON, LargeBinary, Table, Text, and_, column, select, table, update
from sqlalchemy.sql.expression import TableClause

from coach.db.base import Base
from coach.db.crypto import PREFIX, EncryptedJSON, EncryptedText, sealed_json, stored_json
from coach.domain.errors import SecretError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SECRETS = (("credentials", "ciphertext"), ("users", "totp_secret"))
"""The columns that hold a Fernet token as bytes."""


def _columns_of(kind: type[EncryptedText] | type[EncryptedJSON]) -> list[tuple[Table, str]]:
    import coach.db.models  # noqa: F401  (every model registered on Base)

    return [
        (model_table, col.name)
        for model_table in Base.metadata.sorted_tables
        for col in model_table.columns
        if isinstance(col.type, kind)
    ]


def encrypted_text_columns() -> list[tuple[Table, str]]:
    """Every column of free text coach may encrypt (the models' EncryptedText columns)."""
    return _columns_of(EncryptedText)


def encrypted_json_columns() -> list[tuple[Table, str]]:
    """Every JSON column that may hold free text (the models' EncryptedJSON columns)."""
    return _columns_of(EncryptedJSON)


def _raw(
    model_table: Table, name: str, kind: type[Text] | type[LargeBinary] | type[JSON]
) -> tuple[TableClause, list[str]]:
    """The table with its key and the one column, typed plainly: values as they are stored."""
    keys = [c.name for c in model_table.primary_key.columns]
    raw = table(model_table.name, *(column(k) for k in keys), column(name, kind()))
    return raw, keys


def rotate_all(session: Session, cipher: MultiFernet, *, encrypt_plain: bool) -> dict[str, int]:
    """Every encrypted value decrypted with any key of ``cipher`` and encrypted again with its
    first; plain free text encrypted too when ``encrypt_plain``. How many of each kind."""
    done = {"secrets": 0, "texts": 0, "newly_encrypted": 0}
    for name, col in SECRETS:
        model_table = Base.metadata.tables[name]
        raw, keys = _raw(model_table, col, LargeBinary)
        for row in session.execute(select(raw).where(raw.c[col].is_not(None))).all():
            try:
                fresh = cipher.rotate(bytes(row[-1]))
            except InvalidToken:
                raise SecretError(
                    f"a stored secret ({name}) does not decrypt with any key here: nothing was "
                    "changed; find the key it was written with"
                ) from None
            where = and_(*(raw.c[k] == row[i] for i, k in enumerate(keys)))
            session.execute(update(raw).where(where).values({col: fresh}))
            done["secrets"] += 1
    for model_table, col in encrypted_text_columns():
        raw, keys = _raw(model_table, col, Text)
        for row in session.execute(select(raw).where(raw.c[col].is_not(None))).all():
            value: str = row[-1]
            if value.startswith(PREFIX):
                token = _rotated(cipher, value[len(PREFIX) :], f"{model_table.name}.{col}")
                done["texts"] += 1
            elif encrypt_plain:
                token = cipher.encrypt(value.encode("utf-8"))
                done["newly_encrypted"] += 1
            else:
                continue
            where = and_(*(raw.c[k] == row[i] for i, k in enumerate(keys)))
            session.execute(update(raw).where(where).values({col: PREFIX + token.decode()}))
    for model_table, col in encrypted_json_columns():
        raw, keys = _raw(model_table, col, JSON)
        for row in session.execute(select(raw).where(raw.c[col].is_not(None))).all():
            document = row[-1]
            sealed = sealed_json(document)
            if sealed is not None:
                token = _rotated(cipher, sealed, f"{model_table.name}.{col}")
                done["texts"] += 1
            elif encrypt_plain:
                token = cipher.encrypt(json.dumps(document).encode("utf-8"))
                done["newly_encrypted"] += 1
            else:
                continue
            where = and_(*(raw.c[k] == row[i] for i, k in enumerate(keys)))
            session.execute(update(raw).where(where).values({col: stored_json(token)}))
    session.flush()
    return done


def _rotated(cipher: MultiFernet, token: str, where: str) -> bytes:
    try:
        return cipher.rotate(token.encode("ascii"))
    except InvalidToken:
        raise SecretError(
            f"stored text ({where}) does not decrypt with any key here: nothing was changed; "
            "find the key it was written with"
        ) from None
