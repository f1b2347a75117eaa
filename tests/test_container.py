"""The image's steps without a Docker engine: the Dockerfile installs with scripts/install-app
and enters through docker/entrypoint, so this test runs those two scripts as the image would —
a fresh virtual environment, secrets from files, the schema made before the command runs — and
checks that the Dockerfile and the compose file still name them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("image") / "opt-coach"
    done = subprocess.run(
        [str(ROOT / "scripts" / "install-app"), str(venv)],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return venv


def _enter(
    venv: Path, home: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    return subprocess.run(
        [str(ROOT / "docker" / "entrypoint"), *args],
        env={**clean, "PATH": f"{venv / 'bin'}:{clean['PATH']}", "COACH_HOME": str(home), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_dockerfile_runs_the_scripts_this_test_runs() -> None:
    assert "RUN scripts/install-app /opt/coach" in DOCKERFILE
    assert "COPY docker/entrypoint /usr/local/bin/coach-entrypoint" in DOCKERFILE
    assert 'ENTRYPOINT ["coach-entrypoint"]' in DOCKERFILE
    assert "USER 10001" in DOCKERFILE  # never root


def test_the_image_installs_and_enters_with_secrets_from_files(
    installed: Path, tmp_path: Path
) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    database = tmp_path / "data" / "coach.db"
    (secrets / "database_url").write_text(f"sqlite:///{database}\n")
    (secrets / "secret_key").write_text("a-secret-key-of-32-characters-xx\n")
    env = {
        "COACH_DATABASE_URL_FILE": str(secrets / "database_url"),
        "COACH_SECRET_KEY_FILE": str(secrets / "secret_key"),
    }
    home = tmp_path / "data"
    made = _enter(installed, home, env, "init", "--no-input", "--name", "Sam")
    assert made.returncode == 0, made.stderr
    assert database.is_file()  # the URL came from its file
    listed = _enter(installed, home, env, "athlete", "list", "--json")
    assert listed.returncode == 0 and '"name": "Sam"' in listed.stdout
    state = _enter(installed, home, env, "db", "current", "--json")
    assert '"up_to_date": true' in state.stdout  # the entry step made the newest schema
    missing = _enter(installed, home, {"COACH_SECRET_KEY_FILE": str(secrets / "nope")}, "version")
    assert missing.returncode == 78
    assert missing.stderr.strip().count("\n") == 0  # one line
    assert "COACH_SECRET_KEY_FILE names" in missing.stderr and "Traceback" not in missing.stderr


def test_the_compose_file_gives_every_secret_as_a_file() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    app = compose["services"]["app"]
    assert app["build"] == "."
    for variable, path in app["environment"].items():
        assert variable.endswith("_FILE") and path.startswith("/run/secrets/")
        assert Path(path).name in app["secrets"]
    assert set(compose["secrets"]) >= set(app["secrets"])
    assert "coach-home:/data" in app["volumes"]
    assert all(port.startswith("127.0.0.1:") for port in app["ports"])


def test_the_compose_worker_runs_the_same_image_after_the_app_upgraded_the_schema() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    app, worker = compose["services"]["app"], compose["services"]["worker"]
    assert worker["build"] == app["build"] and worker["command"] == ["worker"]
    assert worker["depends_on"] == {"app": {"condition": "service_healthy"}}  # one upgrade
    secrets = {k: v for k, v in worker["environment"].items() if k.endswith("_FILE")}
    assert secrets == app["environment"] and worker["secrets"] == app["secrets"]
    assert worker["volumes"] == app["volumes"] and "ports" not in worker
