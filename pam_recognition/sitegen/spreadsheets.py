"""The coverage matrix and the curated pairs' gaps as spreadsheets for advisers, CSV and XLSX.

One row per compared pair (the matrix) and one row per unit inside a substantial difference of
a curated pair (the gaps, what the country pages count). Text from data is written as values,
never as formulas: a cell that a spreadsheet would evaluate ("=…", "+…", "@…") gets an
apostrophe, as in the command line's XLSX report. Sorted rows and fixed dates: the same data
gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from ..common.atomic import normalise_zip
from ..common.text_safety import neutralise_cell

MATRIX_HEADER = [
    "country",
    "programme id",
    "programme",
    "occupation id",
    "occupation",
    "mapping basis",
    "likely outcome",
    "specialist coverage",
    "total coverage",
    "substantial differences",
    "adaptation months (low)",
    "adaptation months (high)",
]
GAPS_HEADER = ["country", "programme id", "programme", "occupation id", "occupation", "unit id", "unit", "unit kind"]


def matrix_rows(ctx: Any) -> list[list[Any]]:
    """Every compared pair; an automatic estimate has no outcome ("estimate, no verdict")."""
    kg = ctx.kg
    rows = []
    for (cur, occ), summary in sorted(ctx.reports.summaries.items()):
        curriculum, occupation = kg.curriculum(cur), kg.occupation(occ)
        coverage = summary.get("coverage") or {}
        months = summary.get("months")
        rows.append(
            [
                *_pair_columns(curriculum, occupation),
                summary.get("mapping_basis"),
                summary.get("outcome") or "estimate, no verdict",
                None if coverage.get("specialist") is None else round(coverage["specialist"], 4),
                None if coverage.get("total") is None else round(coverage["total"], 4),
                summary.get("differences"),
                round(months[0], 1) if months else None,
                round(months[1], 1) if months else None,
            ]
        )
    return rows


def _pair_columns(curriculum: Any, occupation: Any) -> list[Any]:
    """The columns that name a pair, first in both downloads: country, programme, occupation."""
    return [curriculum.country, curriculum.id, curriculum.title["en"], occupation.id, occupation.title["de"]]


def gap_rows(ctx: Any) -> list[list[Any]]:
    """Each unit inside a substantial difference of a curated pair that can carry a verdict."""
    kg = ctx.kg
    rows = []
    for (cur, occ), (counted, units) in sorted(ctx.reports.gap_facts.items()):
        if not counted:
            continue
        curriculum, occupation = kg.curriculum(cur), kg.occupation(occ)
        titles = {u.id: u for u in kg.units(occ)}
        for unit_id in sorted(units):
            unit = titles.get(unit_id)
            rows.append(
                [
                    *_pair_columns(curriculum, occupation),
                    unit_id,
                    unit.title["en"] if unit else unit_id,
                    unit.kind if unit else "",
                ]
            )
    return rows


def _cell(value: Any) -> Any:
    return neutralise_cell(value) if isinstance(value, str) else value


def to_csv(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(title: str, header: list[str], rows: list[list[Any]], epoch: int) -> bytes:
    """One sheet with a frozen, bold header; coverage columns as percentages."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    sheet = wb.active
    assert isinstance(sheet, Worksheet)  # a new workbook has one sheet
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for index, name in enumerate(header, start=1):
        if "coverage" in name:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0%"
    sheet.freeze_panes = "A2"
    fixed = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).replace(tzinfo=None)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_zip(buffer.getvalue())


def spreadsheets(ctx: Any, epoch: int) -> list[tuple[str, bytes, str]]:
    """(file name, bytes, what it is) for the downloads page."""
    matrix, gaps = matrix_rows(ctx), gap_rows(ctx)
    return [
        ("coverage-matrix.csv", to_csv(MATRIX_HEADER, matrix), "The coverage matrix, one row per compared pair (CSV)"),
        (
            "coverage-matrix.xlsx",
            to_xlsx("Coverage matrix", MATRIX_HEADER, matrix, epoch),
            "The coverage matrix, one row per compared pair (XLSX)",
        ),
        ("gaps.csv", to_csv(GAPS_HEADER, gaps), "The gaps of every reviewed comparison, one row per unit (CSV)"),
        (
            "gaps.xlsx",
            to_xlsx("Gaps", GAPS_HEADER, gaps, epoch),
            "The gaps of every reviewed comparison, one row per unit (XLSX)",
        ),
    ]
