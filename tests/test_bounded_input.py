"""Bounded input: nothing in a tree or a sheet can hang a command or exhaust memory.

The attacks: a named pipe or a large non-data file in a data folder (the cache key used to
open and read every file whole), a workbook of a few kilobytes that declares a far-away cell
or a huge merged range, and CSV files as spreadsheet programs really write them (old-Mac line
ends, ';' or tab between cells, very long cells).
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.common.problems import KnowledgeBaseError
from pam_recognition.graph import kb_cache
from pam_recognition.input.sheet_limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS
from pam_recognition.input.sheets import sheet_to_curriculum
from tests.factory import make_kb
from tests.test_sheets import fill_template

runner = CliRunner()


# ------------------------------------------------------------------ the cache key


def test_a_named_pipe_in_a_data_folder_does_not_hang_a_cached_command(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    os.mkfifo(kb / "curricula" / "vn" / "notes.fifo")  # a name the loader ignores
    env = dict(os.environ, PAM_RECOGNITION_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("PAM_RECOGNITION_NO_CACHE", None)
    for _ in range(2):  # the first run fills the cache, the second reads it
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pam_recognition.cli",
                "compare",
                "vn-test-college-mechanics",
                "test-mechanic",
                "--format",
                "json",
                "--root",
                str(kb),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert result.returncode == 0, result.stderr
    assert any((tmp_path / "cache").glob("*.graph"))  # the tree was cached despite the pipe


def test_a_pipe_named_like_a_data_file_is_keyed_without_being_opened(tmp_path: Path):
    kb = make_kb(tmp_path / "kb")
    os.mkfifo(kb / "occupations" / "pipe.yaml")
    state = kb_cache.tree_state(kb)  # would block forever if the pipe were opened
    assert state is not None and state.digests["occupations/pipe.yaml"].startswith("special:")
    result = runner.invoke(app, ["validate", "--root", str(kb)])
    assert result.exit_code == 1 and "occupations/pipe.yaml" in result.stderr


def test_the_cache_key_reads_only_the_data_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    kb = make_kb(tmp_path / "kb")
    (kb / "mappings" / "backup.tar").write_bytes(b"\0" * 1024)
    (kb / "curricula" / "vn" / "programme.pdf").write_bytes(b"%PDF")
    read: list[str] = []
    real = kb_cache._file_digest
    monkeypatch.setattr(kb_cache, "_file_digest", lambda path: read.append(str(path)) or real(path))
    state = kb_cache.tree_state(kb)
    assert state is not None and read
    assert all(path.endswith((".yaml", ".yml")) for path in read)
    assert not any(rel.endswith((".tar", ".pdf")) for rel in state.digests)


def test_large_files_are_hashed_in_chunks(tmp_path: Path):
    big = tmp_path / "big.yaml"
    content = os.urandom(1024) * (24 * 1024)  # 24 MB
    big.write_bytes(content)
    tracemalloc.start()
    try:
        digest = kb_cache._file_digest(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert digest == hashlib.blake2b(content, digest_size=16).hexdigest()
    assert peak < 4 * kb_cache.CHUNK  # never the whole file in memory


# ------------------------------------------------------------------ workbooks


def _edited(base: bytes, sheet_xml: str, edit) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, edit(data) if info.filename == sheet_xml else data)
    return out.getvalue()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return fill_template(tmp_path_factory.mktemp("bounded") / "seed.xlsx").read_bytes()


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusals below must come before openpyxl builds a single cell."""
    import openpyxl

    def refuse(*_args, **_kwargs):
        raise AssertionError("openpyxl was asked to load a workbook beyond the limits")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


MODULES_XML = "xl/worksheets/sheet3.xml"


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda x: x.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'),
            "row 1,048,576",
        ),
        (
            lambda x: x.replace(b"</sheetData>", b'<row r="3"><c r="XFD3"><v>1</v></c></row></sheetData>'),
            "column 16,384",
        ),
        (
            lambda x: x.replace(
                b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
            ),
            "XFD1048576",
        ),
        (
            lambda x: x.replace(
                b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:CV2000"/></mergeCells>'
            ),
            "merged",
        ),
        (lambda x: x.replace(b'<dimension ref="', b'<dimension ref="A1:ZZ9999" x="'), "declares its size"),
        (lambda x: b'<!DOCTYPE x [<!ENTITY a "aa">]>' + x, "document type declaration"),
        (
            lambda x: x.replace(
                b"</sheetData>", b'<row r="3"><c r="A' + b"9" * 50 + b'"><v>1</v></c></row></sheetData>'
            ),
            "is not a cell reference",
        ),
        (lambda x: x.replace(b"</sheetData>", b'<row r="3"><c r="A6000"><v>1</v></c></row></sheetData>'), "at most"),
    ],
)
def test_hostile_workbooks_are_refused_before_cells_are_built(
    tmp_path: Path, workbook: bytes, no_openpyxl, edit, message
):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(_edited(workbook, MODULES_XML, edit))
    with pytest.raises(KnowledgeBaseError) as info:
        sheet_to_curriculum(path)
    text = str(info.value)
    assert message in text and text.startswith("hostile.xlsx:"), text


def test_an_8_kb_workbook_declaring_the_last_cell_is_a_message(tmp_path: Path, workbook: bytes):
    path = tmp_path / "far.xlsx"
    path.write_bytes(
        _edited(
            workbook,
            MODULES_XML,
            lambda x: x.replace(
                b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
            ),
        )
    )
    assert path.stat().st_size < 16 * 1024
    result = runner.invoke(app, ["import-sheet", str(path), "-o", str(tmp_path / "far.yaml")])
    assert result.exit_code == 1
    assert "Modules!" in result.stderr and f"at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns" in result.stderr
    assert not (tmp_path / "far.yaml").exists()


def test_a_workbook_that_unpacks_to_too_much_is_refused(tmp_path: Path, workbook: bytes, no_openpyxl):
    path = tmp_path / "bomb.xlsx"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in zipfile.ZipFile(io.BytesIO(workbook)).infolist():
            target.writestr(info.filename, zipfile.ZipFile(io.BytesIO(workbook)).read(info.filename))
        target.writestr("xl/media/padding.bin", b"\0" * (70 * 1024 * 1024))
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(KnowledgeBaseError, match="unpacks to"):
        sheet_to_curriculum(path)


# Parts stored where the workbook's relationships and content types say, not where they usually are.
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _repacked(
    base: bytes, moves: dict[str, str] | None = None, edits=None, extra: dict[str, bytes] | None = None
) -> bytes:
    """The workbook with parts renamed (`moves`: old -> new name, references updated in the
    workbook's relationships and content types), parts edited and parts added."""
    moves, edits, extra = moves or {}, edits or {}, extra or {}
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            for old, new in moves.items():
                data = data.replace(f"/{old}".encode(), f"/{new}".encode())
            if info.filename in edits:
                data = edits[info.filename](data)
            target.writestr(moves.get(info.filename, info.filename), data)
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def _with_shared_strings(base: bytes, table: bytes, where: str = "xl/strings/table.xml") -> bytes:
    return _repacked(
        base,
        edits={
            "[Content_Types].xml": lambda x: x.replace(
                b"</Types>", f'<Override PartName="/{where}" ContentType="{STRINGS_TYPE}" /></Types>'.encode()
            ),
            "xl/_rels/workbook.xml.rels": lambda x: x.replace(
                b"</Relationships>",
                f'<Relationship Type="{STRINGS_REL}" Target="/{where}" Id="rId99" /></Relationships>'.encode(),
            ),
        },
        extra={where: table},
    )


def _refusal(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(data)
    assert path.stat().st_size < 1024 * 1024  # a few kilobytes that would unpack to far more in memory
    with pytest.raises(KnowledgeBaseError) as info:
        sheet_to_curriculum(path)
    text = str(info.value)
    assert text.startswith("hostile.xlsx:") and len(text.splitlines()) == 1, text
    return text


FAR_CELL = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'


@pytest.mark.parametrize("where", ["xl/other/sheet1.xml", "xl/worksheets/deeper/sheet3.xml", "sheet.bin"])
def test_a_worksheet_stored_outside_the_worksheets_folder_is_measured(
    tmp_path: Path, workbook: bytes, no_openpyxl, where: str
):
    data = _repacked(
        workbook, moves={MODULES_XML: where}, edits={MODULES_XML: lambda x: x.replace(b"</sheetData>", FAR_CELL)}
    )
    assert where in zipfile.ZipFile(io.BytesIO(data)).namelist()
    text = _refusal(tmp_path, data)
    assert "Modules!A1048576" in text and "row 1,048,576" in text


def test_a_sound_workbook_with_moved_parts_and_shared_strings_still_imports(tmp_path: Path, workbook: bytes):
    table = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>unused</t></si></sst>'
    path = tmp_path / "moved.xlsx"
    path.write_bytes(_with_shared_strings(_repacked(workbook, moves={MODULES_XML: "xl/other/sheet1.xml"}), table))
    expected, _ = sheet_to_curriculum(_write(tmp_path, workbook))
    data, _ = sheet_to_curriculum(path)
    assert data == expected and data["modules"]


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "plain.xlsx"
    path.write_bytes(data)
    return path


def test_the_same_cell_written_a_million_times_is_refused(tmp_path: Path, workbook: bytes, no_openpyxl):
    many = b'<row r="3">' + b'<c r="A3"><v>1</v></c>' * 200_000 + b"</row></sheetData>"
    text = _refusal(tmp_path, _repacked(workbook, edits={MODULES_XML: lambda x: x.replace(b"</sheetData>", many)}))
    assert "Modules" in text and "cells" in text


def test_a_huge_shared_strings_table_is_refused_by_count(tmp_path: Path, workbook: bytes, no_openpyxl):
    table = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + b"<si><t/></si>" * 3_000_000
    text = _refusal(tmp_path, _with_shared_strings(workbook, table + b"</sst>"))
    assert "xl/strings/table.xml" in text and "shared strings" in text


def test_shared_strings_beyond_the_text_budget_are_refused(tmp_path: Path, workbook: bytes, no_openpyxl):
    one = b"<si><t>" + b"x" * 30_000 + b"</t></si>"
    table = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + one * 400 + b"</sst>"
    text = _refusal(tmp_path, _with_shared_strings(workbook, table))
    assert "characters" in text


def test_one_overlong_shared_string_is_located(tmp_path: Path, workbook: bytes, no_openpyxl):
    table = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si><si><t>'
    table += b"y" * (MAX_CELL_CHARS + 1) + b"</t></si></sst>"
    text = _refusal(tmp_path, _with_shared_strings(workbook, table))
    assert "string 2" in text and f"{MAX_CELL_CHARS:,}" in text


def test_an_overlong_inline_cell_is_refused_before_it_is_copied(tmp_path: Path, workbook: bytes, no_openpyxl):
    cell = b'<row r="3"><c r="B3" t="inlineStr"><is><t>' + b"z" * 200_000 + b"</t></is></c></row></sheetData>"
    text = _refusal(tmp_path, _repacked(workbook, edits={MODULES_XML: lambda x: x.replace(b"</sheetData>", cell)}))
    assert "Modules!B3" in text and f"{MAX_CELL_CHARS:,}" in text


def test_control_and_bidi_characters_in_cells_are_located(tmp_path: Path, workbook: bytes):
    path = tmp_path / "acting.xlsx"
    path.write_bytes(
        _edited(
            workbook,
            MODULES_XML,
            lambda x: x.replace(
                b"</sheetData>",
                '<row r="9"><c r="E9" t="inlineStr"><is><t>Safe\u202eexe.txt</t></is></c>'
                '<c r="F9" t="inlineStr"><is><t>a\u009b31mb</t></is></c></row></sheetData>'.encode(),
            ),
        )
    )
    with pytest.raises(KnowledgeBaseError) as info:
        sheet_to_curriculum(path)
    found = {p.field: p.message for p in info.value.problems}
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in found["Modules!E9"] and "U+009B" in found["Modules!F9"]


# ------------------------------------------------------------------ CSV as spreadsheet programs write it

CSV_ROWS = [
    ["programme field", "value"],
    ["id", "vn-csv-college"],
    ["country", "VN"],
    ["language", "vi"],
    ["title (original)", "Hàn"],
    ["title (en)", "Welding"],
    ["field", "metalworking"],
    ["institution (original)", "Trường"],
    ["institution (en)", "College"],
    ["award (original)", "Bằng"],
    ["award (en)", "Diploma"],
    ["framework", "VQF"],
    ["duration months", "24"],
    ["source title", "Programme"],
    ["source publisher", "College"],
    ["source year", "2023"],
    ["source url", "https://example.org/p"],
    ["source kind", "official"],
    ["source last checked", "2026-11-30"],
    ["id", "kind", "title (original)", "title (en)", "theory hours", "practice hours"],
    ["md01", "specialised", "Hàn cơ bản", "Basic welding", "30", "60.5"],
]


def _csv(separator: str, newline: str) -> str:
    return newline.join(separator.join(row) for row in CSV_ROWS) + newline


@pytest.mark.parametrize("separator", [",", ";", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_csv_with_any_separator_and_line_ends_is_read(tmp_path: Path, separator: str, newline: str):
    path = tmp_path / "programme.csv"
    path.write_bytes(("\ufeff" + _csv(separator, newline)).encode("utf-8"))
    data, _ = sheet_to_curriculum(path)
    assert data["id"] == "vn-csv-college"
    assert data["modules"][0]["hours"] == {"theory": 30, "practice": 60.5}


def test_excels_separator_line_and_decimal_commas_are_understood(tmp_path: Path):
    path = tmp_path / "programme.csv"
    path.write_text("sep=;\n" + _csv(";", "\n").replace("60.5", "60,5"), encoding="utf-8")
    data, _ = sheet_to_curriculum(path)
    assert data["modules"][0]["title"]["en"] == "Basic welding"
    assert data["modules"][0]["hours"]["practice"] == 60.5


def test_a_quoted_cell_with_windows_line_ends_inside_is_read(tmp_path: Path):
    rows = [*CSV_ROWS[:-2], CSV_ROWS[-2] + ["outcomes (en)"], CSV_ROWS[-1] + ['"Weld plates\r\nRead drawings"']]
    path = tmp_path / "programme.csv"
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode("utf-8") + b"\r\n")
    data, _ = sheet_to_curriculum(path)
    assert [o["text"]["en"] for o in data["modules"][0]["outcomes"]] == ["Weld plates", "Read drawings"]


@pytest.mark.parametrize("length", [MAX_CELL_CHARS + 1, 200_000])
def test_overlong_cells_are_a_located_message(tmp_path: Path, length: int):
    path = tmp_path / "long.csv"
    path.write_text(_csv(",", "\n") + 'md02,specialised,x,"' + "y" * length + '",1,1\n', encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as info:
        sheet_to_curriculum(path)
    problem = info.value.problems[0]
    assert "32,767" in problem.message and problem.line == len(CSV_ROWS) + 1


@pytest.mark.parametrize(
    "content, message",
    [
        ("id,title (en)\n" + "md01,x\n" * (MAX_ROWS + 1), "more than 5,000 rows"),
        ("id,title (en)" + ",x" * MAX_COLUMNS + "\n", f"more than {MAX_COLUMNS} columns"),
        (
            "programme field,value\nid,vn-x\x00\nid,title (en)\n",
            ("bad.csv:2:2: Programme!B2: the text contains the control character U+0000"),
        ),
        ("programme field;value\nid;vn-x\n", "no module table found (cells separated by semicolons, commas, tabs)"),
    ],
)
def test_csv_beyond_the_limits_or_broken_is_a_message(tmp_path: Path, content: str, message: str):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["import-sheet", str(path)])
    assert (result.exit_code == 1 and result.exception is None) or isinstance(result.exception, SystemExit)
    assert message in result.stderr, result.stderr


def test_control_characters_in_csv_cells_are_located_and_not_echoed(tmp_path: Path):
    path = tmp_path / "acting.csv"
    path.write_text(_csv(",", "\n").replace("Basic welding", "Basic\x1b]0;pwned\x07welding"), encoding="utf-8")
    result = runner.invoke(app, ["import-sheet", str(path)])
    assert result.exit_code == 1
    assert f"acting.csv:{len(CSV_ROWS)}:4: Modules!D{len(CSV_ROWS)}" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
