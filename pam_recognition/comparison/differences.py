"""Substantial differences: the declared rules of method 3 (site/method.md, step 3).

BQFG § 4(2) calls a difference substantial when content or duration differ substantially,
the content is essential for the occupation, and the applicant has not made up for it. Our
rules read this per specialist area (areas.py): a crucial area largely missing, or so much of
the specialist training uncovered that the largest area gaps count; the practice in the field
of deployment is its own difference (practice.py); compensation.py covers the third point.
Each difference carries its reason as a code with the figures it cites (words.py); the
report's catalogues hold the words.
"""

from __future__ import annotations

from dataclasses import dataclass

from .areas import AreaResult
from .params import MethodParams
from .practice import PRACTICE, Practice
from .words import Said, english, said

EPS = 1e-9


@dataclass(frozen=True)
class Difference:
    area: str  # an area id, or PRACTICE
    rule: str  # crucial-area | total-gap | practice
    said: Said
    figures: tuple[tuple[str, float], ...] = ()  # total-gap: the uncovered specialist share and the area's part

    @property
    def reason(self) -> str:
        """The reason in English, as the JSON carries it."""
        return english(self.said)


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
                    said(
                        "difference_crucial",
                        area=dict(a.title),
                        area_id=a.id,
                        coverage=a.coverage,
                        threshold=params.core_min_coverage,
                    ),
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
                said("difference_practice", required=practice.required_months, shown=practice.shown_months),
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
                said(
                    "difference_total",
                    total=total,
                    tolerated=params.max_total_gap_share,
                    area=dict(a.title),
                    area_id=a.id,
                    share=shares[i],
                    coverage=a.coverage,
                ),
                (("total_gap", total), ("share", shares[i])),
            )
        ]
        remaining -= shares[i]
