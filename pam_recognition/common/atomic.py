"""Writing outputs so that a reader never sees half a file, and nothing is lost by writing.

Every export, report and generated file is written to a temporary file in the target's own
folder and moved into place with os.replace, which is atomic on POSIX: an interrupted run
leaves the previous output intact. Zip-based formats (XLSX, the data download) are
normalised so the same content gives the same bytes.

What is at the target decides whether it may be replaced: only a regular file, and only when
the caller allows replacing (the commands' `--force`). A device node, a named pipe, a link or
a folder at the target is never written over. Without `replace`, the file is moved into
place with a hard link, which fails if a file appeared there meanwhile, so even a race
cannot overwrite someone's file.

Temporary files carry the writer's process id (`.<name>.<pid>.<random>.tmp`): a writer that
was killed leaves one behind, and the next write to the same target removes it once that
process is gone.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import PamError

FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
# openpyxl stamps the save time into the workbook's properties, whatever was set before.
_OFFICE_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


class OutputRefused(PamError, ValueError):
    """The target may not be written (it exists, or is not a regular file); the message says why."""


def process_alive(pid: int) -> bool:
    """True when a process with this id exists (or exists but is not ours to signal)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OverflowError, ValueError):
        return False
    return True


def temp_prefix(path: Path) -> str:
    """`.<name>.<pid>.`: the prefix of this process's temporary files for `path`."""
    return f".{path.name}.{os.getpid()}."


def remove_abandoned_temps(path: Path, suffix: str = ".tmp") -> None:
    """Remove temporary files (or folders) for `path` left by writers that were killed.

    Only names this module makes are considered, and only when the process id in the name is
    no longer running; a concurrent writer's file is left alone.
    """
    pattern = re.compile(re.escape(f".{path.name}.") + r"(\d+)\.[^/]*" + re.escape(suffix) + r"\Z")
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or int(match.group(1)) == os.getpid() or process_alive(int(match.group(1))):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                import shutil

                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            pass


def check_target(path: Path | str, *, replace: bool, what: str = "file") -> None:
    """Refuse a target that is not a regular file, and an existing one unless `replace`."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputRefused(f"{path} is a link; refusing to write through it (remove it or choose another name)")
    if stat.S_ISDIR(info.st_mode):
        raise OutputRefused(f"{path} is a folder; give a {what} name")
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"{path} is a device, pipe or socket, not a regular file; choose another name")
    if not replace:
        raise OutputRefused(f"{path} exists already; pass --force to replace it")


@contextmanager
def atomic_open(
    path: Path | str, *, mode: int = 0o644, exclusive: bool = False, replace: bool = True
) -> Iterator[BinaryIO]:
    """A binary file handle whose content appears at `path` only when the block ends normally.

    The data goes to a temporary file next to `path`, which is then moved into place; if the
    block raises (or the process dies), `path` keeps its previous content. With `exclusive`,
    an existing file wins silently: for caches that several processes may fill at once.
    With `replace=False`, an existing file is an OutputRefused error instead. Whatever is at
    `path`, only a regular file is ever replaced.
    """
    path = Path(path)
    check_target(path, replace=replace or exclusive)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned_temps(path)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as exc:  # name the user's path, not the hidden temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if exclusive or not replace:
            try:
                os.link(tmp, path)  # fails if the name is taken, whatever it is
            except FileExistsError:
                if exclusive:
                    raise
                raise OutputRefused(f"{path} exists already; pass --force to replace it") from None
            os.unlink(tmp)
        else:
            check_target(path, replace=True)  # again, just before: nothing but a file is replaced
            os.replace(tmp, path)
    except FileExistsError:
        Path(tmp).unlink(missing_ok=True)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename == tmp or exc.filename2 == tmp:
            raise OSError(exc.errno or errno.EIO, exc.strerror, str(path)) from None
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(
    path: Path | str, data: bytes, *, mode: int = 0o644, exclusive: bool = False, replace: bool = True
) -> Path:
    with atomic_open(path, mode=mode, exclusive=exclusive, replace=replace) as handle:
        handle.write(data)
    return Path(path)


def atomic_write_text(path: Path | str, text: str, *, replace: bool = True) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"), replace=replace)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with sorted-as-given entries, fixed timestamps and permissions."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _OFFICE_MODIFIED.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()
