"""The load benchmark still drives the app: a small run of every section, checked for what
must hold at any size (every answer stored once, every phone told so). Its timing targets
are for scripts/bench on a quiet machine, not for a test run."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

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
