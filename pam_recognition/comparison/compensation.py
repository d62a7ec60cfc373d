"""Compensation of differences by a candidate's profile (BQFG § 4(2) no. 3; site/method.md).

The law lets relevant professional experience and other proof of competence make up for a
substantial difference. We read a profile's experience and further qualifications as sets of
competence tags; a gap unit is compensated when those tags show (compensation_min_share of)
the unit's competences. Both count only as far as they can be documented (employer references,
certificates, pay slips): the report calls a compensated result "possible if documented".
Experience counts from experience_min_years (the method's rule; the law sets no minimum); a
course counts for a unit only with stated hours of at least course_hours_min_share of the unit's
gap, so a short course cannot stand in for months of training. The profile is input only: this module keeps nothing, writes nothing,
and reports a source by its position and figures, not by its free text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model.models import Profile
from .coverage import UnitResult, gap_hours
from .params import MethodParams


@dataclass(frozen=True)
class Evidence:
    """One entry of the profile that shows some of a unit's competences."""

    kind: str  # experience | further_qualification
    index: int  # 1-based position in the profile
    years: float | None
    hours: float | None
    competences: tuple[str, ...]

    def describe(self) -> str:
        what = "professional experience" if self.kind == "experience" else "further qualification"
        amount = (
            f"{self.years:g} years"
            if self.years is not None
            else (f"{self.hours:g} hours" if self.hours is not None else "hours not given")
        )
        return f"{what} no. {self.index} ({amount}): {', '.join(self.competences)}"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "index": self.index,
            "years": self.years,
            "hours": self.hours,
            "competences": list(self.competences),
        }


@dataclass
class Compensation:
    unit: str
    matched: list[str]
    unmatched: list[str]
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return (
            "shown by "
            + "; ".join(e.describe() for e in self.evidence)
            + (" (counts only if documented: employer references, work certificates, course certificates)")
        )


def _entries(profile: Profile, params: MethodParams) -> list[tuple[str, int, float | None, float | None, list[str]]]:
    out: list[tuple[str, int, float | None, float | None, list[str]]] = []
    for i, exp in enumerate(profile.experience, 1):
        if exp.years >= params.experience_min_years:
            out.append(("experience", i, exp.years, None, exp.competences))
    for i, fq in enumerate(profile.further_qualifications, 1):
        if fq.hours:
            out.append(("further_qualification", i, None, fq.hours, fq.competences))
    return out


def _counts_for(kind: str, hours: float | None, result: UnitResult, params: MethodParams) -> bool:
    """Experience entries are already filtered by years; a course needs enough hours for this unit."""
    if kind != "further_qualification":
        return True
    gap = gap_hours(result, params)
    return gap is None or (hours or 0.0) >= params.course_hours_min_share * gap - 1e-9


def compensate(
    results: list[UnitResult],
    profile: Profile | None,
    params: MethodParams,
    broader_closure: Callable[[str], list[str]],
) -> dict[str, Compensation]:
    """Units with a gap whose competences the profile shows, with what shows them."""
    if profile is None:
        return {}
    entries = _entries(profile, params)
    out: dict[str, Compensation] = {}
    for r in results:
        needed = list(dict.fromkeys(r.unit.competences))
        if r.gap <= 1e-9 or not needed:
            continue
        matched: list[str] = []
        evidence: list[Evidence] = []
        for kind, index, years, hours, comps in entries:
            if not _counts_for(kind, hours, r, params):
                continue
            shown = [c for c in needed if _shows(c, comps, params, broader_closure)]
            if shown:
                evidence.append(Evidence(kind, index, years, hours, tuple(shown)))
                matched.extend(c for c in shown if c not in matched)
        if len(matched) / len(needed) >= params.compensation_min_share - 1e-9:
            out[r.id] = Compensation(
                r.id, [c for c in needed if c in matched], [c for c in needed if c not in matched], evidence
            )
    return out


def _shows(needed: str, comps: list[str], params: MethodParams, broader_closure: Callable[[str], list[str]]) -> bool:
    if needed in comps:
        return True
    if params.compensation_accepts_narrower:
        return any(needed in broader_closure(c) for c in comps)
    return False
