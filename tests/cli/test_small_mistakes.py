"""Smaller things a new user runs into (issue 13, defect 13): each said in one line."""

from __future__ import annotations

import json
from pathlib import Path

from tests import fitfiles
from tests.conftest import Cli
from tests.intake.test_csv_import import STRONG_NEWER


def _sam(cli: Cli) -> Cli:
    cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
    return cli


def test_an_unknown_sport_filter_is_refused_naming_the_known_ones(cli: Cli) -> None:
    _sam(cli)
    wrong = cli("activities", "list", "--sport", "swimming")
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith("error: no sport 'swimming': use one of ")
    assert "swim" in wrong.stderr
    assert json.loads(cli.ok("activities", "list", "--sport", "swim", "--json").stdout) == []


def test_unit_flags_a_file_overrides_are_said_to_be_ignored(cli: Cli, tmp_path: Path) -> None:
    _sam(cli)
    export = tmp_path / "strong.csv"
    export.write_text(STRONG_NEWER)
    result = json.loads(
        cli.ok("import", "strong-csv", str(export), "--weight-unit", "kg", "--json").stdout
    )
    assert "--weight-unit ignored: this file names its own units in its header" in result["notes"]
    text = cli.ok("import", "strong-csv", str(export), "--weight-unit", "kg").stdout
    assert "--weight-unit ignored" in text


def test_a_swim_set_too_long_for_a_watch_is_refused_not_wrapped(cli: Cli, tmp_path: Path) -> None:
    _sam(cli)
    sets = tmp_path / "sets.csv"
    sets.write_text(
        "repeat,distance,unit,stroke,intensity,rest\n1,100,yd,freestyle,warmup,\n"
        "1,50000000,yd,freestyle,active,\n"
    )
    result = cli("export", "swim-csv", str(sets), "--out", str(tmp_path / "out"))
    assert result.exit_code == 65
    assert "line 3: 50000000 yd in one repetition: more than the 10 km" in result.stderr
    assert not (tmp_path / "out" / "sets.fit").exists()


def test_exporting_into_a_new_folder_counts_the_files_written(cli: Cli, tmp_path: Path) -> None:
    _sam(cli)
    cli.ok("plan", "generate", "--weeks", "2")
    first = cli.ok("export", "fit", "--out", str(tmp_path / "a"), "--json")
    written = [e for e in json.loads(first.stdout) if e["status"] == "exported"]
    assert written
    again = cli.ok("export", "fit", "--out", str(tmp_path / "b")).stdout
    assert f"change {len(written)}, unchanged 0" in " ".join(again.split())
    same = cli.ok("export", "fit", "--out", str(tmp_path / "b")).stdout
    assert f"change 0, unchanged {len(written)}" in " ".join(same.split())


def test_init_asks_again_at_once_for_a_wrong_time_zone_or_year(cli: Cli) -> None:
    answers = "Kim\nMars/Olympus\nEurope/Oslo\nmetric\n200yd\n25m\n1800\n1990\nheavy\n72kg\nn\nn\n"
    result = cli.ok("init", input=answers)
    assert "invalid timezone 'Mars/Olympus'" in result.stderr
    assert "1800: a birth year between" in result.stderr
    athlete = json.loads(cli.ok("athlete", "show", "--json").stdout)
    assert (athlete["timezone"], athlete["pool_length"], athlete["birth_year"]) == (
        "Europe/Oslo",
        25,
        1990,
    )
    assert athlete["weight_kg"] == 72


def test_the_import_summary_counts_a_partial_file_as_partial(cli: Cli, tmp_path: Path) -> None:
    _sam(cli)
    cut = tmp_path / "cut.fit"
    cut.write_bytes(fitfiles.truncated(fitfiles.run_with_power(600), 0.7))
    text = cli.ok("import", "fit", str(cut)).stdout
    assert "1 files: 0 imported, 1 partial" in " ".join(text.split())
    assert [a["partial"] for a in json.loads(cli.ok("activities", "list", "--json").stdout)] == [
        True
    ]
