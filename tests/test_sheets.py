"""Spreadsheets in: the template, filled in, becomes a valid curriculum; bad sheets name the cell."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from pam_recognition.cli import app
from pam_recognition.common.problems import KnowledgeBaseError
from pam_recognition.input.sheets import MODULES_SHEET, PROGRAMME_SHEET, sheet_to_curriculum, write_template
from pam_recognition.model.models import Curriculum

runner = CliRunner()

PROGRAMME = {
    "id": "vn-sheet-college-electrical",
    "country": "VN",
    "language": "vi",
    "title (original)": "Điện công nghiệp",
    "title (en)": "Industrial electrics",
    "institution (original)": "Trường Cao đẳng Thử",
    "institution (en)": "Test College",
    "award (original)": "Bằng cao đẳng",
    "award (en)": "College diploma",
    "framework": "VQF",
    "framework level": 5,
    "eqf level": 5,
    "duration months": 30,
    "source title": "Chương trình đào tạo",
    "source publisher": "Test College",
    "source year": 2022,
    "source url": "https://example.org/programme",
    "source kind": "official",
    "source last checked": "2026-01-15",
}
MODULES = [
    [
        "md01",
        "MĐ 01",
        "specialised",
        "An toàn điện",
        "Electrical safety",
        15,
        30,
        None,
        None,
        2,
        1,
        "Apply safety rules\nGive first aid",
        "electrical-safety",
    ],
    [
        "md02",
        "MĐ 02",
        "specialised",
        "Khí cụ điện",
        "Electrical apparatus",
        "30",
        "45,5",
        None,
        None,
        3,
        1,
        None,
        "electrical-installation, control-technology",
    ],
]


def fill_template(path: Path, programme=PROGRAMME, modules=MODULES) -> Path:
    write_template(path)
    wb = load_workbook(path)
    ws = wb[PROGRAMME_SHEET]
    for row in ws.iter_rows(min_row=2):
        key = row[0].value
        if key in programme:
            row[1].value = programme[key]
    ms = wb[MODULES_SHEET]
    for module in modules:
        ms.append(module)
    wb.save(path)
    return path


def test_template_is_deterministic(tmp_path):
    a = write_template(tmp_path / "a.xlsx").read_bytes()
    b = write_template(tmp_path / "b.xlsx").read_bytes()
    assert a == b
    wb = load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames == ["Instructions", PROGRAMME_SHEET, MODULES_SHEET]


def test_filled_template_imports_to_valid_yaml(tmp_path):
    sheet = fill_template(tmp_path / "programme.xlsx")
    result = runner.invoke(app, ["import-sheet", str(sheet)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "programme.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    curriculum = Curriculum.model_validate(yaml.safe_load(text))
    assert curriculum.title["vi"] == "Điện công nghiệp"
    md01, md02 = curriculum.modules
    assert md01.hours.theory == 15 and md01.hours.practice == 30
    assert [o.text["en"] for o in md01.outcomes] == ["Apply safety rules", "Give first aid"]
    assert md02.hours.practice == 45.5  # decimal comma read as a number
    assert md02.competences == ["electrical-installation", "control-technology"]


def test_csv_with_arabic_text(tmp_path):
    path = tmp_path / "programme.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        programme = dict(
            PROGRAMME,
            id="jo-sheet-college-mechanics",
            country="JO",
            language="ar",
            **{
                "title (original)": "تكنولوجيا الإنتاج",
                "institution (original)": "جامعة البلقاء التطبيقية",
                "award (original)": "دبلوم متوسط",
            },
        )
        for key, value in programme.items():
            writer.writerow([key, value])
        writer.writerow([])
        writer.writerow(["id", "code", "title (original)", "title (en)", "credits"])
        writer.writerow(["md01", "20201111", "رسم هندسي", "Engineering drawing", ""])
    with pytest.raises(KnowledgeBaseError) as info:  # neither hours nor credits: must be stated or marked
        sheet_to_curriculum(path)
    assert any("needs 'hours' or 'credits'" in p.message and "Modules!A" in p.field for p in info.value.problems)
    # with credit hours alone it imports (a Jordanian plan gives no clock hours)
    rows = path.read_text(encoding="utf-8-sig").splitlines()
    rows[-1] += "3"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data, _ = sheet_to_curriculum(path)
    assert data["title"]["ar"] == "تكنولوجيا الإنتاج" and data["modules"][0]["credits"] == 3
    assert "hours" not in data["modules"][0]


def test_wrong_types_are_reported_by_cell(tmp_path):
    modules = [
        ["md01", "MĐ 01", "specialised", "A", "A", "thirty", 30, None, None, 2, 1, None, None],
        ["md02", "MĐ 02", "whatever", "B", "B", 10, 10, None, None, 2, 1, None, None],
    ]
    sheet = fill_template(tmp_path / "bad.xlsx", modules=modules)
    with pytest.raises(KnowledgeBaseError) as info:
        sheet_to_curriculum(sheet)
    refs = [p.field for p in info.value.problems]
    assert refs == ["Modules!F2"], refs  # the number error stops before model validation
    modules[0][5] = 30
    fill_template(sheet, modules=modules)
    with pytest.raises(KnowledgeBaseError) as info:
        sheet_to_curriculum(sheet)
    problem = info.value.problems[0]
    assert problem.field.startswith("Modules!C3") and problem.line == 3 and problem.column == 3


def test_missing_column_and_unknown_field(tmp_path):
    sheet = fill_template(tmp_path / "bad.xlsx")
    wb = load_workbook(sheet)
    wb[MODULES_SHEET].delete_cols(1)  # drop the id column
    wb[PROGRAMME_SHEET].append(["colour", "blue"])
    wb.save(sheet)
    with pytest.raises(KnowledgeBaseError) as info:
        sheet_to_curriculum(sheet)
    messages = [p.message for p in info.value.problems]
    assert "the column 'id' is missing" in messages
    assert "unknown programme field 'colour'" in messages


def test_merged_cells_are_split_with_a_note(tmp_path):
    modules = [
        MODULES[0],
        ["md02", "MĐ 02", None, "Khí cụ điện", "Electrical apparatus", 30, 45, None, None, 3, 1, None, None],
    ]
    sheet = fill_template(tmp_path / "merged.xlsx", modules=modules)
    wb = load_workbook(sheet)
    wb[MODULES_SHEET].merge_cells("C2:C3")  # 'kind' merged over both modules
    wb.save(sheet)
    data, notes = sheet_to_curriculum(sheet)
    assert [m["kind"] for m in data["modules"]] == ["specialised", "specialised"]
    assert notes and "C2:C3" in notes[0]


def test_cli_reports_problems_with_exit_1(tmp_path):
    (tmp_path / "x.ods").write_text("nope")
    result = runner.invoke(app, ["import-sheet", str(tmp_path / "x.ods")])
    assert result.exit_code == 1
    assert "unsupported sheet type" in result.output
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = runner.invoke(app, ["import-sheet", str(broken)])
    assert result.exit_code == 1 and "cannot read the workbook" in result.output
    assert "Traceback" not in result.output
