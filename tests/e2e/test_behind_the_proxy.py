"""The clinic's deployment as deploy/ describes it: Debian's nginx with the configuration in
deploy/nginx, two app processes started as deploy/systemd's unit starts them, one
PostgreSQL. A group plays through the proxy over TLS; mid-question the process that serves
the facilitator (and some phones) is killed. Every answer given before and after must
count, and the facilitator, the projector and every phone carry on without a reload.
Runs in the test command's PostgreSQL pass."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bench.proxy import Proxy
from bench.server import free_port
from tests.conftest import ROOT
from tests.conftest import database_url as fresh_database_url
from tests.e2e.conftest import ON_POSTGRESQL, Server
from tests.e2e.test_session_in_browser import (
    PHONE,
    TIMEOUT,
    answer_self_test,
    choose_on_screens,
    fill_self_test,
    go_to_step,
    past_content_note,
    sign_up,
    start_session,
)

pytestmark = [pytest.mark.e2e, ON_POSTGRESQL]

UNIT = ROOT / "deploy" / "systemd" / "groepssessie@.service"
INSTALLED_AT = "/opt/groepssessie"  # where the unit expects the app


def unit_command(port: int) -> tuple[str, ...]:
    """The unit's ExecStart for this instance, with the app where this test has it."""
    line = next(line for line in UNIT.read_text().splitlines() if line.startswith("ExecStart="))
    words = shlex.split(line.removeprefix("ExecStart="))
    python = str(Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "python")
    return tuple(
        python if word == f"{INSTALLED_AT}/.venv/bin/python" else word.replace("%i", str(port))
        for word in words
    )


def unit_environment() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in UNIT.read_text().splitlines():
        if line.startswith("Environment="):
            for word in shlex.split(line.removeprefix("Environment=")):
                name, _, value = word.partition("=")
                pairs[name] = value
    return pairs


def served_by(proxy: Proxy, context: BrowserContext, name: str) -> str:
    """Which app process this browser is kept on: a request of its own, with its route
    cookie, found in the proxy's access log by its path."""
    context.request.get(f"{proxy.url}/_which/{name}", fail_on_status_code=False)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        served = proxy.upstreams(f"/_which/{name}")
        if f"/_which/{name}" in served:
            return served[f"/_which/{name}"]
        time.sleep(0.1)
    raise AssertionError(f"no access log line for {name}")


def pushed(pages: list[Page]) -> None:
    """Each page's push stream is live (ui/push.py marks it): not buffered on the way."""
    for page in pages:
        expect(page.locator(".gs-push[data-live='1']")).to_have_count(1, timeout=30_000)


WATCH_CONNECTION = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    window.gsSeen = [];
    new MutationObserver(() => window.gsSeen.push([
        Date.now(),
        app.getAttribute("data-test-connection-state"),
        app.getAttribute("data-test-script-state"),
    ])).observe(app, {
        attributes: true,
        attributeFilter: ["data-test-connection-state", "data-test-script-state"],
    });
}"""
# When the page was connected again after losing its connection, and whether a script run
# has finished since (the new process drew the page).
RECONNECTED = """(drawnToo) => {
    const seen = window.gsSeen;
    const lost = seen.findIndex(([, connection]) => connection !== "CONNECTED");
    if (lost < 0) return null;
    const back = seen.findIndex(([, connection], i) => i > lost && connection === "CONNECTED");
    if (back < 0) return null;
    const ran = seen.findIndex(([, , script], i) => i >= back && script === "running");
    const done = seen.findIndex(([, , script], i) => i > ran && ran >= 0 && script !== "running");
    return done >= 0 || !drawnToo ? seen[back][0] : null;
}"""


def reconnected(page: Page, *, drawn: bool = False) -> float:
    """Wait while the page's websocket, cut with its process, finds another (Streamlit
    shows that it is connecting; a tap meanwhile goes nowhere, as for a participant), and
    with ``drawn`` until the new process has drawn the page. When, in seconds since the
    epoch, it was connected again."""
    back = page.wait_for_function(RECONNECTED, arg=drawn, timeout=TIMEOUT).json_value()
    return float(back) / 1000


@pytest.fixture
def clinic(tmp_path: Path, neutral_site: str) -> Iterator[tuple[Proxy, list[Server]]]:
    if shutil.which("nginx") is None:
        pytest.fail("Debian's nginx is missing (the README's test command installs it)")
    database_url = fresh_database_url(tmp_path)
    proxy = Proxy(folder=tmp_path / "proxy", port=free_port(), backends=(free_port(), free_port()))
    proxy.folder.mkdir()
    servers = []
    for port in proxy.backends:
        folder = tmp_path / f"app-{port}"
        folder.mkdir()
        env = {
            **os.environ,
            **unit_environment(),
            "HOME": str(folder),
            "DATABASE_URL": database_url,
            "PUBLIC_BASE_URL": proxy.url,
            "POLL_SECONDS": "1",
            "QUICK_EXIT_URL": neutral_site,
        }
        servers.append(
            Server(
                url=f"http://127.0.0.1:{port}",
                log=folder / "server.log",
                database_url=database_url,
                port=port,
                env=env,
                command=unit_command(port),
            )
        )
    try:
        for server in servers:
            server.start()
        proxy.start()
        yield proxy, servers
    finally:
        proxy.stop()
        for server in servers:
            server.stop()


def test_the_unit_file_is_valid_for_systemd(tmp_path: Path):
    """systemd's own check of the shipped unit, with the app where this test has it."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not on this machine")
    python = unit_command(8501)[0]
    unit = tmp_path / "groepssessie@.service"
    unit.write_text(UNIT.read_text().replace(f"{INSTALLED_AT}/.venv/bin/python", python))
    checked = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(tmp_path / "groepssessie@8501.service")],
        capture_output=True,
        text=True,
    )
    complaints = [
        line
        for line in (checked.stdout + checked.stderr).splitlines()
        # This machine has no such user nor environment file; a clinic's has.
        if "groepssessie" in line and "/etc/groepssessie/env" not in line
    ]
    assert checked.returncode == 0 and complaints == [], checked.stdout + checked.stderr


def test_a_group_carries_on_when_a_process_dies_mid_question(
    clinic: tuple[Proxy, list[Server]], browser: Browser
):
    proxy, servers = clinic
    by_address = {f"127.0.0.1:{server.port}": server for server in servers}
    secure = {"ignore_https_errors": True}
    facilitator = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="nl-NL", **secure
    )
    console = facilitator.new_page()
    front = Server(url=proxy.url, log=servers[0].log, database_url="", port=proxy.port, env={})
    sign_up(console, front)
    code = start_session(console)
    with facilitator.expect_page() as opened:
        console.get_by_role("link", name=re.compile("Projectorscherm")).click()
    projector = opened.value
    doomed = by_address[served_by(proxy, facilitator, "console")]
    survivor = next(server for server in servers if server is not doomed)

    # Phones until both processes serve at least one (the route cookie is random).
    phones: list[Page] = []
    on_doomed: list[bool] = []
    while len(phones) < 4 or all(on_doomed) or not any(on_doomed):
        assert len(phones) < 12, "the proxy kept every phone on one process"
        context = browser.new_context(**PHONE, **secure)
        phone = context.new_page()
        phone.goto(f"{proxy.url}/?code={code}")
        past_content_note(phone)
        expect(phone.get_by_text("Welkom", exact=True)).to_be_visible(timeout=TIMEOUT)
        on_doomed.append(by_address[served_by(proxy, context, f"phone-{len(phones)}")] is doomed)
        phones.append(phone)
    print(f"\n{len(phones)} phones, {sum(on_doomed)} on the process that is killed")

    # TLS at the proxy: the cookies that say who someone is, or where they are served, go
    # out Secure only. (Streamlit's own _streamlit_xsrf cookie is a form token, and not.)
    ours = [
        cookie
        for context in [facilitator, *(phone.context for phone in phones)]
        for cookie in context.cookies()
        if cookie["name"].startswith("gs_")
    ]
    assert {cookie["name"] for cookie in ours} == {"gs_f", "gs_p", "gs_route"}
    assert all(cookie["secure"] for cookie in ours), [c["name"] for c in ours if not c["secure"]]

    # The projector's QR code is an image in its process's memory: sticky routing fetches it
    # from the process that drew it. Every page hears of changes through the proxy.
    qr = projector.get_by_role("img").first
    expect(qr).to_be_visible(timeout=TIMEOUT)
    loaded = "image => image.complete && image.naturalWidth > 0"
    projector.wait_for_function(loaded, arg=qr.element_handle(), timeout=TIMEOUT)
    pushed([*phones, projector])

    go_to_step(console, "De zelftest: een spiegel, geen diagnose")
    console.get_by_role("button", name="Openen").click()
    for phone in phones:
        expect(phone.get_by_text("Vraag 1 van 6")).to_be_visible(timeout=TIMEOUT)
    choices = {phone: ["Ja"] * 6 if n % 2 == 0 else ["Nee"] * 6 for n, phone in enumerate(phones)}
    moved = [phone for phone, there in zip(phones, on_doomed, strict=True) if there]
    # Half the room has sent its answers; one phone on the doomed process is half-way, its
    # first three answers chosen and not yet sent; the rest have not begun.
    halfway = moved[0]
    sent_before = [phone for phone in phones if phone is not halfway][: len(phones) // 2]
    for phone in sent_before:
        answer_self_test(phone, choices[phone])
    choose_on_screens(halfway, choices[halfway], range(3))
    expect(halfway.get_by_text("Vraag 4 van 6")).to_be_visible(timeout=TIMEOUT)
    expect(console.get_by_text(f"Vragen: open · {len(sent_before)} antwoorden")).to_be_visible(
        timeout=TIMEOUT
    )

    for page in [console, projector, *moved]:
        page.evaluate(WATCH_CONNECTION)
    killed = time.time()
    doomed.kill()
    killed_at = time.monotonic()
    back = [
        reconnected(page, drawn=page is halfway) - killed for page in [console, projector, *moved]
    ]
    print(
        "connected again to the other process, seconds after the kill: console"
        f" {back[0]:.1f}, projector {back[1]:.1f}, phones {', '.join(f'{b:.1f}' for b in back[2:])}"
    )
    # The half-way phone goes on where it was, with what it had chosen (its tab's copy:
    # the new process knew no draft of it).
    expect(halfway.get_by_text("Vraag 4 van 6")).to_be_visible(timeout=TIMEOUT)
    fill_self_test(halfway, choices[halfway], first=3)
    assert "nog geen antwoord" not in halfway.get_by_test_id("stMain").inner_text()
    halfway.get_by_role("button", name="Versturen").click()
    expect(
        halfway.get_by_test_id("stMain").get_by_text("Je antwoord is anoniem ontvangen")
    ).to_be_visible(timeout=TIMEOUT)
    for phone in phones:
        if phone is not halfway and phone not in sent_before:
            answer_self_test(phone, choices[phone])
    answered_at = time.monotonic()
    everyone = f"Vragen: open · {len(phones)} antwoorden"
    expect(console.get_by_text(everyone)).to_be_visible(timeout=30_000)
    print(
        f"the last phones answered {answered_at - killed_at:.1f} s after the kill; the console"
        f" showed every answer {time.monotonic() - answered_at:.1f} s after that"
    )
    expect(projector.get_by_text(f"{len(phones)} antwoorden binnen")).to_be_visible(timeout=TIMEOUT)
    assert "Sessie starten" not in console.inner_text("body")  # still signed in, same session

    console.get_by_role("button", name="Tonen op scherm").click()
    yes = sum(1 for chosen in choices.values() if chosen[0] == "Ja")
    share = f"{round(100 * yes / len(phones))}% ({yes}/{len(phones)})"
    expect(projector.get_by_text(share).first).to_be_visible(timeout=TIMEOUT)

    # The dead process is back (systemd's Restart=always); the group goes on.
    doomed.start()
    go_to_step(console, "Wat de spiegel laat zien")
    for phone in phones:
        heading = phone.get_by_role("heading", name="Wat de spiegel laat zien")
        expect(heading).to_be_visible(timeout=TIMEOUT)
    expect(projector.get_by_role("heading", name="Wat de spiegel laat zien")).to_be_visible(
        timeout=TIMEOUT
    )
    pushed([*phones, projector])  # the streams of the killed process, open again
    for server in servers:
        assert "Traceback" not in server.output(), server.output()[-3000:]
    log = proxy.access_log.read_text()
    assert code not in log and "?" not in log  # no join code, no token, no query string
    assert survivor.process is not None
