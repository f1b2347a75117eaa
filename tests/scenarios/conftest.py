"""Scenario fixtures: a story on an embedded SQLite database (the review's judgement does not
depend on the database; a few scenarios run on PostgreSQL too, through the ``cli`` fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.scenarios.story import Story


@pytest.fixture
def story(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Story:
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'scenario.db'}")
    return Story(Cli(capsys, monkeypatch), tmp_path / "files")
