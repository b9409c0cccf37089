"""Start-up and health tell the truth, whatever command starts the server: bad settings and
a database that cannot be used stop the start with one clear line; an empty file or a lost
one is never silently replaced by a new, empty database; the health route says whether the
database answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from facilitator.db import create_empty_database
from tests.conftest import ROOT
from tests.e2e.conftest import Postgres, Server, _server, free_port

pytestmark = pytest.mark.e2e


def start_refused(env: dict[str, str]) -> str:
    """What `streamlit run serve.py` prints when it refuses; it must stop by itself."""
    where = ["--server.port", str(free_port()), "--server.address", "127.0.0.1"]
    done = subprocess.run(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true", *where],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    refusals = [line for line in output.splitlines() if line.startswith("Not started:")]
    assert len(refusals) == 1, output
    return refusals[0]


def test_bad_settings_stop_the_start_with_one_line(tmp_path: Path):
    line = start_refused(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}", "POLL_SECONDS": "soms"}
    )
    assert "POLL_SECONDS" in line


def test_an_empty_damaged_or_lost_database_file_is_refused_never_replaced(tmp_path: Path):
    path = tmp_path / "groepssessie.sqlite3"
    url = {"DATABASE_URL": f"sqlite:///{path}"}
    path.write_bytes(b"")
    assert "empty file" in start_refused(url) and path.stat().st_size == 0
    path.write_bytes(b"not a database at all, but a holiday photo" * 100)
    assert "not a SQLite database" in start_refused(url)

    # A real database, made by a first start; then the file is lost.
    path.unlink()
    done = subprocess.run(
        [sys.executable, "-m", "facilitator.bootstrap"],
        cwd=ROOT,
        env={**os.environ, **url},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and path.stat().st_size > 0, done.stderr
    for extra in tmp_path.glob("groepssessie.sqlite3*"):
        if not extra.name.endswith(".made"):
            extra.unlink()
    line = start_refused(url)
    assert "is missing" in line and "groepssessie.sqlite3.made" in line
    assert not path.exists()  # no new, empty database in its place


def health(server: Server) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{server.url}/api/health", timeout=10) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_the_health_route_says_whether_the_database_answers(
    postgres: Postgres, tmp_path: Path, neutral_site: str
):
    server = _server(tmp_path, neutral_site, create_empty_database(postgres.url, "health"))
    server.start()
    try:
        assert health(server) == (200, {"server": "ok", "database": "ok"})
        postgres.stop()
        assert health(server) == (503, {"server": "ok", "database": "unreachable"})
        with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as reply:
            assert reply.status == 200  # Streamlit's own says only that the server runs
        postgres.start()
        assert health(server) == (200, {"server": "ok", "database": "ok"})
    finally:
        server.stop()


def test_a_database_that_does_not_answer_at_start_stops_it(postgres: Postgres):
    url = create_empty_database(postgres.url, "away")
    postgres.stop()
    line = start_refused({"DATABASE_URL": url})
    assert "does not answer" in line
