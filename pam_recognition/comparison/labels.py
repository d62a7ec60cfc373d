"""The labels every English rendering uses for outcomes and unit statuses, read from the English catalogue.

The words live in the report catalogues (`i18n/reports/<lang>.yaml`); these names keep the
English ones at hand for the terminal, Markdown, XLSX and listing pages, and `grade_of` and
`months_range` take another language's catalogue (sitegen/report_text.py).

Terminal, Markdown, XLSX and the report pages all say the same thing: a human label instead of
the JSON value ("Partial equivalence (forecast)", not "partial"), a legend for every status, and
a graded partial (how many differences, how many months to adapt), so that a result covering one
missing area does not read like one covering most of the training. An estimate from suggested
links carries no outcome: it is labelled as an estimate, never as a verdict.
"""

from __future__ import annotations

from typing import Any

from .words import report_catalogue

_EN = report_catalogue("en")
OUTCOMES = ("full", "partial", "none", "not_assessable")
STATUSES = ("covered", "partial", "gap", "difference", "compensated", "resolved", "general")

OUTCOME_LABELS = {k: _EN[f"outcome_{k}"] for k in OUTCOMES}
OUTCOME_LEGEND = {k: _EN[f"outcome_legend_{k}"] for k in OUTCOMES}
ESTIMATE_LABEL = _EN["outcome_estimate"]
STATUS_LABELS = {k: _EN[f"status_{k}"] for k in STATUSES}
STATUS_LEGEND = {k: _EN[f"status_legend_{k}"] for k in STATUSES}
WITHOUT_PROFILE_NOTE = _EN["without_profile_note"]
BASIS_LABELS = {k: _EN[f"basis_{k}"] for k in ("curated", "suggested")}


def outcome_label(outcome: str | None) -> str:
    return OUTCOME_LABELS.get(outcome or "", ESTIMATE_LABEL)


def grade(report: dict[str, Any]) -> str:
    """The partial result graded: differences and adaptation size; empty for other outcomes."""
    return grade_of(report.get("outcome"), difference_count(report), adaptation_months(report))


def difference_count(report: dict[str, Any]) -> int:
    """The differences a grade counts: those left after compensation, else all substantial ones."""
    if report.get("profile_used"):
        return len(report.get("remaining_areas") or [])
    return len(report.get("differences") or [])


def adaptation_months(report: dict[str, Any]) -> tuple[float, float] | None:
    total = (report.get("adaptation_plan") or {}).get("total_months")
    return (total["low"], total["high"]) if total else None


def months_range(months: tuple[float, float] | None, catalogue: dict[str, str] | None = None) -> str:
    """ "3–6 months" (whole months, at least one), in the catalogue's language (English by default)."""
    t = catalogue or _EN
    if months is None:
        return t["time_unknown"]
    low, high = (max(1, round(m)) for m in months)
    return t["months_single"].format(low=low) if low == high else t["months_range"].format(low=low, high=high)


def grade_of(
    outcome: str | None, count: int, months: tuple[float, float] | None, catalogue: dict[str, str] | None = None
) -> str:
    """`grade` from the three figures it reads: what a page listing many pairs keeps of each."""
    if outcome != "partial":
        return ""
    t = catalogue or _EN
    parts = [t["grade_one"] if count == 1 else t["grade_many"].format(count=count)]
    if months:
        parts.append(t["grade_months"].format(months=months_range(months, t)))
    return ", ".join(parts)


def verdict(report: dict[str, Any]) -> str:
    """The outcome as a line an adviser can cite: label, grade for partial, no figure without a verdict."""
    label = outcome_label(report.get("outcome"))
    graded = grade(report)
    return f"{label}: {graded}" if graded else label
