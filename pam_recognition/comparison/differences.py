"""Substantial differences: the two declared rules of the method (DESIGN.md §5.3).

BQFG § 4(2) calls a difference substantial when content or duration differ substantially,
the content is essential for the occupation, and the applicant has not made up for it. Our
rules mirror the first two points with declared numbers (params.py); compensation.py covers
the third. Each difference carries its reasons in words, for the report and the adviser.
"""

from __future__ import annotations

from dataclasses import dataclass

from .coverage import UnitResult
from .params import MethodParams

EPS = 1e-9


@dataclass(frozen=True)
class Difference:
    unit: str
    rule: str            # core-unit | total-gap
    reason: str


def pct(x: float) -> str:
    return f"{x * 100:.0f} %"


def find_differences(results: list[UnitResult], params: MethodParams,
                     effective: dict[str, float] | None = None) -> dict[str, list[Difference]]:
    """Unit id -> reasons, in unit order. `effective` overrides coverage (compensation, additions)."""
    def cov(r: UnitResult) -> float:
        return effective.get(r.id, r.coverage) if effective else r.coverage

    found: dict[str, list[Difference]] = {}
    for r in results:
        c = cov(r)
        if r.unit.core and c < params.core_min_coverage - EPS:
            found.setdefault(r.id, []).append(Difference(
                r.id, "core-unit",
                f"core unit {_label(r)} is covered {pct(c)}, below the {pct(params.core_min_coverage)} "
                f"the method asks of a unit whose content is essential for the occupation"))

    total_gap = sum(r.weight * (1 - cov(r)) for r in results)
    if total_gap > params.max_total_gap_share + EPS:
        remaining = total_gap - sum(r.weight * (1 - cov(r)) for r in results if r.id in found)
        ranked = sorted((r for r in results if r.id not in found and r.weight * (1 - cov(r)) > EPS),
                        key=lambda r: (-r.weight * (1 - cov(r)), r.id))
        for r in ranked:
            if remaining <= params.max_total_gap_share + EPS:
                break
            share = r.weight * (1 - cov(r))
            found.setdefault(r.id, []).append(Difference(
                r.id, "total-gap",
                f"the uncovered parts of all units come to {pct(total_gap)} of the German training time, "
                f"more than the {pct(params.max_total_gap_share)} the method tolerates; {_label(r)} "
                f"is one of the largest gaps ({pct(share)} of the training time, unit covered {pct(cov(r))})"))
            remaining -= share
    order = {r.id: i for i, r in enumerate(results)}
    return dict(sorted(found.items(), key=lambda kv: order[kv[0]]))


def _label(r: UnitResult) -> str:
    number = f"{r.unit.number} " if r.unit.number else ""
    return f"'{number}{r.unit.title['en']}' ({r.id})"
