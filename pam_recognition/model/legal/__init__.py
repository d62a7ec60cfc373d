"""Legal and practical facts about coming to Germany, as validated data with sources and dates.

The candidate guides' "what to do next" box and the routes to Germany rest on German law and
on what the competent bodies publish (fees, counselling). Those facts change: the salary
threshold of § 6 BeschV every 1 January, fee tariffs, paragraphs after an amendment. Keeping
them in one data file (germany.yaml next to this module), each with the paragraph or page it
rests on and the date of the text read, makes a yearly change one edit and lets every page show
how current a fact is. The wording candidates read stays in the translation catalogues; only
figures and dates come from here.

A value the law fixes for a period (a yearly salary threshold, the living-costs minimum, a
time-limited office) carries that period (`valid_from`, `valid_until`). Once the period is over
the value is wrong, however well sourced: `validate` fails and the site is not built until the
new value is entered (`check_current` in input/legal_facts.py). Routes that only holders of a long enough training can use
carry that condition (`training`), so a guide never offers them to a programme that cannot
meet it (`Route.open_to`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from ...common.errors import PamError
from ..models import Slug, TrainingLength, Url

FACTS_FILE = Path(__file__).resolve().parent / "germany.yaml"
Situation = Literal["full", "partial", "none", "not_assessable", "no_documents", "in_germany", "university"]
SITUATIONS: tuple[str, ...] = (
    "full",
    "partial",
    "none",
    "not_assessable",
    "no_documents",
    "in_germany",
    "university",
)
Ref = Annotated[str, StringConstraints(min_length=1, max_length=120)]
_LAW_REF = re.compile(r"^§§? .+? (?P<law>[A-Za-z]+(?: [IVX]+)?)$")


TODAY_VARIABLE = "PAM_RECOGNITION_TODAY"
"""Set to a date (YYYY-MM-DD) to check the facts as they will stand on that day."""


class LegalFactsError(PamError, ValueError):
    """The legal facts file is missing or wrong; the message names the field and the fix."""


def today() -> dt.date:
    """The day facts are checked against: the system's date, or PAM_RECOGNITION_TODAY to look
    ahead (what lapses before a planned publication)."""
    given = os.environ.get(TODAY_VARIABLE, "").strip()
    if not given:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(given)
    except ValueError:
        raise LegalFactsError(f"{TODAY_VARIABLE}={given!r} is not a date; write it as YYYY-MM-DD") from None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LegalSource(_Strict):
    """A page a reader can open to check the fact, and when it was read."""

    title: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    publisher: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    url: Url
    accessed: dt.date


class Law(_Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    url: Url
    as_of: dt.date = Field(description="Date of the consolidated text that was read.")
    note: str = ""


class Fact(_Strict):
    """One fact: where it comes from, how current it is, and the figures it carries."""

    id: Slug
    refs: Annotated[list[Ref], Field(min_length=1)]
    as_of: dt.date = Field(description="Date of the text the fact was read from.")
    valid_from: dt.date | None = None
    valid_until: dt.date | None = Field(
        default=None,
        description="Last day the fact holds: a yearly value's 31 December, a time-limited office's end date.",
    )
    link: Url | None = None
    values: dict[str, int | float | str] = {}
    sources: Annotated[list[LegalSource], Field(min_length=1)]

    @model_validator(mode="after")
    def _period(self) -> Fact:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(f"valid_until {self.valid_until} is before valid_from {self.valid_from}")
        return self


class TrainingCondition(_Strict):
    """A route open only to a state-recognised qualification whose training lasted at least
    `min_months` (or a state-recognised university degree), unless the candidate's result is
    one of `waived_in` (the opportunity card after a partial-equivalence notice)."""

    min_months: Literal[24] = Field(description="Two years: the wording candidates read says so in every language.")
    refs: Annotated[list[Ref], Field(min_length=1)]
    waived_in: list[Situation] = []


Fit = Literal["fits", "condition", "closed"]


def _as_list(value: object) -> object:
    """`uses: salary-threshold` and `uses: [a, b]` both name facts."""
    return [value] if isinstance(value, str) else value


class Route(Fact):
    """A way to come to (or stay in) Germany, with the results it fits."""

    situations: Annotated[list[Situation], Field(min_length=1)]
    uses: Annotated[list[Slug], BeforeValidator(_as_list)] = Field(
        default=[], description="The ids of the facts whose figures the route's text shows."
    )
    training: TrainingCondition | None = None

    def open_to(self, length: TrainingLength | None, situation: str) -> Fit:
        """Whether a programme can meet the route's training condition: `fits` when the data
        show it can, `closed` when they show it cannot (shorter than the minimum, or not a
        state-recognised award and not built to a German standard), else `condition`: the
        condition is shown next to the route."""
        rule = self.training
        if rule is None or situation in rule.waived_in:
            return "fits"
        met = length.meets(rule.min_months) if length is not None else None
        return "condition" if met is None else "fits" if met else "closed"


class PlacementAgreement(_Strict):
    """Whether a placement agreement under § 16d(4) no. 2 AufenthG is known for a country."""

    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    status: Literal["exists", "none", "unverified"]
    as_of: dt.date
    sources: list[LegalSource] = []

    @model_validator(mode="after")
    def _sourced(self) -> PlacementAgreement:
        if self.status != "unverified" and not self.sources:
            raise ValueError(f"status '{self.status}' needs a source; without one write status: unverified")
        return self


class LegalFacts(_Strict):
    laws: dict[str, Law]
    facts: list[Fact]
    routes: list[Route]
    placement_agreements: list[PlacementAgreement] = []

    @model_validator(mode="after")
    def _consistent(self) -> LegalFacts:
        ids = [f.id for f in self.facts] + [r.id for r in self.routes]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"ids used twice: {', '.join(duplicates)}")
        fact_ids = {f.id for f in self.facts}
        for item in [*self.facts, *self.routes]:
            for ref in item.refs:
                match = _LAW_REF.match(ref)
                if match and match.group("law") not in self.laws:
                    raise ValueError(f"{item.id}: '{ref}' names a law that is not under 'laws'")
            for used in item.uses if isinstance(item, Route) else []:
                if used not in fact_ids:
                    raise ValueError(f"{item.id}: uses '{used}', which is not a fact id")
        countries = [p.country for p in self.placement_agreements]
        if len(countries) != len(set(countries)):
            raise ValueError("placement_agreements: a country is listed twice")
        salary = self.fact("salary-threshold")
        if salary is not None and not isinstance(salary.values.get("year"), int):
            raise ValueError("salary-threshold: the yearly value needs its year (values.year)")
        return self

    def fact(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)

    def route(self, route_id: str) -> Route | None:
        return next((r for r in self.routes if r.id == route_id), None)

    def placement(self, country: str) -> PlacementAgreement | None:
        return next((p for p in self.placement_agreements if p.country == country), None)


__all__ = [
    "FACTS_FILE",
    "SITUATIONS",
    "TODAY_VARIABLE",
    "Fact",
    "LegalFacts",
    "LegalFactsError",
    "LegalSource",
    "Route",
    "TrainingCondition",
    "TrainingLength",
    "today",
]
