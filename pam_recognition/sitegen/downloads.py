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


def curriculum_template() -> bytes:
    """The contributor's blank curriculum workbook."""
    from ..input.sheets import write_template

    with tempfile.TemporaryDirectory(prefix="pam-template-") as tmp:
        path = Path(tmp) / "curriculum-template.xlsx"
        write_template(path)
        return path.read_bytes()


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
        curriculum_template(),
        "Blank curriculum workbook with instructions (for import-sheet)",
    )
    if matrix_svg:
        add("coverage-matrix.svg", matrix_svg.encode("utf-8"), "The coverage matrix as an SVG image")
    return [dict(row, src=f"{FOLDER}/{row['name']}") for row in rows]
