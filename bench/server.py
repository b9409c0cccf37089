"""The app's server as the benchmark runs it: `streamlit run` with the agent API on (only
here, on its command line), and what /proc says about its CPU and memory."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.constants import CLOCK_TICKS, DATABASE_TROUBLE, ROOT


def streamlit_run(script: str, port: int) -> list[str]:
    """The command that serves ``script`` headless on 127.0.0.1:``port``, this machine only."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]


def cpu_seconds(pid: int) -> float:
    """The CPU a process has used so far, user and system, as /proc says."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """One `streamlit run` with the agent API on, and what /proc says about it."""

    script: str
    database_url: str
    poll_seconds: float
    settings: Sequence[str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "POLL_SECONDS": str(self.poll_seconds),
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{self.port}",
        }
        command = [
            *streamlit_run(self.script, self.port),
            "--server.enableAgentApi",
            "true",
            "--server.agentMaxSessions",
            "2000",
            "--server.agentWaitTimeout",
            "120",
            *self.settings,
        ]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/_stcore/health")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
            if self.process.poll() is not None:
                break
        raise SystemExit(f"the server did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:  # a file watcher's threads can hold it up
                self.process.kill()
                self.process.wait()
            self.process = None

    def cpu_seconds(self) -> float:
        assert self.process is not None
        return cpu_seconds(self.process.pid)

    def rss_bytes(self) -> int:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS")

    def idle_cpu_rate(self, seconds: float = 3.0) -> float:
        """CPU seconds per second while nobody asks anything."""
        before = self.cpu_seconds()
        time.sleep(seconds)
        return (self.cpu_seconds() - before) / seconds

    def log_trouble(self) -> list[str]:
        return [
            line
            for line in self.log.read_text(errors="replace").splitlines()
            if any(word in line for word in DATABASE_TROUBLE)
        ]
