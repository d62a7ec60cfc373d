"""Limits on spreadsheets, checked before a single cell is built in memory.

An XLSX workbook is a zip of XML files, and a few kilobytes can declare a cell at XFD1048576
or a merged range over the whole sheet: openpyxl would then build millions of cell objects
(or iterate over them) and exhaust memory. So the workbook is first read as what it is, a
zip and XML streams, and refused unless it stays within limits a curriculum never comes near
(a programme has tens of modules, not thousands): the file size, the number of parts and their
uncompressed size, and per worksheet the declared dimension, every row and cell reference,
the number of rows and cells written (the same cell may be written a million times), every
merged range and each cell's text. Worksheets and shared-strings tables are found where the
workbook's content types and relationships say, wherever they are stored (workbook_parts.py).
A shared-strings table is read whole by the reader, so its strings are counted and each one
measured. All parts together have a budget of XML elements and of characters of text, counted
as they stream past, so no text beyond it is ever copied. The XML is read with expat in
chunks, and any document type declaration (the only way to declare entities) is refused, so
nothing here expands.

CSV files get the same row and column limits, a size limit, and a limit per cell: 32,767
characters, the most a spreadsheet cell holds.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from ..common.problems import KnowledgeBaseError, Problem
from .workbook_parts import read_layout

MAX_FILE_BYTES = 20 * 1024 * 1024  # the workbook or CSV file as stored
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024  # all parts of a workbook, unpacked
MAX_PARTS = 2_000
MAX_ROWS = 5_000
MAX_COLUMNS = 100
MAX_CELLS = 100_000  # rows x columns of the area a sheet spans
MAX_MERGED_RANGES = 1_000
MAX_CELL_CHARS = 32_767
MAX_SHARED_STRINGS = 200_000  # strings in a shared-strings table (all are held in memory)
MAX_TEXT_CHARS = 8_000_000  # characters of text in all parts together
MAX_ELEMENTS = 2_000_000  # XML elements in all parts together
CHUNK = 64 * 1024

_REF = re.compile(r"([A-Za-z]+)([0-9]+)\Z")
_SHRINK = "delete the empty rows and columns after the table (select them, Delete), save, and import again"


@dataclass
class _Extent:
    """What one worksheet declares, as read from its XML."""

    sheet: str
    max_row: int = 0
    max_col: int = 0
    merged: int = 0
    merged_cells: int = 0
    rows: int = 0  # row elements read (a row may be written more than once)
    cells: int = 0  # cell elements read


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + (ord(ch) - 64)
    return number


def _refuse(file: str, message: str, hint: str, where: str = "", row: int = 1, column: int = 1) -> KnowledgeBaseError:
    return KnowledgeBaseError([Problem(file, row, column, where, message, hint)])


def check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _refuse(
            path.name,
            f"the file is {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}",
            "a curriculum sheet is far smaller; remove other sheets, images or pasted data",
        )


def read_bounded(path: Path) -> bytes:
    """A CSV file's bytes, never more than the limit, whatever it grows to while being read."""
    check_file_size(path)
    with open(path, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        check_file_size(path)  # it grew after the check: refuse with the size it has now
        raise _refuse(
            path.name,
            f"the file is larger than the limit of {MAX_FILE_BYTES:,} bytes",
            "a curriculum sheet is far smaller; remove other sheets, images or pasted data",
        )
    return raw


class _Budget:
    """What all parts of one workbook may hold together: elements and characters of text.

    The limits per sheet bound where cells are; these bound how much is in them, wherever
    it is stored (a cell's text, a shared string, a comment): every element and every
    character the reader would copy is counted as it streams past, so nothing beyond the
    budget is ever held."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.elements = 0
        self.chars = 0
        self.part = ""

    def element(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise _refuse(
                self.file,
                f"the workbook has more than {MAX_ELEMENTS:,} XML elements (reached in {self.part})",
                "a curriculum workbook has far fewer; save a copy with only the Programme and Modules sheets",
            )

    def text(self, count: int) -> None:
        self.chars += count
        if self.chars > MAX_TEXT_CHARS:
            raise _refuse(
                self.file,
                f"the workbook holds more than {MAX_TEXT_CHARS:,} characters of text (reached in {self.part})",
                "a curriculum workbook holds far less; save a copy with only the Programme and Modules sheets",
            )


def _parse_stream(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    budget: _Budget,
    start: Callable[[str, dict[str, str]], None] | None = None,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Feed one part to expat in chunks, counting it against the budget; refuse document
    type declarations (entities)."""
    parser = expat.ParserCreate()
    budget.part = info.filename

    def no_doctype(*_args: object) -> None:
        raise ValueError("a document type declaration (DTD)")

    def on_start(name: str, attrs: dict[str, str]) -> None:
        budget.element()
        if start is not None:
            start(name, attrs)

    def on_text(data: str) -> None:
        budget.text(len(data))
        if text is not None:
            text(data)

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    parser.StartElementHandler = on_start
    parser.CharacterDataHandler = on_text
    if end is not None:
        parser.EndElementHandler = end
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _measure(archive: zipfile.ZipFile, info: zipfile.ZipInfo, extent: _Extent, file: str, budget: _Budget) -> None:
    """Read a worksheet's declared extent; refuse at the first reference beyond the limits,
    the first cell beyond the count of cells and the first text longer than a cell holds."""
    reader = _SheetReader(extent, file)
    _parse_stream(archive, info, budget, reader.start, reader.end, reader.text)


class _SheetReader:
    """The parser's callbacks for one worksheet, with where it stands (row, column, cell)."""

    def __init__(self, extent: _Extent, file: str) -> None:
        self.extent, self.file = extent, file
        self.row_now = 0
        self.col_now = 0
        self.cell = ""  # the reference of the cell being read ("" outside one)
        self.cell_chars = 0

    def check(self, ref: str, what: str) -> tuple[int, int]:
        match = _REF.match(ref) if len(ref) <= 40 else None
        if not match:
            raise _refuse(
                self.file,
                f"the sheet {what} is at '{ref[:40]}', which is not a cell reference",
                "save the workbook again from your spreadsheet program",
                f"{self.extent.sheet}",
            )
        row, col = int(match.group(2)), column_number(match.group(1))
        if row > MAX_ROWS or col > MAX_COLUMNS:
            raise _refuse(
                self.file,
                f"the sheet {what} reaches {ref.upper()} (row {row:,}, column {col:,}); a curriculum "
                f"sheet may use at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns",
                _SHRINK,
                f"{self.extent.sheet}!{ref.upper()[:20]}",
                min(row, 10**9),
                min(col, 10**9),
            )
        return row, col

    def start(self, name: str, attrs: dict[str, str]) -> None:
        handler = {"row": self._row, "c": self._cell, "dimension": self._dimension, "mergeCell": self._merge}.get(
            name.rsplit(":", 1)[-1]
        )
        if handler is not None:
            handler(attrs)
        extent = self.extent
        if extent.max_row * extent.max_col > MAX_CELLS:
            raise _refuse(
                self.file,
                f"the sheet spans {extent.max_row:,} rows by {extent.max_col:,} columns, more than {MAX_CELLS:,} cells",
                _SHRINK,
                extent.sheet,
            )

    def _row(self, attrs: dict[str, str]) -> None:
        extent = self.extent
        ref = attrs.get("r")
        self.row_now = self.check(f"A{ref}", "has a row that")[0] if ref is not None else self.row_now + 1
        self.col_now = 0
        if self.row_now > MAX_ROWS:
            self.check(f"A{self.row_now}", "has a row that")
        extent.max_row = max(extent.max_row, self.row_now)
        extent.rows += 1
        if extent.rows > MAX_ROWS:
            raise _refuse(self.file, f"the sheet has more than {MAX_ROWS:,} rows", _SHRINK, extent.sheet)

    def _cell(self, attrs: dict[str, str]) -> None:
        extent = self.extent
        ref = attrs.get("r")
        if ref is not None:
            row, self.col_now = self.check(ref, "has a cell that")
            extent.max_row = max(extent.max_row, row)
        else:
            self.col_now += 1
            ref = f"{_letters(self.col_now)}{max(self.row_now, 1)}"
            self.check(ref, "has a cell that")
        extent.max_col = max(extent.max_col, self.col_now)
        extent.cells += 1
        if extent.cells > MAX_CELLS:
            raise _refuse(
                self.file,
                f"the sheet has more than {MAX_CELLS:,} cells (a cell may be written more than once)",
                _SHRINK,
                f"{extent.sheet}!{ref.upper()}",
            )
        self.cell, self.cell_chars = ref.upper(), 0

    def _dimension(self, attrs: dict[str, str]) -> None:
        extent = self.extent
        for part in attrs.get("ref", "A1").split(":"):
            row, col = self.check(part, "declares its size as one that")
            extent.max_row, extent.max_col = max(extent.max_row, row), max(extent.max_col, col)

    def _merge(self, attrs: dict[str, str]) -> None:
        extent = self.extent
        ref = attrs.get("ref", "")
        first, _, last = ref.partition(":")
        r1, c1 = self.check(first, "merges a range that")
        r2, c2 = self.check(last or first, "merges a range that")
        extent.merged += 1
        extent.merged_cells += (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
        if extent.merged > MAX_MERGED_RANGES or extent.merged_cells > MAX_CELLS:
            raise _refuse(
                self.file,
                f"the sheet has more than {MAX_MERGED_RANGES:,} merged ranges or more than {MAX_CELLS:,} merged cells",
                "unmerge the cells; the template has none",
                f"{extent.sheet}!{ref[:40]}",
            )

    def end(self, name: str) -> None:
        if name.rsplit(":", 1)[-1] == "c":
            self.cell = ""

    def text(self, data: str) -> None:
        if self.cell:
            self.cell_chars += len(data)
            if self.cell_chars > MAX_CELL_CHARS:
                row, col = _row_col(self.cell)
                raise _refuse(
                    self.file,
                    f"the cell holds more than {MAX_CELL_CHARS:,} characters, the most a spreadsheet cell holds",
                    "shorten the text or split it over several cells",
                    f"{self.extent.sheet}!{self.cell}",
                    row,
                    col,
                )


def _row_col(ref: str) -> tuple[int, int]:
    match = _REF.match(ref)
    return (int(match.group(2)), column_number(match.group(1))) if match else (1, 1)


def _measure_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, budget: _Budget) -> None:
    """Count a shared-strings table's strings and each one's characters: the reader keeps
    every string of the table in memory, whatever the sheets use."""
    strings = 0
    chars = 0
    where = info.filename

    def start(name: str, _attrs: dict[str, str]) -> None:
        nonlocal strings, chars
        if name.rsplit(":", 1)[-1] == "si":
            strings += 1
            chars = 0
            if strings > MAX_SHARED_STRINGS:
                raise _refuse(
                    file,
                    f"the shared strings table {where} holds more than {MAX_SHARED_STRINGS:,} strings",
                    "a curriculum workbook holds far fewer; save a copy with only the Programme and Modules sheets",
                    where,
                )

    def text(data: str) -> None:
        nonlocal chars
        chars += len(data)
        if chars > MAX_CELL_CHARS:
            raise _refuse(
                file,
                f"shared string {strings:,} in {where} is longer than {MAX_CELL_CHARS:,} characters, "
                f"the most a spreadsheet cell holds",
                "shorten the text or split it over several cells",
                where,
            )

    _parse_stream(archive, info, budget, start, None, text)


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rem = divmod(column - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def check_workbook(path: Path) -> None:
    """Refuse a workbook beyond the limits (module docstring) before openpyxl opens it."""
    file = path.name
    check_file_size(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(
            file, f"cannot read the workbook: {exc}", "save it again as .xlsx from your spreadsheet program"
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise _refuse(
                file,
                f"the workbook has {len(infos):,} parts, more than {MAX_PARTS:,}",
                "save a copy with only the Programme and Modules sheets",
            )
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _refuse(
                file,
                f"the workbook unpacks to {total:,} bytes, more than the limit of {MAX_UNCOMPRESSED_BYTES:,}",
                "save a copy with only the Programme and Modules sheets",
            )
        budget = _Budget(file)
        name = "[Content_Types].xml"
        try:
            layout = read_layout(archive)
            for info in infos:
                name = info.filename
                if name in layout.worksheets:
                    _measure(archive, info, _Extent(layout.worksheets[name]), file, budget)
                elif name in layout.shared_strings:
                    _measure_strings(archive, info, file, budget)
                elif name in layout.xml_parts:
                    _parse_stream(archive, info, budget)
        except (ValueError, expat.ExpatError, zipfile.BadZipFile, EOFError, NotImplementedError, KeyError) as exc:
            raise _refuse(
                file,
                f"cannot read the workbook ({name}): {exc}",
                "save it again as .xlsx from your spreadsheet program",
            ) from None
