"""Who is signed in to the dashboard, until accounts exist: the person who started the server
signs in with the one-time link `coach serve` prints (every athlete, read and write), anyone
else with a personal API token (its athletes, read-only or not).

Sessions live in the server's memory: a restart signs everyone out (the new link signs the
owner back in). Each session has its own CSRF token, which every form and every htmx request
sends back; the session id travels only in an HttpOnly, SameSite=Strict cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.domain.clock import Clock
from coach.services.context import Scope

COOKIE = "coach_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True, slots=True)
class WebSession:
    id: str
    scope: Scope
    csrf: str
    expires_at: datetime

    def csrf_ok(self, sent: str | None) -> bool:
        return sent is not None and hmac.compare_digest(sent, self.csrf)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class SessionStore:
    """The signed-in sessions of one server process, and its one-time sign-in codes."""

    def __init__(self, clock: Clock, lifetime: timedelta, code_lifetime: timedelta) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.code_lifetime = code_lifetime
        self._sessions: dict[str, WebSession] = {}  # by the digest of the id
        self._codes: dict[str, datetime] = {}  # digest -> expiry
        self._notes: dict[str, object] = {}  # session digest -> what the last change did
        self._lock = threading.Lock()

    def issue_code(self) -> str:
        """A one-time code that signs the machine's owner in (the link `coach serve` prints)."""
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[_digest(code)] = self.clock.now() + self.code_lifetime
        return code

    def redeem(self, code: str, owner: Scope) -> WebSession | None:
        """A session for the owner, when ``code`` is a code not yet used nor expired."""
        with self._lock:
            expiry = self._codes.pop(_digest(code), None)
        if expiry is None or expiry < self.clock.now():
            return None
        return self.start(owner)

    def start(self, scope: Scope) -> WebSession:
        session = WebSession(
            id=secrets.token_urlsafe(32),
            scope=scope,
            csrf=secrets.token_urlsafe(24),
            expires_at=self.clock.now() + self.lifetime,
        )
        with self._lock:
            self._sessions[_digest(session.id)] = session
        return session

    def get(self, session_id: str | None) -> WebSession | None:
        if not session_id:
            return None
        key = _digest(session_id)
        with self._lock:
            session = self._sessions.get(key)
            if session is not None and session.expires_at < self.clock.now():
                del self._sessions[key]
                return None
        return session

    def end(self, session_id: str | None) -> None:
        if session_id:
            with self._lock:
                self._sessions.pop(_digest(session_id), None)
                self._notes.pop(_digest(session_id), None)

    def note(self, session: WebSession, note: object) -> None:
        """Keep what a change did, for the next page of this session to show once."""
        with self._lock:
            self._notes[_digest(session.id)] = note

    def take_note(self, session: WebSession) -> object | None:
        with self._lock:
            return self._notes.pop(_digest(session.id), None)
