"""What to do about the differences that remain (site/method.md).

For a candidate: an adaptation plan, one item per remaining difference: the unit's outcomes
not covered, estimated hours and weeks, core units and earlier training years first (they
are what the rest builds on). For a curriculum designer: the additions to the programme
that raise coverage most per added hour, those that close a substantial difference first,
each with the outcome the programme would then reach.
"""

from __future__ import annotations

from typing import Any

from .coverage import FULL, TimeBase, UnitResult, comparable_weights, gap_hours
from .differences import EPS, Difference
from .outcome import FULL as FULL_OUTCOME
from .outcome import NONE, PARTIAL
from .params import MethodParams


def _weeks(hours: float | None, params: MethodParams) -> float | None:
    return None if hours is None else hours / params.adaptation_hours_per_week


def adaptation_plan(results: list[UnitResult], remaining: dict[str, list[Difference]], params: MethodParams) -> dict:
    by_id = {r.id: r for r in results}
    items: list[dict[str, Any]] = []
    for unit_id, diffs in remaining.items():
        r = by_id[unit_id]
        hours = gap_hours(r, params)
        if r.outcomes_exact and r.unit.outcomes:
            missing = set(r.missing_outcomes)
            learn = [{"id": o.id, "text": o.text["en"]} for o in r.unit.outcomes if o.id in missing]
            learn_note = "the unit's outcomes that no module covers"
        else:
            covered = set(r.covered_outcomes)
            learn = [{"id": o.id, "text": o.text["en"]} for o in r.unit.outcomes if o.id not in covered]
            learn_note = (
                "the mapping gives a share of the unit, not its outcomes: check which of these are missing"
                if r.unit.outcomes
                else "the unit lists no outcomes: see its title and the training regulation"
            )
        items.append(
            {
                "unit": unit_id,
                "title": r.unit.title["en"],
                "number": r.unit.number,
                "kind": r.unit.kind,
                "core": r.unit.core,
                "year": r.unit.year,
                "coverage": r.coverage,
                "learn": learn,
                "learn_note": learn_note,
                "hours": hours,
                "weeks": _weeks(hours, params),
                "time_unknown": hours is None,
                "reasons": [d.reason for d in diffs],
            }
        )
    items.sort(key=lambda i: (not i["core"], i["year"] or 99, -(i["hours"] or 0.0), i["unit"]))
    known = [i["hours"] for i in items if i["hours"] is not None]
    return {
        "items": items,
        "total_hours": sum(known),
        "total_weeks": _weeks(sum(known), params),
        "time_unknown_units": [i["unit"] for i in items if i["hours"] is None],
    }


def best_additions(
    results: list[UnitResult],
    base: TimeBase,
    params: MethodParams,
    differences: dict[str, list[Difference]],
    total: float,
    comparable: float,
) -> list[dict]:
    """Curriculum changes ranked by what they do: close a difference first, then coverage per hour.

    Each addition teaches the rest of one unit (its uncovered outcomes); its cost is the
    unit's gap in hours. The outcome after an addition assumes the ones listed before it too.
    `differences` and `total` are the curriculum's own (no profile). The outcome after each
    addition applies the rules of differences.py in closed form: no difference remains exactly
    when no core unit is below its threshold and the total gap is within its share.
    """
    if params.best_additions_limit == 0:
        return []
    candidates = []
    for r in results:
        if r.coverage >= FULL:
            continue
        hours = gap_hours(r, params)
        gain = r.weight * r.gap if base.has_time else r.gap / len(results)
        per_100h = (gain / hours * 100) if hours else None
        candidates.append((r, hours, gain, per_100h))
    candidates.sort(
        key=lambda c: (c[0].id not in differences, -(c[3] if c[3] is not None else -1.0), not c[0].unit.core, c[0].id)
    )
    core_below = {r.id for r in results if r.unit.core and r.coverage < params.core_min_coverage - EPS}
    total_gap = sum(r.weight * (1 - r.coverage) for r in results)
    weights = comparable_weights(results, base)
    out = []
    for r, hours, gain, per_100h in candidates[: params.best_additions_limit]:
        total += gain
        comparable += weights.get(r.id, 0.0) * r.gap
        total_gap -= r.weight * r.gap
        core_below.discard(r.id)
        if comparable < params.none_below_coverage - EPS:
            outcome = NONE
        elif not core_below and total_gap <= params.max_total_gap_share + EPS:
            outcome = FULL_OUTCOME
        else:
            outcome = PARTIAL
        out.append(
            {
                "unit": r.id,
                "title": r.unit.title["en"],
                "kind": r.unit.kind,
                "core": r.unit.core,
                "closes_difference": r.id in differences,
                "add": (
                    list(r.missing_outcomes)
                    if r.outcomes_exact
                    else [o for o in (x.id for x in r.unit.outcomes) if o not in r.covered_outcomes]
                ),
                "hours": hours,
                "coverage_gain": gain,
                "gain_per_100_hours": per_100h,
                "coverage_after": min(1.0, total),
                "outcome_after": outcome,
            }
        )
    return out
