"""Ids are slugs, and only slugs ever become parts of file paths.

Data comes from contributors; an id like '../../etc' or 'ｃｏｎ' must never reach the file
system. Every generated path goes through `safe_path`, which re-checks the slug and that the
result stays inside its base folder.
"""

from __future__ import annotations

import re
from pathlib import Path

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Names Windows reserves whatever the extension; a site built here may be copied there.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


class UnsafeId(ValueError):
    """An id that is not a slug was about to become part of a path."""


def is_slug(value: object) -> bool:
    return isinstance(value, str) and value.isascii() and len(value) <= 80 and bool(SLUG_RE.match(value))


def safe_segment(value: str) -> str:
    """Return the id if it may be used as one path segment, else raise UnsafeId."""
    if not is_slug(value) or value in RESERVED:
        raise UnsafeId(f"{value!r} is not a safe id for a path")
    return value


def safe_path(base: Path, *segments: str, suffix: str = "") -> Path:
    """base/seg1/seg2...suffix, each segment a checked slug, the result inside base."""
    checked = [safe_segment(s) for s in segments]
    if not checked:
        raise UnsafeId("no path segments given")
    checked[-1] += suffix
    path = base.joinpath(*checked)
    resolved_base = base.resolve()
    if resolved_base not in path.resolve().parents:
        raise UnsafeId(f"{path} is outside {base}")
    return path
