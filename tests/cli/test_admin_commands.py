"""config, db, demo and the entry points, as a new user meets them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
import pytest
import time_machine
import typer

from coach.cli.main import COMMAND_HELP, COMMANDS, build_app
from tests.conftest import Cli


def test_a_command_before_init_says_what_to_do(cli_default_db: Cli, coach_home: Path) -> None:
    result = cli_default_db("athlete", "show")
    assert result.exit_code == 3
    assert "run `coach init` first" in result.stderr
    assert (coach_home / "coach.db").exists()  # the fresh database was set up on first use


def test_config_show_masks_secrets(
    cli_default_db: Cli, monkeypatch: pytest.MonkeyPatch, coach_home: Path
) -> None:
    monkeypatch.setenv("COACH_SECRET_KEY", "a secret that is long enough")
    shown = json.loads(cli_default_db.ok("config", "show", "--json").stdout)
    assert shown["COACH_HOME"] == str(coach_home)
    assert shown["COACH_SECRET_KEY"] == "********"
    assert shown["COACH_DATABASE_URL"] == f"sqlite:///{coach_home / 'coach.db'}"
    assert "COACH_LOG_LEVEL" in cli_default_db.ok("config", "show").stdout


def test_db_commands_migrate_up_and_down(cli: Cli) -> None:
    assert json.loads(cli.ok("db", "current", "--json").stdout)["current"] is None
    cli.ok("db", "upgrade")
    state = json.loads(cli.ok("db", "current", "--json").stdout)
    assert state["up_to_date"]
    assert state["current"] == state["head"]
    history = json.loads(cli.ok("db", "history", "--json").stdout)
    assert history[-1]["revision"] == state["head"]
    cli.ok("db", "downgrade", "base", "--yes")
    assert json.loads(cli.ok("db", "current", "--json").stdout)["current"] is None
    bad = cli("db", "upgrade", "nope")
    assert bad.exit_code == 2
    assert "unknown migration revision" in bad.stderr


def test_an_unreachable_database_is_one_line(
    cli_default_db: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = cli_default_db("athlete", "show")
    assert result.exit_code == 69
    assert "cannot reach the database" in result.stderr
    assert result.stderr.count("\n") == 1


DEMO_NOW = datetime(2026, 11, 27, 19, 0, tzinfo=ZoneInfo("America/Denver"))  # a Friday evening


def test_demo_builds_weeks_of_history_from_files_and_prints_todays_review(
    cli: Cli, coach_home: Path
) -> None:
    with time_machine.travel(DEMO_NOW, tick=False):
        first = cli.ok("demo")
        assert "created the demo athlete" in first.stdout
        assert "6 weeks of simulated training" in first.stdout
        assert "Week of 23 Nov 2026" in first.stdout
        week = first.stdout[first.stdout.index("Week of") : first.stdout.index("Review")]
        assert "done" in week and "missed" in week  # past sessions say what became of them
        assert "Review 1 for Friday 27 November 2026" in first.stdout
        assert "Swim: " in first.stdout and "best 100 yd freestyle" in first.stdout
        assert "than 4 weeks ago" in first.stdout
        assert "Wednesday sessions were missed 3 of 3 times" in first.stdout  # the conflict
        assert "Recover: An easier next hard session." in first.stdout  # the short night
        assert "coach review approve 1" in first.stdout

        fit_files = sorted((coach_home / "athletes" / "1" / "sample" / "fit").glob("*.fit"))
        assert len(fit_files) > 15
        activities = json.loads(cli.ok("activities", "list", "--json").stdout)
        sources = {a["source"] for a in activities}
        assert sources == {"fit_file", "hevy_csv"}
        assert sum(a["source"] == "fit_file" for a in activities) == len(fit_files)

        review = json.loads(cli.ok("review", "show", "1", "--json").stdout)
        # one decision: the short night eases tomorrow's hard session; the plan prescribes only
        # what the windows' kit allows, so no exercise swap is needed
        assert [p["rule"] for p in review["proposals"]] == ["easier_day"]
        assert review["decision"] == "recover"

        second = cli.ok("demo")  # nothing is created twice; the day's review is updated
        assert "created" not in second.stdout
        assert "Review 1 for" in second.stdout
    names = json.loads(cli.ok("athlete", "list", "--json").stdout)
    assert [a["name"] for a in names] == ["Demo Athlete"]


def test_a_demo_stopped_part_way_says_why_and_finishes_on_the_next_run(
    cli_default_db: Cli, coach_home: Path
) -> None:
    (coach_home / "athletes" / "1").mkdir(parents=True)
    (coach_home / "athletes" / "1" / "sample").write_text(
        "in the way"
    )  # a file where the sample folder goes
    with time_machine.travel(DEMO_NOW, tick=False):
        stopped = cli_default_db("demo")
        assert stopped.exit_code == 1
        assert (
            f"cannot write the sample files in {coach_home / 'athletes' / '1' / 'sample'}"
            in stopped.stderr
        )
        assert stopped.stderr.strip().count("\n") == 0  # one line
        (coach_home / "athletes" / "1" / "sample").unlink()
        finished = cli_default_db.ok("demo")
    assert "created the demo athlete" not in finished.stdout  # it was already there
    assert "6 weeks of simulated training" in finished.stdout
    assert "Review 1 for" in finished.stdout
    assert (coach_home / "coach.db").exists()


def test_python_dash_m_and_the_console_script_run(coach_home: Path) -> None:
    env = {**os.environ, "COACH_HOME": str(coach_home)}
    module = subprocess.run(
        [sys.executable, "-m", "coach", "init", "--no-input", "--name", "Sub"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert module.returncode == 0, module.stderr
    script = Path(sys.executable).with_name("coach")
    shown = subprocess.run(
        [str(script), "goals", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert shown.returncode == 0
    assert len(json.loads(shown.stdout)) == 9
    failing = subprocess.run(
        [str(script), "goals", "remove", "12345"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert failing.returncode == 3
    assert failing.stderr.startswith("error: ")


def test_usage_errors_exit_2_with_help(cli_default_db: Cli) -> None:
    result = cli_default_db("goals", "list", "--bogus")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_the_readme_documents_every_command() -> None:
    import typer.main

    from coach.cli.main import build_app

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    root = typer.main.get_command(build_app())
    missing = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        for path in (
            [f"coach {name} {sub}" for sub in subcommands] if subcommands else [f"coach {name}"]
        ):
            if path not in readme:
                missing.append(path)
    assert missing == [], f"README.md does not document: {', '.join(missing)}"


def test_a_command_loads_only_what_it_needs() -> None:
    """Commands are imported when called: `coach version` never loads the database layer."""
    probe = (
        "import sys\n"
        "from coach.cli.main import main\n"
        "try:\n    main(['version'])\nexcept SystemExit:\n    pass\n"
        "print('sqlalchemy' in sys.modules, 'coach.planning' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["coach 0.1.0", "False False"]


def test_an_unknown_command_is_a_usage_error(cli_default_db: Cli) -> None:
    result = cli_default_db("sing")
    assert result.exit_code == 2
    assert "No such command 'sing'" in result.stderr


def test_the_help_list_loads_no_command_and_says_what_each_command_says() -> None:
    """`coach --help` lists the commands from their help kept beside the list (so it starts in
    a fifth of a second); each line is the command's own first paragraph."""
    probe = (
        "import sys\n"
        "from coach.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('coach.cli.review' in sys.modules, 'sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False False"
    assert "The evening review: what was done" in done.stdout

    group = typer.main.get_group(build_app())
    context = click.Context(group)
    for name, listed in COMMAND_HELP.items():
        command = group.get_command(context, name)
        assert command is not None
        own = " ".join((command.help or "").split("\n\n")[0].split())
        assert listed == own, name
    assert set(COMMAND_HELP) == set(COMMANDS)
