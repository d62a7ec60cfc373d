"""The gap report: one dict with the documented keys (a contract, docs/architecture.md), and its three renderings.

`to_dict()` is the JSON contract the site and other tools read. Floats are rounded (hours and
weeks to one decimal, shares to four) and keys sorted when serialised, so the same input gives
byte-identical JSON (a sentence's parameters are kept exact). Markdown and the terminal table
are read from the same dict and render its sentences from their codes with the same catalogue
as the JSON's English (comparison/words.py), as do the report pages in every language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..model.models import Occupation
from ..model.report import GapReport
from .words import english, said

INDICATIVE = said("indicative")
"""The disclaimer every report carries (its words are the catalogues')."""


def competent_body(occupation: Occupation) -> dict:
    """The body that decides, named from the occupation's chamber. The chamber's note is the
    occupation file's own text, given per language (`note_texts`): data, not engine words."""
    chamber = "hwk" if occupation.chamber == "HWK" else "ihk"
    name, basis = said(f"body_{chamber}_name"), said(f"body_{chamber}_basis")
    return {
        "chamber": occupation.chamber,
        "type": "Handwerkskammer" if chamber == "hwk" else "IHK FOSA",
        "name": english(name),
        "name_code": name,
        "legal_basis": english(basis),
        "legal_basis_code": basis,
        "note": occupation.chamber_note["en"] if occupation.chamber_note else None,
        "note_texts": dict(occupation.chamber_note) if occupation.chamber_note else None,
    }


ONE_DECIMAL = frozenset({"hours", "weeks", "gap_hours", "gap_weeks", "total_hours", "total_weeks", "needed_hours"})
"""Keys whose figures are hours or weeks, shown to one decimal; every other figure (shares,
months, rates such as gain_per_100_hours) keeps four."""


def _round(value: Any, key: str = "") -> Any:
    """Floats rounded for the JSON; a sentence's parameters (`params` of a code) are kept exact, so
    every language renders the very percentages the English text, made from them, shows."""
    if isinstance(value, bool) or value is None or key == "params":
        return value
    if isinstance(value, float):
        digits = 1 if key in ONE_DECIMAL else 4
        out = round(value, digits)
        return 0.0 if out == 0 else out
    if isinstance(value, dict):
        return {k: _round(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_round(v, key) for v in value]
    return value


@dataclass
class Report:
    """A comparison result. `data` holds unrounded values; use to_dict() for the JSON."""

    data: dict

    @property
    def outcome(self) -> str:
        return self.data["outcome"]

    @property
    def substantial_differences(self) -> list[str]:
        return list(self.data["substantial_differences"])

    @property
    def compensated(self) -> list[str]:
        return list(self.data["compensated"])

    def unit(self, unit_id: str) -> dict:
        return next(u for u in self.to_dict()["units"] if u["id"] == unit_id)

    def to_dict(self) -> dict:
        return _round(self.data)

    def to_json(self, indent: int | None = 2) -> str:
        """Sorted keys, rounded floats: byte-identical for the same input. indent=None is
        compact and about four times faster (json's C encoder), for bulk use. The JSON is
        checked against the declared model (model/report.py) here, where it leaves the program,
        so no key the schema does not document and no value of the wrong kind is written; the
        site build, which reads to_dict() for every pair, does not pay for the check."""
        out = self.to_dict()
        GapReport.model_validate(out)
        return json.dumps(out, sort_keys=True, ensure_ascii=False, indent=indent) + "\n"

    def to_markdown(self) -> str:
        from .render import markdown

        return markdown(self.to_dict())
