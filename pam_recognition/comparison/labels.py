"""The words every English rendering uses for outcomes and unit statuses, in one place.

Terminal, Markdown, XLSX and the report pages all say the same thing: a human label instead of
the JSON value ("Partial equivalence (forecast)", not "partial"), a legend for every status, and
a graded partial (how many differences, how many weeks to adapt), so that a result covering one
missing unit does not read like one covering most of the training.
"""

from __future__ import annotations

from typing import Any

OUTCOME_LABELS = {
    "full": "Full equivalence (forecast)",
    "partial": "Partial equivalence (forecast)",
    "none": "No equivalence (forecast)",
    "not_assessable": "Cannot be assessed yet",
}

OUTCOME_LEGEND = {
    "full": "no substantial difference remains under the method's rules",
    "partial": "comparable training with substantial differences, which an adaptation qualification can close",
    "none": "the training covers too little of the German training to count as comparable",
    "not_assessable": "the programme's documents in this knowledge base cannot carry a verdict; "
    "what is missing is named",
}

STATUS_LABELS = {
    "covered": "covered",
    "partial": "partly covered",
    "gap": "not covered",
    "difference": "substantial difference",
    "compensated": "compensated",
}

STATUS_LEGEND = {
    "covered": "the programme teaches the whole unit",
    "partial": "the programme teaches part of the unit; the rest is within what the method tolerates",
    "gap": "no module teaches the unit; not substantial on its own (not core, and the total gap "
    "is within the tolerated share or larger gaps are named first)",
    "difference": "a substantial difference: a core unit below its threshold, or one of the largest "
    "gaps when the total gap is too large",
    "compensated": "a difference made up for by the candidate's experience or courses, if documented",
}

WITHOUT_PROFILE_NOTE = "the result above is possible only if the experience and courses are documented"

BASIS_LABELS = {
    "curated": "curated (links checked by a person)",
    "suggested": "suggested (automatic links, not checked by a person)",
}


def outcome_label(outcome: str | None) -> str:
    return OUTCOME_LABELS.get(outcome or "", "not yet estimated")


def grade(report: dict[str, Any]) -> str:
    """The partial result graded: differences and adaptation size; empty for other outcomes."""
    return grade_of(report.get("outcome"), difference_count(report), adaptation_weeks(report))


def difference_count(report: dict[str, Any]) -> int:
    """The differences a grade counts: those left after compensation, else all substantial ones."""
    return len(report.get("remaining_differences") or report.get("substantial_differences") or [])


def adaptation_weeks(report: dict[str, Any]) -> float | None:
    return (report.get("adaptation_plan") or {}).get("total_weeks")


def grade_of(outcome: str | None, count: int, weeks: float | None) -> str:
    """`grade` from the three figures it reads: what a page listing many pairs keeps of each."""
    if outcome != "partial":
        return ""
    parts = [f"{count} substantial difference{'s' if count != 1 else ''}"]
    if weeks:
        parts.append(f"about {weeks:.0f} weeks of adaptation full-time")
    return ", ".join(parts)


def verdict(report: dict[str, Any]) -> str:
    """The outcome as a line an adviser can cite: label, grade for partial, no figure without a verdict."""
    label = outcome_label(report.get("outcome"))
    graded = grade(report)
    return f"{label}: {graded}" if graded else label
