"""Two coach processes at once (issue 13, defect 9): two imports of the same files, an import
while the evening review runs — on SQLite and PostgreSQL. Every file ends up stored once, every
process ends with its verdicts, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests import fitfiles
from tests.conftest import Cli

FILES = 12


@pytest.fixture
def folder(cli: Cli, tmp_path: Path) -> Path:
    cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
    out = tmp_path / "watch"
    out.mkdir()
    for n in range(FILES):
        start = fitfiles.T0 - timedelta(days=n)
        data = fitfiles.run_with_power(900, start=start, serial=100 + n)
        (out / f"run-{n:02d}.fit").write_bytes(data)
    return out


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "coach", *args],
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    assert "Traceback" not in err, err
    return process.returncode, out, err


def test_two_imports_of_the_same_files_store_each_once(cli: Cli, folder: Path) -> None:
    first, second = (
        _start("import", "fit", str(folder), "--json"),
        _start("import", "fit", str(folder), "--json"),
    )
    results = [_finish(first), _finish(second)]
    for code, _, err in results:
        assert code == 0, err
    verdicts: dict[str, list[str]] = {}
    for _, out, _ in results:
        for item in json.loads(out)["files"]:
            verdicts.setdefault(Path(item["file"]).name, []).append(item["outcome"])
    assert len(verdicts) == FILES
    for outcomes in verdicts.values():
        assert sorted(outcomes) in (["already present", "imported"],), verdicts
    stored = json.loads(cli.ok("activities", "list", "--json").stdout)
    assert len(stored) == FILES


def test_an_import_while_the_review_runs_leaves_both_whole(cli: Cli, folder: Path) -> None:
    cli.ok("plan", "generate", "--weeks", "2")
    importing, reviewing = (
        _start("import", "fit", str(folder), "--json"),
        _start("review", "--auto", "--json"),
    )
    (code_import, out_import, err_import) = _finish(importing)
    (code_review, out_review, err_review) = _finish(reviewing)
    assert code_import == 0, err_import
    assert code_review == 0, err_review
    assert json.loads(out_import)["summary"]["imported"] == FILES
    assert json.loads(out_review)["review_id"]
    assert len(json.loads(cli.ok("activities", "list", "--json").stdout)) == FILES
