"""The declared, versioned parameter set of the comparison method (site/method.md).

German recognition law (BQFG § 4, § 40a HwO) names no numeric threshold: the competent body
weighs content and duration case by case. Our forecast needs numbers, so every number the
method uses is declared here, with a default and the reason for it, printed on every report
and explained on the method page. Nothing numeric that changes a result lives in the code.
Change a value with `--params FILE` (a YAML file with any of these keys); the report then
names the changed keys, so an indicative result can never be mistaken for the default one.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..model.models import _plain_number

METHOD_VERSION = "2.0.0"

Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False), BeforeValidator(_plain_number)]
Positive = Annotated[float, Field(gt=0, le=200, allow_inf_nan=False), BeforeValidator(_plain_number)]


class MethodParams(BaseModel):
    """Thresholds and conversion factors; defaults are documented in site/method.md."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    # --- substantial differences -------------------------------------------------------
    core_min_coverage: Share = Field(
        0.7,
        description="A core unit (one whose content is essential for the occupation) covered "
        "less than this share is a substantial difference.",
    )
    max_total_gap_share: Share = Field(
        0.2,
        description="If the uncovered parts of all units add up to more than this share of the "
        "German training time, the largest gaps are named as substantial differences "
        "until what remains is within this share.",
    )
    none_below_coverage: Share = Field(
        0.1,
        description="If the curriculum covers less than this share of the German training time "
        "(field-of-deployment units left out), it is not taken to qualify for comparable "
        "work: no equivalence.",
    )
    # --- assessability -------------------------------------------------------------------
    max_unverified_time_share: Share = Field(
        0.25,
        description="If more than this share of the German training time is judged uncovered while "
        "the programme's undocumented technical part could be teaching it (uncovered share "
        "x undocumented share of the technical part), the data cannot carry a verdict: "
        "the result is 'cannot be assessed yet'.",
    )
    # --- time ----------------------------------------------------------------------------
    school_weight: Share = Field(
        0.3,
        description="Weight of the school plan (Lernfelder) in the time-weighted total; the "
        "company plan gets the rest. Berufsschule is at least 12 of about 40 hours "
        "a week (KMK framework agreement).",
    )
    company_week_hours: Positive = Field(
        40.0,
        description="Hours in one week of company training, to express company gaps in hours.",
    )
    adaptation_hours_per_week: Positive = Field(
        40.0,
        description="Hours per week of a full-time adaptation qualification, to turn hours into weeks.",
    )
    # --- links -----------------------------------------------------------------------------
    min_link_confidence: Share = Field(
        0.0,
        description="Links with a lower confidence are left out (default: every link counts).",
    )
    suggested_exact_weight: Share = Field(
        0.5,
        description="Suggested links: how much a module counts for a unit competence it shares "
        "exactly. A shared tag shows that the module touches the subject, not that it "
        "teaches all of it, so a suggestion credits at most half a unit by default; "
        "only a curated link can say more.",
    )
    related_match_weight: Share = Field(
        0.5,
        description="Suggested links: the share of an exact match's credit given when a module "
        "matches a unit competence only through the broader/narrower hierarchy.",
    )
    # --- compensation --------------------------------------------------------------------
    compensation_min_share: Share = Field(
        1.0,
        description="Share of a gap unit's competences the candidate's experience and further "
        "qualifications must show to compensate it.",
    )
    experience_min_years: Annotated[float, Field(ge=0, le=60, allow_inf_nan=False), BeforeValidator(_plain_number)] = (
        Field(
            1.0,
            description="The method does not count professional experience shorter than this (in years); "
            "the law sets no minimum.",
        )
    )
    course_hours_min_share: Share = Field(
        0.5,
        description="A further-training course shows a unit's competences only if its hours are at "
        "least this share of the unit's gap in hours; a course without stated hours does "
        "not count.",
    )
    compensation_accepts_narrower: bool = Field(
        False,
        description="Count a profile competence that is narrower than the unit's (e.g. one kind "
        "of welding for welding) as showing it.",
    )
    # --- output --------------------------------------------------------------------------
    best_additions_limit: Annotated[int, Field(ge=0, le=200), BeforeValidator(_plain_number)] = Field(
        10, description="How many curriculum additions to list for designers."
    )

    def changed(self) -> list[str]:
        """Names of the parameters that differ from the defaults, for the report."""
        default = MethodParams()
        return sorted(k for k in type(self).model_fields if getattr(self, k) != getattr(default, k))


DEFAULT_PARAMS = MethodParams()
