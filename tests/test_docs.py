"""The code and the README cite the project's own docs: every cited page exists in docs/, and
every cited section (`docs/methods.md §10`) is a heading of that page."""

from __future__ import annotations

import re
from pathlib import Path

import coach

ROOT = Path(coach.__file__).resolve().parents[2]
CITATION = re.compile(r"docs/([a-z_]+)\.md(?: §(\d+))?")


def _cited() -> set[tuple[str, str, str | None]]:
    found = set()
    for path in [*sorted((ROOT / "src").rglob("*.py")), ROOT / "README.md"]:
        for page, section in CITATION.findall(path.read_text(encoding="utf-8")):
            found.add((str(path.relative_to(ROOT)), page, section or None))
    return found


def test_every_cited_page_and_section_exists() -> None:
    cited = _cited()
    assert len({page for _, page, _ in cited}) >= 3
    missing = []
    for where, page, section in sorted(cited, key=str):
        doc = ROOT / "docs" / f"{page}.md"
        if not doc.is_file():
            missing.append(f"{where}: docs/{page}.md")
        elif section and not re.search(rf"^## {section}\. ", doc.read_text(), re.MULTILINE):
            missing.append(f"{where}: docs/{page}.md §{section}")
    assert missing == []


def test_the_docs_name_the_settings_they_cite() -> None:
    """A `COACH_*` setting named in the docs is a real setting."""
    from coach.config import Settings

    known = {f"COACH_{name.upper()}" for name in Settings.model_fields}
    named = {
        name
        for doc in (ROOT / "docs").glob("*.md")
        for name in re.findall(r"COACH_[A-Z_]+", doc.read_text())
    }
    assert named and named <= known, named - known
