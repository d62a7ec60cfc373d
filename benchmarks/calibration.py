"""The method's calibration in the open: the curated pairs' forecasts, with and without documented work.

Prints, as Markdown, the table site/method.md shows (tests/test_calibration.py checks that the page
and the knowledge base agree): how many curated pairs forecast each outcome without a profile and
with documented work of 6, 9, 12, 18 and 24 months in every field of the occupation, and the adaptation
each partial forecast proposes. Run it after changing the method, its parameters or the data, and
copy the table into the method page.

    python benchmarks/calibration.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PROFILE_MONTHS = (6, 9, 12, 18, 24)
OUTCOMES = ("full", "partial", "none", "not_assessable")


def distribution(root: Path = REPO) -> dict[str, Any]:
    """Outcome counts of the curated pairs per profile, and the partial forecasts' adaptation ranges."""
    from pam_recognition.comparison import compare
    from pam_recognition.graph import open_knowledge_base
    from pam_recognition.model.models import Profile

    kg = open_knowledge_base(root)
    counts: dict[str, dict[str, int]] = {"none": dict.fromkeys(OUTCOMES, 0)}
    counts.update({f"{m} months": dict.fromkeys(OUTCOMES, 0) for m in PROFILE_MONTHS})
    lows: list[float] = []
    highs: list[float] = []
    for mapping in sorted(kg.mapping_sets(), key=lambda m: (m.curriculum, m.occupation)):
        report = compare(kg, mapping.curriculum, mapping.occupation).to_dict()
        counts["none"][report["outcome"]] += 1
        total = report["adaptation_plan"]["total_months"]
        if report["outcome"] == "partial" and total:
            lows.append(total["low"])
            highs.append(total["high"])
        fields = sorted({c for u in kg.units(mapping.occupation) for c in u.competences})
        for months in PROFILE_MONTHS:
            profile = Profile.model_validate(
                {"experience": [{"months": months, "evidence": "employer-reference", "competences": fields}]}
            )
            counts[f"{months} months"][
                compare(kg, mapping.curriculum, mapping.occupation, profile=profile).outcome
            ] += 1
    return {
        "pairs": len(kg.mapping_sets()),
        "counts": counts,
        "adaptation_months": [round(min(lows)), round(max(highs))] if lows else None,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| documented work in every field | full | partial | none | cannot be assessed yet |",
        "| --- | --- | --- | --- | --- |",
    ]
    for profile, row in result["counts"].items():
        label = "no profile" if profile == "none" else profile
        lines.append(f"| {label} | " + " | ".join(str(row[o]) for o in OUTCOMES) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    result = distribution(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO)
    print(f"{result['pairs']} curated pairs; partial forecasts propose {result['adaptation_months']} months\n")
    print(markdown(result))
