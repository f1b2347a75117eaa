"""Who is signed in to the dashboard: a user with their password (and second factor), the
machine's owner with the one-time link `coach serve` prints, or anyone with a personal API token
(its athletes, read-only or not).

Sessions live in the database (coach.services.users): every server process sees them, a restart
signs nobody out, and a session ends when it expires, on sign-out, or when its user's password
changes or the user is disabled. Each session has its own CSRF token, which every form and every
htmx request sends back; the session id travels only in an HttpOnly, SameSite=Strict cookie.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from coach.services import users
from coach.services.context import Scope, Services

COOKIE = "coach_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True, slots=True)
class WebSession:
    id: str
    scope: Scope
    csrf: str
    expires_at: datetime
    who: str
    """How the header names who is signed in (a user's name, a token's, "the owner")."""

    def csrf_ok(self, sent: str | None) -> bool:
        return sent is not None and hmac.compare_digest(sent, self.csrf)


class SessionStore:
    """The dashboard's sessions and one-time sign-in codes, kept in the database."""

    def __init__(self, services: Services, lifetime: timedelta, code_lifetime: timedelta) -> None:
        self.services = services
        self.lifetime = lifetime
        self.code_lifetime = code_lifetime

    def issue_code(self) -> str:
        """A one-time code that signs the machine's owner in (the link `coach serve` prints)."""
        return users.issue_sign_in_code(self.services, self.code_lifetime)

    def redeem(self, code: str) -> WebSession | None:
        """A session for the owner, when ``code`` is a code not yet used nor expired."""
        signed = users.redeem_sign_in_code(self.services, code, self.lifetime)
        return None if signed is None else self.get(signed.token)

    def sign_in(self, email: str, password: str, code: str | None, address: str) -> WebSession:
        signed = users.sign_in(self.services, email, password, code, address, self.lifetime)
        return self._found(signed.token)

    def with_token(self, token: str) -> WebSession:
        """A session with a personal API token's reach (Unauthorized when it is not one)."""
        from coach.services.tokens import identify

        signed = users.start(
            self.services, self.lifetime, api_token_id=identify(self.services, token)
        )
        return self._found(signed.token)

    def _found(self, token: str) -> WebSession:
        session = self.get(token)
        assert session is not None  # made a moment ago
        return session

    def get(self, session_id: str | None) -> WebSession | None:
        live = users.session_of(self.services, session_id)
        if live is None:
            return None
        return WebSession(live.token, live.scope, live.csrf, live.expires_at, live.who)

    def end(self, session_id: str | None) -> None:
        users.end(self.services, session_id)

    def note(self, session: WebSession, note: dict[str, Any]) -> None:
        """Keep what a change did, for the next page of this session to show once."""
        users.note(self.services, session.id, note)

    def take_note(self, session: WebSession) -> dict[str, Any] | None:
        return users.take_note(self.services, session.id)
