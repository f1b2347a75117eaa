"""Every table's rows read in one consistent snapshot, and written back into an empty schema:
the database part of ``coach backup`` / ``coach restore``. Portable between SQLite and
PostgreSQL: values travel as tagged JSON (dates, times, bytes), read and written through each
column's storage type (no pydantic validation on the way, nothing reinterpreted).

SQLite: one read transaction sees one state of the file (write-ahead log). PostgreSQL: a
REPEATABLE READ transaction sees one snapshot while writers go on.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Connection, Engine, MetaData, Table, func, select, text
from sqlalchemy.types import TypeDecorator, TypeEngine

from coach.db.base import Base

BATCH_ROWS = 2_000
"""Rows read or written per round trip."""


def storage_type(column_type: TypeEngine[Any]) -> TypeEngine[Any]:
    """The type a column is stored as, below coach's decorators (UTC datetimes, pydantic JSON,
    string enums)."""
    found = column_type
    while isinstance(found, TypeDecorator):
        found = found.impl_instance
    return found


def _raw_tables() -> list[Table]:
    """coach's tables in dependency order, each column with its storage type."""
    import coach.db.models  # noqa: F401  (registers every table)

    metadata = MetaData()
    return [
        Table(
            table.name,
            metadata,
            *(
                Column(c.name, storage_type(c.type), primary_key=c.primary_key)
                for c in table.columns
            ),
        )
        for table in Base.metadata.sorted_tables
    ]


def encode(value: Any) -> Any:
    """A column value as JSON: dates, times and bytes tagged, everything else as it is."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, bytes | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Decimal):
        return float(value)
    return value


def decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, text_value),) = value.items()
        if tag == "$datetime":
            return datetime.fromisoformat(text_value)
        if tag == "$date":
            return date.fromisoformat(text_value)
        if tag == "$time":
            return time.fromisoformat(text_value)
        if tag == "$bytes":
            return base64.b64decode(text_value)
    return value


def read_all(
    engine: Engine, write: Callable[[str, Iterator[dict[str, Any]]], int]
) -> dict[str, int]:
    """Hand every table's rows (encoded) to ``write(table, rows)`` from one snapshot; the row
    count of each table."""
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        else:
            connection.exec_driver_sql("BEGIN")  # pysqlite: a read transaction holds one state
        for table in _raw_tables():
            counts[table.name] = write(table.name, _rows(connection, table))
        connection.rollback()
    return counts


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    keys = [c for c in table.columns if c.primary_key] or list(table.columns)
    result = connection.execution_options(yield_per=BATCH_ROWS).execute(
        select(table).order_by(*keys)
    )
    for row in result.mappings():
        yield {name: encode(value) for name, value in row.items()}


def count_rows(connection: Connection, only: list[str] | None = None) -> dict[str, int]:
    """Rows per table (every table, or those named)."""
    return {
        table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for table in _raw_tables()
        if only is None or table.name in only
    }


def write_table(connection: Connection, table_name: str, rows: Iterator[dict[str, Any]]) -> int:
    """Insert the rows of one table (decoded) in batches; how many."""
    table = {t.name: t for t in _raw_tables()}[table_name]
    done, batch = 0, []
    for row in rows:
        batch.append({name: decode(value) for name, value in row.items()})
        if len(batch) >= BATCH_ROWS:
            connection.execute(table.insert(), batch)
            done, batch = done + len(batch), []
    if batch:
        connection.execute(table.insert(), batch)
        done += len(batch)
    return done


def table_names() -> list[str]:
    return [t.name for t in _raw_tables()]


def reset_sequences(connection: Connection) -> None:
    """PostgreSQL: each id sequence continues after the highest id restored."""
    if connection.dialect.name != "postgresql":
        return
    for table in _raw_tables():
        if "id" not in table.columns:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )


def empty_every_table(engine: Engine) -> None:
    """Delete every row of every table the database has (its schema as it is, whatever its
    revision; the revision itself kept), children before parents, in one transaction: what a
    restore with --replace does before taking the schema down, so no step of the way down meets
    a row it cannot keep (an encrypted name longer than an older column)."""
    found = MetaData()
    with engine.begin() as connection:
        found.reflect(connection)
        for table in reversed(found.sorted_tables):
            if table.name != "alembic_version":
                connection.execute(table.delete())
