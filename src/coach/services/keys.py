"""`coach secrets rotate`: a new secret key, and everything encrypted with the old one
re-encrypted with it, without losing a credential.

With the key file (COACH_HOME/secret.key): a new key is written first, ahead of the old ones
(both decrypt, the new one encrypts: a running server picks the file up at once); then every
stored credential, second-factor secret and encrypted text is re-encrypted in one transaction;
only then is the file rewritten with the new key alone. A failure at any point leaves every
value readable (run it again). The retired keys are kept apart in secret.key.retired-STAMP
(mode 0600): backups made before need them to be restored — keep that file offline, or delete it
once those backups are gone.

With COACH_SECRET_KEY: the new key is the one set now, the old one COACH_SECRET_KEY_PREVIOUS; the
command re-encrypts everything with the new one, after which PREVIOUS can go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.domain.errors import Forbidden
from coach.services.context import Scope, Services
from coach.services.schemas import Schema

if TYPE_CHECKING:
    from pathlib import Path


class Rotated(Schema):
    secrets: int
    """Stored credentials and second-factor secrets re-encrypted."""
    texts: int
    """Encrypted free-text values re-encrypted."""
    newly_encrypted: int
    """Plain free-text values encrypted now (text encryption is on for this database)."""
    key: str
    """Where the key is now: the key file's path, or COACH_SECRET_KEY."""
    retired: str | None
    """Where the retired keys are kept (the key file's case)."""


def rotate(svc: Services, scope: Scope) -> Rotated:
    """Re-encrypt everything with a new key (the key file) or the current COACH_SECRET_KEY."""
    from cryptography.fernet import Fernet, MultiFernet

    from coach.db.rekey import rotate_all
    from coach.db.repo.credentials import secret_keys, write_key_file
    from coach.db.session import encrypts_text

    if not scope.owner:
        raise Forbidden("only the owner of this coach rotates its keys")
    settings = svc.settings
    writes_text = encrypts_text(settings, svc.engine)
    if settings.secret_key is not None:
        cipher = MultiFernet([Fernet(key) for key in secret_keys(settings)])
        with svc.unit() as session:
            done = rotate_all(session, cipher, encrypt_plain=writes_text)
        return Rotated(**done, key="COACH_SECRET_KEY", retired=None)
    path = settings.secret_key_file
    old = secret_keys(settings)
    new = Fernet.generate_key()
    write_key_file(path, [new, *old])  # from now on: the new one encrypts, every one decrypts
    cipher = MultiFernet([Fernet(key) for key in [new, *old]])
    with svc.unit() as session:
        done = rotate_all(session, cipher, encrypt_plain=writes_text)
    retired = _retire(path, old, svc.clock.now().strftime("%Y%m%dT%H%M%SZ"))
    write_key_file(path, [new])
    return Rotated(**done, key=str(path), retired=str(retired))


def _retire(path: Path, keys: list[bytes], stamp: str) -> Path:
    """The retired keys in a file of their own beside the key file (mode 0600)."""
    from coach.db.repo.credentials import write_key_file

    target = path.with_name(f"{path.name}.retired-{stamp}")
    write_key_file(target, keys)
    return target
