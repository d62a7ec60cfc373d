"""Download files: the data as a deterministic zip, and every linked-data export.

The zip holds the knowledge base's files as loaded (the loader keeps each file's text), in
sorted order with a fixed timestamp and permissions, so the same data gives the same bytes.
Linked-data exports come from `pam_recognition.linked_data`, all RDF formats from one pass.
"""

from __future__ import annotations

import io
import tempfile
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..common.licences import licence_notice
from ..graph import KnowledgeGraph

EXPORTS: list[tuple[str, str, str]] = [
    ("turtle", "pam-recognition.ttl", "RDF graph (Turtle): ESCO, ELM, SKOS and schema.org terms"),
    ("jsonld", "pam-recognition.jsonld", "RDF graph (JSON-LD)"),
    ("ntriples", "pam-recognition.nt", "RDF graph (N-Triples), one statement per line"),
    ("sssom", "pam-recognition-mappings-sssom.zip", "Mapping sets as SSSOM TSV files (one per mapping set), zipped"),
]


def _zip(entries: Iterable[tuple[str, bytes]], epoch: int) -> bytes:
    """A zip with entries in the given order, one fixed timestamp and fixed permissions."""
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip cannot store dates before 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            archive.writestr(info, data)
    return buffer.getvalue()


def data_zip(kg: KnowledgeGraph, epoch: int) -> bytes:
    """Every data file of the knowledge base with its licence (LICENSE.txt first), deterministically zipped."""
    files = sorted(kg.source_files().values(), key=lambda f: f.display)
    entries = [("pam-recognition-data/LICENSE.txt", licence_notice().encode("utf-8"))]
    entries += [(f"pam-recognition-data/{f.display}", f.text.encode("utf-8")) for f in files]
    return _zip(entries, epoch)


def _zip_folder(folder: Path, epoch: int) -> bytes:
    paths = sorted(p for p in folder.rglob("*") if p.is_file())
    return _zip(((f"{folder.name}/{p.relative_to(folder).as_posix()}", p.read_bytes()) for p in paths), epoch)


def linked_data_exports(kg: KnowledgeGraph, epoch: int, reports: list[dict[str, Any]] | None = None) -> list[tuple[str, bytes, str]]:
    """(file name, bytes, description) for each export: the same bytes `pam-recognition export` writes."""
    from ..linked_data.to_rdf import serialize_all, write_export

    rdf = serialize_all(kg, [fmt for fmt, _, _ in EXPORTS if fmt != "sssom"], reports)
    out = []
    with tempfile.TemporaryDirectory(prefix="pam-exports-") as tmp:
        for fmt, name, what in EXPORTS:
            if fmt in rdf:
                out.append((name, rdf[fmt], what))
                continue
            path = Path(tmp) / name.removesuffix(".zip")
            write_export(kg, fmt, path, reports=reports)
            out.append((name, _zip_folder(path, epoch) if path.is_dir() else path.read_bytes(), what))
    return out


def curriculum_template() -> bytes | None:
    """The contributor's blank curriculum workbook."""
    from ..input.sheets import write_template

    with tempfile.TemporaryDirectory(prefix="pam-template-") as tmp:
        path = Path(tmp) / "curriculum-template.xlsx"
        write_template(path)
        return path.read_bytes()


def download_files(kg: KnowledgeGraph, epoch: int, matrix_svg: str,
                   reports: list[dict[str, Any]] | None = None) -> tuple[list[tuple[str, bytes]], list[dict[str, Any]]]:
    """(src_uri, bytes) pairs to add to the site, and rows for the downloads page."""
    files: list[tuple[str, bytes]] = []
    rows: list[dict[str, Any]] = []

    def add(name: str, data: bytes, what: str) -> None:
        src = f"downloads/{name}"
        files.append((src, data))
        rows.append({"name": name, "src": src, "what": what, "size": len(data)})

    add("pam-recognition-data.zip", data_zip(kg, epoch), "All data files (YAML): occupations, curricula, mappings, competences")
    for name, data, what in linked_data_exports(kg, epoch, reports):
        add(name, data, what)
    template = curriculum_template()
    if template is not None:
        add("curriculum-template.xlsx", template, "Blank curriculum workbook with instructions (for import-sheet)")
    if matrix_svg:
        add("coverage-matrix.svg", matrix_svg.encode("utf-8"), "The coverage matrix as an SVG image")
    return files, rows
