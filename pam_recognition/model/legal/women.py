"""Facts about women in the occupations and offers for women migrating, as validated data.

A skills partnership reports its share of women against a target; a candidate considering a
trade where few women train should know that, and where support is offered. The per-occupation
shares live on the occupations (`Occupation.women`); this file holds what applies to all: the
share of women in technical training occupations (shown where no occupation figure was found),
the programmes' target, and the support offers. Each carries its source and the date it was
read; the words candidates read are in the translation catalogues (keys women_*).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError

from ...input.safe_yaml import YamlProblem, loads, locate
from ..models import Share, Slug, Source, Sources, Strict, Text, Url, WomenShare

WOMEN_FILE = Path(__file__).resolve().parent / "women.yaml"


class WomenFactsError(ValueError):
    """The women facts file is missing or wrong; the message names file, line and field."""


class Target(Strict):
    """The share of women a programme aims at; `sources` empty only with `unverified` saying why."""

    share: Share
    sources: list[Source] = []
    unverified: Text | None = None


class SupportOffer(Strict):
    """An offer for women who migrate for training or work, with where to find it."""

    id: Slug
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    link: Url
    as_of: dt.date
    sources: Sources


class WomenFacts(Strict):
    technical: WomenShare = Field(description="Women among trainees in all technical training occupations.")
    target: Target
    offers: Annotated[list[SupportOffer], Field(min_length=1)]


def load_women_facts(path: Path = WOMEN_FILE) -> WomenFacts:
    """Read and validate the file; every problem is path:line:col with its field."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WomenFactsError(f"{path}: cannot read the women facts ({exc})") from None
    try:
        data = loads(text)
    except YamlProblem as exc:
        raise WomenFactsError(f"{path}:{exc.line}:{exc.column}: {exc.message} ({exc.hint})") from None
    try:
        facts = WomenFacts.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line, column = locate(text, loc)
            field = ".".join(str(part) for part in loc) or "(file)"
            lines.append(f"{path}:{line}:{column}: {field}: {error['msg'].removeprefix('Value error, ')}")
        raise WomenFactsError("\n".join(lines)) from None
    if not facts.target.sources and not facts.target.unverified:
        raise WomenFactsError(f"{path}: target: give its sources, or say under 'unverified' why there is none")
    return facts


@lru_cache(maxsize=1)
def women_facts() -> WomenFacts:
    """The package's facts, read once per process."""
    return load_women_facts()


__all__ = ["SupportOffer", "Target", "WomenFacts", "WomenFactsError", "load_women_facts", "women_facts"]
