"""The data model of the knowledge base as pydantic models (docs/architecture.md: data contracts).

The key names are a contract: tests, tools and other people's scripts read these files, so
fields are added where the domain needs them but never renamed. Models forbid unknown keys so
that a typo ("hourz") is reported instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..common.registry import registry
from .source_urls import url_problem

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MAX_HOURS = 10_000  # far above any programme; catches a misplaced digit

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Lower-case slug: letters a-z, digits, single hyphens between them."),
]
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]


def _trusted_url(value: str) -> str:
    problem = url_problem(value)
    if problem:
        raise PydanticCustomError("url_untrusted", problem[0], {"hint": problem[1]})
    return value


Url = Annotated[
    str,
    # no backslash before the quote: ECMAScript regular expressions in unicode mode (JSON
    # Schema validators, editors) reject an escape of a character that needs none
    StringConstraints(pattern="^https?://[^\\s<>\"']+$", max_length=2000),
    AfterValidator(_trusted_url),
    Field(
        description="An https address a reader can open (http only for identifiers such as ESCO URIs; no bare IP hosts)."
    ),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


def _require_en(value: dict[str, str]) -> dict[str, str]:
    if "en" not in value:
        raise ValueError("an English text ('en') is required in every language map")
    for lang, text in value.items():
        if not text.strip():
            raise ValueError(f"the '{lang}' text is empty")
    return value


LangMap = Annotated[
    dict[LangCode, Text],
    AfterValidator(_require_en),
    Field(
        description="Text per language code, e.g. {en: ..., de: ..., vi: ...}; 'en' is required.",
        # what _require_en and LangCode enforce, stated for JSON Schema so an editor flags it too
        json_schema_extra={"required": ["en"], "additionalProperties": False},
    ),
]


def _plain_number(value: object) -> object:
    """Numbers must be written as numbers. pydantic's lax mode turns true into 1.0 ('hours: yes'
    would silently mean one hour) and the text "40" into 40; a value in quotes is text in
    YAML, and another reader of the file (a JSON tool, a script) would see text, so both are
    refused. Where a value is a code that looks like a number (a KldB code), the field is text."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a number (YAML reads yes/no/on/off as true/false)")
    if isinstance(value, str):
        # Whatever pydantic would read as a number ("1_000", " 40 ", "8e1") is refused as a
        # quoted number; other text is left to the type's own message ("a valid number").
        try:
            number = float(value.replace("_", ""))
        except ValueError:
            return value
        if math.isfinite(number):
            raise ValueError(f"'{value.strip()}' is a number in quotes, which is text: write it without quotes")
    return value


Hours = Annotated[float, Field(ge=0, le=MAX_HOURS, allow_inf_nan=False), BeforeValidator(_plain_number)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False), BeforeValidator(_plain_number)]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, numbers must be finite."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=False, defer_build=True)


def _check_unverified(model: BaseModel, unverified: dict[str, str]) -> None:
    for name in unverified:
        if name not in type(model).model_fields:
            raise ValueError(f"'unverified' names '{name}', which is not a field here")
        if getattr(model, name) not in (None, [], {}):
            raise ValueError(f"'{name}' is marked unverified but has a value; remove the value or the mark")


SourceKind = Literal["official", "secondary-copy", "literature", "other"]


class Source(Strict):
    """Where a fact comes from, so a reader can check it, and how close it is to the issuer."""

    title: Text
    publisher: Text
    year: Annotated[int, Field(ge=1900, le=2100), BeforeValidator(_plain_number)] | None = Field(
        default=None,
        description="Year of the document. Leave it out when the document carries none: its 'accessed' date "
        "then stands for it.",
    )
    url: Url
    kind: SourceKind = Field(
        description="official: published by the issuing ministry, authority, chamber, KMK or the "
        "institution itself; secondary-copy: a copy of such a document elsewhere (say of what in "
        "'copy_of'); literature: a journal article or report; other: news, blogs, data sets.",
    )
    copy_of: Text | None = Field(
        default=None,
        description="For a secondary copy: the document it reproduces and who issued it.",
    )
    accessed: dt.date = Field(
        description="Last checked: when the source was last opened and compared with the values it supports.",
    )
    note: Text | None = None

    @model_validator(mode="after")
    def _copy(self) -> Source:
        if self.kind == "secondary-copy" and not self.copy_of:
            raise ValueError("a secondary copy needs 'copy_of': the document it reproduces and who issued it")
        if self.copy_of and self.kind != "secondary-copy":
            raise ValueError(f"'copy_of' is only for kind 'secondary-copy', not '{self.kind}'")
        return self

    @property
    def dated(self) -> str:
        """The year to show, or for an undated document the day it was read (which stands for it)."""
        return str(self.year) if self.year is not None else self.accessed.isoformat()


Sources = Annotated[list[Source], Field(min_length=1)]


class Outcome(Strict):
    id: Slug
    text: LangMap


def _unique_ids(items: list, what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"duplicate {what} id '{item.id}'")
        seen.add(item.id)


# ---------------------------------------------------------------- German occupations


class Levels(Strict):
    dqr: Annotated[int, Field(ge=1, le=8), BeforeValidator(_plain_number)]
    eqf: Annotated[int, Field(ge=1, le=8), BeforeValidator(_plain_number)]


# SKOS mapping properties, read with our entity as subject: 'A broadMatch B' says B is broader.
Predicate = Literal["exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"]
ESCO_MATCH_DESCRIPTION = (
    "How close the ESCO concept is, as a SKOS mapping property with this entity as subject: "
    "exactMatch only where ESCO has the same concept; closeMatch for a closest-match judgement; "
    "broadMatch where the ESCO concept is broader, narrowMatch where it is narrower."
)


def _check_esco_match(esco: str | None, esco_match: str | None) -> None:
    """An ESCO link without its strength would be read as an equivalence by whoever guesses."""
    if esco is not None and esco_match is None:
        raise ValueError(
            "'esco' needs 'esco_match' (exactMatch, closeMatch, broadMatch, narrowMatch "
            "or relatedMatch) to say how close the ESCO concept is"
        )
    if esco is None and esco_match is not None:
        raise ValueError("'esco_match' is given without an 'esco' link")


# the same rule for JSON Schema, so an editor flags an ESCO link without its strength
ESCO_MATCH_SCHEMA = ConfigDict(
    json_schema_extra={"dependentRequired": {"esco": ["esco_match"], "esco_match": ["esco"]}}
)


class Codes(Strict):
    model_config = ESCO_MATCH_SCHEMA

    kldb2010: Annotated[str, StringConstraints(pattern=r"^\d{5}$")] | None = None
    isco08: Annotated[str, StringConstraints(pattern=r"^\d{4}$")] | None = None
    esco: Annotated[str, StringConstraints(pattern=r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]+$")] | None = (
        None
    )
    esco_match: Predicate | None = Field(default=None, description=ESCO_MATCH_DESCRIPTION)
    esco_alternatives: list[
        Annotated[str, StringConstraints(pattern=r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]+$")]
    ] = []

    @model_validator(mode="after")
    def _match(self) -> Codes:
        _check_esco_match(self.esco, self.esco_match)
        return self


class Ordinance(Strict):
    name: Text
    short_name: Text | None = None
    year: Annotated[int, Field(ge=1950, le=2100), BeforeValidator(_plain_number)]
    url: Url


class SchoolCurriculumRef(Strict):
    """The KMK Rahmenlehrplan the school units come from."""

    name: Text
    year: Annotated[int, Field(ge=1950, le=2100), BeforeValidator(_plain_number)]
    total_hours: Hours | None = None
    url: Url | None = None
    unverified: dict[str, Text] = Field(
        default={},
        description="Values no source gave, e.g. {total_hours: why}; the Lernfeld list may then be partial.",
    )

    @model_validator(mode="after")
    def _marks(self) -> SchoolCurriculumRef:
        _check_unverified(self, self.unverified)
        return self


class TimeFrame(Strict):
    """A Zeitrahmen of the 2018 industrial ordinances: months shared by several positions."""

    id: Slug
    period: LangMap
    months_min: Annotated[float, Field(ge=0, le=60), BeforeValidator(_plain_number)]
    months_max: Annotated[float, Field(ge=0, le=60), BeforeValidator(_plain_number)]
    units: Annotated[list[Slug], Field(min_length=1)]

    @model_validator(mode="after")
    def _range(self) -> TimeFrame:
        if self.months_max < self.months_min:
            raise ValueError("months_max is smaller than months_min")
        return self


class Specialisation(Strict):
    """A Schwerpunkt or Fachrichtung: units tagged with it apply only to that variant."""

    id: Slug
    title: LangMap


class Unit(Strict):
    id: Slug
    kind: Literal["school", "company"]
    number: Text | None = Field(default=None, description="Official number, e.g. 'LF 5' or 'BBP 14'.")
    title: LangMap
    hours: Hours | None = None
    weeks: Annotated[float, Field(ge=0, le=260, allow_inf_nan=False), BeforeValidator(_plain_number)] | None = None
    weeks_basis: Literal["ordinance", "time-frames"] | None = None
    throughout: bool = Field(
        default=False,
        description="Taught throughout training with no time value of its own (e.g. safety, environment).",
    )
    year: Annotated[int, Field(ge=1, le=5), BeforeValidator(_plain_number)] | None = None
    core: bool = False
    field_of_deployment: bool = Field(
        default=False,
        description="Learned through qualified work in the company's chosen field of deployment "
        "(Einsatzgebiet), after the basics; school-based programmes rarely teach it, and "
        "professional experience in that field shows it. The method leaves it out of the "
        "test of whether a training qualifies for comparable work.",
    )
    specialisation: Slug | None = None
    outcomes: list[Outcome] = []
    competences: list[Slug] = []
    unverified: dict[str, Text] = {}

    @model_validator(mode="after")
    def _time(self) -> Unit:
        _check_unverified(self, self.unverified)
        _unique_ids(self.outcomes, "outcome")
        if self.kind == "school":
            if self.weeks is not None:
                raise ValueError("a school unit (Lernfeld) has 'hours', not 'weeks'")
            if self.hours is None and "hours" not in self.unverified:
                raise ValueError(
                    "a school unit needs 'hours' (from the Rahmenlehrplan), or "
                    "'unverified: {hours: reason}' if no source gives them"
                )
        else:
            if self.hours is not None:
                raise ValueError("a company unit has 'weeks' (time guidance), not 'hours'")
            if (
                self.weeks is None
                and not self.throughout
                and self.weeks_basis != "time-frames"
                and "weeks" not in self.unverified
            ):
                raise ValueError(
                    "a company unit needs 'weeks', 'weeks_basis: time-frames', "
                    "'throughout: true', or 'unverified: {weeks: reason}'"
                )
            if self.throughout and self.weeks is not None:
                raise ValueError("a unit taught 'throughout' has no weeks of its own")
        return self


class Area(Strict):
    """An essential area of the occupation: specialist units grouped as the ordinance groups its content."""

    id: Slug
    title: LangMap
    crucial: bool = Field(
        description="Examined as part of the final examination's practical work or a Prüfungsbereich: "
        "essential for practising the occupation."
    )
    units: Annotated[list[Slug], Field(min_length=1)]


class WomenShare(Strict):
    """The share of women among trainees of a German occupation, as a published statistic
    gives it. The programme's target is at least a quarter women; a candidate and a designer
    both need to see how far the occupation in Germany is from that, with year and source.

    A statistic that gives a range ("96 to 99 % men") is stored as that range; an exact one
    has share_min equal to share_max. `women` and `total` are the counts the share rests on,
    where the source gives them."""

    share_min: Share
    share_max: Share
    year: Annotated[int, Field(ge=1990, le=2100), BeforeValidator(_plain_number)]
    basis: Literal["new-contracts", "apprentices"] = Field(
        description="new-contracts: newly concluded training contracts of the year; apprentices: all trainees on the day counted."
    )
    region: Literal["DE", "DE-BW"] = Field(
        default="DE", description="DE: the whole of Germany; DE-BW: Baden-Württemberg only."
    )
    women: Annotated[int, Field(ge=0)] | None = None
    total: Annotated[int, Field(ge=1)] | None = None
    sources: Sources

    @model_validator(mode="after")
    def _range(self) -> WomenShare:
        if self.share_max < self.share_min:
            raise ValueError(f"share_max {self.share_max} is below share_min {self.share_min}")
        if (self.women is None) != (self.total is None):
            raise ValueError("give both 'women' and 'total' (the counts the share rests on) or neither")
        if self.women is not None and self.total is not None:
            if self.women > self.total:
                raise ValueError(f"women {self.women} is more than total {self.total}")
            exact = self.women / self.total
            if not self.share_min - 0.0005 <= exact <= self.share_max + 0.0005:
                raise ValueError(
                    f"{self.women} of {self.total} is {exact:.4f}, outside share_min..share_max; correct the figures"
                )
        return self


class Occupation(Strict):
    id: Slug
    title: LangMap
    chamber: Literal["IHK", "HWK"]
    other_chamber: Literal["IHK", "HWK"] | None = Field(
        default=None,
        description="For an occupation trained under both the BBiG and the HwO: the other chamber, "
        "competent for recognition on that route (the guides then name both bodies).",
    )
    chamber_note: LangMap | None = None
    duration_months: Annotated[int, Field(ge=6, le=60), BeforeValidator(_plain_number)]
    levels: Levels
    codes: Codes = Codes()
    green: bool = False
    green_note: LangMap | None = None
    ordinance: Ordinance
    school_curriculum: SchoolCurriculumRef | None = None
    description: LangMap
    workplaces: LangMap | None = None
    synonyms: LangMap | None = Field(
        default=None,
        description="Other names people use for this occupation, per language, separated by commas "
        "(e.g. es: 'electricista, electricista industrial'). Used by the site search only; "
        "they name what people type, not equivalent qualifications.",
    )
    specialisations: list[Specialisation] = []
    time_frames: list[TimeFrame] = []
    units: Annotated[list[Unit], Field(min_length=1)]
    areas: list[Area] = Field(
        default=[],
        description="Specialist areas (method 3): each specialist unit in one area; standard, general "
        "and field-of-deployment units in none.",
    )
    sources: Sources
    women: WomenShare | None = Field(
        default=None, description="Share of women among trainees in Germany, with year, basis and source."
    )
    sustainability_position: Slug | None = Field(
        default=None,
        description="The unit that holds the standard position 'Umweltschutz und Nachhaltigkeit' (compulsory "
        "in ordinances in force from 1 August 2021), where the ordinance has it.",
    )
    unverified: dict[str, Text] = {}

    @model_validator(mode="after")
    def _consistent(self) -> Occupation:
        _check_unverified(self, self.unverified)
        if "de" not in self.title:
            raise ValueError("a German occupation needs its German title ('de')")
        if self.other_chamber is not None and self.other_chamber == self.chamber:
            raise ValueError("'other_chamber' must differ from 'chamber'; leave it out for a single chamber")
        _unique_ids(self.units, "unit")
        _unique_ids(self.time_frames, "time frame")
        _unique_ids(self.specialisations, "specialisation")
        _check_areas(self.areas, {unit.id: unit for unit in self.units})
        if self.sustainability_position and self.sustainability_position not in {u.id for u in self.units}:
            raise ValueError(f"sustainability_position '{self.sustainability_position}' is not a unit id here")
        return self


def _check_areas(areas: list[Area], units: dict[str, Unit]) -> None:
    _unique_ids(areas, "area")
    area_of: dict[str, str] = {}
    for area in areas:
        if area.id == "practice":
            raise ValueError(
                "area id 'practice' is reserved for the practice in the field of deployment; choose another"
            )
        for unit_id in area.units:
            unit = units.get(unit_id)
            if unit is None:
                raise ValueError(f"area '{area.id}' names unit '{unit_id}', which is not a unit of this occupation")
            if unit_id in area_of:
                raise ValueError(
                    f"unit '{unit_id}' is in area '{area_of[unit_id]}' and in area '{area.id}': "
                    "a unit belongs to one area only"
                )
            if unit.throughout:
                raise ValueError(
                    f"area '{area.id}' holds unit '{unit_id}', which is taught throughout training: "
                    "standard positions belong to no area"
                )
            if unit.field_of_deployment:
                raise ValueError(
                    f"area '{area.id}' holds unit '{unit_id}', which is learned in the field of deployment: "
                    "such units belong to no area"
                )
            area_of[unit_id] = area.id


# ---------------------------------------------------------------- partner curricula


class Institution(Strict):
    name: LangMap
    url: Url | None = None
    city: Text | None = None


class Award(Strict):
    title: LangMap
    framework: Text
    level: Annotated[int, Field(ge=1, le=10), BeforeValidator(_plain_number)] | None = None
    eqf: Annotated[int, Field(ge=1, le=8), BeforeValidator(_plain_number)] | None = None
    state_regulated: bool | None = Field(
        default=None,
        description="The award completes a training regulated by state law or administrative rules "
        "(BQFG § 3(2)-(3)): only such a certificate gives standing to apply for recognition.",
    )
    university_degree: bool | None = Field(
        default=None,
        description="The award is an academic degree of a university (bachelor, engineer, master). Such degrees "
        "are assessed by the Central Office for Foreign Education (ZAB, anabin, Statement of Comparability), "
        "not by a chamber; reports name that route.",
    )
    unverified: dict[str, Text] = {}

    @model_validator(mode="after")
    def _marks(self) -> Award:
        _check_unverified(self, self.unverified)
        return self


class ModuleHours(Strict):
    theory: Hours | None = None
    practice: Hours | None = None
    assessment: Hours | None = Field(
        default=None,
        description="Exam/test hours listed in a column of their own (e.g. Vietnamese 'Kiểm tra'); "
        "part of the total, neither theory nor practice.",
    )
    total: Hours | None = None

    @model_validator(mode="after")
    def _sum(self) -> ModuleHours:
        if self.theory is None and self.practice is None and self.total is None:
            raise ValueError("give at least one of theory, practice or total")
        if self.theory is not None and self.practice is not None and self.total is not None:
            parts = self.theory + self.practice + (self.assessment or 0.0)
            if abs(parts - self.total) > 0.5:
                extra = f" + assessment {self.assessment:g}" if self.assessment is not None else ""
                raise ValueError(
                    f"theory {self.theory:g} + practice {self.practice:g}{extra} is not total {self.total:g}"
                )
        return self

    @property
    def sum(self) -> float:
        if self.total is not None:
            return self.total
        return (self.theory or 0.0) + (self.practice or 0.0) + (self.assessment or 0.0)


class Module(Strict):
    id: Slug
    code: Text | None = None
    kind: Literal["general", "foundation", "specialised", "elective", "internship"] | None = None
    title: LangMap
    hours: ModuleHours | None = None
    credits: Annotated[float, Field(ge=0, le=500), BeforeValidator(_plain_number)] | None = None
    year: Annotated[int, Field(ge=1, le=6), BeforeValidator(_plain_number)] | None = None
    outcomes: list[Outcome] = []
    competences: list[Slug] = []
    unverified: dict[str, Text] = {}

    @model_validator(mode="after")
    def _marks(self) -> Module:
        _check_unverified(self, self.unverified)
        _unique_ids(self.outcomes, "outcome")
        if self.hours is None and self.credits is None and "hours" not in self.unverified:
            raise ValueError("a module needs 'hours' or 'credits', or 'unverified: {hours: reason}'")
        return self


class DeclaredTotal(Strict):
    """Totals a programme document states; the loader checks the modules add up to them."""

    theory: Hours | None = None
    practice: Hours | None = None
    total: Hours | None = None


class ProgrammeWomen(Strict):
    """A programme's share of women, as its operator or a report publishes it: the figure a
    skills partnership reports against its target of at least a quarter women."""

    share: Share
    year: Annotated[int, Field(ge=1990, le=2100), BeforeValidator(_plain_number)]
    of: Literal["participants", "graduates"] = "participants"
    sources: Sources


class Curriculum(Strict):
    id: Slug
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    title: LangMap
    field: (
        Literal[
            "electrical",
            "electronics",
            "metalworking",
            "industrial-mechanics",
            "mechatronics",
            "automotive",
            "hvac",
            "other",
        ]
        | None
    ) = None
    institution: Institution
    award: Award
    duration_months: Annotated[int, Field(ge=1, le=72), BeforeValidator(_plain_number)] | None = None
    language: LangCode
    work_based_share: Share | None = None
    german_standard: bool = Field(
        default=False, description="Built to a German occupational standard (e.g. a pilot programme)."
    )
    green: bool = False
    year: Annotated[int, Field(ge=1950, le=2100), BeforeValidator(_plain_number)] | None = None
    description: LangMap | None = None
    total_hours: DeclaredTotal | None = None
    total_credits: Annotated[float, Field(ge=0, le=1000), BeforeValidator(_plain_number)] | None = Field(
        default=None,
        description="Credits (credit hours, créditos, tín chỉ) the document states for the whole programme.",
    )
    modules_complete: bool = Field(
        default=True,
        description="False when the document (or the copy read) lists only part of the programme's modules; "
        "say which part in 'missing_modules'. The declared total then bounds the listed modules instead of "
        "equalling their sum, and the missing part counts as undocumented.",
    )
    missing_modules: Text | None = Field(
        default=None,
        description="Which part of the programme the module list lacks and why, e.g. 'the 88 credit hours of "
        "specialisation courses: not in the readable part of the copy'.",
    )
    modules: Annotated[list[Module], Field(min_length=1)]
    sources: Sources
    women: ProgrammeWomen | None = Field(
        default=None, description="The programme's share of women (participants or graduates), with year and source."
    )
    unverified: dict[str, Text] = {}

    @model_validator(mode="after")
    def _consistent(self) -> Curriculum:
        _check_unverified(self, self.unverified)
        _unique_ids(self.modules, "module")
        if not self.modules_complete and not self.missing_modules:
            raise ValueError("'modules_complete: false' needs 'missing_modules': which part is missing and why")
        if self.modules_complete and self.missing_modules:
            raise ValueError("'missing_modules' is only for 'modules_complete: false'")
        if self.language not in self.title:
            raise ValueError(f"the title needs the programme's original language ('{self.language}') as well as 'en'")
        return self


class ProgrammeLength(Strict):
    """How long programmes at some levels of a country's framework last by its rules. Some
    routes to Germany need at least two years of training; when a programme's own document
    gives no duration, this rule still tells a one-year certificate from a three-year diploma."""

    framework: Text
    levels: Annotated[list[Annotated[int, Field(ge=1, le=10)]], Field(min_length=1)]
    min_months: Annotated[int, Field(ge=1, le=72)] | None = None
    max_months: Annotated[int, Field(ge=1, le=72)] | None = None
    basis: Text = Field(description="The rule in words and where it is written (law, article, circular).")

    @model_validator(mode="after")
    def _range(self) -> ProgrammeLength:
        if self.min_months is None and self.max_months is None:
            raise ValueError("give min_months, max_months or both")
        if self.min_months and self.max_months and self.max_months < self.min_months:
            raise ValueError(f"max_months {self.max_months} is below min_months {self.min_months}")
        return self


TWO_YEARS = 24
"""Months of training the experience route, the recognition partnership and the opportunity
card on points ask for (§ 6(1) Nr. 3 BeschV, § 16d(3) Nr. 1 and § 20a(4) AufenthG)."""


@dataclass(frozen=True)
class TrainingLength:
    """What the data say about how long a programme's training lasted, in months, and whether
    its award is state-recognised: enough to decide a route's two-year condition, or to say
    that it cannot be decided."""

    min_months: int | None
    max_months: int | None
    state_recognised: bool | None
    german_standard: bool = False
    basis: str = ""

    def meets(self, min_months: int) -> bool | None:
        """Whether the training meets a minimum length with a state-recognised award: False when
        it is shorter, or not state-recognised and not built to a German standard (a German
        chamber abroad may certify those); True when long enough and state-recognised; None
        when the data cannot tell."""
        if self.max_months is not None and self.max_months < min_months:
            return False
        if self.state_recognised is False and not self.german_standard:
            return False
        if self.state_recognised and self.min_months is not None and self.min_months >= min_months:
            return True
        return None


class CreditRule(Strict):
    """How many clock hours one credit stands for, where a country's rules say so. It lets a
    programme counted in credits be measured against one counted in hours."""

    hours_per_credit: Annotated[float, Field(gt=0, le=200), BeforeValidator(_plain_number)]
    counts: Literal["contact", "workload"] = Field(
        description="contact: teaching hours only; workload: all the student's learning time (contact, "
        "practical and autonomous work)."
    )
    basis: Text = Field(description="The rule in words and where it is written (law, article, regulation).")
    sources: Sources


class HomeRecognitionRoute(Strict):
    """One way a German qualification or German work experience is recognised in the home
    country: who decides, on what legal basis, how, with which papers, at what cost and how
    long it takes. Dated like the German legal facts (as_of; valid_from/valid_until where a
    rule holds for a period), so a lapsed route stops `validate` and the site build."""

    id: Slug
    title: LangMap
    body: LangMap = Field(description="The authority that decides.")
    law: LangMap = Field(description="The legal basis: law, decree, circular or bylaw, with number and date.")
    procedure: LangMap
    documents: LangMap | None = None
    cost: LangMap | None = None
    time: LangMap | None = None
    covers: list[Literal["qualification", "experience"]] = Field(
        default=["qualification"], description="What it recognises: German papers, German work experience, or both."
    )
    as_of: dt.date = Field(description="Date of the text the route was read from.")
    valid_from: dt.date | None = None
    valid_until: dt.date | None = Field(default=None, description="Last day the route holds, where a rule ends.")
    link: Url | None = None
    sources: Sources
    unverified: dict[str, Text] = {}

    @model_validator(mode="after")
    def _consistent(self) -> HomeRecognitionRoute:
        _check_unverified(self, self.unverified)
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(f"valid_until {self.valid_until} is before valid_from {self.valid_from}")
        if not self.covers:
            raise ValueError("'covers' names what the route recognises: qualification, experience or both")
        return self

    def texts(self) -> dict[str, dict[str, str]]:
        """The route's texts by field name, for the language check."""
        fields = ("title", "body", "law", "procedure", "documents", "cost", "time")
        return {name: getattr(self, name) for name in fields if getattr(self, name) is not None}


class Country(Strict):
    """A partner country's TVET system in brief, stored as curricula/<cc>/_country.yaml."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    name: LangMap
    framework: LangMap
    levels: LangMap | None = None
    summary: LangMap
    programme_types: list[LangMap] = []
    bodies: list[LangMap] = []
    programme_lengths: list[ProgrammeLength] = []
    credit_rule: CreditRule | None = Field(
        default=None,
        description="The published credit-to-hour rule, if the country has one; leave it out where none is "
        "published (credits are then compared by credits alone).",
    )
    sources: Sources
    home_recognition: list[HomeRecognitionRoute] = Field(
        default=[],
        description="How German papers and German work experience are recognised in this country (section 'recognition at home').",
    )
    home_recognition_open: LangMap | None = Field(
        default=None, description="What is not known about recognition at home, with the date it was last looked for."
    )

    @model_validator(mode="after")
    def _home_routes(self) -> Country:
        _unique_ids(self.home_recognition, "home recognition route")
        return self

    def home_languages(self) -> list[str]:
        """The languages every text about recognition at home needs (checked by the loader,
        which can point at the line)."""
        own = registry().country_language(self.code)  # the language its candidates read
        return ["en", "de", *([own] if own else [])]


# ---------------------------------------------------------------- mappings


class Link(Strict):
    module: Slug
    unit: Slug
    predicate: Predicate
    coverage: Share | None = None
    outcomes: list[Slug] = []
    justification: Literal["manual", "suggested"] = "manual"
    confidence: Share = 1.0
    note: LangMap | None = None

    @model_validator(mode="after")
    def _amount(self) -> Link:
        if self.coverage is None and not self.outcomes:
            raise ValueError("a link needs 'coverage' (0-1) or the unit 'outcomes' it covers")
        return self


class Review(Strict):
    """Whether someone in a named role has checked a mapping against the documents, and when."""

    status: Literal["unreviewed", "reviewed"]
    by: Text | None = Field(default=None, description="The reviewer's role, not a name, e.g. 'chamber expert'.")
    date: dt.date | None = None

    @model_validator(mode="after")
    def _complete(self) -> Review:
        if self.status == "reviewed" and (self.by is None or self.date is None):
            raise ValueError("a reviewed mapping names the reviewer's role ('by') and the 'date'")
        return self


class MappingSet(Strict):
    curriculum: Slug
    occupation: Slug
    specialisation: Slug | None = None
    author: Text = Field(
        description="Who maintains the mapping, as a role (e.g. 'PAM Recognition maintainers'), not a person."
    )
    review: Review = Field(
        default_factory=lambda: Review(status="unreviewed"),
        description="Review status; a mapping without this block counts as unreviewed.",
    )
    date: dt.date
    basis: LangMap | None = Field(
        default=None, description="On what the curation rests (documents read, people asked)."
    )
    links: list[Link] = []
    sources: list[Source] = []

    @property
    def id(self) -> str:
        return f"{self.curriculum}--{self.occupation}"


class Competence(Strict):
    model_config = ESCO_MATCH_SCHEMA

    id: Slug
    label: LangMap
    broader: Slug | None = None
    esco: Annotated[str, StringConstraints(pattern=r"^http://data\.europa\.eu/esco/skill/[0-9a-zA-Z-]+$")] | None = None
    esco_match: Predicate | None = Field(default=None, description=ESCO_MATCH_DESCRIPTION)
    green: bool = Field(
        default=False,
        description="Its ESCO skill is in ESCO's green skills collection (cite the collection's version "
        "under the vocabulary's sources).",
    )
    description: LangMap | None = None

    @model_validator(mode="after")
    def _match(self) -> Competence:
        _check_esco_match(self.esco, self.esco_match)
        if self.green and not self.esco:
            raise ValueError(
                "'green: true' rests on ESCO's green skills collection: give the 'esco' skill it is listed under"
            )
        return self


class CompetenceVocabulary(Strict):
    competences: Annotated[list[Competence], Field(min_length=1)]
    sources: list[Source] = []

    @model_validator(mode="after")
    def _unique(self) -> CompetenceVocabulary:
        _unique_ids(self.competences, "competence")
        return self


# ---------------------------------------------------------------- home-country standards


class StandardItem(Strict):
    """One unit of a home-country standard (a unit of competence of a national occupational
    skill standard, or one required skill of a minimum-competence regulation), tagged with the
    shared competences so that a programme's modules can be set against it."""

    id: Slug
    number: Text | None = None
    group: Literal["basic", "general", "professional", "knowledge", "skill"] | None = None
    title: LangMap
    competences: list[Slug] = []


class DualTrackPair(Strict):
    """A programme and the German occupation it is compared with, beside this standard."""

    curriculum: Slug
    occupation: Slug


class HomeStandard(Strict):
    """A partner country's own standard for an occupation, stored as standards/<cc>/<id>.yaml.

    A skills partnership trains for both labour markets; a designer needs to see which modules
    serve the German occupation, which the home standard, and which both. The home standard
    is data like an occupation: its units as the issuing text lists them, with sources; where
    only part of the list could be read, `complete` is false and `missing` names the gap."""

    id: Slug
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    kind: Literal["national-occupational-skill-standard", "minimum-competence-requirements"]
    title: LangMap
    issued_by: LangMap
    legal_basis: Text
    framework: Text | None = None
    level: Annotated[int, Field(ge=1, le=10), BeforeValidator(_plain_number)] | None = None
    year: Annotated[int, Field(ge=1950, le=2100), BeforeValidator(_plain_number)]
    as_of: dt.date = Field(description="Date the text was read.")
    complete: bool = Field(description="Whether `items` holds every unit the standard lists.")
    missing: Text | None = Field(
        default=None, description="With complete: false, which part of the list could not be read, and when."
    )
    items: Annotated[list[StandardItem], Field(min_length=1)]
    compare_with: list[DualTrackPair] = []
    sources: Sources
    unverified: dict[str, Text] = {}

    @model_validator(mode="after")
    def _consistent(self) -> HomeStandard:
        _check_unverified(self, self.unverified)
        _unique_ids(self.items, "item")
        if not self.complete and not self.missing:
            raise ValueError("'complete: false' needs 'missing': which part of the list could not be read, and when")
        if self.complete and self.missing:
            raise ValueError("'missing' is only for a standard whose list is incomplete (complete: false)")
        return self


# ---------------------------------------------------------------- candidate profile


Evidence = Literal[
    "employer-reference", "work-certificate", "employment-contract", "social-insurance-record", "self-declared"
]
"""Documents that show professional experience before a competent body; "self-declared" shows nothing yet."""


class Experience(Strict):
    """Work in some fields of the occupation, for a stated time, and how it can be shown.

    Time is given in months (`years` is still read, as twelve months each, for older profile
    files). Only documented experience makes up for a difference: an entry marked
    `self-declared` is listed in the report but counts for nothing until a document exists."""

    months: Annotated[float, Field(ge=0, le=720, allow_inf_nan=False), BeforeValidator(_plain_number)] | None = None
    years: Annotated[float, Field(ge=0, le=60, allow_inf_nan=False), BeforeValidator(_plain_number)] | None = None
    evidence: Evidence | None = Field(
        default=None,
        description="How the experience is documented: employer-reference, work-certificate, "
        "employment-contract, social-insurance-record, or self-declared (not yet documented).",
    )
    role: LangMap | None = None
    competences: list[Slug] = []

    @model_validator(mode="after")
    def _one_time(self) -> Experience:
        if (self.months is None) == (self.years is None):
            raise ValueError("give the time of this experience once: 'months' (or 'years' for older files)")
        return self

    @property
    def total_months(self) -> float:
        return self.months if self.months is not None else (self.years or 0.0) * 12

    @property
    def documented(self) -> bool:
        return self.evidence != "self-declared"


class FurtherQualification(Strict):
    title: LangMap
    hours: Hours | None = None
    competences: list[Slug] = []


class Profile(Strict):
    """A candidate's experience: input to a comparison, never stored in the knowledge base."""

    curriculum: Slug | None = None
    experience: list[Experience] = []
    further_qualifications: list[FurtherQualification] = []


MODELS: dict[str, type[BaseModel]] = {
    "occupation": Occupation,
    "curriculum": Curriculum,
    "country": Country,
    "mapping": MappingSet,
    "competences": CompetenceVocabulary,
    "profile": Profile,
    "standard": HomeStandard,
}
