"""Curricula from spreadsheets, and the blank template designers fill in.

Curriculum designers work in spreadsheets, not in YAML. A sheet has two parts: a programme
block (one `key | value` row per field) and a module table (one row per module). In an XLSX
workbook they are the sheets "Programme" and "Modules"; a CSV file holds the programme rows,
then the module table starting at its header row. Problems are reported by sheet, row and
column (``Modules!F7``) because that is where the designer has to look.

Sheets are bounded before they are read (sheet_limits.py), and every text cell is checked for
characters that could act (text_safety.py). CSV files may use ',', ';' (what spreadsheet
programs write in German, Spanish or Vietnamese settings) or tabs between cells, and any line
ends; the separator is the one with which the module table's header row is found.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..common.problems import KnowledgeBaseError, Problem
from ..common.registry import registry
from ..common.text_safety import acting_message, find_acting
from ..model.models import Curriculum, Module, Source
from .sheet_limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, check_workbook, read_bounded

PROGRAMME_SHEET = "Programme"
MODULES_SHEET = "Modules"
INSTRUCTIONS_SHEET = "Instructions"
PROGRAMME_HEADER = "programme field"

# key in the programme block -> (path in the curriculum data, help text)
_SOURCE_FIELDS: list[tuple[str, str, str]] = [
    ("title", "title", "Title of the programme document"),
    ("publisher", "publisher", "Who published the document"),
    ("year", "year", "Year of the document; leave empty if the document has none (its last-checked date stands)"),
    ("url", "url", "Where a reader can find the document (https://...)"),
    (
        "kind",
        "kind",
        "official (published by the ministry, authority or the institution itself), secondary-copy, literature or other",
    ),
    ("copy of", "copy_of", "Only for a secondary copy: the document it reproduces and who issued it"),
    ("last checked", "accessed", "Date you last opened the document and checked the values, YYYY-MM-DD"),
    ("note", "note", "Optional remark on the source, e.g. which pages hold the module table"),
]
MAX_SOURCES = 3
"""Sources a workbook holds: 'source ...' rows for the first, 'source 2 ...' and 'source 3 ...'."""


def _source_rows() -> list[tuple[str, tuple[str | int, ...], str]]:
    rows: list[tuple[str, tuple[str | int, ...], str]] = []
    for index in range(MAX_SOURCES):
        prefix = "source" if index == 0 else f"source {index + 1}"
        for name, key, text in _SOURCE_FIELDS:
            help_text = text if index == 0 else f"Optional further source: {text[0].lower()}{text[1:]}"
            rows.append((f"{prefix} {name}", ("sources", index, key), help_text))
    return rows


PROGRAMME_FIELDS: list[tuple[str, tuple[str | int, ...], str]] = [
    (
        "id",
        ("id",),
        "Programme id: lower-case letters, digits and hyphens, starting with the country code, e.g. vn-hanoi-college-electrical",
    ),
    ("country", ("country",), "Two-letter country code: VN, JO or EC"),
    ("language", ("language",), "Language of the original programme document: vi, ar or es"),
    ("title (original)", ("title", "@lang"), "Programme title in the original language"),
    ("title (en)", ("title", "en"), "Programme title in English"),
    (
        "field",
        ("field",),
        "One of: electrical, electronics, metalworking, industrial-mechanics, mechatronics, automotive, hvac, other",
    ),
    (
        "institution (original)",
        ("institution", "name", "@lang"),
        "Name of the college or university in the original language",
    ),
    ("institution (en)", ("institution", "name", "en"), "Name of the college or university in English"),
    ("institution url", ("institution", "url"), "Web address of the institution (https://...)"),
    ("city", ("institution", "city"), "City"),
    ("award (original)", ("award", "title", "@lang"), "Title of the diploma or certificate in the original language"),
    ("award (en)", ("award", "title", "en"), "Title of the diploma or certificate in English"),
    ("framework", ("award", "framework"), "National qualifications framework, e.g. VQF, JNQF"),
    ("framework level", ("award", "level"), "Level in the national framework (a whole number)"),
    ("eqf level", ("award", "eqf"), "Indicative EQF level (1-8)"),
    (
        "state regulated",
        ("award", "state_regulated"),
        (
            "yes if the award completes a training regulated by state law or rules (only such a certificate "
            "gives standing to apply for recognition), no if not; empty if not known"
        ),
    ),
    (
        "university degree",
        ("award", "university_degree"),
        "yes if the award is an academic university degree (bachelor, engineer, master): the ZAB/anabin route applies",
    ),
    ("duration months", ("duration_months",), "Programme duration in months"),
    ("work-based share", ("work_based_share",), "Share of training time in companies, 0 to 1 (e.g. 0.4)"),
    ("year", ("year",), "Year the programme (its curriculum version) was issued or took effect"),
    ("description (en)", ("description", "en"), "A short description in English, in your own words"),
    (
        "total hours",
        ("total_hours", "total"),
        "Total clock hours the document states for the whole programme",
    ),
    ("total theory hours", ("total_hours", "theory"), "Theory hours the document states for the whole programme"),
    (
        "total practice hours",
        ("total_hours", "practice"),
        "Practice hours the document states for the whole programme",
    ),
    (
        "total credits",
        ("total_credits",),
        "Credits (credit hours, créditos, tín chỉ) the document states for the whole programme",
    ),
    (
        "modules complete",
        ("modules_complete",),
        (
            "yes (the default) if the Modules sheet lists every module of the programme; no if the document "
            "or copy shows only part of them"
        ),
    ),
    (
        "missing modules",
        ("missing_modules",),
        "Only if 'modules complete' is no: which part of the programme is missing from the Modules sheet, and why",
    ),
    ("german standard", ("german_standard",), "yes if the programme was built to a German occupational standard"),
    *_source_rows(),
]

UNVERIFIABLE = {
    "framework level",
    "eqf level",
    "state regulated",
    "university degree",
    "duration months",
    "work-based share",
    "year",
    "description (en)",
    "total hours",
    "total theory hours",
    "total practice hours",
    "total credits",
}
"""Programme rows that may be left empty with a reason in the 'unverified (why)' column."""

# column header -> (path inside a module, help text)
MODULE_COLUMNS: list[tuple[str, tuple[str, ...], str]] = [
    ("id", ("id",), "Module id: md01, md02, ... (lower-case, unique)"),
    ("code", ("code",), "The module code in the programme, e.g. MĐ 01"),
    ("kind", ("kind",), "general, foundation, specialised, elective or internship"),
    ("title (original)", ("title", "@lang"), "Module title in the original language"),
    ("title (en)", ("title", "en"), "Module title in English"),
    ("theory hours", ("hours", "theory"), "Clock hours of theory"),
    ("practice hours", ("hours", "practice"), "Clock hours of practice"),
    (
        "assessment hours",
        ("hours", "assessment"),
        "Clock hours of tests and exams, where the document lists them apart",
    ),
    ("total hours", ("hours", "total"), "Total clock hours (optional if theory and practice are given)"),
    (
        "credits",
        ("credits",),
        "Credits (credit hours, créditos, tín chỉ), if the programme counts in them; hours may then stay empty",
    ),
    ("year", ("year",), "Year of the programme in which the module is taught"),
    ("outcomes (en)", ("outcomes",), "Learning outcomes in English, one per line in the cell"),
    ("competences", ("competences",), "Competence ids from the vocabulary, separated by commas"),
    (
        "unverified (why)",
        ("unverified",),
        (
            "For a value the document does not give: one line per field, e.g. 'hours: the plan gives credit "
            "hours only' or 'outcomes: no course description found'"
        ),
    ),
]
MODULE_TARGETS = {name: target for name, target, _text in MODULE_COLUMNS}
"""Where each column of the Modules sheet goes in a module."""
MODULE_UNVERIFIABLE = ("hours", "credits", "year", "outcomes", "competences", "code", "kind")

NUMERIC = {
    "framework level",
    "eqf level",
    "duration months",
    "work-based share",
    "year",
    "total hours",
    "total theory hours",
    "total practice hours",
    "total credits",
    *(f"{prefix} year" for prefix in ("source", *(f"source {i + 1}" for i in range(1, MAX_SOURCES)))),
    "theory hours",
    "practice hours",
    "assessment hours",
    "credits",
}
INTEGER = {
    "framework level",
    "eqf level",
    "duration months",
    "year",
    *(f"{prefix} year" for prefix in ("source", *(f"source {i + 1}" for i in range(1, MAX_SOURCES)))),
}
BOOLEAN = {"state regulated", "university degree", "modules complete", "german standard"}
YES = ("yes", "true", "1", "ja", "sí", "si", "có", "نعم")
NO = ("no", "false", "0", "nein", "không", "لا")


def _literal_values(model: type[BaseModel], field: str) -> tuple[str, ...]:
    """The values a Literal field of the model allows (None left out): the model stays the one
    place that lists them, and the workbook's drop-down lists follow it."""
    annotation = model.model_fields[field].annotation
    options = [annotation] if get_origin(annotation) is Literal else list(get_args(annotation))
    return tuple(v for option in options if get_origin(option) is Literal for v in get_args(option))


# Allowed values, offered as drop-down lists in the template and checked on import by the model.
CHOICES: dict[str, tuple[str, ...]] = {
    # the partner countries and their languages, from the language registry (common/registry.py)
    "country": tuple(lang.default_country for lang in registry().languages if lang.default_country),
    "language": (*(lang.code for lang in registry().languages if lang.default_country), "en"),
    "field": _literal_values(Curriculum, "field"),
    "kind": _literal_values(Module, "kind"),
    **{
        f"{prefix} kind": _literal_values(Source, "kind")
        for prefix in (
            "source",
            *(f"source {i + 1}" for i in range(1, MAX_SOURCES)),
        )
    },
    **dict.fromkeys(BOOLEAN, ("yes", "no")),
}


@dataclass
class SheetData:
    """Cells as read, with their addresses, so problems can name the cell."""

    name: str
    rows: list[list[Any]]
    first_row: int = 1
    notes: list[str] = field(default_factory=list)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(sheet: str, row: int, column: int) -> str:
    """Sheet!A1 reference, 1-based row, 0-based column."""
    return f"{sheet}!{_column_letter(column)}{row}"


def _read_xlsx(path: Path) -> tuple[SheetData, SheetData]:
    from openpyxl import load_workbook

    check_workbook(path)  # limits first: nothing below may build millions of cells
    try:
        workbook = load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise KnowledgeBaseError(
            [
                Problem(
                    path.name,
                    1,
                    1,
                    "",
                    f"cannot read the workbook: {exc}",
                    "save it again as .xlsx from your spreadsheet program",
                )
            ]
        ) from None
    missing = [name for name in (PROGRAMME_SHEET, MODULES_SHEET) if name not in workbook.sheetnames]
    if missing:
        raise KnowledgeBaseError(
            [
                Problem(
                    path.name,
                    1,
                    1,
                    "",
                    f"the workbook has no sheet named {', '.join(missing)}",
                    "start from the template sheet, which has 'Programme' and 'Modules'",
                )
            ]
        )
    sheets = []
    for name in (PROGRAMME_SHEET, MODULES_SHEET):
        ws = workbook[name]
        notes = []
        merged = list(ws.merged_cells.ranges)
        rows = [list(row) for row in ws.iter_rows(values_only=True)]
        for cell_range in merged:
            value = ws.cell(cell_range.min_row, cell_range.min_col).value
            notes.append(f"{name}!{cell_range.coord}: merged cells were split, each cell takes the value {value!r}")
            for r in range(cell_range.min_row, cell_range.max_row + 1):
                for c in range(cell_range.min_col, cell_range.max_col + 1):
                    while len(rows) < r:
                        rows.append([])
                    while len(rows[r - 1]) < c:
                        rows[r - 1].append(None)
                    rows[r - 1][c - 1] = value
        sheets.append(SheetData(name, rows, notes=notes))
    return sheets[0], sheets[1]


SEPARATORS = (",", ";", "\t")
_SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _csv_rows(name: str, text: str, separator: str) -> list[list[str]]:
    """All rows with one separator, within the limits; csv's own errors become problems."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[list[str]] = []
    try:
        for row in reader:
            line = reader.line_num
            if len(rows) >= MAX_ROWS:
                raise KnowledgeBaseError(
                    [
                        Problem(
                            name,
                            line,
                            1,
                            "",
                            f"more than {MAX_ROWS:,} rows",
                            "a curriculum has far fewer; remove what does not belong to it",
                        )
                    ]
                )
            if len(row) > MAX_COLUMNS:
                raise KnowledgeBaseError(
                    [
                        Problem(
                            name,
                            line,
                            MAX_COLUMNS + 1,
                            "",
                            f"more than {MAX_COLUMNS} columns",
                            "remove the empty or extra columns after the table",
                        )
                    ]
                )
            for index, cell in enumerate(row):
                if len(cell) > MAX_CELL_CHARS:
                    raise KnowledgeBaseError(
                        [
                            Problem(
                                name,
                                line,
                                index + 1,
                                "",
                                f"a cell of {len(cell):,} characters, "
                                f"more than the {MAX_CELL_CHARS:,} a spreadsheet cell holds",
                                'shorten it; is a closing quote (") missing before it?',
                            )
                        ]
                    )
            rows.append(row)
    except csv.Error as exc:
        line = reader.line_num or 1
        if "field larger" in str(exc):
            message = f"a cell longer than {MAX_CELL_CHARS:,} characters"
            hint = 'shorten it; is a closing quote (") missing before it?'
        else:
            message = f"the CSV file cannot be read: {exc}"
            hint = "export it again as 'CSV UTF-8' from your spreadsheet program"
        raise KnowledgeBaseError([Problem(name, line, 1, "", message, hint)]) from None
    return rows


def _module_header(rows: list[list[str]]) -> int | None:
    for index, row in enumerate(rows):
        cells = [c.strip().lower() for c in row]
        if cells[:1] == ["id"] and "title (en)" in cells:
            return index
    return None


def _read_csv(path: Path) -> tuple[SheetData, SheetData]:
    text = read_bounded(path).decode("utf-8-sig", errors="strict")
    first = next((line for line in text.splitlines() if line.strip()), "")
    offset = 0
    if first.lower().startswith("sep=") and len(first.strip()) == 5:  # Excel's separator line
        separators: tuple[str, ...] = (first.strip()[4],)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        offset = 1
    else:  # the likeliest first: the one the first line uses most
        separators = tuple(sorted(SEPARATORS, key=lambda s: -first.count(s)))
    for separator in separators:
        rows = _csv_rows(path.name, text, separator)
        header_at = _module_header(rows)
        if header_at is not None:
            return (
                SheetData(PROGRAMME_SHEET, rows[:header_at], first_row=1 + offset),
                SheetData(MODULES_SHEET, rows[header_at:], first_row=header_at + 1 + offset),
            )
    raise KnowledgeBaseError(
        [
            Problem(
                path.name,
                1,
                1,
                "",
                f"no module table found (cells separated by {', '.join(_SEPARATOR_NAMES[s] for s in separators)})",
                "add the module header row: id, code, kind, title (original), title (en), ...",
            )
        ]
    )


def _check_text(file: str, sheet: SheetData) -> list[Problem]:
    """Text cells with line ends made '\n' (Windows CSV keeps CR inside quoted cells), and a
    problem for every cell holding a character that could act (text_safety)."""
    problems = []
    for offset, row in enumerate(sheet.rows):
        for column, value in enumerate(row):
            if not isinstance(value, str):
                continue
            if "\r" in value:
                value = row[column] = value.replace("\r\n", "\n").replace("\r", "\n")
            found = find_acting(value)
            if found:
                number = sheet.first_row + offset
                message, hint = acting_message(found.group())
                problems.append(
                    Problem(
                        file,
                        number,
                        column + 1,
                        cell_ref(sheet.name, number, column),
                        f"{message}, at character {found.start() + 1}",
                        hint,
                    )
                )
    return problems


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _number(value: Any, integer: bool) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return int(value) if integer and float(value).is_integer() else value
    text = str(value).strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"'{value}' is not a number") from None
    return int(number) if integer and number.is_integer() else number


UNVERIFIED_HEADER = "unverified (why)"


def _unverified_place(target: tuple[str | int, ...]) -> tuple[tuple[str, ...], str]:
    """Where a programme row's 'unverified' mark goes: award fields into the award's marks,
    every other field (total hours included) into the programme's."""
    if target[0] == "award":
        return ("award",), str(target[1])
    return (), str(target[0])


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"'{value}' is not yes or no")


def _date_text(value: Any) -> Any:
    """A date cell as YYYY-MM-DD: spreadsheet programs turn typed dates into date values."""
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _module_reasons(text: str) -> dict[str, str]:
    """'field: reason' lines into a module's unverified marks."""
    reasons: dict[str, str] = {}
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        name, sep, reason = line.partition(":")
        name = name.strip().lower()
        if not sep or name not in MODULE_UNVERIFIABLE or not reason.strip():
            raise ValueError(f"'{line}' does not name a field and a reason")
        reasons[name] = reason.strip()
    return reasons


def _put(data: dict, path: tuple, value: Any, language: str) -> None:
    path = tuple(language if part == "@lang" else part for part in path)
    node: Any = data
    for part, nxt in itertools.pairwise(path):
        if isinstance(part, int):
            while len(node) <= part:
                node.append({})
            node = node[part]
        else:
            node = node.setdefault(part, [] if isinstance(nxt, int) else {})
    node[path[-1]] = value


def sheet_to_curriculum(path: Path) -> tuple[dict[str, Any], list[str]]:
    """Read a sheet into curriculum data; raise KnowledgeBaseError with cell-located problems."""
    path = Path(path)
    programme, modules = _read_sheets(path)
    problems: list[Problem] = _check_text(path.name, programme) + _check_text(path.name, modules)
    if problems:
        raise KnowledgeBaseError(problems)
    reading = _SheetImport(path.name, problems)
    reading.programme(programme)
    reading.modules(modules)
    if problems:
        raise KnowledgeBaseError(problems)
    _validate(path, reading.data, reading.cells)
    return reading.data, programme.notes + modules.notes


def _read_sheets(path: Path) -> tuple[SheetData, SheetData]:
    """The Programme and Modules sheets of an .xlsx or UTF-8 .csv file, or a located problem."""
    if not path.is_file():
        raise KnowledgeBaseError([Problem(path.as_posix(), 1, 1, "", "no such file", "check the path")])
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix != ".csv":
        raise KnowledgeBaseError(
            [
                Problem(
                    path.name,
                    1,
                    1,
                    "",
                    f"unsupported sheet type '{suffix}'",
                    "use .xlsx or .csv (save as ... from your spreadsheet program)",
                )
            ]
        )
    try:
        return _read_csv(path)
    except UnicodeDecodeError:
        raise KnowledgeBaseError(
            [
                Problem(
                    path.name,
                    1,
                    1,
                    "",
                    "the CSV file is not UTF-8",
                    "export it as 'CSV UTF-8' from your spreadsheet program",
                )
            ]
        ) from None


@dataclass
class _SheetImport:
    """One workbook read into curriculum data: the data, each value's cell (so the model's
    errors can name cells), and the problems found on the way, all located by cell."""

    file: str
    problems: list[Problem]
    data: dict[str, Any] = field(default_factory=dict)
    cells: dict[tuple, str] = field(default_factory=dict)
    language: str = "en"

    def problem(self, row: int, column: int, ref: str, message: str, hint: str) -> None:
        self.problems.append(Problem(self.file, row, column, ref, message, hint))

    def place(self, target: tuple, ref: str, prefix: tuple = ()) -> None:
        self.cells[prefix + tuple(self.language if p == "@lang" else p for p in target)] = ref

    # ------------------------------------------------------------ the Programme sheet
    def programme(self, sheet: SheetData) -> None:
        """Language first (it decides where the original-language texts go), then the values."""
        known = {key: (target, text) for key, target, text in PROGRAMME_FIELDS}
        rows = self._programme_rows(sheet, known)
        for row_number, key, value in rows:
            target = known[key][0]
            # every row is named, filled or not, so a missing value is reported at its own row
            self.place(target, cell_ref(sheet.name, row_number, 1))
            if value is None:
                continue
            try:
                value = _programme_value(key, value)
            except ValueError as exc:
                hint = "choose yes or no" if key in BOOLEAN else "write a plain number"
                self.problem(row_number, 2, cell_ref(sheet.name, row_number, 1), str(exc), hint)
                continue
            _put(self.data, target, value, self.language)

    def _programme_rows(self, sheet: SheetData, known: dict[str, Any]) -> list[tuple[int, str, Any]]:
        rows: list[tuple[int, str, Any]] = []
        why_column: int | None = None  # the 'unverified (why)' column, found by its header
        for offset, row in enumerate(sheet.rows):
            row_number = sheet.first_row + offset
            key = _clean(row[0]) if row else None
            if key is None or str(key).startswith("#"):
                continue
            key = str(key).strip().lower()
            if key == PROGRAMME_HEADER:
                names = [str(_clean(c) or "").lower() for c in row]
                why_column = names.index(UNVERIFIED_HEADER) if UNVERIFIED_HEADER in names else None
                continue
            value = _clean(row[1]) if len(row) > 1 else None
            if key not in known:
                self.problem(
                    row_number,
                    1,
                    cell_ref(sheet.name, row_number, 0),
                    f"unknown programme field '{key}'",
                    "use the field names of the template's Programme sheet",
                )
                continue
            rows.append((row_number, key, value))
            why = _clean(row[why_column]) if why_column is not None and len(row) > why_column else None
            if why is not None and why_column is not None:
                self._unverified(sheet, row_number, why_column, key, value, why, known[key][0])
            if key == "language" and value:
                self.language = str(value).strip().lower()
        return rows

    def _unverified(
        self, sheet: SheetData, row_number: int, column: int, key: str, value: Any, why: Any, target: tuple
    ) -> None:
        why_ref = cell_ref(sheet.name, row_number, column)
        if key not in UNVERIFIABLE:
            self.problem(
                row_number,
                column + 1,
                why_ref,
                f"'{key}' cannot be marked unverified",
                "give the value, or leave the row empty if it is optional",
            )
        elif value is not None:
            self.problem(
                row_number,
                column + 1,
                why_ref,
                f"'{key}' has a value and a reason why it is unverified",
                "keep the value and clear the reason, or the other way round",
            )
        else:
            holder, name = _unverified_place(target)
            _put(self.data, (*holder, "unverified", name), str(why), self.language)
            self.cells[(*holder, "unverified")] = why_ref

    # ------------------------------------------------------------ the Modules sheet
    def modules(self, sheet: SheetData) -> None:
        header_row = next(
            (i for i, row in enumerate(sheet.rows) if row and any(_clean(c) is not None for c in row)), None
        )
        if header_row is None:
            self.problem(
                1, 1, f"{sheet.name}!A1", "the module table is empty", "add one row per module under the header row"
            )
            return
        positions = self._module_columns(sheet, header_row)
        module_list: list[dict[str, Any]] = []
        for offset, row in enumerate(sheet.rows[header_row + 1 :], start=header_row + 1):
            row_number = sheet.first_row + offset
            values = {name: _clean(row[i]) if i < len(row) else None for name, i in positions.items()}
            if all(v is None for v in values.values()):
                continue
            module_list.append(self._module(sheet, row_number, values, positions, len(module_list)))
        self.data["modules"] = module_list

    def _module_columns(self, sheet: SheetData, header_row: int) -> dict[str, int]:
        header = [str(_clean(c) or "").lower() for c in sheet.rows[header_row]]
        positions: dict[str, int] = {}
        header_number = sheet.first_row + header_row
        for index, name in enumerate(header):
            if not name:
                continue
            if name not in MODULE_TARGETS:
                self.problem(
                    header_number,
                    index + 1,
                    cell_ref(sheet.name, header_number, index),
                    f"unknown column '{name}'",
                    "use the column names of the template's Modules sheet",
                )
            else:
                positions[name] = index
        for required in ("id", "title (en)"):
            if required not in positions:
                self.problem(
                    header_number,
                    1,
                    f"{sheet.name}!{header_number}",
                    f"the column '{required}' is missing",
                    "add it to the header row",
                )
        return positions

    def _module(
        self, sheet: SheetData, row_number: int, values: dict[str, Any], positions: dict[str, int], index: int
    ) -> dict[str, Any]:
        module: dict[str, Any] = {}
        for name, value in values.items():
            if value is None:
                continue
            ref = cell_ref(sheet.name, row_number, positions[name])
            try:
                value = _module_value(name, value)
            except ValueError as exc:
                self.problem(row_number, positions[name] + 1, ref, str(exc), _module_hint(name))
                continue
            target = MODULE_TARGETS[name]
            _put(module, target, value, self.language)
            self.place(target, ref, ("modules", index))
        self.cells[("modules", index)] = cell_ref(sheet.name, row_number, 0)
        return module


def _programme_value(key: str, value: Any) -> Any:
    """A Programme cell's value as the model reads it (ValueError with the reason if it cannot be)."""
    if key in NUMERIC:
        return _number(value, key in INTEGER)
    if key in BOOLEAN:
        return _boolean(value)
    if key == "country":
        return str(value).strip().upper()
    if key == "accessed" or key.endswith("last checked"):
        return _date_text(value)
    return str(value) if not isinstance(value, str) else value


def _module_value(name: str, value: Any) -> Any:
    """A Modules cell's value as the model reads it (ValueError with the reason if it cannot be)."""
    if name in NUMERIC:
        return _number(value, name in INTEGER)
    if name == "outcomes (en)":
        lines = [line.strip(" -•\t") for line in str(value).splitlines()]
        return [{"id": f"o{i}", "text": {"en": text}} for i, text in enumerate((t for t in lines if t), start=1)]
    if name == "competences":
        return [c.strip() for c in re.split(r"[,;\n]", str(value)) if c.strip()]
    if name == UNVERIFIED_HEADER:
        return _module_reasons(str(value))
    return str(value)


def _module_hint(name: str) -> str:
    if name == UNVERIFIED_HEADER:
        return f"one line per field, 'field: reason', with a field of {', '.join(MODULE_UNVERIFIABLE)}"
    return "write a plain number of credits" if name == "credits" else "write a plain number of clock hours"


def _validate(path: Path, data: dict[str, Any], cells: dict[tuple, str]) -> None:
    """Validate with the same model as the YAML files, naming cells instead of lines."""
    try:
        Curriculum.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            ref = None
            for cut in range(len(loc), 0, -1):
                if loc[:cut] in cells:
                    ref = cells[loc[:cut]]
                    break
            row, column = _row_col(ref) if ref else (1, 1)
            message = error["msg"].removeprefix("Value error, ")
            field_name = ".".join(str(p) for p in loc)
            problems.append(
                Problem(
                    path.name,
                    row,
                    column,
                    f"{ref or 'Programme'} ({field_name})",
                    message,
                    "correct the cell, or add the missing row or column from the template",
                )
            )
        raise KnowledgeBaseError(problems) from None


def _row_col(ref: str) -> tuple[int, int]:
    match = re.search(r"!([A-Z]+)(\d+)$", ref)
    if not match:
        return 1, 1
    letters, number = match.groups()
    column = 0
    for ch in letters:
        column = column * 26 + (ord(ch) - 64)
    return int(number), column


TEMPLATE_MODULE_ROWS = 301
"""Module rows of the template that offer the drop-downs and help texts (the header and 300 modules)."""

_NUMBER_KINDS = {"duration months": (1, 72), "framework level": (1, 10), "eqf level": (1, 8)}
_DECIMAL_KINDS = {
    "work-based share": (0, 1),
    "theory hours": (0, 10_000),
    "practice hours": (0, 10_000),
    "assessment hours": (0, 10_000),
    "total hours": (0, 10_000),
    "total theory hours": (0, 10_000),
    "total practice hours": (0, 10_000),
    "credits": (0, 500),
    "total credits": (0, 1000),
}


def _validation(sheet: Any, cells: str, name: str, help_text: str) -> None:
    """A cell's help text (shown when it is selected) and, for fixed values, a drop-down list
    that refuses other input: the designer sees the allowed values where they type."""
    from openpyxl.worksheet.datavalidation import DataValidation

    title = name[:32]
    prompt = help_text[:255]  # the file format's limit for an input message
    choices = CHOICES.get(name)
    if choices:
        validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        validation.error = f"Choose one of: {', '.join(choices)}"[:255]
        validation.errorTitle = title
        validation.showErrorMessage = True
    elif name in _NUMBER_KINDS or name in _DECIMAL_KINDS:
        whole = name in _NUMBER_KINDS
        low, high = _NUMBER_KINDS[name] if whole else _DECIMAL_KINDS[name]
        validation = DataValidation(
            type="whole" if whole else "decimal",
            operator="between",
            formula1=str(low),
            formula2=str(high),
            allow_blank=True,
        )
        validation.error = f"A {'whole ' if whole else ''}number from {low} to {high}"
        validation.errorTitle = title
        validation.showErrorMessage = True
    else:
        validation = DataValidation(allow_blank=True)
    validation.promptTitle = title
    validation.prompt = prompt
    validation.showInputMessage = True
    sheet.add_data_validation(validation)
    validation.add(cells)


def write_template(path: Path, replace: bool = True) -> Path:
    """The blank workbook designers fill in; byte-identical on every call."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

    from ..common.atomic import atomic_write_bytes, normalise_zip

    wb = Workbook()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    info = wb.active
    assert isinstance(info, Worksheet)  # a new workbook has one sheet
    info.title = INSTRUCTIONS_SHEET
    lines = [
        "PAM Recognition - curriculum template",
        "",
        "1. Fill in the 'Programme' sheet: one value per row in column B.",
        "   Cells with a fixed list of values offer it as a drop-down; select a cell to see its help text.",
        "2. Fill in the 'Modules' sheet: one row per module or subject, with its clock hours (theory, practice,",
        "   total) or its credits (credit hours, créditos, tín chỉ), whichever the document gives; both if both.",
        "3. Leave a cell empty when the document does not give the value; never guess. Say why in the",
        "   'unverified (why)' column: on the Programme sheet next to the row; on the Modules sheet one line",
        "   per field, e.g. 'hours: the plan gives no hours' or 'outcomes: no course description found'.",
        "   A module needs hours, credits or such a reason for its hours.",
        "4. If the document (or the only copy you have) lists only part of the modules, set 'modules complete'",
        "   to no and say in 'missing modules' which part is missing; give the programme's total hours or total",
        "   credits if the document states them. The comparison then counts the missing part as undocumented.",
        "5. The source: title, publisher, address and the date you last checked it. Leave 'source year' empty",
        "   if the document is undated. Up to three sources ('source 2 ...', 'source 3 ...').",
        "6. Outcomes: one learning outcome per line inside the cell (Alt+Enter in Excel).",
        "7. Competences: ids from the competence vocabulary (see the site's contributor guide), comma separated.",
        "8. Then run: pam-recognition import-sheet this-file.xlsx -o my-programme.yaml",
        "   and: pam-recognition compare my-programme.yaml industriemechaniker",
        "   (compare also reads this workbook directly: pam-recognition compare this-file.xlsx industriemechaniker)",
        "Texts may be in any script (Vietnamese, Arabic, Spanish ...). Do not merge cells.",
    ]
    for number, text in enumerate(lines, start=1):
        info.cell(number, 1, text).font = bold if number == 1 else Font()
    info.column_dimensions["A"].width = 110

    programme = wb.create_sheet(PROGRAMME_SHEET)
    programme.append([PROGRAMME_HEADER, "value", "explanation", UNVERIFIED_HEADER])
    for key, _, text in PROGRAMME_FIELDS:
        programme.append([key, None, text, None])
    for cell in programme[1]:
        cell.font, cell.fill = bold, fill
    programme.column_dimensions["A"].width = 24
    programme.column_dimensions["B"].width = 50
    programme.column_dimensions["C"].width = 90
    programme.column_dimensions["D"].width = 40
    for number, (key, _, text) in enumerate(PROGRAMME_FIELDS, start=2):
        _validation(programme, f"B{number}", key, text)
        if key in UNVERIFIABLE:
            _validation(
                programme,
                f"D{number}",
                UNVERIFIED_HEADER,
                "If the document does not give this value: why (B stays empty)",
            )

    modules = wb.create_sheet(MODULES_SHEET)
    modules.append([name for name, _, _ in MODULE_COLUMNS])
    for cell in modules[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True)
    for index, (name, _, text) in enumerate(MODULE_COLUMNS):
        letter = _column_letter(index)
        modules.column_dimensions[letter].width = max(12, min(40, len(text) // 2))
        _validation(modules, f"{letter}2:{letter}{TEMPLATE_MODULE_ROWS}", name, text)
    modules.freeze_panes = "A2"

    import datetime as dt

    fixed = dt.datetime(2026, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "PAM Recognition"
    buffer = io.BytesIO()
    wb.save(buffer)
    return atomic_write_bytes(path, normalise_zip(buffer.getvalue()), replace=replace)
