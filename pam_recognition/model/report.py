"""The gap report's JSON as a declared model: every key `compare --format json` writes.

The engine builds the report as a dict (comparison/engine.py); `Report.to_json()` checks it
against this model where the JSON is written, so a key the model does not declare, or a value of the wrong kind, fails at
once instead of reaching a page or a reader's tool. `pam-recognition schemas` writes the model's
JSON Schema to `pam_recognition/schemas/report.schema.json`, which documents every key. Blocks
written by other stages and read as a whole (programme, the green view, sources, parameters) are
declared as objects and documented where they are made.

Every sentence is there twice: as a code with its parameters (`reason_codes`, `note_codes`,
`*_code`: what the renderers read, comparison/words.py) and, for readers of the JSON, as the
English text rendered from the English catalogue (`reasons`, `notes`, ...).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

LangText = dict[str, str]
Outcome = Literal["full", "partial", "none", "not_assessable"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Said(_Part):
    """One sentence of the report as the engine emits it: a code and what it cites. Each
    language's report catalogue (pam_recognition/i18n/reports/<lang>.yaml) holds the words for the
    code; the English text next to it in the JSON is rendered from the English catalogue."""

    code: str = Field(description="A key of the report catalogues.")
    params: dict[str, Any] = Field(
        description="What the sentence cites: figures (unrounded), ids, names per language, nested "
        "sentences ({code, params}) and free text from the data."
    )


class Standing(_Part):
    state_regulated: bool | None = Field(description="Whether the award completes state-regulated training.")
    note: str | None = Field(description="Why the standing to apply is missing or unknown (English).")
    note_code: Said | None


class Assessability(_Part):
    assessable: bool
    reasons: list[str] = Field(description="Why no verdict can be given (English).")
    reason_codes: list[Said]
    missing_documents: list[str] = Field(description="The documents that would make a verdict possible (English).")
    missing_document_codes: list[Said]
    undocumented_modules: list[str]
    undocumented_share: float
    share_measure: Literal["hours", "credits", "modules"]
    modules_complete: bool
    missing_part: str | None = Field(description="The part the module list lacks, as the data says (free text).")
    missing_share_size: float
    hours_per_credit: float | None
    unverified_time_share: float
    skills_analysis: str | None = Field(description="What the competent body can do without documents (English).")
    skills_analysis_code: Said | None


class CompetentBody(_Part):
    chamber: Literal["IHK", "HWK"]
    type: str
    name: str = Field(description="The body that decides (English).")
    name_code: Said
    legal_basis: str
    legal_basis_code: Said
    note: str | None = Field(description="The occupation file's note on the chamber, in English.")
    note_texts: LangText | None = Field(description="The same note in every language the data gives.")


class Coverage(_Part):
    specialist: float = Field(
        description="Time-weighted coverage of the occupation's specialist areas: decides and ranks."
    )
    total: float = Field(description="Time-weighted coverage of the whole German training.")
    company: float | None = Field(description="Coverage of the company plan (weeks); null without verified weeks.")
    school: float | None = Field(description="Coverage of the school plan (hours); null without verified hours.")
    unit_mean: float = Field(description="Plain mean of the units' coverage.")
    time_weighted: bool


class CoveredBy(_Part):
    module: str
    code: str | None
    title: LangText
    predicate: str
    outcomes: list[str] = Field(description="The unit's outcomes the link names (empty for a share-only link).")
    share: float | None = Field(description="The share of the unit the link gives, if it gives one.")
    confidence: float
    justification: str
    note: LangText | None = Field(description="The curator's note on the link (English for a suggested link).")
    note_code: Said | None = Field(description="A suggested link's note as a code; null for a curator's own note.")


class UnitRow(_Part):
    id: str
    number: str | None
    title: LangText
    kind: Literal["school", "company"]
    core: bool
    year: int | None
    specialisation: str | None
    field_of_deployment: bool
    area: str | None = Field(
        description="The specialist area the unit belongs to; null for general and practice units."
    )
    scope: Literal["specialist", "general", "practice"]
    coverage: float
    gap: float
    gap_hours: float | None
    gap_weeks: float | None
    hours: float | None
    weeks: float | None
    weeks_basis: str | None
    throughout: bool
    time_unknown: bool
    weight: float = Field(description="The unit's share of the whole training time.")
    status: Literal["covered", "partial", "gap", "difference", "compensated", "resolved", "general"]
    basis: str
    modules: list[str]
    covered_by: list[CoveredBy]
    ignored_modules: list[str]
    covered_outcomes: list[str]
    missing_outcomes: list[str]
    outcomes_exact: bool
    competences: list[str]
    rules: list[str] = Field(description="The rules that made the unit part of a difference.")


class AreaRow(_Part):
    id: str
    title: LangText
    crucial: bool
    units: list[str]
    weight: float
    coverage: float
    missing_months: float | None = Field(description="Months of the German training the area's gap takes.")
    status: Literal["covered", "partial", "gap", "difference", "compensated", "resolved"]
    rules: list[str]
    reasons: list[str] = Field(description="Why the area is a difference (English).")
    reason_codes: list[Said]


class PracticeBlock(_Part):
    units: list[str]
    required_months: float
    programme_months: float
    experience_months: float
    missing_months: float
    met: bool


class DifferenceRow(_Part):
    area: str = Field(description="An area id, or 'practice'.")
    title: str
    rules: list[Literal["crucial-area", "total-gap", "practice"]]
    reasons: list[str] = Field(description="The difference's reasons (English), one per rule.")
    reason_codes: list[Said]
    figures: dict[str, float] = Field(
        description="The figures the reasons cite that no other key holds: for the total-gap rule, "
        "total_gap (the uncovered share of the specialist time) and share (this area's part of it)."
    )


class EvidenceRow(_Part):
    kind: Literal["experience", "further_qualification"]
    index: int
    months: float | None
    hours: float | None
    competences: list[str]
    share: float = Field(description="How much of the needed time or hours this entry supplies.")


class CompensationRow(_Part):
    area: str
    difference: bool
    competences: list[str]
    needed_months: float | None
    needed_hours: float | None
    share: float
    complete: bool
    by: list[EvidenceRow]
    reason: str = Field(description="What shows the compensation (English).")
    reason_code: Said


class LearnItem(_Part):
    id: str
    unit: str
    text: str


class MonthsRange(_Part):
    low: float
    high: float


class PlanItem(_Part):
    area: str
    kind: Literal["area", "practice"]
    title: LangText
    title_code: Said | None = Field(default=None, description="The item's name when the engine gives it (practice).")
    crucial: bool
    coverage: float
    units: list[str]
    learn: list[LearnItem]
    learn_note: str
    learn_note_codes: list[Said]
    missing_months: float | None
    months: MonthsRange | None
    time_unknown: bool
    reasons: list[str]
    reason_codes: list[Said]


class AdaptationPlan(_Part):
    items: list[PlanItem]
    total_months: MonthsRange | None
    time_unknown_areas: list[str]
    basis: str
    basis_code: Said
    exceeds_recognition_measure: bool
    alternatives: str | None
    alternatives_code: Said | None


class Addition(_Part):
    area: str
    title: LangText
    title_code: Said | None = Field(
        default=None, description="The addition's name when the engine gives it (practice)."
    )
    crucial: bool
    closes_difference: bool
    add: list[LearnItem]
    hours: float | None
    coverage_gain: float
    gain_per_100_hours: float | None
    coverage_after: float
    outcome_after: Outcome | None


class GapReport(_Part):
    """One comparison of a programme with a German occupation (method version in the report)."""

    method_version: str
    parameters: dict[str, Any] = Field(description="The method's parameters used (site/method.md).")
    parameters_changed: list[str]
    indicative: str
    indicative_code: Said
    curriculum: str
    occupation: str
    titles: dict[str, LangText]
    country: str
    specialisation: dict[str, Any] | None
    mapping_basis: Literal["curated", "suggested"]
    estimate: bool = Field(description="True for links suggested automatically: figures only, outcome null.")
    mapping: dict[str, Any] | None
    programme: dict[str, Any]
    standing: Standing
    assessability: Assessability
    review: dict[str, Any] | None
    sources: list[dict[str, Any]]
    green: dict[str, Any] | None
    competent_body: CompetentBody
    coverage: Coverage
    coverage_comparable: float
    coverage_after_compensation: dict[str, Any] | None
    areas: list[AreaRow]
    practice: PracticeBlock | None
    practice_without_profile: PracticeBlock | None
    units: list[UnitRow]
    differences: list[DifferenceRow]
    substantial_differences: list[str] = Field(description="The units inside substantial differences.")
    compensated: list[str]
    compensated_areas: list[str]
    resolved: list[str]
    remaining_differences: list[str]
    remaining_areas: list[str]
    compensation: list[CompensationRow]
    profile_used: bool
    outcome: Outcome | None = Field(description="Null for an estimate from suggested links.")
    outcome_without_profile: Outcome | None
    reasons: list[str] = Field(description="The outcome's reasons (English, rendered from reason_codes).")
    reason_codes: list[Said] = Field(description="The outcome's reasons as codes: what every renderer reads.")
    adaptation_plan: AdaptationPlan
    best_additions: list[Addition]
    notes: list[str] = Field(description="What the reader must know to read the figures (English).")
    note_codes: list[Said]
    degree_route: dict[str, Any] | None = Field(
        default=None, description="The ZAB/anabin route for a university degree (added by the command line)."
    )
