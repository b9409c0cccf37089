"""The clinic's proxy as deploy/ ships it, served from a folder of its own: for the test
that kills a process behind it (tests/e2e/test_behind_the_proxy.py) and the benchmark's
scale section (bench/scale.py)."""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.constants import ROOT
from bench.server import cpu_seconds, free_port

SITE = ROOT / "deploy" / "nginx" / "groepssessie.conf"
SHIPPED_PORTS = (8501, 8502)  # the site's upstream, as shipped


@dataclass
class Proxy:
    """Debian's nginx serving deploy/nginx/groepssessie.conf with its own ports, name and a
    certificate of its own; its access log in the shipped format."""

    folder: Path
    port: int
    backends: tuple[int, ...]
    # Two per tab behind it (in and out) for its websocket and its push stream each.
    connections: int = 1024
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.folder / "access.log"

    def site(self) -> str:
        """The shipped site, changed only where this machine differs from a clinic's."""
        site = SITE.read_text()
        for shipped, ours in zip(SHIPPED_PORTS, self.backends, strict=True):
            site = site.replace(f"server 127.0.0.1:{shipped} ", f"server 127.0.0.1:{ours} ")
        site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{self.port} ssl http2;")
        site = site.replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
        site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
        site = site.replace("/etc/ssl/groepssessie", str(self.folder))
        return site.replace("/var/log/nginx/groepssessie.log", str(self.access_log))

    def start(self) -> None:
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"),
                *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
                *("-addext", "subjectAltName=IP:127.0.0.1"),
                *("-keyout", str(self.folder / "privkey.pem")),
                *("-out", str(self.folder / "fullchain.pem")),
            ],
            check=True,
            capture_output=True,
        )
        (self.folder / "site.conf").write_text(self.site())
        # What Debian's /etc/nginx/nginx.conf gives the site, in this proxy's folder.
        (self.folder / "nginx.conf").write_text(
            f"""daemon off;
pid {self.folder}/nginx.pid;
error_log {self.folder}/error.log warn;
events {{ worker_connections {self.connections}; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {self.folder}/body;
    proxy_temp_path {self.folder}/proxy;
    fastcgi_temp_path {self.folder}/fastcgi;
    uwsgi_temp_path {self.folder}/uwsgi;
    scgi_temp_path {self.folder}/scgi;
    include {self.folder}/site.conf;
}}
"""
        )
        nginx = ["nginx", "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")]
        checked = subprocess.run([*nginx, "-t"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        assert "warn" not in checked.stderr, checked.stderr
        self.process = subprocess.Popen(nginx, stderr=subprocess.PIPE)
        # Until it takes connections, not only until its pid file exists: in CI a browser's
        # first request found the port closed (net::ERR_CONNECTION_REFUSED).
        deadline = time.monotonic() + 10
        while True:
            if self.process.poll() is not None:
                said = self.process.stderr.read() if self.process.stderr else b""
                raise AssertionError(f"nginx stopped: {said!r}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1),
            ):
                return
            assert time.monotonic() < deadline, "nginx did not take connections within 10 s"
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def upstreams(self, prefix: str) -> dict[str, str]:
        """The process that served each request whose path starts with ``prefix``, by path,
        as the access log says."""
        served = {}
        for line in self.access_log.read_text().splitlines():
            words = line.split()
            if len(words) >= 3 and words[2].startswith(prefix):
                served[words[2]] = words[-1]
        return served

    def cpu_seconds(self) -> float:
        """nginx's master and its workers (the master's children)."""
        assert self.process is not None
        pid = self.process.pid
        children = [
            int(one) for one in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
        return sum(cpu_seconds(one) for one in [pid, *children])
