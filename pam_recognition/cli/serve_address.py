"""The preview server's address, checked before anything starts.

`serve --dev-addr HOST:PORT` hands the address to the preview server, which reports a host
name as a configuration error, a port beyond 65535 as a traceback and an address no network
interface has as an operating-system error that reads like a file problem. Each of those is
one line here, naming the option and what to give instead. The host must be an IP address
(or `localhost`): the preview is meant for this machine, and resolving names would let the
network's name service decide where it listens.
"""

from __future__ import annotations

import errno
import ipaddress
import socket

from ..common.errors import PamError

EXAMPLE = "127.0.0.1:8000"


class AddressError(PamError, ValueError):
    """An address the preview cannot listen on; the message is for the user."""


def checked_address(text: str) -> str:
    """`text` if the preview can listen there now; otherwise AddressError."""
    host, sep, port_text = text.rpartition(":")
    if not sep or not host:
        raise AddressError(f"--dev-addr takes HOST:PORT, e.g. {EXAMPLE}; got '{text}'")
    name = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if name != "localhost":
        try:
            ipaddress.ip_address(name)
        except ValueError:
            raise AddressError(
                f"--dev-addr {text}: '{host}' is not an IP address; give this machine's address or "
                f"localhost, e.g. {EXAMPLE}"
            ) from None
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise AddressError(f"--dev-addr {text}: the port must be a number from 1 to 65535, e.g. {EXAMPLE}")
    _try_listening(text, name, int(port_text))
    return text


def _try_listening(text: str, host: str, port: int) -> None:
    """Bind and release the address once, so that what the server would fail on is said here."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    probe = socket.socket(family, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            reason = f"port {port} is in use; choose another port"
        elif exc.errno in (errno.EACCES, errno.EPERM):
            reason = f"port {port} needs privileges; choose a port above 1023"
        elif exc.errno == errno.EADDRNOTAVAIL:
            reason = f"no network interface of this machine has the address {host}; use localhost or {EXAMPLE}"
        else:
            reason = f"cannot listen there ({exc.strerror or exc}); use e.g. {EXAMPLE}"
        raise AddressError(f"--dev-addr {text}: {reason}") from None
    finally:
        probe.close()
