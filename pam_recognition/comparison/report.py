"""The gap report: one dict with the documented keys (a contract, docs/architecture.md), and its three renderings.

`to_dict()` is the JSON contract the site and other tools read. Floats are rounded (hours and
weeks to one decimal, shares to four) and keys sorted when serialised, so the same input gives
byte-identical JSON. Markdown and the terminal table are read from the same dict, so the
three can never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..model.models import Occupation
from ..model.report import GapReport

INDICATIVE = (
    "Indicative only. This forecast follows a declared method with our own thresholds; "
    "German law sets no numeric threshold, and the competent body decides on the "
    "application (BQFG § 4; § 40a HwO for craft occupations)."
)


def competent_body(occupation: Occupation) -> dict:
    """The body that decides, named from the occupation's chamber."""
    body: dict[str, str | None]
    if occupation.chamber == "HWK":
        body = {
            "chamber": "HWK",
            "type": "Handwerkskammer",
            "name": "the Handwerkskammer (chamber of crafts) responsible for the place of intended work",
            "legal_basis": "§ 40a HwO, applying the BQFG rules for non-regulated occupations",
        }
    else:
        body = {
            "chamber": "IHK",
            "type": "IHK FOSA",
            "name": "IHK FOSA (IHK Foreign Skills Approval, Nuremberg), on behalf of most chambers of "
            "industry and commerce; a few IHKs decide themselves",
            "legal_basis": "BQFG §§ 4-8 (non-regulated occupations)",
        }
    body["note"] = occupation.chamber_note["en"] if occupation.chamber_note else None
    return body


ONE_DECIMAL = frozenset({"hours", "weeks", "gap_hours", "gap_weeks", "total_hours", "total_weeks", "needed_hours"})
"""Keys whose figures are hours or weeks, shown to one decimal; every other figure (shares,
months, rates such as gain_per_100_hours) keeps four."""


def _round(value: Any, key: str = "") -> Any:
    if isinstance(value, bool) or value is None:
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
