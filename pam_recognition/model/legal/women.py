"""Facts about women in the occupations and offers for women migrating, as validated data.

A skills partnership reports its share of women against a target; a candidate considering a
trade where few women train should know that, and where support is offered. The per-occupation
shares live on the occupations (`Occupation.women`); this file holds what applies to all: the
share of women in technical training occupations (shown where no occupation figure was found),
the programmes' target, and the support offers. Each carries its source and the date it was
read; the words candidates read are in the translation catalogues (keys women_*). It is read
by input/women_facts.py like any data file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from ...common.errors import PamError
from ..models import Share, Slug, Source, Sources, Strict, Text, Url, WomenShare

WOMEN_FILE = Path(__file__).resolve().parent / "women.yaml"


class WomenFactsError(PamError, ValueError):
    """The women facts file is missing or wrong; the message names file, line and field."""


class Target(Strict):
    """The share of women a programme aims at; `sources` empty only with `unverified` saying why."""

    share: Share
    sources: list[Source] = Field(default_factory=list)
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


__all__ = ["WOMEN_FILE", "SupportOffer", "Target", "WomenFacts", "WomenFactsError"]
