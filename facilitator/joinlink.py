"""The join URL that phones open, its QR code, and the addresses phones can reach us at."""

from __future__ import annotations

import io
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import psutil
import segno

# A connected UDP socket sends nothing, but the kernel picks the interface a packet to this
# address would leave by: the one with the default route. TEST-NET-2 (RFC 5737) is never on
# a real network, so it cannot match a local subnet and pick a side interface instead.
_OUTSIDE_ADDRESS = ("198.51.100.1", 9)
# Interfaces that are a virtual machine's, a container's or a VPN's rather than the room's
# network: offered last, since phones in the room are rarely behind them.
_VIRTUAL_PREFIXES = ("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "tun", "tap", "utun")


@dataclass(frozen=True)
class NetworkAddress:
    """An IPv4 address of this machine that a phone on the same network may reach."""

    address: str
    interface: str
    default_route: bool  # the address the machine's own traffic to the outside leaves from


def _is_reachable_from_a_phone(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast)


def outgoing_address() -> str | None:
    """The address of the interface with the default route, or None without one."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(_OUTSIDE_ADDRESS)
        return str(probe.getsockname()[0])
    except OSError:
        return None
    finally:
        probe.close()


def network_addresses() -> list[NetworkAddress]:
    """Every address of this machine a phone could use: read from the network interfaces
    that are up, never from the host name (which resolves to 127.0.1.1 on a stock Debian or
    Ubuntu laptop). The default route's address comes first, virtual interfaces last."""
    outgoing = outgoing_address()
    try:
        interfaces = psutil.net_if_addrs()
        up = {name for name, stats in psutil.net_if_stats().items() if stats.isup}
    except OSError:
        interfaces, up = {}, set()
    found: dict[str, NetworkAddress] = {}
    for name, addresses in interfaces.items():
        if name not in up:
            continue
        for entry in addresses:
            if entry.family != socket.AF_INET or not _is_reachable_from_a_phone(entry.address):
                continue
            found.setdefault(
                entry.address,
                NetworkAddress(entry.address, name, default_route=entry.address == outgoing),
            )
    if outgoing and outgoing not in found and _is_reachable_from_a_phone(outgoing):
        found[outgoing] = NetworkAddress(outgoing, "?", default_route=True)
    return sorted(
        found.values(),
        key=lambda a: (not a.default_route, a.interface.startswith(_VIRTUAL_PREFIXES), a.address),
    )


def is_loopback_host(host: str) -> bool:
    """Whether a phone would reach itself, not this machine, at this host name."""
    host = host.strip("[]").lower()
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        # A name: the laptop's own host name resolving to 127.0.1.1 reaches nothing for a
        # phone. A name that does not resolve here is left alone (a proxy's public name).
        try:
            resolved = {info[4][0] for info in socket.getaddrinfo(host, None)}
        except OSError:
            return False
        return bool(resolved) and all(
            ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in resolved
        )
    return ip.is_loopback or ip.is_unspecified


@dataclass(frozen=True)
class PhoneAddress:
    """Where phones are sent, and what the facilitator may choose from."""

    base_url: str | None  # None: not known, or no address a phone could reach
    choices: tuple[NetworkAddress, ...]  # empty when there is nothing to choose
    chosen: NetworkAddress | None
    # The page is this machine's loopback and the machine is on no network: no phone can
    # join until it is (or PUBLIC_BASE_URL is set).
    no_network: bool = False


def phone_address(
    *,
    configured: str | None,
    page_url: str | None,
    candidates: list[NetworkAddress],
    preferred: str | None = None,
) -> PhoneAddress:
    """PUBLIC_BASE_URL wins (a proxy); else the address the facilitator's browser uses,
    unless that is this machine's loopback: then one of the machine's network addresses,
    ``preferred`` (the facilitator's pick) when it is still one of them."""
    if configured:
        return PhoneAddress(configured.rstrip("/"), (), None)
    if not page_url:
        return PhoneAddress(None, (), None)
    parts = urlsplit(page_url)
    # Drop the page's own path segment (e.g. /console); keep a proxy prefix before it.
    path = parts.path.rstrip("/")
    prefix = path.rsplit("/", 1)[0] if "/" in path else ""
    if not is_loopback_host(parts.hostname or ""):
        return PhoneAddress(f"{parts.scheme}://{parts.netloc}{prefix}", (), None)
    if not candidates:
        return PhoneAddress(None, (), None, no_network=True)
    chosen = next((c for c in candidates if c.address == preferred), candidates[0])
    netloc = f"{chosen.address}:{parts.port}" if parts.port else chosen.address
    choices = tuple(candidates) if len(candidates) > 1 else ()
    return PhoneAddress(f"{parts.scheme}://{netloc}{prefix}", choices, chosen)


def join_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/?{urlencode({'code': code})}"


def qr_png(url: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
