"""compare(): one curriculum against one German occupation (site/method.md).

The steps are the method page's steps, in order: coverage per unit, time-weighted plans,
substantial differences, compensation by the profile, the outcome forecast, the adaptation
plan and the designer's best additions. Work is linear in the pair's units and links; nothing
here walks the whole knowledge base, so a benchmark can run it over every pair.
"""

from __future__ import annotations

from ..graph import CoverLink, KnowledgeGraph
from ..model.models import TWO_YEARS, Occupation, Profile, TrainingLength, Unit
from .assessability import assess, standing
from .compensation import Compensation, compensate
from .coverage import FULL, TimeBase, UnitResult, comparable_total, gap_hours, measure, summarise, time_base
from .differences import Difference, find_differences, pct
from .green import green_view
from .outcome import NOT_ASSESSABLE, forecast
from .params import DEFAULT_PARAMS, METHOD_VERSION, MethodParams
from .plan import adaptation_plan, best_additions
from .provenance import review_of, sources_of
from .report import INDICATIVE, Report, competent_body
from .suggest import suggest_links
from .training_length import training_length

Differences = dict[str, list[Difference]]  # unit id -> why it is a substantial difference

CURATED, SUGGESTED = "curated", "suggested"


def occupation_time_base(kg: KnowledgeGraph, occ: str, units: list[Unit], params: MethodParams) -> TimeBase:
    """The time base of one occupation variant, with the Rahmenlehrplan total the occupation declares."""
    ref = kg.occupation(occ).school_curriculum
    return time_base(units, params, ref.total_hours if ref is not None else None)


def unit_label(unit: Unit) -> str:
    """How a unit is named in reasons: its official number and English title, never a bare id."""
    return f"{unit.number} {unit.title['en']}" if unit.number else unit.title["en"]


def _links(
    kg: KnowledgeGraph, cur: str, occ: str, basis: str, spec: str | None, params: MethodParams
) -> list[CoverLink]:
    if basis == CURATED:
        return kg.links(cur, occ)
    return suggest_links(kg, cur, occ, specialisation=spec, params=params)


def choose_specialisation(
    kg: KnowledgeGraph, cur: str, occ: str, requested: str | None, params: MethodParams
) -> tuple[str | None, str | None]:
    """(specialisation, how it was chosen). Without a request: the mapping's, else the variant
    the curriculum fits best, so a candidate is compared with the closest reference."""
    occupation = kg.occupation(occ)
    known = [s.id for s in occupation.specialisations]
    if requested is not None:
        return kg.require_specialisation(occ, requested), "requested"
    if not known:
        return None, None
    mapping = kg.mapping_set(cur, occ)
    if mapping is not None and mapping.specialisation:
        return mapping.specialisation, "mapping"
    basis = CURATED if mapping is not None else SUGGESTED
    best: tuple[float, int, str] | None = None
    for index, spec in enumerate(known):
        units = kg.units(occ, spec)
        base = occupation_time_base(kg, occ, units, params)
        results = measure(units, _links(kg, cur, occ, basis, spec, params), params, base)
        total = summarise(results, base)["total"]
        if best is None or (total, -index) > (best[0], best[1]):
            best = (total, -index, spec)
    return best[2], "best alignment"  # type: ignore[index]


def differences_only(
    kg: KnowledgeGraph, curriculum_id: str, occupation_id: str, params: MethodParams | None = None
) -> tuple[list[UnitResult], dict, float]:
    """Coverage per unit, the substantial differences and the time-weighted total coverage,
    without the rest of the report: what aggregates over many pairs need. Same rules and
    choices as compare()."""
    params = params or DEFAULT_PARAMS
    basis = CURATED if kg.mapping_set(curriculum_id, occupation_id) is not None else SUGGESTED
    spec, _ = choose_specialisation(kg, curriculum_id, occupation_id, None, params)
    units = kg.units(occupation_id, spec)
    base = occupation_time_base(kg, occupation_id, units, params)
    results = measure(units, _links(kg, curriculum_id, occupation_id, basis, spec, params), params, base)
    return results, find_differences(results, params), summarise(results, base)["total"]


def compare(
    kg: KnowledgeGraph,
    curriculum_id: str,
    occupation_id: str,
    *,
    profile: Profile | None = None,
    params: MethodParams | None = None,
    specialisation: str | None = None,
) -> Report:
    """Compare a curriculum with an occupation; see site/method.md for every rule."""
    params = params or DEFAULT_PARAMS
    kg.require_curriculum(curriculum_id)
    kg.require_occupation(occupation_id)
    curriculum = kg.curriculum(curriculum_id)
    occupation = kg.occupation(occupation_id)
    mapping = kg.mapping_set(curriculum_id, occupation_id)
    basis = CURATED if mapping is not None else SUGGESTED
    spec, chosen_by = choose_specialisation(kg, curriculum_id, occupation_id, specialisation, params)

    units = kg.units(occupation_id, spec)
    links = _links(kg, curriculum_id, occupation_id, basis, spec, params)
    base = occupation_time_base(kg, occupation_id, units, params)
    results = measure(units, links, params, base)
    coverage = summarise(results, base)
    comparable = comparable_total(results, base)
    labels = {r.id: unit_label(r.unit) for r in results}

    found = find_differences(results, params)
    compensation = compensate(results, profile, params, kg.broader_closure)
    effective = dict.fromkeys(compensation, 1.0)
    remaining = find_differences(results, params, effective) if effective else found
    after = summarise(results, base, effective) if effective else coverage
    assessability = assess(curriculum, occupation, coverage["total"], params)
    before, _ = forecast(comparable, found, params, labels)
    assessable = assessability["assessable"]
    if assessable:
        outcome, reasons = forecast(comparable, remaining, params, labels)
    else:
        outcome, reasons = NOT_ASSESSABLE, [f"cannot be assessed yet: {why}" for why in assessability["reasons"]]
        before = NOT_ASSESSABLE

    compensated = [u for u in found if u in compensation]
    resolved = [u for u in found if u not in compensation and u not in remaining]
    if outcome != NOT_ASSESSABLE:
        for unit_id in compensated:
            reasons.append(f"{labels[unit_id]}: difference compensated, {compensation[unit_id].reason}")
        for unit_id in resolved:
            reasons.append(
                f"{labels[unit_id]}: no longer a substantial difference once compensated units are "
                f"counted as covered (the remaining gaps are within "
                f"{pct(params.max_total_gap_share)} of the training time)"
            )

    notes = _notes(kg, curriculum_id, occupation_id, basis, results, links, units, spec, chosen_by)
    notes[1:1] = _plan_notes(occupation, units, base)
    status = standing(curriculum)
    if status["note"]:
        notes.insert(0, status["note"])
    mapping_info = None
    if mapping is not None:
        mapping_info = {"author": mapping.author, "date": mapping.date.isoformat()}
    data = {
        "method_version": METHOD_VERSION,
        "parameters": params.model_dump(),
        "parameters_changed": params.changed(),
        "indicative": INDICATIVE,
        "curriculum": curriculum_id,
        "occupation": occupation_id,
        "titles": {"curriculum": dict(curriculum.title), "occupation": dict(occupation.title)},
        "country": curriculum.country,
        "specialisation": {"id": spec, "chosen_by": chosen_by} if spec else None,
        "mapping_basis": basis,
        "mapping": mapping_info,
        "programme": {
            "year": curriculum.year,
            "duration_months": curriculum.duration_months,
            "state_regulated": status["state_regulated"],
            "training_length": _length_dict(training_length(curriculum, kg.country(curriculum.country))),
        },
        "standing": status,
        "assessability": assessability,
        "review": review_of(mapping),
        "sources": sources_of(curriculum, occupation, mapping),
        "green": green_view(kg, curriculum, occupation, results),
        "competent_body": competent_body(occupation),
        "coverage": coverage,
        "coverage_comparable": comparable,
        "coverage_after_compensation": after if profile is not None else None,
        "units": [_unit_dict(r, params, found, remaining, compensation) for r in results],
        "substantial_differences": list(found),
        "compensated": compensated,
        "resolved": resolved,
        "remaining_differences": list(remaining),
        "compensation": [
            {
                "unit": c.unit,
                "difference": c.unit in found,
                "competences": c.matched,
                "by": [e.to_dict() for e in c.evidence],
                "reason": c.reason,
            }
            for c in compensation.values()
        ],
        "profile_used": profile is not None,
        "outcome": outcome,
        "outcome_without_profile": before if profile is not None else None,
        "reasons": reasons,
        "adaptation_plan": adaptation_plan(results, remaining if assessable else {}, params),
        "best_additions": best_additions(results, base, params, found, coverage["total"], comparable)
        if assessable
        else [],
        "notes": notes,
    }
    return Report(data)


def _status(r: UnitResult, found: Differences, remaining: Differences, compensation: dict[str, Compensation]) -> str:
    if r.id in remaining:
        return "difference"
    if r.id in found and r.id in compensation:
        return "compensated"
    if r.coverage >= FULL:
        return "covered"
    return "partial" if r.coverage > 0 else "gap"


def _unit_dict(
    r: UnitResult,
    params: MethodParams,
    found: Differences,
    remaining: Differences,
    compensation: dict[str, Compensation],
) -> dict:
    unit = r.unit
    hours = gap_hours(r, params)
    return {
        "id": unit.id,
        "number": unit.number,
        "title": dict(unit.title),
        "kind": unit.kind,
        "core": unit.core,
        "year": unit.year,
        "specialisation": unit.specialisation,
        "field_of_deployment": unit.field_of_deployment,
        "coverage": r.coverage,
        "gap": r.gap,
        "gap_hours": hours,
        "gap_weeks": r.gap * unit.weeks if unit.kind == "company" and unit.weeks is not None else None,
        "hours": unit.hours,
        "weeks": unit.weeks,
        "weeks_basis": unit.weeks_basis,
        "throughout": r.throughout,
        "time_unknown": r.time_unknown,
        "weight": r.weight,
        "status": _status(r, found, remaining, compensation),
        "basis": r.basis,
        "modules": r.modules,
        "ignored_modules": r.ignored_modules,
        "covered_outcomes": r.covered_outcomes,
        "missing_outcomes": r.missing_outcomes,
        "outcomes_exact": r.outcomes_exact,
        "competences": list(unit.competences),
        "reasons": [d.reason for d in found.get(r.id, [])],
        "rules": [d.rule for d in found.get(r.id, [])],
        "compensated_by": [e.to_dict() for e in compensation[r.id].evidence] if r.id in compensation else [],
    }


def _plan_notes(occupation: Occupation, units: list[Unit], base: TimeBase) -> list[str]:
    """Say so when a whole plan is missing from the figures, and why, if the data says why."""
    notes = []
    unknown = [unit_label(u) for u in units if u.kind == "school" and u.hours is None]
    if base.school_basis == "declared-total":
        notes.append(
            f"the school plan's total of {base.school_hours:g} hours is declared, but not every Lernfeld "
            f"has verified hours; the rest of the total is shared evenly among {'; '.join(unknown)}, so "
            f"the few verified Lernfelder do not carry the whole plan's weight"
        )
        return notes
    if base.school_basis == "left-out":
        notes.append(
            f"only some Lernfelder have verified hours and the plan's total is not recorded, so the school "
            f"plan is left out of the time weighting (its units still count in unit coverage and the "
            f"core-unit rule); without hours: {'; '.join(unknown)}"
        )
    for kind, label, total in (
        ("school", "school plan (Lernfelder)", base.school_hours),
        ("company", "company plan (Berufsbildpositionen)", base.company_weeks),
    ):
        if total > 0:
            continue
        other = "company" if kind == "school" else "school"
        if not any(u.kind == kind for u in units):
            why = occupation.unverified.get("school_curriculum") if kind == "school" else None
            notes.append(
                f"the {label} is not recorded for this occupation, so the totals rest on the {other} "
                f"plan alone" + (f" (the occupation file says: {' '.join(why.split())})" if why else "")
            )
        else:
            notes.append(f"no unit of the {label} has a verified time, so the totals rest on the {other} plan alone")
    return notes


def _length_dict(length: TrainingLength) -> dict:
    """The training length as the data show it, and whether it meets the two-year condition of
    the experience route, the recognition partnership and the opportunity card on points."""
    return {
        "min_months": length.min_months,
        "max_months": length.max_months,
        "basis": length.basis or None,
        "two_years": length.meets(TWO_YEARS),
    }


def _notes(
    kg: KnowledgeGraph,
    cur: str,
    occ: str,
    basis: str,
    results: list[UnitResult],
    links: list[CoverLink],
    units: list[Unit],
    spec: str | None,
    chosen_by: str | None,
) -> list[str]:
    notes = []
    if basis == SUGGESTED:
        notes.append(
            "mapping_basis: suggested. No curated mapping exists for this pair; coverage rests on "
            "links suggested from shared competence tags and text similarity, which no one has "
            "checked. Treat every figure as a first estimate."
        )
    unknown_time = [unit_label(r.unit) for r in results if r.time_unknown]
    if unknown_time:
        notes.append(
            f"time unknown for {'; '.join(unknown_time)}: no verified hours or weeks, so these units "
            f"count in unit coverage and the core-unit rule but not in the time-weighted figures"
        )
    throughout = [unit_label(r.unit) for r in results if r.throughout]
    if throughout:
        notes.append(
            f"taught throughout training (no time of its own): {'; '.join(throughout)}; these weigh "
            f"nothing in the time-weighted figures"
        )
    derived = [unit_label(r.unit) for r in results if r.unit.weeks_basis == "time-frames"]
    if derived:
        notes.append(
            f"weeks derived from the ordinance's time frames (shared evenly), not given per unit: {'; '.join(derived)}"
        )
    if chosen_by == "best alignment":
        notes.append(
            f"specialisation '{spec}' chosen as the one the curriculum fits best; pass "
            f"--specialisation to compare with another"
        )
    ids = {u.id for u in units}
    outside = sorted({c.unit.id for c in links if c.unit.id not in ids})
    if outside:
        notes.append(f"links to units outside specialisation '{spec}' are not counted: {', '.join(outside)}")
    curriculum, occupation = kg.curriculum(cur), kg.occupation(occ)
    if curriculum.duration_months and curriculum.duration_months < occupation.duration_months:
        notes.append(
            f"the programme lasts {curriculum.duration_months} months, the German training "
            f"{occupation.duration_months}; the competent body also weighs duration (BQFG § 4(2) "
            f"no. 1), which this method reads through content and time coverage only"
        )
    return notes
