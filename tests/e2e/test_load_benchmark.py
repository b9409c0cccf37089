"""The load benchmark still drives the app: a small run of every section, checked for what
must hold at any size (every answer stored once, every phone told so). Its timing targets
are for scripts/bench on a quiet machine, not for a test run."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.e2e.conftest import ON_POSTGRESQL

pytestmark = pytest.mark.e2e


def test_a_small_benchmark_run_loses_no_answer():
    run = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--groups=2",
            "--phones=3",
            "--burst=8",
            "--rounds=10",
            "--threads=2",
            "--answer-window=3",
            "--moves=2",
            "--pace=1,2",
            "--idle-sessions=20",
            "--idle-polling-sessions=8",
            "--idle-seconds=2",
            "--postgres-server=",  # SQLite here; the PostgreSQL pass is scripts/bench --postgres
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = run.stdout + run.stderr
    assert "answers sent 6, ballots stored 6, roll entries 6" in out, out
    assert re.search(r"MiB on the wire of [\d.]+ MiB \(\d+%; target ≤ 45%: ok\)", out), out
    assert "ballots stored 8, roll entries 8, every phone told 'received': True" in out, out
    # Each kind of request was measured against the floor.
    for kind in ("phone poll: reading a step", "projector poll: six charts on screen"):
        assert re.search(rf"{re.escape(kind)}\s+\d+\s+\d+\.\d+\s+\d+\.\d+", out), out
    # Push and polling, side by side: every tab drew every move, both ways.
    assert re.search(
        r"move -> the tab drawn anew, p50 / p95 \(s\)\s+[\d.]+ / [\d.]+\s+[\d.]+ / ", out
    )
    assert re.search(r"tab-moves not drawn within the wait\s+0\s+0\n", out), out
    assert re.search(r"idle: server CPU per session \(% of a core\)\s+[\d.]+\s+[\d.]+", out), out
    assert "  ! " not in out, out  # no error on a phone, a projector or in the server log


@ON_POSTGRESQL
def test_a_small_scale_run_behind_the_proxy_loses_no_answer():
    """The scale section at a size a test run affords: two processes behind nginx on
    PostgreSQL, each answer on its group's projector, some across the processes."""
    run = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--sections=scale",
            "--scale-sessions=24",
            "--scale-group=6",
            "--scale-window=4",
            "--threads=2",
            "--idle-seconds=1",
            f"--postgres-server={os.environ['TEST_DATABASE_URL']}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = run.stdout + run.stderr
    assert (
        "answers sent 20, told stored 20, ballots stored 20, roll entries 20, "
        "never counted on their projector 0 (none lost: ok)" in out
    ), out
    # Both processes served tabs, and answers reached projectors on the other process.
    assert re.search(r"tabs per process \(the proxy's route cookie\): \d+ on [\d.:]+, \d+ on ", out)
    assert re.search(r"on the other process \(PostgreSQL's NOTIFY\): p50 [\d.]+ s", out), out
    assert "  ! " not in out, out
