"""The athlete's Hevy exercise-template catalogue (built-in and custom), cached on disk.

Hevy's catalogue is ~435 templates (5 requests at 100 per page); docs/connectors.md (Hevy) asks
clients to cache it. The copy lives in COACH_HOME/cache/hevy/ per athlete and is fetched again when
older than COACH_HEVY_CATALOGUE_MAX_AGE_DAYS; a template id seen in a workout but not in the copy is
looked up on its own and added.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import ValidationError

from coach.connectors.hevy.client import HevyClient
from coach.connectors.hevy.schemas import ExerciseTemplate
from coach.domain.errors import NotFound
from coach.domain.exercises import ExerciseLibrary


@dataclass
class TemplateCatalogue:
    path: Path
    fetched_at: datetime
    templates: dict[str, ExerciseTemplate] = field(default_factory=dict)

    def library_ids(self, library: ExerciseLibrary) -> dict[str, str | None]:
        """Template id -> library id (by the library's known Hevy ids, then by title)."""
        return {
            ref: library.match(template.title, hevy_id=ref)
            for ref, template in self.templates.items()
        }

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "fetched_at": self.fetched_at.isoformat(),
            "templates": [t.model_dump(mode="json") for t in self.templates.values()],
        }
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(document, indent=1), "utf-8")
        os.replace(temporary, self.path)


def catalogue_path(home: Path, athlete_id: int) -> Path:
    return home / "cache" / "hevy" / f"exercise-templates-{athlete_id}.json"


def _read(path: Path) -> TemplateCatalogue | None:
    try:
        document = json.loads(path.read_text("utf-8"))
        templates = [ExerciseTemplate.model_validate(t) for t in document["templates"]]
        fetched_at = datetime.fromisoformat(document["fetched_at"])
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return None  # missing or damaged: fetched again
    return TemplateCatalogue(path, fetched_at, {t.id: t for t in templates})


def load_catalogue(
    client: HevyClient,
    path: Path,
    now: datetime,
    max_age_days: int,
    on_page: Callable[[int, int], None] | None = None,
) -> TemplateCatalogue:
    cached = _read(path)
    if cached is not None and now - cached.fetched_at <= timedelta(days=max_age_days):
        return cached
    catalogue = TemplateCatalogue(path, now)
    for number, (items, page_count) in enumerate(client.exercise_template_pages(), start=1):
        catalogue.templates.update((t.id, t) for t in items)
        if on_page is not None:
            on_page(number, page_count)
    catalogue.save()
    return catalogue


def ensure_templates(
    client: HevyClient, catalogue: TemplateCatalogue, template_ids: Iterable[str]
) -> None:
    """Look up template ids the copy lacks (a custom exercise made since the last fetch)."""
    added = False
    for ref in sorted(set(template_ids) - set(catalogue.templates)):
        if not ref:
            continue
        try:
            catalogue.templates[ref] = client.exercise_template(ref)
        except NotFound:
            continue  # a template deleted in the app: the workout keeps its title
        added = True
    if added:
        catalogue.save()
