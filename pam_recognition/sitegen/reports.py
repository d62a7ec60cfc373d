"""Comparison results for every curriculum × occupation pair, computed once per build.

Page modules ask this module, not the comparison package, for results: the pairs the site
shows, their reports, and why a pair could not be compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..graph import KnowledgeGraph


def gap_counts(kg: KnowledgeGraph, country_code: str) -> list[dict[str, Any]]:
    """The engine's per-country gap counts."""
    from ..comparison import country_gap_counts

    return country_gap_counts(kg, country_code)


def engine() -> Callable[..., Any] | None:
    """The engine's `compare`."""
    from ..comparison import compare

    return compare


# Up to this many curriculum × occupation pairs every pair gets a full report (and the
# self-check covers every pair). Beyond it, each curriculum gets its curated pairs plus its best
# suggested ones, so page count grows with curricula, not with curricula × occupations.
FULL_MATRIX_PAIRS = 2_000
SUGGESTED_PER_CURRICULUM = 3


@dataclass
class Reports:
    """Report dicts keyed by (curriculum id, occupation id); failures kept with their reason."""

    available: bool
    complete: bool = True  # every pair compared (False: curated + best suggested per curriculum)
    results: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    raw: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # unrounded, for the self-check
    failures: dict[tuple[str, str], str] = field(default_factory=dict)

    def get(self, curriculum_id: str, occupation_id: str) -> dict[str, Any] | None:
        return self.results.get((curriculum_id, occupation_id))

    def for_occupation(self, occupation_id: str) -> list[tuple[str, dict[str, Any]]]:
        return [(c, r) for (c, o), r in sorted(self.results.items()) if o == occupation_id]

    def for_curriculum(self, curriculum_id: str) -> list[tuple[str, dict[str, Any]]]:
        return [(o, r) for (c, o), r in sorted(self.results.items()) if c == curriculum_id]


def _pairs(kg: KnowledgeGraph, full_matrix_pairs: int, per_curriculum: int) -> tuple[list[tuple[str, str]], bool]:
    curricula, occupations = kg.curricula(), kg.occupations()
    if len(curricula) * len(occupations) <= full_matrix_pairs:
        return [(c.id, o.id) for c in curricula for o in occupations], True
    from ..comparison import rank

    pairs = []
    for curriculum in curricula:
        ranked = rank(kg, curriculum.id)
        curated = [r["occupation"] for r in ranked if r["mapping_basis"] == "curated"]
        suggested = [r["occupation"] for r in ranked if r["mapping_basis"] != "curated" and r["outcome"] != "none"]
        chosen = set(curated) | set(suggested[:per_curriculum])
        pairs += [(curriculum.id, o.id) for o in occupations if o.id in chosen]
    return pairs, False


def compute_reports(kg: KnowledgeGraph, *, full_matrix_pairs: int = FULL_MATRIX_PAIRS,
                    suggested_per_curriculum: int = SUGGESTED_PER_CURRICULUM) -> Reports:
    """Run the engine on the pairs the site shows; a pair it cannot compare is recorded, not fatal."""
    compare = engine()
    if compare is not None:
        from ..comparison import ComparisonError
    reports = Reports(available=compare is not None)
    if compare is None:
        return reports
    pairs, reports.complete = _pairs(kg, full_matrix_pairs, suggested_per_curriculum)
    for key in pairs:
        try:
            report = compare(kg, *key)
        except ComparisonError as exc:  # a pair the engine cannot compare: no report, not fatal
            reports.failures[key] = str(exc)
            continue
        reports.results[key] = report.to_dict()
        reports.raw[key] = getattr(report, "data", reports.results[key])
    return reports
