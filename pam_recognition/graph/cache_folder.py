"""The cache folder: one this program owns, in a place where nothing it writes can do harm.

The caches hold pickles (code, when read back) and the secret that signs them, so the folder
must be private, and it must not be somewhere its files would be published or would mix with
someone else's: inside `site/` the key and the pickles would go out with the site; in a data
folder they would be loaded, zipped and exported; in /etc or a folder of other files they are
not ours to write. `PAM_RECOGNITION_CACHE_DIR` can point anywhere, so it is checked like an
output, and every refusal is one line naming the folder and how to fix it.

The folder is accepted when it is ours: made now (mode 0700), or an existing empty folder, or
one made earlier (it holds our key file) — owned by this user and writable by no one else, and
not a link. It is refused inside or as the knowledge base, its data folders, `site/`, the
package, the output folder, a home or system folder itself, or any system folder other than
the temporary ones (common/system_places.py).

The key file is a regular file of 32 bytes, owned by this user, readable by no one else
(0600). It is opened without following a link and without waiting (a named pipe put in its
place must not hang every command), then checked on the open file itself.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..common.atomic import OutputRefused, atomic_write_bytes
from ..common.outputs import source_places
from ..common.registry import registry
from ..common.system_places import cache_conflict, real

SECRET_FILE = "secret.key"
SECRET_BYTES = 32
ENV_DIR = "PAM_RECOGNITION_CACHE_DIR"
_FIX = f"point {ENV_DIR} at a new or empty folder of yours, or pass --no-cache"


class CacheFolderError(OutputRefused):
    """The cache folder or its key cannot be trusted or used; the message is for the user."""


def _refuse(folder: Path | str, why: str, fix: str = _FIX) -> CacheFolderError:
    return CacheFolderError(f"cache folder {folder}: {why}; {fix}")


def check_place(folder: Path | str, root: Path | str | None = None, out: Path | str | None = None) -> None:
    """Refuse a cache folder inside the knowledge base, its pages, the package, the output
    folder or a system folder (each: the folder itself too)."""
    target = real(folder)
    reason = cache_conflict(target)
    if reason is not None:
        raise _refuse(folder, reason)
    data, other = source_places(root)
    places = [*data, *other, *([real(root)] if root is not None and _holds_data(Path(root)) else [])]
    for place in places:
        if target == place or target.is_relative_to(place):
            raise _refuse(folder, f"it is {'' if target == place else 'inside '}{place}, which holds source files")
    if out is not None:
        output = real(out)
        if target == output or target.is_relative_to(output) or output.is_relative_to(target):
            raise _refuse(folder, f"it overlaps the output folder {out}, which a build replaces whole")


def _holds_data(root: Path) -> bool:
    """A knowledge base, not just the current folder of a command run without one (where
    the loader's own message says what is missing)."""
    return any((root / name).is_dir() for name in registry().data_folders)


def claim(folder: Path | str, root: Path | str | None = None, out: Path | str | None = None) -> bytes:
    """Check (or make) the cache folder and return its secret; CacheFolderError otherwise."""
    folder = Path(os.path.abspath(folder))
    check_place(folder, root, out)
    made = _make(folder)
    _check_owned(folder)
    key = folder / SECRET_FILE
    if not made and not os.path.lexists(key):
        try:
            others = sorted(os.listdir(folder))
        except OSError as exc:
            raise _refuse(folder, f"cannot list it ({exc.strerror})") from None
        if others:
            shown = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
            raise _refuse(folder, f"it holds files that are not the cache's ({shown})")
    if not os.path.lexists(key):
        try:
            atomic_write_bytes(key, os.urandom(SECRET_BYTES), mode=0o600, exclusive=True)
        except (OSError, OutputRefused) as exc:  # another process made it meanwhile: read theirs
            if not os.path.lexists(key):
                raise _refuse(folder, f"cannot write its key ({getattr(exc, 'strerror', None) or exc})") from None
    return read_secret(key)


def _make(folder: Path) -> bool:
    """Create the folder (mode 0700, its parents as usual); True if this call made it."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
    except FileExistsError:
        return False
    except OSError as exc:
        raise _refuse(folder, f"cannot create it ({exc.strerror})") from None
    return True


def _check_owned(folder: Path) -> None:
    try:
        info = folder.lstat()
    except OSError as exc:
        raise _refuse(folder, f"cannot read it ({exc.strerror})") from None
    if stat.S_ISLNK(info.st_mode):
        raise _refuse(folder, "it is a link", f"point {ENV_DIR} at the folder itself, or pass --no-cache")
    if not stat.S_ISDIR(info.st_mode):
        raise _refuse(folder, "it is not a folder")
    if info.st_uid != os.getuid():
        raise _refuse(folder, "it belongs to another user")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise _refuse(folder, "others can write to it", f"run chmod go-w {folder}, or {_FIX}")


def read_secret(key: Path) -> bytes:
    """The key's 32 bytes, from a regular file of this user that no one else may read."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    fix = f"delete {key} (the cache is then made afresh), or {_FIX}"
    try:
        fd = os.open(key, flags)
    except OSError as exc:
        why = "it is a link" if exc.errno == errno.ELOOP else f"cannot open it ({exc.strerror})"
        raise _refuse(key.parent, f"its key file {why}", fix) from None
    with os.fdopen(fd, "rb", buffering=0) as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(key.parent, "its key file is not a regular file (a pipe, device or folder)", fix)
        if info.st_uid != os.getuid():
            raise _refuse(key.parent, "its key file belongs to another user", fix)
        if info.st_mode & 0o077:
            raise _refuse(
                key.parent, f"its key file may be read or written by others (mode {info.st_mode & 0o777:o})", fix
            )
        secret = handle.read(SECRET_BYTES + 1)
    if len(secret) != SECRET_BYTES:
        raise _refuse(key.parent, f"its key file is not {SECRET_BYTES} bytes long", fix)
    return secret
