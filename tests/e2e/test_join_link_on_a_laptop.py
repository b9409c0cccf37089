"""The join link on a laptop as it comes out of the box: its host name resolves to 127.0.1.1
(Debian, Ubuntu), it may be on wifi and a cable at once, or on no network at all.

Each laptop is a network namespace of its own with the interfaces a laptop has (veth pairs
named like a laptop's wifi and ethernet), its own /etc/hosts, and its own host name. The
app server and the facilitator's browser both run inside it, so the console is opened at
http://localhost:PORT exactly as on the laptop; Playwright drives that browser over a pipe.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Server, _server
from tests.e2e.test_session_in_browser import TIMEOUT, sign_up

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.geteuid() != 0 or shutil.which("ip") is None or shutil.which("unshare") is None,
        reason="network namespaces need root and iproute2 (CI runs as root)",
    ),
]

HOST_NAME = "therapielaptop"
WIFI = ("wlp2s0", "192.168.1.20/24")
CABLE = ("enp0s31f6", "10.40.0.7/16")


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


@dataclass
class Laptop:
    netns: str

    @property
    def prefix(self) -> tuple[str, ...]:
        # ip netns exec bind-mounts /etc/netns/NAME/hosts over /etc/hosts; unshare gives
        # the laptop its own host name.
        return (
            "ip",
            "netns",
            "exec",
            self.netns,
            "unshare",
            "--uts",
            "sh",
            "-c",
            f'hostname {HOST_NAME} && exec "$@"',
            "laptop",
        )

    def connect(self, interface: str, address: str, *, default_route: bool = False) -> None:
        """A network card with an address, as when the laptop joins a wifi network."""
        inside = ("netns", "exec", self.netns, "ip")
        ip(*inside, "link", "add", interface, "type", "veth", "peer", "name", f"{interface}-p")
        ip(*inside, "link", "set", interface, "up")
        ip(*inside, "link", "set", f"{interface}-p", "up")
        ip(*inside, "addr", "add", address, "dev", interface)
        if default_route:
            gateway = address.split("/")[0].rsplit(".", 1)[0] + ".1"
            ip(*inside, "route", "add", "default", "via", gateway, "dev", interface)

    def run(self, *command: str) -> str:
        done = subprocess.run([*self.prefix, *command], check=True, capture_output=True, text=True)
        return done.stdout


@pytest.fixture
def laptop() -> Iterator[Laptop]:
    name = f"gs-{uuid.uuid4().hex[:8]}"
    etc = Path("/etc/netns") / name
    etc.mkdir(parents=True)
    (etc / "hosts").write_text(f"127.0.0.1 localhost\n127.0.1.1 {HOST_NAME}\n::1 localhost\n")
    ip("netns", "add", name)
    try:
        ip("netns", "exec", name, "ip", "link", "set", "lo", "up")
        # Without IPv6: new veth links go through IPv6 address set-up for a while, and
        # Chromium aborts every load with ERR_NETWORK_CHANGED meanwhile.
        subprocess.run(
            ["ip", "netns", "exec", name, "sysctl", "-q", "-w"]
            + [f"net.ipv6.conf.{which}.disable_ipv6=1" for which in ("all", "default")],
            check=True,
            capture_output=True,
        )
        yield Laptop(name)
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True)
        shutil.rmtree(etc, ignore_errors=True)


@pytest.fixture
def laptop_server(laptop: Laptop, tmp_path: Path, neutral_site: str) -> Iterator[Server]:
    """The app as ./scripts/run starts it on the laptop: no PUBLIC_BASE_URL."""
    running = _server(tmp_path, neutral_site, f"sqlite:///{tmp_path / 'app.sqlite3'}")
    running.env.pop("PUBLIC_BASE_URL")
    running.url = running.url.replace("127.0.0.1", "localhost")
    running.prefix = laptop.prefix
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture
def laptop_browser(playwright: Playwright, laptop: Laptop, tmp_path: Path) -> Iterator[Browser]:
    """Chromium started inside the laptop; Playwright talks to it over a pipe."""
    wrapper = tmp_path / "chromium-on-the-laptop"
    wrapper.write_text(f'#!/bin/sh\nexec ip netns exec {laptop.netns} {CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    browser = playwright.chromium.launch(executable_path=str(wrapper), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def start_session(server: Server, browser: Browser) -> tuple[Page, Page]:
    facilitator = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
    console = facilitator.new_page()
    sign_up(console, server)
    console.get_by_role("button", name="Sessie starten").click()
    expect(console.locator(".st-key-console-code strong")).to_have_text(
        re.compile(r"^[A-Z2-9]{6}$"), timeout=TIMEOUT
    )
    with facilitator.expect_page() as opened:
        console.get_by_role("link", name=re.compile("Projectorscherm")).click()
    return console, opened.value


def test_the_host_name_really_resolves_to_loopback_on_this_laptop(laptop: Laptop):
    """The condition itself: what the first version asked, and what it got."""
    laptop.connect(*WIFI, default_route=True)
    asked = "import socket; print(socket.gethostbyname(socket.gethostname()))"
    assert laptop.run("python3", "-c", asked).strip() == "127.0.1.1"


def test_on_wifi_and_a_cable_the_facilitator_picks_and_the_projector_follows(
    laptop: Laptop, laptop_server: Server, laptop_browser: Browser
):
    laptop.connect(*WIFI, default_route=True)
    laptop.connect(*CABLE)
    console, projector = start_session(laptop_server, laptop_browser)
    port = laptop_server.port
    expect(console.get_by_text(f"http://192.168.1.20:{port}/?code=")).to_be_visible(timeout=TIMEOUT)
    expect(projector.get_by_text(f"192.168.1.20:{port}", exact=True)).to_be_visible(timeout=TIMEOUT)
    assert "localhost" not in projector.locator(".join-url").inner_text()

    network = console.get_by_role("combobox", name="Netwerk voor telefoons")
    network.click()
    console.get_by_role("option", name=re.compile(r"^10\.40\.0\.7 \(enp0s31f6\)")).click()
    expect(console.get_by_text(f"http://10.40.0.7:{port}/?code=")).to_be_visible(timeout=TIMEOUT)
    # The projector redraws its QR code by itself, within a poll or two.
    expect(projector.get_by_text(f"10.40.0.7:{port}", exact=True)).to_be_visible(timeout=5_000)


def test_on_no_network_the_console_says_so_and_heals_when_the_laptop_joins_one(
    laptop: Laptop, laptop_server: Server, laptop_browser: Browser
):
    console, projector = start_session(laptop_server, laptop_browser)
    warning = console.get_by_text("Telefoons kunnen deze laptop nu niet bereiken.")
    expect(warning).to_be_visible(timeout=TIMEOUT)
    assert console.get_by_text("Deelnamelink voor telefoons").count() == 0
    assert projector.get_by_role("img").count() == 0  # no QR code that leads nowhere

    laptop.connect(*WIFI, default_route=True)  # the facilitator joins the wifi
    port = laptop_server.port
    # No reload: the addresses are looked up again within 15 s, and both screens redraw.
    expect(console.get_by_text(f"http://192.168.1.20:{port}/?code=")).to_be_visible(timeout=25_000)
    expect(warning).to_have_count(0)
    expect(projector.get_by_text(f"192.168.1.20:{port}", exact=True)).to_be_visible(timeout=10_000)
    expect(projector.get_by_role("img")).to_have_count(1)
