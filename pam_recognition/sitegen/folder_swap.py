"""Putting a new site folder in place of the old one in one step, and moving a folder aside.

A reader (a web server, a deploy tool) must never see half a site or none: on Linux the new
folder and the published one trade places with a single rename (renameat2's RENAME_EXCHANGE),
so the published name always holds a complete site. Where the system or the file system cannot
exchange, the old folder is renamed aside and the new one renamed in (two renames in a row, the
name missing for that instant). Either way the old folder ends up under the new folder's
former name, for the caller to remove or keep.

A folder moved aside keeps everything it holds and gets a new name beside it,
`<name>.old-<n>` with the first free n: nothing is replaced on the way.
"""

from __future__ import annotations

import ctypes
import errno
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import cast

AT_FDCWD = -100
RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2


@cache
def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return cast(Callable[[int, bytes, int, bytes, int], int], function)


def _rename2(source: Path, target: Path, flags: int) -> bool:
    """renameat2 with `flags`; False when the system or file system does not offer it."""
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(source), AT_FDCWD, os.fsencode(target), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(source), None, str(target))


def parked(new: Path) -> Path:
    """Where `exchange` keeps the old folder for an instant when it cannot exchange in one step."""
    return new.with_name(new.name + ".old")


def exchange(new: Path, published: Path) -> None:
    """Publish the folder `new` as `published`; the old folder is left at `new`'s name."""
    if _rename2(new, published, RENAME_EXCHANGE):
        return
    os.rename(published, parked(new))
    try:
        os.rename(new, published)
    except OSError:
        os.rename(parked(new), published)
        raise
    os.rename(parked(new), new)


def move_aside(folder: Path, name: Path | None = None) -> Path:
    """Rename `folder` to `<name>.old-<n>` beside `name` (default: the folder itself), with the
    first n that is free; return the new path. An existing file or folder is never replaced."""
    base = name if name is not None else folder
    n = 0
    while True:
        n += 1
        target = base.with_name(f"{base.name}.old-{n}")
        if os.path.lexists(target):
            continue
        try:
            if _rename2(folder, target, RENAME_NOREPLACE):
                return target
            os.mkdir(target)  # without renameat2: claim the name (a new empty folder), rename onto it
            try:
                os.rename(folder, target)
            except OSError:
                _remove_claim(target)
                raise
            return target
        except OSError as exc:  # the name was taken meanwhile: the next one
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise


def _remove_claim(target: Path) -> None:
    try:
        os.rmdir(target)  # only if still empty: whatever someone put there stays
    except OSError:
        pass
