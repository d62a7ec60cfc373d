"""Ids are slugs, and only slugs ever become parts of file paths.

Data comes from contributors; an id like '../../etc', '/etc/passwd', 'ｃｏｎ' (fullwidth) or
'mаchining' (with a Cyrillic 'а') must never reach the file system. Every generated path
goes through `safe_path`, which re-checks each segment and that the result stays inside its
base folder, following links.

Why so strict: a slug is ASCII lower-case, so it means the same file on every file system
(case-insensitive macOS and Windows included), needs no escaping in URLs, and cannot hold a
separator, a dot-dot or a look-alike letter. Windows' reserved device names (con, nul, com1 …)
are refused as whole names, because a site built here may be copied there.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import PamError

MAX_SLUG_LENGTH = 80
# Anchored with \Z (not $, which also matches before a final newline), so .match is safe too.
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# A mapping set is named '<curriculum-id>--<occupation-id>' (the data layout): two slugs.
COMPOUND_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:--[a-z0-9]+(?:-[a-z0-9]+)*)*\Z")
# File suffixes the code (never the data) adds, such as '.html' or '.de.md'.
SUFFIX_RE = re.compile(r"^(?:\.[a-z0-9]+)*\Z")
# Names Windows reserves whatever the extension; a site built here may be copied there.
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


class UnsafeId(PamError, ValueError):
    """An id that is not a slug was about to become part of a path."""


def is_slug(value: object) -> bool:
    """True for 'lf01' or 'vn-lilama2-industrial-mechanics'; False for anything else.

    `fullmatch` rather than `match(...$)`: in Python '$' also matches before a final newline,
    which would let 'lf01\\n' through.
    """
    return (
        isinstance(value, str)
        and value.isascii()
        and len(value) <= MAX_SLUG_LENGTH
        and SLUG_RE.fullmatch(value) is not None
    )


def safe_segment(value: object) -> str:
    """Return the id if it may be used as one path segment, else raise UnsafeId.

    Accepts a slug, or slugs joined by '--' as in mapping-set names.
    """
    if (
        not isinstance(value, str)
        or not value.isascii()
        or len(value) > 2 * MAX_SLUG_LENGTH + 2
        or COMPOUND_RE.fullmatch(value) is None
        or any(len(part) > MAX_SLUG_LENGTH for part in value.split("--"))
    ):
        raise UnsafeId(f"{value!r} is not a safe id for a path (ids are lower-case slugs such as 'lf01')")
    if value in RESERVED:
        raise UnsafeId(f"{value!r} is a reserved file name on Windows")
    return value


def safe_path(base: Path | str, *segments: str, suffix: str = "") -> Path:
    """base/seg1/seg2...suffix, each segment a checked slug, the result inside base.

    `suffix` comes from code ('.html'), never from data, and is checked all the same.
    """
    if not segments:
        raise UnsafeId("no path segments given")
    if not isinstance(suffix, str) or SUFFIX_RE.fullmatch(suffix) is None:
        raise UnsafeId(f"{suffix!r} is not a file suffix such as '.html'")
    checked = [safe_segment(s) for s in segments]
    checked[-1] += suffix
    base = Path(base)
    path = base.joinpath(*checked)
    resolved_base = base.resolve()
    if resolved_base not in path.resolve().parents:
        raise UnsafeId(f"{path} is outside {base} (a folder on the way is a link?)")
    return path
