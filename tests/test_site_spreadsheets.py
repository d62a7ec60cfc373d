"""The coverage matrix and the gaps as CSV and XLSX downloads for advisers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from pam_recognition.sitegen.spreadsheets import GAPS_HEADER, MATRIX_HEADER, to_csv, to_xlsx
from tests.test_site_build import site_for


def test_cells_that_a_spreadsheet_would_evaluate_stay_text():
    rows = [["=1+2", "+SUM(A1)", "@cmd", "-3", 0.25, None, "plain"]]
    text = to_csv(["a", "b", "c", "d", "e", "f", "g"], rows).decode("utf-8")
    assert list(csv.reader(io.StringIO(text)))[1] == ["'=1+2", "'+SUM(A1)", "'@cmd", "-3", "0.25", "", "plain"]
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx("T", ["a", "b", "c", "d", "e", "f", "g"], rows, 0)))
    values = [c.value for c in book["T"][2]]
    assert values == ["'=1+2", "'+SUM(A1)", "'@cmd", "-3", 0.25, None, "plain"]
    assert all(c.data_type != "f" for c in book["T"][2])
    # the same rows give the same bytes
    assert to_xlsx("T", ["a"], [["x"]], 0) == to_xlsx("T", ["a"], [["x"]], 0)


def test_the_site_offers_the_matrix_and_the_gaps_as_csv_and_xlsx():
    openpyxl = pytest.importorskip("openpyxl")
    site = site_for("normal")
    reports = list(site.glob("reports/*/*/index.html"))
    matrix = list(csv.reader(io.StringIO((site / "downloads/coverage-matrix.csv").read_text("utf-8"))))
    assert matrix[0] == MATRIX_HEADER and len(matrix) - 1 == len(reports)
    pairs = {(row[1], row[3]) for row in matrix[1:]}
    assert pairs == {(p.parent.parent.name, p.parent.name) for p in reports}
    book = openpyxl.load_workbook(site / "downloads/coverage-matrix.xlsx")
    sheet = book.active
    assert [c.value for c in sheet[1]] == MATRIX_HEADER and sheet.max_row == len(matrix)
    gaps = list(csv.reader(io.StringIO((site / "downloads/gaps.csv").read_text("utf-8"))))
    assert gaps[0] == GAPS_HEADER and len(gaps) > 1
    assert openpyxl.load_workbook(site / "downloads/gaps.xlsx").active.max_row == len(gaps)
    page = (site / "downloads/index.html").read_text("utf-8")
    for name in ("coverage-matrix.csv", "coverage-matrix.xlsx", "gaps.csv", "gaps.xlsx"):
        assert f'href="{name}"' in page or f'{name}"' in page, name


def test_hostile_names_are_plain_text_in_the_downloads():
    site = site_for("hostile")
    text = (site / "downloads/coverage-matrix.csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert any("<script>" in cell for row in rows[1:] for cell in row)  # kept as text
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell
    assert Path(site / "downloads/coverage-matrix.xlsx").stat().st_size > 0
