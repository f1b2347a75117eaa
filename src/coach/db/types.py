"""Column types: timezone-aware UTC datetimes, pydantic-validated JSON, string-valued enums."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import JSON, DateTime, Dialect, Enum
from sqlalchemy.types import TypeDecorator, TypeEngine

from coach.domain.errors import invalid


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always returns them aware (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a timezone first")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class PydanticJSON(TypeDecorator[Any]):
    """A JSON column whose content is validated by a pydantic type on write and on read.

    JSONB on PostgreSQL, JSON elsewhere. Invalid content on write raises ValidationFailed, so a bad
    workout definition can never reach the database.
    """

    impl = JSON
    cache_ok = True

    def __init__(self, model_type: Any) -> None:
        super().__init__()
        self.model_type = model_type

    @property
    def _adapter(self) -> TypeAdapter[Any]:
        return _adapter_for(self.model_type)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB  # only on PostgreSQL

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        adapter = self._adapter
        try:
            return adapter.dump_python(adapter.validate_python(value), mode="json")
        except ValidationError as exc:
            raise invalid(_name(self.model_type), exc) from exc

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return self._adapter.validate_python(value)


@functools.cache
def _adapter_for(model_type: Any) -> TypeAdapter[Any]:
    return TypeAdapter(model_type)


def _name(model_type: Any) -> str:
    return getattr(model_type, "__name__", str(model_type))


def str_enum[E: StrEnum](enum: type[E]) -> Enum:
    """A StrEnum stored by value as VARCHAR, with no database enum type or constraint to migrate."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
