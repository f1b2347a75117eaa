"""The garminconnect client, its login paths, and its errors turned into coach's.

Rules from docs/connectors.md (Garmin): log in with credentials once, then only from stored tokens;
never retry a login automatically on a rate limit; save ``client.dumps()`` after every sync,
because the refresh token rotates.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from garminconnect import (
    Garmin,
    GarminConnectAuthenticationError,
    GarminConnectConnectionError,
    GarminConnectTooManyRequestsError,
)

from coach.domain.errors import AuthError, ConnectorError, RateLimited

RETRY_ATTEMPTS = 3
RETRY_MAX_FACTOR = 10
RELOGIN = "run `coach garmin login` again"


@contextmanager
def garmin_errors(action: str) -> Iterator[None]:
    """Map garminconnect's exceptions to one clear line each."""
    try:
        yield
    except GarminConnectTooManyRequestsError:
        raise RateLimited(
            f"rate limited by Garmin while {action}, try again later (hours, for logins); "
            "everything synced so far is saved"
        ) from None
    except GarminConnectAuthenticationError as exc:
        raise AuthError(
            f"Garmin refused the login while {action} ({_first_line(exc)}): {RELOGIN}"
        ) from None
    except GarminConnectConnectionError as exc:
        status = getattr(getattr(exc, "response", None), "status_code", None)
        if status == 429:
            raise RateLimited(f"rate limited by Garmin while {action}, try again later") from None
        raise ConnectorError(f"Garmin Connect failed while {action}: {_first_line(exc)}") from None


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def connect_with_tokens(tokens: dict[str, Any], retry_wait_s: float) -> Garmin:
    """A client logged in from stored tokens only (no password is kept anywhere)."""
    if not {"di_token", "di_refresh_token", "di_client_id"} <= set(tokens):
        raise AuthError(f"the stored Garmin tokens are incomplete: {RELOGIN}")
    garmin = Garmin(
        retry_attempts=RETRY_ATTEMPTS,
        retry_min_wait=retry_wait_s,
        retry_max_wait=max(retry_wait_s * RETRY_MAX_FACTOR, retry_wait_s),
    )
    with garmin_errors("logging in with the stored session"):
        garmin.login(json.dumps(tokens))
    return garmin


def connect_with_password(
    email: str, password: str, prompt_mfa: Callable[[], str], retry_wait_s: float
) -> Garmin:
    """A client logged in with credentials (and an MFA code when the account asks for one)."""
    garmin = Garmin(
        email=email,
        password=password,
        prompt_mfa=prompt_mfa,
        retry_attempts=RETRY_ATTEMPTS,
        retry_min_wait=retry_wait_s,
        retry_max_wait=max(retry_wait_s * RETRY_MAX_FACTOR, retry_wait_s),
    )
    with garmin_errors("logging in"):
        garmin.login()
    return garmin


def tokens_of(garmin: Garmin) -> dict[str, Any]:
    """The client's current tokens (the refresh token may have rotated since login)."""
    tokens: dict[str, Any] = json.loads(garmin.client.dumps())
    return tokens


def display_name(garmin: Garmin) -> str:
    return str(garmin.display_name or garmin.full_name or "your Garmin account")
