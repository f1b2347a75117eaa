"""Where SQL lives: only ``coach.db`` (its repositories) builds or runs queries. The rest of
coach calls repository functions; the front ends reach even those only through the services
(import-linter checks that part)."""

from __future__ import annotations

import ast
from pathlib import Path

import coach

SOURCE = Path(coach.__file__).parent
QUERY_BUILDERS = {"select", "update", "delete", "insert", "text"}
SESSION_QUERIES = {"execute", "scalar", "scalars", "delete", "query", "merge"}


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found += [
                f"imports sqlalchemy's {alias.name}"
                for alias in node.names
                if alias.name in QUERY_BUILDERS
            ]
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        target, method = node.func.value, node.func.attr
        if not (isinstance(target, ast.Name) and target.id == "session"):
            continue
        by_model = (
            method == "get" and node.args and isinstance(node.args[0], ast.Name)
            and node.args[0].id[:1].isupper()
        )  # fmt: skip
        if method in SESSION_QUERIES or by_model:
            found.append(f"session.{method}() on line {node.lineno}")
    return found


def test_queries_live_in_the_repositories_only() -> None:
    outside = [
        path
        for path in sorted(SOURCE.rglob("*.py"))
        if path.relative_to(SOURCE).parts[0] not in ("db", "fakes")
    ]
    assert len(outside) > 100
    offences = {
        str(path.relative_to(SOURCE)): found for path in outside if (found := _offences(path))
    }
    assert offences == {}


def test_the_check_catches_a_query_written_outside(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text(
        "from sqlalchemy import select\n"
        "def f(session, Model):\n"
        "    session.get(Model, 1)\n"
        "    return session.scalars(select(Model))\n"
    )
    assert _offences(module) == [
        "imports sqlalchemy's select",
        "session.get() on line 3",
        "session.scalars() on line 4",
    ]
