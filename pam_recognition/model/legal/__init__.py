"""Legal and practical facts about coming to Germany, as validated data with sources and dates.

The candidate guides' "what to do next" box and the routes to Germany rest on German law and
on what the competent bodies publish (fees, counselling). Those facts change: the salary
threshold of § 6 BeschV every 1 January, fee tariffs, paragraphs after an amendment. Keeping
them in one data file (germany.yaml next to this module), each with the paragraph or page it
rests on and the date of the text read, makes a yearly change one edit and lets every page show
how current a fact is. The wording candidates read stays in the translation catalogues; only
figures and dates come from here.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from ..models import Slug, Url

FACTS_FILE = Path(__file__).resolve().parent / "germany.yaml"
Situation = Literal["full", "partial", "none", "not_assessable", "no_documents", "in_germany"]
SITUATIONS: tuple[str, ...] = ("full", "partial", "none", "not_assessable", "no_documents", "in_germany")
Ref = Annotated[str, StringConstraints(min_length=1, max_length=120)]
_LAW_REF = re.compile(r"^§§? .+? (?P<law>[A-Za-z]+(?: [IVX]+)?)$")


class LegalFactsError(ValueError):
    """The legal facts file is missing or wrong; the message names the field and the fix."""


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
    link: Url | None = None
    values: dict[str, int | float | str] = {}
    sources: Annotated[list[LegalSource], Field(min_length=1)]


class Route(Fact):
    """A way to come to (or stay in) Germany, with the results it fits."""

    situations: Annotated[list[Situation], Field(min_length=1)]
    uses: Slug | None = Field(default=None, description="The id of a fact whose figures the route's text shows.")


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
            if isinstance(item, Route) and item.uses and item.uses not in fact_ids:
                raise ValueError(f"{item.id}: uses '{item.uses}', which is not a fact id")
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


def load_legal_facts(path: Path = FACTS_FILE) -> LegalFacts:
    """Read and validate a legal facts file; every problem is reported with its field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LegalFactsError(f"{path}: cannot read the legal facts ({exc})") from None
    try:
        return LegalFacts.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "(file)"
            lines.append(f"{path}: {where}: {error['msg']}")
        raise LegalFactsError("\n".join(lines)) from None


@lru_cache(maxsize=1)
def legal_facts() -> LegalFacts:
    """The package's facts, read once per process."""
    return load_legal_facts()


__all__ = [
    "FACTS_FILE",
    "SITUATIONS",
    "Fact",
    "LegalFacts",
    "LegalFactsError",
    "LegalSource",
    "Route",
    "legal_facts",
    "load_legal_facts",
]
