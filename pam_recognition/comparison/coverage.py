"""Coverage of each German unit by a curriculum, and the time that weights it (steps 1-2 of site/method.md).

A unit's coverage comes from the links that reach it. Where links name the unit's outcomes,
coverage is the share of outcomes named by at least one link, so an outcome taught by three
modules still counts once. Where links only give a share, the shares add up, capped at 1.
Where both kinds reach a unit, the larger of the two counts: adding them could count the
same content twice, and we would rather understate coverage than overstate it.

Time keeps the two plans apart: company units carry weeks, school units hours. Each plan is
first read as shares of its own total, and the plans are then weighted (school_weight). A
unit taught "throughout" has no time of its own and weighs zero; a unit whose time is not
verified also weighs zero in the time-weighted figures and is flagged, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..graph import CoverLink
from ..model.models import Unit
from .params import MethodParams

FULL = 1 - 1e-9


@dataclass
class UnitResult:
    """One German unit as the comparison sees it."""

    unit: Unit
    coverage: float
    basis: str  # outcomes | shares | outcomes+shares | none
    covered_outcomes: list[str]
    missing_outcomes: list[str]
    outcomes_exact: bool  # False when a share-only link leaves unclear which are missing
    modules: list[str]
    ignored_modules: list[str] = field(default_factory=list)
    weight: float = 0.0  # share of the whole training time (0: throughout or unknown)
    hours: float | None = None  # the unit's time in hours (company weeks converted); None: no time

    @property
    def id(self) -> str:
        return self.unit.id

    @property
    def gap(self) -> float:
        return max(0.0, 1.0 - self.coverage)

    @property
    def throughout(self) -> bool:
        return self.unit.kind == "company" and self.unit.throughout

    @property
    def time(self) -> float | None:
        """Hours (school) or weeks (company); None when there is no verified figure."""
        if self.unit.kind == "school":
            return self.unit.hours
        if self.unit.throughout:
            return None
        return self.unit.weeks

    @property
    def time_unknown(self) -> bool:
        return self.time is None and not self.throughout


def unit_hours(unit: Unit, params: MethodParams) -> float | None:
    """A unit's time in hours: school hours as given, company weeks at company_week_hours."""
    if unit.kind == "school":
        return unit.hours
    if unit.throughout or unit.weeks is None:
        return None
    return unit.weeks * params.company_week_hours


def gap_hours(result: UnitResult, params: MethodParams, coverage: float | None = None) -> float | None:
    hours = result.hours
    if hours is None:
        return None
    cov = result.coverage if coverage is None else coverage
    return max(0.0, 1.0 - cov) * hours


@dataclass(frozen=True)
class TimeBase:
    """The denominators of the two plans, their effective weights in the total, and the hours
    each school unit counts with (see time_base for when these differ from the unit's own)."""

    company_weeks: float
    school_hours: float
    company_weight: float
    school_weight: float
    school_unit_hours: Mapping[str, float] = field(default_factory=dict)
    school_basis: str = "verified"  # verified | declared-total | left-out | none

    @property
    def has_time(self) -> bool:
        return self.company_weeks > 0 or self.school_hours > 0

    def school_hours_of(self, unit: Unit) -> float:
        return self.school_unit_hours.get(unit.id, 0.0)

    def weight(self, unit: Unit) -> float:
        if unit.kind == "school":
            if self.school_hours <= 0:
                return 0.0
            return self.school_weight * self.school_hours_of(unit) / self.school_hours
        if unit.throughout or unit.weeks is None or self.company_weeks <= 0:
            return 0.0
        return self.company_weight * unit.weeks / self.company_weeks


def _school_plan(units: list[Unit], declared_total: float | None) -> tuple[dict[str, float], float, str]:
    """Hours per school unit, the plan's denominator, and how they were set.

    A plan whose units all carry verified hours counts as it is. When only some do, the few
    verified units must not carry the whole plan's weight: with a declared plan total (the
    Rahmenlehrplan's), that total is the denominator and the units without hours share the rest
    evenly, like company weeks derived from time frames; without one, the plan is left out of the
    time weighting (its units still count in unit coverage and the core-unit rule).
    """
    school = [u for u in units if u.kind == "school"]
    known = {u.id: float(u.hours) for u in school if u.hours is not None}
    if not school or not known:
        return {}, 0.0, "none"
    missing = [u.id for u in school if u.hours is None]
    if not missing:
        return known, sum(known.values()), "verified"
    rest = (declared_total or 0.0) - sum(known.values())
    if declared_total and rest > 0:
        share = rest / len(missing)
        return {**known, **dict.fromkeys(missing, share)}, float(declared_total), "declared-total"
    return {}, 0.0, "left-out"


def time_base(units: Iterable[Unit], params: MethodParams, declared_school_hours: float | None = None) -> TimeBase:
    """Plan totals from verified times only; a plan without time hands its weight to the other."""
    units = list(units)
    weeks = sum(u.weeks or 0.0 for u in units if u.kind == "company" and not u.throughout)
    unit_hours_map, hours, basis = _school_plan(units, declared_school_hours)
    school_w = params.school_weight
    company_w = 1.0 - school_w
    if weeks <= 0 and hours > 0:
        school_w, company_w = 1.0, 0.0
    elif hours <= 0 and weeks > 0:
        school_w, company_w = 0.0, 1.0
    elif hours <= 0 and weeks <= 0:
        school_w = company_w = 0.0
    return TimeBase(weeks, hours, company_w, school_w, unit_hours_map, basis)


def measure(
    units: list[Unit], links: Iterable[CoverLink], params: MethodParams, base: TimeBase | None = None
) -> list[UnitResult]:
    """Coverage per unit, in the occupation's unit order. Links to other units are ignored."""
    by_unit: dict[str, list[CoverLink]] = {u.id: [] for u in units}
    for cover in links:
        if cover.unit.id in by_unit:
            by_unit[cover.unit.id].append(cover)
    base = base or time_base(units, params)
    return [_measure_unit(unit, by_unit[unit.id], base, params) for unit in units]


def _measure_unit(unit: Unit, links: list[CoverLink], base: TimeBase, params: MethodParams) -> UnitResult:
    outcome_ids = [o.id for o in unit.outcomes]
    known = set(outcome_ids)
    covered: set[str] = set()
    share = 0.0
    modules: list[str] = []
    ignored: list[str] = []
    has_outcome_links = has_share_links = False
    for cover in links:
        link = cover.link
        if link.confidence < params.min_link_confidence:
            ignored.append(cover.module.id)
            continue
        if cover.module.id not in modules:
            modules.append(cover.module.id)
        if link.outcomes:
            has_outcome_links = True
            covered |= set(link.outcomes) & known
        elif link.coverage is not None:
            has_share_links = True
            share += link.coverage
    outcome_share = len(covered) / len(outcome_ids) if outcome_ids else 0.0
    share = min(1.0, share)
    coverage = max(outcome_share, share)
    if has_outcome_links and has_share_links:
        basis = "outcomes+shares"
    elif has_outcome_links:
        basis = "outcomes"
    elif has_share_links:
        basis = "shares"
    else:
        basis = "none"
    missing = [o for o in outcome_ids if o not in covered]
    # which outcomes are missing is only known when no share-only link lifted the coverage
    exact = coverage >= FULL or share <= outcome_share or not has_share_links
    return UnitResult(
        unit=unit,
        coverage=coverage,
        basis=basis,
        covered_outcomes=[o for o in outcome_ids if o in covered],
        missing_outcomes=[] if coverage >= FULL else missing,
        outcomes_exact=exact,
        modules=sorted(modules),
        ignored_modules=sorted(ignored),
        weight=base.weight(unit),
        hours=unit_hours(unit, params),
    )


def summarise(results: list[UnitResult], base: TimeBase, effective: dict[str, float] | None = None) -> dict:
    """Company, school and time-weighted total coverage, plus the plain mean over units.

    `effective` overrides coverage per unit id (after compensation or a designer's addition).
    """

    def cov(r: UnitResult) -> float:
        return effective.get(r.id, r.coverage) if effective else r.coverage

    company_num = sum(
        cov(r) * (r.unit.weeks or 0.0) for r in results if r.unit.kind == "company" and not r.unit.throughout
    )
    school_num = sum(cov(r) * base.school_hours_of(r.unit) for r in results if r.unit.kind == "school")
    company = company_num / base.company_weeks if base.company_weeks > 0 else None
    school = school_num / base.school_hours if base.school_hours > 0 else None
    mean = sum(cov(r) for r in results) / len(results) if results else 0.0
    if base.has_time:
        total = base.company_weight * (company or 0.0) + base.school_weight * (school or 0.0)
    else:
        total = mean
    return {"total": total, "company": company, "school": school, "unit_mean": mean, "time_weighted": base.has_time}


def comparable_weights(results: list[UnitResult], base: TimeBase) -> dict[str, float]:
    """Each unit's share of the training time with field-of-deployment units left out (they are
    learned through work in a field after the basics, so a school-based programme is not
    expected to teach them); without any verified time, every other unit weighs the same."""
    kept = [r for r in results if not r.unit.field_of_deployment]
    if base.has_time:
        total = sum(r.weight for r in kept)
        return {r.id: (r.weight / total if total > 0 else 0.0) for r in kept}
    return {r.id: 1.0 / len(kept) for r in kept} if kept else {}


def comparable_total(results: list[UnitResult], base: TimeBase, effective: dict[str, float] | None = None) -> float:
    """Coverage of the training time without field-of-deployment units: what the method's test of
    "training that qualifies for comparable work" reads (the outcome 'none')."""
    weights = comparable_weights(results, base)
    return sum(
        w * (effective.get(r.id, r.coverage) if effective else r.coverage)
        for r in results
        for w in [weights.get(r.id, 0.0)]
    )
