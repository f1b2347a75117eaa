"""The error hierarchy. Entry points map each class to one clear line and an exit code."""

from __future__ import annotations

from pydantic import ValidationError


class CoachError(Exception):
    """Base of every error coach reports to a person. The message is one line saying what to do."""

    exit_code = 1


class ConfigError(CoachError):
    """A setting is missing or invalid."""

    exit_code = 78


class ValidationFailed(CoachError):
    """Input that coach refuses: an unknown goal kind, an end before a start, a bad timezone."""

    exit_code = 2


class NotFound(CoachError):
    """A named thing (athlete, goal, plan, activity) does not exist."""

    exit_code = 3


class Ambiguous(CoachError):
    """A command needs a choice the user has not made (e.g. which of several athletes)."""

    exit_code = 2


class Conflict(CoachError):
    """The action would collide with existing data (e.g. an athlete with that name exists)."""

    exit_code = 4


class Busy(CoachError):
    """Another coach process holds what this one needs; trying again shortly works."""

    exit_code = 75


class DatabaseError(CoachError):
    """The database cannot be reached, or its schema does not match this version of coach."""

    exit_code = 69


class SecretError(CoachError):
    """A stored secret cannot be decrypted (wrong COACH_SECRET_KEY) or stored."""

    exit_code = 77


class ConnectorError(CoachError):
    """An outside service (Garmin Connect, Hevy) failed."""

    exit_code = 69


class AuthError(ConnectorError):
    """Credentials were refused or have expired."""

    exit_code = 77


class RateLimited(ConnectorError):
    """The outside service asked us to slow down; what was saved so far is kept."""

    exit_code = 75


class StorageError(CoachError):
    """A file could not be written or read on this machine (a full disk, no permission)."""

    exit_code = 74


class ParseError(CoachError):
    """A file or record could not be read; the message names it."""

    exit_code = 65


def invalid(what: str, exc: ValidationError) -> ValidationFailed:
    """One clear line from a pydantic validation error: ``invalid <what> <field>: <reason>``."""
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return ValidationFailed(f"invalid {what}{' ' + where if where else ''}: {message}")


class Forbidden(CoachError):
    """The caller may see this athlete but not change it (a read-only token or grant)."""

    exit_code = 77


class Unauthorized(CoachError):
    """No valid credentials were given to coach's own API (a missing, unknown or revoked token)."""

    exit_code = 77


def transient(error: BaseException) -> bool:
    """Whether trying again later may succeed: an outside service slowing us down or failing
    on its side (429, 5xx, unreachable), or our own database busy or gone for a moment. Refused
    credentials, bad input and missing things are not: retrying changes nothing."""
    if isinstance(error, AuthError):
        return False
    return isinstance(error, (ConnectorError, Busy, DatabaseError))


HTTP_STATUS: dict[type[CoachError], int] = {
    ValidationFailed: 422,
    Ambiguous: 422,
    ParseError: 422,
    StorageError: 507,
    NotFound: 404,
    Conflict: 409,
    Busy: 503,
    RateLimited: 503,
    AuthError: 502,
    ConnectorError: 502,
    DatabaseError: 503,
    SecretError: 500,
    ConfigError: 500,
    Forbidden: 403,
    Unauthorized: 401,
}
"""The HTTP status of each error, beside its exit code: the CLI and the API report one error type
the same way (the API as an RFC 9457 problem document)."""


def http_status(error: CoachError) -> int:
    """The status of the most specific class of ``error`` that has one (500 for the rest)."""
    for cls in type(error).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 500
