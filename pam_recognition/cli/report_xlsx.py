"""A gap report as an XLSX workbook, for designers who work on it with colleagues.

The workbook is built from the report's JSON form (the same dict every other format renders),
so it never disagrees with the terminal, Markdown or site versions. Sheets: Summary, Units,
Differences, Adaptation plan, Best additions. Output is byte-identical for the same report.
Text from data goes into cells as values, never as formulas: a title starting with '=' is
stored as text so a spreadsheet cannot execute it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..common.atomic import atomic_write_bytes, normalise_zip
from ..common.text_safety import neutralise_cell
from ..comparison.provenance import review_words

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = "DDEBF7"
SHEETS = ("Summary", "Units", "Differences", "Adaptation plan", "Best additions")


def _text(value: Any) -> Any:
    """Cell value: numbers stay numbers, text that a spreadsheet would evaluate is quoted."""
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return neutralise_cell(str(value))


def _title(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _pct(value: Any) -> Any:
    return None if value is None else round(float(value), 4)


def _percent_format(ws: Worksheet, header: list[str]) -> None:
    """Shares (0.1609) shown as per cent (16.1 %) where a column or a row is about coverage or a
    share: the cell keeps the exact fraction for formulas, the adviser reads a percentage."""
    percent_columns = {i for i, name in enumerate(header) if "coverage" in str(name).lower() or "share" in str(name)}
    for row in ws.iter_rows(min_row=2):
        label = str(row[0].value or "").lower()
        for i, cell in enumerate(row):
            in_row = i == 1 and label.startswith("coverage")
            if (i in percent_columns or in_row) and isinstance(cell.value, float):
                cell.number_format = "0.0%"


def _sheet(
    wb: Workbook, name: str, header: list[str], rows: Iterable[list[Any]], widths: dict[int, int] | None = None
) -> Worksheet:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(name)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([_text(v) for v in row])
    _percent_format(ws, header)
    ws.freeze_panes = "A2"
    for index, width in (widths or {}).items():
        ws.column_dimensions[chr(65 + index)].width = width
    return ws


def _covered_by_words(c: dict[str, Any]) -> str:
    """A covering link as an adviser reads it: module, what it covers, confidence and note."""
    what = ", ".join(c.get("outcomes") or []) or _pct(c.get("share"))
    note = _title(c.get("note")) if c.get("note") else ""
    return f"{_title(c.get('title'))} ({what}; confidence {c.get('confidence')})" + (f": {note}" if note else "")


def workbook_bytes(report: dict[str, Any]) -> bytes:
    """The workbook for one report (the dict of Report.to_dict())."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the default sheet; the report's sheets are added below
    from ..comparison.labels import STATUS_LABELS, WITHOUT_PROFILE_NOTE, outcome_label, verdict
    from ..comparison.words import words

    say = words("en")  # the engine's sentences from their codes and the English catalogue

    assessable = report.get("outcome") != "not_assessable"
    coverage = report.get("coverage", {}) if assessable else {}
    body = report.get("competent_body", {}) or {}
    summary_rows: list[list[Any]] = [
        ["Curriculum", report.get("curriculum"), _title(report.get("titles", {}).get("curriculum"))],
        ["Occupation", report.get("occupation"), _title(report.get("titles", {}).get("occupation"))],
        ["Specialisation", report.get("specialisation"), None],
        ["Forecast (indicative)", verdict(report), say.say(report.get("indicative_code"))],
        ["Coverage, specialist areas", _pct(coverage.get("specialist")), "what ranks occupations and decides"],
        ["Coverage, time-weighted total", _pct(coverage.get("total")), None],
        ["Coverage, company plan", _pct(coverage.get("company")), None],
        ["Coverage, school plan", _pct(coverage.get("school")), None],
        [
            "Substantial differences",
            len(report.get("differences", [])),
            ", ".join(str(d.get("area")) for d in report.get("differences", [])),
        ],
        [
            "Compensated by the profile",
            len(report.get("compensated_areas", [])),
            ", ".join(report.get("compensated_areas", [])),
        ],
        ["Competent body", body.get("type"), say.say(body.get("name_code"))],
        ["Mapping basis", report.get("mapping_basis"), "curated = checked by a person; suggested = estimated"],
        ["Review", (report.get("review") or {}).get("status", "none"), review_words(report.get("review"))],
        ["Method version", report.get("method_version"), None],
    ]
    if report.get("outcome_without_profile") and report["outcome_without_profile"] != report.get("outcome"):
        summary_rows.append(
            [
                "Without the profile",
                outcome_label(report["outcome_without_profile"]),
                WITHOUT_PROFILE_NOTE,
            ]
        )
    for document in say.say_all((report.get("assessability") or {}).get("missing_document_codes")):
        summary_rows.append(["Documents needed", None, document])
    for reason in say.say_all(report.get("reason_codes")):
        summary_rows.append(["Reason", None, reason])
    for note in say.say_all(report.get("note_codes")):
        summary_rows.append(["Note", None, note])
    route = report.get("degree_route")
    if route:
        links = "; ".join(f"{', '.join(f['refs'])}: {f['link']} (as of {f['as_of']})" for f in route.get("facts", []))
        summary_rows.append(["University degree", "ZAB / anabin", f"{route['note']} {links}".strip()])
    ws = _sheet(wb, "Summary", ["item", "value", "explanation"], summary_rows, {0: 30, 1: 34, 2: 100})
    ws["A1"].font = Font(bold=True)

    # no verdict without documents: no unit figures, differences, plan or additions either
    units = report.get("units", []) if assessable else []
    _sheet(
        wb,
        "Units",
        [
            "unit",
            "number",
            "title",
            "kind",
            "area",
            "hours",
            "weeks",
            "coverage",
            "gap hours",
            "gap weeks",
            "status",
            "covered by",
            "missing outcomes",
        ],
        (
            [
                u.get("id"),
                u.get("number"),
                _title(u.get("title")),
                u.get("kind"),
                u.get("area") or u.get("scope"),
                u.get("hours"),
                u.get("weeks"),
                _pct(u.get("coverage")),
                u.get("gap_hours"),
                u.get("gap_weeks"),
                STATUS_LABELS.get(u.get("status"), u.get("status")),
                "; ".join(_covered_by_words(c) for c in u.get("covered_by", [])),
                ", ".join(str(o) for o in u.get("missing_outcomes", [])),
            ]
            for u in units
        ),
        {2: 50, 11: 30, 12: 30},
    )

    diff_rows = [
        [
            d.get("area"),
            _title(d.get("title")) if isinstance(d.get("title"), dict) else d.get("title"),
            ", ".join(d.get("rules", [])),
            "; ".join(say.say_all(d.get("reason_codes"))),
            "yes" if d.get("area") in report.get("compensated_areas", []) else "no",
        ]
        for d in (report.get("differences", []) if assessable else [])
    ]
    _sheet(wb, "Differences", ["area", "title", "rule", "reason", "compensated"], diff_rows, {1: 40, 3: 100})

    plan = report.get("adaptation_plan", {}) or {}
    plan_rows = []
    for item in plan.get("items", []):
        learn = "\n".join(
            f"{o.get('id')}: {o.get('text')}" if isinstance(o, dict) else str(o) for o in item.get("learn", [])
        )
        months = item.get("months") or {}
        plan_rows.append(
            [
                item.get("area"),
                _title(item.get("title")),
                item.get("crucial"),
                item.get("missing_months"),
                months.get("low"),
                months.get("high"),
                learn or "; ".join(say.say_all(item.get("learn_note_codes"))),
            ]
        )
    total = plan.get("total_months") or {}
    plan_rows.append(
        [
            "total",
            say.say(plan.get("basis_code")),
            None,
            None,
            total.get("low"),
            total.get("high"),
            say.say(plan.get("alternatives_code")) or None,
        ]
    )
    _sheet(
        wb,
        "Adaptation plan",
        ["area", "title", "crucial", "missing training months", "months (low)", "months (high)", "what to learn"],
        plan_rows,
        {1: 40, 6: 90},
    )

    additions = report.get("best_additions", [])
    _sheet(
        wb,
        "Best additions",
        [
            "area",
            "title",
            "crucial",
            "hours to add",
            "coverage gain",
            "coverage after",
            "outcome after",
            "closes a difference",
            "outcomes to add",
        ],
        (
            [
                a.get("area"),
                _title(a.get("title")),
                a.get("crucial"),
                a.get("hours"),
                _pct(a.get("coverage_gain")),
                _pct(a.get("coverage_after")),
                outcome_label(a.get("outcome_after")),
                a.get("closes_difference"),
                ", ".join(o.get("id", "") if isinstance(o, dict) else str(o) for o in a.get("add", [])),
            ]
            for a in additions
        ),
        {1: 50, 8: 40},
    )
    _sheet(
        wb,
        "Sources",
        ["for", "kind", "copy of", "last checked", "title", "publisher", "year", "url"],
        (
            [
                s.get("for"),
                s.get("kind"),
                s.get("copy_of"),
                s.get("last_checked"),
                s.get("title"),
                s.get("publisher"),
                s.get("year"),
                s.get("url"),
            ]
            for s in report.get("sources", [])
        ),
        {2: 40, 4: 60, 7: 60},
    )

    fixed = dt.datetime(2026, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "PAM Recognition"
    wb.properties.title = f"Gap report {report.get('curriculum')} / {report.get('occupation')}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_zip(buffer.getvalue())


def write_report_xlsx(report: dict[str, Any], path: Path, replace: bool = True) -> Path:
    return atomic_write_bytes(path, workbook_bytes(report), replace=replace)
