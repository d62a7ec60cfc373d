"""Substantial differences: the two declared rules of the method (site/method.md).

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
    rule: str  # core-unit | total-gap
    reason: str


def pct(x: float) -> str:
    return f"{x * 100:.0f} %"


def find_differences(
    results: list[UnitResult], params: MethodParams, effective: dict[str, float] | None = None
) -> dict[str, list[Difference]]:
    """Unit id -> reasons, in unit order. `effective` overrides coverage (compensation, additions)."""
    covs = [effective.get(r.id, r.coverage) for r in results] if effective else [r.coverage for r in results]
    found: dict[str, list[Difference]] = {}
    threshold = params.core_min_coverage - EPS
    for r, c in zip(results, covs, strict=True):
        if c < threshold and r.unit.core:
            found[r.id] = [
                Difference(
                    r.id,
                    "core-unit",
                    f"core unit {_label(r)} is covered {pct(c)}, below the {pct(params.core_min_coverage)} "
                    f"the method asks of a unit whose content is essential for the occupation",
                )
            ]

    shares = [r.weight * (1 - c) for r, c in zip(results, covs, strict=True)]
    total_gap = sum(shares)
    if total_gap > params.max_total_gap_share + EPS:
        remaining = total_gap - sum(s for r, s in zip(results, shares, strict=True) if r.id in found)
        ranked = sorted(
            (i for i, r in enumerate(results) if r.id not in found and shares[i] > EPS),
            key=lambda i: (-shares[i], results[i].id),
        )
        for i in ranked:
            if remaining <= params.max_total_gap_share + EPS:
                break
            r = results[i]
            found[r.id] = [
                Difference(
                    r.id,
                    "total-gap",
                    f"the uncovered parts of all units come to {pct(total_gap)} of the German training time, "
                    f"more than the {pct(params.max_total_gap_share)} the method tolerates; {_label(r)} "
                    f"is one of the largest gaps ({pct(shares[i])} of the training time, unit covered {pct(covs[i])})",
                )
            ]
            remaining -= shares[i]
    if len(found) > 1:
        order = {r.id: i for i, r in enumerate(results)}
        return dict(sorted(found.items(), key=lambda kv: order[kv[0]]))
    return found


def _label(r: UnitResult) -> str:
    number = f"{r.unit.number} " if r.unit.number else ""
    return f"'{number}{r.unit.title['en']}' ({r.id})"
