"""People who sign in (users, distinct from the athletes they own), their sessions in the
dashboard, one-time codes (sign-in links, password resets), and failed sign-ins (rate limits)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from coach.db.base import Base
from coach.db.crypto import EncryptedText
from coach.db.types import UTCDateTime


class User(Base):
    """A person with a password (argon2, pwdlib) and an optional second factor (TOTP, its
    secret encrypted with the machine's key). The owner may manage users and tokens."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)  # lower case
    name: Mapped[str] = mapped_column(EncryptedText(100))
    password_hash: Mapped[str] = mapped_column(String(300))
    totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class WebSessionRow(Base):
    """A signed-in browser: only the SHA-256 of its cookie is kept. It stands for a user, an API
    token, or (neither) the machine's owner signed in with the link `coach serve` printed."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    api_token_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="CASCADE"), nullable=True
    )
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    flash: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class OneTimeCode(Base):
    """A code good once until it expires: the owner's sign-in link, or a password reset the
    owner printed for a user (only its SHA-256 is kept)."""

    __tablename__ = "one_time_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(16))  # sign-in, reset
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SignInFailure(Base):
    """A refused sign-in, by the account it named and the address it came from."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AthleteOwner(Base):
    """The user who owns an athlete (an athlete without a row: the machine's owner's, as before
    there were users)."""

    __tablename__ = "athlete_owners"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class AthleteGrant(Base):
    """An athlete's owner lets a coach (another user) reach the athlete: ``view``, ``edit`` or
    ``full``. It counts only once the coach accepted it and until it is revoked (by either);
    revoked rows stay, as the record of who could see what, when."""

    __tablename__ = "athlete_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(8))  # view, edit, full
    granted_by: Mapped[str] = mapped_column(String(220))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(220), nullable=True)


class TokenUser(Base):
    """The user an API token belongs to: it reaches at most what that user reaches, now (a
    token without a row: the machine owner's, as before there were users)."""

    __tablename__ = "token_users"

    token_id: Mapped[int] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
