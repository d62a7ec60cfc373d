"""The occupation's specialist areas and its practice requirement (step 3 of site/method.md).

A competent body asks whether knowledge and skills that differ are crucial for practising the
occupation, and does not expect complete conformance (IHK FOSA). Method 3 therefore judges
differences per essential area of the occupation: the ordinance's occupational-profile
positions and the framework curriculum's learning fields, grouped in the occupation file
(`areas`) as the ordinance groups its content, each marked `crucial` when the final
examination tests it.

Units in no area are not specialist content: the standard positions taught throughout
training, the integrative positions (communication, planning, quality, customer relations,
business processes) and the positions learned by work in the field of deployment. They are
judged on evidence of vocational training or of work in the field (see `practice`), never as
missing specialist content. An occupation file without areas (older data, test fixtures)
falls back to one area per specialist unit, crucial when the unit is core.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model.models import Occupation, Unit
from .coverage import UnitResult, gap_hours
from .params import MethodParams

WEEKS_PER_MONTH = 52 / 12


@dataclass(frozen=True)
class AreaResult:
    """One specialist area as the comparison sees it: its units' results, time and coverage."""

    id: str
    title: Mapping[str, str]
    crucial: bool
    results: tuple[UnitResult, ...]
    weight: float  # share of the whole training time (0 when none of its units has a time)
    coverage: float  # time-weighted over its units; the plain mean when none has a time

    @property
    def gap(self) -> float:
        return max(0.0, 1.0 - self.coverage)

    @property
    def unit_ids(self) -> list[str]:
        return [r.id for r in self.results]

    @property
    def competences(self) -> list[str]:
        return list(dict.fromkeys(c for r in self.results for c in r.unit.competences))

    def gap_hours(self, params: MethodParams, effective: Mapping[str, float] | None = None) -> float | None:
        """Hours of German training the area's uncovered part takes; None when no unit has a time."""
        hours = [gap_hours(r, params, _cov(r, effective)) for r in self.results]
        known = [h for h in hours if h is not None]
        return sum(known) if known else None

    def missing_months(self, duration_months: int, effective: Mapping[str, float] | None = None) -> float | None:
        """Months of the German training that the area's uncovered part takes (its share of the
        training time, uncovered, times the training's length); None when no unit has a time."""
        if self.weight <= 0:
            return None
        return sum(r.weight * (1 - _cov(r, effective)) for r in self.results) * duration_months


def _cov(r: UnitResult, effective: Mapping[str, float] | None) -> float:
    return effective.get(r.id, r.coverage) if effective else r.coverage


def is_general(unit: Unit) -> bool:
    """Taught throughout (standard positions) or learned by work in the field: judged on evidence
    of training or work, not as specialist content."""
    return (unit.kind == "company" and unit.throughout) or unit.field_of_deployment


def area_of_unit(occupation: Occupation) -> dict[str, str]:
    """Unit id -> area id, from the occupation file, or one area per specialist unit without one."""
    if occupation.areas:
        return {u: a.id for a in occupation.areas for u in a.units}
    return {u.id: u.id for u in occupation.units if not is_general(u)}


def specialist_areas(
    occupation: Occupation, results: list[UnitResult], effective: Mapping[str, float] | None = None
) -> list[AreaResult]:
    """The areas of this variant (areas whose units all belong to another specialisation drop out),
    in the occupation file's order. `effective` overrides unit coverage (compensation, additions)."""
    by_id = {r.id: r for r in results}
    groups: list[tuple[str, Mapping[str, str], bool, list[UnitResult]]]
    if occupation.areas:
        groups = [(a.id, a.title, a.crucial, [by_id[u] for u in a.units if u in by_id]) for a in occupation.areas]
    else:
        groups = [(r.id, r.unit.title, r.unit.core, [r]) for r in results if not is_general(r.unit)]
    out = []
    for area_id, title, crucial, members in groups:
        if not members:
            continue
        weight = sum(r.weight for r in members)
        if weight > 0:
            coverage = sum(r.weight * _cov(r, effective) for r in members) / weight
        else:
            coverage = sum(_cov(r, effective) for r in members) / len(members)
        out.append(AreaResult(area_id, dict(title), crucial, tuple(members), weight, coverage))
    return out


def specialist_coverage(areas: list[AreaResult]) -> float:
    """Coverage of the specialist training time: what ranks occupations and what the test of
    "training that qualifies for comparable work" reads."""
    if not areas:
        return 0.0
    weight = sum(a.weight for a in areas)
    if weight > 0:
        return sum(a.weight * a.coverage for a in areas) / weight
    return sum(a.coverage for a in areas) / len(areas)
