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
from pathlib import Path

FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
# openpyxl stamps the save time into the workbook's properties, whatever was set before.
_OFFICE_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def atomic_write_bytes(path: Path | str, data: bytes, *, mode: int = 0o644, exclusive: bool = False) -> Path:
    """Write `data` to a temporary file next to `path`, then move it into place.

    With `exclusive`, the file is only created if it does not exist yet (an existing one wins,
    silently): for caches that several processes may fill at once.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
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
    return path


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
