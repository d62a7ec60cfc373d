"""The site's downloads: every export (made by the shared step in linked_data/exports.py, the
same files `pam-recognition export` writes), the blank curriculum workbook and the coverage
matrix.

They are written to a folder (the site's `downloads/`) before any page is built, streamed,
never held in memory; the downloads page lists the rows returned here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from ..common.atomic import atomic_write_bytes
from ..graph import KnowledgeGraph
from ..linked_data.exports import write_exports

FOLDER = "downloads"
TEMPLATE_KIND = "table"  # stored with the SSSOM tables: a file made from code alone


def curriculum_template(cache: Any = None) -> bytes:
    """The contributor's blank curriculum workbook. It depends on the code alone, which every
    cache key names, so with the cache it is made once rather than at every build (openpyxl
    takes a fifth of a second, a noticeable part of a rebuild after one edit)."""
    key = cache.key(TEMPLATE_KIND, "curriculum-template.xlsx") if cache is not None else None
    data = cache.get(TEMPLATE_KIND, key) if key is not None else None
    if data is not None:
        return data
    from ..input.sheets import write_template  # openpyxl: imported only when the file is made

    with tempfile.TemporaryDirectory(prefix="pam-template-") as tmp:
        path = Path(tmp) / "curriculum-template.xlsx"
        write_template(path)
        data = path.read_bytes()
    if key is not None:
        cache.put(TEMPLATE_KIND, key, data)
    return data


def write_downloads(
    kg: KnowledgeGraph, folder: Path, epoch: int, matrix_svg: str, cache: Any = None
) -> list[dict[str, Any]]:
    """Write every download into `folder`; return a row per file (name, src, what, size)."""
    rows = write_exports(kg, folder, epoch, cache)

    def add(name: str, data: bytes, what: str) -> None:
        atomic_write_bytes(folder / name, data)
        rows.append({"name": name, "what": what, "size": len(data)})

    add(
        "curriculum-template.xlsx",
        curriculum_template(cache),
        "Blank curriculum workbook with instructions (for import-sheet)",
    )
    if matrix_svg:
        add("coverage-matrix.svg", matrix_svg.encode("utf-8"), "The coverage matrix as an SVG image")
    return [dict(row, src=f"{FOLDER}/{row['name']}") for row in rows]
