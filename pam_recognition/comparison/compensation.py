"""Compensation of differences by a candidate's profile (BQFG § 4(2) no. 3; site/method.md, step 4).

The law lets relevant professional experience and other proof of competence make up for a
substantial difference. Method 3 weighs them area by area and by time, so that experience is
neither a cliff nor a blanket: a difference in an area needs documented work in that area's
fields for `experience_factor` (1.5) times the training months the area's gap takes in the German
training, the rate at which the external examination reads work for training (§ 45(2) BBiG,
§ 37(2) HwO), or courses with hours of at least `course_hours_min_share` of the gap's hours. Parts
add up: nine months of work where twelve are needed and a course of half the needed hours close
the difference together. Self-declared experience counts for nothing until it is documented.

The profile is input only: this module keeps nothing, writes nothing, and reports a source by its
position and figures, not by its free text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model.models import Profile
from .areas import AreaResult
from .params import MethodParams
from .words import Said, english, said

EPS = 1e-9


@dataclass(frozen=True)
class Evidence:
    """One entry of the profile that counts towards a difference."""

    kind: str  # experience | further_qualification
    index: int  # 1-based position in the profile
    months: float | None
    hours: float | None
    competences: tuple[str, ...]
    share: float  # how much of the needed time or hours this entry supplies

    def describe(self) -> Said:
        """The entry as the reason names it: by its position and figures, never its free text."""
        if self.months is not None:
            return said(
                "evidence_months",
                kind=said(f"evidence_{self.kind}"),
                index=self.index,
                months=self.months,
                competences=list(self.competences),
            )
        return said(
            "evidence_hours",
            kind=said(f"evidence_{self.kind}"),
            index=self.index,
            hours=self.hours or 0.0,
            competences=list(self.competences),
        )

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "index": self.index,
            "months": self.months,
            "hours": self.hours,
            "competences": list(self.competences),
            "share": self.share,
        }


@dataclass
class Compensation:
    area: str
    matched: list[str]
    unmatched: list[str]
    needed_months: float | None
    needed_hours: float | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def share(self) -> float:
        return sum(e.share for e in self.evidence)

    @property
    def complete(self) -> bool:
        return self.share >= 1 - EPS

    @property
    def reason(self) -> Said:
        return said("compensation_shown", evidence=[e.describe() for e in self.evidence])

    def to_dict(self, is_difference: bool) -> dict:
        return {
            "area": self.area,
            "difference": is_difference,
            "competences": self.matched,
            "needed_months": self.needed_months,
            "needed_hours": self.needed_hours,
            "share": min(1.0, self.share),
            "complete": self.complete,
            "by": [e.to_dict() for e in self.evidence],
            "reason": english(self.reason),
            "reason_code": self.reason,
        }


def compensate(
    areas: list[AreaResult],
    differences: set[str],
    profile: Profile | None,
    params: MethodParams,
    duration_months: int,
    broader_closure: Callable[[str], list[str]],
) -> dict[str, Compensation]:
    """For each area that is a difference: what the profile shows for it, complete or not."""
    if profile is None:
        return {}
    out: dict[str, Compensation] = {}
    for area in areas:
        needed = area.competences
        if area.id not in differences or not needed:
            continue
        months = area.missing_months(duration_months)
        hours = area.gap_hours(params)
        matched: list[str] = []
        evidence: list[Evidence] = []
        for index, exp in enumerate(profile.experience, 1):
            shown = [c for c in needed if _shows(c, exp.competences, params, broader_closure)]
            if not shown or not exp.documented:
                continue
            share = exp.total_months / (params.experience_factor * months) if months else 0.0
            evidence.append(Evidence("experience", index, exp.total_months, None, tuple(shown), share))
            matched.extend(c for c in shown if c not in matched)
        for index, fq in enumerate(profile.further_qualifications, 1):
            shown = [c for c in needed if _shows(c, fq.competences, params, broader_closure)]
            if not shown or not fq.hours:
                continue
            share = fq.hours / (params.course_hours_min_share * hours) if hours else 0.0
            evidence.append(Evidence("further_qualification", index, None, fq.hours, tuple(shown), share))
            matched.extend(c for c in shown if c not in matched)
        if not evidence:
            continue
        if len(matched) / len(needed) < params.compensation_min_share - EPS:
            evidence = [Evidence(e.kind, e.index, e.months, e.hours, e.competences, 0.0) for e in evidence]
        out[area.id] = Compensation(
            area.id,
            [c for c in needed if c in matched],
            [c for c in needed if c not in matched],
            months,
            hours,
            evidence,
        )
    return out


def _shows(needed: str, comps: list[str], params: MethodParams, broader_closure: Callable[[str], list[str]]) -> bool:
    if needed in comps:
        return True
    if params.compensation_accepts_narrower:
        return any(needed in broader_closure(c) for c in comps)
    return False
