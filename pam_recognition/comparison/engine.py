"""compare(): one curriculum against one German occupation (site/method.md).

The steps are the method page's steps, in order: coverage per unit, time-weighted plans,
specialist areas and the practice requirement, substantial differences per area, compensation
by the profile, the outcome forecast (none for an estimate from suggested links), the adaptation
plan in months and the designer's best additions. Work is linear in the pair's units and links; nothing
here walks the whole knowledge base, so a benchmark can run it over every pair.
"""

from __future__ import annotations

from typing import Any

from ..graph import CoverLink, KnowledgeGraph
from ..model.models import TWO_YEARS, Occupation, Profile, TrainingLength, Unit
from .areas import AreaResult, area_of_unit, is_general, specialist_areas, specialist_coverage
from .assessability import assess, hours_per_credit, standing
from .compensation import compensate
from .coverage import FULL, TimeBase, UnitResult, comparable_total, gap_hours, measure, summarise, time_base
from .differences import Difference, find_differences
from .green import green_view
from .outcome import NOT_ASSESSABLE, forecast
from .params import DEFAULT_PARAMS, METHOD_VERSION, MethodParams
from .plan import adaptation_plan, best_additions
from .practice import PRACTICE, Practice, practice
from .provenance import review_of, sources_of
from .report import INDICATIVE, Report, competent_body
from .suggest import suggest_links
from .training_length import training_length
from .words import Said, english, english_all, english_name, said

CURATED, SUGGESTED = "curated", "suggested"


def occupation_time_base(kg: KnowledgeGraph, occ: str, units: list[Unit], params: MethodParams) -> TimeBase:
    """The time base of one occupation variant, with the Rahmenlehrplan total the occupation declares."""
    ref = kg.occupation(occ).school_curriculum
    return time_base(units, params, ref.total_hours if ref is not None else None)


def unit_name(unit: Unit) -> dict:
    """A unit as a sentence's parameter names it (`{units:units}`): number and title per language."""
    return {"number": unit.number, "title": dict(unit.title)}


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
        total = specialist_coverage(specialist_areas(occupation, results))
        if best is None or (total, -index) > (best[0], best[1]):
            best = (total, -index, spec)
    return best[2], "best alignment"  # type: ignore[index]


def differences_only(
    kg: KnowledgeGraph, curriculum_id: str, occupation_id: str, params: MethodParams | None = None
) -> tuple[list[UnitResult], dict[str, list[str]], float]:
    """Coverage per unit, the units inside substantial differences (unit id -> rules) and the
    whole training's time-weighted coverage, without the rest of the report: what aggregates
    over many pairs need. Same rules and choices as compare(), without a profile."""
    params = params or DEFAULT_PARAMS
    basis = CURATED if kg.mapping_set(curriculum_id, occupation_id) is not None else SUGGESTED
    spec, _ = choose_specialisation(kg, curriculum_id, occupation_id, None, params)
    occupation = kg.occupation(occupation_id)
    units = kg.units(occupation_id, spec)
    base = occupation_time_base(kg, occupation_id, units, params)
    results = measure(units, _links(kg, curriculum_id, occupation_id, basis, spec, params), params, base)
    areas = specialist_areas(occupation, results)
    need = practice(results, kg.curriculum(curriculum_id), None, _fields(areas), params)
    found = find_differences(areas, params, need)
    return results, _difference_units(areas, need, found), summarise(results, base)["total"]


def _fields(areas: list[AreaResult]) -> set[str]:
    return {c for a in areas for c in a.competences}


def _difference_units(
    areas: list[AreaResult], need: Practice | None, found: dict[str, list[Difference]]
) -> dict[str, list[str]]:
    """Unit id -> rules, for the units a difference is about: those of the area not fully covered,
    and the field-of-deployment units of a missing practice."""
    out: dict[str, list[str]] = {}
    for area in areas:
        if area.id in found:
            for r in area.results:
                if r.coverage < FULL:
                    out[r.id] = [d.rule for d in found[area.id]]
    if need is not None and PRACTICE in found:
        for unit_id in need.units:
            out[unit_id] = ["practice"]
    return out


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
    areas = specialist_areas(occupation, results)
    specialist = specialist_coverage(areas)
    fields = _fields(areas)
    names: dict[str, Any] = {a.id: dict(a.title) for a in areas}
    names[PRACTICE] = said("practice_name")

    need_before = practice(results, curriculum, None, fields, params)
    need = practice(results, curriculum, profile, fields, params) if profile is not None else need_before
    found = find_differences(areas, params, need_before)
    compensation = compensate(areas, set(found), profile, params, occupation.duration_months, kg.broader_closure)
    closed = {k for k, c in compensation.items() if c.complete}
    if PRACTICE in found and need is not None and need.met:
        closed.add(PRACTICE)
    effective = {u: 1.0 for a in areas if a.id in closed for u in a.unit_ids}
    if PRACTICE in closed and need is not None:
        effective.update(dict.fromkeys(need.units, 1.0))
    after_areas = specialist_areas(occupation, results, effective) if effective else areas
    remaining = find_differences(after_areas, params, need) if profile is not None else found
    rate = hours_per_credit(kg.country(curriculum.country))
    assessability = assess(curriculum, occupation, coverage["total"], params, rate=rate)
    assessable = assessability["assessable"]
    before: str | None
    outcome: str | None
    before, _ = forecast(specialist, found, params, names)
    if not assessable:
        outcome, reasons = (
            NOT_ASSESSABLE,
            [said("reason_not_assessable", why=why) for why in assessability["reason_codes"]],
        )
        before = NOT_ASSESSABLE
    else:
        outcome, reasons = forecast(specialist, remaining, params, names)
        if basis == SUGGESTED:
            reasons = [said("reason_estimate", reasons=reasons)]
            outcome = before = None
    compensated = [k for k in found if k in closed]
    resolved = [k for k in found if k not in closed and k not in remaining]
    if outcome not in (NOT_ASSESSABLE, None):
        reasons += _compensation_reasons(compensated, resolved, compensation, need, names, params)

    notes = _notes(kg, curriculum_id, occupation_id, basis, results, links, units, spec, chosen_by)
    notes[1:1] = _plan_notes(occupation, units, base)
    status = standing(curriculum)
    if status["note_code"]:
        notes.insert(0, status["note_code"])
    mapping_info = None
    if mapping is not None:
        mapping_info = {"author": mapping.author, "date": mapping.date.isoformat()}
    area_of = area_of_unit(occupation)
    found_units = _difference_units(areas, need_before, found)
    remaining_units = _difference_units(after_areas, need, remaining)
    by_unit = _covered_by(links, params)
    data = {
        "method_version": METHOD_VERSION,
        "parameters": params.model_dump(),
        "parameters_changed": params.changed(),
        "indicative": english(INDICATIVE),
        "indicative_code": INDICATIVE,
        "curriculum": curriculum_id,
        "occupation": occupation_id,
        "titles": {"curriculum": dict(curriculum.title), "occupation": dict(occupation.title)},
        "country": curriculum.country,
        "specialisation": {"id": spec, "chosen_by": chosen_by} if spec else None,
        "mapping_basis": basis,
        "estimate": basis == SUGGESTED,
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
        "coverage": coverage | {"specialist": specialist},
        "coverage_comparable": comparable_total(results, base),
        "coverage_after_compensation": (
            coverage | {"specialist": specialist_coverage(after_areas)} | _after(results, base, effective)
            if profile is not None
            else None
        ),
        "areas": [_area_dict(a, found, remaining, closed, occupation.duration_months) for a in areas],
        "practice": need.to_dict() if need is not None else None,
        "practice_without_profile": need_before.to_dict() if need_before is not None and profile is not None else None,
        "units": [
            _unit_dict(r, params, found_units, remaining_units, area_of, effective, by_unit.get(r.id, []))
            for r in results
        ],
        "differences": [
            {
                "area": k,
                "title": english_name(names.get(k, k)),
                "rules": [d.rule for d in v],
                "reasons": [d.reason for d in v],
                "reason_codes": [d.said for d in v],
                "figures": {name: value for d in v for name, value in d.figures},
            }
            for k, v in found.items()
        ],
        "substantial_differences": list(found_units),
        "compensated": [u for u in found_units if u not in remaining_units and u in effective],
        "compensated_areas": compensated,
        "resolved": resolved,
        "remaining_differences": list(remaining_units),
        "remaining_areas": list(remaining),
        "compensation": [c.to_dict(c.area in found) for c in compensation.values()],
        "profile_used": profile is not None,
        "outcome": outcome,
        "outcome_without_profile": before if profile is not None else None,
        "reasons": english_all(reasons),
        "reason_codes": reasons,
        "adaptation_plan": adaptation_plan(after_areas, remaining if assessable else {}, need, occupation, params),
        "best_additions": best_additions(occupation, results, params, found, need_before) if assessable else [],
        "notes": english_all(notes),
        "note_codes": notes,
    }
    return Report(data)


def _compensation_reasons(
    compensated: list[str],
    resolved: list[str],
    compensation: dict,
    need: Practice | None,
    names: dict[str, Any],
    params: MethodParams,
) -> list[Said]:
    """The reasons a verdict adds for each difference the profile made up for, and for each that
    is no longer one once those count as covered."""
    out = []
    for key in compensated:
        why = compensation[key].reason if key in compensation else _practice_words(need)
        out.append(said("reason_compensated", area=names.get(key, key), why=why))
    for key in resolved:
        out.append(said("reason_resolved", area=names.get(key, key), tolerated=params.max_total_gap_share))
    return out


def _practice_words(need: Practice | None) -> Said | None:
    if need is None:
        return None
    return said("compensation_practice", shown=need.shown_months, required=need.required_months)


def _after(results: list[UnitResult], base: TimeBase, effective: dict[str, float]) -> dict:
    after = summarise(results, base, effective)
    return {k: after[k] for k in ("total", "company", "school", "unit_mean")}


def _area_dict(
    area: AreaResult,
    found: dict[str, list[Difference]],
    remaining: dict[str, list[Difference]],
    closed: set[str],
    duration_months: int,
) -> dict:
    if area.id in remaining:
        status = "difference"
    elif area.id in found:
        status = "compensated" if area.id in closed else "resolved"
    elif area.coverage >= FULL:
        status = "covered"
    else:
        status = "partial" if area.coverage > 0 else "gap"
    return {
        "id": area.id,
        "title": dict(area.title),
        "crucial": area.crucial,
        "units": area.unit_ids,
        "weight": area.weight,
        "coverage": area.coverage,
        "missing_months": area.missing_months(duration_months),
        "status": status,
        "rules": [d.rule for d in found.get(area.id, [])],
        "reasons": [d.reason for d in found.get(area.id, [])],
        "reason_codes": [d.said for d in found.get(area.id, [])],
    }


def _covered_by(links: list[CoverLink], params: MethodParams) -> dict[str, list[dict]]:
    """Unit id -> why it has its coverage: each counted link's module by title, what it covers,
    the curator's note and the confidence, so an adviser can check the reading."""
    out: dict[str, list[dict]] = {}
    for cover in links:
        link = cover.link
        if link.confidence < params.min_link_confidence:
            continue
        out.setdefault(cover.unit.id, []).append(
            {
                "module": cover.module.id,
                "code": cover.module.code,
                "title": dict(cover.module.title),
                "predicate": link.predicate,
                "outcomes": list(link.outcomes),
                "share": link.coverage,
                "confidence": link.confidence,
                "justification": link.justification,
                "note": dict(link.note) if link.note else None,
                "note_code": cover.said,
            }
        )
    for rows in out.values():
        rows.sort(key=lambda row: row["module"])
    return out


def _status(r: UnitResult, found: dict[str, list[str]], remaining: dict[str, list[str]], effective: dict) -> str:
    if r.id in remaining:
        return "difference"
    if r.id in found:
        return "compensated" if r.id in effective else "resolved"
    if r.coverage >= FULL:
        return "covered"
    if is_general(r.unit):
        return "general"
    return "partial" if r.coverage > 0 else "gap"


def _unit_dict(
    r: UnitResult,
    params: MethodParams,
    found: dict[str, list[str]],
    remaining: dict[str, list[str]],
    area_of: dict[str, str],
    effective: dict[str, float],
    covered_by: list[dict],
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
        "area": area_of.get(unit.id),
        "scope": "specialist" if unit.id in area_of else ("practice" if unit.field_of_deployment else "general"),
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
        "status": _status(r, found, remaining, effective),
        "basis": r.basis,
        "modules": r.modules,
        "covered_by": covered_by,
        "ignored_modules": r.ignored_modules,
        "covered_outcomes": r.covered_outcomes,
        "missing_outcomes": r.missing_outcomes,
        "outcomes_exact": r.outcomes_exact,
        "competences": list(unit.competences),
        "rules": found.get(r.id, []),
    }


def _plan_notes(occupation: Occupation, units: list[Unit], base: TimeBase) -> list[Said]:
    """Say so when a whole plan is missing from the figures, and why, if the data says why."""
    notes = []
    unknown = [unit_name(u) for u in units if u.kind == "school" and u.hours is None]
    if base.school_basis == "declared-total":
        return [said("note_school_declared", hours=base.school_hours, units=unknown)]
    if base.school_basis == "left-out":
        notes.append(said("note_school_left_out", units=unknown))
    for kind, total in (("school", base.school_hours), ("company", base.company_weeks)):
        if total > 0:
            continue
        plan, other = said(f"plan_{kind}"), said("plan_company_short" if kind == "school" else "plan_school_short")
        if any(u.kind == kind for u in units):
            notes.append(said("note_plan_untimed", plan=plan, other=other))
            continue
        why = occupation.unverified.get("school_curriculum") if kind == "school" else None
        if why:
            notes.append(said("note_plan_missing_why", plan=plan, other=other, why=" ".join(why.split())))
        else:
            notes.append(said("note_plan_missing", plan=plan, other=other))
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
) -> list[Said]:
    """What the reader must know to read the figures: an estimate, units without time, derived
    weeks, the chosen specialisation, links not counted, a shorter programme."""
    notes = [said("note_suggested")] if basis == SUGGESTED else []
    for code, which in (
        ("note_time_unknown", [r.unit for r in results if r.time_unknown]),
        ("note_throughout", [r.unit for r in results if r.throughout]),
        ("note_time_frames", [r.unit for r in results if r.unit.weeks_basis == "time-frames"]),
    ):
        if which:
            notes.append(said(code, units=[unit_name(u) for u in which]))
    if chosen_by == "best alignment":
        notes.append(said("note_specialisation_chosen", specialisation=spec))
    ids = {u.id for u in units}
    outside = sorted({c.unit.id for c in links if c.unit.id not in ids})
    if outside:
        notes.append(said("note_outside", specialisation=spec, units=outside))
    curriculum, occupation = kg.curriculum(cur), kg.occupation(occ)
    if curriculum.duration_months and curriculum.duration_months < occupation.duration_months:
        notes.append(said("note_shorter", programme=curriculum.duration_months, occupation=occupation.duration_months))
    return notes
