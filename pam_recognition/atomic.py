"""Writing outputs so that a reader never sees half a file.

Every export, report and generated file is written to a temporary file in the target's own
folder and moved into place with os.replace, which is atomic on POSIX: an interrupted run
leaves the previous output intact. Zip-based formats (XLSX, the data download) are
normalised so the same content gives the same bytes.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
# openpyxl stamps the save time into the workbook's properties, whatever was set before.
_OFFICE_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


@contextmanager
def atomic_open(path: Path | str, *, mode: int = 0o644, exclusive: bool = False) -> Iterator[BinaryIO]:
    """A binary file handle whose content appears at `path` only when the block ends normally.

    The data goes to a temporary file next to `path`, which is then moved into place; if the
    block raises (or the process dies), `path` keeps its previous content. With `exclusive`,
    an existing file wins silently: for caches that several processes may fill at once.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if exclusive:
            os.link(tmp, path)  # fails if another process created it first; theirs wins
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except FileExistsError:
        Path(tmp).unlink(missing_ok=True)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path | str, data: bytes, *, mode: int = 0o644, exclusive: bool = False) -> Path:
    with atomic_open(path, mode=mode, exclusive=exclusive) as handle:
        handle.write(data)
    return Path(path)


def atomic_write_text(path: Path | str, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


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
