"""What to do about the differences that remain (site/method.md, step 6).

For a candidate: an adaptation plan, one item per remaining difference, with what to learn and a
range in months. A dual training teaches an area's content alongside productive work, so an
adaptation qualification that targets the missing content takes only part of the training time
it replaces: the method estimates `adaptation_low_share` to `adaptation_high_share` of the missing
training months. An estimate beyond what § 16d(1) AufenthG allows for a recognition measure says
so and points to vocational training (§ 16a AufenthG) or the external examination instead.

For a curriculum designer: the additions to the programme that close a difference first, then
those that raise specialist coverage most per added hour, each with the outcome it would reach.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model.models import Occupation
from .areas import WEEKS_PER_MONTH, AreaResult, specialist_areas, specialist_coverage
from .coverage import FULL, UnitResult
from .differences import Difference, find_differences
from .outcome import FULL as FULL_OUTCOME
from .outcome import NONE, PARTIAL
from .params import MethodParams
from .practice import PRACTICE, Practice
from .words import Said, english, english_all, said, titles

ALTERNATIVES = said("plan_alternatives")
PRACTICE_TITLE = said("practice_title")
LEARN_PRACTICE = said("learn_practice")
PRACTICE_ADDITION = said("practice_addition_title")


def _learn(r: UnitResult) -> tuple[list[dict[str, str]], Said]:
    if r.outcomes_exact and r.unit.outcomes:
        missing = set(r.missing_outcomes)
        return [{"id": o.id, "unit": r.id, "text": o.text["en"]} for o in r.unit.outcomes if o.id in missing], said(
            "learn_uncovered"
        )
    covered = set(r.covered_outcomes)
    note = said("learn_share_only" if r.unit.outcomes else "learn_no_outcomes")
    return [{"id": o.id, "unit": r.id, "text": o.text["en"]} for o in r.unit.outcomes if o.id not in covered], note


def _range(months: float | None, params: MethodParams) -> dict[str, float] | None:
    if months is None:
        return None
    return {"low": months * params.adaptation_low_share, "high": months * params.adaptation_high_share}


def adaptation_plan(
    areas: list[AreaResult],
    remaining: Mapping[str, list[Difference]],
    practice: Practice | None,
    occupation: Occupation,
    params: MethodParams,
) -> dict:
    items: list[dict[str, Any]] = []
    for area in areas:
        if area.id not in remaining:
            continue
        months = area.missing_months(occupation.duration_months)
        gaps = [r for r in area.results if r.coverage < FULL]
        learn: list[dict[str, str]] = []
        notes: list[Said] = []
        for r in gaps:
            outcomes, note = _learn(r)
            learn.extend(outcomes)
            if note not in notes:
                notes.append(note)
        items.append(
            {
                "area": area.id,
                "kind": "area",
                "title": dict(area.title),
                "crucial": area.crucial,
                "coverage": area.coverage,
                "units": [r.id for r in gaps],
                "learn": learn,
                "learn_note": "; ".join(english_all(notes)),
                "learn_note_codes": notes,
                "missing_months": months,
                "months": _range(months, params),
                "time_unknown": months is None,
                "reasons": [d.reason for d in remaining[area.id]],
                "reason_codes": [d.said for d in remaining[area.id]],
            }
        )
    items.sort(key=lambda i: (not i["crucial"], -(i["missing_months"] or 0.0), i["area"]))
    if practice is not None and PRACTICE in remaining:
        items.append(
            {
                "area": PRACTICE,
                "kind": "practice",
                "title": titles(PRACTICE_TITLE),
                "title_code": PRACTICE_TITLE,
                "crucial": True,
                "coverage": practice.shown_months / practice.required_months if practice.required_months else 0.0,
                "units": list(practice.units),
                "learn": [],
                "learn_note": english(LEARN_PRACTICE),
                "learn_note_codes": [LEARN_PRACTICE],
                "missing_months": practice.missing_months,
                "months": _range(practice.missing_months, params),
                "time_unknown": False,
                "reasons": [d.reason for d in remaining[PRACTICE]],
                "reason_codes": [d.said for d in remaining[PRACTICE]],
            }
        )
    known = [i["months"] for i in items if i["months"] is not None]
    total = {"low": sum(k["low"] for k in known), "high": sum(k["high"] for k in known)} if known else None
    too_long = total is not None and total["high"] > params.recognition_measure_max_months + 1e-9
    basis = said("plan_basis", low=params.adaptation_low_share, high=params.adaptation_high_share)
    return {
        "items": items,
        "total_months": total,
        "time_unknown_areas": [i["area"] for i in items if i["months"] is None],
        "basis": english(basis),
        "basis_code": basis,
        "exceeds_recognition_measure": too_long,
        "alternatives": english(ALTERNATIVES) if too_long else None,
        "alternatives_code": ALTERNATIVES if too_long else None,
    }


def best_additions(
    occupation: Occupation,
    results: list[UnitResult],
    params: MethodParams,
    differences: Mapping[str, list[Difference]],
    practice: Practice | None,
) -> list[dict]:
    """Curriculum changes ranked by what they do: close a difference first, then specialist
    coverage per added hour. Each addition teaches the rest of one area; the outcome after an
    addition assumes the ones listed before it too. A missing practice in the field of deployment
    is listed last, as a company phase in hours."""
    if params.best_additions_limit == 0:
        return []
    areas = specialist_areas(occupation, results)
    base_cov = specialist_coverage(areas)
    candidates = []
    for area in areas:
        if area.gap <= 1e-9:
            continue
        hours = area.gap_hours(params)
        after = specialist_coverage(specialist_areas(occupation, results, dict.fromkeys(area.unit_ids, 1.0)))
        gain = after - base_cov
        per_100h = gain / hours * 100 if hours else None
        candidates.append((area, hours, gain, per_100h))
    candidates.sort(key=lambda c: (c[0].id not in differences, -(c[3] if c[3] is not None else -1.0), c[0].id))
    effective: dict[str, float] = {}
    out = []
    for area, hours, gain, per_100h in candidates[: params.best_additions_limit]:
        effective.update(dict.fromkeys(area.unit_ids, 1.0))
        after_areas = specialist_areas(occupation, results, effective)
        coverage_after = specialist_coverage(after_areas)
        left = find_differences(after_areas, params, practice)
        outcome = NONE if coverage_after < params.none_below_coverage - 1e-9 else (PARTIAL if left else FULL_OUTCOME)
        out.append(
            {
                "area": area.id,
                "title": dict(area.title),
                "crucial": area.crucial,
                "closes_difference": area.id in differences,
                "add": [o for r in area.results if r.coverage < FULL for o in _learn(r)[0]],
                "hours": hours,
                "coverage_gain": gain,
                "gain_per_100_hours": per_100h,
                "coverage_after": min(1.0, coverage_after),
                "outcome_after": outcome,
            }
        )
    if practice is not None and not practice.met and len(out) < params.best_additions_limit:
        after_areas = specialist_areas(occupation, results, effective)
        areas_left = find_differences(after_areas, params, None)
        outcome = PARTIAL if areas_left else FULL_OUTCOME
        out.append(_practice_addition(practice, params, specialist_coverage(after_areas), outcome))
    return out


def _practice_addition(practice: Practice, params: MethodParams, coverage: float, outcome: str) -> dict:
    """A company phase long enough for the practice the ordinance asks for: what a school-based
    programme adds so that its graduates need no supervised work after it. Listed last; its
    outcome assumes the areas listed before it are added too."""
    return {
        "area": PRACTICE,
        "title": titles(PRACTICE_ADDITION),
        "title_code": PRACTICE_ADDITION,
        "crucial": True,
        "closes_difference": True,
        "add": [],
        "hours": practice.missing_months * WEEKS_PER_MONTH * params.company_week_hours,
        "coverage_gain": 0.0,
        "gain_per_100_hours": None,
        "coverage_after": min(1.0, coverage),
        "outcome_after": outcome,
    }
