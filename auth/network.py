"""Who is at the other end of a browser's connection when reverse proxies stand in between.

The app sees one TCP peer per connection. Behind nginx that peer is nginx (127.0.0.1 for every
user), so the failed-sign-in slow-down would count the whole bureau as one client. A peer listed in
EDUKPI_TRUSTED_PROXIES (addresses or networks, default this machine) is believed about the client it
forwards: the right-most X-Forwarded-For entry that is not itself a trusted proxy (each proxy
appends the address it saw, so entries further left are whatever the browser claimed), else
X-Real-IP. Any other peer is the client itself, and its headers are ignored.

A missing peer address (Unix socket, a test harness, an unknown Streamlit internals change) is
never trusted: it is reported as UNKNOWN, and proxy headers are not read."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core import settings

DEFAULT_TRUSTED_PROXIES = "127.0.0.1,::1"
UNKNOWN = "未知地址"  # the client key when the peer's address is not known
MAX_LEN = 64  # sign_in_attempt.client and auth_session.client hold 64 characters

Headers = Mapping[str, str] | Iterable[tuple[str, str]]


@dataclass(frozen=True)
class TrustedProxies:
    """The proxies whose forwarding headers are believed: single addresses and networks."""
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    def __contains__(self, address: object) -> bool:
        ip = _ip(address) if isinstance(address, str) else None
        return ip is not None and any(ip in net for net in self.networks)

    @classmethod
    def parse(cls, text: str) -> TrustedProxies:
        """"127.0.0.1, ::1, 10.0.0.0/24" → networks; entries that are not addresses are skipped."""
        nets = []
        for part in (text or "").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                nets.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                continue
        return cls(tuple(nets))


def trusted_proxies() -> TrustedProxies:
    """EDUKPI_TRUSTED_PROXIES (comma-separated addresses or networks; default this machine)."""
    return TrustedProxies.parse(settings.get().trusted_proxies)


def _ip(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as written in a header or by a server: "1.2.3.4", "1.2.3.4:5678", "[::1]:80",
    "::ffff:1.2.3.4" (IPv4 mapped into IPv6 counts as the IPv4 address). None if not an address."""
    if not text:
        return None
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None)
    return mapped or ip


def normalise(text: str | None) -> str | None:
    """The canonical text of an address (no port, IPv4-mapped IPv6 as IPv4); None if not one."""
    ip = _ip(text)
    return None if ip is None else str(ip)


def header_values(headers: Headers, name: str) -> list[str]:
    """Every value of a header, case-insensitively, from a mapping or from (name, value) pairs."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    want = name.lower()
    return [v for k, v in pairs if isinstance(k, str) and isinstance(v, str) and k.lower() == want]


def is_trusted_peer(peer: str | None, proxies: TrustedProxies | None = None) -> bool:
    """Whether the connection comes straight from a trusted proxy. An unknown peer never does."""
    return peer is not None and peer in (proxies if proxies is not None else trusted_proxies())


def client_of(peer: str | None, headers: Headers, proxies: TrustedProxies | None = None) -> str:
    """The address that stands for this browser in the sign-in slow-down (at most 64 characters)."""
    proxies = proxies if proxies is not None else trusted_proxies()
    own = normalise(peer)
    if own is None:
        return UNKNOWN if not peer else peer.strip()[:MAX_LEN]
    if own not in proxies:
        return own
    hops = [h.strip() for v in header_values(headers, "X-Forwarded-For") for h in v.split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in proxies:
            return (normalise(hop) or hop)[:MAX_LEN]
    if hops:  # every hop is a trusted proxy: the browser runs on one of them
        return (normalise(hops[0]) or hops[0])[:MAX_LEN]
    real = header_values(headers, "X-Real-IP")
    if len(real) == 1 and normalise(real[0]):
        return normalise(real[0])
    return own  # a trusted proxy that said nothing about its client
