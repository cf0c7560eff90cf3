"""Outgoing HTTP that cannot be pointed at this network: resolve, check every address, pin.

The connection goes to the address that was checked (never a second lookup), so a name that
resolves to a public address once and to 127.0.0.1 a moment later (DNS rebinding) cannot
reach an internal service. TLS still verifies the certificate against the host name.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

MAX_RESPONSE = 1024


class RefusedAddress(Exception):
    """The URL is not one we send requests to (message fit for an admin)."""


@dataclass
class Response:
    status: int
    excerpt: str
    duration_ms: int


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_url(url: str) -> tuple[str, int, str]:
    """Return (host, port, scheme) of an acceptable webhook URL, or raise RefusedAddress."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise RefusedAddress(_l("Use an http:// or https:// address."))
    if parts.username or parts.password:
        raise RefusedAddress(_l("Put no user name or password in the address."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise RefusedAddress(_l("The port is not valid.")) from exc
    return parts.hostname, port, parts.scheme


def resolve(host: str, port: int) -> str:
    """Resolve `host` and return one address to connect to, if every address it has is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise RefusedAddress(_l("The host name does not resolve.")) from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise RefusedAddress(_l("The host name does not resolve."))
    if not _private_allowed(host) and not all(_public(a) for a in addresses):
        raise RefusedAddress(_l("The address is on a private, loopback or link-local network."))
    return str(addresses[0])


def _private_allowed(host: str) -> bool:
    config = current_app.config
    return bool(config.get("WEBHOOK_ALLOW_PRIVATE")) or host.lower() in {
        h.lower() for h in config.get("WEBHOOK_ALLOWED_HOSTS") or ()
    }


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Response:
    """POST `body` to `url` through a checked, pinned connection; redirects are not followed."""
    host, port, scheme = check_url(url)
    address = resolve(host, port)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    cls = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    conn = cls(host, port, address, timeout)
    started = time.monotonic()
    try:
        conn.request("POST", target, body=body, headers=headers)
        reply = conn.getresponse()
        excerpt = reply.read(MAX_RESPONSE).decode("utf-8", "replace")
        return Response(reply.status, excerpt, int((time.monotonic() - started) * 1000))
    finally:
        conn.close()
