"""Users (people who sign in, distinct from the athletes they own) and their dashboard sessions.

Passwords are hashed with argon2id (pwdlib's recommended settings); a second factor is optional
(TOTP, RFC 6238, its secret encrypted with the machine's key). Sessions live in the database:
only the SHA-256 of the cookie is kept, each with its CSRF token; a session ends when it
expires, on sign-out, and for every session of a user whose password changes or who is
disabled. Failed sign-ins are counted per account and per address over COACH_SIGN_IN_WINDOW_MIN
(COACH_SIGN_IN_FAILURES_PER_ACCOUNT, COACH_SIGN_IN_FAILURES_PER_ADDRESS); past the limit the
answer is 429 until the window has passed. A forgotten password is reset without e-mail: the
owner prints a one-time code (`coach user reset`), the user types it on the reset page.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from coach.domain.clock import local_today
from coach.domain.errors import (
    CoachError,
    Forbidden,
    NotFound,
    Unauthorized,
    ValidationFailed,
)
from coach.services.context import AthleteKey, Scope, Services, athlete_in
from coach.services.schemas import Schema, Timestamp

if TYPE_CHECKING:
    from pwdlib import PasswordHash

    from coach.db.models import User, WebSessionRow
    from coach.domain.athlete import AthleteProfile

PASSWORD_MIN_CHARS = 10
"""Shortest password accepted (NIST SP 800-63B §5.1.1.2 asks at least 8 of a password a person
chooses; coach asks 10). No other composition rule, as the same guideline advises."""
PASSWORD_MAX_CHARS = 256
RESET_CODE_MIN = 30
"""Minutes a reset code printed by the owner stays good."""
TOTP_ISSUER = "coach"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class TooManyAttempts(CoachError):
    """Too many failed sign-ins for one account or from one address: wait, then try again."""

    exit_code = 75


class UserOut(Schema):
    id: int
    email: str
    name: str
    owner: bool
    second_factor: bool
    disabled: bool
    athletes: list[int]
    created_at: Timestamp


class SignedIn(Schema):
    """A new session: the cookie's value (shown to the browser only) and its CSRF token."""

    token: str
    csrf: str
    expires_at: Timestamp


@dataclass(frozen=True, slots=True)
class LiveSession:
    """A signed-in browser as a request sees it: whose, what it reaches, its CSRF token."""

    token: str
    scope: Scope
    csrf: str
    expires_at: datetime
    who: str


@functools.cache
def _hasher() -> PasswordHash:
    from pwdlib import PasswordHash

    return PasswordHash.recommended()


@functools.cache
def _dummy_hash() -> str:
    """A hash to check a password against when the account does not exist: the answer takes as
    long, so it does not tell which e-mail addresses have accounts."""
    return _hasher().hash(secrets.token_urlsafe(16))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _email(text: str) -> str:
    email = text.strip().lower()
    if not _EMAIL.fullmatch(email) or len(email) > 200:
        raise ValidationFailed(f"{text!r} is not an e-mail address")
    return email


def check_password(password: str) -> str:
    if len(password) < PASSWORD_MIN_CHARS:
        raise ValidationFailed(f"a password has at least {PASSWORD_MIN_CHARS} characters")
    if len(password) > PASSWORD_MAX_CHARS:
        raise ValidationFailed(f"a password has at most {PASSWORD_MAX_CHARS} characters")
    return password


def _owner_only(scope: Scope) -> None:
    if not scope.owner:
        raise Forbidden("only the owner of this coach manages users")


def user_out(row: User, athletes: list[int]) -> UserOut:
    return UserOut(
        id=row.id,
        email=row.email,
        name=row.name,
        owner=row.is_owner,
        second_factor=row.totp_secret is not None,
        disabled=row.disabled_at is not None,
        athletes=athletes,
        created_at=row.created_at,
    )


@dataclass(frozen=True, slots=True)
class _Person:
    email: str
    name: str
    password_hash: str

    def add(self, session: Any, now: datetime, *, owner: bool) -> User:
        from coach.db.repo.users import add_user as add

        return add(
            session,
            email=self.email,
            name=self.name,
            password_hash=self.password_hash,
            owner=owner,
            now=now,
        )


def _person(email: str, name: str, password: str) -> _Person:
    """A new user's e-mail (checked, lower case), name (the e-mail's first part when none) and
    password hash (the password checked first)."""
    address = _email(email)
    hashed = _hasher().hash(check_password(password))
    return _Person(address, (name.strip() or address.split("@")[0])[:100], hashed)


def add_user(
    svc: Services,
    scope: Scope,
    email: str,
    name: str,
    password: str,
    *,
    owner: bool = False,
    athletes: Sequence[AthleteKey] | None = None,
) -> UserOut:
    """A new user (the owner only), owning ``athletes`` from now on."""
    from coach.db.repo.users import give_athlete

    _owner_only(scope)
    person = _person(email, name, password)  # hashed before the transaction: it takes a while
    with svc.unit() as session:
        row = person.add(session, svc.clock.now(), owner=owner)
        owned = []
        for ref in athletes or []:
            athlete = athlete_in(session, scope, ref, write=True)
            give_athlete(session, athlete, row.id)
            owned.append(athlete.id)
        return user_out(row, sorted(owned))


SIGN_UP = "(sign-up)"
"""How a sign-up is counted among the attempts from its address (COACH_SIGN_IN_FAILURES_PER_ADDRESS
within COACH_SIGN_IN_WINDOW_MIN): an open sign-up page cannot be used to make accounts by the
thousand, nor to keep the machine hashing passwords."""


def sign_up(
    svc: Services,
    email: str,
    name: str,
    password: str,
    profile: AthleteProfile,
    lifetime: timedelta,
    address: str,
) -> SignedIn:
    """A new user (when COACH_SIGN_UP is on) owning a new athlete (their own training), signed
    in at once. The athlete starts with the usual week of availability and no goals."""
    from coach.db.repo.athletes import create_athlete
    from coach.db.repo.users import add_failure, failures_since, give_athlete
    from coach.domain.athlete import default_availability

    if not svc.settings.sign_up:
        raise Forbidden("sign-up is closed here: ask the owner for an account (coach user add)")
    window = timedelta(minutes=svc.settings.sign_in_window_min)
    with svc.unit() as session:
        _refuse_over(
            svc,
            failures_since(session, svc.clock.now() - window, address=address),
            svc.settings.sign_in_failures_per_address,
            "too many attempts from this address",
        )
        add_failure(session, SIGN_UP, address, svc.clock.now())
    person = _person(email, name, password)
    with svc.unit() as session:
        row = person.add(session, svc.clock.now(), owner=False)
        athlete = create_athlete(
            session,
            svc.clock,
            profile,
            [],
            default_availability(),
            on=local_today(svc.clock, profile.timezone),
            actor=f"user:{person.email}",
        )
        give_athlete(session, athlete, row.id)
        user_id = row.id
    return start(svc, lifetime, user_id=user_id)


def list_users(svc: Services, scope: Scope) -> list[UserOut]:
    from coach.db.repo.users import list_users as stored
    from coach.db.repo.users import owned_athletes

    _owner_only(scope)
    with svc.unit() as session:
        return [user_out(u, owned_athletes(session, u.id)) for u in stored(session)]


def set_password(svc: Services, scope: Scope, email: str, password: str) -> int:
    """A new password (the owner, or the user themself); every session of the user ends. How
    many ended."""
    from coach.db.repo.users import get_user, revoke_user_sessions

    hashed = _hasher().hash(check_password(password))
    with svc.unit() as session:
        row = get_user(session, _email(email))
        if not (scope.owner or scope.actor == f"user:{row.email}"):
            raise Forbidden("only the owner or the user themself changes a password")
        row.password_hash, row.password_changed_at = hashed, svc.clock.now()
        return revoke_user_sessions(session, row.id, svc.clock.now())


def disable(svc: Services, scope: Scope, email: str, *, enabled: bool = False) -> int:
    """Disable a user (every session ends at once) or enable them again; sessions ended."""
    from coach.db.repo.users import get_user, revoke_user_sessions

    _owner_only(scope)
    with svc.unit() as session:
        row = get_user(session, _email(email))
        if enabled:
            row.disabled_at = None
            return 0
        row.disabled_at = row.disabled_at or svc.clock.now()
        return revoke_user_sessions(session, row.id, svc.clock.now())


def reset_code(svc: Services, scope: Scope, email: str) -> tuple[str, datetime]:
    """A one-time code (the owner prints it and hands it over) with which the user sets a new
    password on the reset page; an earlier code of theirs stops working."""
    from coach.db.repo.users import add_code, drop_codes, get_user

    _owner_only(scope)
    code = "-".join(secrets.token_hex(3) for _ in range(3))
    expires = svc.clock.now() + timedelta(minutes=RESET_CODE_MIN)
    with svc.unit() as session:
        row = get_user(session, _email(email))
        drop_codes(session, row.id, "reset")
        add_code(
            session, code_sha256=_digest(code), purpose="reset", user_id=row.id, expires_at=expires
        )
    return code, expires


def reset_password(svc: Services, email: str, code: str, password: str) -> None:
    """Set a new password with a reset code (once; every session of the user ends)."""
    from coach.db.repo.users import revoke_user_sessions, use_code, user_by_email

    check_password(password)
    hashed = _hasher().hash(password)
    wrong = Unauthorized("this reset code is wrong, used or expired: ask the owner for a new one")
    with svc.unit() as session:
        row = user_by_email(session, email.strip().lower())
        used = use_code(session, _digest(code.strip().lower()), "reset", svc.clock.now())
        if row is None or used is None or used.user_id != row.id:
            raise wrong
        row.password_hash, row.password_changed_at = hashed, svc.clock.now()
        revoke_user_sessions(session, row.id, svc.clock.now())


def second_factor(svc: Services, scope: Scope, email: str, *, on: bool) -> str | None:
    """Turn TOTP on (a new secret: the ``otpauth://`` address to scan, shown once) or off."""
    import pyotp

    from coach.db.repo.credentials import secret_cipher
    from coach.db.repo.users import get_user

    with svc.unit() as session:
        row = get_user(session, _email(email))
        if not (scope.owner or scope.actor == f"user:{row.email}"):
            raise Forbidden("only the owner or the user themself sets a second factor")
        if not on:
            row.totp_secret = None
            return None
        secret = pyotp.random_base32()
        row.totp_secret = secret_cipher(svc.settings).encrypt(secret.encode())
        return pyotp.TOTP(secret).provisioning_uri(name=row.email, issuer_name=TOTP_ISSUER)


class UserDeleted(Schema):
    email: str
    athletes_deleted: list[str]
    athletes_kept: list[str]


def delete_user(
    svc: Services, scope: Scope, email: str, *, confirm: str, with_athletes: bool
) -> UserDeleted:
    """Delete a user's account (the owner, or the user themself), their sessions and codes
    with it. Their athletes are deleted too with ``with_athletes`` (every row and file, as
    `coach athlete delete`); otherwise they stay, the machine owner's again. ``confirm`` must
    be the e-mail address."""
    from coach.db.repo.athletes import athlete_by_id
    from coach.db.repo.users import get_user, owned_athletes, remove_user
    from coach.services.athletes import delete_athlete

    address = _email(email)
    if confirm.strip().lower() != address:
        raise ValidationFailed(f"type the account's e-mail, {address}, to delete it")
    with svc.unit() as session:
        row = get_user(session, address)
        if not (scope.owner or scope.actor == f"user:{row.email}"):
            raise Forbidden("only the owner or the user themself deletes an account")
        owned = owned_athletes(session, row.id)
        names = {a: athlete_by_id(session, a).name for a in owned}
    deleted = []
    if with_athletes:
        for athlete_id in owned:
            done = delete_athlete(svc, scope, athlete_id, confirm=names[athlete_id])
            deleted.append(done.athlete)
    with svc.unit() as session:
        remove_user(session, get_user(session, address))
    kept = [names[a] for a in owned if names[a] not in deleted]
    return UserDeleted(email=address, athletes_deleted=deleted, athletes_kept=kept)


# -- signing in -----------------------------------------------------------------------------------


FAILED = "too many failed sign-ins"


def _limits(svc: Services, account: str, address: str) -> None:
    from coach.db.repo.users import failures_since

    settings = svc.settings
    window = timedelta(minutes=settings.sign_in_window_min)
    since = svc.clock.now() - window
    with svc.unit() as session:
        by_account = failures_since(session, since, account=account)
        _refuse_over(svc, by_account, settings.sign_in_failures_per_account, FAILED)
        by_address = failures_since(session, since, address=address)
        _refuse_over(svc, by_address, settings.sign_in_failures_per_address, FAILED)


def _refuse_over(
    svc: Services, counted: tuple[int, datetime | None], limit: int, said: str
) -> None:
    """TooManyAttempts when ``limit`` attempts fell within the window, saying when the oldest
    of them leaves it."""
    count, first = counted
    if count >= limit and first is not None:
        window = timedelta(minutes=svc.settings.sign_in_window_min)
        wait = max(1, round((first + window - svc.clock.now()).total_seconds() / 60))
        raise TooManyAttempts(f"{said}: try again in {wait} min")


def sign_in(
    svc: Services,
    email: str,
    password: str,
    code: str | None,
    address: str,
    lifetime: timedelta,
) -> SignedIn:
    """A session for the user with this password (and TOTP code, when they have one); one
    refusal for every wrong part, counted against the account and the address."""
    import pyotp

    from coach.db.repo.credentials import secret_cipher
    from coach.db.repo.users import add_failure, forget_failures, user_by_email

    account = email.strip().lower()[:200]
    _limits(svc, account, address)
    with svc.unit() as session:
        row = user_by_email(session, account)
        good = _hasher().verify(password, row.password_hash if row else _dummy_hash())
        if good and row is not None and row.totp_secret is not None:
            secret = secret_cipher(svc.settings).decrypt(row.totp_secret).decode()
            good = bool(code) and pyotp.TOTP(secret).verify((code or "").strip(), valid_window=1)
        if not good or row is None or row.disabled_at is not None:
            add_failure(session, account, address, svc.clock.now())
            refused = True
        else:
            refused = False
            user_id = row.id
            forget_failures(
                session,
                account,
                svc.clock.now() - timedelta(minutes=svc.settings.sign_in_window_min),
            )
    if refused:
        raise Unauthorized("wrong e-mail, password or code (or the account is disabled)")
    return start(svc, lifetime, user_id=user_id)


def start(
    svc: Services,
    lifetime: timedelta,
    *,
    user_id: int | None = None,
    api_token_id: int | None = None,
) -> SignedIn:
    """A new session for a user, an API token, or (neither) the machine's owner."""
    from coach.db.repo.users import add_session

    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    now = svc.clock.now()
    with svc.unit() as session:
        add_session(
            session,
            token_sha256=_digest(token),
            csrf=csrf,
            user_id=user_id,
            api_token_id=api_token_id,
            now=now,
            expires_at=now + lifetime,
        )
    return SignedIn(token=token, csrf=csrf, expires_at=now + lifetime)


def issue_sign_in_code(svc: Services, lifetime: timedelta) -> str:
    """A one-time code that signs the machine's owner in (the link `coach serve` prints)."""
    from coach.db.repo.users import add_code

    code = secrets.token_urlsafe(24)
    with svc.unit() as session:
        add_code(
            session,
            code_sha256=_digest(code),
            purpose="sign-in",
            user_id=None,
            expires_at=svc.clock.now() + lifetime,
        )
    return code


def redeem_sign_in_code(svc: Services, code: str, lifetime: timedelta) -> SignedIn | None:
    from coach.db.repo.users import use_code

    with svc.unit() as session:
        used = use_code(session, _digest(code), "sign-in", svc.clock.now())
    return None if used is None else start(svc, lifetime)


def session_of(svc: Services, token: str | None) -> LiveSession | None:
    """The live session of this cookie, with what it reaches now (a disabled user, a revoked
    token: none)."""
    from coach.db.repo.users import live_session

    if not token:
        return None
    with svc.unit() as session:
        row = live_session(session, _digest(token), svc.clock.now())
        if row is None:
            return None
        found = _scope(session, row)
        if found is None:
            return None
        scope, who = found
        return LiveSession(
            token=token, scope=scope, csrf=row.csrf, expires_at=row.expires_at, who=who
        )


def _scope(session: Any, row: WebSessionRow) -> tuple[Scope, str] | None:
    from coach.db.repo.access import get_token
    from coach.db.repo.users import user_by_id
    from coach.services.grants import user_scope
    from coach.services.tokens import token_scope

    if row.user_id is not None:
        user = user_by_id(session, row.user_id)
        if user is None or user.disabled_at is not None:
            return None
        return user_scope(session, user), user.name
    if row.api_token_id is not None:
        try:
            token = get_token(session, row.api_token_id)
        except NotFound:
            return None
        scope = token_scope(session, token)
        if scope is None:
            return None
        return replace(scope, actor=f"token:{token.name}"), f"token {token.name}"
    return Scope(actor="web", owner=True), "the owner"


def end(svc: Services, token: str | None) -> None:
    from coach.db.repo.users import revoke_session

    if token:
        with svc.unit() as session:
            revoke_session(session, _digest(token), svc.clock.now())


def note(svc: Services, token: str, flash: dict[str, Any] | None) -> None:
    """Keep what a change did, for the next page of this session to show once."""
    from coach.db.repo.users import set_flash

    with svc.unit() as session:
        set_flash(session, _digest(token), flash)


def take_note(svc: Services, token: str) -> dict[str, Any] | None:
    from coach.db.repo.users import live_session, set_flash

    with svc.unit() as session:
        row = live_session(session, _digest(token), svc.clock.now())
        if row is None or row.flash is None:
            return None
        flash = dict(row.flash)
        set_flash(session, _digest(token), None)
        return flash
