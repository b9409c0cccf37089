"""What a phone's first page weighs on the room's Wi-Fi: Streamlit serves its scripts and
the page uncompressed, so the join page weighed 2.6 MiB (25 phones: about 65 MiB through a
laptop's hotspot). The app gzips them (ui/compression.py), Streamlit's scripts once per
process."""

from __future__ import annotations

import gzip
import http.client
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import Server
from tests.e2e.test_session_in_browser import PHONE, TIMEOUT

pytestmark = pytest.mark.e2e

MIB = 1024 * 1024
# Measured: 1.07 MiB on the wire of 2.61 MiB decoded. Over half of what is left is two
# fonts that come compressed already (woff2): Material Symbols, 0.36 MiB, for the icons,
# and Source Sans, 0.16 MiB.
MOST_MIB = 1.2


def get(server: Server, path: str, **headers: str) -> http.client.HTTPResponse:
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    connection.request("GET", path, headers=headers)
    return connection.getresponse()


def first_load_bytes(server: Server, browser: Browser) -> tuple[int, int]:
    """(bytes on the wire, bytes decoded) of a new phone's join page, all it loads."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    wire: dict[str, float] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: wire.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    decoded: dict[str, int] = {}
    cdp.on(
        "Network.dataReceived",
        lambda e: decoded.__setitem__(
            e["requestId"], decoded.get(e["requestId"], 0) + e["dataLength"]
        ),
    )
    page.goto(server.url)
    expect(page.locator(".st-key-join-code input")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    context.close()
    return int(sum(wire.values())), sum(decoded.values())


def test_a_phones_first_page_comes_compressed(server: Server, browser: Browser):
    on_the_wire, decoded = first_load_bytes(server, browser)
    again, _ = first_load_bytes(server, browser)  # served from the kept, compressed copies
    print(
        f"\nfirst load of the join page: {on_the_wire / MIB:.2f} MiB on the wire, "
        f"{decoded / MIB:.2f} MiB decoded; a second phone {again / MIB:.2f} MiB"
    )
    assert on_the_wire < MOST_MIB * MIB, on_the_wire
    assert on_the_wire < 0.45 * decoded, (on_the_wire, decoded)  # 2.6 MiB uncompressed before
    assert again < MOST_MIB * MIB, again


def test_a_script_gzipped_is_the_same_script_and_what_cannot_take_it_gets_it_plain(
    server: Server,
):
    for address in ("/eerder", "/"):  # any page's address serves the same page
        page = get(server, address, **{"Accept-Encoding": "gzip"})
        assert page.getheader("Content-Encoding") == "gzip"
        html = gzip.decompress(page.read())
        # The first script (ui/history.py) is still in its head.
        assert b"gs-history" in html.split(b"</head>")[0], address
    script = re.search(rb'src="(\./)?(static/js/[^"]+\.js)"', html)
    assert script is not None, html[:500]
    path = "/" + script.group(2).decode()
    plain = get(server, path).read()
    for _ in range(2):  # compressed once, then kept
        packed = get(server, path, **{"Accept-Encoding": "gzip, br"})
        body = packed.read()
        assert packed.getheader("Content-Encoding") == "gzip"
        assert packed.getheader("Vary") == "Accept-Encoding"
        assert gzip.decompress(body) == plain
        assert len(body) < len(plain) / 2
        assert "immutable" in (packed.getheader("Cache-Control") or "")  # fetched once
    ranged = get(server, path, **{"Accept-Encoding": "gzip", "Range": "bytes=0-99"})
    assert ranged.getheader("Content-Encoding") is None
    ranged.read()
