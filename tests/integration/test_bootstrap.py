"""The run command prepares the database and prints the setup code before any visitor."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from facilitator import auth
from facilitator.config import load_settings, read_secrets
from facilitator.db import Database
from tests.conftest import ROOT
from tests.helpers import NOW

CODE = re.compile(r"One-time setup code: ([0-9A-F-]{20})")


def bootstrap(url: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "facilitator.bootstrap"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    return done.stderr


def test_the_run_command_prints_a_fresh_setup_code_until_an_account_exists(tmp_path):
    url = f"sqlite:///{tmp_path / 'data' / 'app.sqlite3'}"
    first = CODE.search(bootstrap(url))
    second = CODE.search(bootstrap(url))
    assert first and second and first.group(1) != second.group(1)
    assert (tmp_path / "data" / "app.sqlite3").exists()
    db = Database(url)
    with db.write() as s:  # both printed codes are valid until one is used
        auth.create_first_account(
            s, setup_code=first.group(1), username="t", password="een lang wachtwoord", now=NOW
        )
    db.dispose()
    assert "setup code" not in bootstrap(url)


def test_the_app_prints_no_second_code_while_one_is_valid(db):
    with db.write() as s:
        assert auth.issue_setup_code(s, now=NOW) is not None
    with db.write() as s:
        assert auth.issue_setup_code(s, keep_valid=True, now=NOW) is None


def test_settings_fall_back_to_secrets_toml_and_the_environment_wins(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('POLL_SECONDS = "3"\nMIN_GROUP_SIZE = 7\n[section]\nx = 1\n')
    assert read_secrets(secrets) == {"POLL_SECONDS": "3", "MIN_GROUP_SIZE": "7"}
    assert read_secrets(tmp_path / "missing.toml") == {}
    settings = load_settings({**read_secrets(secrets), "POLL_SECONDS": "1"})
    assert (settings.poll_seconds, settings.default_min_group_size) == (1.0, 7)
