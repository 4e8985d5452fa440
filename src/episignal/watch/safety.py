"""Where the watcher may connect: public addresses only, unless a source allows private ones.

The check happens where the connection is made, on the addresses the host name resolves
to, for the first request and for every redirect: a URL that names a public host but
resolves to 127.0.0.1 (or a redirect to http://169.254.169.254/, a cloud's metadata
service) is refused before a single byte is sent. The connection then goes to the very
address that was checked, so a second DNS answer cannot swap it (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import typing
from collections.abc import Callable, Iterable

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
Policy = Callable[[str], str | None]  # an address -> why it is refused, or None

# Cloud metadata services: named in the refusal so the log says what was at stake.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)


class UnsafeAddress(Exception):
    """A connection to a non-public address was refused."""

    def __init__(self, host: str, address: str, why: str) -> None:
        super().__init__(f"refused {host}: it resolves to {why} address {address}")
        self.host = host
        self.address = address
        self.why = why


def address_problem(text: str) -> str | None:
    """Why ``text`` (an IP address) is not a public address, or None when it is."""
    ip: IPAddress = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata"
    for test, why in (
        (ip.is_unspecified, "an unspecified"),
        (ip.is_loopback, "a loopback"),
        (ip.is_link_local, "a link-local"),
        (ip.is_multicast, "a multicast"),
        (ip.is_private, "a private"),
    ):
        if test:
            return why
    return None if ip.is_global else "a reserved"


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend with the address check in front of every TCP connect."""

    def __init__(
        self,
        *,
        allow_private: bool,
        resolver: Resolver = system_resolver,
        policy: Policy = address_problem,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self.policy = policy
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.checked_addresses(host, port)
        last: Exception | None = None
        for address in addresses:
            try:
                return self.inner.connect_tcp(
                    address, port, timeout, local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as exc:  # try the host's next address
                last = exc
        raise last or httpcore.ConnectError(f"no address for {host}")

    def checked_addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to; all of them must pass (one bad answer refuses all)."""
        try:
            addresses = [host] if _is_ip(host) else self.resolver(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        if not self.allow_private:
            for address in addresses:
                why = self.policy(address)
                if why is not None:
                    raise UnsafeAddress(host, address, why)
        return addresses

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise UnsafeAddress(path, path, "a unix socket")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over a :class:`GuardedBackend`; never uses environment proxies
    (a proxy would connect on our behalf, past the check)."""

    def __init__(
        self,
        *,
        allow_private: bool,
        max_connections: int = 20,
        resolver: Resolver = system_resolver,
        policy: Policy = address_problem,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(trust_env=False)
        # httpx builds its pool without a way to pass a network backend: replace the pool
        # with the same one over ours (tests/watch/test_watch_safety.py proves the check).
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(trust_env=False),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=30.0,
            network_backend=GuardedBackend(
                allow_private=allow_private, resolver=resolver, policy=policy
            ),
        )
