"""Comparison results for every curriculum × occupation pair, computed once per build.

The comparison engine is a separate package; the site must still build while it is absent
(then the report pages say so), so the import is guarded here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..graph import KnowledgeGraph


def gap_counts(kg: KnowledgeGraph, country_code: str) -> list[dict[str, Any]]:
    """The engine's per-country gap counts, or nothing while it is absent."""
    try:
        from ..comparison import country_gap_counts  # type: ignore[attr-defined]
    except ImportError:
        return []
    return country_gap_counts(kg, country_code)


def engine() -> Callable[..., Any] | None:
    """The engine's `compare`, or None while the comparison package is not installed."""
    try:
        from ..comparison import compare  # type: ignore[attr-defined]
    except ImportError:
        return None
    return compare


@dataclass
class Reports:
    """Report dicts keyed by (curriculum id, occupation id); failures kept with their reason."""

    available: bool
    results: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    raw: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # unrounded, for the self-check
    failures: dict[tuple[str, str], str] = field(default_factory=dict)

    def get(self, curriculum_id: str, occupation_id: str) -> dict[str, Any] | None:
        return self.results.get((curriculum_id, occupation_id))

    def for_occupation(self, occupation_id: str) -> list[tuple[str, dict[str, Any]]]:
        return [(c, r) for (c, o), r in sorted(self.results.items()) if o == occupation_id]

    def for_curriculum(self, curriculum_id: str) -> list[tuple[str, dict[str, Any]]]:
        return [(o, r) for (c, o), r in sorted(self.results.items()) if c == curriculum_id]


def compute_reports(kg: KnowledgeGraph) -> Reports:
    """Run the engine on every pair; a pair it cannot compare is recorded, not fatal."""
    compare = engine()
    if compare is not None:
        from ..comparison import ComparisonError
    reports = Reports(available=compare is not None)
    if compare is None:
        return reports
    for curriculum in kg.curricula():
        for occupation in kg.occupations():
            key = (curriculum.id, occupation.id)
            try:
                report = compare(kg, curriculum.id, occupation.id)
                reports.results[key] = report.to_dict()
                reports.raw[key] = getattr(report, "data", reports.results[key])
            except ComparisonError as exc:  # a pair the engine cannot compare: no report, not fatal
                reports.failures[key] = str(exc)
    return reports
