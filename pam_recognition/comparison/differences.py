"""Substantial differences: the declared rules of method 3 (site/method.md, step 3).

BQFG § 4(2) calls a difference substantial when content or duration differ substantially,
the content is essential for the occupation, and the applicant has not made up for it. Our
rules read this per specialist area (areas.py): a crucial area largely missing, or so much of
the specialist training uncovered that the largest area gaps count; the practice in the field
of deployment is its own difference (practice.py); compensation.py covers the third point.
Each difference carries its reason in words, for the report and the adviser.
"""

from __future__ import annotations

from dataclasses import dataclass

from .areas import AreaResult
from .params import MethodParams
from .practice import PRACTICE, Practice

EPS = 1e-9


@dataclass(frozen=True)
class Difference:
    area: str  # an area id, or PRACTICE
    rule: str  # crucial-area | total-gap | practice
    reason: str
    figures: tuple[tuple[str, float], ...] = ()  # total-gap: the uncovered specialist share and the area's part


def pct(x: float) -> str:
    return f"{x * 100:.0f} %"


def find_differences(
    areas: list[AreaResult], params: MethodParams, practice: Practice | None = None
) -> dict[str, list[Difference]]:
    """Area id -> reasons, in area order, then the practice difference if practice is missing."""
    found: dict[str, list[Difference]] = {}
    for a in areas:
        if a.crucial and a.coverage < params.core_min_coverage - EPS:
            found[a.id] = [
                Difference(
                    a.id,
                    "crucial-area",
                    f"crucial area {_label(a)} is covered {pct(a.coverage)}, below the "
                    f"{pct(params.core_min_coverage)} the method asks of an area the final examination tests",
                )
            ]
    _total_gap(areas, params, found)
    if len(found) > 1:
        order = {a.id: i for i, a in enumerate(areas)}
        found = dict(sorted(found.items(), key=lambda kv: order[kv[0]]))
    if practice is not None and not practice.met:
        found[PRACTICE] = [
            Difference(
                PRACTICE,
                "practice",
                f"practice in the field of deployment: the ordinance gives it about "
                f"{practice.required_months:.0f} months; the programme's company phase and documented work "
                f"show {practice.shown_months:.1f}",
            )
        ]
    return found


def _shares(areas: list[AreaResult]) -> list[float]:
    """Each area's uncovered part as a share of the specialist training time."""
    weight = sum(a.weight for a in areas)
    if weight > 0:
        return [a.weight * a.gap / weight for a in areas]
    return [a.gap / len(areas) for a in areas] if areas else []


def _total_gap(areas: list[AreaResult], params: MethodParams, found: dict[str, list[Difference]]) -> None:
    shares = _shares(areas)
    total = sum(shares)
    if total <= params.max_total_gap_share + EPS:
        return
    remaining = total - sum(s for a, s in zip(areas, shares, strict=True) if a.id in found)
    ranked = sorted(
        (i for i, a in enumerate(areas) if a.id not in found and shares[i] > EPS),
        key=lambda i: (-shares[i], areas[i].id),
    )
    for i in ranked:
        if remaining <= params.max_total_gap_share + EPS:
            break
        a = areas[i]
        found[a.id] = [
            Difference(
                a.id,
                "total-gap",
                f"the uncovered parts of the specialist areas come to {pct(total)} of the specialist training "
                f"time, more than the {pct(params.max_total_gap_share)} the method tolerates; {_label(a)} is one "
                f"of the largest gaps ({pct(shares[i])} of that time, area covered {pct(a.coverage)})",
                (("total_gap", total), ("share", shares[i])),
            )
        ]
        remaining -= shares[i]


def _label(a: AreaResult) -> str:
    return f"'{a.title.get('en', a.id)}' ({a.id})"
