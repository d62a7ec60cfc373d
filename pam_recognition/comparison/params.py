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

METHOD_VERSION = "3.0.0"

Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False), BeforeValidator(_plain_number)]
Positive = Annotated[float, Field(gt=0, le=200, allow_inf_nan=False), BeforeValidator(_plain_number)]


class MethodParams(BaseModel):
    """Thresholds and conversion factors; defaults are documented in site/method.md."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    # --- substantial differences (judged per specialist area) ---------------------------
    core_min_coverage: Share = Field(
        0.5,
        description="A crucial area (one the final examination tests as part of the practical work or "
        "an examination area) covered less than this share is a substantial difference. Half, not "
        "all: competent bodies do not require complete conformance (IHK FOSA), and a curated share "
        "is a lower bound read from module titles.",
    )
    max_total_gap_share: Share = Field(
        0.3,
        description="If the uncovered parts of the specialist areas add up to more than this share of "
        "the specialist training time, the largest area gaps are named as substantial differences "
        "until what remains is within this share.",
    )
    none_below_coverage: Share = Field(
        0.1,
        description="If the curriculum covers less than this share of the specialist training time, "
        "it is not taken to qualify for comparable work: no equivalence.",
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
    # --- compensation and practice ------------------------------------------------------
    compensation_min_share: Share = Field(
        1.0,
        description="Share of a difference's competences that documented experience or courses must show "
        "to count for it.",
    )
    experience_factor: Annotated[float, Field(ge=0.5, le=5, allow_inf_nan=False), BeforeValidator(_plain_number)] = (
        Field(
            1.5,
            description="Months of documented work that stand for one month of missing training. The "
            "external examination admits a person who has worked in the occupation for one and a half "
            "times the training time (§ 45(2) BBiG, § 37(2) HwO); the method reads experience at the same "
            "rate, area by area.",
        )
    )
    course_hours_min_share: Share = Field(
        0.5,
        description="A further-training course makes up for a difference in proportion to its hours: "
        "hours equal to this share of the difference's gap in hours count in full; a course without "
        "stated hours does not count.",
    )
    compensation_accepts_narrower: bool = Field(
        False,
        description="Count a profile competence that is narrower than the unit's (e.g. one kind "
        "of welding for welding) as showing it.",
    )
    # --- adaptation ---------------------------------------------------------------------
    adaptation_low_share: Share = Field(
        0.25,
        description="Shortest adaptation, as a share of the missing training months: content taught "
        "as a course, with practice already shown elsewhere.",
    )
    adaptation_high_share: Share = Field(
        0.5,
        description="Longest adaptation, as a share of the missing training months: content learned "
        "in a company under guidance, as most adaptation qualifications are.",
    )
    recognition_measure_max_months: Annotated[int, Field(ge=1, le=60), BeforeValidator(_plain_number)] = Field(
        24,
        description="Longest stay for a recognition measure the method points to (§ 16d(1) AufenthG); an "
        "adaptation estimate beyond it points to vocational training (§ 16a) or the external "
        "examination instead.",
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
