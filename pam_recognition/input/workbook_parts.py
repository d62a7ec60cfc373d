"""Which part of a workbook is what, as the workbook itself says.

A workbook's parts may be stored under any name: a spreadsheet program finds the workbook
through the content types (`[Content_Types].xml`), its worksheets through the workbook's
relationships (`xl/_rels/workbook.xml.rels` for a workbook at `xl/workbook.xml`) and the shared
strings through either. Limits checked only on `xl/worksheets/*.xml` were escaped by a
worksheet stored as `xl/other/sheet1.xml`, so the limits ask this module, which reads the
package the way the reader that builds the cells does, and also counts as a worksheet any part
that the content types or any relationship call one.

The parts read here are small XML files; they are parsed with expat like every other part,
with document type declarations refused, before anything else of the workbook is read.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from ..common.errors import PamError

CONTENT_TYPES = "[Content_Types].xml"
DEFAULT_WORKBOOK = "xl/workbook.xml"
WORKSHEET_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "application/vnd.ms-excel.worksheet",
)
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
WORKBOOK_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
# The parts these small files describe are read only if they are at most this large.
MAX_DESCRIPTION_BYTES = 4 * 1024 * 1024


class PartsError(PamError, ValueError):
    """A part that describes the package cannot be read; the message names it."""


@dataclass
class Layout:
    """What the package says its parts are."""

    worksheets: dict[str, str] = field(default_factory=dict)  # part name -> sheet name (or the part name)
    shared_strings: set[str] = field(default_factory=set)
    xml_parts: set[str] = field(default_factory=set)  # every part the content types call XML


def _elements(archive: zipfile.ZipFile, name: str, wanted: str) -> list[dict[str, str]]:
    """The attributes of every element with the local name `wanted` in the part `name`."""
    info = archive.getinfo(name)
    if info.file_size > MAX_DESCRIPTION_BYTES:
        raise PartsError(f"{name} is {info.file_size:,} bytes; a workbook's {name} is a few kilobytes")
    found: list[dict[str, str]] = []
    parser = expat.ParserCreate()

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag.rsplit(":", 1)[-1] == wanted:
            found.append({key.rsplit(":", 1)[-1]: value for key, value in attrs.items()})

    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    parser.StartElementHandler = start
    parser.Parse(archive.read(info), True)
    return found


def _no_doctype(*_args: object) -> None:
    raise ValueError("a document type declaration (DTD)")


def _resolve(source: str, target: str) -> str:
    """A relationship's target as a part name: absolute from the package root, or relative to
    the folder of the part the relationship belongs to."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _source_of(rels: str) -> str:
    """The part a relationships file belongs to (`xl/_rels/workbook.xml.rels` -> `xl/workbook.xml`)."""
    folder, name = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])


def read_layout(archive: zipfile.ZipFile) -> Layout:
    """The worksheets (with their sheet names), shared-strings tables and XML parts of the
    package. Raises PartsError, ValueError (a DTD) or expat.ExpatError for a broken part."""
    names = set(archive.namelist())
    layout = Layout()
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    if CONTENT_TYPES in names:
        for attrs in _elements(archive, CONTENT_TYPES, "Default"):
            defaults[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
        for attrs in _elements(archive, CONTENT_TYPES, "Override"):
            overrides[attrs.get("PartName", "").lstrip("/")] = attrs.get("ContentType", "")
    for name in names:
        kind = overrides.get(name) or defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")
        if kind.endswith("xml") or name.endswith((".xml", ".rels", ".vml")):
            layout.xml_parts.add(name)
        if kind in WORKSHEET_TYPES or (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            layout.worksheets.setdefault(name, name)
        if kind == STRINGS_TYPE or name == "xl/sharedStrings.xml":
            layout.shared_strings.add(name)
    _follow_relationships(archive, names, layout)
    _name_sheets(archive, names, overrides, layout)
    return layout


def _follow_relationships(archive: zipfile.ZipFile, names: set[str], layout: Layout) -> None:
    """Every part any relationship calls a worksheet or a shared-strings table."""
    for rels in sorted(name for name in names if name.endswith(".rels")):
        source = _source_of(rels)
        for attrs in _elements(archive, rels, "Relationship"):
            if attrs.get("TargetMode") == "External":
                continue
            kind = attrs.get("Type", "").rsplit("/", 1)[-1]
            target = _resolve(source, attrs.get("Target", ""))
            if target not in names:
                continue
            if kind == "worksheet":
                layout.worksheets.setdefault(target, target)
                layout.xml_parts.add(target)
            elif kind == "sharedStrings":
                layout.shared_strings.add(target)
                layout.xml_parts.add(target)


def _name_sheets(archive: zipfile.ZipFile, names: set[str], overrides: dict[str, str], layout: Layout) -> None:
    """Sheet names for the worksheets the workbook lists (for messages: `Modules!A3`)."""
    workbook = next((name for name, kind in sorted(overrides.items()) if kind in WORKBOOK_TYPES), DEFAULT_WORKBOOK)
    rels = _rels_of(workbook)
    if workbook not in names or rels not in names:
        return
    targets = {
        attrs.get("Id"): _resolve(workbook, attrs.get("Target", ""))
        for attrs in _elements(archive, rels, "Relationship")
    }
    for sheet in _elements(archive, workbook, "sheet"):
        part = targets.get(sheet.get("id"))
        if part in layout.worksheets:
            layout.worksheets[part] = sheet.get("name", part)
