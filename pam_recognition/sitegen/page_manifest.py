"""Which stored page each file of a site folder holds, so that a build starting from that folder
(the spare, site_build.py) need not read the file and its build-cache entry back to know that
they are the same.

After a build with the cache, every page made or taken from the cache is listed with its cache
key and the file's identity as the file system gives it: size, inode and change time. The change
time is set by the system on every write, rename into place or new link and cannot be set back
by a program, so a file whose three figures are unchanged still holds the bytes it was written
with. The next build that starts from this folder trusts such a file for a page whose key is the
same, and checks every other page as before (reading the file and the stored entry). The list
lives beside the site folder, never in it (it is not part of what is published), and carries
the build cache's HMAC, so a list someone else wrote or changed is ignored.

At the medium benchmark a rebuild after one edit keeps 5,500 pages; reading each page and its
cache entry was a fifth of that rebuild.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from ..common.atomic import atomic_write_bytes

SEAL = "page-manifest"
Stamp = tuple[int, int, int]  # size, inode, change time (ns)


def stamp(path: str) -> Stamp | None:
    """The file's identity, if it is a regular file of ours linked nowhere else (the only files
    a build may keep); None otherwise."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return _stamp_of(info)


def _stamp_of(info: os.stat_result) -> Stamp | None:
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or info.st_uid != os.getuid():
        return None
    return (info.st_size, info.st_ino, info.st_ctime_ns)


def read_manifest(path: Path, cache: Any) -> dict[str, tuple[str, Stamp]]:
    """The pages listed for the folder the build starts from (path relative to the site folder
    -> key and stamp); empty when there is no list or it is not ours and intact."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    payload = cache.unseal(SEAL, data)
    if payload is None:
        return {}
    try:
        listed = json.loads(payload)
        return {name: (key, (size, ino, ctime)) for name, (key, size, ino, ctime) in listed.items()}
    except (ValueError, TypeError):
        return {}


def write_manifest(path: Path, cache: Any, site_dir: str, pages: dict[str, str]) -> int:
    """List the pages (path relative to `site_dir` -> cache key) whose file is one a build may
    keep; return how many were listed."""
    listed: dict[str, list[Any]] = {}
    for name, key in pages.items():
        found = stamp(os.path.join(site_dir, name))
        if found is not None:
            listed[name] = [key, *found]
    payload = json.dumps(listed, sort_keys=True, separators=(",", ":")).encode("utf-8")
    atomic_write_bytes(path, cache.seal(SEAL, payload), mode=0o600)
    return len(listed)


def kept(entry: tuple[str, Stamp] | None, key: str, path: str, cache: Any, kind: str) -> bool:
    """The listed file is still the one written for this very key, and the stored entry it was
    written from has not changed since (mkdocs then skips the page: its output is newer than its
    source, the entry). Otherwise the page is checked as usual: read, compared, or made."""
    if entry is None or entry[0] != key:
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if _stamp_of(info) != entry[1]:
        return False
    return bool(cache.unchanged_since(kind, key, info.st_mtime_ns))
