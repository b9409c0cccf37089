"""The join URL that phones open, and its QR code."""

from __future__ import annotations

import io
import ipaddress
import socket
from urllib.parse import urlencode, urlsplit

import segno

_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"}


def lan_address() -> str | None:
    """A non-loopback IPv4 address of this machine, found without sending any packet."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, family=socket.AF_INET)
    except OSError:
        return None
    for info in infos:
        address = str(info[4][0])
        if not ipaddress.ip_address(address).is_loopback:
            return address
    return None


def base_url(*, configured: str | None, page_url: str | None, lan_ip: str | None) -> str | None:
    """Where phones reach the app: the configured PUBLIC_BASE_URL (for a proxy), else the
    address the facilitator's browser uses, with 'localhost' swapped for the LAN address,
    since a phone cannot reach the laptop's localhost."""
    if configured:
        return configured.rstrip("/")
    if not page_url:
        return None
    parts = urlsplit(page_url)
    host = parts.hostname or ""
    netloc = parts.netloc
    if host in _LOOPBACK_NAMES and lan_ip:
        netloc = f"{lan_ip}:{parts.port}" if parts.port else lan_ip
    # Drop the page's own path segment (e.g. /console); keep a proxy prefix before it.
    path = parts.path.rstrip("/")
    prefix = path.rsplit("/", 1)[0] if "/" in path else ""
    return f"{parts.scheme}://{netloc}{prefix}"


def join_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/?{urlencode({'code': code})}"


def qr_png(url: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
