"""Dated facts on recognition at home (curricula/<cc>/_country.yaml, `home_recognition`),
checked against today like the German legal facts.

A route that holds only for a period (`valid_until`) is wrong once the period is over, however
well sourced: a returnee would read it as current. `validate` and the site build refuse it,
naming file and line; one that ends within 60 days is a warning (as for germany.yaml).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model.models import Country
from .knowledge_base import SourceFile


@dataclass(frozen=True)
class HomeLapse:
    """A home-recognition route whose period is over, or ends soon, with its place."""

    where: str  # path:line:col
    country: str
    route: str
    valid_until: dt.date

    def message(self, day: dt.date) -> str:
        if self.valid_until < day:
            return (
                f"{self.where}: recognition-at-home route '{self.route}' ({self.country}) was valid until "
                f"{self.valid_until}, which is before {day}: enter the rule now in force (with its source, "
                "valid_from and valid_until) or remove the route"
            )
        left = (self.valid_until - day).days
        return (
            f"{self.where}: recognition-at-home route '{self.route}' ({self.country}) is valid until "
            f"{self.valid_until} ({left} days left): renew it before then"
        )


def home_lapses(
    countries: Iterable[Country], files: Mapping[str, SourceFile], day: dt.date, *, within_days: int = 0
) -> list[HomeLapse]:
    """The routes whose period ends before `day` + `within_days` (0: already over), by country
    and in file order; `files` are the loaded files by key ('country:<code>'), for the line."""
    limit = day + dt.timedelta(days=within_days)
    found = []
    for country in sorted(countries, key=lambda c: c.code):
        code = country.code
        file = files.get(f"country:{code}")
        for index, route in enumerate(country.home_recognition):
            if route.valid_until is not None and route.valid_until < limit:
                if file is not None:
                    problem = file.problem(("home_recognition", index, "valid_until"), "")
                    where = f"{problem.path}:{problem.line}:{problem.column}"
                else:
                    where = f"curricula/{code.lower()}/_country.yaml"
                found.append(HomeLapse(where, code, route.id, route.valid_until))
    return found


__all__ = ["HomeLapse", "home_lapses"]
