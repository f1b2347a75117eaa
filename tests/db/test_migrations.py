"""Migrations: every revision up and down on SQLite and PostgreSQL; models and migrations agree."""

from __future__ import annotations

import json
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import coach.db.models  # noqa: F401
from coach.db import migrate
from coach.db.base import Base
from coach.db.session import make_engine
from coach.domain.errors import DatabaseError, ValidationFailed
from tests.conftest import Cli

SPEC_COLUMNS = {
    "athletes": {"id", "name", "email", "created_at", "current_body_fat", "vo2_max", "goals"},
    "training_plans": {
        "id",
        "athlete_id",
        "start_date",
        "end_date",
        "name",
        "focus_areas",
        "weekly_volume_target",
    },
    "planned_workouts": {
        "id",
        "plan_id",
        "scheduled_date",
        "workout_type",
        "workout_definition",
        "priority",
        "estimated_duration",
    },
    "completed_activities": {
        "id",
        "athlete_id",
        "activity_date",
        "source",
        "activity_type",
        "duration",
        "data",
        "planned_workout_id",
    },
    "progress_metrics": {"id", "athlete_id", "metric_date", "metric_type", "value", "notes"},
    "daily_reviews": {
        "id",
        "athlete_id",
        "review_date",
        "planned_vs_actual",
        "insights",
        "plan_adjustments",
        "next_week_focus",
    },
}


def test_every_migration_runs_up_and_down(database_url: str) -> None:
    engine = make_engine(database_url)
    revisions = [revision for revision, _, _ in migrate.history()]
    for revision in revisions:
        migrate.upgrade(engine, revision)
        assert migrate.current_revision(engine) == revision
    tables = set(inspect(engine).get_table_names())
    assert set(SPEC_COLUMNS) <= tables
    for revision in [*reversed(revisions[:-1]), "base"]:
        migrate.downgrade(engine, revision)
    assert migrate.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)  # and up again from nothing
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_the_specified_tables_keep_the_specified_columns(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    inspector = inspect(engine)
    for table, columns in SPEC_COLUMNS.items():
        present = {column["name"] for column in inspector.get_columns(table)}
        assert columns <= present, f"{table} lacks {columns - present}"
    engine.dispose()


def _not_the_queue(name: str | None, type_: str, parent_names: object) -> bool:
    """The job queue's tables are procrastinate's own, not in coach's models."""
    return not (type_ == "table" and (name or "").startswith("procrastinate"))


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_name": _not_the_queue},
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_a_fresh_database_is_set_up_on_first_use(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.ensure_schema(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    migrate.ensure_schema(engine)  # and a second time changes nothing
    engine.dispose()


def test_a_database_behind_is_not_touched_without_being_asked(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff0000'"))
    with pytest.raises(DatabaseError, match="written by a newer coach"):
        migrate.ensure_schema(engine)
    engine.dispose()


def test_a_foreign_database_is_refused(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE somebody_elses (id INTEGER)"))
    with pytest.raises(DatabaseError, match="no coach schema version"):
        migrate.ensure_schema(engine)
    engine.dispose()


def test_unknown_revisions_are_refused() -> None:
    engine = make_engine("sqlite://")
    with pytest.raises(ValidationFailed, match="unknown migration revision"):
        migrate.upgrade(engine, "nope")


def test_impossible_activities_an_earlier_coach_stored_are_quarantined(
    database_url: str, cli: Cli
) -> None:
    """Before plausibility checks, a year-1 row or a 10,000-hour workout broke every evening
    for good; upgrading hides them (restorable) and says so in the audit log."""
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0002")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO athletes (name, timezone, sex, unit_system, pool_unit, pool_length, "
                "goals, created_at, updated_at) VALUES ('Sam', 'UTC', 'unspecified', 'metric', "
                "'m', 25, '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        for day, duration in (
            ("0001-01-01", 3600.0),
            ("2026-11-20", 3.6e7),
            ("2026-11-21", 1800.0),
        ):
            connection.execute(
                text(
                    "INSERT INTO completed_activities (athlete_id, activity_date, start_time, "
                    "source, external_id, activity_type, duration, is_partial, data, "
                    "match_locked, created_at, updated_at) VALUES (1, :day, :start, 'manual', "
                    ":key, 'run', :duration, false, '{}', false, CURRENT_TIMESTAMP, "
                    "CURRENT_TIMESTAMP)"
                ),
                {"day": day, "start": f"{day} 12:00:00+00:00", "key": day, "duration": duration},
            )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        hidden = (
            connection.execute(
                text("SELECT external_id FROM completed_activities WHERE deleted_at IS NOT NULL")
            )
            .scalars()
            .all()
        )
        logged = (
            connection.execute(
                text("SELECT entity_id FROM audit_log WHERE action = 'activity.quarantine'")
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert sorted(hidden) == ["0001-01-01", "2026-11-20"]
    assert len(logged) == 2
    for command in (("status",), ("review", "--auto"), ("progress", "body_fat")):
        result = cli(*command)
        assert result.exit_code in (0, 3), result.stderr  # no OverflowError, whatever the goals
    (kept,) = json.loads(cli.ok("activities", "list", "--json").stdout)
    assert kept["date"] == "2026-11-21"


def test_a_fresh_database_made_at_once_is_the_migrated_one(database_url: str) -> None:
    """A new database gets the newest schema in one step (the models' tables, the queue, the
    revision stamped): the same tables, columns, indexes and constraints as upgrading from
    nothing, and it migrates down and up again like one."""
    fresh = make_engine(database_url)
    migrate.ensure_schema(fresh)
    assert migrate.current_revision(fresh) == migrate.head_revision()
    with fresh.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": _not_the_queue}
        )
        assert compare_metadata(context, Base.metadata) == []
        made = _shape(connection)
    migrate.downgrade(fresh, "base")
    migrate.upgrade(fresh)
    with fresh.connect() as connection:
        assert _shape(connection) == made
    fresh.dispose()


def _shape(connection: Any) -> dict[str, Any]:
    """Every table's columns, indexes, unique constraints and foreign keys, by name."""
    found = inspect(connection)
    return {
        name: (
            sorted((c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(name)),
            sorted((i["name"], tuple(i["column_names"])) for i in found.get_indexes(name)),
            sorted(str(u["name"]) for u in found.get_unique_constraints(name)),
            sorted(str(f["name"]) for f in found.get_foreign_keys(name)),
        )
        for name in sorted(found.get_table_names())
    }
