"""A real server and a real browser: Streamlit on a free local port, Debian's Chromium
driven by Playwright. Nothing is downloaded; the browser must be at /usr/bin/chromium
(the test command installs Debian's package)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from bench.server import free_port, streamlit_run
from tests.conftest import ROOT
from tests.conftest import database_url as test_database_url

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google's hosts,
# which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
# Tests of several app processes on one database: in the test command's PostgreSQL pass.
ON_POSTGRESQL = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs PostgreSQL (scripts/test runs it in its PostgreSQL pass)",
)


@dataclass
class Server:
    """One `streamlit run serve.py` on a free port; restart() keeps port and database, as a
    crashed or redeployed server would."""

    url: str
    log: Path
    database_url: str
    port: int
    env: dict[str, str]
    extra_args: tuple[str, ...] = ()
    process: subprocess.Popen[bytes] | None = None
    # Run inside this command (a network namespace: see Laptop), as on another machine.
    prefix: tuple[str, ...] = ()
    # The command that serves the app, when not `streamlit run serve.py` on this port.
    command: tuple[str, ...] = ()

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    *self.prefix,
                    *(self.command or streamlit_run("serve.py", self.port)),
                    *self.extra_args,
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while True:
            if self._healthy():
                return
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"server did not start:\n{self.output()}")
            time.sleep(0.3)

    def _healthy(self) -> bool:
        health = f"{self.url}/_stcore/health"
        if self.prefix:  # the server's loopback is not ours: ask from within
            check = f"import urllib.request as u; u.urlopen({health!r}, timeout=2)"
            asked = subprocess.run([*self.prefix, sys.executable, "-c", check], capture_output=True)
            return asked.returncode == 0
        try:
            with urllib.request.urlopen(health, timeout=2) as reply:
                return reply.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process = None

    def kill(self) -> None:
        """As when the process crashes or its machine goes away: no time to close anything."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def setup_code(self, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(r"One-time setup code: ([0-9A-F-]{20})", self.output())
            if found:
                return found.group(1)
            time.sleep(0.2)
        raise AssertionError(f"the server printed no setup code:\n{self.output()}")


class _NeutralPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = NEUTRAL_PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


NEUTRAL_PAGE = "<!doctype html><title>Weerbericht</title><h1>Het weer vandaag</h1>"


@pytest.fixture(scope="session")
def neutral_site() -> Iterator[str]:
    """Stands in for the quick exit's neutral site: this network reaches no real one."""
    site = ThreadingHTTPServer(("127.0.0.1", 0), _NeutralPage)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site.server_address[1]}/"
    site.shutdown()


@pytest.fixture
def server(tmp_path: Path, neutral_site: str) -> Iterator[Server]:
    yield from _serve(tmp_path, neutral_site)


@pytest.fixture
def agent_server(tmp_path: Path, neutral_site: str) -> Iterator[Server]:
    """The app with Streamlit's agent API on, as only a test or benchmark runs it: anything
    a non-browser client can send, sent over HTTP."""
    yield from _serve(tmp_path, neutral_site, "--server.enableAgentApi", "true")


@pytest.fixture
def quick_server(tmp_path: Path, neutral_site: str) -> Iterator[Server]:
    """The app polling every 0.5 s (its floor): tabs follow many steps without waiting."""
    running = _server(tmp_path, neutral_site, test_database_url(tmp_path))
    running.env["POLL_SECONDS"] = "0.5"
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture
def two_servers(tmp_path: Path, neutral_site: str) -> Iterator[tuple[Server, Server]]:
    """Two app processes on one database, as a clinic runs them behind a proxy."""
    database_url = test_database_url(tmp_path)
    first = _server(tmp_path / "first", neutral_site, database_url)
    second = _server(tmp_path / "second", neutral_site, database_url)
    try:
        first.start()
        second.start()
        yield first, second
    finally:
        first.stop()
        second.stop()


def _server(folder: Path, neutral_site: str, database_url: str, *extra_args: str) -> Server:
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": url,
        "POLL_SECONDS": "1",
        "QUICK_EXIT_URL": neutral_site,
    }
    return Server(
        url=url,
        log=folder / "server.log",
        database_url=database_url,
        port=port,
        env=env,
        extra_args=extra_args,
    )


def _serve(tmp_path: Path, neutral_site: str, *extra_args: str) -> Iterator[Server]:
    # SQLite, or a fresh PostgreSQL database
    running = _server(tmp_path, neutral_site, test_database_url(tmp_path), *extra_args)
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium (the README's test command does)"
    )
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item):
    """When a browser test fails, what each of its open pages showed, in the failure's
    report (CI keeps only the log) and as a screenshot in test-artifacts/: a button that
    never came, a page still running, an outage notice."""
    report = yield
    browser = getattr(item, "funcargs", {}).get("browser")
    if report.when == "call" and report.failed and isinstance(browser, Browser):
        report.sections.append(("pages when it failed", _pages_shown(browser, item.name)))
    return report


def _pages_shown(browser: Browser, test_name: str) -> str:
    name = re.sub(r"[^\w.-]+", "-", test_name)
    lines = []
    pages = [page for context in browser.contexts for page in context.pages]
    for number, page in enumerate(pages):
        try:
            state = page.evaluate(
                """() => {
                  const app = document.querySelector('[data-testid="stApp"]');
                  return {
                    script: app && app.getAttribute("data-test-script-state"),
                    text: document.body.innerText.slice(0, 900),
                  };
                }"""
            )
            shown = " | ".join(line for line in state["text"].splitlines() if line.strip())
            lines.append(f"[page {number}] {page.url} script={state['script']}\n  {shown}")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"failed-{name}-{number}.png"), full_page=True)
        except Exception as error:  # a page closed or crashed: say so, and go on
            lines.append(f"[page {number}] {page.url}: {error}")
    return "\n".join(lines)


@dataclass
class Postgres:
    """A PostgreSQL server of the test's own, which it may stop and start: Debian's
    package, a fresh cluster in the test's folder, on a free local port."""

    folder: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        # PostgreSQL refuses to run as root: as root, run it as the postgres user.
        as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*as_owner, *command], check=True, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        data, log = str(self.folder / "data"), str(self.folder / "server.log")
        self._run(str(self.bin / "pg_ctl"), "-D", data, "-l", log, "-w", "-o", options, "start")

    def stop(self) -> None:
        """As when the server is restarted or its machine goes away: connections drop."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "stop")


@pytest.fixture
def postgres() -> Iterator[Postgres]:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    assert found, "Debian's postgresql is missing (the README's test command installs it)"
    # Not in pytest's folder: the postgres user may not enter root's.
    folder = Path(tempfile.mkdtemp(prefix="groepssessie-pg."))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    server = Postgres(folder=folder, port=free_port(), bin=found[-1])
    server._run(
        str(server.bin / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres"
    )
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
