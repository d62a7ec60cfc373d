"""The words every English rendering uses for outcomes and unit statuses, in one place.

Terminal, Markdown, XLSX and the report pages all say the same thing: a human label instead of
the JSON value ("Partial equivalence (forecast)", not "partial"), a legend for every status, and
a graded partial (how many differences, how many months to adapt), so that a result covering one
missing area does not read like one covering most of the training. An estimate from suggested
links carries no outcome: it is labelled as an estimate, never as a verdict.
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

ESTIMATE_LABEL = "Estimate only (no verdict: links not checked by a person)"

STATUS_LABELS = {
    "covered": "covered",
    "partial": "partly covered",
    "gap": "not covered",
    "difference": "substantial difference",
    "compensated": "compensated",
    "resolved": "no longer a difference",
    "general": "judged on training or work",
}

STATUS_LEGEND = {
    "covered": "the programme teaches the whole unit",
    "partial": "the programme teaches part of the unit; its area is within what the method tolerates",
    "gap": "no module teaches the unit; not a difference on its own (its area is covered well enough, "
    "or larger area gaps are named first)",
    "difference": "part of a substantial difference: a crucial area below its threshold, one of the largest "
    "area gaps when the specialist gap is too large, or missing practice in the field of deployment",
    "compensated": "a difference made up for by the candidate's experience or courses, if documented",
    "resolved": "was a difference only because of the total gap, which compensation of other areas brought "
    "within the tolerated share",
    "general": "a standard or integrative position (safety, environment, company, communication, planning, "
    "quality, customers): judged on evidence of vocational training or work, not as missing specialist content",
}

WITHOUT_PROFILE_NOTE = "the result above is possible only if the experience and courses are documented"

BASIS_LABELS = {
    "curated": "curated (links set by hand by a curator, not suggested automatically)",
    "suggested": "suggested (automatic links, not checked by a person)",
}


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


def months_range(months: tuple[float, float] | None) -> str:
    """ "3–6 months" (whole months, at least one)."""
    if months is None:
        return "time unknown"
    low, high = (max(1, round(m)) for m in months)
    return f"{low} months" if low == high else f"{low}–{high} months"


def grade_of(outcome: str | None, count: int, months: tuple[float, float] | None) -> str:
    """`grade` from the three figures it reads: what a page listing many pairs keeps of each."""
    if outcome != "partial":
        return ""
    parts = [f"{count} substantial difference{'s' if count != 1 else ''}"]
    if months:
        parts.append(f"adaptation of about {months_range(months)}")
    return ", ".join(parts)


def verdict(report: dict[str, Any]) -> str:
    """The outcome as a line an adviser can cite: label, grade for partial, no figure without a verdict."""
    label = outcome_label(report.get("outcome"))
    graded = grade(report)
    return f"{label}: {graded}" if graded else label
