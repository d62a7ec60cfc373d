"""Work in the field of deployment: judged on evidence of practice, not on module content.

The 2018 industrial metal and electrical ordinances end with positions learned by qualified work
in the company's chosen field of deployment (Einsatzgebiet), for example BBP 18 of
Elektroniker/-in für Betriebstechnik, 10 to 12 months of the time frames. No school syllabus
teaches them; documented work does. The method asks for as many months of practice as the
ordinance gives these positions, and counts the programme's company phase (internship modules
or its stated work-based share) and the candidate's documented work in the occupation's fields.
Whatever is missing is one difference, "practice in the field of deployment", and the
adaptation plan proposes a supervised company phase for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.models import Curriculum, Profile
from .areas import WEEKS_PER_MONTH
from .coverage import UnitResult
from .params import MethodParams

PRACTICE = "practice"
"""The difference's id; area ids come from occupation files and never take this value."""


@dataclass(frozen=True)
class Practice:
    units: tuple[str, ...]  # the field-of-deployment units
    required_months: float  # the ordinance's time for them
    programme_months: float  # the programme's company phase, or the share the mapping credits
    experience_months: float  # the candidate's documented work in the occupation's fields

    @property
    def shown_months(self) -> float:
        return self.programme_months + self.experience_months

    @property
    def missing_months(self) -> float:
        return max(0.0, self.required_months - self.shown_months)

    @property
    def met(self) -> bool:
        return self.missing_months <= 1e-9

    def to_dict(self) -> dict:
        return {
            "units": list(self.units),
            "required_months": self.required_months,
            "programme_months": self.programme_months,
            "experience_months": self.experience_months,
            "missing_months": self.missing_months,
            "met": self.met,
        }


def programme_company_months(curriculum: Curriculum, params: MethodParams) -> float:
    """The programme's own time in companies: internship modules' hours at a company week's hours,
    or its stated work-based share of the programme's length, whichever is larger."""
    hours = sum(
        (m.hours.total or (m.hours.theory or 0) + (m.hours.practice or 0)) if m.hours else 0.0
        for m in curriculum.modules
        if m.kind == "internship"
    )
    from_hours = hours / (params.company_week_hours * WEEKS_PER_MONTH)
    from_share = (curriculum.work_based_share or 0.0) * (curriculum.duration_months or 0)
    return max(from_hours, from_share)


def documented_experience_months(profile: Profile | None, fields: set[str]) -> float:
    """Months of documented work in any of the occupation's fields; work in several fields at
    once counts once per entry, and self-declared entries count for nothing."""
    if profile is None:
        return 0.0
    return sum(e.total_months for e in profile.experience if e.documented and fields & set(e.competences))


def practice(
    results: list[UnitResult],
    curriculum: Curriculum,
    profile: Profile | None,
    fields: set[str],
    params: MethodParams,
) -> Practice | None:
    """The practice requirement of this variant, or None when its ordinance has no field-of-deployment position."""
    units = [r for r in results if r.unit.field_of_deployment]
    if not units:
        return None
    required = sum((r.unit.weeks or 0.0) for r in units) / WEEKS_PER_MONTH
    credited = sum((r.unit.weeks or 0.0) * r.coverage for r in units) / WEEKS_PER_MONTH
    programme = min(required, max(credited, programme_company_months(curriculum, params)))
    return Practice(
        units=tuple(r.id for r in units),
        required_months=required,
        programme_months=programme,
        experience_months=documented_experience_months(profile, fields),
    )
