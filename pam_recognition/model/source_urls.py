"""Which web addresses the knowledge base accepts as a place a reader can check.

A bare IP address hides who publishes a page and changes without notice, and a plain http
address can be altered on the way to the reader; both are refused with a fix. The one
exception are hosts whose addresses are identifiers minted with http on purpose (ESCO's
concept URIs): there http is the norm and the https form names a different resource.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

HTTP_IDENTIFIER_HOSTS = frozenset({"data.europa.eu"})
"""Hosts whose published identifiers use http (ESCO: http://data.europa.eu/esco/...)."""


def url_problem(url: str) -> tuple[str, str] | None:
    """(message, hint) when `url` is not an address a reader should be sent to, else None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return None  # malformed addresses are the pattern check's business
    if _is_ip(host):
        return (
            "the address's host is a bare IP address, which hides who publishes the page",
            ("cite the publisher's own domain name (the page's official address), or another copy on a named site"),
        )
    if parts.scheme == "http" and host not in HTTP_IDENTIFIER_HOSTS:
        return (
            "plain http address: the page can be altered on the way to the reader",
            f"write https://{url[len('http://') :]} (open it once to check that it loads)",
        )
    return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
