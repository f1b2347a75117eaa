"""Settings: every knob of coach, read from the environment (prefix ``COACH_``), a ``.env`` file
in the working folder, or ``COACH_HOME/coach.env``.

Nothing here runs at import time; call :func:`load_settings` at an entry point and pass the result
down. Every field is documented, and a test checks that the README documents every field too.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from coach.domain.errors import ConfigError

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LLM_PROVIDERS = ("", "anthropic")
SECRET_KEY_FILENAME = "secret.key"
DB_KEY_FILENAME = "db.key"
DATABASE_FILENAME = "coach.db"
ATHLETES_FOLDER = "athletes"
"""COACH_HOME/athletes/ID holds each athlete's own files."""
HOME_ENV_FILENAME = "coach.env"


def default_home() -> Path:
    """The platform's per-user data folder for coach (e.g. ``~/.local/share/coach`` on Linux)."""
    return Path(platformdirs.user_data_dir("coach", appauthor=False))


class Settings(BaseSettings):
    """The effective configuration of one coach process."""

    model_config = SettingsConfigDict(
        env_prefix="COACH_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Annotated[
        Path,
        Field(
            default_factory=default_home,
            description="Folder for coach's own files: the SQLite database, the raw-file archive, "
            "the generated secret key, exported workouts.",
        ),
    ]
    database_url: Annotated[
        str,
        Field(
            default="",
            description="SQLAlchemy URL of the database. Empty means a SQLite file coach.db in "
            "COACH_HOME. PostgreSQL: postgresql+psycopg://user@host:5432/dbname.",
        ),
    ]
    log_level: Annotated[
        str,
        Field(default="WARNING", description="Logging level: DEBUG, INFO, WARNING, ERROR."),
    ]
    log_format: Annotated[
        Literal["text", "json"],
        Field(
            default="text",
            description="`text` for a person at a terminal; `json`: one JSON object per line "
            "(time, level, logger, message and the event's fields) for a service's journal. "
            "At INFO the server logs one line per request (method, path, status, time).",
        ),
    ]
    secret_key: Annotated[
        SecretStr | None,
        Field(
            default=None,
            description="Key that encrypts stored credentials (any string of 16+ characters). "
            "Unset: a random key is generated once into COACH_HOME/secret.key (mode 0600).",
        ),
    ]

    secret_key_previous: Annotated[
        SecretStr | None,
        Field(
            default=None,
            description="The COACH_SECRET_KEY before the current one, while `coach secrets "
            "rotate` re-encrypts what it encrypted (it only decrypts); remove it afterwards.",
        ),
    ]
    encrypt_text: Annotated[
        Literal["auto", "on", "off"],
        Field(
            default="auto",
            description="Encrypt free text in the database (notes, reasons, names, titles, "
            "places, an activity's details) with the secret key: `auto` on PostgreSQL (whose "
            "files may be another machine's), not on SQLite (a file in COACH_HOME beside the key; "
            "encrypt the whole file with COACH_DB_ENCRYPT instead); `on`, `off`. Encrypted text "
            "is always read.",
        ),
    ]
    db_encrypt: Annotated[
        bool,
        Field(
            default=False,
            description="Keep the SQLite database encrypted (SQLCipher 4, AES-256): unreadable "
            "without the key. Convert an existing file first with `coach db encrypt`.",
        ),
    ]
    db_key: Annotated[
        SecretStr | None,
        Field(
            default=None,
            description="The passphrase of the encrypted SQLite database (16+ characters). "
            "Unset: a random 256-bit key in COACH_HOME/db.key (mode 0600), made by `coach db "
            "encrypt` or with a new database. Never part of a URL or a log line.",
        ),
    ]

    garmin_request_interval_s: Annotated[
        float,
        Field(
            default=1.0,
            ge=0,
            description="Seconds between coach's requests to Garmin Connect (politeness; Garmin "
            "rate-limits per account).",
        ),
    ]
    garmin_retry_wait_s: Annotated[
        float,
        Field(
            default=1.0,
            ge=0,
            description="First back-off before garminconnect retries a 5xx or network error "
            "(it doubles, up to 10x, for at most 3 attempts).",
        ),
    ]
    garmin_first_sync_days: Annotated[
        int,
        Field(default=90, ge=1, description="How far back the first Garmin sync reaches."),
    ]
    garmin_overlap_days: Annotated[
        int,
        Field(
            default=3,
            ge=0,
            description="Days re-fetched before the last sync, to catch late uploads and edits.",
        ),
    ]

    hevy_api_key: Annotated[
        SecretStr | None,
        Field(
            default=None,
            description="Hevy API key (hevy.com/settings?developer; the API needs Hevy Pro) of "
            "the athlete COACH_HEVY_ATHLETE names (or of the only athlete). Unset: the key "
            "stored, encrypted, by `coach hevy login`.",
        ),
    ]
    hevy_athlete: Annotated[
        str | None,
        Field(
            default=None,
            description="Whose key COACH_HEVY_API_KEY is: an athlete's name or id. Needed once "
            "more than one athlete exists; the key is never used for anyone else.",
        ),
    ]
    hevy_base_url: Annotated[
        str,
        Field(
            default="https://api.hevyapp.com",
            description="Where the Hevy API is (a `coach dev fake-hevy` address for trying "
            "coach without an account).",
        ),
    ]
    hevy_request_interval_s: Annotated[
        float,
        Field(
            default=0.5,
            ge=0,
            description="Seconds between coach's requests to Hevy (politeness; Hevy answers 429 "
            "to clients that hurry).",
        ),
    ]
    hevy_max_attempts: Annotated[
        int,
        Field(
            default=5,
            ge=1,
            le=20,
            description="Attempts per Hevy request when it answers 429 (or 5xx on reads) before "
            "coach gives up; waits honour Retry-After, else back off exponentially with jitter.",
        ),
    ]
    hevy_max_wait_s: Annotated[
        float,
        Field(default=60.0, ge=0, description="Longest single wait between Hevy retries."),
    ]
    hevy_catalogue_max_age_days: Annotated[
        int,
        Field(
            default=7,
            ge=0,
            description="Days the local copy of Hevy's exercise-template catalogue is reused "
            "before it is fetched again (an unknown template id is always looked up).",
        ),
    ]
    strength_default_rpe: Annotated[
        float,
        Field(
            default=6.0,
            ge=1,
            le=10,
            description="Session RPE (CR-10) assumed for a strength session whose sets carry "
            "no RPE, for its session-RPE load (Foster 2001; 6 = between hard and very hard).",
        ),
    ]

    read_cache_entries: Annotated[
        int,
        Field(
            default=512,
            ge=0,
            le=100_000,
            description="Answers the server keeps per process for its heaviest reads (status, "
            "load series, goal progress), each until the athlete's data changes or the day "
            "turns; 0 turns the cache off.",
        ),
    ]

    web_session_h: Annotated[
        float,
        Field(
            default=12.0,
            gt=0,
            le=24 * 30,
            description="Hours a dashboard sign-in lasts (sessions live in the database: a "
            "restart signs nobody out).",
        ),
    ]
    web_sign_in_code_min: Annotated[
        float,
        Field(
            default=15.0,
            gt=0,
            le=24 * 60,
            description="Minutes the one-time sign-in link `coach serve` prints stays valid.",
        ),
    ]

    sign_up: Annotated[
        bool,
        Field(
            default=False,
            description="Whether the dashboard's sign-up page is open: anyone who reaches the "
            "server may then make an account and their own athlete (and grant a coach access). "
            "Off: only the owner adds users (`coach user add`).",
        ),
    ]
    sign_in_failures_per_account: Annotated[
        int,
        Field(
            default=5,
            ge=1,
            le=1000,
            description="Failed dashboard sign-ins one account may have within "
            "COACH_SIGN_IN_WINDOW_MIN before it is refused (429) until the window has passed "
            "(OWASP: limit guessing per account).",
        ),
    ]
    sign_in_failures_per_address: Annotated[
        int,
        Field(
            default=20,
            ge=1,
            le=10000,
            description="Failed dashboard sign-ins from one address (any account) within "
            "COACH_SIGN_IN_WINDOW_MIN before it is refused (429).",
        ),
    ]
    sign_in_window_min: Annotated[
        float,
        Field(
            default=15.0,
            gt=0,
            le=24 * 60,
            description="Minutes over which failed sign-ins are counted.",
        ),
    ]
    public_url: Annotated[
        str,
        Field(
            default="",
            pattern=r"^(https?://[^\s/]+(/[^\s]*)?)?$",
            description="The dashboard's address as people reach it (http://127.0.0.1:8765, "
            "https://coach.example.org): the evening notification then ends with a link to the "
            "athlete's Tonight page. Empty: no link.",
        ),
    ]
    review_time: Annotated[
        str,
        Field(
            default="21:00",
            pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
            description="Time of day (HH:MM) of the evening review, on each athlete's own clock: "
            "the timer of `coach schedule install` reviews an athlete once it has come where "
            "they live.",
        ),
    ]
    job_attempts: Annotated[
        int,
        Field(
            default=5,
            ge=1,
            le=20,
            description="Attempts of a worker's nightly review, export or notification before it "
            "is kept as failed (`coach jobs`): a 429 or 5xx from Garmin or Hevy, a notification "
            "service down or the database gone for a moment is tried again; a refused login is "
            "not. On the last attempt a review goes on without the failing source.",
        ),
    ]
    job_backoff_s: Annotated[
        int,
        Field(
            default=4,
            ge=1,
            le=60,
            description="Back-off between a job's attempts, in seconds, raised to the power of "
            "the attempt: 4 gives 4, 16, 64, 256 s.",
        ),
    ]
    worker_stalled_s: Annotated[
        float,
        Field(
            default=30.0,
            ge=1,
            le=3600,
            description="A worker that sent no heartbeat for this many seconds is taken for dead "
            "(killed, its machine gone): its running jobs are queued again by the next worker "
            "to start or within a minute. Workers beat every third of it.",
        ),
    ]
    fit_count_repeat_steps: Annotated[
        bool,
        Field(
            default=True,
            description="Count repeat steps in a FIT workout's num_valid_steps, as Garmin's 2020 "
            "cookbook does (false: old SDK samples' way). Which one watches need is unverified.",
        ),
    ]
    form_low: Annotated[
        float,
        Field(
            default=-25.0,
            le=0,
            description="Form (CTL - ATL, morning) below which fatigue is flagged once it lasts "
            "COACH_FORM_LOW_DAYS days.",
        ),
    ]
    form_low_days: Annotated[
        int, Field(default=3, ge=1, description="Days of low form before it is flagged.")
    ]
    ramp_high_per_week: Annotated[
        float,
        Field(default=8.0, gt=0, description="Fitness (CTL) gain per week flagged as too steep."),
    ]
    monotony_high: Annotated[
        float, Field(default=2.0, gt=0, description="Foster monotony flagged above this.")
    ]
    strain_high: Annotated[
        float,
        Field(
            default=600.0,
            gt=0,
            description="Foster strain (weekly load x monotony) flagged above this (Foster's 6000 "
            "AU in coach's load units, AU/10).",
        ),
    ]
    acwr_high: Annotated[
        float,
        Field(
            default=1.5,
            gt=0,
            description="Acute:chronic load ratio (EWMA) flagged above this; a soft flag only.",
        ),
    ]
    notify_url: Annotated[
        SecretStr | None,
        Field(
            default=None,
            description="Where `coach review --auto` sends the evening summary: one or more "
            "Apprise URLs separated by spaces or commas (ntfy://topic, tgram://bot-token/chat-id, "
            "mailtos://user:password@host, json://host/path, ...). Unset: no notification, the "
            "summary goes to the timer's log only.",
        ),
    ]
    llm_provider: Annotated[
        str,
        Field(
            default="",
            description="Optional LLM narrative of the review: `anthropic` (needs the `llm` "
            "extra and an API key). Empty: off. The narrative rephrases; it never changes a "
            "proposal, and the template text stands when it fails.",
        ),
    ]
    anthropic_api_key: Annotated[
        SecretStr | None,
        Field(
            default=None,
            description="Anthropic API key for the narrative (ANTHROPIC_API_KEY is used when "
            "this is unset).",
        ),
    ]
    llm_model: Annotated[
        str,
        Field(default="claude-sonnet-5-5", description="The model that writes the narrative."),
    ]
    llm_base_url: Annotated[
        str,
        Field(
            default="",
            description="Another address for the LLM API (a proxy or gateway). Empty: the "
            "provider's own.",
        ),
    ]
    llm_timeout_s: Annotated[
        float,
        Field(
            default=30.0,
            gt=0,
            description="Seconds to wait for the narrative before the template text stands alone.",
        ),
    ]

    @field_validator("home", mode="after")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("log_level", mode="before")
    @classmethod
    def _check_level(cls, value: Any) -> str:
        level = str(value).strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("llm_provider", mode="before")
    @classmethod
    def _check_provider(cls, value: Any) -> str:
        provider = str(value or "").strip().lower()
        if provider not in LLM_PROVIDERS:
            raise ValueError("must be empty (off) or anthropic")
        return provider

    @field_validator("secret_key", "secret_key_previous", "db_key", mode="after")
    @classmethod
    def _check_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            raise ValueError("must be at least 16 characters long")
        return value

    @property
    def effective_database_url(self) -> str:
        """The database URL in use: COACH_DATABASE_URL, or the SQLite file in COACH_HOME."""
        if self.database_url.strip():
            return self.database_url.strip()
        return f"sqlite:///{self.home / DATABASE_FILENAME}"

    def athlete_home(self, athlete_id: int) -> Path:
        """The folder of the files one athlete owns: raw archive, FIT outbox, calendar."""
        return self.home / ATHLETES_FOLDER / str(athlete_id)

    @property
    def secret_key_file(self) -> Path:
        return self.home / SECRET_KEY_FILENAME

    @property
    def db_key_file(self) -> Path:
        return self.home / DB_KEY_FILENAME

    @property
    def log_level_number(self) -> int:
        return logging.getLevelNamesMapping()[self.log_level]


def load_settings(**overrides: Any) -> Settings:
    """Read the settings: the environment first, then ``.env`` in the working folder, then
    ``COACH_HOME/coach.env`` (where a timer, which has neither your shell nor your folder, finds
    COACH_NOTIFY_URL and API keys). A bad value raises :class:`ConfigError`."""
    overrides = {**_from_files(overrides), **overrides}
    try:
        settings = Settings(**overrides)
        home_file = settings.home / HOME_ENV_FILENAME
        if home_file.is_file():
            settings = Settings(_env_file=(home_file, ".env"), **overrides)  # later files win
        return settings
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "COACH_" + str(first["loc"][0]).upper() if first["loc"] else "COACH_*"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"setting {name} is invalid: {message}") from exc


FILE_SUFFIX = "_FILE"
"""``COACH_X_FILE=/run/secrets/x`` gives setting X the file's content (containers' secrets)."""


def _from_files(overrides: dict[str, Any]) -> dict[str, Any]:
    """Each setting named by a ``COACH_X_FILE`` variable (and not set itself): the file's text,
    without its trailing newline. A file that cannot be read is one clear line (exit 78)."""
    found: dict[str, Any] = {}
    for name in Settings.model_fields:
        variable = f"COACH_{name.upper()}"
        path = os.environ.get(variable + FILE_SUFFIX)
        if not path or variable in os.environ or name in overrides:
            continue
        try:
            found[name] = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise ConfigError(
                f"{variable}{FILE_SUFFIX} names {path}, which cannot be read: {reason}"
            ) from None
    return found


def masked_settings(settings: Settings) -> dict[str, str]:
    """Every setting's effective value as a display string (COACH_ name -> value), with the
    secret key masked and any password in the database URL hidden."""
    shown: dict[str, str] = {}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if name == "secret_key":
            text = (
                "********" if value is not None else f"(generated, in {settings.secret_key_file})"
            )
        elif isinstance(value, SecretStr) or value is None:
            text = "********" if value is not None else "(not set)"
        elif name == "database_url":
            text = mask_url_password(settings.effective_database_url)
        elif isinstance(value, float):
            text = f"{value:g}"
        else:
            text = str(value)
        shown[f"COACH_{name.upper()}"] = text
    return shown


def mask_url_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user, colon, _password = credentials.partition(":")
    return f"{scheme}://{user}{':********' if colon else ''}@{host}"
